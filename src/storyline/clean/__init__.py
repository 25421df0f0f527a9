"""Cleaning: residual junk, captions, multi-story pages, outlet, publication date, duplicates."""
