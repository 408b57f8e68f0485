-- Migration 16: the verification code printed on a sent report (issue 21,
-- docs/VERIFICATION_CODE.md). The ward writes it when it sends; the upper level keeps the one
-- the bundle carries. The short code is the twelve characters a clerk types from the paper.
ALTER TABLE reports ADD COLUMN verification_code TEXT;
ALTER TABLE reports ADD COLUMN short_code TEXT;
CREATE INDEX reports_short_code ON reports (short_code) WHERE short_code IS NOT NULL;
