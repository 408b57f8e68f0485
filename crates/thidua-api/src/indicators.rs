//! Indicators computed from the registers: which records an indicator counts and what it
//! adds up.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use thidua_model::{FieldType, FigureRule, IndicatorPhrase, RegisterKind};
use thidua_store::{Indicator, IndicatorSet, NewIndicator, SetChecks};
use ts_rs::TS;

use crate::{ApiError, Workspace};

/// Whether a record passes an indicator's filter: `{"column": value or [values]}`.
pub(crate) fn passes(filter: Option<&str>, fields: &serde_json::Map<String, Value>) -> bool {
    let Some(filter) = filter.and_then(|f| serde_json::from_str::<serde_json::Map<String, Value>>(f).ok()) else { return true };
    filter.iter().all(|(col, want)| match want {
        Value::Array(options) => options.iter().any(|o| fields.get(col) == Some(o)),
        one => fields.get(col) == Some(one),
    })
}

/// An indicator's value over records that already passed its filter: their count or the sum of
/// one column (checked: `Err` when it does not fit, which the fields' bounds prevent for data
/// entered since they exist).
pub(crate) fn aggregate<'a>(
    indicator: &Indicator,
    records: impl Iterator<Item = &'a serde_json::Map<String, Value>>,
) -> Result<i64, ApiError> {
    match indicator.aggregate.as_deref().and_then(|a| a.strip_prefix("sum:")) {
        Some(col) => thidua_model::checked_total(records.map(|r| r.get(col).and_then(Value::as_i64).unwrap_or(0)))
            .ok_or_else(|| total_too_large(&indicator.code)),
        None => Ok(records.count() as i64),
    }
}

/// A total that does not fit in 64 bits: numbers entered before the bounds existed (or written
/// into the file by hand). A wrong total is never shown or printed instead.
pub(crate) fn total_too_large(code: &str) -> ApiError {
    ApiError::refused(format!(
        "Tổng của chỉ tiêu {code} vượt giới hạn tính được: có số liệu quá lớn, ghi trước khi chương trình kiểm tra giới hạn. Hãy tìm bản ghi hoặc báo cáo có số quá lớn và sửa lại."
    ))
}

impl Workspace {
    /// The movement's indicator set in its latest version: what reports are made with.
    pub(crate) fn indicator_set(&self) -> Result<IndicatorSet, ApiError> {
        self.store
            .read()
            .latest_indicator_set(self.movement())?
            .ok_or_else(|| ApiError::refused("Chưa có bộ chỉ tiêu: hãy hoàn tất cài đặt đơn vị."))
    }
}

