-- 时限巡检 the sweep's timers keyed by the order's id as SQLite's own row id (INTEGER PRIMARY KEY):
-- 0009 declared the key BIGINT, which SQLite keeps as a separate unique index beside the table,
-- so every registration wrote three B-trees for its timer. Now it writes two: the table and the
-- due index (whose entries end in the row id, so it also orders equal instants by order).
CREATE TABLE order_watch_by_rowid (
    order_id INTEGER PRIMARY KEY REFERENCES orders (id),
    watch_at BIGINT NOT NULL
);
INSERT INTO order_watch_by_rowid (order_id, watch_at) SELECT order_id, watch_at FROM order_watch;
DROP TABLE order_watch;
ALTER TABLE order_watch_by_rowid RENAME TO order_watch;
CREATE INDEX order_watch_due ON order_watch (watch_at);
