//! `thidua demo`: a whole reporting cycle, offline, with sample data: an upper installation
//! (Thanh Hóa province), N ward installations below it, enrolment both ways, the plan and
//! indicator set sent down, each ward's half-year report sent up, and the upper level
//! importing them all. Every folder it makes is an ordinary data directory.
//!
//! It is also the benchmarks' scenario generator: the same seed gives the same registers, and
//! past Thanh Hóa's 166 communes (up to the country's 3,321) every commune of the 2025 list is
//! placed under the province in this scenario's catalogue, to measure one upper level taking a
//! bundle from every commune of the country. The wards' installations can be dropped once
//! their bundles are written (2.3 MB each), and the final import left to the benchmark.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Value, json};
use thidua_model::{DocumentHeader, PeriodCode, RegisterKind, Unit};
use thidua_store::UnitFilter;
use ts_rs::TS;

use crate::{ApiError, SetupInput, Workspace};

pub mod merger;

/// The province the demo's upper level stands for, and the level of its units.
const PROVINCE_CODE: &str = "38";
const THANH_HOA_COMMUNES: usize = 166;

/// Places communes of the catalogue (those of `codes`, or all) directly under the province, in
/// this scenario's copy only: the load scenario puts the whole country under one upper level, the
/// merger scenario puts a city's wards of 2024 under the province that consolidates them today.
pub fn place_under_the_province(ws: &mut Workspace, codes: Option<&[&str]>) -> Result<(), ApiError> {
    let province =
        ws.store.read().unit_by_code(PROVINCE_CODE, Some("tinh"))?.ok_or_else(|| ApiError::refused("Danh mục không có tỉnh Thanh Hóa."))?;
    let communes = ws.store.read().units(&UnitFilter { level: Some("xa".into()), ..Default::default() })?;
    ws.store.write("kịch bản chạy thử", |w| {
        let chosen = communes.iter().filter(|u| codes.is_none_or(|c| c.contains(&u.code.as_str())));
        for unit in chosen.filter(|u| u.parent_id != Some(province.id)) {
            let change = thidua_store::NewUnit { parent_id: Some(province.id), ..thidua_store::NewUnit::from(unit) };
            w.update_unit(unit.id, &change, "kịch bản chạy thử: xã, phường đặt trực tiếp dưới tỉnh")?;
        }
        Ok(())
    })?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct DemoReport {
    pub upper_dir: String,
    pub ward_dirs: Vec<String>,
    pub bundles_dir: String,
    pub bundles: u32,
    pub imported: u32,
    pub refused: u32,
    pub period: String,
    /// The ranking workbook of a yearly demo.
    pub ranking: Option<String>,
    /// A yearly demo's award decision and its certificates, as PDFs.
    pub decision: Option<String>,
    pub certificates: Option<String>,
}

/// A small deterministic generator (xorshift), so the same seed gives the same wards.
pub struct Seeded(u64);

impl Seeded {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as i64
    }
}

fn io(path: &Path, e: std::io::Error) -> ApiError {
    ApiError::refused(format!("Không ghi được {} ({e}).", path.display()))
}

/// What the generator makes.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub wards: usize,
    pub period: String,
    /// Keep each ward's data directory; otherwise only its bundles stay.
    pub keep_wards: bool,
    /// The upper level imports the reports at the end.
    pub import: bool,
    /// Every installation's clock stopped at this instant (tests of dates); `None`: the
    /// system's clock.
    pub at: Option<thidua_model::Moment>,
    /// The upper level also runs "Vì người nghèo" beside the first movement, and each ward
    /// reports it for the same period.
    pub second_movement: bool,
    /// The first movement's set has at least this many indicators: the upper level adds
    /// indicators entered by hand up to it, and each ward enters a figure for each (a province
    /// with a larger set than the program's own; 0 keeps the set as it is).
    pub indicators: usize,
}

/// The demo's second movement and its indicators: one counted from the shared resources
/// register, one entered by hand.
pub const SECOND_MOVEMENT: (&str, &str) = ("vi-nguoi-ngheo", "Vì người nghèo");
/// What the demo's donations are for: the second movement's first indicator counts them.
const POOR_FUND: &str = "Quỹ “Vì người nghèo”";

