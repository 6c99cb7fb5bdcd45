-- The core of tongban: the organisation, staff and their tokens, work orders with their
-- timeline, the hash-chained audit log, and the court calendar.
-- Instants are milliseconds since the Unix epoch (UTC) in BIGINT columns on both databases.

CREATE TABLE courts (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('intermediate', 'basic')),
    parent_id INTEGER REFERENCES courts (id)
);

CREATE TABLE departments (
    id INTEGER PRIMARY KEY,
    court_id INTEGER NOT NULL REFERENCES courts (id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    CONSTRAINT departments_name_unique UNIQUE (court_id, name)
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    -- comma-separated role codes, e.g. 'handler,department_head'
    roles TEXT NOT NULL,
    court_id INTEGER NOT NULL REFERENCES courts (id),
    department_id INTEGER REFERENCES departments (id),
    title TEXT,
    phone TEXT,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL,
    CONSTRAINT users_username_unique UNIQUE (username)
);
CREATE INDEX users_department ON users (department_id);

CREATE TABLE tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL CHECK (kind IN ('session', 'api')),
    name TEXT,
    token_hash TEXT NOT NULL UNIQUE,
    csrf TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    channel TEXT NOT NULL,
    appellant_name TEXT NOT NULL,
    appellant_phone TEXT,
    appellant_id_number TEXT,
    appellant_address TEXT,
    case_number TEXT,
    content TEXT NOT NULL,
    appeal_type TEXT,
    area TEXT,
    complexity TEXT,
    urgency TEXT NOT NULL,
    status TEXT NOT NULL,
    close_reason TEXT,
    court_id INTEGER REFERENCES courts (id),
    department_id INTEGER REFERENCES departments (id),
    handler_id INTEGER REFERENCES users (id),
    registered_by INTEGER REFERENCES users (id),
    registered_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    dispatched_at BIGINT,
    accepted_at BIGINT,
    replied_at BIGINT,
    closed_at BIGINT,
    deadline_started_at BIGINT,
    accept_by BIGINT,
    reply_by BIGINT,
    callback_by BIGINT,
    -- the deadline running now (accept, reply or callback); NULL when none runs
    due_at BIGINT,
    reply TEXT,
    answered_on_spot BOOLEAN NOT NULL DEFAULT FALSE,
    extension_state TEXT,
    extension_days BIGINT,
    extension_reason TEXT,
    callback_attempts BIGINT NOT NULL DEFAULT 0,
    satisfaction TEXT,
    rating_excluded BOOLEAN NOT NULL DEFAULT FALSE,
    reopen_count BIGINT NOT NULL DEFAULT 0,
    return_count BIGINT NOT NULL DEFAULT 0,
    supervision_level BIGINT NOT NULL DEFAULT 0,
    repeat_of INTEGER REFERENCES orders (id),
    merged_into INTEGER REFERENCES orders (id),
    version BIGINT NOT NULL
);
CREATE INDEX orders_court_status_due ON orders (court_id, status, due_at);
CREATE INDEX orders_status_due ON orders (status, due_at);
CREATE INDEX orders_department_status ON orders (department_id, status);
CREATE INDEX orders_handler_status ON orders (handler_id, status);
CREATE INDEX orders_registered_at ON orders (registered_at);
CREATE INDEX orders_phone ON orders (appellant_phone);
CREATE INDEX orders_case_number ON orders (case_number);

CREATE TABLE order_events (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    actor_name TEXT NOT NULL,
    status_after TEXT NOT NULL,
    note TEXT,
    data TEXT NOT NULL
);
CREATE INDEX order_events_order ON order_events (order_id, id);

CREATE TABLE order_counters (
    day TEXT PRIMARY KEY,
    last BIGINT NOT NULL
);

CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    actor_id BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

-- The newest record of the chain, kept apart so that removing the newest records shows.
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TABLE calendar_days (
    day TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name TEXT NOT NULL
);

-- Administrator-editable settings as JSON documents (deadline policy, working hours...).
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
