//! Excel for a unit without the program: the upper level makes a fill-in template for one unit
//! and one period, the unit fills it in Excel (or LibreOffice), and the upper level imports it.
//!
//! Promises: a template names its unit, period and indicator-set version on a hidden sheet
//! signed with this installation's key, so a template for another unit or period, or one whose
//! hidden sheet was edited, is refused. Every cell is checked; any error refuses the whole file
//! with a list addressed by sheet and cell, and nothing is written. A file that passes is shown
//! as per-cell changes (old → new), then applied in one transaction as a new report revision
//! and records marked as entered from Excel, without a signature.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use thidua_excel::read::{self, Grid, cell_name};
use thidua_excel::{FIGURE_CODE_COLUMN, FIGURE_VALUE_COLUMN, INPUT_HEADER_ROW, META_SHEET};
use thidua_model::{FieldSpec, FieldType, PeriodCode, RecordId, RegisterKind, ReportState, Unit, validate_fields};
use thidua_store::{Indicator, KeyRole, StoredFigure};
use ts_rs::TS;

use crate::{ApiError, FieldError, Workspace};

const TEMPLATE_FORMAT: &str = "thidua-template-1";
const FIGURES_SHEET: &str = "Số liệu";
/// Rows open for input on each register sheet: far more than a ward records in a year.
const REGISTER_ROWS: u32 = 300;
/// Errors listed in the message; the full list is in `fields`.
const ERRORS_IN_MESSAGE: usize = 15;

/// The tab name of a register's sheet (Excel allows 31 characters).
pub(crate) fn sheet_of(kind: RegisterKind) -> &'static str {
    match kind {
        RegisterKind::Initiative => "Sáng kiến",
        RegisterKind::Model => "Mô hình",
        RegisterKind::Activity => "Hoạt động",
        RegisterKind::OcopLink => "Kết nối OCOP",
        RegisterKind::Resource => "Nguồn lực",
        RegisterKind::Commendation => "Khen thưởng",
    }
}

/// The fields a spreadsheet carries: all but links to other records, which only the program
/// can make.
pub(crate) fn sheet_fields(kind: RegisterKind) -> Vec<&'static FieldSpec> {
    kind.fields().iter().filter(|f| !matches!(f.kind, FieldType::Link(_))).collect()
}

/// The text encoding of a spreadsheet's text cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    /// Unicode, with TCVN3 look-alikes recognised and converted cell by cell.
    #[default]
    Auto,
    /// VNI (the VNI-Times fonts): converted.
    Vni,
    /// TCVN3 (the .VnTime fonts): converted.
    Tcvn3,
}

/// A cell's value as the field validator takes it: text as typed, numbers and dates as text
/// the clerk could have typed. `Err` is the message for the cell.
pub(crate) fn cell_value(spec: &FieldSpec, value: &read::Value, formula: Option<&str>, encoding: TextEncoding) -> Result<Value, String> {
    if let read::Value::Error(e) = value {
        return Err(format!("ô có lỗi công thức {e}{}", formula.map(|f| format!(" (={f})")).unwrap_or_default()));
    }
    Ok(match (spec.kind, value) {
        (_, v) if v.is_empty() => Value::Null,
        (FieldType::Date, read::Value::Date(y, m, d)) => Value::from(format!("{d:02}/{m:02}/{y}")),
        (FieldType::Date, read::Value::Number(n)) => match read::serial_date(*n) {
            Some((y, m, d)) => Value::from(format!("{d:02}/{m:02}/{y}")),
            None => return Err(format!("«{}» không phải một ngày", value.shown())),
        },
        (FieldType::Amount | FieldType::Count | FieldType::Stars, read::Value::Number(n)) => {
            if n.fract() != 0.0 || *n < 0.0 || *n > 9e15 {
                return Err(format!("«{}» không phải số nguyên không âm", value.shown()));
            }
            Value::from(*n as i64)
        }
        (_, read::Value::Text(t)) => Value::from(match encoding {
            TextEncoding::Auto => thidua_text::repair_legacy(t),
            TextEncoding::Vni => thidua_text::decode_legacy(t, thidua_text::Legacy::Vni),
            TextEncoding::Tcvn3 => thidua_text::decode_legacy(t, thidua_text::Legacy::Tcvn3),
        }),
        (_, other) => Value::from(other.shown()),
    })
}

/// One cell's error, addressed as a clerk finds it.
pub(crate) fn cell_error(sheet: &str, row: u32, col: u32, message: &str) -> FieldError {
    FieldError { field: format!("Sheet '{sheet}', ô {}", cell_name(row, col)), message: message.to_owned() }
}

/// Refuses a whole file with its list of errors, and the guide's section (`topic`) that says
/// how such a file is filled.
pub(crate) fn refuse_with(file: &str, errors: Vec<FieldError>, topic: &str) -> ApiError {
    let shown: Vec<String> = errors.iter().take(ERRORS_IN_MESSAGE).map(|e| format!("{}: {}", e.field, e.message)).collect();
    let more = errors.len().saturating_sub(ERRORS_IN_MESSAGE);
    let mut message = format!("Tệp {file} có {} lỗi nên chưa nhập gì. Hãy sửa trong tệp rồi nhập lại.\n{}", errors.len(), shown.join("\n"));
    if more > 0 {
        message.push_str(&format!("\n… và {more} lỗi khác."));
    }
    message.push('\n');
    message.push_str(&thidua_guide::see(topic));
    ApiError { code: crate::ErrorCode::Refused, message, fields: errors }
}

