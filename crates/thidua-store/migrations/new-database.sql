-- schema version 19
-- What migrations 1 to 19 make in an empty file: a new database is made from this in one step.
-- Written by `UPDATE_SCHEMA=1 cargo test -p thidua-store new_database`; never edit it by hand.
CREATE TABLE levels (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    rank INTEGER NOT NULL
) STRICT;
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
CREATE UNIQUE INDEX units_live_code ON units(level, code) WHERE retired_at IS NULL;
CREATE INDEX units_parent ON units(parent_id);
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
, tour_done_at TEXT) STRICT;
CREATE TABLE indicator_sets (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    issued_by_unit_id TEXT REFERENCES units(id),
    created_at TEXT NOT NULL, rules TEXT NOT NULL DEFAULT '[]', outlier_percent INTEGER NOT NULL DEFAULT 0
    CHECK (outlier_percent = 0 OR outlier_percent > 100),
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
    filter TEXT, date_field TEXT, phrase TEXT,                        -- JSON object: column -> required value
    UNIQUE (set_id, code)
) STRICT;
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
, issuer_parent_body TEXT NOT NULL DEFAULT '', issuer_body TEXT NOT NULL DEFAULT '', issuer_symbol TEXT NOT NULL DEFAULT '', verification_code TEXT, short_code TEXT) STRICT;
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
, typical TEXT NOT NULL DEFAULT '' CHECK (typical IN ('', 'co')), replicated_on TEXT, ended_on TEXT) STRICT;
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
CREATE TABLE report_figures (
    report_id TEXT NOT NULL REFERENCES reports(id),
    indicator_id TEXT NOT NULL REFERENCES indicators(id),
    computed INTEGER,                      -- NULL for hand-entered indicators
    value INTEGER,
    override_reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (report_id, indicator_id)
) STRICT;
CREATE TABLE keys (
    key_id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES units(id),
    role TEXT NOT NULL CHECK (role IN ('own', 'child', 'parent')),
    public_key TEXT NOT NULL UNIQUE,
    fingerprint TEXT NOT NULL,
    enrolled_at TEXT NOT NULL,
    enrolled_by TEXT NOT NULL,
    revoked_at TEXT,
    revoked_reason TEXT NOT NULL DEFAULT '',
    replaced_by TEXT                   -- the key that took over after a rotation
, unconfirmed_since TEXT) STRICT;
CREATE UNIQUE INDEX keys_one_active ON keys(unit_id, role) WHERE revoked_at IS NULL;
CREATE TABLE bundles_sent (
    bundle_id TEXT PRIMARY KEY,
    recipient_unit_id TEXT NOT NULL REFERENCES units(id),
    sequence INTEGER NOT NULL CHECK (sequence >= 1),
    kind TEXT NOT NULL,
    period_code TEXT,
    file_name TEXT NOT NULL,
    audit_through INTEGER NOT NULL DEFAULT 0,  -- a report bundle carries audit entries up to here
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (recipient_unit_id, sequence)
) STRICT;
CREATE TABLE bundles_received (
    bundle_id TEXT PRIMARY KEY,
    sender_unit_id TEXT NOT NULL REFERENCES units(id),
    sender_key_id TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    previous TEXT,
    kind TEXT NOT NULL,
    period_code TEXT,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    created_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('applied', 'held', 'conflict', 'discarded')),
    state_note TEXT NOT NULL DEFAULT '',
    applied_at TEXT,
    content BLOB
