-- Migration 11: periods as data (issue 18). Besides half years and years, the upper level opens
-- quarters ('2022-Q1'…'2022-Q4') and nine months ('2022-9M'). SQLite cannot change a CHECK, so
-- the table is rebuilt (the runner defers foreign keys for this and checks them before commit).
CREATE TABLE periods_new (
    code TEXT PRIMARY KEY,              -- '2022-Q1', '2022-H1', '2022-9M' or '2022'
    kind TEXT NOT NULL CHECK (kind IN ('quarter', 'first_half', 'nine_months', 'year')),
    year INTEGER NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    deadline TEXT NOT NULL,
    deadline_set_by TEXT REFERENCES units(id)
) STRICT;
INSERT INTO periods_new (code, kind, year, starts_on, ends_on, deadline, deadline_set_by)
    SELECT code, kind, year, starts_on, ends_on, deadline, deadline_set_by FROM periods;
DROP TABLE periods;
ALTER TABLE periods_new RENAME TO periods;
