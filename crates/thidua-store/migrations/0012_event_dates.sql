-- Migration 12: figures in the right period (issue 18). The registers gain the days that place
-- an event in time besides the day it was entered: an initiative's recognition and first
-- application, a model's replication and end. An indicator may count by one of them
-- (`date_field`; none: the register's own day), or count a model in every period it is running
-- ('running': from started_on to ended_on). A record kept before these days existed has none:
-- it counts on its register's own day, as it did (nothing already reported moves).
ALTER TABLE initiatives ADD COLUMN recognised_on TEXT;
ALTER TABLE initiatives ADD COLUMN applied_on TEXT;
ALTER TABLE models ADD COLUMN replicated_on TEXT;
ALTER TABLE models ADD COLUMN ended_on TEXT;
ALTER TABLE indicators ADD COLUMN date_field TEXT;

-- The program's own set counts recognition, application and replication by their own days.
UPDATE indicators SET date_field = 'recognised_on'
 WHERE code IN ('3.2', '3.8') AND set_id IN (SELECT id FROM indicator_sets WHERE code = 'doan-ket-sang-tao' AND version = 1);
UPDATE indicators SET date_field = 'applied_on'
 WHERE code = '3.3' AND set_id IN (SELECT id FROM indicator_sets WHERE code = 'doan-ket-sang-tao' AND version = 1);
UPDATE indicators SET date_field = 'replicated_on'
 WHERE code = '4.2' AND set_id IN (SELECT id FROM indicator_sets WHERE code = 'doan-ket-sang-tao' AND version = 1);
