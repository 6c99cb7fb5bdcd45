-- 重复件 the repeat check reads the newest fingerprints of each of a text's four bands (up to 50
-- each) for their order and SimHash. With those two in the band index the read can be an
-- index-only scan; before, each of the up to 200 entries cost a visit to the table.
-- (0010 exists only on SQLite: the timers' key as its row id.)
DROP INDEX order_fingerprints_band;
CREATE INDEX order_fingerprints_band ON order_fingerprints (band_key, registered_at) INCLUDE (order_id, simhash);
