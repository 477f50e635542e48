-- Version 9: the keys a town office's sheets are imported by, so that a
-- re-import updates rather than duplicates (see data.PeopleStore): a
-- household's number (户号), a resident's identity number and an
-- incident's ledger number (台账编号), each unique when given; and
-- whether a household's location is only its cell's label point (the
-- sheet gave no coordinates). The index on residents' household is what
-- a boundary commit and an import that moves a household scan by.

ALTER TABLE households ADD COLUMN number text NOT NULL DEFAULT '',
	ADD COLUMN approximate boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX households_number ON households (number) WHERE number <> '';
CREATE INDEX residents_household ON residents (household_id);
CREATE UNIQUE INDEX residents_id_number ON residents (id_number) WHERE id_number <> '';
ALTER TABLE incidents ADD COLUMN ledger_number text NOT NULL DEFAULT '';
CREATE UNIQUE INDEX incidents_ledger_number ON incidents (ledger_number) WHERE ledger_number <> '';
