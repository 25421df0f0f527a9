-- storyline store, schema version 2. One DuckDB file; all SQL lives in store/duckdb.py.
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
-- One row per story, rebuilt when the story changes: record = Story.to_dict(internal=True).
-- status: 'active' while the clusterer keeps it (it can grow), 'closed' once it has left.
CREATE TABLE IF NOT EXISTS stories (
    id VARCHAR PRIMARY KEY,
    title VARCHAR,
    articles INTEGER,
    events INTEGER,
    status VARCHAR NOT NULL,
    created_batch INTEGER,
    updated_batch INTEGER,
    record JSON NOT NULL
);
-- Which story each stored article belongs to (a duplicate: its original's story). An article
-- without a row has not been clustered yet: the next story step takes it.
CREATE TABLE IF NOT EXISTS story_articles (
    article_id VARCHAR PRIMARY KEY,
    story_id VARCHAR NOT NULL,
    batch_id INTEGER
);
-- A story id that no longer names a story of its own: it merged into `story_id` (the older).
CREATE TABLE IF NOT EXISTS story_aliases (
    alias VARCHAR PRIMARY KEY,
    story_id VARCHAR NOT NULL,
    batch_id INTEGER,
    reason VARCHAR
);
-- The story clusterer's state after the latest story step (only the latest row is kept):
-- version counts the writes, schema is the clusterer's state schema.
CREATE TABLE IF NOT EXISTS cluster_state (
    version INTEGER PRIMARY KEY,
    schema VARCHAR NOT NULL,
    batch_id INTEGER,
    written_at TIMESTAMP,
    state JSON NOT NULL
);
-- The store's id of an active clusterer story where the two differ: a merge kept the older id
-- while the clusterer kept its own, or a split reused an id the store already has.
CREATE TABLE IF NOT EXISTS clusterer_ids (
    clusterer_id VARCHAR PRIMARY KEY,
    story_id VARCHAR NOT NULL
);
-- Dedup fingerprints of stored articles (clean/dedup.py): the MinHash signature, and one row
-- per LSH band key, so that a batch is compared only with the articles sharing a band.
CREATE TABLE IF NOT EXISTS article_minhash (
    article_id VARCHAR PRIMARY KEY,
    signature BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS minhash_bands (
    band_key VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL
);
