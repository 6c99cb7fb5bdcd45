-- Deadlines and three-level supervision (三级督办): when the deadline sweep must next look at
-- an order, the supervision orders (督办单) with their notes, marks that make the sweep's
-- side effects happen once, the versions of the deadline policy, and the durable
-- outbox of messages for outbound channels.

-- 即将超期 the instant the running deadline's warning is due.
ALTER TABLE orders ADD COLUMN warn_by BIGINT;
-- The next instant the deadline sweep must look at the order (its warning, then its
-- deadline); NULL when nothing is left to do. Every write of the order sets it again.
ALTER TABLE orders ADD COLUMN watch_at BIGINT;
UPDATE orders SET watch_at = due_at;
CREATE INDEX orders_watch ON orders (watch_at) WHERE watch_at IS NOT NULL;
-- The appeals on one matter (反复提出): an order and those linked to it as repeats.
CREATE INDEX orders_repeat_of ON orders (repeat_of) WHERE repeat_of IS NOT NULL;

CREATE TABLE supervisions (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    level BIGINT NOT NULL CHECK (level BETWEEN 1 AND 3),
    reason TEXT NOT NULL,
    note TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'responded', 'closed', 'escalated')),
    court_id INTEGER REFERENCES courts (id),
    department_id INTEGER REFERENCES departments (id),
    handler_id INTEGER REFERENCES users (id),
    -- JSON array of the user ids told of it
    notified TEXT NOT NULL,
    parent_id INTEGER REFERENCES supervisions (id),
    created_by INTEGER REFERENCES users (id),
    created_at BIGINT NOT NULL,
    due_at BIGINT NOT NULL,
    closed_at BIGINT,
    -- Escalation happens once per level of an order.
    CONSTRAINT supervisions_once UNIQUE (order_id, level)
);
CREATE INDEX supervisions_open_due ON supervisions (due_at) WHERE status = 'open';
CREATE INDEX supervisions_level ON supervisions (level, id);
CREATE INDEX supervisions_court ON supervisions (court_id, id);

CREATE TABLE supervision_notes (
    id INTEGER PRIMARY KEY,
    supervision_id INTEGER NOT NULL REFERENCES supervisions (id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    actor_name TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX supervision_notes_supervision ON supervision_notes (supervision_id, id);

-- One row per side effect that must happen once (a warning, a daily reminder), across
-- instances and restarts.
CREATE TABLE sweep_marks (
    key TEXT PRIMARY KEY,
    at BIGINT NOT NULL
);

-- 办理时限 policies, versioned: an order keeps the version it was registered under.
CREATE TABLE deadline_policies (
    version BIGINT PRIMARY KEY,
    policy TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by BIGINT
);
ALTER TABLE orders ADD COLUMN policy_version BIGINT NOT NULL DEFAULT 1;

-- Messages for an outbound channel (webhook, SMS gateway): delivered at least once, retried
-- with backoff, dead after too many failures until an administrator replays them.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    delivered_at BIGINT
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_status ON outbox (status, id);