/// The set in force as the upper level edits it, and what it can count from.
#[derive(Debug, Clone, Serialize, TS)]
pub struct IndicatorSetView {
    pub code: String,
    pub name: String,
    #[ts(type = "number")]
    pub version: i64,
    /// The unit that issued this version; `None` for the set the program ships with.
    pub issued_by: Option<String>,
    /// Whether this installation writes the set: an upper level, unless its own upper level
    /// sent the version in force (then it answers that one and passes it down).
    pub editable: bool,
    pub indicators: Vec<IndicatorView>,
    /// What changed from the version before, one line per indicator or check; empty for
    /// version 1.
    pub changes: Vec<String>,
    /// The data checks between figures, as written: "3.2 ≤ 3.1".
    pub rules: Vec<String>,
    /// How far (percent) a figure may be from the same period a year before, or from the units'
    /// median, before it is flagged for the reviewer; 0: never.
    #[ts(type = "number")]
    pub outlier_percent: i64,
    /// The registers an indicator can be computed from, with the fields it can add up and
    /// filter by.
    pub sources: Vec<SourceRegister>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct IndicatorView {
    #[ts(type = "number")]
    pub position: i64,
    #[ts(type = "number")]
    pub task_group: i64,
    pub code: String,
    pub name: String,
    pub measure: String,
    pub register: Option<String>,
    pub aggregate: Option<String>,
    pub filter: Option<String>,
    pub date_field: Option<String>,
    /// How the figure is found, in words: "Nhập tay" or "Sổ Sáng kiến…: đếm; Tình trạng: …".
    pub source_label: String,
    /// How the report's narrative says the figure; `None`: by its name and figure.
    pub phrase: Option<IndicatorPhrase>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct SourceRegister {
    pub code: String,
    pub label: String,
    /// (field, label) of each number field a sum can add up.
    pub sums: Vec<(String, String)>,
    /// (field, label) of each day a record can be counted by, the register's own first;
    /// "running" for a register whose records end.
    pub dates: Vec<(String, String)>,
    pub filters: Vec<SourceFilter>,
}

/// A field a computed indicator can filter by, with its choices (empty for a text field).
#[derive(Debug, Clone, Serialize, TS)]
pub struct SourceFilter {
    pub name: String,
    pub label: String,
    pub choices: Vec<(String, String)>,
}

/// A new indicator as the upper level writes it.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct IndicatorInput {
    pub code: String,
    pub name: String,
    pub measure: String,
    #[ts(type = "number")]
    pub task_group: i64,
    /// `None`: entered by hand in each report.
    pub register: Option<String>,
    /// "count" or "sum:<field>".
    pub aggregate: Option<String>,
    /// field → values the record must have (any of them).
    pub filters: Vec<(String, Vec<String>)>,
    /// The day that places a record in a period ("recognised_on"), or "running"; `None`: the
    /// register's own day.
    pub date_field: Option<String>,
    /// How the report's narrative says the figure; `None`: by its name and figure.
    #[serde(default)]
    pub phrase: Option<IndicatorPhrase>,
}

/// A change to an indicator of the set; `None` keeps what it is.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct IndicatorEdit {
    pub name: Option<String>,
    pub measure: Option<String>,
    #[ts(type = "number | null")]
    pub task_group: Option<i64>,
    /// 1-based place in the set.
    #[ts(type = "number | null")]
    pub position: Option<i64>,
    /// A new phrase for the narrative.
    #[serde(default)]
    pub phrase: Option<IndicatorPhrase>,
    /// Say the figure by its name again, without a phrase.
    #[serde(default)]
    pub drop_phrase: bool,
}

/// A phrase as typed, in NFC without stray spaces; an empty "at zero" clause says nothing.
fn clean_phrase(p: &IndicatorPhrase) -> IndicatorPhrase {
    IndicatorPhrase {
        done: thidua_text::clean(&p.done),
        none: thidua_text::clean(&p.none),
        within: p.within.as_ref().map(|(of, joined)| (thidua_text::clean(of), joined_words(joined))),
    }
}

/// Words that continue another indicator's clause: " với {} lượt người" after a space, ", trong
/// đó {} …" straight after the figure; a clerk who typed "với {} lượt" means the former.
fn joined_words(text: &str) -> String {
    let words = thidua_text::clean(text);
    if words.starts_with(char::is_alphanumeric) || words.starts_with('{') { format!(" {words}") } else { words }
}

/// The clause naming an indicator's source, as the clerk reads it.
fn source_label(i: &NewIndicator) -> String {
    let Some(kind) = i.register.as_deref().and_then(RegisterKind::from_code) else { return "Nhập tay".into() };
    let what = match i.aggregate.as_deref().and_then(|a| a.strip_prefix("sum:")) {
        Some(field) => format!("cộng «{}»", kind.field(field).map_or(field, |f| f.label)),
        None => "đếm bản ghi".into(),
    };
    let mut label = format!("Sổ {}: {what}", kind.label());
    let filter = i.filter.as_deref().and_then(|f| serde_json::from_str::<serde_json::Map<String, Value>>(f).ok()).unwrap_or_default();
    for (name, want) in &filter {
        let Some(field) = kind.field(name) else { continue };
        let wanted: Vec<&str> = match want {
            Value::Array(v) => v.iter().filter_map(Value::as_str).collect(),
            v => v.as_str().into_iter().collect(),
        };
        let shown: Vec<&str> = wanted
            .iter()
            .map(|w| match field.kind {
                FieldType::Choice(choices) => choices.iter().find(|(c, _)| c == w).map_or(*w, |(_, l)| l),
                _ => w,
            })
            .collect();
        label.push_str(&format!("; {}: {}", field.label, shown.join(" hoặc ")));
    }
    match i.date_field.as_deref() {
        Some(thidua_model::RUNNING) => label.push_str("; mỗi kỳ mô hình còn hoạt động"),
        Some(d) => label.push_str(&format!("; tính theo {}", kind.field(d).map_or(d, |f| f.label).to_lowercase())),
        None => {}
    }
    label
}

