-- Migration 15: the set says how the narrative speaks of each indicator (issue 18): a JSON
-- phrase {done, none?, within?: [code, joined]}, NULL for "its name: the figure". The program's
-- own set is given its phrases by the migration runner, from the same list new sets are made from.
ALTER TABLE indicators ADD COLUMN phrase TEXT;
