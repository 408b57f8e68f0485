-- Migration 8: quyết định khen thưởng (issue 17). A decision awards one form of the catalogue
-- to the nominees the upper level approved; it is numbered in the document register of the
-- installation that issues it. A unit below keeps the decisions it received (`received` = 1),
-- with its own awardees only: the printed decision, with the whole list, came in the bundle.
CREATE TABLE award_decisions (
    id TEXT PRIMARY KEY,
    year INTEGER NOT NULL,
    form_code TEXT NOT NULL,
    -- The form as the decision names it: "Bằng khen của Ban Thường trực Ủy ban MTTQ tỉnh Thanh Hóa".
    form_name TEXT NOT NULL,
    issuer_unit_id TEXT NOT NULL REFERENCES units(id),
    number INTEGER NOT NULL CHECK (number >= 1),
    -- "05/QĐ-MTTQ-BTT" as printed.
    reference TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    received INTEGER NOT NULL DEFAULT 0 CHECK (received IN (0, 1)),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX award_decisions_year ON award_decisions(year);

CREATE TABLE awardees (
    decision_id TEXT NOT NULL REFERENCES award_decisions(id),
    position INTEGER NOT NULL,
    -- The nominee the award answers (no reference: a proposal sent again replaces its rows).
    nominee_id TEXT,
    -- The unit that proposed it.
    unit_id TEXT NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL CHECK (kind IN ('tap_the', 'ca_nhan')),
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    achievement TEXT NOT NULL,
    PRIMARY KEY (decision_id, position)
) STRICT;
CREATE INDEX awardees_nominee ON awardees(nominee_id);

ALTER TABLE document_register ADD COLUMN award_decision_id TEXT REFERENCES award_decisions(id);
CREATE UNIQUE INDEX document_register_award_decision ON document_register(award_decision_id) WHERE award_decision_id IS NOT NULL;