/// What changed between two versions of a set, one line per indicator added, retired,
/// renamed, re-sourced or moved.
pub(crate) fn set_changes(before: &[NewIndicator], after: &[NewIndicator]) -> Vec<String> {
    let moved = moved_codes(before, after);
    let mut lines = Vec::new();
    for (place, a) in after.iter().enumerate() {
        let Some(b) = before.iter().find(|b| b.code == a.code) else {
            lines.push(format!("Thêm chỉ tiêu {} «{}» ({}; {})", a.code, a.name, a.measure, source_label(a)));
            continue;
        };
        if b.name != a.name {
            lines.push(format!("Chỉ tiêu {}: đổi tên «{}» thành «{}»", a.code, b.name, a.name));
        }
        if b.measure != a.measure {
            lines.push(format!("Chỉ tiêu {}: đơn vị tính «{}» thành «{}»", a.code, b.measure, a.measure));
        }
        if (&b.register, &b.aggregate, &b.filter, &b.date_field) != (&a.register, &a.aggregate, &a.filter, &a.date_field) {
            lines.push(format!("Chỉ tiêu {}: cách tính thành «{}»", a.code, source_label(a)));
        }
        if b.task_group != a.task_group {
            lines.push(format!("Chỉ tiêu {}: chuyển sang nhóm nhiệm vụ {}", a.code, a.task_group));
        } else if moved.contains(&a.code.as_str()) {
            lines.push(format!("Chỉ tiêu {}: chuyển đến vị trí {}", a.code, place + 1));
        }
    }
    for b in before.iter().filter(|b| !after.iter().any(|a| a.code == b.code)) {
        lines.push(format!("Bỏ chỉ tiêu {} «{}»", b.code, b.name));
    }
    lines
}

/// What changed in the checks between two versions.
pub(crate) fn checks_changes(before: &SetChecks, after: &SetChecks) -> Vec<String> {
    let mut lines: Vec<String> =
        after.rules.iter().filter(|r| !before.rules.contains(r)).map(|r| format!("Thêm quy tắc kiểm tra {}", r.text())).collect();
    lines.extend(before.rules.iter().filter(|r| !after.rules.contains(r)).map(|r| format!("Bỏ quy tắc kiểm tra {}", r.text())));
    if before.outlier_percent != after.outlier_percent {
        lines.push(match after.outlier_percent {
            0 => "Không còn đánh dấu số liệu chênh lệch lớn".to_owned(),
            p => format!("Đánh dấu số liệu gấp quá {} lần (hoặc dưới 1/{}) số so sánh", percent_as_factor(p), percent_as_factor(p)),
        });
    }
    lines
}

/// 300 → "3", 250 → "2,5".
fn percent_as_factor(percent: i64) -> String {
    let whole = thidua_text::format_integer(percent / 100);
    match percent % 100 {
        0 => whole,
        r if r % 10 == 0 => format!("{whole},{}", r / 10),
        r => format!("{whole},{r:02}"),
    }
}