, chain INTEGER NOT NULL DEFAULT 0, effects TEXT) STRICT;
CREATE INDEX bundles_received_chain ON bundles_received(sender_unit_id, sequence);
CREATE TABLE import_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    bundle_id TEXT,
    sender TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'duplicate', 'held', 'conflict', 'refused')),
    message TEXT NOT NULL
) STRICT;
CREATE TABLE roster_entries (
    unit_code TEXT NOT NULL,
    level TEXT NOT NULL,
    unit_name TEXT NOT NULL,
    public_key TEXT NOT NULL,
    key_id TEXT NOT NULL PRIMARY KEY,
    state TEXT NOT NULL,
    since TEXT NOT NULL,
    bundle_id TEXT NOT NULL
) STRICT;
CREATE TABLE document_register (
    id TEXT PRIMARY KEY,
    year INTEGER NOT NULL,
    number INTEGER NOT NULL CHECK (number >= 1),
    doc_type TEXT NOT NULL,            -- 'KH', 'BC', 'HD'…
    symbol TEXT NOT NULL,              -- 'KH-MTTQ-BTT': printed after the number
    summary TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    plan_id TEXT REFERENCES plans(id),
    report_id TEXT REFERENCES reports(id),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL, award_decision_id TEXT REFERENCES award_decisions(id),
    UNIQUE (year, number)
) STRICT;
CREATE UNIQUE INDEX document_register_plan ON document_register(plan_id) WHERE plan_id IS NOT NULL;
CREATE UNIQUE INDEX document_register_report ON document_register(report_id) WHERE report_id IS NOT NULL;
CREATE TABLE excel_imports (
    id TEXT PRIMARY KEY,
    template_id TEXT NOT NULL,          -- the id written in the template's hidden sheet
    unit_id TEXT NOT NULL REFERENCES units(id),
    period_code TEXT NOT NULL REFERENCES periods(code),
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '[]'  -- JSON: the lines the clerk saw
) STRICT;
CREATE INDEX excel_imports_unit ON excel_imports(unit_id, period_code);
CREATE INDEX units_code ON units(code) WHERE retired_at IS NULL;
CREATE INDEX bundles_received_file ON bundles_received(file_sha256);
CREATE INDEX bundles_received_state ON bundles_received(state, sender_unit_id, sequence);
CREATE TABLE "received_audit" (
    sender_unit_id TEXT NOT NULL REFERENCES units(id),
    seq INTEGER NOT NULL,
    bundle_id TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    entity TEXT NOT NULL,
    record_id TEXT NOT NULL,
    action TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    reason TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE UNIQUE INDEX received_audit_entry ON received_audit(
    sender_unit_id, seq, at, entity, record_id, action, coalesce(old_value, ''), coalesce(new_value, ''), reason
);
CREATE TABLE chain_resets (
    id INTEGER PRIMARY KEY,
    sender_unit_id TEXT NOT NULL REFERENCES units(id),
    reset_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (reason <> '')
) STRICT;
CREATE INDEX chain_resets_sender ON chain_resets(sender_unit_id);
CREATE TABLE scoring_tables (
    code TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    name TEXT NOT NULL,
    body TEXT NOT NULL,
    -- The unit that wrote it (this installation, or the upper level whose bundle brought it).
    issued_by_unit_id TEXT REFERENCES units(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (code, version)
) STRICT;
CREATE TABLE clusters (
    year INTEGER NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (year, code)
) STRICT;
CREATE TABLE cluster_members (
    year INTEGER NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units(id),
    cluster_code TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('leader', 'deputy', 'member')),
    PRIMARY KEY (year, unit_id),
    FOREIGN KEY (year, cluster_code) REFERENCES clusters(year, code)
) STRICT;
CREATE UNIQUE INDEX cluster_one_leader ON cluster_members(year, cluster_code) WHERE role = 'leader';
CREATE UNIQUE INDEX cluster_one_deputy ON cluster_members(year, cluster_code) WHERE role = 'deputy';
CREATE TABLE scoring_results (
    year INTEGER PRIMARY KEY,
    issued_by_unit_id TEXT NOT NULL REFERENCES units(id),
    body TEXT NOT NULL,
    received_at TEXT NOT NULL
) STRICT;
CREATE TABLE score_entries (
    year INTEGER NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units(id),
    scorer TEXT NOT NULL CHECK (scorer IN ('self', 'upper')),
    criterion_code TEXT NOT NULL,
    answer TEXT NOT NULL,
    reason TEXT NOT NULL,
    set_at TEXT NOT NULL,
    PRIMARY KEY (year, unit_id, scorer, criterion_code)
) STRICT;
CREATE TABLE award_catalogues (
    code TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    name TEXT NOT NULL,
    body TEXT NOT NULL,
    issued_by_unit_id TEXT REFERENCES units(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (code, version)
) STRICT;
CREATE TABLE proposals (
    id TEXT PRIMARY KEY,
    year INTEGER NOT NULL,
    proposer_unit_id TEXT NOT NULL REFERENCES units(id),
    form_code TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'sent', 'received')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sent_at TEXT
) STRICT;
CREATE INDEX proposals_year ON proposals(year, proposer_unit_id);
CREATE TABLE nominees (
    id TEXT PRIMARY KEY,
    proposal_id TEXT NOT NULL REFERENCES proposals(id),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('tap_the', 'ca_nhan')),
    name TEXT NOT NULL,
    -- Chức vụ, đơn vị công tác (an individual) or where the collective belongs.
    role TEXT NOT NULL DEFAULT '',
    -- Tóm tắt thành tích.
    achievement TEXT NOT NULL,
    -- The register records it rests on: JSON array of "register:id".
    records TEXT NOT NULL DEFAULT '[]',
    decision TEXT NOT NULL DEFAULT '' CHECK (decision IN ('', 'approved', 'cut', 'returned')),
    decision_reason TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX nominees_proposal ON nominees(proposal_id, position);
CREATE TABLE award_decisions (
    id TEXT PRIMARY KEY,
    year INTEGER NOT NULL,
    form_code TEXT NOT NULL,
    -- The form as the decision names it: "Bằng khen của Ban Thường trực Ủy ban MTTQ tỉnh Thanh Hóa".
    form_name TEXT NOT NULL,
    issuer_unit_id TEXT NOT NULL REFERENCES units(id),
    number INTEGER NOT NULL CHECK (number >= 1),
    -- "05/QĐ-MTTQ-BTT" as printed.
    reference TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    received INTEGER NOT NULL DEFAULT 0 CHECK (received IN (0, 1)),
    created_at TEXT NOT NULL
, verification_code TEXT, short_code TEXT, cites_scoring INTEGER) STRICT;
CREATE INDEX award_decisions_year ON award_decisions(year);
CREATE TABLE awardees (
    decision_id TEXT NOT NULL REFERENCES award_decisions(id),
    position INTEGER NOT NULL,
    -- The nominee the award answers (no reference: a proposal sent again replaces its rows).
    nominee_id TEXT,
    -- The unit that proposed it.
    unit_id TEXT NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL CHECK (kind IN ('tap_the', 'ca_nhan')),
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    achievement TEXT NOT NULL,
    PRIMARY KEY (decision_id, position)
) STRICT;
CREATE INDEX awardees_nominee ON awardees(nominee_id);
CREATE UNIQUE INDEX document_register_award_decision ON document_register(award_decision_id) WHERE award_decision_id IS NOT NULL;
CREATE TABLE "periods" (
    code TEXT PRIMARY KEY,              -- '2022-Q1', '2022-H1', '2022-9M' or '2022'
    kind TEXT NOT NULL CHECK (kind IN ('quarter', 'first_half', 'nine_months', 'year')),
    year INTEGER NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    deadline TEXT NOT NULL,
    deadline_set_by TEXT REFERENCES units(id)
) STRICT;
CREATE TABLE unit_merges (
    old_unit_id TEXT NOT NULL REFERENCES units(id),
    old_code TEXT NOT NULL,
    old_name TEXT NOT NULL,
    old_parent TEXT NOT NULL,
    new_unit_id TEXT NOT NULL REFERENCES units(id),
    -- whole: the whole old unit; part: a piece of a divided unit; most: the piece that took
    -- most of it, under which its history is shown; unclear: the list contradicts itself on
    -- the old unit, whose history is then counted under no new unit.
    share TEXT NOT NULL CHECK (share IN ('whole', 'part', 'most', 'unclear')),
    effective_on TEXT NOT NULL,
    source_name TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    PRIMARY KEY (old_unit_id, new_unit_id)
) STRICT;
CREATE INDEX unit_merges_new ON unit_merges(new_unit_id);
CREATE TABLE movements (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,               -- as sentences quote it: Đoàn kết sáng tạo
    position INTEGER NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE TABLE "reports" (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES units(id),
    movement_code TEXT NOT NULL REFERENCES movements(code),
    period_code TEXT NOT NULL REFERENCES periods(code),
    indicator_set_id TEXT NOT NULL REFERENCES indicator_sets(id),
    revision INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'sent', 'received', 'accepted', 'returned')),
    state_reason TEXT NOT NULL DEFAULT '',
    narrative TEXT NOT NULL DEFAULT '{}',
    sent_at TEXT,
    created_at TEXT NOT NULL, created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    bundle_id TEXT,
    unit_rows TEXT NOT NULL DEFAULT '[]',
    answered_set_version INTEGER,
    unmapped_figures TEXT NOT NULL DEFAULT '{}',
    excel_import_id TEXT REFERENCES excel_imports(id),
    dated_on TEXT,
    recipients TEXT,
    document_pdf BLOB, verification_code TEXT, short_code TEXT,
    UNIQUE (unit_id, movement_code, period_code, revision)
) STRICT;
CREATE INDEX reports_period ON reports(movement_code, period_code);
CREATE TABLE "unit_targets" (
    year INTEGER NOT NULL,
    movement_code TEXT NOT NULL REFERENCES movements(code),
    unit_id TEXT NOT NULL REFERENCES units(id),
    indicator_code TEXT NOT NULL,
    target INTEGER NOT NULL CHECK (target > 0),
    set_at TEXT NOT NULL,
    PRIMARY KEY (year, movement_code, unit_id, indicator_code)
) STRICT;
CREATE INDEX reports_short_code ON reports (short_code) WHERE short_code IS NOT NULL;
CREATE INDEX plans_short_code ON plans (short_code) WHERE short_code IS NOT NULL;
CREATE INDEX award_decisions_short_code ON award_decisions (short_code) WHERE short_code IS NOT NULL;
CREATE TABLE "audit_log" (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    entity TEXT NOT NULL,
    record_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action = 'insert' OR action = 'update' OR action = 'delete' OR action = 'retire'),
    old_value TEXT,
    new_value TEXT,
    reason TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_record ON audit_log(entity, record_id);
