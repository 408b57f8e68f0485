//! The shipped example table, scored as Hưng Yên's guide scores (section V), and ranked.

use std::collections::BTreeMap;

use thidua_scoring::{Answer, Grade, Points, ScoreError, ScoringTable, rank, score};

fn shipped() -> ScoringTable {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/scoring/doan-ket-sang-tao.json");
    ScoringTable::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn ratio(achieved: i64, target: i64) -> Answer {
    Answer::Ratio { achieved, target }
}

/// Every criterion met exactly: grade A, full hand-scored points, on time, nothing granted.
fn exact(table: &ScoringTable) -> BTreeMap<String, Answer> {
    use thidua_scoring::Method::*;
    table
        .criteria()
        .map(|c| {
            let a = match &c.method {
                Ratio { .. } => ratio(10, 10),
                Graded { .. } => Answer::Grade { grade: Grade::A },
                Manual => Answer::Manual { points: c.standard },
                Lateness { .. } => Answer::DaysLate { days: 0 },
                Bonus { .. } => Answer::Granted { granted: false },
                Penalty { .. } => Answer::Occurrences { count: 0 },
            };
            (c.code.clone(), a)
        })
        .collect()
}

#[test]
fn the_shipped_table_gives_a_unit_that_met_every_target_its_hundred_points() {
    let table = shipped();
    assert_eq!(table.standard_total(), Points::whole(100));
    let s = score(&table, &exact(&table)).unwrap();
    assert_eq!(
        (s.base, s.excess_bonus, s.bonus, s.penalties, s.total),
        (Points::whole(100), Points::ZERO, Points::ZERO, Points::ZERO, Points::whole(100))
    );
    assert_eq!(s.class.as_deref(), Some("Xuất sắc"));
    assert!(s.criteria.iter().all(|c| !c.unanswered));
}

#[test]
fn a_ratio_scores_achieved_over_target_and_the_excess_becomes_a_capped_bonus() {
    let table = shipped();
    let mut answers = exact(&table);
    // I.1 (10 points): 150 % of the target gives 10 points and a bonus of 50 %, capped at 10 %.
    answers.insert("I.1".into(), ratio(15, 10));
    // I.2 (5 points): 3 of 4 gives 3,75.
    answers.insert("I.2".into(), ratio(3, 4));
    // I.4 (15 points): 105 % gives 0,75 bonus.
    answers.insert("I.4".into(), ratio(21, 20));
    let s = score(&table, &answers).unwrap();
    let c = |code: &str| s.criteria.iter().find(|c| c.code == code).unwrap().clone();
    assert_eq!((c("I.1").points, c("I.1").excess_bonus), (Points::whole(10), Points::whole(1)));
    assert_eq!(
        c("I.1").explanation,
        "Thực hiện 15 / chỉ tiêu 10 (đạt 150%): 10 / 10 điểm; vượt chỉ tiêu, thưởng 1 điểm (tối đa 10% điểm chuẩn)."
    );
    assert_eq!(c("I.2").points, Points(375));
    assert_eq!(c("I.2").explanation, "Thực hiện 3 / chỉ tiêu 4 (đạt 75%): 3,75 / 5 điểm.");
    assert_eq!(c("I.4").excess_bonus, Points(75));
    assert_eq!(s.base, Points(10_000 - 125));
    assert_eq!(s.excess_bonus, Points(175));
    assert_eq!(s.total, Points(10_000 - 125 + 175));
    assert_eq!(s.total.to_text(), "100,5");
}

#[test]
fn lower_is_better_divides_the_target_by_what_was_achieved() {
    let table = ScoringTable::from_json(
        r#"{"code": "t", "version": 1, "name": "Giảm nghèo", "rules": {"excess_bonus_cap_percent": 10, "quantitative_bonus_cap": 20},
            "groups": [{"code": "I", "name": "Định lượng", "criteria": [
                {"code": "1", "name": "Tỷ lệ hộ nghèo (phần nghìn)", "standard": 10, "method": {"kind": "ratio", "lower_is_better": true}},
                {"code": "2", "name": "Rất lớn", "standard": 300, "method": {"kind": "ratio"}}]}],
            "classes": [{"label": "Đạt", "min": 0}]}"#,
    )
    .unwrap();
    // Target 50 ‰, achieved 40 ‰: 50 ÷ 40 = 125 %: the standard, and 2,5 over capped at 1.
    let mut answers = BTreeMap::from([("1".to_owned(), ratio(40, 50))]);
    let s = score(&table, &answers).unwrap();
    assert_eq!((s.criteria[0].points, s.criteria[0].excess_bonus), (Points::whole(10), Points::whole(1)));
    assert_eq!(
        s.criteria[0].explanation,
        "Chỉ tiêu 50, thực hiện 40 (đạt 125%): 10 / 10 điểm; vượt chỉ tiêu, thưởng 1 điểm (tối đa 10% điểm chuẩn)."
    );
    assert!(s.criteria[1].unanswered && s.criteria[1].explanation == "Chưa chấm.");
    // Achieving 0 where lower is better is the best there is, not a division by zero.
    answers.insert("1".into(), ratio(0, 50));
    assert_eq!(score(&table, &answers).unwrap().criteria[0].excess_bonus, Points::whole(1));
    // All bonuses for exceeding targets together stop at 20 points: 10 % of 300 is 30.
    answers.insert("2".into(), ratio(200, 100));
    let s = score(&table, &answers).unwrap();
    assert_eq!(s.criteria[1].excess_bonus, Points::whole(30));
    assert_eq!(s.excess_bonus, Points::whole(20));
    assert_eq!(s.total, Points::whole(10 + 300 + 20));
}

