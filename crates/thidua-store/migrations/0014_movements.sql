-- Migration 14: several movements at once (issue 18). A movement ("Đoàn kết sáng tạo", "Vì người
-- nghèo"…) is named by the code of its indicator set; each has its own set, reports, targets and
-- documents, while the registers and the periods are shared. A report names its movement, so a
-- unit reports the same period once per movement.
CREATE TABLE movements (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,               -- as sentences quote it: Đoàn kết sáng tạo
    position INTEGER NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
INSERT INTO movements (code, name, position, created_at)
    VALUES ('doan-ket-sang-tao', 'Đoàn kết sáng tạo', 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
-- A set of another code (none is known to exist) becomes a movement of its own.
INSERT OR IGNORE INTO movements (code, name, position, created_at)
    SELECT code, name, 1 + (SELECT count(*) FROM indicator_sets s2 WHERE s2.code < s.code), created_at
    FROM indicator_sets s WHERE version = (SELECT min(version) FROM indicator_sets s3 WHERE s3.code = s.code);

CREATE TABLE reports_new (
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
    document_pdf BLOB,
    UNIQUE (unit_id, movement_code, period_code, revision)
) STRICT;
INSERT INTO reports_new (id, unit_id, movement_code, period_code, indicator_set_id, revision, state, state_reason, narrative,
        sent_at, created_at, created_by, updated_at, updated_by, bundle_id, unit_rows, answered_set_version, unmapped_figures,
        excel_import_id, dated_on, recipients, document_pdf)
    SELECT r.id, r.unit_id, (SELECT s.code FROM indicator_sets s WHERE s.id = r.indicator_set_id), r.period_code, r.indicator_set_id,
        r.revision, r.state, r.state_reason, r.narrative, r.sent_at, r.created_at, r.created_by, r.updated_at, r.updated_by,
        r.bundle_id, r.unit_rows, r.answered_set_version, r.unmapped_figures, r.excel_import_id, r.dated_on, r.recipients, r.document_pdf
    FROM reports r;
DROP TABLE reports;
ALTER TABLE reports_new RENAME TO reports;
CREATE INDEX reports_period ON reports(movement_code, period_code);

-- Targets are given per movement: two movements may both have an indicator 1.1.
CREATE TABLE unit_targets_new (
    year INTEGER NOT NULL,
    movement_code TEXT NOT NULL REFERENCES movements(code),
    unit_id TEXT NOT NULL REFERENCES units(id),
    indicator_code TEXT NOT NULL,
    target INTEGER NOT NULL CHECK (target > 0),
    set_at TEXT NOT NULL,
    PRIMARY KEY (year, movement_code, unit_id, indicator_code)
) STRICT;
INSERT INTO unit_targets_new (year, movement_code, unit_id, indicator_code, target, set_at)
    SELECT year, 'doan-ket-sang-tao', unit_id, indicator_code, target, set_at FROM unit_targets;
DROP TABLE unit_targets;
ALTER TABLE unit_targets_new RENAME TO unit_targets;
