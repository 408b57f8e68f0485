-- Migration 2: keys, enrolment and the bundles exchanged between installations.

-- Public keys this installation knows: its own ('own'), the units below it that the clerk
-- enrolled ('child') and the unit above it ('parent'). A rotated or revoked key stays, with
-- the date, so older bundles can still be explained.
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
) STRICT;
CREATE UNIQUE INDEX keys_one_active ON keys(unit_id, role) WHERE revoked_at IS NULL;

-- Bundles this installation wrote: one chain of sequence numbers per recipient.
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

-- Bundles received: applied, held for a missing predecessor, or in conflict with one applied.
-- The file's bytes are kept only while it waits for a decision.
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
) STRICT;
CREATE INDEX bundles_received_chain ON bundles_received(sender_unit_id, sequence);

-- Every import attempt, accepted or refused. Not business data: the status digest leaves it out,
-- so that "a refused file changed nothing" can be shown while the attempt is still logged.
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

-- The audit trail of lower units, as their bundles carried it.
CREATE TABLE received_audit (
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
    reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (sender_unit_id, seq)
) STRICT;

-- The roster of keys the upper level sent down, replaced by each newer roster.
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

-- A received report names the bundle it came from (provenance of every figure), and, when the
-- sender consolidates units of its own, keeps their rows (JSON array) as the bundle carried them.
ALTER TABLE reports ADD COLUMN bundle_id TEXT;
ALTER TABLE reports ADD COLUMN unit_rows TEXT NOT NULL DEFAULT '[]';
-- The indicator-set version the sender answered, when this installation does not have it (its
-- figures were mapped by indicator code onto the version here), and the figures left unmapped.
ALTER TABLE reports ADD COLUMN answered_set_version INTEGER;
ALTER TABLE reports ADD COLUMN unmapped_figures TEXT NOT NULL DEFAULT '{}';