/// What a template import changes, cell by cell.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CellChange {
    pub sheet: String,
    /// "D7", or the row ("dòng 9") for a record added or removed whole.
    pub cell: String,
    /// The indicator or the record and field.
    pub what: String,
    pub old: String,
    pub new: String,
}

/// The outcome of importing (or checking) a filled template.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TemplateImport {
    pub file_name: String,
    pub unit_code: String,
    pub unit_name: String,
    pub period: String,
    pub period_label: String,
    pub changes: Vec<CellChange>,
    pub summary: Vec<String>,
    /// Written (false for a dry run, or when nothing changed).
    pub applied: bool,
    pub dry_run: bool,
    /// The unit has an enrolled signing key, so its reports come in signed bundles: the file is
    /// imported only if the clerk chooses to (`unsigned`), which is logged. The sentence says so.
    pub signed_unit: Option<String>,
}

/// Where a template was made, for the app's notice.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TemplateInfo {
    pub path: String,
    pub unit_name: String,
    pub period_label: String,
    pub indicators: u32,
}

/// The hidden sheet: ordered pairs, the signature over all the others last.
fn signed_text(pairs: &[(String, String)]) -> String {
    pairs.iter().filter(|(k, _)| k != "signature").map(|(k, v)| format!("{k}={v}\n")).collect()
}

/// The figures (by indicator code) and live records of a unit's last Excel import.
type ExcelState = (BTreeMap<String, Option<i64>>, Vec<thidua_store::RegisterRecord>);

/// A record of a sheet: its row and its validated fields.
struct SheetRecord {
    row: u32,
    fields: Map<String, Value>,
}

/// A template read and checked, before comparing with the store.
struct FilledTemplate {
    template_id: String,
    unit: Unit,
    period: PeriodCode,
    /// The movement whose indicator set it was made with.
    movement: String,
    /// Indicator code → (row, typed value).
    figures: BTreeMap<String, (u32, Option<i64>)>,
    records: Vec<(RegisterKind, Vec<SheetRecord>)>,
}

impl Workspace {
    /// Writes the fill-in template for a unit below and a period.
    pub fn excel_template(&mut self, unit_code: &str, period: &str, dest: &Path) -> Result<TemplateInfo, ApiError> {
        let code = PeriodCode::parse(period)?;
        let unit = self.child_unit(unit_code)?;
        if self.store.read().period(code)?.is_none() {
            return Err(ApiError::refused(format!(
                "Kỳ {} chưa được mở: hãy mở kỳ (Tổng hợp › Mở kỳ, hoặc thidua period open {code}) trước khi tạo mẫu.",
                code.label()
            )));
        }
        let me = self.installation()?;
        let set = self.indicator_set()?;
        let key = self.own_key()?;
        let (previous_figures, previous_records) = self.excel_state(&unit, code)?;
        let figures = set
            .indicators
            .iter()
            .map(|i| thidua_excel::FigureLine {
                code: i.code.clone(),
                name: i.name.clone(),
                measure: i.measure.clone(),
                value: previous_figures.get(&i.code).copied().flatten(),
                note: match i.register.as_deref().and_then(RegisterKind::from_code) {
                    Some(kind) => format!("Để trống: tự tính từ trang «{}»", sheet_of(kind)),
                    None => String::new(),
                },
            })
            .collect();
        let sheets = RegisterKind::ALL
            .into_iter()
            .map(|kind| {
                let fields = sheet_fields(kind);
                let rows = previous_records
                    .iter()
                    .filter(|r| r.kind == kind)
                    .map(|r| fields.iter().map(|f| template_cell(f, r.fields.get(f.name))).collect())
                    .collect();
                thidua_excel::InputSheet {
                    name: sheet_of(kind).into(),
                    title: format!("{} - {} - {}", kind.label().to_uppercase(), unit.name, code.label()),
                    columns: fields
                        .iter()
                        .map(|f| thidua_excel::InputColumn { header: f.label.into(), input: input_of(f), required: f.required })
                        .collect(),
                    rows,
                    capacity: REGISTER_ROWS,
                }
            })
            .collect();
        let mut meta: Vec<(String, String)> = vec![
            ("format".into(), TEMPLATE_FORMAT.into()),
            ("template_id".into(), RecordId::generate().to_string()),
            ("issuer_code".into(), me.unit.code.clone()),
            ("issuer_name".into(), me.unit.name.clone()),
            ("unit_code".into(), unit.code.clone()),
            ("unit_name".into(), unit.name.clone()),
            ("period".into(), code.to_string()),
            ("indicator_set".into(), set.code.clone()),
            ("indicator_set_version".into(), set.version.to_string()),
            ("created_at".into(), self.store.now().to_rfc3339()),
            ("key_id".into(), key.public().key_id()),
        ];
        for kind in RegisterKind::ALL {
            let names: Vec<&str> = sheet_fields(kind).iter().map(|f| f.name).collect();
            meta.push((format!("sheet:{}", kind.code()), format!("{}|{}", sheet_of(kind), names.join(","))));
        }
        let signature = key.sign(signed_text(&meta).as_bytes());
        meta.push(("signature".into(), hex::encode(signature)));
        let template = thidua_excel::Template {
            title: vec![
                format!("BÁO CÁO KẾT QUẢ PHONG TRÀO “ĐOÀN KẾT SÁNG TẠO” {}", code.label().to_uppercase()),
                format!("Đơn vị: {} (mã {})", unit.name, unit.code),
                "Nhập số liệu vào ô màu vàng ở cột «Số liệu» và ghi các sổ ở các trang sau; không đổi tên trang, không thêm cột.".into(),
                format!("Gửi lại tệp này cho {} sau khi điền.", me.unit.name),
            ],
            figures_sheet: FIGURES_SHEET.into(),
            figures,
            sheets,
            meta,
        };
        let bytes = thidua_excel::template(&template).map_err(|e| ApiError::refused(e.to_string()))?;
        crate::files::write_atomically(dest, &bytes)?;
        Ok(TemplateInfo {
            path: dest.display().to_string(),
            unit_name: unit.name,
            period_label: code.label(),
            indicators: set.indicators.len() as u32,
        })
    }

