//! The real 2022 plan of the city's Standing Committee, read from its text.

use thidua_plan::{NodeKind, PlanNode, parse_plan_text};

fn seed() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/seed/ke-hoach-doan-ket-sang-tao-2022.txt")).unwrap()
}

#[test]
fn the_seed_plan_keeps_its_structure() {
    let plan = parse_plan_text(&seed()).unwrap();
    assert_eq!(plan.doc_type, "KẾ HOẠCH");
    assert_eq!(
        plan.summary,
        "Triển khai thực hiện Phong trào thi đua “Đoàn kết sáng tạo, nâng cao năng suất, chất lượng, hiệu quả, hội nhập quốc tế” năm 2022"
    );
    assert_eq!(plan.opening.len(), 1);
    assert!(plan.opening[0].starts_with("Thực hiện Kế hoạch số 377/KH-MTTQ-BTT ngày 23/3/2022"));
    let sections: Vec<(&str, &str)> = plan.nodes.iter().map(|n| (n.marker.as_str(), n.heading.as_str())).collect();
    assert_eq!(sections, [("I.", "MỤC ĐÍCH, YÊU CẦU"), ("II.", "NHIỆM VỤ VÀ GIẢI PHÁP NĂM 2022"), ("III.", "TỔ CHỨC THỰC HIỆN")]);
    assert!(plan.nodes.iter().all(|n| n.kind == NodeKind::Section));

    // Section II: the four task groups.
    let groups: Vec<&PlanNode> = plan.nodes[1].children.iter().collect();
    assert_eq!(groups.len(), 4);
    assert_eq!(groups[0].heading, "Tuyên truyền về phong trào “Đoàn kết sáng tạo”");
    assert_eq!(groups[0].children.len(), 3);
    assert!(groups[0].children.iter().all(|b| b.kind == NodeKind::Bullet));
    assert!(groups[1].heading.is_empty() && groups[1].body.starts_with("Tổ chức các hội nghị, hội thảo"), "a sentence, not a heading");
    assert_eq!(groups[3].heading, "Tổ chức biểu dương và nhân rộng điển hình phong trào");

    // III.3 holds a paragraph without a marker.
    let iii_3 = &plan.nodes[2].children[2];
    assert_eq!(iii_3.heading, "Ban Thường trực Uỷ ban MTTQ các xã, phường");
    assert_eq!(iii_3.children[0].kind, NodeKind::Paragraph);

    assert!(plan.closing[0].starts_with("Trên đây là kế hoạch") && plan.closing[0].ends_with("./."));
    assert_eq!(plan.recipients.len(), 7);
    assert_eq!(plan.recipients[0], "- Ban Thường trực UB MTTQ tỉnh (b/c);");
    assert_eq!(plan.recipients[6], "- Lưu MTTQ thành phố.");
    assert_eq!(
        (plan.signer_authority.as_str(), plan.signer_title.as_str(), plan.signer_name.as_str()),
        ("TM. BAN THƯỜNG TRỰC", "PHÓ CHỦ TỊCH", "Trịnh Quang Huy")
    );
}

#[test]
fn every_word_of_the_seed_is_kept_in_order() {
    let text = seed();
    let plan = parse_plan_text(&text).unwrap();
    let input: Vec<String> = thidua_text::nfc(&text).split_whitespace().map(str::to_owned).collect();
    let mut kept = plan.words();
    // Bullets are stored as "-" markers whatever dash the text used; "Nơi nhận:" is structural.
    kept.retain(|w| !w.is_empty());
    assert_eq!(kept, input);
}

#[test]
fn a_ward_plan_derived_from_the_city_plan_keeps_the_structure_and_speaks_of_the_ward() {
    let city = thidua_plan::parse_plan_text(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/seed/ke-hoach-doan-ket-sang-tao-2022.txt"))
            .unwrap(),
    )
    .unwrap();
    let target = thidua_plan::DeriveTarget {
        unit_in_sentence: "phường Hạc Thành",
        kind: "phường",
        source_issuer: "Ban Thường trực Ủy ban MTTQ thành phố Thanh Hóa",
        source_reference: Some("số 01/KH-MTTQ-BTT ngày 05/04/2022"),
        recipients: vec!["- Ban Thường trực Ủy ban MTTQ thành phố (b/c);".into(), "- Lưu: VT.".into()],
        signer_authority: "TM. BAN THƯỜNG TRỰC",
        signer_title: "CHỦ TỊCH",
        signer_name: "Lê Thị Hồng Nhung",
    };
    let ward = thidua_plan::derive(&city, &target);
    fn count(nodes: &[thidua_plan::PlanNode]) -> usize {
        nodes.iter().map(|n| 1 + count(&n.children)).sum()
    }
    assert_eq!(count(&ward.nodes), count(&city.nodes));
    let markers = |p: &thidua_plan::PlanDraft| p.nodes.iter().map(|n| n.marker.clone()).collect::<Vec<_>>();
    assert_eq!(markers(&ward), markers(&city));
    let body = ward.words().join(" ");
    assert!(
        !body.contains("thành phố") || body.matches("thành phố").count() <= 2,
        "only the source named in the opening and recipients: {}",
        body.matches("thành phố").count()
    );
    assert!(body.contains("trên địa bàn phường") && body.contains("toàn phường"), "{body}");
    assert!(body.contains("trên địa bàn toàn tỉnh"), "the province above stays the province");
    assert!(
        ward.opening[0].starts_with(
            "Thực hiện Kế hoạch số 01/KH-MTTQ-BTT ngày 05/04/2022 của Ban Thường trực Ủy ban MTTQ thành phố Thanh Hóa về triển khai"
        ),
        "{}",
        ward.opening[0]
    );
    assert_eq!(ward.signer_name, "Lê Thị Hồng Nhung");
    assert!(!body.contains("MTTQ các khu dân cư"), "no Standing Committee of residential areas: it does not exist");
}
