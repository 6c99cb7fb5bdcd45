-- 挂起 an order's handling paused while waiting for the citizen: since when and why. While
-- set, the reply deadline does not run (no warning, no supervision); resuming moves it by
-- the paused time.
ALTER TABLE orders ADD COLUMN suspended_since BIGINT;
ALTER TABLE orders ADD COLUMN suspension_reason TEXT;