    /// What the last Excel import of a unit for a period said: figures by code, and the live
    /// records that came from Excel.
    fn excel_state(&self, unit: &Unit, period: PeriodCode) -> Result<ExcelState, ApiError> {
        let r = self.store.read();
        let codes = r.indicator_codes()?;
        let figures = match r.report_revisions(unit.id, self.movement(), period)?.pop() {
            Some(report) => r
                .report_figures(report.id)?
                .into_iter()
                .filter_map(|f| codes.get(&f.indicator_id).map(|(c, _)| (c.clone(), f.value)))
                .collect(),
            None => BTreeMap::new(),
        };
        let days = period.stored_days();
        let mut records = Vec::new();
        for kind in RegisterKind::ALL {
            records.extend(r.records(kind, Some(unit.id))?.into_iter().filter(|rec| {
                let date = rec.fields.get(kind.date_field()).and_then(Value::as_str).unwrap_or("");
                rec.fields.get("source").and_then(Value::as_str) == Some("excel") && days.contains(date)
            }));
        }
        Ok((figures, records))
    }

    /// Imports a filled template from a file; see [`Workspace::import_template_bytes`].
    pub fn import_template(&mut self, path: &Path, dry_run: bool, unsigned: bool) -> Result<TemplateImport, ApiError> {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let bytes = read_input(path)?;
        self.import_template_bytes(&name, bytes, dry_run, unsigned)
    }

    /// Checks a filled template and, unless `dry_run`, applies it in one transaction. A unit
    /// with an enrolled key reports in signed bundles; anyone holding its template can fill
    /// it, so its template is applied only with `unsigned` (the clerk's explicit choice, kept
    /// in the audit trail).
    pub fn import_template_bytes(&mut self, name: &str, bytes: Vec<u8>, dry_run: bool, unsigned: bool) -> Result<TemplateImport, ApiError> {
        let sha = hex::encode(Sha256::digest(&bytes));
        let filled = self.read_template(name, bytes)?;
        // A template names its movement: it is imported as that movement's, whichever is on screen.
        let on_screen = std::mem::replace(&mut self.movement, filled.movement.clone());
        let imported = self.import_filled_template(name, &sha, filled, dry_run, unsigned);
        self.movement = on_screen;
        imported
    }