/// Runs the cycle into `out` (which must be empty or absent), the first movement only.
pub fn run_demo(out: &Path, wards: usize, period: &str) -> Result<DemoReport, ApiError> {
    run_scenario(
        out,
        &Scenario { wards, period: period.into(), keep_wards: true, import: true, at: None, second_movement: false, indicators: 0 },
    )
}

/// The upper level widens the first movement's set to `total` indicators with indicators
/// entered by hand ("5.1", "5.2"… under the fourth task group); returns their codes.
fn widen_the_set(upper: &mut Workspace, total: usize) -> Result<Vec<String>, ApiError> {
    let have = upper.indicator_set_view()?.indicators.len();
    let added: Vec<String> = (1..=total.saturating_sub(have)).map(|n| format!("5.{n}")).collect();
    for code in &added {
        upper.add_indicator(&crate::IndicatorInput {
            code: code.clone(),
            name: format!("Chỉ tiêu bổ sung {code} của tỉnh"),
            measure: "lượt".into(),
            task_group: 4,
            register: None,
            aggregate: None,
            filters: Vec::new(),
            date_field: None,
            phrase: None,
        })?;
    }
    Ok(added)
}

/// The upper level starts the second movement: its set of two indicators, then back to the first.
fn start_second_movement(upper: &mut Workspace) -> Result<(), ApiError> {
    let (code, name) = SECOND_MOVEMENT;
    upper.add_movement(&crate::MovementInput { code: code.into(), name: name.into() })?;
    let fund = crate::IndicatorInput {
        code: "1".into(),
        name: "Số tiền vận động ủng hộ Quỹ Vì người nghèo".into(),
        measure: "đồng".into(),
        task_group: 1,
        register: Some("resource".into()),
        aggregate: Some("sum:amount".into()),
        filters: vec![("purpose".into(), vec![POOR_FUND.into()])],
        date_field: None,
        phrase: Some(crate::IndicatorPhrase {
            done: format!("vận động ủng hộ {POOR_FUND} được {{}} đồng"),
            none: format!("chưa vận động được tiền ủng hộ {POOR_FUND}"),
            within: None,
        }),
    };
    upper.add_indicator(&fund)?;
    let houses = crate::IndicatorInput {
        code: "2".into(),
        name: "Số nhà Đại đoàn kết được xây mới, sửa chữa".into(),
        measure: "nhà".into(),
        task_group: 2,
        register: None,
        aggregate: None,
        filters: Vec::new(),
        date_field: None,
        phrase: Some(crate::IndicatorPhrase {
            done: "xây mới, sửa chữa {} nhà Đại đoàn kết".into(),
            none: "chưa xây mới, sửa chữa nhà Đại đoàn kết nào".into(),
            within: None,
        }),
    };
    upper.add_indicator(&houses)?;
    upper.set_movement(thidua_model::FIRST_MOVEMENT)?;
    Ok(())
}

/// A ward reports the second movement for `period`: its set down, the donations to the fund
/// counted from the registers it shares with the first, the houses entered by hand, its report up.
fn report_second_movement(
    upper: &mut Workspace,
    ward: &mut Workspace,
    unit: &Unit,
    period: PeriodCode,
    seed: u64,
    bundles_dir: &Path,
) -> Result<PathBuf, ApiError> {
    let (code, _) = SECOND_MOVEMENT;
    upper.set_movement(code)?;
    let plan = bundles_dir.join(format!("ke-hoach-{code}-{}.thidua", unit.code));
    upper.export_plan_bundle(&unit.code, None, &plan)?;
    upper.set_movement(thidua_model::FIRST_MOVEMENT)?;
    if let Some(bad) = ward.import_bundles(&[plan.as_path()], false)?.into_iter().find(|o| !o.is_ok()) {
        return Err(ApiError::refused(bad.message));
    }
    ward.set_movement(code)?;
    let mut rng = Seeded::new(seed ^ 0x5eed);
    let houses = rng.range(0, 4);
    ward.set_figure(&period.to_string(), "2", Some(houses), "")?;
    let report = bundles_dir.join(format!("{}-bao-cao-{code}-{period}.thidua", unit.code));
    ward.export_report_bundle(&period.to_string(), &report)?;
    ward.set_movement(thidua_model::FIRST_MOVEMENT)?;
    Ok(report)
}

