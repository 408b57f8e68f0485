-- Migration 10: units a unit defines below itself (issue 18), beside the statistics office's
-- list: the residential-area committees (Ban công tác Mặt trận khu dân cư, level khu_dan_cu
-- since migration 1) and the member organisations (Hội Liên hiệp Phụ nữ, Đoàn Thanh niên,
-- Hội Nông dân, Hội Cựu chiến binh, Công đoàn…), which report to the Front of their own unit.
-- The list covers neither level, so importing a newer list never retires them.
INSERT INTO levels (code, name, rank) VALUES ('to_chuc_thanh_vien', 'Tổ chức thành viên', 5);
