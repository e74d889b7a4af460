-- Disclosure control: the smallest group of pupils an alliance shows (DESIGN.md §6). Official
-- statistics use 5; an alliance may raise it, never lower it (checked in research_cycle.schools,
-- because DuckDB cannot add a column with a constraint). NULL reads as 5.
ALTER TABLE alliance ADD COLUMN disclosure_threshold INTEGER DEFAULT 5;