    fn import_filled_template(
        &mut self,
        name: &str,
        sha: &str,
        filled: FilledTemplate,
        dry_run: bool,
        unsigned: bool,
    ) -> Result<TemplateImport, ApiError> {
        let signed_unit = self.store.read().active_key(filled.unit.id, KeyRole::Child)?.map(|_| {
            format!(
                "{} đã ghi danh khóa ký nên gửi báo cáo bằng gói có chữ ký; tệp Excel không có chữ ký, ai cầm mẫu cũng điền được. \
                 Chỉ nhập khi đơn vị thật sự gửi bằng Excel (máy hỏng, mất khóa): việc chọn nhập được ghi vào nhật ký.",
                filled.unit.name
            )
        });
        if let Some(why) = signed_unit.as_ref().filter(|_| !dry_run && !unsigned) {
            return Err(ApiError::refused(format!(
                "Không nhập {name}: {why} Nếu vẫn nhập, hãy chọn «Vẫn nhập tệp Excel» (dòng lệnh: --unsigned)."
            )));
        }
        let set = self.indicator_set()?;
        let (old_figures, old_records) = self.excel_state(&filled.unit, filled.period)?;
        let latest = self.store.read().report_revisions(filled.unit.id, self.movement(), filled.period)?.pop();
        if let Some(l) = latest.as_ref().filter(|l| l.state == ReportState::Accepted) {
            return Err(ApiError::refused(format!(
                "Báo cáo {} lần {} của {} đã được chấp nhận nên không nhận số liệu mới; nếu cần sửa, hãy trao đổi với đơn vị.",
                filled.period.label(),
                l.revision,
                filled.unit.name
            )));
        }
        let mut changes = Vec::new();
        // Figures: typed, or computed from the sheets when left blank.
        let mut figures = Vec::new();
        for ind in &set.indicators {
            let (row, typed) = filled.figures.get(&ind.code).copied().unwrap_or((0, None));
            let computed = computed_from(ind, &filled.records, filled.period);
            let value = typed.or(computed);
            let override_reason = match (typed, computed) {
                (Some(t), Some(c)) if t != c => format!("đơn vị ghi trong tệp Excel (các sổ trong tệp cho {c})"),
                _ => String::new(),
            };
            let old = old_figures.get(&ind.code).copied().flatten();
            if latest.is_none() || old != value {
                changes.push(CellChange {
                    sheet: FIGURES_SHEET.into(),
                    cell: cell_name(row, FIGURE_VALUE_COLUMN as u32),
                    what: format!("{} {}", ind.code, ind.name),
                    old: shown_number(old),
                    new: shown_number(value),
                });
            }
            figures.push(StoredFigure { indicator_id: ind.id, computed, value, override_reason });
        }
        // Records: the sheets are the unit's whole Excel register for the period.
        let plan = plan_records(&filled.records, &old_records);
        for step in &plan {
            changes.extend(step.changes());
        }
        let figure_changes = changes.iter().filter(|c| c.sheet == FIGURES_SHEET).count();
        let mut summary = vec![format!(
            "Mẫu Excel của {} cho {}: {} chỉ tiêu thay đổi, {}",
            filled.unit.name,
            filled.period.label(),
            figure_changes,
            plan_summary(&plan)
        )];
        summary.push("Số liệu nhập từ Excel, không có chữ ký.".into());
        // The set's rules, as for a signed report: taken in as the unit wrote it, and said so.
        let stated = |code: &str| set.indicators.iter().position(|i| i.code == code).and_then(|n| figures[n].value);
        for rule in &set.checks.rules {
            if let Some(why) = rule.failure(stated) {
                summary.push(format!("Cảnh báo: số liệu không khớp quy tắc {}: {why}", rule.text()));
            }
        }
        let mut outcome = TemplateImport {
            file_name: name.into(),
            unit_code: filled.unit.code.clone(),
            unit_name: filled.unit.name.clone(),
            period: filled.period.to_string(),
            period_label: filled.period.label(),
            changes,
            summary,
            applied: false,
            dry_run,
            signed_unit: signed_unit.clone(),
        };
        if outcome.changes.is_empty() {
            outcome.summary = vec![format!("Tệp {name} không có gì khác với lần nhập trước; không thay đổi gì.")];
            return Ok(outcome);
        }
        if dry_run {
            return Ok(outcome);
        }
        // Backed up only now that the file passed every check and will be written.
        self.backup_before_import()?;
        let actor = self.actor()?;
        let reason = format!("nhập từ Excel: {name}");
        let revision = latest.as_ref().map_or(0, |l| l.revision) + 1;
        let unit = filled.unit.clone();
        let summary = outcome.summary.clone();
        let now = self.store.now().to_rfc3339();
        self.store.write(&actor, |w| {
            let import_id = w.insert_excel_import(&filled.template_id, unit.id, filled.period, name, sha, &summary)?;
            for step in &plan {
                step.apply(w, unit.id, &reason)?;
            }
            let import_text = import_id.to_string();
            if signed_unit.is_some() {
                w.audit(
                    "excel_import",
                    &import_text,
                    "insert",
                    None,
                    Some(&serde_json::json!({"unit": unit.code, "period": filled.period.to_string(), "file": name})),
                    "cán bộ chọn nhập tệp Excel không chữ ký của đơn vị đã ghi danh khóa ký",
                )?;
            }
            w.insert_received_report(
                unit.id,
                filled.period,
                &thidua_store::ReceivedReport {
                    state: ReportState::Received,
                    state_reason: "",
                    set_id: set.id,
                    revision,
                    narrative: &Map::new(),
                    sent_at: Some(&now),
                    bundle_id: None,
                    excel_import_id: Some(&import_text),
                    figures: &figures,
                    unit_rows: &Value::Array(Vec::new()),
                    answered_set_version: None,
                    unmapped_figures: &Value::Object(Map::new()),
                    document: None,
                    verification: None,
                },
            )?;
            Ok(())
        })?;
        outcome.applied = true;
        Ok(outcome)
    }

