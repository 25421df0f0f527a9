"""Outputs of the pipeline: briefs (JSON, Markdown, HTML) and exports."""