#[test]
fn grades_bonuses_penalties_and_lateness_score_as_the_guide_says() {
    let table = shipped();
    let mut answers = exact(&table);
    answers.insert("II.1".into(), Answer::Grade { grade: Grade::B });
    answers.insert("II.2".into(), Answer::Grade { grade: Grade::D });
    answers.insert("III.1".into(), Answer::Manual { points: Points(1250) });
    answers.insert("T.1".into(), Answer::Granted { granted: true });
    answers.insert("D.2".into(), Answer::Occurrences { count: 2 });
    let cases = [
        (0, 0, "Đúng hạn."),
        (3, 0, "Chậm 3 ngày, chưa đến mức trừ điểm."),
        (7, -5, "Chậm 7 ngày: trừ 5 điểm."),
        (12, -10, "Chậm 12 ngày: trừ 10 điểm."),
        (40, -20, "Chậm 40 ngày: trừ 20 điểm."),
    ];
    for (days, points, text) in cases {
        answers.insert("D.1".into(), Answer::DaysLate { days });
        let s = score(&table, &answers).unwrap();
        let late = s.criteria.iter().find(|c| c.code == "D.1").unwrap();
        assert_eq!((late.points, late.explanation.as_str()), (Points::whole(points), text));
        // 65 + 8 + 3 + 12,5 = 88,5; +5; −10 for two files returned; lateness on top.
        assert_eq!(s.base, Points(8850));
        assert_eq!(s.bonus, Points::whole(5));
        assert_eq!(s.penalties, Points::whole(-10 + points));
        assert_eq!(s.total, Points(8850 + 500 - 1000 + points * 100));
    }
    let s = score(&table, &answers).unwrap();
    assert_eq!(s.total.to_text(), "63,5");
    assert_eq!(s.class.as_deref(), Some("Trung bình"));
    let penalty = s.criteria.iter().find(|c| c.code == "D.2").unwrap();
    assert_eq!(penalty.explanation, "2 lần × 5 điểm: trừ 10 điểm.");
    answers.insert("D.1".into(), Answer::DaysLate { days: 40 });
    answers.insert("T.1".into(), Answer::Granted { granted: false });
    answers.insert("II.1".into(), Answer::Grade { grade: Grade::D });
    answers.insert("III.1".into(), Answer::Manual { points: Points::ZERO });
    let s = score(&table, &answers).unwrap();
    assert_eq!(s.total, Points::whole(65 + 3 + 3 - 10 - 20));
    assert_eq!(s.class, None, "below every class");
}

#[test]
fn answers_that_do_not_fit_are_refused_with_the_criterion_named() {
    let table = shipped();
    let mut answers = exact(&table);
    answers.insert("III.1".into(), Answer::Manual { points: Points::whole(16) });
    let err = score(&table, &answers).unwrap_err();
    assert_eq!(err.to_string(), "Tiêu chí III.1: điểm chấm phải từ 0 đến 15 (điểm chuẩn), không phải 16.");
    answers.insert("III.1".into(), Answer::Grade { grade: Grade::A });
    assert!(matches!(score(&table, &answers).unwrap_err(), ScoreError::Invalid { criterion, .. } if criterion == "III.1"));
    let mut answers = exact(&table);
    answers.insert("I.1".into(), ratio(5, 0));
    assert_eq!(score(&table, &answers).unwrap_err().to_string(), "Tiêu chí I.1: số thực hiện không âm và chỉ tiêu giao lớn hơn 0.");
    answers.insert("I.1".into(), ratio(-1, 10));
    assert!(score(&table, &answers).is_err());
    let mut answers = exact(&table);
    answers.insert("IX.9".into(), ratio(1, 1));
    assert_eq!(score(&table, &answers).unwrap_err().to_string(), "Bảng tiêu chí không có tiêu chí IX.9.");
}

