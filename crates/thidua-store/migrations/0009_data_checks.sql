-- Migration 9: data checks as data (issue 18). A version of an indicator set carries its rules
-- between figures (JSON: [{"left": ["3.2"], "op": "<=", "right": ["3.1"]}]) and how far a
-- figure may be from the unit's same period a year before, or from the units' median, before
-- it is flagged for the reviewer (percent: 300 = three times or a third; 0 = never).
ALTER TABLE indicator_sets ADD COLUMN rules TEXT NOT NULL DEFAULT '[]';
ALTER TABLE indicator_sets ADD COLUMN outlier_percent INTEGER NOT NULL DEFAULT 0
    CHECK (outlier_percent = 0 OR outlier_percent > 100);

-- Version 1 of the program's own set, in every installation that holds it, gets the checks
-- new installations create it with (`DEFAULT_CHECKS` in indicators.rs; this copy is frozen as
-- shipped, like every migration).
UPDATE indicator_sets
   SET rules = '[{"left":["1.2"],"op":">=","right":["1.1"]},{"left":["2.2"],"op":">=","right":["2.1"]},{"left":["3.2"],"op":"<=","right":["3.1"]},{"left":["3.3"],"op":"<=","right":["3.2"]},{"left":["3.8"],"op":"<=","right":["3.2"]},{"left":["4.2"],"op":"<=","right":["4.1"]},{"left":["4.5"],"op":"<=","right":["4.3","4.4"]}]',
       outlier_percent = 300
 WHERE code = 'doan-ket-sang-tao' AND version = 1;
