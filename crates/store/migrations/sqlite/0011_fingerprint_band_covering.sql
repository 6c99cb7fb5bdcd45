-- 重复件 the repeat check reads the newest fingerprints of each of a text's four bands (up to 50
-- each) for their order and SimHash. With those two in the band index the read is one range of
-- the index; before, each of the up to 200 entries cost a lookup in the table.
DROP INDEX order_fingerprints_band;
CREATE INDEX order_fingerprints_band ON order_fingerprints (band_key, registered_at, order_id, simhash);