    /// Opens a template, checks its hidden sheet, and reads and validates every input cell.
    fn read_template(&mut self, name: &str, bytes: Vec<u8>) -> Result<FilledTemplate, ApiError> {
        let mut book = read::open(name, bytes).map_err(|e| ApiError::refused(e.to_string()))?;
        let not_template = || {
            ApiError::refused(format!(
                "Tệp {name} không phải mẫu báo cáo do Thi đua tạo (không có trang thông tin mẫu). Nếu đây là sổ theo dõi của đơn vị, hãy dùng «Nhập sổ từ bảng tính». {}",
                thidua_guide::see(thidua_guide::topics::SHEET_IMPORT)
            ))
        };
        if !book.sheets().iter().any(|s| s.name == META_SHEET) {
            return Err(not_template());
        }
        let meta_grid = book.grid(META_SHEET).map_err(|e| ApiError::refused(e.to_string()))?;
        let pairs: Vec<(String, String)> = meta_grid
            .rows
            .iter()
            .filter_map(|r| Some((r.first()?.shown(), r.get(1).map(read::Value::shown).unwrap_or_default())))
            .filter(|(k, _)| !k.is_empty())
            .collect();
        let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()).unwrap_or_default();
        if get("format") != TEMPLATE_FORMAT {
            return Err(not_template());
        }
        let edited = || {
            ApiError::refused(format!(
                "Trang thông tin ẩn của tệp {name} đã bị sửa nên không biết chắc mẫu này của đơn vị nào, kỳ nào. Hãy tải mẫu mới cho đơn vị và điền lại. {}",
                thidua_guide::see(thidua_guide::topics::EXCEL_TEMPLATE)
            ))
        };
        let key = self.store.read().key(&get("key_id"))?.filter(|k| k.role == KeyRole::Own).ok_or_else(edited)?;
        let public = thidua_bundle::PublicKey::from_hex(&key.public_key).map_err(|_| edited())?;
        let signature: [u8; 64] = hex::decode(get("signature")).ok().and_then(|s| s.try_into().ok()).ok_or_else(edited)?;
        if !public.verify(signed_text(&pairs).as_bytes(), &signature) {
            return Err(edited());
        }
        let me = self.installation()?;
        if get("issuer_code") != me.unit.code {
            return Err(ApiError::refused(format!(
                "Mẫu {name} do {} tạo, không phải {}: hãy nhập tệp ở máy đã tạo mẫu.",
                get("issuer_name"),
                me.unit.name
            )));
        }
        let unit = self.child_unit(&get("unit_code"))?;
        let period = PeriodCode::parse(&get("period"))?;
        if self.store.read().period(period)?.is_none() {
            return Err(ApiError::refused(format!("Kỳ {} chưa được mở ở máy này: hãy mở kỳ rồi nhập lại.", period.label())));
        }
        let set = self.store.read().latest_indicator_set(&get("indicator_set"))?.ok_or_else(edited)?;
        if get("indicator_set_version") != set.version.to_string() {
            return Err(ApiError::refused(format!(
                "Mẫu {name} theo bộ chỉ tiêu phiên bản {}, nay bộ chỉ tiêu là phiên bản {}: hãy tải mẫu mới cho {} và gửi lại. {}",
                get("indicator_set_version"),
                set.version,
                unit.name,
                thidua_guide::see(thidua_guide::topics::EXCEL_TEMPLATE)
            )));
        }
        let mut errors = Vec::new();
        let sheet_names: Vec<String> = book.sheets().iter().map(|s| s.name.clone()).collect();
        let mut grid_of = |sheet: &str, errors: &mut Vec<FieldError>| -> Result<Option<Grid>, ApiError> {
            if !sheet_names.iter().any(|s| s == sheet) {
                errors
                    .push(FieldError { field: format!("Sheet '{sheet}'"), message: "trang này đã bị xóa hoặc đổi tên".into() });
                return Ok(None);
            }
            book.grid(sheet).map(Some).map_err(|e| ApiError::refused(e.to_string()))
        };
        // Figures, by the code in column A.
        let mut figures = BTreeMap::new();
        if let Some(grid) = grid_of(FIGURES_SHEET, &mut errors)? {
            let mut rows: BTreeMap<String, u32> = BTreeMap::new();
            for r in 0..grid.rows.len() as u32 {
                let code = grid.get(r, FIGURE_CODE_COLUMN as u32).shown();
                if set.indicators.iter().any(|i| i.code == code) {
                    rows.entry(code).or_insert(r);
                }
            }
            for ind in &set.indicators {
                let Some(&row) = rows.get(&ind.code) else {
                    errors.push(FieldError {
                        field: format!("Sheet '{FIGURES_SHEET}'"),
                        message: format!("thiếu dòng chỉ tiêu {}", ind.code),
                    });
                    continue;
                };
                let col = FIGURE_VALUE_COLUMN as u32;
                match figure_value(&grid, row, col) {
                    Ok(v) => {
                        figures.insert(ind.code.clone(), (row, v));
                    }
                    Err(m) => errors.push(cell_error(FIGURES_SHEET, row, col, &m)),
                }
            }
        }
        // Registers.
        let mut records = Vec::new();
        for kind in RegisterKind::ALL {
            let layout = get(&format!("sheet:{}", kind.code()));
            let (sheet, names) = layout.split_once('|').ok_or_else(edited)?;
            let fields: Vec<&FieldSpec> = names.split(',').filter_map(|n| kind.field(n)).collect();
            let Some(grid) = grid_of(sheet, &mut errors)? else { continue };
            let mut rows = Vec::new();
            for (c, f) in fields.iter().enumerate() {
                let header = grid.get(INPUT_HEADER_ROW, c as u32).shown();
                if header.trim_end_matches(" *") != f.label {
                    errors.push(cell_error(
                        sheet,
                        INPUT_HEADER_ROW,
                        c as u32,
                        &format!("tiêu đề cột phải là «{}»; đừng đổi hay thêm cột", f.label),
                    ));
                }
            }
            for r in INPUT_HEADER_ROW + 1..grid.rows.len() as u32 {
                if (0..fields.len() as u32).all(|c| grid.get(r, c).is_empty()) {
                    continue;
                }
                let mut raw = Map::new();
                let mut row_ok = true;
                for (c, f) in fields.iter().enumerate() {
                    let c = c as u32;
                    if let Some(m) = grid.merged_at(r, c) {
                        errors.push(cell_error(
                            sheet,
                            r,
                            c,
                            &format!(
                                "ô bị gộp với các ô khác ({}:{}); hãy bỏ gộp ô",
                                cell_name(m.first.0, m.first.1),
                                cell_name(m.last.0, m.last.1)
                            ),
                        ));
                        row_ok = false;
                        continue;
                    }
                    if let Some(formula) = grid.formula(r, c) {
                        errors.push(cell_error(sheet, r, c, &format!("ô chứa công thức (={formula}); hãy nhập giá trị")));
                        row_ok = false;
                        continue;
                    }
                    match cell_value(f, grid.get(r, c), None, TextEncoding::Auto) {
                        Ok(v) => {
                            raw.insert(f.name.into(), v);
                        }
                        Err(m) => {
                            errors.push(cell_error(sheet, r, c, &m));
                            row_ok = false;
                        }
                    }
                }
                if !row_ok {
                    continue;
                }
                match validate_fields(kind, &raw, false) {
                    Ok(fields_ok) => {
                        let date = fields_ok.get(kind.date_field()).and_then(Value::as_str).unwrap_or("").to_owned();
                        if !period.stored_days().contains(&date) {
                            let c = fields.iter().position(|f| f.name == kind.date_field()).unwrap_or(0) as u32;
                            errors.push(cell_error(
                                sheet,
                                r,
                                c,
                                &format!(
                                    "ngày {} nằm ngoài kỳ {} ({} – {})",
                                    thidua_model::IsoDate::parse(&date).map(|d| d.to_dmy()).unwrap_or(date.clone()),
                                    period.label(),
                                    period.starts().to_dmy(),
                                    period.ends().to_dmy()
                                ),
                            ));
                            continue;
                        }
                        rows.push(SheetRecord { row: r, fields: fields_ok });
                    }
                    Err(field_errors) => {
                        for e in field_errors {
                            let c = fields.iter().position(|f| f.name == e.field).unwrap_or(0) as u32;
                            errors.push(cell_error(sheet, r, c, &lower_message(&e.message)));
                        }
                    }
                }
            }
            records.push((kind, rows));
        }
        if !errors.is_empty() {
            return Err(refuse_with(name, errors, thidua_guide::topics::EXCEL_TEMPLATE));
        }
        Ok(FilledTemplate { template_id: get("template_id"), unit, period, movement: set.code.clone(), figures, records })
    }
}

