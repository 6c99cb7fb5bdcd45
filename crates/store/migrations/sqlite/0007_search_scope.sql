-- The search index carries each order's scope (court, department, handler) as tokens of a
-- second FTS5 column, so that a reader's scope is one more condition of the full-text match
-- (intersected inside the index) instead of a join to the orders after it. Tokens: `c<court
-- id>`, `d<department id>`, `h<handler id>`, for the ids the order has. The indexer rewrites
-- them whenever an order changes (dispatch, reassignment and return append timeline events).

CREATE VIRTUAL TABLE order_search_scoped USING fts5 (
    words, scope, tokenize = 'unicode61 remove_diacritics 0'
);
INSERT INTO order_search_scoped (rowid, words, scope)
SELECT s.rowid, s.words,
       trim(coalesce('c' || o.court_id, '') || coalesce(' d' || o.department_id, '')
            || coalesce(' h' || o.handler_id, ''))
FROM order_search s JOIN orders o ON o.id = s.rowid;
DROP TABLE order_search;
ALTER TABLE order_search_scoped RENAME TO order_search;

-- Scheduled text-intelligence jobs (the retrain, the rising-topic check): one row per job and
-- slot (the scheduled instant). Whoever inserts the row runs the job, so that several
-- instances run it once; a run not finished within its lease may be taken over.
CREATE TABLE intel_runs (
    job TEXT NOT NULL,
    slot BIGINT NOT NULL,
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    outcome TEXT,
    PRIMARY KEY (job, slot)
);

-- Rising topics the service office was told about: once per topic (its defining word) per week.
CREATE TABLE topic_notices (
    week BIGINT NOT NULL,
    keyword TEXT NOT NULL,
    count BIGINT NOT NULL,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (week, keyword)
);
