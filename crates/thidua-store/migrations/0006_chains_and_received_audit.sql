-- The upper level's copy of a unit's audit trail kept each entry under the unit's entry number
-- alone. A unit that restored an older backup numbers its entries again from where the backup
-- was, and those later entries were ignored as if already received. An entry is now the same
-- entry only if everything in it is the same: the same entry carried by two bundles is kept
-- once, two different entries under one number are both kept, and none replaces another.
CREATE TABLE received_audit_keyed (
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
INSERT INTO received_audit_keyed SELECT sender_unit_id, seq, bundle_id, at, actor, entity, record_id, action, old_value, new_value, reason FROM received_audit;
DROP TABLE received_audit;
ALTER TABLE received_audit_keyed RENAME TO received_audit;
CREATE UNIQUE INDEX received_audit_entry ON received_audit(
    sender_unit_id, seq, at, entity, record_id, action, coalesce(old_value, ''), coalesce(new_value, ''), reason
);

-- The upper clerk can start a sender's chain again (a unit that lost its data and numbers its
-- bundles from an older point): each reset is kept with its reason, and every received bundle
-- remembers which of the sender's chains it came in (0 before any reset), so only bundles of
-- the current chain decide where the next one sits.
CREATE TABLE chain_resets (
    id INTEGER PRIMARY KEY,
    sender_unit_id TEXT NOT NULL REFERENCES units(id),
    reset_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (reason <> '')
) STRICT;
CREATE INDEX chain_resets_sender ON chain_resets(sender_unit_id);
ALTER TABLE bundles_received ADD COLUMN chain INTEGER NOT NULL DEFAULT 0;

-- A key the clerk must confirm again by its fingerprint on the phone before bundles signed with
-- it are accepted: the upper level's key after a whole-installation copy was restored (the copy
-- could have carried a planted key). NULL: confirmed.
ALTER TABLE keys ADD COLUMN unconfirmed_since TEXT;

-- What an applied bundle changed in the registers (JSON: each record it inserted, or the row as
-- it was before it replaced it), so that when the clerk settles a conflict for the other laptop's
-- bundle, the set-aside bundle's effects are undone and the data equals the chosen chain.
ALTER TABLE bundles_received ADD COLUMN effects TEXT;
