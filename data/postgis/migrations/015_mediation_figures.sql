-- Version 15: the figures of the monthly mediation statistics (司法部's
-- 人民调解 statistics report) on the mediation record: the amount the
-- parties agreed on, in 分 (元 × 100, so that sums are exact), and whether
-- the mediation prevented a civil dispute from turning criminal (防止民转刑)
-- or a mass petition (防止群体性上访). Older records hold none of them. A
-- party edit after intake is an event kind of its own (the part both
-- stores share).

ALTER TABLE mediation_records ADD COLUMN amount_fen bigint NOT NULL DEFAULT 0 CHECK (amount_fen >= 0),
	ADD COLUMN prevented_crime boolean NOT NULL DEFAULT false,
	ADD COLUMN prevented_petition boolean NOT NULL DEFAULT false;
