//! The six registers: add, edit, delete (tombstone), list with search, filters and
//! Vietnamese order, and each record's history.

use std::sync::Arc;

use serde::Serialize;
use serde_json::{Map, Value};
use thidua_model::{FieldType, PeriodCode, RecordId, RegisterKind, validate_fields};
use thidua_text::{Collator, SearchQuery, search_key};
use ts_rs::TS;

pub(crate) mod rows;

use rows::{ChangeAction, FieldChange, HistoryEntry, ListedRows, RecordPage, RecordQuery, RecordRow, SharedTable};

use crate::{ApiError, Workspace};

impl Workspace {
    /// Adds a record to a register of this installation's unit.
    pub fn add_record(&mut self, kind: RegisterKind, raw: &Map<String, Value>) -> Result<RecordRow, ApiError> {
        let unit = self.installation()?.unit.id;
        let fields = validate_fields(kind, raw, false).map_err(ApiError::invalid_fields)?;
        self.check_links(kind, &fields)?;
        let actor = self.actor()?;
        let id = self.store.write(&actor, |w| w.insert_record(kind, unit, &fields))?;
        self.record(kind, id)
    }

    /// Changes the given fields of a record; the history keeps old and new values and `reason`.
    pub fn edit_record(&mut self, kind: RegisterKind, id: RecordId, raw: &Map<String, Value>, reason: &str) -> Result<RecordRow, ApiError> {
        let fields = validate_fields(kind, raw, true).map_err(ApiError::invalid_fields)?;
        self.check_links(kind, &fields)?;
        let actor = self.actor()?;
        self.store.write(&actor, |w| w.update_record(kind, id, &fields, &thidua_text::clean(reason)))?;
        self.record(kind, id)
    }

    /// Deletes a record as a tombstone: gone from lists and figures, kept in the history.
    pub fn delete_record(&mut self, kind: RegisterKind, id: RecordId, reason: &str) -> Result<(), ApiError> {
        let actor = self.actor()?;
        Ok(self.store.write(&actor, |w| w.delete_record(kind, id, &thidua_text::clean(reason)))?)
    }

    pub fn record(&self, kind: RegisterKind, id: RecordId) -> Result<RecordRow, ApiError> {
        match self.store.read().record(kind, id)? {
            Some(r) if !r.deleted => Ok(RecordRow::from(r)),
            _ => Err(ApiError::refused(format!("Không có bản ghi {id} trong sổ «{}».", kind.label()))),
        }
    }

    /// A linked record must exist, be live, and belong to this unit.
    fn check_links(&self, kind: RegisterKind, fields: &Map<String, Value>) -> Result<(), ApiError> {
        for spec in kind.fields() {
            let (FieldType::Link(target), Some(Value::String(id))) = (spec.kind, fields.get(spec.name)) else { continue };
            let id: RecordId = id.parse()?;
            self.record(target, id).map_err(|_| {
                ApiError::invalid_fields(vec![thidua_model::FieldError {
                    field: spec.name.into(),
                    message: format!("Không có bản ghi này trong sổ «{}»: hãy chọn lại.", target.label()),
                }])
            })?;
        }
        Ok(())
    }

    /// Records of a register, filtered, searched and sorted as asked.
    pub fn list_records(&self, q: &RecordQuery) -> Result<RecordPage, ApiError> {
        let key = serde_json::to_string(&(&q.kind, &q.period, &q.search, &q.filters, &q.sort, q.descending)).expect("serialisable");
        let stamp = self.store.change_stamp()?;
        let list = match self.lists.list(&key, stamp) {
            Some(list) => list,
            None => {
                let list = Arc::new(self.compute_list(q, stamp)?);
                self.lists.keep_list(key, stamp, list.clone());
                list
            }
        };
        let table = &list.table;
        let slice = list
            .positions
            .iter()
            .skip(q.offset as usize)
            .take(q.limit.map_or(usize::MAX, |l| l as usize))
            .map(|p| RecordRow::from_table(q.kind, table, &table.rows[*p as usize]))
            .collect();
        Ok(RecordPage { total: list.positions.len() as u32, rows: slice })
    }

