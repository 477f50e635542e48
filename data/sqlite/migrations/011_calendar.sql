-- Version 11: the working-day calendar that stage deadlines counted in
-- days run on (data.Calendar). A date rests on Saturday and Sunday and
-- works otherwise unless it has a row here: 'rest' (休, a public holiday)
-- or 'work' (班, a make-up working day). Days are 'YYYY-MM-DD' in
-- Asia/Shanghai. The admin keeps the rows; the seed is China's official
-- 2026 calendar (国务院办公厅, 2025-11-04), as data.China2026 lists it.

CREATE TABLE calendar_day_kinds (code TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
INSERT INTO calendar_day_kinds (code) VALUES ('rest'), ('work');
CREATE TABLE calendar_days (
	day  TEXT PRIMARY KEY CHECK (length(day) = 10),
	kind TEXT NOT NULL REFERENCES calendar_day_kinds (code)
) STRICT, WITHOUT ROWID;
INSERT INTO calendar_days (day, kind) VALUES
	('2026-01-01', 'rest'),
	('2026-01-02', 'rest'),
	('2026-01-03', 'rest'),
	('2026-01-04', 'work'),
	('2026-02-14', 'work'),
	('2026-02-15', 'rest'),
	('2026-02-16', 'rest'),
	('2026-02-17', 'rest'),
	('2026-02-18', 'rest'),
	('2026-02-19', 'rest'),
	('2026-02-20', 'rest'),
	('2026-02-21', 'rest'),
	('2026-02-22', 'rest'),
	('2026-02-23', 'rest'),
	('2026-02-28', 'work'),
	('2026-04-04', 'rest'),
	('2026-04-05', 'rest'),
	('2026-04-06', 'rest'),
	('2026-05-01', 'rest'),
	('2026-05-02', 'rest'),
	('2026-05-03', 'rest'),
	('2026-05-04', 'rest'),
	('2026-05-05', 'rest'),
	('2026-05-09', 'work'),
	('2026-06-19', 'rest'),
	('2026-06-20', 'rest'),
	('2026-06-21', 'rest'),
	('2026-09-20', 'work'),
	('2026-09-25', 'rest'),
	('2026-09-26', 'rest'),
	('2026-09-27', 'rest'),
	('2026-10-01', 'rest'),
	('2026-10-02', 'rest'),
	('2026-10-03', 'rest'),
	('2026-10-04', 'rest'),
	('2026-10-05', 'rest'),
	('2026-10-06', 'rest'),
	('2026-10-07', 'rest'),
	('2026-10-10', 'work');