/// A figure cell: blank, or a whole number ≥ 0 typed as a number or as text ("1.200").
fn figure_value(grid: &Grid, row: u32, col: u32) -> Result<Option<i64>, String> {
    if let Some(f) = grid.formula(row, col) {
        return Err(format!("ô chứa công thức (={f}); hãy nhập số"));
    }
    if grid.merged_at(row, col).is_some() {
        return Err("ô số liệu bị gộp với ô khác; hãy bỏ gộp ô".into());
    }
    match grid.get(row, col) {
        v if v.is_empty() => Ok(None),
        read::Value::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n < 9e15 => Ok(Some(*n as i64)),
        read::Value::Text(t) => {
            thidua_model::parse_whole(t).map(Some).ok_or_else(|| format!("«{}» không phải số nguyên không âm", t.trim()))
        }
        other => Err(format!("«{}» không phải số nguyên không âm", other.shown())),
    }
}

fn lower_message(m: &str) -> String {
    thidua_text::lower_first(m.trim_end_matches('.'))
}

/// An indicator computed from the template's sheets as the app computes it from a register:
/// the rows its filter takes, counted by its own day (a row the sheet has for the period but
/// recognised, say, after it is not counted as recognised in it).
fn computed_from(ind: &Indicator, records: &[(RegisterKind, Vec<SheetRecord>)], period: thidua_model::PeriodCode) -> Option<i64> {
    let kind = ind.register.as_deref().and_then(RegisterKind::from_code)?;
    let rows = records.iter().find(|(k, _)| *k == kind).map(|(_, rows)| rows.as_slice()).unwrap_or(&[]);
    let (from, to) = (period.starts().to_string(), period.ends().to_string());
    let counted = rows
        .iter()
        .map(|r| &r.fields)
        .filter(|f| crate::indicators::passes(ind.filter.as_deref(), f))
        .filter(|f| ind.date_field.is_none() || thidua_model::counts_in(kind, ind.date_field.as_deref(), f, &from, &to));
    crate::indicators::aggregate(ind, counted).ok()
}

fn shown_number(v: Option<i64>) -> String {
    v.map(thidua_text::format_integer).unwrap_or_default()
}

fn template_cell(f: &FieldSpec, v: Option<&Value>) -> thidua_excel::Cell {
    match (f.kind, v) {
        (_, None | Some(Value::Null)) => thidua_excel::Cell::Empty,
        (FieldType::Amount | FieldType::Count | FieldType::Stars, Some(v)) => {
            v.as_i64().map_or(thidua_excel::Cell::Empty, thidua_excel::Cell::Number)
        }
        (FieldType::Choice(options), Some(Value::String(code))) => {
            thidua_excel::Cell::Text(options.iter().find(|(c, _)| c == code).map(|(_, l)| (*l).to_owned()).unwrap_or_default())
        }
        (_, Some(Value::String(s))) => thidua_excel::Cell::Text(s.clone()),
        (_, Some(other)) => thidua_excel::Cell::Text(other.to_string()),
    }
}

