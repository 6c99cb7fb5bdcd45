-- What the staff UI and the citizen portal need: in-app notifications, saved list views,
-- attachments stored in the database (never under a name the uploader chose), and the
-- citizen's query code for tracking an order.

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    order_id INTEGER REFERENCES orders (id),
    kind TEXT NOT NULL,
    message TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, read_at, id);

CREATE TABLE saved_views (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    CONSTRAINT saved_views_name_unique UNIQUE (user_id, name)
);

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    -- shown to people only; the content is stored here, not in a file
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    data BLOB NOT NULL,
    uploaded_by INTEGER REFERENCES users (id),
    uploaded_by_name TEXT NOT NULL,
    uploaded_at BIGINT NOT NULL
);
CREATE INDEX attachments_order ON attachments (order_id);

-- The citizen portal's query code, hashed like a password would be (SHA-256 of a random code).
ALTER TABLE orders ADD COLUMN query_code_hash TEXT;