    /// Every live record of a register of this unit, read once per data change.
    fn register_table(&self, kind: RegisterKind, stamp: (u64, i64)) -> Result<SharedTable, ApiError> {
        if let Some(table) = self.lists.register(kind, stamp) {
            return Ok(table);
        }
        let unit = self.installation()?.unit.id;
        let table: SharedTable = Arc::new(self.store.read().record_table(kind, Some(unit))?);
        self.lists.keep_register(kind, stamp, table.clone());
        Ok(table)
    }

    fn compute_list(&self, q: &RecordQuery, stamp: (u64, i64)) -> Result<ListedRows, ApiError> {
        let period = q.period.as_deref().filter(|p| !p.is_empty()).map(PeriodCode::parse).transpose()?;
        let days = period.map(PeriodCode::stored_days);
        let search = q.search.as_deref().map(SearchQuery::new).filter(|s| !s.is_empty());
        let table = self.register_table(q.kind, stamp)?;
        // Fields by their place in a row; a field the register does not have matches nothing.
        let date_field = table.position(q.kind.date_field());
        let filters: Vec<(Option<usize>, &String)> = q.filters.iter().map(|(field, want)| (table.position(field), want)).collect();
        let text_fields: Vec<usize> = q
            .kind
            .fields()
            .iter()
            .filter(|f| matches!(f.kind, FieldType::Text | FieldType::LongText))
            .filter_map(|f| table.position(f.name))
            .collect();
        let mut positions: Vec<u32> = (0..table.rows.len() as u32)
            .filter(|p| {
                let values = &table.rows[*p as usize].values;
                let value = |at: Option<usize>| at.and_then(|i| values.get(i));
                let in_period =
                    days.as_ref().is_none_or(|days| value(date_field).and_then(Value::as_str).is_some_and(|d| days.contains(d)));
                let filtered = filters.iter().all(|(at, want)| match value(*at) {
                    Some(Value::String(s)) => s == *want,
                    Some(Value::Number(n)) => n.as_i64().is_some_and(|n| want.parse() == Ok(n)),
                    _ => false,
                });
                let found = search.as_ref().is_none_or(|s| {
                    let key = text_fields
                        .iter()
                        .filter_map(|i| values.get(*i).and_then(Value::as_str))
                        .map(search_key)
                        .collect::<Vec<_>>()
                        .join(" ");
                    s.matches_key(&key)
                });
                in_period && filtered && found
            })
            .collect();
        let sort =
            q.sort.as_deref().and_then(|s| q.kind.field(s)).unwrap_or_else(|| q.kind.field(q.kind.title_field()).expect("title field"));
        let sort_at = table.position(sort.name);
        // Names sort by the Vietnamese collator; dates (ISO) and codes by their bytes, which is
        // their order and far cheaper over 50,000 rows.
        let by_collator = matches!(sort.kind, FieldType::Text | FieldType::LongText | FieldType::Choice(_));
        let collator = Collator::vietnamese();
        let sort_value = |p: &u32| sort_at.and_then(|i| table.rows[*p as usize].values.get(i));
        positions.sort_by(|a, b| {
            let order = match (sort_value(a), sort_value(b)) {
                (Some(Value::String(x)), Some(Value::String(y))) if by_collator => collator.compare(x, y),
                (Some(Value::String(x)), Some(Value::String(y))) => x.cmp(y),
                (Some(Value::Number(x)), Some(Value::Number(y))) => {
                    x.as_f64().partial_cmp(&y.as_f64()).unwrap_or(std::cmp::Ordering::Equal)
                }
                (Some(Value::Null) | None, Some(v)) if !v.is_null() => std::cmp::Ordering::Greater,
                (Some(v), Some(Value::Null) | None) if !v.is_null() => std::cmp::Ordering::Less,
                _ => std::cmp::Ordering::Equal,
            };
            if q.descending { order.reverse() } else { order }
        });
        Ok(ListedRows { table, positions })
    }

    /// The different values a text field has in this unit's register, in Vietnamese order:
    /// what the filter of, say, the member organisation offers. Read from the list cache's
    /// table, so opening the register's filters does not read 50,000 records a second time.
    pub fn field_values(&self, kind: RegisterKind, field: &str) -> Result<Vec<String>, ApiError> {
        if kind.field(field).is_none() {
            return Err(ApiError::refused(format!("Sổ «{}» không có trường «{field}».", kind.label())));
        }
        let table = self.register_table(kind, self.store.change_stamp()?)?;
        let Some(at) = table.position(field) else { return Ok(Vec::new()) };
        let mut values: Vec<&str> =
            table.rows.iter().filter_map(|r| r.values.get(at).and_then(Value::as_str)).filter(|v| !v.is_empty()).collect();
        values.sort_unstable();
        values.dedup();
        Collator::vietnamese().sort_by_key(&mut values, |v| v);
        Ok(values.into_iter().map(str::to_owned).collect())
    }