fn input_of(f: &FieldSpec) -> thidua_excel::Input {
    use thidua_excel::Input;
    match f.kind {
        FieldType::Text | FieldType::Link(_) => Input::Text,
        FieldType::LongText => Input::LongText,
        FieldType::Date => Input::Date,
        FieldType::Amount => Input::Amount,
        FieldType::Count => Input::Count,
        FieldType::Stars => Input::Range(1, 5),
        FieldType::Choice(options) => Input::List(options.iter().map(|(_, l)| (*l).to_owned()).collect()),
    }
}

/// One change to the registers, planned before anything is written.
enum RecordStep {
    Insert { kind: RegisterKind, row: u32, fields: Map<String, Value> },
    Update { kind: RegisterKind, id: RecordId, row: u32, old: Map<String, Value>, new: Map<String, Value> },
    Delete { kind: RegisterKind, id: RecordId, old: Map<String, Value> },
}

fn title_of(kind: RegisterKind, fields: &Map<String, Value>) -> String {
    fields.get(kind.title_field()).and_then(Value::as_str).unwrap_or("").to_owned()
}

fn shown_field(f: &FieldSpec, v: Option<&Value>) -> String {
    crate::wording::cell(f, v)
}

impl RecordStep {
    fn changes(&self) -> Vec<CellChange> {
        match self {
            RecordStep::Insert { kind, row, fields } => vec![CellChange {
                sheet: sheet_of(*kind).into(),
                cell: format!("dòng {}", row + 1),
                what: format!("thêm: {}", title_of(*kind, fields)),
                old: String::new(),
                new: sheet_fields(*kind)
                    .iter()
                    .map(|f| shown_field(f, fields.get(f.name)))
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join("; "),
            }],
            RecordStep::Update { kind, row, old, new, .. } => sheet_fields(*kind)
                .iter()
                .enumerate()
                .filter(|(_, f)| old.get(f.name) != new.get(f.name))
                .map(|(c, f)| CellChange {
                    sheet: sheet_of(*kind).into(),
                    cell: cell_name(*row, c as u32),
                    what: format!("{}: {}", title_of(*kind, new), f.label),
                    old: shown_field(f, old.get(f.name)),
                    new: shown_field(f, new.get(f.name)),
                })
                .collect(),
            RecordStep::Delete { kind, old, .. } => vec![CellChange {
                sheet: sheet_of(*kind).into(),
                cell: String::new(),
                what: format!("xóa (không còn trong tệp): {}", title_of(*kind, old)),
                old: title_of(*kind, old),
                new: String::new(),
            }],
        }
    }

    fn apply(&self, w: &mut thidua_store::Writer<'_>, unit: RecordId, reason: &str) -> thidua_store::Result<()> {
        match self {
            RecordStep::Insert { kind, fields, .. } => {
                let mut fields = fields.clone();
                fields.insert("source".into(), Value::from("excel"));
                w.insert_record(*kind, unit, &fields)?;
            }
            RecordStep::Update { kind, id, new, .. } => w.update_record(*kind, *id, new, reason)?,
            RecordStep::Delete { kind, id, .. } => w.delete_record(*kind, *id, &format!("{reason}: không còn trong tệp"))?,
        }
        Ok(())
    }
}

/// Matches the file's rows to the records of the last import: identical rows change nothing,
/// rows with the same title are edits, the rest are added or removed.
fn plan_records(file: &[(RegisterKind, Vec<SheetRecord>)], existing: &[thidua_store::RegisterRecord]) -> Vec<RecordStep> {
    let mut steps = Vec::new();
    for (kind, rows) in file {
        let names: Vec<&str> = sheet_fields(*kind).iter().map(|f| f.name).collect();
        let own = |m: &Map<String, Value>| -> Map<String, Value> {
            names.iter().filter_map(|n| m.get(*n).map(|v| ((*n).to_owned(), v.clone()))).collect()
        };
        let mut left: Vec<(RecordId, Map<String, Value>)> =
            existing.iter().filter(|r| r.kind == *kind).map(|r| (r.id, own(&r.fields))).collect();
        let mut unmatched = Vec::new();
        for row in rows {
            let fields = own(&row.fields);
            match left.iter().position(|(_, old)| *old == fields) {
                Some(i) => {
                    left.remove(i);
                }
                None => unmatched.push((row.row, fields)),
            }
        }
        for (row, fields) in unmatched {
            let title = thidua_text::search_key(&title_of(*kind, &fields));
            match left.iter().position(|(_, old)| thidua_text::search_key(&title_of(*kind, old)) == title) {
                Some(i) => {
                    let (id, old) = left.remove(i);
                    steps.push(RecordStep::Update { kind: *kind, id, row, old, new: fields });
                }
                None => steps.push(RecordStep::Insert { kind: *kind, row, fields }),
            }
        }
        steps.extend(left.into_iter().map(|(id, old)| RecordStep::Delete { kind: *kind, id, old }));
    }
    steps
}

fn plan_summary(plan: &[RecordStep]) -> String {
    let count = |f: fn(&RecordStep) -> bool| plan.iter().filter(|s| f(s)).count();
    format!(
        "sổ theo dõi: {} bản ghi thêm, {} sửa, {} xóa",
        count(|s| matches!(s, RecordStep::Insert { .. })),
        count(|s| matches!(s, RecordStep::Update { .. })),
        count(|s| matches!(s, RecordStep::Delete { .. }))
    )
}

