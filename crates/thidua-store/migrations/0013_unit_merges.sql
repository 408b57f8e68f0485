-- Migration 13: the 1 July 2025 merger through history (issue 18). Each row says that an old
-- unit (as the old list named it) went, whole or in part, into a unit of the newer list. The
-- old unit's records stay on its own row: `old_unit_id` is where they are, which for a code the
-- newer list gave to the merged commune is the very row now named after that commune. So
-- `old_code` and `old_name` keep what the old unit was called, and a row's records dated before
-- `effective_on` are read as the old unit's, never as the new commune's.
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
