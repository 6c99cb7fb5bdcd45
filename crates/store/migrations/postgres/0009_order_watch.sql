-- 时限巡检 the deadline sweep's timers move out of the wide orders row into a table of their own:
-- moving an order's next watch instant then writes one narrow row and its two small indexes,
-- not a new version of the whole order with every index of `orders` (PostgreSQL cannot update
-- an indexed column in place). A row exists while the order has an instant to be looked at.
CREATE TABLE order_watch (
    order_id BIGINT PRIMARY KEY REFERENCES orders (id),
    watch_at BIGINT NOT NULL
);
CREATE INDEX order_watch_due ON order_watch (watch_at, order_id);
INSERT INTO order_watch (order_id, watch_at) SELECT id, watch_at FROM orders WHERE watch_at IS NOT NULL;
DROP INDEX orders_watch;
ALTER TABLE orders DROP COLUMN watch_at;