CREATE TABLE "initiatives" (
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
    status TEXT NOT NULL CHECK (status = 'dang_ky' OR status = 'cong_nhan' OR status = 'ap_dung'),
    recognition_level TEXT NOT NULL DEFAULT '',
    recognition_body TEXT NOT NULL DEFAULT '',
    novelty TEXT NOT NULL DEFAULT '',
    suitability TEXT NOT NULL DEFAULT '',
    effectiveness TEXT NOT NULL DEFAULT '',
    economy TEXT NOT NULL DEFAULT '',
    estimated_benefit INTEGER CHECK (estimated_benefit >= 0),
    applied_at TEXT NOT NULL DEFAULT '',
    typical TEXT NOT NULL DEFAULT '' CHECK (typical IN ('', 'co')),
    recognised_on TEXT,
    applied_on TEXT
) STRICT;
CREATE TABLE "activities" (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES units(id),
    created_at TEXT NOT NULL, created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    deleted_at TEXT, version INTEGER NOT NULL DEFAULT 1,
    source TEXT NOT NULL DEFAULT 'app',
    kind TEXT NOT NULL CHECK (kind = 'tuyen_truyen' OR kind = 'hoi_nghi' OR kind = 'giam_sat' OR kind = 'phan_bien'),
    held_on TEXT NOT NULL,
    title TEXT NOT NULL,
    organiser TEXT NOT NULL DEFAULT '',
    member_org TEXT NOT NULL DEFAULT '',
    sessions INTEGER NOT NULL DEFAULT 1 CHECK (sessions >= 0),
    participants INTEGER NOT NULL DEFAULT 0 CHECK (participants >= 0),
    media_items INTEGER NOT NULL DEFAULT 0 CHECK (media_items >= 0),
    typical TEXT NOT NULL DEFAULT '' CHECK (typical IN ('', 'co'))
) STRICT;
INSERT INTO "levels" VALUES ('trung_uong', 'Trung ương', 1);
INSERT INTO "levels" VALUES ('tinh', 'Cấp tỉnh', 2);
INSERT INTO "levels" VALUES ('huyen', 'Cấp huyện (đến 30/6/2025)', 3);
INSERT INTO "levels" VALUES ('xa', 'Cấp xã', 4);
INSERT INTO "levels" VALUES ('khu_dan_cu', 'Khu dân cư', 5);
INSERT INTO "levels" VALUES ('to_chuc_thanh_vien', 'Tổ chức thành viên', 5);
INSERT INTO "sqlite_sequence" VALUES ('audit_log', 0);
INSERT INTO "movements" VALUES ('doan-ket-sang-tao', 'Đoàn kết sáng tạo', 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