/// Runs a scenario into `out` (which must be empty or absent).
pub fn run_scenario(out: &Path, scenario: &Scenario) -> Result<DemoReport, ApiError> {
    let (wards, period) = (scenario.wards, scenario.period.as_str());
    let period_code = PeriodCode::parse(period)?;
    if out.is_dir() && std::fs::read_dir(out).map_err(|e| io(out, e))?.next().is_some() {
        return Err(ApiError::refused(format!("Thư mục {} đã có dữ liệu: hãy chọn một thư mục trống cho bản chạy thử.", out.display())));
    }
    let (upper_dir, wards_dir, bundles_dir) = (out.join("city"), out.join("wards"), out.join("bundles"));
    for d in [&upper_dir, &wards_dir, &bundles_dir] {
        std::fs::create_dir_all(d).map_err(|e| io(d, e))?;
    }
    // One store with the unit list, copied for every installation: importing the list 167
    // times would be most of the demo's time.
    let template_dir = out.join("catalogue-template");
    let template = template_dir.join("copy.sqlite3");
    {
        let mut ws = Workspace::open_or_create(&template_dir)?;
        ws.ensure_catalogue()?;
        if wards > THANH_HOA_COMMUNES {
            place_under_the_province(&mut ws, None)?;
        }
        ws.backup(&template)?;
    }
    let from_template = |dir: &Path| -> Result<Workspace, ApiError> {
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        std::fs::copy(&template, dir.join(crate::DATABASE_FILE)).map_err(|e| io(dir, e))?;
        match scenario.at {
            Some(at) => Workspace::open_or_create_with_clock(dir, Box::new(thidua_store::FixedClock(at))),
            None => Workspace::open(dir),
        }
    };

    let mut upper = from_template(&upper_dir)?;
    let province = upper
        .store
        .read()
        .unit_by_code(PROVINCE_CODE, Some("tinh"))?
        .ok_or_else(|| ApiError::refused("Danh mục không có tỉnh Thanh Hóa."))?;
    set_up(&mut upper, &province, None, "Trần Văn Bình", "Phạm Thu Hà")?;
    let children: Vec<Unit> = {
        let mut units = upper.store.read().units(&UnitFilter { level: Some("xa".into()), ..Default::default() })?;
        units.retain(|u| u.parent_id == Some(province.id));
        units.sort_by(|a, b| a.code.cmp(&b.code));
        units
    };
    if wards == 0 || wards > children.len() {
        return Err(ApiError::refused(format!("Số phường, xã phải từ 1 đến {} (số đơn vị cấp xã của {}).", children.len(), province.name)));
    }
    // The deadline two weeks from today, so the demo's wards report on time.
    let in_two_weeks = thidua_model::Moment::from_unix_seconds(upper.store.now().unix_seconds() + 14 * 86_400);
    let deadline = in_two_weeks.map(|m| m.day_text());
    upper.open_period(&period_code.to_string(), deadline.as_deref())?;
    let upper_identity = bundles_dir.join(format!("dinh-danh-{}.json", province.code));
    let upper_fingerprint = upper.export_identity(&upper_identity)?.fingerprint;
    let yearly = period_code.kind() == thidua_model::PeriodKind::Year;
    if yearly {
        year_start(&mut upper, &children[..wards], period_code.year())?;
    }
    let added_indicators = widen_the_set(&mut upper, scenario.indicators)?;
    if scenario.second_movement {
        start_second_movement(&mut upper)?;
    }

    let mut ward_dirs = Vec::new();
    let mut reports: Vec<PathBuf> = Vec::new();
    let mut bundles = 0u32;
    for (i, unit) in children.iter().take(wards).enumerate() {
        let dir = wards_dir.join(&unit.code);
        let mut ward = from_template(&dir)?;
        // A generated ward is thrown away after it has sent its report: nothing to keep.
        ward.set_automatic_backups(false);
        set_up(&mut ward, unit, Some(province.id), "Nguyễn Thị Mai", "Lê Văn Nam")?;
        // Enrolment both ways; the fingerprint is what each clerk would read over the phone.
        let identity = bundles_dir.join(format!("dinh-danh-{}.json", unit.code));
        let fingerprint = ward.export_identity(&identity)?.fingerprint;
        upper.enroll(&identity, &fingerprint)?;
        ward.enroll(&upper_identity, &upper_fingerprint)?;
        // Down: the indicator set and deadlines.
        let plan = bundles_dir.join(format!("{}-ke-hoach-{}.thidua", province.code, unit.code));
        upper.export_plan_bundle(&unit.code, None, &plan)?;
        let imported = ward.import_bundles(&[plan.as_path()], false)?;
        if let Some(bad) = imported.iter().find(|o| !o.is_ok()) {
            return Err(ApiError::refused(bad.message.clone()));
        }
        // The ward's half year, then its report up.
        fill_ward(&mut ward, period_code, i as u64 + 1)?;
        let mut rng = Seeded::new(i as u64 + 7);
        for code in &added_indicators {
            ward.set_figure(period, code, Some(rng.range(0, 40)), "")?;
        }
        if yearly {
            self_score(&mut ward, period_code.year(), i as u64 + 1)?;
            propose(&mut ward, period_code.year(), "Lê Văn Nam")?;
        }
        let report = bundles_dir.join(format!("{}-bao-cao-{}.thidua", unit.code, period_code));
        ward.export_report_bundle(period, &report)?;
        reports.push(report);
        bundles += 2;
        if scenario.second_movement {
            reports.push(report_second_movement(&mut upper, &mut ward, unit, period_code, i as u64 + 1, &bundles_dir)?);
            bundles += 2;
        }
        if scenario.keep_wards {
            ward_dirs.push(dir.display().to_string());
        } else {
            drop(ward);
            std::fs::remove_dir_all(&dir).map_err(|e| io(&dir, e))?;
        }
    }
    let paths: Vec<&Path> = reports.iter().map(PathBuf::as_path).collect();
    let outcomes = if scenario.import { upper.import_bundles(&paths, false)? } else { Vec::new() };
    let (mut ranking, mut decision, mut certificates) = (None, None, None);
    if scenario.import && yearly {
        let year = period_code.year();
        let dest = out.join(format!("xep-hang-{year}.xlsx"));
        year_end(&mut upper, &children[..wards], year, &dest)?;
        ranking = Some(dest.display().to_string());
        // The decision down to every ward that proposed, and into the wards kept.
        if upper.award_decisions(year)?.pending.is_empty() {
            return Err(ApiError::refused("Bản chạy thử: không có đề nghị khen thưởng nào được đồng ý."));
        }
        let issued = upper.issue_award_decision(year, "bang-khen-tinh")?;
        let (pdf, certs) = (out.join(format!("quyet-dinh-khen-thuong-{year}.pdf")), out.join(format!("bang-khen-{year}.pdf")));
        upper.award_decision_pdf(issued.id, &pdf)?;
        upper.certificates_pdf(issued.id, &certs)?;
        (decision, certificates) = (Some(pdf.display().to_string()), Some(certs.display().to_string()));
        let sent: Vec<(String, PathBuf)> = children[..wards]
            .iter()
            .map(|unit| (unit.code.clone(), bundles_dir.join(format!("{}-quyet-dinh-khen-thuong-{}.thidua", province.code, unit.code))))
            .collect();
        bundles += upper.export_award_decisions(issued.id, &sent)?.len() as u32;
        for ((_, bundle), dir) in sent.iter().zip(wards_dir_list(&wards_dir, &children[..wards], scenario.keep_wards)) {
            if let Some(dir) = dir {
                let mut ward = Workspace::open(&dir)?;
                if let Some(bad) = ward.import_bundles(&[bundle.as_path()], false)?.into_iter().find(|o| !o.is_ok()) {
                    return Err(ApiError::refused(bad.message));
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&template_dir);
    Ok(DemoReport {
        upper_dir: upper_dir.display().to_string(),
        ward_dirs,
        bundles_dir: bundles_dir.display().to_string(),
        bundles,
        imported: outcomes.iter().filter(|o| o.is_ok()).count() as u32,
        refused: outcomes.iter().filter(|o| !o.is_ok()).count() as u32,
        period: period_code.to_string(),
        ranking,
        decision,
        certificates,
    })
}

/// Each ward's data directory when the wards were kept, else nothing to import into.
fn wards_dir_list(wards_dir: &Path, wards: &[Unit], kept: bool) -> Vec<Option<PathBuf>> {
    wards.iter().map(|u| kept.then(|| wards_dir.join(&u.code))).collect()
}

/// What an upper level decides at the start of a year, for a yearly demo: the example scoring
/// table, each ward's targets (near what such a ward achieves) and clusters of five wards with a
/// leader and a deputy. The plan bundles then carry the table and the targets down.
fn year_start(upper: &mut Workspace, wards: &[Unit], year: i32) -> Result<(), ApiError> {
    upper.use_example_scoring_table()?;
    // A year's usual figures of a ward like the generated ones, by indicator.
    const USUAL: [(&str, i64, i64); 8] =
        [("1.1", 10, 25), ("2.1", 10, 30), ("2.4", 2, 8), ("3.2", 1, 3), ("3.3", 1, 2), ("3.4", 1, 3), ("4.1", 1, 3), ("4.2", 1, 2)];
    let mut rng = Seeded::new(year as u64);
    let indicators: Vec<String> = upper.targets(year)?.indicators.into_iter().map(|(code, _, _)| code).collect();
    for ward in wards {
        let targets: Vec<(String, String)> = indicators
            .iter()
            .map(|code| {
                let (lo, hi) = USUAL.iter().find(|(c, _, _)| c == code).map_or((1, 10), |(_, lo, hi)| (*lo, *hi));
                (code.clone(), rng.range(lo, hi).to_string())
            })
            .collect();
        upper.set_targets(year, &ward.code, &targets)?;
    }
    for (n, group) in wards.chunks(5).enumerate() {
        let codes: Vec<String> = group.iter().map(|u| u.code.clone()).collect();
        let deputy = codes.get(1).map(String::as_str);
        upper.save_cluster(year, &format!("C{}", n + 1), &format!("Cụm thi đua số {}", n + 1), Some(&codes[0]), deputy, &codes)?;
    }
    Ok(())
}

/// A ward scores itself on the criteria its data does not give, each with its evidence.
fn self_score(ward: &mut Workspace, year: i32, seed: u64) -> Result<(), ApiError> {
    let mut rng = Seeded::new(seed + 1000);
    let plan = "Kế hoạch số 05/KH-MTTQ triển khai phong trào, ban hành tháng 01";
    ward.set_own_score(year, "II.1", Some(["A", "A", "B"][rng.range(0, 2) as usize]), plan)?;
    ward.set_own_score(
        year,
        "II.2",
        Some(["A", "B"][rng.range(0, 1) as usize]),
        "Biên bản các hội nghị phối hợp với các tổ chức thành viên",
    )?;
    ward.set_own_score(year, "III.1", Some(&rng.range(12, 15).to_string()), "Báo cáo đủ, đúng hạn các kỳ trong năm")?;
    if seed % 2 == 1 {
        ward.set_own_score(year, "T.1", Some("có"), "Mô hình sáng tạo được huyện biểu dương")?;
    }
    Ok(())
}

/// A ward proposes, for the province's Bằng khen, the collective behind its models and its
/// clerk for the initiatives recognised, each resting on the register records that show it.
fn propose(ward: &mut Workspace, year: i32, clerk: &str) -> Result<(), ApiError> {
    let me = ward.installation()?.unit;
    let refs = |kind: RegisterKind, keep: &dyn Fn(&thidua_store::RegisterRecord) -> bool| -> Result<Vec<String>, ApiError> {
        let rows = ward.store.read().records(kind, Some(me.id))?;
        Ok(rows.iter().filter(|r| keep(r)).map(|r| format!("{}:{}", kind.code(), r.id)).collect())
    };
    let models = refs(RegisterKind::Model, &|_| true)?;
    let recognised = refs(RegisterKind::Initiative, &|r| r.fields.get("status").and_then(Value::as_str).is_some_and(|s| s != "dang_ky"))?;
    if models.is_empty() && recognised.is_empty() {
        return Ok(());
    }
    let proposal = ward.new_proposal(year, "bang-khen-tinh")?;
    if !models.is_empty() {
        ward.add_nominee(
            proposal.id,
            &crate::NomineeInput {
                kind: "tap_the".into(),
                name: format!("Ban Công tác Mặt trận khu dân cư số 1, {}", me.name_in_sentence()),
                role: me.full_name(),
                achievement: format!("Xây dựng {} mô hình “Đoàn kết sáng tạo” ở khu dân cư trong năm {year}", models.len()),
                records: models,
            },
        )?;
    }
    if !recognised.is_empty() {
        ward.add_nominee(
            proposal.id,
            &crate::NomineeInput {
                kind: "ca_nhan".into(),
                name: clerk.into(),
                role: format!("Cán bộ Ủy ban MTTQ {}", me.name_in_sentence()),
                achievement: format!("Có {} sáng kiến được công nhận, áp dụng trong năm {year}", recognised.len()),
                records: recognised,
            },
        )?;
    }
    Ok(())
}

/// The year's end at the upper level, for a yearly demo: the criteria the data cannot give
/// scored with a reason after checking each ward's own score, and the ranking as a workbook.
fn year_end(upper: &mut Workspace, wards: &[Unit], year: i32, ranking: &Path) -> Result<(), ApiError> {
    let mut rng = Seeded::new(year as u64 + 1);
    const CHECKED: &str = "Theo biên bản kiểm tra cuối năm của Ban Thường trực";
    for (i, ward) in wards.iter().enumerate() {
        // Where the check found otherwise than the ward's own score.
        upper.set_score(year, &ward.code, "II.2", Some(["A", "B", "B", "C"][rng.range(0, 3) as usize]), CHECKED)?;
        upper.set_score(year, &ward.code, "III.1", Some(&rng.range(9, 15).to_string()), CHECKED)?;
        if i % 3 == 0 {
            upper.set_score(year, &ward.code, "T.2", Some("có"), "Phát hiện, nhân rộng điển hình tiên tiến được tỉnh biểu dương")?;
        }
    }
    upper.ranking_xlsx(year, None, ranking)?;
    // The proposals against the ranking: the first unit of each cluster has its nominees
    // approved, the others are cut with the reason.
    let scoring = upper.scoring(year, None)?;
    for p in upper.proposals(year)?.into_iter().filter(|p| p.reviewable) {
        let leads = scoring.units.iter().any(|u| u.unit_code == p.proposer_code && u.cluster_rank == 1);
        for n in &p.nominees {
            if leads {
                upper.decide_nominee(n.id, "approved", "")?;
            } else {
                upper.decide_nominee(n.id, "cut", "Đơn vị chưa dẫn đầu cụm thi đua năm nay; đề nghị xét vào năm sau")?;
            }
        }
    }
    Ok(())
}

fn set_up(ws: &mut Workspace, unit: &Unit, parent: Option<thidua_model::RecordId>, signer: &str, clerk: &str) -> Result<(), ApiError> {
    let defaults = ws.header_defaults(unit.id)?;
    ws.setup(&SetupInput {
        unit_id: unit.id,
        parent_unit_id: parent,
        header: DocumentHeader { signer_name: signer.into(), ..defaults.header },
        clerk_name: clerk.into(),
    })?;
    Ok(())
}

/// A plausible half year of one ward's registers (a few dozen records) and hand-entered
/// figures, from a seed.
pub fn fill_ward(ws: &mut Workspace, period: PeriodCode, seed: u64) -> Result<(), ApiError> {
    let mut rng = Seeded::new(seed);
    let (start, end) = (period.starts(), period.ends());
    let months = (end.month() as i64 - start.month() as i64).max(0);
    let day = |rng: &mut Seeded| format!("{}-{:02}-{:02}", start.year(), start.month() as i64 + rng.range(0, months), rng.range(1, 28));
    let mut records: Vec<(RegisterKind, Value)> = Vec::new();
    const ORGS: [&str; 5] = ["Hội Liên hiệp Phụ nữ", "Hội Nông dân", "Hội Cựu chiến binh", "Đoàn Thanh niên", "Ban Thường trực"];
    for n in 0..rng.range(10, 25) {
        let kind = ["tuyen_truyen", "hoi_nghi", "giam_sat", "phan_bien"][(n % 4) as usize];
        records.push((
            RegisterKind::Activity,
            json!({"kind": kind, "held_on": day(&mut rng), "title": format!("Hoạt động số {} về phong trào “Đoàn kết sáng tạo”", n + 1),
                   "organiser": "Ban Thường trực", "member_org": ORGS[rng.range(0, 4) as usize],
                   "sessions": rng.range(1, 6), "participants": rng.range(20, 600), "media_items": rng.range(0, 4)}),
        ));
    }
    for n in 0..rng.range(2, 6) {
        let status = ["dang_ky", "cong_nhan", "ap_dung"][rng.range(0, 2) as usize];
        let mut f = json!({"title": format!("Sáng kiến số {} của khu dân cư", n + 1), "authors": "Tổ dân phố", "field": "Chuyển đổi số",
                           "registered_on": day(&mut rng), "status": status});
        if status != "dang_ky" {
            f["recognition_level"] = json!("xa");
            f["estimated_benefit"] = json!(rng.range(1, 50) * 1_000_000);
        }
        records.push((RegisterKind::Initiative, f));
    }
    for n in 0..rng.range(1, 3) {
        let status = ["xay_dung", "nhan_rong"][rng.range(0, 1) as usize];
        records.push((
            RegisterKind::Model,
            json!({"name": format!("Mô hình “Đoàn kết sáng tạo” số {} – xanh, sạch, đẹp", n + 1), "started_on": day(&mut rng), "status": status,
                   "member_org": ORGS[rng.range(0, 4) as usize]}),
        ));
    }
    for n in 0..rng.range(0, 3) {
        records.push((
            RegisterKind::OcopLink,
            json!({"product": format!("Sản phẩm OCOP số {}", n + 1), "producer": "Hợp tác xã nông nghiệp", "stars": rng.range(3, 5), "linked_on": day(&mut rng)}),
        ));
    }
    for n in 0..rng.range(3, 8) {
        records.push((
            RegisterKind::Resource,
            json!({"donor": format!("Doanh nghiệp trên địa bàn số {}", n + 1), "amount": rng.range(1, 40) * 500_000,
                   "purpose": POOR_FUND, "received_on": day(&mut rng)}),
        ));
    }
    for n in 0..rng.range(2, 6) {
        let kind = ["tap_the", "ca_nhan"][rng.range(0, 1) as usize];
        records.push((
            RegisterKind::Commendation,
            json!({"recipient": format!("Điển hình tiên tiến số {}", n + 1), "recipient_kind": kind, "form": "Giấy khen",
                   "level": "xa", "decided_on": day(&mut rng), "reason": "Có thành tích trong phong trào “Đoàn kết sáng tạo”"}),
        ));
    }
    for (kind, fields) in &records {
        ws.add_record(*kind, fields.as_object().expect("objects"))?;
    }
    let view = ws.report(&period.to_string())?;
    for f in view.figures.iter().filter(|f| f.source.is_none()) {
        ws.set_figure(&period.to_string(), &f.code, Some(rng.range(0, 30)), "")?;
    }
    Ok(())
}
