//! Versioned indicator sets, and the default set of the "Đoàn kết sáng tạo" movement.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use thidua_model::{FigureRule, RecordId};

use crate::{Reader, Result, StoreError, Writer};

/// The code of the default set: the movement it serves.
pub const DEFAULT_SET_CODE: &str = thidua_model::FIRST_MOVEMENT;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorSet {
    pub id: RecordId,
    pub code: String,
    pub version: i64,
    pub name: String,
    pub indicators: Vec<Indicator>,
    pub checks: SetChecks,
}

/// A set version's data checks: rules between figures, and how far (percent) a figure may be
/// from its reference before it is flagged (0: never).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SetChecks {
    pub rules: Vec<FigureRule>,
    pub outlier_percent: i64,
}

/// The checks of the program's own set (migration 9 gave the same to existing installations):
/// people reached no fewer than sessions, recognised no more than registered, applied no more
/// than recognised, replicated models no more than models, commendations from the province up
/// no more than all commendations; a figure three times or a third of its reference flagged.
pub fn default_checks() -> SetChecks {
    let rules = ["1.2 >= 1.1", "2.2 >= 2.1", "3.2 <= 3.1", "3.3 <= 3.2", "3.8 <= 3.2", "4.2 <= 4.1", "4.5 <= 4.3 + 4.4"]
        .iter()
        .map(|r| FigureRule::parse(r).expect("the default rules read"))
        .collect();
    SetChecks { rules, outlier_percent: 300 }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Indicator {
    pub id: RecordId,
    pub position: i64,
    /// 1..4, the seed plan's task groups: tuyên truyền; hội nghị, hội thảo; hỗ trợ, khuyến
    /// khích; biểu dương, nhân rộng.
    pub task_group: i64,
    pub code: String,
    pub name: String,
    pub measure: String,
    /// The register it is computed from; `None` when the clerk enters it by hand.
    pub register: Option<String>,
    /// "count" or "sum:<column>".
    pub aggregate: Option<String>,
    /// JSON object: column → value or list of values the record must have.
    pub filter: Option<String>,
    /// The day that places a record in a period for this indicator ("recognised_on"), or
    /// "running" (a model in every period from its start to its end); `None`: the register's
    /// own day.
    pub date_field: Option<String>,
    /// How the narrative says its figure; `None`: "its name: the figure".
    pub phrase: Option<thidua_model::IndicatorPhrase>,
}

/// (group, code, name, measure, register, aggregate, filter) of the default set, drawn from
/// section II of the seed plan: its four task groups and what each asks wards to do.
/// (task group, code, name, measure, register, aggregate, filter)
type IndicatorSpec = (i64, &'static str, &'static str, &'static str, Option<&'static str>, Option<&'static str>, Option<&'static str>);

const DEFAULT_INDICATORS: &[IndicatorSpec] = &[
    (1, "1.1", "Số buổi tuyên truyền về phong trào", "buổi", Some("activity"), Some("sum:sessions"), Some(r#"{"kind":"tuyen_truyen"}"#)),
    (
        1,
        "1.2",
        "Số lượt người được tuyên truyền",
        "lượt người",
        Some("activity"),
        Some("sum:participants"),
        Some(r#"{"kind":"tuyen_truyen"}"#),
    ),
    (1, "1.3", "Số tin, bài, phóng sự giới thiệu sáng kiến, ý tưởng mới", "tin, bài", Some("activity"), Some("sum:media_items"), None),
    (2, "2.1", "Số hội nghị, hội thảo, tọa đàm", "cuộc", Some("activity"), Some("sum:sessions"), Some(r#"{"kind":"hoi_nghi"}"#)),
    (
        2,
        "2.2",
        "Số lượt người tham dự hội nghị, hội thảo, tọa đàm",
        "lượt người",
        Some("activity"),
        Some("sum:participants"),
        Some(r#"{"kind":"hoi_nghi"}"#),
    ),
    (
        2,
        "2.3",
        "Số cuộc giám sát việc thực hiện chính sách khoa học, công nghệ",
        "cuộc",
        Some("activity"),
        Some("count"),
        Some(r#"{"kind":"giam_sat"}"#),
    ),
    (2, "2.4", "Số cuộc góp ý, phản biện xã hội", "cuộc", Some("activity"), Some("count"), Some(r#"{"kind":"phan_bien"}"#)),
    (3, "3.1", "Số sáng kiến, ý tưởng mới đăng ký", "sáng kiến", Some("initiative"), Some("count"), None),
    (
        3,
        "3.2",
        "Số sáng kiến, ý tưởng mới được công nhận",
        "sáng kiến",
        Some("initiative"),
        Some("count"),
        Some(r#"{"status":["cong_nhan","ap_dung"]}"#),
    ),
    (3, "3.3", "Số sáng kiến, ý tưởng được áp dụng", "sáng kiến", Some("initiative"), Some("count"), Some(r#"{"status":"ap_dung"}"#)),
    (3, "3.4", "Số sản phẩm OCOP được kết nối, quảng bá", "sản phẩm", Some("ocop_link"), Some("count"), None),
    (3, "3.5", "Tổng giá trị nguồn lực vận động được", "đồng", Some("resource"), Some("sum:amount"), None),
    (3, "3.6", "Số lượt tổ chức, cá nhân hỗ trợ nguồn lực", "lượt", Some("resource"), Some("count"), None),
    (3, "3.7", "Số cơ quan, doanh nghiệp, hợp tác xã hưởng ứng phong trào", "đơn vị", None, None, None),
    (
        3,
        "3.8",
        "Số sáng kiến được công nhận từ cấp huyện trở lên",
        "sáng kiến",
        Some("initiative"),
        Some("count"),
        Some(r#"{"status":["cong_nhan","ap_dung"],"recognition_level":["huyen","tinh","trung_uong"]}"#),
    ),
    (4, "4.1", "Số mô hình “Đoàn kết sáng tạo” được xây dựng", "mô hình", Some("model"), Some("count"), None),
    (4, "4.2", "Số mô hình được nhân rộng", "mô hình", Some("model"), Some("count"), Some(r#"{"status":"nhan_rong"}"#)),
    (
        4,
        "4.3",
        "Số tập thể được biểu dương, khen thưởng",
        "tập thể",
        Some("commendation"),
        Some("count"),
        Some(r#"{"recipient_kind":"tap_the"}"#),
    ),
    (
        4,
        "4.4",
        "Số cá nhân được biểu dương, khen thưởng",
        "cá nhân",
        Some("commendation"),
        Some("count"),
        Some(r#"{"recipient_kind":"ca_nhan"}"#),
    ),
    (
        4,
        "4.5",
        "Số tập thể, cá nhân được khen thưởng từ cấp tỉnh trở lên",
        "lượt",
        Some("commendation"),
        Some("count"),
        Some(r#"{"level":["tinh","trung_uong"]}"#),
    ),
];

/// The default indicators that count by another day than their register's own (migration 12
/// gave installations that already held the set the same).
const DEFAULT_DATES: &[(&str, &str)] =
    &[("3.2", "recognised_on"), ("3.8", "recognised_on"), ("3.3", "applied_on"), ("4.2", "replicated_on")];

/// (code, clause above zero, clause at zero, (the indicator it completes, the words appended)).
type DefaultPhrase = (&'static str, &'static str, &'static str, Option<(&'static str, &'static str)>);

/// How the narrative says each default indicator: (code, clause above zero, clause at zero,
/// the indicator whose clause it completes and the words it appends). Migration 15 gives the
/// sets already installed the same, from this one list.
const DEFAULT_PHRASES: &[DefaultPhrase] = &[
    ("1.1", "tổ chức {} buổi tuyên truyền về phong trào “Đoàn kết sáng tạo”", "chưa tổ chức buổi tuyên truyền nào về phong trào", None),
    ("1.2", "tuyên truyền đến {} lượt người", "", Some(("1.1", " với {} lượt người tham gia"))),
    ("1.3", "đăng tải {} tin, bài, phóng sự giới thiệu sáng kiến, ý tưởng mới", "chưa có tin, bài giới thiệu sáng kiến, ý tưởng mới", None),
    ("2.1", "tổ chức {} hội nghị, hội thảo, tọa đàm", "chưa tổ chức hội nghị, hội thảo, tọa đàm nào", None),
    ("2.2", "có {} lượt người tham dự hội nghị, hội thảo, tọa đàm", "", Some(("2.1", " với {} lượt người tham dự"))),
    (
        "2.3",
        "thực hiện {} cuộc giám sát việc thực hiện chính sách khoa học, công nghệ",
        "chưa thực hiện cuộc giám sát nào về chính sách khoa học, công nghệ",
        None,
    ),
    ("2.4", "tổ chức {} cuộc góp ý, phản biện xã hội", "chưa tổ chức cuộc góp ý, phản biện xã hội nào", None),
    ("3.1", "có {} sáng kiến, ý tưởng mới được đăng ký", "chưa có sáng kiến, ý tưởng mới nào được đăng ký", None),
    ("3.2", "có {} sáng kiến, ý tưởng mới được công nhận", "", Some(("3.1", ", trong đó {} được công nhận"))),
    ("3.3", "có {} sáng kiến, ý tưởng được áp dụng", "", Some(("3.1", ", {} được áp dụng"))),
    ("3.4", "kết nối, quảng bá {} sản phẩm OCOP", "chưa kết nối, quảng bá sản phẩm OCOP nào", None),
    ("3.5", "vận động được {} đồng", "chưa vận động được nguồn lực", None),
    ("3.6", "có {} lượt tổ chức, cá nhân hỗ trợ nguồn lực", "", Some(("3.5", " từ {} lượt tổ chức, cá nhân"))),
    ("3.7", "có {} cơ quan, doanh nghiệp, hợp tác xã hưởng ứng phong trào", "", None),
    ("3.8", "có {} sáng kiến được công nhận từ cấp huyện trở lên", "", Some(("3.1", ", {} được công nhận từ cấp huyện trở lên"))),
    ("4.1", "xây dựng {} mô hình “Đoàn kết sáng tạo”", "chưa xây dựng mô hình “Đoàn kết sáng tạo” nào", None),
    ("4.2", "nhân rộng {} mô hình", "", Some(("4.1", ", trong đó {} mô hình được nhân rộng"))),
    ("4.3", "biểu dương, khen thưởng {} tập thể", "chưa biểu dương, khen thưởng tập thể nào", None),
    ("4.4", "biểu dương, khen thưởng {} cá nhân", "", Some(("4.3", " và {} cá nhân"))),
    (
        "4.5",
        "có {} lượt tập thể, cá nhân được khen thưởng từ cấp tỉnh trở lên",
        "",
        Some(("4.3", ", trong đó {} lượt được khen thưởng từ cấp tỉnh trở lên")),
    ),
];

/// The phrase the program's own set gives indicator `code`.
fn default_phrase(code: &str) -> Option<thidua_model::IndicatorPhrase> {
    DEFAULT_PHRASES.iter().find(|(c, ..)| *c == code).map(|(_, done, none, within)| thidua_model::IndicatorPhrase {
        done: (*done).into(),
        none: (*none).into(),
        within: within.map(|(of, joined)| (of.into(), joined.into())),
    })
}

/// Migration 15's data: every version of the program's own set gets the default phrases, for
/// indicators that still have the default name (one renamed above may mean something else).
pub(crate) fn migrate_default_phrases(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    for (_, code, name, ..) in DEFAULT_INDICATORS {
        let phrase = default_phrase(code).map(|p| serde_json::to_string(&p).expect("serialisable"));
        tx.execute(
            "UPDATE indicators SET phrase = ?3 WHERE code = ?1 AND name = ?2 AND phrase IS NULL
             AND set_id IN (SELECT id FROM indicator_sets WHERE code = ?4)",
            params![code, name, phrase, DEFAULT_SET_CODE],
        )?;
    }
    Ok(())
}

/// An indicator of a set being written (the set assigns the ids).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewIndicator {
    pub task_group: i64,
    pub code: String,
    pub name: String,
    pub measure: String,
    pub register: Option<String>,
    pub aggregate: Option<String>,
    pub filter: Option<String>,
    pub date_field: Option<String>,
    /// How the narrative says its figure; `None`: "its name: the figure".
    pub phrase: Option<thidua_model::IndicatorPhrase>,
}

impl Reader<'_> {
    /// The newest version of the set with this code.
    pub fn latest_indicator_set(&self, code: &str) -> Result<Option<IndicatorSet>> {
        self.indicator_set_where("code = ?1 ORDER BY version DESC LIMIT 1", params![code])
    }

    /// Every indicator of every set version: id → (code, set version). Figures stored against an
    /// older version are read by their code.
    pub fn indicator_codes(&self) -> Result<std::collections::HashMap<RecordId, (String, i64)>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT i.id, i.code, s.version FROM indicators i JOIN indicator_sets s ON s.id = i.set_id")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, RecordId>(0)?, (r.get::<_, String>(1)?, r.get::<_, i64>(2)?))))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The version number of a stored set.
    pub fn indicator_set_version(&self, set_id: RecordId) -> Result<Option<i64>> {
        Ok(self.one("SELECT version FROM indicator_sets WHERE id = ?1", [set_id], |r| r.get(0)).optional()?)
    }

    /// The set version a report was made with.
    pub fn indicator_set_by_id(&self, id: RecordId) -> Result<Option<IndicatorSet>> {
        self.indicator_set_where("id = ?1", params![id])
    }

    /// Every version of a set, oldest first, without their indicators: the set's history.
    pub fn indicator_set_versions(&self, code: &str) -> Result<Vec<(i64, Option<RecordId>, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT version, issued_by_unit_id, created_at FROM indicator_sets WHERE code = ?1 ORDER BY version")?;
        let rows = stmt.query_map([code], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One version of a set.
    pub fn indicator_set(&self, code: &str, version: i64) -> Result<Option<IndicatorSet>> {
        self.indicator_set_where("code = ?1 AND version = ?2", params![code, version])
    }

    fn indicator_set_where(&self, condition: &str, args: impl rusqlite::Params) -> Result<Option<IndicatorSet>> {
        let head = self
            .conn
            .prepare_cached(&format!("SELECT id, code, version, name, rules, outlier_percent FROM indicator_sets WHERE {condition}"))?
            .query_row(args, |r| {
                Ok((
                    r.get::<_, RecordId>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, i64>(5)?,
                ))
            })
            .optional()?;
        let Some((id, code, version, name, rules, outlier_percent)) = head else { return Ok(None) };
        // Rules were checked when the version was written; one that no longer reads is not
        // applied rather than stopping every report.
        let checks = SetChecks { rules: serde_json::from_str(&rules).unwrap_or_default(), outlier_percent };
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, position, task_group, code, name, measure, register, aggregate, filter, date_field, phrase FROM indicators WHERE set_id = ?1 ORDER BY position",
        )?;
        let indicators = stmt
            .query_map([id], |r| {
                Ok(Indicator {
                    id: r.get(0)?,
                    position: r.get(1)?,
                    task_group: r.get(2)?,
                    code: r.get(3)?,
                    name: r.get(4)?,
                    measure: r.get(5)?,
                    register: r.get(6)?,
                    aggregate: r.get(7)?,
                    filter: r.get(8)?,
                    date_field: r.get(9)?,
                    // Checked when written; one that no longer reads is said plainly instead.
                    phrase: r.get::<_, Option<String>>(10)?.and_then(|p| serde_json::from_str(&p).ok()),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Some(IndicatorSet { id, code, version, name, indicators, checks }))
    }
}

impl From<&Indicator> for NewIndicator {
    fn from(i: &Indicator) -> Self {
        Self {
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
}

impl Writer<'_> {
    /// Moves a draft report onto another version of its set: each figure follows its
    /// indicator's code; the figures of indicators the new version retired are dropped (a
    /// draft answers the set in force, and a retired indicator is no longer asked).
    pub fn move_report_to_set(&mut self, report: RecordId, set: RecordId) -> Result<()> {
        self.exec(
            "DELETE FROM report_figures WHERE report_id = ?1 AND indicator_id NOT IN (
                 SELECT o.id FROM indicators o JOIN indicators n ON n.code = o.code AND n.set_id = ?2)",
            params![report, set],
        )?;
        self.exec(
            "UPDATE report_figures SET indicator_id = (
                 SELECT n.id FROM indicators o JOIN indicators n ON n.code = o.code AND n.set_id = ?2
                  WHERE o.id = report_figures.indicator_id)
              WHERE report_id = ?1",
            params![report, set],
        )?;
        self.exec("UPDATE reports SET indicator_set_id = ?2 WHERE id = ?1", params![report, set])?;
        let version = self.read().indicator_set_version(set)?;
        self.audit(
            "report",
            &report.to_string(),
            "update",
            None,
            Some(&serde_json::json!({ "indicator_set_id": set })),
            &format!("theo bộ chỉ tiêu phiên bản {}", version.unwrap_or_default()),
        )?;
        Ok(())
    }

    /// Creates version 1 of the default set if this installation has none.
    pub fn ensure_default_indicator_set(&mut self) -> Result<IndicatorSet> {
        if let Some(set) = self.read().latest_indicator_set(DEFAULT_SET_CODE)? {
            return Ok(set);
        }
        let indicators: Vec<NewIndicator> = DEFAULT_INDICATORS
            .iter()
            .map(|(group, code, name, measure, register, aggregate, filter)| NewIndicator {
                task_group: *group,
                code: (*code).into(),
                name: (*name).into(),
                measure: (*measure).into(),
                register: register.map(Into::into),
                aggregate: aggregate.map(Into::into),
                filter: filter.map(Into::into),
                date_field: DEFAULT_DATES.iter().find(|(c, _)| c == code).map(|(_, d)| (*d).into()),
                phrase: default_phrase(code),
            })
            .collect();
        self.insert_indicator_set(
            DEFAULT_SET_CODE,
            1,
            "Chỉ tiêu phong trào thi đua “Đoàn kết sáng tạo”",
            None,
            &indicators,
            &default_checks(),
        )
    }

    /// Stores a version of an indicator set (the default one, or one the upper level sent).
    pub fn insert_indicator_set(
        &mut self,
        code: &str,
        version: i64,
        name: &str,
        issued_by: Option<RecordId>,
        indicators: &[NewIndicator],
        checks: &SetChecks,
    ) -> Result<IndicatorSet> {
        let set_id = RecordId::generate();
        let rules = serde_json::to_string(&checks.rules).expect("serialisable");
        // Reports name their movement: a set always has one (named after the set until its
        // issuer says otherwise).
        if self.read().movement(code)?.is_none() {
            self.ensure_movement(code, name)?;
        }
        self.exec(
            "INSERT INTO indicator_sets (id, code, version, name, issued_by_unit_id, created_at, rules, outlier_percent)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![set_id, code, version, thidua_text::nfc(name), issued_by, self.now, rules, checks.outlier_percent],
        )
        .map_err(StoreError::from_write)?;
        for (position, i) in indicators.iter().enumerate() {
            self.exec(
                "INSERT INTO indicators (id, set_id, position, task_group, code, name, measure, register, aggregate, filter, date_field, phrase)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    RecordId::generate(),
                    set_id,
                    position as i64 + 1,
                    i.task_group,
                    i.code,
                    thidua_text::nfc(&i.name),
                    thidua_text::nfc(&i.measure),
                    i.register,
                    i.aggregate,
                    i.filter,
                    i.date_field,
                    i.phrase.as_ref().map(|p| serde_json::to_string(p).expect("serialisable"))
                ],
            )
            .map_err(StoreError::from_write)?;
        }
        let set = self.read().indicator_set(code, version)?.expect("just written");
        self.audit("indicator_set", &set_id.to_string(), "insert", None, Some(&serde_json::to_value(&set).expect("serialisable")), "")?;
        Ok(set)
    }
}