#[test]
fn a_table_that_cannot_be_scored_is_refused_with_what_is_wrong() {
    let good = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/scoring/doan-ket-sang-tao.json")).unwrap();
    let cases = [
        (r#""code": "I.2""#, r#""code": "I.1""#, "Tiêu chí I.1 (Hội nghị, hội thảo, tọa đàm): mã tiêu chí trống hoặc trùng."),
        (
            r#""b": 8, "c": 6, "d": 3 } },
        { "code": "II.2""#,
            r#""b": 12, "c": 6, "d": 3 } },
        { "code": "II.2""#,
            "Tiêu chí II.1 (Ban hành kế hoạch, hướng dẫn triển khai phong trào kịp thời): điểm loại A ≥ B ≥ C ≥ D ≥ 0 (loại A là điểm chuẩn).",
        ),
        (
            r#"{ "from_days": 10, "points": 10 }"#,
            r#"{ "from_days": 4, "points": 10 }"#,
            "Tiêu chí D.1 (Gửi báo cáo chậm so với hạn): các mức chậm phải tăng dần theo số ngày.",
        ),
        (
            r#"{ "label": "Tốt", "min": 85 }"#,
            r#"{ "label": "Tốt", "min": 96 }"#,
            "Các mức xếp loại phải xếp từ cao xuống thấp, điểm tối thiểu giảm dần.",
        ),
        (
            r#""standard": 15, "method": { "kind": "manual" }"#,
            r#""standard": 0, "method": { "kind": "manual" }"#,
            "Tiêu chí III.1 (Thực hiện chế độ thông tin, báo cáo và hồ sơ khen thưởng): điểm chuẩn phải lớn hơn 0.",
        ),
    ];
    for (from, to, message) in cases {
        assert!(good.contains(from), "{from}");
        let err = ScoringTable::from_json(&good.replacen(from, to, 1)).unwrap_err();
        assert_eq!(err.to_string(), message);
    }
    let err =
        ScoringTable::from_json(&good.replacen(r#""standard": 15, "method""#, r#""standard": 15, "diem": 1, "method""#, 1)).unwrap_err();
    assert!(err.to_string().starts_with("Bảng tiêu chí không đọc được"), "{err}");
}

#[test]
fn units_with_the_same_total_share_a_rank_and_are_listed_in_vietnamese_order() {
    let units: Vec<(String, Points)> =
        [("Phường Đông Sơn", 9000), ("Xã Ân Tiến", 9500), ("Phường Ba Đình", 9000), ("Xã Anh Sơn", 8000), ("Phường An Hưng", 9000)]
            .iter()
            .map(|(n, p)| (n.to_string(), Points(*p)))
            .collect();
    let places = rank(&units);
    let read: Vec<(&str, usize, bool)> = places.iter().map(|p| (units[p.index].0.as_str(), p.rank, p.tied)).collect();
    assert_eq!(
        read,
        [
            ("Xã Ân Tiến", 1, false),
            ("Phường An Hưng", 2, true),
            ("Phường Ba Đình", 2, true),
            ("Phường Đông Sơn", 2, true),
            ("Xã Anh Sơn", 5, false)
        ]
    );
}

/// Every table shipped in `assets/scoring/` reads and passes its checks, and a unit that met
/// every target exactly has the table's standard total.
#[test]
fn every_shipped_table_reads_and_scores() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/scoring");
    let mut tables = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let table =
                ScoringTable::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let s = score(&table, &exact(&table)).unwrap();
            assert_eq!(s.total, table.standard_total(), "{}", path.display());
            tables += 1;
        }
    }
    assert!(tables >= 2);
}

#[test]
fn what_a_scorer_types_becomes_the_answer_its_criterion_takes() {
    let table = shipped();
    let c = |code: &str| table.criterion(code).unwrap();
    assert_eq!(c("I.1").answer_from_text("12/10"), Ok(ratio(12, 10)));
    assert_eq!(c("I.1").answer_from_text("1.200 / 1.000"), Ok(ratio(1200, 1000)));
    assert_eq!(c("II.1").answer_from_text(" b "), Ok(Answer::Grade { grade: Grade::B }));
    assert_eq!(c("T.1").answer_from_text("Có"), Ok(Answer::Granted { granted: true }));
    assert_eq!(c("T.1").answer_from_text("không"), Ok(Answer::Granted { granted: false }));
    assert_eq!(c("D.1").answer_from_text("7"), Ok(Answer::DaysLate { days: 7 }));
    assert_eq!(c("D.2").answer_from_text("2 lần"), Ok(Answer::Occurrences { count: 2 }));
    assert_eq!(c("III.1").answer_from_text("12,5"), Ok(Answer::Manual { points: Points(1250) }));
    for (code, typed) in [("I.1", "12"), ("II.1", "E"), ("T.1", "hai"), ("D.2", "-1"), ("III.1", "mười")] {
        let err = c(code).answer_from_text(typed).unwrap_err();
        assert!(err.contains(code) && err.contains(typed), "{code} {typed}: {err}");
    }
}
