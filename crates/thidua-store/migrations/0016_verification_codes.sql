-- Migration 16: the verification code printed on a sent report, an issued plan and an issued
-- award decision (issue 21,
-- docs/VERIFICATION_CODE.md). The issuer writes it when it sends or issues; a receiver keeps the
-- one the bundle carries. The short code is the twelve characters a clerk types from the paper.
ALTER TABLE reports ADD COLUMN verification_code TEXT;
ALTER TABLE reports ADD COLUMN short_code TEXT;
CREATE INDEX reports_short_code ON reports (short_code) WHERE short_code IS NOT NULL;
ALTER TABLE plans ADD COLUMN verification_code TEXT;
ALTER TABLE plans ADD COLUMN short_code TEXT;
CREATE INDEX plans_short_code ON plans (short_code) WHERE short_code IS NOT NULL;
ALTER TABLE award_decisions ADD COLUMN verification_code TEXT;
ALTER TABLE award_decisions ADD COLUMN short_code TEXT;
CREATE INDEX award_decisions_short_code ON award_decisions (short_code) WHERE short_code IS NOT NULL;
