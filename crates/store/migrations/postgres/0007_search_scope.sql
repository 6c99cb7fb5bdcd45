-- The search index carries each order's scope (court, department, handler) as lexemes of its
-- tsvector, so that a reader's scope is one more condition of the GIN query instead of a join
-- to the orders after it. Lexemes: `#c<court id>`, `#d<department id>`, `#h<handler id>`, for
-- the ids the order has (`#` never occurs in an indexed word). `words` keeps only the words.
-- The indexer rewrites them whenever an order changes (dispatch, reassignment and return
-- append timeline events).

UPDATE order_search s
SET vector = array_to_tsvector(
    array_remove(string_to_array(s.words, ' '), '')
    || array_remove(ARRAY['#c' || o.court_id, '#d' || o.department_id, '#h' || o.handler_id], NULL)
)
FROM orders o
WHERE o.id = s.order_id;

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