/// Reads a file to import, refusing what cannot be a spreadsheet before reading it whole.
pub(crate) fn read_input(path: &Path) -> Result<Vec<u8>, ApiError> {
    crate::files::read_limited(path, read::MAX_FILE_BYTES as u64).map_err(|e| match e {
        crate::files::ReadError::TooLarge(size) => {
            ApiError::refused(format!("Tệp {} quá lớn ({size} byte, tối đa 64 MB) để là một bảng tính cần nhập.", path.display()))
        }
        crate::files::ReadError::Unreadable(e) => ApiError::refused(format!("Không đọc được tệp {}: {e}.", path.display())),
    })
}

/// A register as a sheet: one row per record, the unit first when several units' are merged.
pub(crate) fn register_sheet<'a>(
    kind: RegisterKind,
    title: Vec<String>,
    with_unit: bool,
    records: impl Iterator<Item = (&'a str, &'a Map<String, Value>)>,
) -> thidua_excel::Sheet {
    use thidua_excel::{Cell, Column};
    let fields = sheet_fields(kind);
    let unit_column = with_unit.then(|| Column { header: "Đơn vị".into(), numeric: false });
    thidua_excel::Sheet {
        name: kind.label().into(),
        title,
        columns: unit_column
            .into_iter()
            .chain(
                fields.iter().map(|f| Column { header: f.label.into(), numeric: matches!(f.kind, FieldType::Amount | FieldType::Count) }),
            )
            .collect(),
        rows: records
            .map(|(unit, values)| {
                let unit_cell = with_unit.then(|| Cell::Text(unit.to_owned()));
                unit_cell
                    .into_iter()
                    .chain(fields.iter().map(|f| match values.get(f.name) {
                        Some(Value::Number(n)) => n.as_i64().map_or(Cell::Empty, Cell::Number),
                        Some(Value::String(s)) if f.kind == FieldType::Date && thidua_model::IsoDate::parse(s).is_ok() => {
                            let d = thidua_model::IsoDate::parse(s).expect("checked");
                            Cell::Date(d.year(), d.month(), d.day())
                        }
                        v @ Some(Value::String(s)) if !s.is_empty() => Cell::Text(crate::wording::cell(f, v)),
                        _ => Cell::Empty,
                    }))
                    .collect()
            })
            .collect(),
        total: None,
    }
}

impl Workspace {
    /// The period's tables in one workbook: at a unit with units below, the consolidated table
    /// and their registers; at a ward, its report's appendix tables and its registers.
    pub fn excel_export(&self, period: &str, dest: &Path) -> Result<(), ApiError> {
        if !self.children()?.is_empty() {
            return self.consolidated_xlsx(period, dest);
        }
        use thidua_excel::{Cell, Column, Sheet};
        let code = PeriodCode::parse(period)?;
        let report = self.report(period)?;
        let me = self.installation()?;
        let heading = |what: &str| vec![me.unit.committee_heading(), what.to_owned()];
        // Each appendix sheet says which report it belongs to, as the printed appendix does.
        let number = match self.store.read().report_revisions(me.unit.id, self.movement(), code)?.pop() {
            Some(r) => self.store.read().registration(&thidua_store::Issued::Report(r.id))?,
            None => None,
        };
        let belongs = match number {
            Some(d) => format!(
                "(Kèm theo Báo cáo số {:02}/{} ngày {} của {} về kết quả phong trào {})",
                d.number,
                d.symbol,
                d.issued_on.to_dmy(),
                me.unit.standing_committee(),
                code.label()
            ),
            None => format!(
                "(Kèm theo dự thảo Báo cáo kết quả phong trào {} của {}, ngày {})",
                code.label(),
                me.unit.standing_committee(),
                report.dated
            ),
        };
        let mut sheets: Vec<Sheet> = report
            .appendix
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let cell = |c: usize, text: &String| match (t.numeric.get(c), thidua_model::parse_whole(text)) {
                    (Some(true), Some(n)) => Cell::Number(n),
                    _ if text.is_empty() => Cell::Empty,
                    _ => Cell::Text(text.clone()),
                };
                Sheet {
                    name: format!("Phụ lục {}", i + 1),
                    title: [heading(&t.title.to_uppercase()), vec![belongs.clone()]].concat(),
                    columns: t
                        .columns
                        .iter()
                        .enumerate()
                        .map(|(c, h)| Column { header: h.clone(), numeric: t.numeric.get(c) == Some(&true) })
                        .collect(),
                    rows: t.rows.iter().map(|r| r.iter().enumerate().map(|(c, x)| cell(c, x)).collect()).collect(),
                    total: t.total.as_ref().map(|r| r.iter().enumerate().map(|(c, x)| cell(c, x)).collect()),
                }
            })
            .collect();
        for kind in RegisterKind::ALL {
            let rows = self.period_records(kind, code)?;
            let title = heading(&format!("{} {}", kind.label().to_uppercase(), code.label().to_uppercase()));
            sheets.push(register_sheet(kind, title, false, rows.iter().map(|r| ("", &r.fields))));
        }
        let bytes = thidua_excel::workbook(&sheets).map_err(|e| ApiError::refused(e.to_string()))?;
        crate::files::write_atomically(dest, &bytes)
    }
}
