//! The shipped catalogue reads; a proposal is checked against who may propose a form, for whom,
//! its quota and how often the same form may be given.

use thidua_awards::{AwardError, Catalogue, Past, Recipient, within_quota};

fn shipped() -> Catalogue {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/awards/mttq.json");
    Catalogue::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn a_commune_proposes_the_provinces_forms_and_a_province_the_central_committees() {
    let c = shipped();
    let bang_khen_tinh = c.form("bang-khen-tinh").unwrap();
    assert!(bang_khen_tinh.may_propose("xa", Recipient::Individual).is_ok());
    let err = bang_khen_tinh.may_propose("tinh", Recipient::Individual).unwrap_err();
    assert!(err.0.contains("không do cấp tỉnh đề nghị") && err.0.contains("xã"), "{err}");
    let co = c.form("co-thi-dua-tw").unwrap();
    assert!(co.may_propose("tinh", Recipient::Collective).is_ok());
    assert_eq!(co.may_propose("tinh", Recipient::Individual).unwrap_err().0, "Cờ thi đua không tặng cho cá nhân.");
    let giay_khen = c.form("giay-khen-xa").unwrap();
    assert!(giay_khen.may_propose("xa", Recipient::Collective).unwrap_err().0.contains("cấp ban hành tự xét"));
}

#[test]
fn the_same_form_too_soon_is_named_with_the_earlier_decision() {
    let c = shipped();
    let form = c.form("bang-khen-tinh").unwrap();
    let history = vec![
        Past { form_code: "bang-khen-tinh".into(), year: 2021, decision: "Quyết định số 15/QĐ-MTTQ-BTT ngày 20/12/2021".into() },
        Past { form_code: "giay-khen-xa".into(), year: 2022, decision: "Quyết định số 03/QĐ-MTTQ-BTT".into() },
    ];
    let why = form.too_soon(2022, &history).unwrap();
    assert_eq!(
        why,
        "đã nhận Bằng khen năm 2021 (Quyết định số 15/QĐ-MTTQ-BTT ngày 20/12/2021); quy định sau ít nhất 2 năm mới đề nghị lại, tức từ năm 2023"
    );
    assert_eq!(form.too_soon(2023, &history), None);
    assert_eq!(c.form("giay-khen-xa").unwrap().too_soon(2022, &history), None, "no rule, no flag");
}

#[test]
fn quotas_count_what_is_already_proposed() {
    assert!(within_quota(Some(3), 1, 2, "Phường Hạc Thành").is_ok());
    assert_eq!(
        within_quota(Some(3), 2, 2, "Phường Hạc Thành"),
        Err(AwardError("vượt số lượng đề nghị của Phường Hạc Thành: tối đa 3, đã có 2, thêm 2".into()))
    );
    assert!(within_quota(None, 100, 1, "x").is_ok());
}

#[test]
fn a_wrong_catalogue_is_refused_with_the_form_named() {
    let good = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/awards/mttq.json")).unwrap();
    for (from, to, says) in [
        ("\"issuer_level\": \"tinh\"", "\"issuer_level\": \"quan\"", "bang-khen-tinh"),
        ("\"quota_per_proposer\": 3", "\"quota_per_proposer\": 0", "lớn hơn 0"),
        ("\"recipients\": [\"tap_the\"]", "\"recipients\": []", "co-thi-dua-tw"),
        ("\"code\": \"bang-khen-tw\"", "\"code\": \"bang-khen-tinh\"", "trùng"),
        (
            "\"needs_report\": true,\n      \"repeat_after_years\": 2",
            "\"needs_report\": \"có\",\n      \"repeat_after_years\": 2",
            "không đọc được",
        ),
    ] {
        assert!(good.contains(from), "{from}");
        let err = Catalogue::from_json(&good.replacen(from, to, 1)).unwrap_err();
        assert!(err.0.contains(says), "{says}: {err}");
    }
}