/// The checks of a set are usable with its indicators: every rule names indicators of the set,
/// and the threshold is none or above 100%.
pub(crate) fn check_checks(checks: &SetChecks, indicators: &[NewIndicator]) -> Result<(), String> {
    for rule in &checks.rules {
        if let Some(unknown) = rule.codes().find(|c| !indicators.iter().any(|i| i.code == *c)) {
            return Err(format!("quy tắc {} nhắc đến chỉ tiêu {unknown}, không có trong bộ chỉ tiêu", rule.text()));
        }
    }
    if checks.outlier_percent != 0 && !(101..=100_000).contains(&checks.outlier_percent) {
        return Err(format!(
            "ngưỡng chênh lệch {}% không dùng được: ghi từ 101% trở lên, hoặc 0 để không đánh dấu",
            checks.outlier_percent
        ));
    }
    Ok(())
}

/// The indicators that moved: those outside the longest run both versions keep in the same
/// order, so moving one indicator names that one, not every indicator it passed.
fn moved_codes<'a>(before: &[NewIndicator], after: &'a [NewIndicator]) -> Vec<&'a str> {
    let kept: Vec<(&str, usize)> =
        after.iter().filter_map(|a| before.iter().position(|b| b.code == a.code).map(|p| (a.code.as_str(), p))).collect();
    // Longest increasing run of former places (quadratic: a set has tens of indicators). Of two
    // equal runs the one through the later predecessor wins, so when two neighbours swap, the
    // one that went up is named as moved.
    let mut length = vec![1usize; kept.len()];
    let mut previous = vec![None; kept.len()];
    for i in 0..kept.len() {
        for j in (0..i).rev() {
            if kept[j].1 < kept[i].1 && length[j] + 1 > length[i] {
                length[i] = length[j] + 1;
                previous[i] = Some(j);
            }
        }
    }
    let mut in_order = vec![false; kept.len()];
    let mut at = (0..kept.len()).max_by_key(|&i| length[i]);
    while let Some(i) = at {
        in_order[i] = true;
        at = previous[i];
    }
    kept.iter().zip(in_order).filter(|(_, ordered)| !ordered).map(|((code, _), _)| *code).collect()
}

/// Checks an indicator of a set, whether written here or received: the reason it cannot stand.
pub(crate) fn check_indicator(i: &NewIndicator) -> Result<(), String> {
    let code_ok = !i.code.is_empty() && i.code.chars().count() <= 12 && i.code.chars().all(|c| c.is_alphanumeric() || c == '.');
    if !code_ok {
        return Err(format!("mã «{}» phải là chữ, số và dấu chấm, tối đa 12 ký tự (ví dụ 3.9)", i.code));
    }
    if i.name.is_empty() || i.name.chars().count() > 300 {
        return Err("tên chỉ tiêu phải có, tối đa 300 ký tự".into());
    }
    if i.measure.is_empty() || i.measure.chars().count() > 40 {
        return Err("đơn vị tính phải có (ví dụ «buổi», «lượt người», «đồng»), tối đa 40 ký tự".into());
    }
    if !(1..=4).contains(&i.task_group) {
        return Err(format!("nhóm nhiệm vụ {} không có: chọn từ 1 đến 4", i.task_group));
    }
    match &i.register {
        Some(register) => {
            let kind = thidua_model::check_source(register, i.aggregate.as_deref(), i.filter.as_deref())?;
            i.date_field.as_deref().map_or(Ok(()), |d| thidua_model::check_date_field(kind, d))
        }
        None if i.aggregate.is_some() || i.filter.is_some() || i.date_field.is_some() => {
            Err("chỉ tiêu nhập tay không có cách tính, điều kiện lọc hay ngày tính".into())
        }
        None => Ok(()),
    }
}

/// An indicator as the plan bundle carries it down.
pub(crate) fn payload_of(i: &Indicator) -> thidua_bundle::payload::IndicatorPayload {
    thidua_bundle::payload::IndicatorPayload {
        position: i.position,
        task_group: i.task_group,
        code: i.code.clone(),
        name: i.name.clone(),
        measure: i.measure.clone(),
        register: i.register.clone(),
        aggregate: i.aggregate.clone(),
        filter: i.filter.clone(),
        date_field: i.date_field.clone(),
        phrase: i.phrase.clone(),
    }
}

