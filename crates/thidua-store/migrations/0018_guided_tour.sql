-- Migration 18: when the sample installation's guided tour through the areas was finished or
-- skipped; NULL while it is still to be shown. A preference of the window, not data: it is
-- not audited and no bundle carries it.
ALTER TABLE installation ADD COLUMN tour_done_at TEXT;
