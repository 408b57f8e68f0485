-- The year's end (issue 17): the scoring tables the upper level writes, the targets it gives
-- each unit, its emulation clusters, and the points scored by hand (the ones the data cannot
-- give: grades, bonuses, penalties, corrections with their reason).

-- A scoring table as data: the whole table in JSON (thidua_scoring::ScoringTable), checked
-- before it is stored. A new version never replaces an old one, so a year scored with
-- version 1 can be shown with version 1 after version 2 is written.
CREATE TABLE scoring_tables (
    code TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    name TEXT NOT NULL,
    body TEXT NOT NULL,
    -- The unit that wrote it (this installation, or the upper level whose bundle brought it).
    issued_by_unit_id TEXT REFERENCES units(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (code, version)
) STRICT;

-- Chỉ tiêu giao: the figure a unit is asked to reach in a year, for one indicator.
CREATE TABLE unit_targets (
    year INTEGER NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units(id),
    indicator_code TEXT NOT NULL,
    target INTEGER NOT NULL CHECK (target > 0),
    set_at TEXT NOT NULL,
    PRIMARY KEY (year, unit_id, indicator_code)
) STRICT;

-- Cụm, khối thi đua: groups of units for a year, with a leader and a deputy.
CREATE TABLE clusters (
    year INTEGER NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (year, code)
) STRICT;

-- A unit is in one cluster a year.
CREATE TABLE cluster_members (
    year INTEGER NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units(id),
    cluster_code TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('leader', 'deputy', 'member')),
    PRIMARY KEY (year, unit_id),
    FOREIGN KEY (year, cluster_code) REFERENCES clusters(year, code)
) STRICT;
CREATE UNIQUE INDEX cluster_one_leader ON cluster_members(year, cluster_code) WHERE role = 'leader';
CREATE UNIQUE INDEX cluster_one_deputy ON cluster_members(year, cluster_code) WHERE role = 'deputy';

-- The upper level's scoring of this unit, as its result bundle brought it (the payload's JSON):
-- the newest replaces the one before for the same year.
CREATE TABLE scoring_results (
    year INTEGER PRIMARY KEY,
    issued_by_unit_id TEXT NOT NULL REFERENCES units(id),
    body TEXT NOT NULL,
    received_at TEXT NOT NULL
) STRICT;

-- What a scorer said of a unit for one criterion (thidua_scoring::Answer in JSON), with why.
-- 'self' is the unit's own score, 'upper' the upper level's; what the data gives (figures
-- against targets, lateness) is computed when shown, and an entry here replaces it.
CREATE TABLE score_entries (
    year INTEGER NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units(id),
    scorer TEXT NOT NULL CHECK (scorer IN ('self', 'upper')),
    criterion_code TEXT NOT NULL,
    answer TEXT NOT NULL,
    reason TEXT NOT NULL,
    set_at TEXT NOT NULL,
    PRIMARY KEY (year, unit_id, scorer, criterion_code)
) STRICT;

-- The award catalogue in use (thidua_awards::Catalogue in JSON), versioned like a scoring table.
CREATE TABLE award_catalogues (
    code TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    name TEXT NOT NULL,
    body TEXT NOT NULL,
    issued_by_unit_id TEXT REFERENCES units(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (code, version)
) STRICT;

-- Đề nghị khen thưởng: a unit proposes nominees for one form of the catalogue in a year. A
-- ward's own proposals are drafts until its yearly report carries them up; the upper level
-- keeps those it received, and decides each nominee.
CREATE TABLE proposals (
    id TEXT PRIMARY KEY,
    year INTEGER NOT NULL,
    proposer_unit_id TEXT NOT NULL REFERENCES units(id),
    form_code TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'sent', 'received')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sent_at TEXT
) STRICT;
CREATE INDEX proposals_year ON proposals(year, proposer_unit_id);

CREATE TABLE nominees (
    id TEXT PRIMARY KEY,
    proposal_id TEXT NOT NULL REFERENCES proposals(id),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('tap_the', 'ca_nhan')),
    name TEXT NOT NULL,
    -- Chức vụ, đơn vị công tác (an individual) or where the collective belongs.
    role TEXT NOT NULL DEFAULT '',
    -- Tóm tắt thành tích.
    achievement TEXT NOT NULL,
    -- The register records it rests on: JSON array of "register:id".
    records TEXT NOT NULL DEFAULT '[]',
    decision TEXT NOT NULL DEFAULT '' CHECK (decision IN ('', 'approved', 'cut', 'returned')),
    decision_reason TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX nominees_proposal ON nominees(proposal_id, position);