fn view_of(i: &Indicator) -> IndicatorView {
    IndicatorView {
        position: i.position,
        task_group: i.task_group,
        code: i.code.clone(),
        name: i.name.clone(),
        measure: i.measure.clone(),
        register: i.register.clone(),
        aggregate: i.aggregate.clone(),
        filter: i.filter.clone(),
        date_field: i.date_field.clone(),
        source_label: source_label(&i.into()),
        phrase: i.phrase.clone(),
    }
}

fn sources() -> Vec<SourceRegister> {
    RegisterKind::ALL
        .into_iter()
        .map(|kind| SourceRegister {
            code: kind.code().into(),
            label: kind.label().into(),
            sums: kind
                .fields()
                .iter()
                .filter(|f| matches!(f.kind, FieldType::Count | FieldType::Amount))
                .map(|f| (f.name.into(), f.label.into()))
                .collect(),
            dates: {
                let own = kind.field(kind.date_field()).into_iter();
                let others = kind.fields().iter().filter(|f| f.kind == FieldType::Date && f.name != kind.date_field());
                let mut dates: Vec<(String, String)> = own.chain(others).map(|f| (f.name.into(), f.label.into())).collect();
                if kind.field("ended_on").is_some() {
                    dates.push((thidua_model::RUNNING.into(), "Mỗi kỳ còn hoạt động (từ ngày bắt đầu đến ngày kết thúc)".into()));
                }
                dates
            },
            filters: kind
                .fields()
                .iter()
                .filter_map(|f| match f.kind {
                    FieldType::Choice(choices) => Some(SourceFilter {
                        name: f.name.into(),
                        label: f.label.into(),
                        choices: choices.iter().map(|(c, l)| ((*c).into(), (*l).into())).collect(),
                    }),
                    FieldType::Text => Some(SourceFilter { name: f.name.into(), label: f.label.into(), choices: Vec::new() }),
                    _ => None,
                })
                .collect(),
        })
        .collect()
}

impl Workspace {
    /// The set in force, with its changes from the version before and what it can count from.
    pub fn indicator_set_view(&self) -> Result<IndicatorSetView, ApiError> {
        let set = self.indicator_set()?;
        let r = self.store.read();
        let before = match set.version {
            1 => None,
            v => r.indicator_set(&set.code, v - 1)?,
        };
        let as_new = |s: &IndicatorSet| -> Vec<NewIndicator> { s.indicators.iter().map(NewIndicator::from).collect() };
        let issued_by = match r.indicator_set_versions(&set.code)?.into_iter().find(|(v, _, _)| *v == set.version).and_then(|(_, by, _)| by)
        {
            Some(id) => r.unit(id)?.map(|u| u.full_name()),
            None => None,
        };
        Ok(IndicatorSetView {
            editable: self.writes_indicator_set(&set)?,
            changes: before
                .map(|b| [set_changes(&as_new(&b), &as_new(&set)), checks_changes(&b.checks, &set.checks)].concat())
                .unwrap_or_default(),
            rules: set.checks.rules.iter().map(FigureRule::text).collect(),
            outlier_percent: set.checks.outlier_percent,
            indicators: set.indicators.iter().map(view_of).collect(),
            code: set.code,
            name: set.name,
            version: set.version,
            issued_by,
            sources: sources(),
        })
    }

    /// Whether this installation writes the set: it has units below, and the version in force
    /// is the program's own or one it issued.
    fn writes_indicator_set(&self, set: &IndicatorSet) -> Result<bool, ApiError> {
        if !self.app_state()?.has_units_below {
            return Ok(false);
        }
        let me = self.installation()?.unit.id;
        let issuer =
            self.store.read().indicator_set_versions(&set.code)?.into_iter().find(|(v, _, _)| *v == set.version).and_then(|(_, by, _)| by);
        Ok(issuer.is_none_or(|by| by == me))
    }

