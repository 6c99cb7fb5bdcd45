-- 最新优先 newest first: each index row also carries the ranges of order ids its order falls in,
-- at four widths, bare (`#r11_<id >> 11>` … `#r17_<id >> 17>`) and prefixed with each of the
-- order's scope lexemes (`#h18r11_…`), so that a search can ask the GIN index for the newest
-- ranges first instead of fetching and sorting every match (see store::search::ranges). The
-- index is rebuilt once rather than updated row by row.
DROP INDEX order_search_vector;
UPDATE order_search s
SET vector = s.vector || array_to_tsvector(ARRAY(
    SELECT prefix || 'r' || shift || '_' || (s.order_id >> shift)
    FROM unnest(array_remove(
        ARRAY['#', '#c' || o.court_id, '#d' || o.department_id, '#h' || o.handler_id], NULL)) AS prefix,
        unnest(ARRAY[11, 13, 15, 17]) AS shift
))
FROM orders o
WHERE o.id = s.order_id;
CREATE INDEX order_search_vector ON order_search USING GIN (vector);
