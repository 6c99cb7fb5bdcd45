-- Text intelligence: the full-text index of orders (pre-segmented words in FTS5, keyed by the
-- order id), the content fingerprints for repeat detection, the indexer's position in the
-- timeline, the versioned triage models and the suggestions they made.

-- Words of an order's content, reply and notes, segmented in Rust (jieba, court dictionary),
-- lower-cased and joined by spaces; rowid = orders.id.
CREATE VIRTUAL TABLE order_search USING fts5 (words, tokenize = 'unicode61 remove_diacritics 0');

-- SimHash of the content, one row per 16-bit band: a near-identical text agrees on a band.
CREATE TABLE order_fingerprints (
    band_key BIGINT NOT NULL,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    registered_at BIGINT NOT NULL,
    simhash BIGINT NOT NULL
);
CREATE INDEX order_fingerprints_band ON order_fingerprints (band_key, registered_at);
CREATE INDEX order_fingerprints_order ON order_fingerprints (order_id);

-- The newest timeline event whose order is indexed (the timeline is the indexer's outbox).
CREATE TABLE search_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_event BIGINT NOT NULL
);
INSERT INTO search_state (id, indexed_event) VALUES (1, 0);

CREATE INDEX orders_id_number ON orders (appellant_id_number);

-- Triage models (分类模型), versioned; one is active.
CREATE TABLE triage_models (
    version INTEGER PRIMARY KEY,
    trained_at BIGINT NOT NULL,
    trained_on BIGINT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT FALSE,
    -- per field: labels, training size, cross-validated accuracy
    summary TEXT NOT NULL,
    model TEXT NOT NULL
);

-- What the model suggested for a registered order, to count accepted and overridden ones.
CREATE TABLE triage_suggestions (
    order_id INTEGER PRIMARY KEY REFERENCES orders (id),
    model_version BIGINT NOT NULL,
    at BIGINT NOT NULL,
    appeal_type TEXT,
    area TEXT,
    complexity TEXT,
    urgency TEXT,
    department_id BIGINT
);
CREATE INDEX triage_suggestions_version ON triage_suggestions (model_version);
