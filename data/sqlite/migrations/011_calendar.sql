-- Version 11: the working-day calendar that stage deadlines counted in
-- days run on (data.Calendar). A date rests on Saturday and Sunday and
-- works otherwise unless it has a row here: 'rest' (休, a public holiday)
-- or 'work' (班, a make-up working day). Days are 'YYYY-MM-DD' in
-- Asia/Shanghai. The admin keeps the rows; the seed, China's official
-- 2026 calendar, is the part of version 11 both stores share
-- (data/internal/sqlstore/migrations/011_calendar.sql).

CREATE TABLE calendar_day_kinds (code TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
INSERT INTO calendar_day_kinds (code) VALUES ('rest'), ('work');
CREATE TABLE calendar_days (
	day  TEXT PRIMARY KEY CHECK (length(day) = 10),
	kind TEXT NOT NULL REFERENCES calendar_day_kinds (code)
) STRICT, WITHOUT ROWID;