    /// Every change of one record, oldest first, with field labels.
    pub fn record_history(&self, kind: RegisterKind, id: RecordId) -> Result<Vec<HistoryEntry>, ApiError> {
        let entries = self.store.read().history(kind.code(), &id.to_string())?;
        Ok(entries
            .into_iter()
            .map(|e| {
                let obj = |v: &Option<Value>| v.as_ref().and_then(Value::as_object).cloned().unwrap_or_default();
                let (old, new) = (obj(&e.old_value), obj(&e.new_value));
                let mut names: Vec<&String> = old.keys().chain(new.keys()).collect();
                names.sort_by_key(|n| kind.fields().iter().position(|f| f.name == n.as_str()).unwrap_or(usize::MAX));
                names.dedup();
                let changes = names
                    .into_iter()
                    .filter(|n| old.get(*n) != new.get(*n))
                    .map(|n| FieldChange {
                        field: n.clone(),
                        label: kind.field(n).map_or_else(|| n.clone(), |f| f.label.to_owned()),
                        old: old.get(n).cloned().unwrap_or(Value::Null),
                        new: new.get(n).cloned().unwrap_or(Value::Null),
                    })
                    .collect();
                // Only this program writes the trail, with one of the codes; a code from a newer
                // version reads as the plainest change.
                let action = ChangeAction::from_code(&e.action).unwrap_or(ChangeAction::Update);
                HistoryEntry { at: e.at, actor: e.actor, action, reason: e.reason, changes }
            })
            .collect())
    }
}

/// The control a field is entered with, and how its value is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FieldInput {
    Text,
    LongText,
    Date,
    Amount,
    Count,
    Stars,
    Choice,
    Link,
}

/// How the UI should show and check one field.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FieldInfo {
    pub name: String,
    pub label: String,
    pub input: FieldInput,
    pub required: bool,
    /// For "choice": the allowed values.
    pub options: Vec<ChoiceOption>,
    /// For "link": the register the value points into.
    pub link: Option<RegisterKind>,
    /// A text field whose values the list can filter by (member organisation, field…).
    pub filterable: bool,
}

/// Text fields that lists offer as filters, with the values the register holds.
const FILTERABLE: &[&str] = &["member_org", "field", "form"];

#[derive(Debug, Clone, Serialize, TS)]
pub struct ChoiceOption {
    pub code: String,
    pub label: String,
}

/// A register as the UI needs to know it: its name and its fields.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RegisterSchema {
    pub kind: RegisterKind,
    pub label: String,
    pub date_field: String,
    pub title_field: String,
    pub fields: Vec<FieldInfo>,
}

/// The six registers' schemas, in the order the app lists them.
pub fn register_schemas() -> Vec<RegisterSchema> {
    RegisterKind::ALL
        .into_iter()
        .map(|kind| RegisterSchema {
            kind,
            label: kind.label().into(),
            date_field: kind.date_field().into(),
            title_field: kind.title_field().into(),
            fields: kind
                .fields()
                .iter()
                .map(|f| {
                    let (input, options, link) = match f.kind {
                        FieldType::Text => (FieldInput::Text, vec![], None),
                        FieldType::LongText => (FieldInput::LongText, vec![], None),
                        FieldType::Date => (FieldInput::Date, vec![], None),
                        FieldType::Amount => (FieldInput::Amount, vec![], None),
                        FieldType::Count => (FieldInput::Count, vec![], None),
                        FieldType::Stars => (FieldInput::Stars, vec![], None),
                        FieldType::Choice(opts) => (
                            FieldInput::Choice,
                            opts.iter().map(|(c, l)| ChoiceOption { code: (*c).into(), label: (*l).into() }).collect(),
                            None,
                        ),
                        FieldType::Link(target) => (FieldInput::Link, vec![], Some(target)),
                    };
                    FieldInfo {
                        name: f.name.into(),
                        label: f.label.into(),
                        input,
                        required: f.required,
                        options,
                        link,
                        filterable: FILTERABLE.contains(&f.name),
                    }
                })
                .collect(),
        })
        .collect()
}
