-- The 12368 hotline: call records sent by the telephone switch, callback tasks (回拨) for
-- calls that ended unanswered, the case directory imported from the court's case system, the
-- knowledge base (知识库) with its versions, and the virtual agent's sessions and turns.

-- One row per call: its state folded from its events.
CREATE TABLE calls (
    id INTEGER PRIMARY KEY,
    call_id TEXT NOT NULL UNIQUE,
    caller TEXT NOT NULL,
    court_id INTEGER REFERENCES courts (id),
    ivr_path TEXT,
    -- the China date of the call's first event, for the daily figures
    day TEXT NOT NULL,
    first_at BIGINT NOT NULL,
    offered_at BIGINT,
    assistant_at BIGINT,
    agent_at BIGINT,
    agent_id TEXT,
    abandoned_at BIGINT,
    ended_at BIGINT,
    -- the same number called within the repeat window before this call
    is_repeat BOOLEAN NOT NULL DEFAULT FALSE,
    -- what the virtual agent's session made of it: settled | handover
    assistant_outcome TEXT
);
CREATE INDEX calls_day ON calls (day, court_id);
CREATE INDEX calls_caller ON calls (caller, first_at);

-- Every event as the switch sent it, once: (call_id, event) makes the API idempotent.
CREATE TABLE call_events (
    call_id TEXT NOT NULL,
    event TEXT NOT NULL CHECK (event IN ('offered', 'answered_by_assistant', 'answered_by_agent', 'abandoned', 'ended')),
    at BIGINT NOT NULL,
    agent_id TEXT,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (call_id, event)
);

CREATE TABLE callback_tasks (
    id INTEGER PRIMARY KEY,
    call_id TEXT NOT NULL UNIQUE,
    caller TEXT NOT NULL,
    court_id INTEGER REFERENCES courts (id),
    day TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    due_at BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'done', 'auto_closed', 'unreachable')),
    attempts BIGINT NOT NULL DEFAULT 0,
    outcome TEXT,
    note TEXT,
    order_id INTEGER REFERENCES orders (id),
    first_attempt_at BIGINT,
    closed_at BIGINT,
    closed_by INTEGER REFERENCES users (id)
);
CREATE INDEX callback_tasks_status_due ON callback_tasks (status, due_at);
CREATE INDEX callback_tasks_caller ON callback_tasks (caller, status);
CREATE INDEX callback_tasks_day ON callback_tasks (day);

-- 案件目录 the case directory.
CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    case_number TEXT NOT NULL UNIQUE,
    court_id INTEGER NOT NULL REFERENCES courts (id),
    department_id INTEGER REFERENCES departments (id),
    judge_name TEXT,
    judge_phone TEXT,
    judge_id INTEGER REFERENCES users (id),
    clerk_name TEXT,
    clerk_phone TEXT,
    stage TEXT NOT NULL,
    next_hearing BIGINT,
    -- JSON object: key date name → YYYY-MM-DD
    key_dates TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE case_parties (
    case_id INTEGER NOT NULL REFERENCES cases (id),
    name TEXT NOT NULL,
    phone TEXT
);
CREATE INDEX case_parties_case ON case_parties (case_id);
CREATE INDEX case_parties_phone ON case_parties (phone);

-- 知识库 the knowledge base: the current version of each entry, and every version kept.
CREATE TABLE kb_entries (
    id INTEGER PRIMARY KEY,
    category TEXT NOT NULL,
    question TEXT NOT NULL,
    -- JSON array of alternative phrasings (相似问)
    alternatives TEXT NOT NULL,
    answer TEXT NOT NULL,
    valid_from TEXT,
    valid_to TEXT,
    owner TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
    version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE INDEX kb_entries_status ON kb_entries (status, category);

CREATE TABLE kb_versions (
    entry_id INTEGER NOT NULL REFERENCES kb_entries (id),
    version BIGINT NOT NULL,
    -- JSON of the entry as it was
    content TEXT NOT NULL,
    at BIGINT NOT NULL,
    by_name TEXT NOT NULL,
    PRIMARY KEY (entry_id, version)
);

-- 智能语音 / 虚拟坐席 the virtual agent's conversations, every one kept.
CREATE TABLE assistant_sessions (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL CHECK (channel IN ('hotline', 'web')),
    caller TEXT,
    call_id TEXT,
    started_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    turns BIGINT NOT NULL DEFAULT 0,
    -- settled | handover; NULL while nothing is settled
    outcome TEXT,
    order_id INTEGER REFERENCES orders (id),
    -- JSON of the pre-filled order handed over
    draft TEXT
);
CREATE INDEX assistant_sessions_started ON assistant_sessions (started_at);

CREATE TABLE assistant_turns (
    session_id INTEGER NOT NULL REFERENCES assistant_sessions (id),
    seq BIGINT NOT NULL,
    at BIGINT NOT NULL,
    text TEXT NOT NULL,
    reply TEXT NOT NULL,
    action TEXT NOT NULL,
    confidence REAL NOT NULL,
    entry_id BIGINT,
    case_number TEXT,
    PRIMARY KEY (session_id, seq)
);
