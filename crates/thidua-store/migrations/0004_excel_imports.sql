-- Migration 4: figures and records that came in an Excel template instead of a signed bundle.
-- Every accepted template file is one row here; the report revision and the records it made
-- point back to it (records by source = 'excel'), so lists and totals can say "nhập từ Excel,
-- không có chữ ký".
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

ALTER TABLE reports ADD COLUMN excel_import_id TEXT REFERENCES excel_imports(id);

-- A unit is looked up by its code alone (the sender of every bundle, the unit of a template);
-- the (level, code) index cannot serve that.
CREATE INDEX units_code ON units(code) WHERE retired_at IS NULL;

-- A file imported again is recognised by its hash before it is opened.
CREATE INDEX bundles_received_file ON bundles_received(file_sha256);
-- The bundles waiting (held, in conflict) are looked for after every import.
CREATE INDEX bundles_received_state ON bundles_received(state, sender_unit_id, sequence);