    /// Issues the next version of the set with `change` applied to its indicators and checks.
    /// are never changed once written: reports and bundles name the one they answer.
    fn next_set_version(
        &mut self,
        change: impl FnOnce(&mut Vec<NewIndicator>, &mut SetChecks) -> Result<(), ApiError>,
    ) -> Result<IndicatorSetView, ApiError> {
        let set = self.indicator_set()?;
        if !self.writes_indicator_set(&set)? {
            return Err(ApiError::refused(
                "Bộ chỉ tiêu này do cấp trên ban hành: đơn vị báo cáo theo bộ đó, không sửa được. Chỉ đơn vị có đơn vị trực thuộc mới soạn bộ chỉ tiêu của mình.",
            ));
        }
        let mut indicators: Vec<NewIndicator> = set.indicators.iter().map(NewIndicator::from).collect();
        let mut checks = set.checks.clone();
        change(&mut indicators, &mut checks)?;
        let codes: Vec<&str> = indicators.iter().map(|i| i.code.as_str()).collect();
        for i in &indicators {
            check_indicator(i).map_err(|why| ApiError::refused(format!("Chỉ tiêu {}: {why}.", i.code)))?;
            if let Some(phrase) = &i.phrase {
                phrase.check(&i.code, &codes).map_err(|why| ApiError::refused(format!("Chỉ tiêu {}: {why}.", i.code)))?;
            }
        }
        check_checks(&checks, &indicators).map_err(|why| ApiError::refused(format!("Không lưu được: {why}.")))?;
        let me = self.installation()?.unit.id;
        let actor = self.actor()?;
        self.store.write(&actor, |w| w.insert_indicator_set(&set.code, set.version + 1, &set.name, Some(me), &indicators, &checks))?;
        self.indicator_set_view()
    }

    fn find_indicator(indicators: &[NewIndicator], code: &str) -> Result<usize, ApiError> {
        indicators.iter().position(|i| i.code == code).ok_or_else(|| ApiError::refused(format!("Bộ chỉ tiêu không có chỉ tiêu «{code}».")))
    }

