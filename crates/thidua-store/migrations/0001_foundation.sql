-- Migration 1: the foundation. Forward-only: never edit a migration that has shipped;
-- add the next file instead.

CREATE TABLE levels (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    rank INTEGER NOT NULL
) STRICT;

INSERT INTO levels (code, name, rank) VALUES
    ('trung_uong', 'Trung ương', 1),
    ('tinh', 'Cấp tỉnh', 2),
    ('huyen', 'Cấp huyện (đến 30/6/2025)', 3),
    ('xa', 'Cấp xã', 4),
    ('khu_dan_cu', 'Khu dân cư', 5);

-- One row per unit list imported from the statistics office.
CREATE TABLE unit_catalogues (
    id TEXT PRIMARY KEY,
    source_name TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    as_of TEXT,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    added INTEGER NOT NULL,
    renamed INTEGER NOT NULL,
    code_changed INTEGER NOT NULL,
    retired INTEGER NOT NULL,
    unchanged INTEGER NOT NULL
) STRICT;

CREATE TABLE units (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    level TEXT NOT NULL REFERENCES levels(code),
    kind TEXT NOT NULL DEFAULT '',
    parent_id TEXT REFERENCES units(id),
    search_key TEXT NOT NULL,
    catalogue_id TEXT REFERENCES unit_catalogues(id),
    retired_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
-- A code names one live unit per level; a retired unit keeps its code for the records.
CREATE UNIQUE INDEX units_live_code ON units(level, code) WHERE retired_at IS NULL;
CREATE INDEX units_parent ON units(parent_id);

-- The installation's own identity: exactly one row once set up.
CREATE TABLE installation (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    unit_id TEXT NOT NULL REFERENCES units(id),
    parent_unit_id TEXT REFERENCES units(id),
    parent_body TEXT NOT NULL,          -- JSON array of header lines
    issuing_body TEXT NOT NULL,
    symbol TEXT NOT NULL,
    place TEXT NOT NULL,
    signer_authority TEXT NOT NULL,
    signer_title TEXT NOT NULL,
    signer_name TEXT NOT NULL,
    clerk_name TEXT NOT NULL,
    is_sample INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE periods (
    code TEXT PRIMARY KEY,              -- '2022-H1' or '2022'
    kind TEXT NOT NULL CHECK (kind IN ('first_half', 'year')),
    year INTEGER NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    deadline TEXT NOT NULL,
    deadline_set_by TEXT REFERENCES units(id)
) STRICT;

-- Indicator sets are owned and versioned by the upper level; a report names the version it answers.
CREATE TABLE indicator_sets (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    issued_by_unit_id TEXT REFERENCES units(id),
    created_at TEXT NOT NULL,
    UNIQUE (code, version)
) STRICT;

CREATE TABLE indicators (
    id TEXT PRIMARY KEY,
    set_id TEXT NOT NULL REFERENCES indicator_sets(id),
    position INTEGER NOT NULL,
    task_group INTEGER NOT NULL,        -- 1..4: the seed plan's four task groups
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    measure TEXT NOT NULL,              -- unit of measure: 'buổi', 'lượt người', 'đồng'
    register TEXT,                      -- register computed from; NULL means entered by hand
    aggregate TEXT,                     -- 'count' or 'sum:<column>'
    filter TEXT,                        -- JSON object: column -> required value
    UNIQUE (set_id, code)
) STRICT;

-- Plans: header fields here, the numbered structure in plan_nodes.
CREATE TABLE plans (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES units(id),
    derived_from_id TEXT REFERENCES plans(id),
    year INTEGER NOT NULL,
    number INTEGER,
    doc_type TEXT NOT NULL DEFAULT 'KH',
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    issued_on TEXT,
    place TEXT NOT NULL DEFAULT '',
    opening TEXT NOT NULL DEFAULT '',
    recipients TEXT NOT NULL DEFAULT '[]',   -- JSON array of lines
    signer_authority TEXT NOT NULL DEFAULT '',
    signer_title TEXT NOT NULL DEFAULT '',
    signer_name TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    deleted_at TEXT,
    version INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE plan_nodes (
    id TEXT PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES plans(id),
    parent_id TEXT REFERENCES plan_nodes(id),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('section', 'item', 'point', 'bullet', 'paragraph')),
    marker TEXT NOT NULL DEFAULT '',     -- 'I.', '1.', 'a)', '-'
    heading TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX plan_nodes_plan ON plan_nodes(plan_id, position);

-- The six registers. Common columns first; deletion is a tombstone (deleted_at), never a DELETE.
CREATE TABLE initiatives (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES units(id),
    created_at TEXT NOT NULL, created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    deleted_at TEXT, version INTEGER NOT NULL DEFAULT 1,
    source TEXT NOT NULL DEFAULT 'app',
    title TEXT NOT NULL,
    authors TEXT NOT NULL,
    field TEXT NOT NULL DEFAULT '',
    registered_on TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('dang_ky', 'cong_nhan', 'ap_dung')),
    recognition_level TEXT NOT NULL DEFAULT '',
    recognition_body TEXT NOT NULL DEFAULT '',
    novelty TEXT NOT NULL DEFAULT '',
    suitability TEXT NOT NULL DEFAULT '',
    effectiveness TEXT NOT NULL DEFAULT '',
    economy TEXT NOT NULL DEFAULT '',
    estimated_benefit INTEGER CHECK (estimated_benefit >= 0),
    applied_at TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE models (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES units(id),
    created_at TEXT NOT NULL, created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    deleted_at TEXT, version INTEGER NOT NULL DEFAULT 1,
    source TEXT NOT NULL DEFAULT 'app',
    name TEXT NOT NULL,
    in_charge TEXT NOT NULL DEFAULT '',
    member_org TEXT NOT NULL DEFAULT '',
    started_on TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('xay_dung', 'nhan_rong')),
    replicated_at TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE activities (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES units(id),
    created_at TEXT NOT NULL, created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    deleted_at TEXT, version INTEGER NOT NULL DEFAULT 1,
    source TEXT NOT NULL DEFAULT 'app',
    kind TEXT NOT NULL CHECK (kind IN ('tuyen_truyen', 'hoi_nghi', 'giam_sat', 'phan_bien')),
    held_on TEXT NOT NULL,
    title TEXT NOT NULL,
    organiser TEXT NOT NULL DEFAULT '',
    member_org TEXT NOT NULL DEFAULT '',
    sessions INTEGER NOT NULL DEFAULT 1 CHECK (sessions >= 0),
    participants INTEGER NOT NULL DEFAULT 0 CHECK (participants >= 0),
    media_items INTEGER NOT NULL DEFAULT 0 CHECK (media_items >= 0)
) STRICT;

CREATE TABLE ocop_links (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES units(id),
    created_at TEXT NOT NULL, created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    deleted_at TEXT, version INTEGER NOT NULL DEFAULT 1,
    source TEXT NOT NULL DEFAULT 'app',
    product TEXT NOT NULL,
    producer TEXT NOT NULL,
    stars INTEGER CHECK (stars BETWEEN 1 AND 5),
    support TEXT NOT NULL DEFAULT '',
    linked_on TEXT NOT NULL
) STRICT;

CREATE TABLE resources (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES units(id),
    created_at TEXT NOT NULL, created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    deleted_at TEXT, version INTEGER NOT NULL DEFAULT 1,
    source TEXT NOT NULL DEFAULT 'app',
    donor TEXT NOT NULL,
    amount INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),
    in_kind TEXT NOT NULL DEFAULT '',
    purpose TEXT NOT NULL DEFAULT '',
    received_on TEXT NOT NULL
) STRICT;

CREATE TABLE commendations (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES units(id),
    created_at TEXT NOT NULL, created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    deleted_at TEXT, version INTEGER NOT NULL DEFAULT 1,
    source TEXT NOT NULL DEFAULT 'app',
    recipient TEXT NOT NULL,
    recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('tap_the', 'ca_nhan')),
    form TEXT NOT NULL,
    level TEXT NOT NULL DEFAULT '',
    issuing_body TEXT NOT NULL DEFAULT '',
    decision_number TEXT NOT NULL DEFAULT '',
    decided_on TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    initiative_id TEXT REFERENCES initiatives(id),
    model_id TEXT REFERENCES models(id)
) STRICT;

-- Reports: one row per revision; a sent revision is never edited, a correction is a new row.
CREATE TABLE reports (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES units(id),
    period_code TEXT NOT NULL REFERENCES periods(code),
    indicator_set_id TEXT NOT NULL REFERENCES indicator_sets(id),
    revision INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'sent', 'received', 'accepted', 'returned')),
    state_reason TEXT NOT NULL DEFAULT '',
    narrative TEXT NOT NULL DEFAULT '{}',  -- JSON: section key -> text
    sent_at TEXT,
    created_at TEXT NOT NULL, created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    UNIQUE (unit_id, period_code, revision)
) STRICT;

CREATE TABLE report_figures (
    report_id TEXT NOT NULL REFERENCES reports(id),
    indicator_id TEXT NOT NULL REFERENCES indicators(id),
    computed INTEGER,                      -- NULL for hand-entered indicators
    value INTEGER,
    override_reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (report_id, indicator_id)
) STRICT;

-- Every change: who, when, what it was, what it became, and why where a reason is required.
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    entity TEXT NOT NULL,
    record_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'retire')),
    old_value TEXT,
    new_value TEXT,
    reason TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_record ON audit_log(entity, record_id);
