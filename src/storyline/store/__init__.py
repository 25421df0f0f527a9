"""The embedded DuckDB store."""

from storyline.store.duckdb import BatchResult, Store, StoryWrite

__all__ = ["BatchResult", "Store", "StoryWrite"]
