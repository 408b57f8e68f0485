-- Migration 3: the document register (sổ đăng ký văn bản đi). Every document this
-- installation issues takes the next number of the year, from 01: plans when the clerk issues
-- them, reports when they are sent.
CREATE TABLE document_register (
    id TEXT PRIMARY KEY,
    year INTEGER NOT NULL,
    number INTEGER NOT NULL CHECK (number >= 1),
    doc_type TEXT NOT NULL,            -- 'KH', 'BC', 'HD'…
    symbol TEXT NOT NULL,              -- 'KH-MTTQ-BTT': printed after the number
    summary TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    plan_id TEXT REFERENCES plans(id),
    report_id TEXT REFERENCES reports(id),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (year, number)
) STRICT;
CREATE UNIQUE INDEX document_register_plan ON document_register(plan_id) WHERE plan_id IS NOT NULL;
CREATE UNIQUE INDEX document_register_report ON document_register(report_id) WHERE report_id IS NOT NULL;
