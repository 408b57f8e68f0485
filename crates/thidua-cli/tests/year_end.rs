//! The year's end from the command line (issue 17): `thidua demo --period 2022` scores and ranks
//! the wards; the scoring table, targets, clusters, scores and the ranking through their verbs;
//! refusals exit 1 with the reason and change nothing.

mod support;

use support::*;

#[test]
fn a_years_end_through_the_cli() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("demo");
    let text = ok(tmp.path(), &["demo", "--out", out.to_str().unwrap(), "--wards", "6", "--period", "2022"]);
    assert!(text.contains("Cấp trên đã chấm điểm, xếp hạng thi đua năm"), "{text}");
    let city = out.join("city");
    let wards: Vec<String> = wards(&out).iter().map(|w| w.file_name().unwrap().to_string_lossy().into_owned()).collect();

    // The table in use, exported and listed.
    let list = ok(&city, &["criteria", "list"]);
    assert!(list.contains("(đang dùng)") && list.contains("I.1    Tuyên truyền về phong trào"), "{list}");
    let table = tmp.path().join("bang.xlsx");
    ok(&city, &["criteria", "export", "-o", table.to_str().unwrap()]);
    let json_table = tmp.path().join("bang.json");
    ok(&city, &["criteria", "export", "-o", json_table.to_str().unwrap()]);
    let before = digest(&city);
    ok(&city, &["criteria", "import", table.to_str().unwrap()]);
    assert_eq!(digest(&city), before, "the same table again changes nothing");

    // Targets and clusters as the demo set them.
    let targets: serde_json::Value = serde_json::from_str(&ok(&city, &["--json", "target", "list", "--year", "2022"])).unwrap();
    assert!(targets["indicators"].as_array().unwrap().len() >= 8);
    let clusters: serde_json::Value = serde_json::from_str(&ok(&city, &["--json", "cluster", "list", "--year", "2022"])).unwrap();
    assert_eq!(clusters.as_array().unwrap().len(), 2, "six wards make clusters of five and one");

    // A new target changes the points of its criterion.
    ok(&city, &["target", "set", "--year", "2022", "--unit", &wards[0], "1.1=1000"]);
    let one: serde_json::Value = serde_json::from_str(&ok(&city, &["--json", "score", "--period", "2022", "--unit", &wards[0]])).unwrap();
    let i1 = &one["units"][0]["cells"][0];
    assert!(i1["explanation"].as_str().unwrap().contains("chỉ tiêu 1.000"), "{i1}");

    // The upper level's score with its reason.
    let scored = ok(
        &city,
        &["score", "--period", "2022", "--unit", &wards[1], "--set", "T.2=có", "--reason", "Phát hiện, nhân rộng 3 điển hình tiên tiến"],
    );
    assert!(
        scored.contains("T.2") && scored.contains("Được cộng 5 điểm.") && scored.contains("Lý do: Phát hiện, nhân rộng 3 điển hình"),
        "{scored}"
    );

    // The ranking, over all and within a cluster, and as a workbook.
    let xlsx = tmp.path().join("xep-hang.xlsx");
    let pdf = tmp.path().join("thong-bao.pdf");
    let ranking: serde_json::Value = serde_json::from_str(&ok(
        &city,
        &["--json", "rank", "--period", "2022", "--cluster", "C1", "--xlsx", xlsx.to_str().unwrap(), "--pdf", pdf.to_str().unwrap()],
    ))
    .unwrap();
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let units = ranking["units"].as_array().unwrap();
    assert_eq!(units.len(), 5);
    assert!(units.iter().enumerate().all(|(i, u)| u["cluster_rank"] == i as u64 + 1));
    assert!(xlsx.is_file());
    let human = ok(&city, &["rank", "--period", "2022"]);
    assert!(human.lines().nth(1).unwrap().trim_start().starts_with("1 "), "{human}");
    assert!(human.contains("chưa xếp hạng"), "units without a report are listed, not ranked: {human}");

    // The result goes down to the ward, which imports it.
    let result = tmp.path().join("ket-qua.thidua");
    ok(&city, &["bundle", "export", "--kind", "result", "--to", &wards[1], "--period", "2022", "-o", result.to_str().unwrap()]);
    let imported = ok(&out.join("wards").join(&wards[1]), &["bundle", "import", result.to_str().unwrap()]);
    assert!(imported.contains("Kết quả chấm điểm thi đua năm 2022"), "{imported}");

    // Refusals: exit 1, the reason, nothing changed.
    let before = digest(&city);
    for (args, says) in [
        (vec!["score", "--period", "2022", "--unit", &wards[0], "--set", "III.1=99", "--reason", "x"], "từ 0 đến 15"),
        (vec!["score", "--period", "2022", "--unit", &wards[0], "--set", "III.1=10"], "lý do"),
        (vec!["score", "--period", "2022", "--unit", &wards[0], "--set", "III.1"], "TIÊU_CHÍ=ĐIỂM"),
        (vec!["target", "set", "--year", "2022", "--unit", &wards[0], "1.1=0"], "lớn hơn 0"),
        (vec!["target", "set", "--year", "2022", "--unit", &wards[0], "9.9=5"], "không có chỉ tiêu 9.9"),
        (vec!["cluster", "add", "--year", "2022", "--code", "C3", "--name", "Cụm 3", "--units", &wards[0]], "đã ở Cụm thi đua số 1"),
        (vec!["rank", "--period", "2022", "--cluster", "C9"], "C9"),
        (vec!["bundle", "export", "--kind", "result", "--to", &wards[0], "--period", "2022-H1", "-o", "x.thidua"], "theo năm"),
        (vec!["criteria", "import", json_table.with_extension("txt").to_str().unwrap()], "Không đọc được"),
    ] {
        let err = refused(&city, &args);
        assert!(err.contains(says), "{args:?}: {err}");
        assert_eq!(digest(&city), before, "{args:?}");
    }
}

