-- storyline store, schema version 1. One DuckDB file; all SQL lives in store/duckdb.py.
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS batches (
    id INTEGER PRIMARY KEY,
    started_at TIMESTAMP,
    inputs VARCHAR,
    stored INTEGER,
    skipped INTEGER,
    failed INTEGER
);
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY,
    content_hash VARCHAR UNIQUE NOT NULL,
    source VARCHAR NOT NULL,
    url VARCHAR,
    outlet VARCHAR,
    outlet_evidence VARCHAR,
    title VARCHAR,
    author VARCHAR,
    published DATE,
    published_evidence VARCHAR,
    language VARCHAR,
    duplicate_of VARCHAR,
    input_format VARCHAR,
    text VARCHAR NOT NULL,
    chars INTEGER NOT NULL,
    batch_id INTEGER,
    record JSON NOT NULL
);
-- The stories of the latest `run` (replaced as a whole by each run): record = Story.to_dict().
CREATE TABLE IF NOT EXISTS stories (
    id VARCHAR PRIMARY KEY,
    title VARCHAR,
    articles INTEGER,
    events INTEGER,
    record JSON NOT NULL
);
