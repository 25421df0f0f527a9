"""The embedded DuckDB store."""

from storyline.store.duckdb import BatchResult, Store

__all__ = ["BatchResult", "Store"]