#[test]
fn proposals_decisions_and_certificates_through_the_cli() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("demo");
    let text = ok(tmp.path(), &["demo", "--out", out.to_str().unwrap(), "--wards", "6", "--period", "2022"]);
    assert!(text.contains("Quyết định khen thưởng:") && text.contains("bang-khen-2022.pdf"), "{text}");
    let city = out.join("city");
    let wards: Vec<String> = wards(&out).iter().map(|w| w.file_name().unwrap().to_string_lossy().into_owned()).collect();

    // The proposals received with the decisions on them, and as a workbook another reader opens.
    let list = ok(&city, &["proposal", "list", "--period", "2022"]);
    assert!(list.contains("Ý kiến cấp trên: Đồng ý") && list.contains("Ý kiến cấp trên: Không đồng ý"), "{list}");
    let xlsx = tmp.path().join("de-nghi.xlsx");
    let said = ok(&city, &["proposal", "export", "--period", "2022", "-o", xlsx.to_str().unwrap()]);
    let nominees: usize = said.split_whitespace().nth(2).unwrap().parse().unwrap();
    let read = std::process::Command::new("python3")
        .args(["-c", "import openpyxl,sys; ws=openpyxl.load_workbook(sys.argv[1]).active; print(sum(1 for r in ws.iter_rows(values_only=True) if isinstance(r[0], int)))"])
        .arg(&xlsx)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&read.stdout).trim(), nominees.to_string(), "{}", String::from_utf8_lossy(&read.stderr));

    // The demo's decision: listed, printed by its number, its certificates, its bundle.
    let overview: serde_json::Value = serde_json::from_str(&ok(&city, &["--json", "award", "list", "--period", "2022"])).unwrap();
    let decision = &overview["decisions"][0];
    let id = decision["id"].as_str().unwrap();
    let reference = decision["title"].as_str().unwrap().split(' ').nth(3).unwrap().to_owned();
    let pdf = tmp.path().join("qd.pdf");
    ok(&city, &["award", "pdf", "--decision", &reference, "-o", pdf.to_str().unwrap()]);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let certificates = tmp.path().join("bk.pdf");
    let said = ok(&city, &["award", "certificates", "--decision", id, "-o", certificates.to_str().unwrap()]);
    assert!(said.contains(&format!("Đã in {} bằng khen", decision["awardees"].as_array().unwrap().len())), "{said}");
    let bundle = tmp.path().join("qd.thidua");
    ok(&city, &["award", "send", "--decision", id, "--unit", &wards[0], "-o", bundle.to_str().unwrap()]);
    assert!(bundle.is_file());
    let history = ok(&city, &["award", "history", "--search", &reference]);
    assert!(history.contains("[Đơn vị đã tặng]"), "{history}");

    // Refused with the reason, nothing changed.
    let before = digest(&city);
    for (args, says) in [
        (vec!["award", "decide", "--period", "2022", "--form", "bang-khen-tinh"], "chưa có quyết định"),
        (vec!["award", "decide", "--period", "2022", "--form", "co-thi-dua-tw"], "cấp mình"),
        (vec!["award", "send", "--decision", id, "--unit", "01", "-o", "x.thidua"], "Không có đơn vị mã 01"),
        (vec!["award", "pdf", "--decision", "999", "-o", "x.pdf"], "Không có quyết định khen thưởng «999»"),
        (vec!["proposal", "export", "--period", "2019", "-o", "x.xlsx"], "chưa có đề nghị"),
    ] {
        let err = refused(&city, &args);
        assert!(err.contains(says), "{args:?}: {err}");
        assert_eq!(digest(&city), before, "{args:?}");
    }
}