    /// Adds an indicator at the end of its task group, in a new version of the set.
    pub fn add_indicator(&mut self, input: &IndicatorInput) -> Result<IndicatorSetView, ApiError> {
        let filter = match input.filters.iter().filter(|(_, values)| !values.is_empty()).collect::<Vec<_>>() {
            f if f.is_empty() => None,
            f => Some(
                serde_json::Value::Object(
                    f.into_iter()
                        .map(|(name, values)| {
                            let v: Vec<Value> = values.iter().map(|x| Value::from(thidua_text::visible(x))).collect();
                            (name.trim().to_owned(), if v.len() == 1 { v[0].clone() } else { Value::Array(v) })
                        })
                        .collect(),
                )
                .to_string(),
            ),
        };
        let register = input.register.as_deref().map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned);
        let new = NewIndicator {
            task_group: input.task_group,
            code: thidua_text::visible(&input.code),
            name: thidua_text::clean(&input.name),
            measure: thidua_text::clean(&input.measure),
            aggregate: register
                .as_ref()
                .map(|_| input.aggregate.clone().filter(|a| !a.trim().is_empty()).unwrap_or_else(|| "count".into())),
            // The register's own day is the default: written as none.
            date_field: input
                .date_field
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty() && register.as_deref().and_then(RegisterKind::from_code).is_none_or(|k| k.date_field() != *d))
                .map(str::to_owned),
            register,
            filter,
            phrase: input.phrase.as_ref().map(clean_phrase),
        };
        self.next_set_version(|indicators, _| {
            if indicators.iter().any(|i| i.code == new.code) {
                return Err(ApiError::refused(format!("Bộ chỉ tiêu đã có chỉ tiêu mã {}: hãy chọn mã khác.", new.code)));
            }
            check_indicator(&new).map_err(|why| ApiError::refused(format!("Chỉ tiêu {}: {why}.", new.code)))?;
            let at = indicators.iter().rposition(|i| i.task_group <= new.task_group).map_or(0, |p| p + 1);
            indicators.insert(at, new);
            Ok(())
        })
    }

    /// Renames, re-measures, regroups or moves an indicator, in a new version of the set.
    pub fn edit_indicator(&mut self, code: &str, edit: &IndicatorEdit) -> Result<IndicatorSetView, ApiError> {
        self.next_set_version(|indicators, _| {
            let at = Self::find_indicator(indicators, code)?;
            let mut i = indicators.remove(at);
            let before = (i.name.clone(), i.measure.clone(), i.task_group, i.phrase.clone());
            if let Some(name) = &edit.name {
                i.name = thidua_text::clean(name);
            }
            if let Some(measure) = &edit.measure {
                i.measure = thidua_text::clean(measure);
            }
            if let Some(group) = edit.task_group {
                i.task_group = group;
            }
            if edit.drop_phrase {
                i.phrase = None;
            }
            if let Some(phrase) = &edit.phrase {
                i.phrase = Some(clean_phrase(phrase));
            }
            let to = match edit.position {
                Some(p) if p < 1 || p as usize > indicators.len() + 1 => {
                    return Err(ApiError::refused(format!("Vị trí {p} không có: bộ chỉ tiêu có {} chỉ tiêu.", indicators.len() + 1)));
                }
                Some(p) => p as usize - 1,
                None => at,
            };
            if to == at && before == (i.name.clone(), i.measure.clone(), i.task_group, i.phrase.clone()) {
                return Err(ApiError::refused(format!("Chỉ tiêu {code} không có gì thay đổi.")));
            }
            indicators.insert(to, i);
            Ok(())
        })
    }

    /// Takes an indicator out of the set from the next version on; reports made with earlier
    /// versions keep it.
    pub fn retire_indicator(&mut self, code: &str) -> Result<IndicatorSetView, ApiError> {
        self.next_set_version(|indicators, checks| {
            let at = Self::find_indicator(indicators, code)?;
            if indicators.len() == 1 {
                return Err(ApiError::refused("Bộ chỉ tiêu phải còn ít nhất một chỉ tiêu."));
            }
            if let Some(rule) = checks.rules.iter().find(|r| r.codes().any(|c| c == code)) {
                return Err(ApiError::refused(format!(
                    "Chỉ tiêu {code} đang có trong quy tắc kiểm tra {}: hãy bỏ quy tắc đó trước.",
                    rule.text()
                )));
            }
            indicators.remove(at);
            // A figure said within the retired one's clause is said on its own from now on.
            for i in indicators.iter_mut() {
                if let Some(p) = i.phrase.as_mut().filter(|p| p.within.as_ref().is_some_and(|(of, _)| of == code)) {
                    p.within = None;
                }
            }
            Ok(())
        })
    }

    /// Adds a check between figures ("3.2 <= 3.1"), in a new version of the set.
    pub fn add_rule(&mut self, text: &str) -> Result<IndicatorSetView, ApiError> {
        let rule = FigureRule::parse(&thidua_text::clean(text)).map_err(|why| ApiError::refused(format!("Không thêm được: {why}.")))?;
        self.next_set_version(|_, checks| {
            if checks.rules.contains(&rule) {
                return Err(ApiError::refused(format!("Đã có quy tắc kiểm tra {}.", rule.text())));
            }
            checks.rules.push(rule);
            Ok(())
        })
    }

    /// Takes a check out of the set, in a new version; `text` as listed ("3.2 ≤ 3.1").
    pub fn remove_rule(&mut self, text: &str) -> Result<IndicatorSetView, ApiError> {
        let rule = FigureRule::parse(&thidua_text::clean(text)).map_err(|why| ApiError::refused(format!("Không bỏ được: {why}.")))?;
        self.next_set_version(|_, checks| {
            let before = checks.rules.len();
            checks.rules.retain(|r| *r != rule);
            if checks.rules.len() == before {
                return Err(ApiError::refused(format!("Bộ chỉ tiêu không có quy tắc kiểm tra {}.", rule.text())));
            }
            Ok(())
        })
    }

    /// Sets how far (percent) a figure may be from its reference before it is flagged; 0: never.
    pub fn set_outlier_percent(&mut self, percent: i64) -> Result<IndicatorSetView, ApiError> {
        self.next_set_version(|_, checks| {
            if checks.outlier_percent == percent {
                return Err(ApiError::refused("Ngưỡng chênh lệch không thay đổi."));
            }
            checks.outlier_percent = percent;
            Ok(())
        })
    }
}

