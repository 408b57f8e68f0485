-- A plan received from above keeps the header block its issuer signed it under, so it prints
-- under that body wherever it is printed. Its number, day and place already have columns
-- (number, issued_on, place); these hold the rest of the issuer's header.
ALTER TABLE plans ADD COLUMN issuer_parent_body TEXT NOT NULL DEFAULT '';
ALTER TABLE plans ADD COLUMN issuer_body TEXT NOT NULL DEFAULT '';
ALTER TABLE plans ADD COLUMN issuer_symbol TEXT NOT NULL DEFAULT '';

-- The day a report is dated, when the clerk chose it (a report of a past period signed on a
-- given day); otherwise it is dated the day it is sent, or today while a draft.
ALTER TABLE reports ADD COLUMN dated_on TEXT;

-- The records a clerk holds up as typical (gương điển hình): reports name these first.
ALTER TABLE initiatives ADD COLUMN typical TEXT NOT NULL DEFAULT '' CHECK (typical IN ('', 'co'));
ALTER TABLE models ADD COLUMN typical TEXT NOT NULL DEFAULT '' CHECK (typical IN ('', 'co'));
ALTER TABLE activities ADD COLUMN typical TEXT NOT NULL DEFAULT '' CHECK (typical IN ('', 'co'));

-- A report's Nơi nhận as the clerk edited it (a JSON array of lines); NULL: the defaults of
-- its level.
ALTER TABLE reports ADD COLUMN recipients TEXT;

-- A report received in a bundle keeps the PDF its unit signed and sent with it, so the upper
-- level reads the document as the unit printed it before accepting or returning it.
ALTER TABLE reports ADD COLUMN document_pdf BLOB;