/// Issue 18's loop from scripts: the upper level adds an indicator and a target, the plan
/// bundle takes them down (the dry run lists the change), the ward's next report computes the
/// indicator from its register, and the consolidation sums it beside the target.
#[test]
fn an_indicator_with_a_target_goes_down_and_comes_back_summed() {
    let (tmp, out) = demo(2);
    let city = out.join("city");
    let ward = wards(&out).remove(0);
    let unit = ward.file_name().unwrap().to_string_lossy().into_owned();
    let add = |extra: &[&str]| -> Vec<String> {
        let mut args: Vec<String> =
            ["indicators", "add", "--code", "3.9", "--name", "Số hộ được hỗ trợ làm nhà đại đoàn kết", "--unit-of-measure", "hộ"]
                .map(String::from)
                .to_vec();
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    let before = digest(&city);
    let wrong = add(&["--register", "resource", "--filter", "colour=red"]);
    let why = refused(&city, &wrong.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(why.contains("không có trường «colour»"), "{why}");
    assert_eq!(digest(&city), before);

    let joined_to_nothing =
        add(&["--register", "resource", "--phrase", "hỗ trợ {} hộ", "--phrase-within", "9.9", "--phrase-joined", "cho {} hộ"]);
    let why = refused(&city, &joined_to_nothing.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(why.contains("«9.9»"), "{why}");
    assert_eq!(digest(&city), before);

    let right = add(&[
        "--register",
        "resource",
        "--aggregate",
        "count",
        "--filter",
        "purpose=Nhà đại đoàn kết",
        "--phrase",
        "hỗ trợ {} hộ làm nhà đại đoàn kết",
        "--phrase-zero",
        "chưa hỗ trợ hộ nào làm nhà đại đoàn kết",
    ]);
    ok(&city, &right.iter().map(String::as_str).collect::<Vec<_>>());
    let set: serde_json::Value = serde_json::from_str(&ok(&city, &["--json", "indicators", "list"])).unwrap();
    assert_eq!(set["version"], 2);
    assert!(set["indicators"].as_array().unwrap().iter().any(|i| i["code"] == "3.9"));
    ok(&city, &["period", "open", "2022"]);
    // A half year is not what targets are given for: a usage error (exit 2), in Vietnamese.
    let half = thidua(&city, &["targets", "set", "--period", "2022-H1", "--unit", &unit, "3.9", "4"]);
    assert_eq!(half.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&half.stderr).contains("chỉ tiêu giao theo năm"));
    ok(&city, &["targets", "set", "--period", "2022", "--unit", &unit, "3.9", "4"]);

    let plan = tmp.path().join("ke-hoach.thidua");
    ok(&city, &["bundle", "export", "--kind", "plan", "--to", &unit, "--output", plan.to_str().unwrap()]);
    let preview = ok(&ward, &["bundle", "import", "--dry-run", plan.to_str().unwrap()]);
    assert!(preview.contains("Thêm chỉ tiêu 3.9"), "{preview}");
    ok(&ward, &["bundle", "import", plan.to_str().unwrap()]);
    for purpose in ["Nhà đại đoàn kết", "Nhà đại đoàn kết", "Học bổng"] {
        ok(
            &ward,
            &[
                "record",
                "add",
                "resource",
                "--donor",
                "Công ty Hòa Bình",
                "--amount",
                "20.000.000",
                "--purpose",
                purpose,
                "--received-on",
                "05/10/2022",
            ],
        );
    }
    let report: serde_json::Value = serde_json::from_str(&ok(&ward, &["--json", "report", "show", "--period", "2022"])).unwrap();
    let f39 = report["figures"].as_array().unwrap().iter().find(|f| f["code"] == "3.9").unwrap().clone();
    assert_eq!((f39["value"].as_i64(), f39["target"].as_i64()), (Some(2), Some(4)), "{f39}");
    let said: Vec<&str> = report["narrative"].as_array().unwrap().iter().filter_map(|s| s["text"].as_str()).collect();
    assert!(said.iter().any(|t| t.contains("hỗ trợ 2 hộ làm nhà đại đoàn kết")), "{said:?}");
    for manual in report["figures"].as_array().unwrap().iter().filter(|f| f["source"].is_null()) {
        ok(&ward, &["report", "figure", "--period", "2022", manual["code"].as_str().unwrap(), "3"]);
    }
    let sent = tmp.path().join("bao-cao-nam.thidua");
    ok(&ward, &["bundle", "export", "--period", "2022", "--output", sent.to_str().unwrap()]);
    ok(&city, &["bundle", "import", sent.to_str().unwrap()]);
    let c: serde_json::Value = serde_json::from_str(&ok(&city, &["--json", "consolidate", "--period", "2022"])).unwrap();
    let total = c["totals"].as_array().unwrap().iter().find(|t| t["code"] == "3.9").unwrap().clone();
    assert_eq!((total["received_total"].as_i64(), total["target"].as_i64()), (Some(2), Some(4)), "{total}");

    // A unit defined below the ward, beyond the statistics list; a unit outside refused.
    let before = digest(&ward);
    let why = refused(
        &ward,
        &["units", "add", "--code", "HLHPN", "--name", "Hội Liên hiệp Phụ nữ", "--kind", "to-chuc-thanh-vien", "--parent", "38"],
    );
    assert!(why.contains("không thuộc"), "{why}");
    assert_eq!(digest(&ward), before);
    ok(&ward, &["units", "add", "--code", "HLHPN", "--name", "Hội Liên hiệp Phụ nữ phường", "--kind", "to-chuc-thanh-vien"]);
    let listed = ok(&ward, &["completeness", "--period", "2022"]);
    assert!(listed.contains("HLHPN") && listed.contains("Hội Liên hiệp Phụ nữ phường"), "{listed}");
}