/// What the checks found against one figure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FigureFlags {
    /// Rules between figures that do not hold: the report is not sent until they do.
    pub rules: Vec<String>,
    /// The figure is far from its reference: flagged for the reviewer, not refused.
    pub far: Vec<String>,
}

/// What the checks find in one unit's figures, by indicator code: the failing rules (named at
/// every figure they involve), and each figure far from its reference (the same period a year
/// before at the unit, the units' median at the upper level).
pub(crate) fn figure_checks<'a>(
    checks: &SetChecks,
    codes: impl Iterator<Item = &'a str>,
    value: impl Fn(&str) -> Option<i64>,
    reference: impl Fn(&str) -> Option<i64>,
    against: &str,
) -> std::collections::HashMap<String, FigureFlags> {
    let mut found: std::collections::HashMap<String, FigureFlags> = std::collections::HashMap::new();
    for rule in &checks.rules {
        if let Some(why) = rule.failure(&value) {
            let line = format!("Không khớp quy tắc {}: {why}", rule.text());
            for code in rule.codes() {
                found.entry(code.to_owned()).or_default().rules.push(line.clone());
            }
        }
    }
    for code in codes {
        if let (Some(v), Some(r)) = (value(code), reference(code))
            && thidua_model::far_from(v, r, checks.outlier_percent)
        {
            found
                .entry(code.to_owned())
                .or_default()
                .far
                .push(format!("Chênh lệch lớn so với {against} ({}): cần xem lại", thidua_text::format_integer(r)));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manual(code: &str, name: &str) -> NewIndicator {
        NewIndicator {
            task_group: 1,
            code: code.into(),
            name: name.into(),
            measure: "buổi".into(),
            register: None,
            aggregate: None,
            filter: None,
            date_field: None,
            phrase: None,
        }
    }

    #[test]
    fn the_changes_name_what_was_added_retired_renamed_and_moved_and_nothing_else() {
        let before = vec![manual("1", "Một"), manual("2", "Hai"), manual("3", "Ba"), manual("4", "Bốn")];
        // 3 goes up past 2: the one moved is named, not its neighbour.
        let swapped = vec![manual("1", "Một"), manual("3", "Ba"), manual("2", "Hai"), manual("4", "Bốn")];
        assert_eq!(set_changes(&before, &swapped), vec!["Chỉ tiêu 3: chuyển đến vị trí 2"]);
        // 4 goes to the top: only 4 moved.
        let top = vec![manual("4", "Bốn"), manual("1", "Một"), manual("2", "Hai"), manual("3", "Ba")];
        assert_eq!(set_changes(&before, &top), vec!["Chỉ tiêu 4: chuyển đến vị trí 1"]);
        // Retiring 2 and adding 5 move nobody; a rename says old and new.
        let mut changed = vec![manual("1", "Một (sửa)"), manual("3", "Ba"), manual("4", "Bốn"), manual("5", "Năm")];
        changed[3].register = Some("activity".into());
        changed[3].aggregate = Some("count".into());
        assert_eq!(
            set_changes(&before, &changed),
            vec![
                "Chỉ tiêu 1: đổi tên «Một» thành «Một (sửa)»",
                "Thêm chỉ tiêu 5 «Năm» (buổi; Sổ Hoạt động tuyên truyền, hội nghị, giám sát: đếm bản ghi)",
                "Bỏ chỉ tiêu 2 «Hai»",
            ]
        );
        assert!(set_changes(&before, &before).is_empty());
    }
}
