-- Migration 17: whether an issued award decision cites the year's scoring among its grounds
-- ("Căn cứ kết quả chấm điểm, xếp hạng thi đua năm …"). Decided once, when the decision is
-- issued, so every reprint reads as the signed copy did whatever is scored later. NULL for
-- decisions issued before this column (and for received ones, printed from their bundle).
ALTER TABLE award_decisions ADD COLUMN cites_scoring INTEGER;
