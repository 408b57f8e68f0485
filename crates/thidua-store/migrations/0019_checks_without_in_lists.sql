-- Migration 19: the same CHECKs, written without an IN list of three or more values (issue 20).
-- SQLite evaluates such a list in a CHECK by building a temporary index of its values for every
-- row written: an audit entry cost twice what it would otherwise (callgrind, 11,367 units
-- imported: 37,000 instructions a row, a quarter of the whole import). A chain of equalities
-- accepts and refuses exactly the same values. Only the tables written once per record are
-- rebuilt (the audit trail, initiatives, activities); SQLite cannot change a CHECK in place.

CREATE TABLE audit_log_new (
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
INSERT INTO audit_log_new (seq, at, actor, entity, record_id, action, old_value, new_value, reason)
    SELECT seq, at, actor, entity, record_id, action, old_value, new_value, reason FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_new RENAME TO audit_log;
CREATE INDEX audit_record ON audit_log(entity, record_id);

CREATE TABLE initiatives_new (
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
INSERT INTO initiatives_new (id, unit_id, created_at, created_by, updated_at, updated_by, deleted_at, version, source,
        title, authors, field, registered_on, status, recognition_level, recognition_body, novelty, suitability,
        effectiveness, economy, estimated_benefit, applied_at, typical, recognised_on, applied_on)
    SELECT id, unit_id, created_at, created_by, updated_at, updated_by, deleted_at, version, source,
        title, authors, field, registered_on, status, recognition_level, recognition_body, novelty, suitability,
        effectiveness, economy, estimated_benefit, applied_at, typical, recognised_on, applied_on FROM initiatives;
DROP TABLE initiatives;
ALTER TABLE initiatives_new RENAME TO initiatives;

CREATE TABLE activities_new (
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
INSERT INTO activities_new (id, unit_id, created_at, created_by, updated_at, updated_by, deleted_at, version, source,
        kind, held_on, title, organiser, member_org, sessions, participants, media_items, typical)
    SELECT id, unit_id, created_at, created_by, updated_at, updated_by, deleted_at, version, source,
        kind, held_on, title, organiser, member_org, sessions, participants, media_items, typical FROM activities;
DROP TABLE activities;
ALTER TABLE activities_new RENAME TO activities;
