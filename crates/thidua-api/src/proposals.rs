//! Commendation proposals (đề nghị khen thưởng, issue 17): a unit proposes collectives and
//! individuals for a form of the award catalogue, each with its achievement summary linked to
//! the register records it rests on; who may propose what, the quota and the interval before
//! the same form again come from the catalogue (data, `assets/awards/`), and commendations
//! already in the registers are the history a nominee is checked against.

use serde::{Deserialize, Serialize};
use thidua_awards::{Catalogue, Form, Recipient};
use thidua_bundle::payload::{NomineePayload, ProposalPayload};
use thidua_model::{RecordId, RegisterKind, Unit};
use thidua_store::{StoreError, StoredNominee, StoredProposal, Writer};
use ts_rs::TS;

use crate::proposal_review::ReviewBasis;
use crate::{ApiError, Workspace};

/// The award catalogue shipped with the program, used until an office stores its own.
pub const EXAMPLE_CATALOGUE: &str = include_str!("../../../assets/awards/mttq.json");

/// A form of commendation as the screens and documents name it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AwardForm {
    pub code: String,
    /// "Bằng khen".
    pub title: String,
    /// "Bằng khen của Ban Thường trực Ủy ban MTTQ tỉnh Thanh Hóa".
    pub full_name: String,
    /// "tập thể, cá nhân".
    pub recipients: String,
    pub needs_report: bool,
    /// "tối đa 3 đề nghị mỗi đơn vị", "tối đa 1 đề nghị mỗi cụm thi đua", or "".
    pub quota: String,
    /// This unit may propose it (to its upper level).
    pub may_propose: bool,
}

/// A register record an achievement rests on.
#[derive(Debug, Clone, Serialize, TS)]
pub struct LinkedRecord {
    /// "initiatives:…id…".
    pub reference: String,
    /// "Sáng kiến: Ứng dụng Zalo trong sinh hoạt khu dân cư (10/02/2022)".
    pub label: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct NomineeView {
    pub id: RecordId,
    /// "tap_the" or "ca_nhan".
    pub kind: String,
    pub kind_label: String,
    pub name: String,
    pub role: String,
    pub achievement: String,
    pub records: Vec<LinkedRecord>,
    /// "", "approved", "cut" or "returned", and its words.
    pub decision: String,
    pub decision_label: String,
    pub decision_reason: String,
    /// Why this nominee may be too soon for the form again, from the history; "" otherwise.
    pub flag: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ProposalView {
    pub id: RecordId,
    pub year: i32,
    pub proposer_code: String,
    pub proposer_name: String,
    pub form: AwardForm,
    /// "draft", "sent" or "received", and its words.
    pub state: String,
    pub state_label: String,
    /// This unit's own while its yearly report is not sent: nominees can be added and removed.
    pub editable: bool,
    /// Received from a unit below: its nominees can be decided.
    pub reviewable: bool,
    /// For a received proposal, where the proposer stands: "Hạng 3/166, Xuất sắc; hạng 1/5 trong
    /// Cụm thi đua số 1"; "" when the year is not scored.
    pub standing: String,
    /// How much of the form's quota is taken: "Cụm thi đua số 1: đã đồng ý 1/1"; "" without one.
    pub quota_used: String,
    pub nominees: Vec<NomineeView>,
}

/// A nominee as the clerk enters one.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct NomineeInput {
    /// "tap_the" or "ca_nhan".
    pub kind: String,
    pub name: String,
    pub role: String,
    pub achievement: String,
    /// "register:id" of the records the achievement rests on.
    pub records: Vec<String>,
}

fn decision_label(d: &str) -> &'static str {
    match d {
        "approved" => "Đồng ý",
        "cut" => "Không đồng ý",
        "returned" => "Trả lại hồ sơ",
        _ => "Chưa xét",
    }
}

impl Workspace {
    /// The award catalogue in use: the newest stored, else the one shipped with the program.
    pub(crate) fn award_catalogue(&self) -> Result<Catalogue, ApiError> {
        let text = self.store.read().latest_award_catalogue()?.map(|(body, _)| body);
        catalogue_from(text.as_deref()).map_err(|e| ApiError::refused(e.to_string()))
    }

    /// The body that issues `form` as a sentence names it: the unit at its level above (or this
    /// one), or the Central Committee.
    pub(crate) fn issuer_of(&self, form: &Form) -> Result<String, ApiError> {
        let installation = self.installation()?.with_units_named_in_full();
        let mut unit: Option<Unit> = Some(installation.unit.clone());
        while let Some(u) = unit {
            if u.level == form.issuer_level {
                return Ok(u.standing_committee());
            }
            unit = match u.parent_id {
                Some(p) => self.store.read().unit(p)?,
                None => None,
            };
        }
        Ok(match form.issuer_level.as_str() {
            "trung_uong" => thidua_model::CENTRAL_COMMITTEE.to_owned(),
            level => format!("Ban Thường trực Ủy ban MTTQ cấp {}", thidua_awards::level_word(level)),
        })
    }

    fn form_view(&self, form: &Form) -> Result<AwardForm, ApiError> {
        let level = self.installation()?.unit.level;
        let quota = match (form.quota_per_proposer, form.quota_per_cluster) {
            (Some(n), _) => format!("tối đa {n} đề nghị mỗi đơn vị"),
            (None, Some(n)) => format!("tối đa {n} đề nghị mỗi cụm thi đua"),
            _ => String::new(),
        };
        Ok(AwardForm {
            code: form.code.clone(),
            title: form.title.clone(),
            full_name: format!("{} của {}", form.title, self.issuer_of(form)?),
            recipients: form.recipients.iter().map(|r| r.label()).collect::<Vec<_>>().join(", "),
            needs_report: form.needs_report,
            quota,
            may_propose: form.proposer_levels.contains(&level),
        })
    }

    /// Every form of the catalogue, those this unit may propose marked.
    pub fn award_forms(&self) -> Result<Vec<AwardForm>, ApiError> {
        self.award_catalogue()?.forms.iter().map(|f| self.form_view(f)).collect()
    }

    fn linked(&self, reference: &str) -> Result<LinkedRecord, ApiError> {
        let bad = || ApiError::refused(format!("Bản ghi «{reference}» không có trong sổ theo dõi của đơn vị."));
        let (register, id) = reference.split_once(':').ok_or_else(bad)?;
        let kind = RegisterKind::from_code(register).ok_or_else(bad)?;
        let id: RecordId = id.parse().map_err(|_| bad())?;
        let record = self.store.read().record(kind, id)?.filter(|r| !r.deleted).ok_or_else(bad)?;
        let text = |f: &str| record.fields.get(f).and_then(|v| v.as_str()).unwrap_or("").to_owned();
        let day = thidua_model::IsoDate::parse(&text(kind.date_field())).map(|d| format!(" ({})", d.to_dmy())).unwrap_or_default();
        Ok(LinkedRecord { reference: reference.to_owned(), label: format!("{}: {}{day}", kind.label(), text(kind.title_field())) })
    }

    /// This unit's records of `year` an achievement can rest on (initiatives, models, OCOP
    /// links, resources raised), for the clerk to link to a nominee.
    pub fn achievement_records(&self, year: i32) -> Result<Vec<LinkedRecord>, ApiError> {
        let me = self.installation()?.unit.id;
        let mut out = Vec::new();
        for kind in [RegisterKind::Initiative, RegisterKind::Model, RegisterKind::OcopLink, RegisterKind::Resource] {
            for r in self.store.read().records(kind, Some(me))? {
                let day = r.fields.get(kind.date_field()).and_then(|v| v.as_str()).and_then(|d| thidua_model::IsoDate::parse(d).ok());
                if day.is_some_and(|d| d.year() == year) {
                    out.push(self.linked(&format!("{}:{}", kind.code(), r.id))?);
                }
            }
        }
        Ok(out)
    }

    /// One proposal as the screens show it.
    pub(crate) fn proposal_view(&self, p: &StoredProposal, catalogue: &Catalogue) -> Result<ProposalView, ApiError> {
        let own = p.proposer_unit_id == self.installation()?.unit.id;
        self.proposal_view_against(p, catalogue, &self.review_basis(p.year, catalogue, !own)?)
    }

    fn proposal_view_against(&self, p: &StoredProposal, catalogue: &Catalogue, basis: &ReviewBasis) -> Result<ProposalView, ApiError> {
        let proposer =
            self.store.read().unit(p.proposer_unit_id)?.ok_or_else(|| ApiError::refused("Đơn vị đề nghị không còn trong danh mục."))?;
        let form = catalogue
            .form(&p.form_code)
            .ok_or_else(|| ApiError::refused(format!("Danh mục khen thưởng không còn hình thức {}.", p.form_code)))?;
        let mut nominees = Vec::new();
        for n in self.store.read().nominees(p.id)? {
            let recipient = Recipient::from_code(&n.kind).unwrap_or(Recipient::Individual);
            let records = n.records.iter().map(|r| self.linked(r)).collect::<Result<Vec<_>, _>>().unwrap_or_default();
            nominees.push(NomineeView {
                id: n.id,
                kind: n.kind.clone(),
                kind_label: recipient.label().to_owned(),
                flag: form.too_soon(p.year, &basis.history.of(&n.name, Some(n.id))).unwrap_or_default(),
                name: n.name,
                role: n.role,
                achievement: n.achievement,
                records,
                decision_label: decision_label(&n.decision).to_owned(),
                decision: n.decision,
                decision_reason: n.decision_reason,
            });
        }
        let own = p.proposer_unit_id == basis.me;
        let editable = own && self.year_report_editable(p.year)?;
        let state_label = match (own, editable) {
            (true, true) => "Đang soạn (gửi lên cùng báo cáo năm)",
            (true, false) => "Đã gửi cấp trên cùng báo cáo năm",
            (false, _) => "Đã nhận cùng báo cáo năm",
        };
        let (standing, quota_used) =
            if own { (String::new(), String::new()) } else { basis.standing_and_quota(p.year, p.proposer_unit_id, &proposer.code, form) };
        Ok(ProposalView {
            id: p.id,
            year: p.year,
            proposer_code: proposer.code.clone(),
            proposer_name: proposer.full_name(),
            form: self.form_view(form)?,
            state: p.state.clone(),
            state_label: state_label.into(),
            editable,
            reviewable: !own,
            standing,
            quota_used,
            nominees,
        })
    }

    /// The proposals of `year`: this unit's own, and those received from its units.
    pub fn proposals(&self, year: i32) -> Result<Vec<ProposalView>, ApiError> {
        let catalogue = self.award_catalogue()?;
        let me = self.installation()?.unit.id;
        let stored = self.store.read().proposals(year)?;
        let basis = self.review_basis(year, &catalogue, stored.iter().any(|p| p.proposer_unit_id != me))?;
        stored.iter().map(|p| self.proposal_view_against(p, &catalogue, &basis)).collect()
    }

    /// One proposal, by its id.
    pub fn proposal(&self, id: RecordId) -> Result<ProposalView, ApiError> {
        self.proposal_view(&self.stored_proposal(id)?, &self.award_catalogue()?)
    }

    /// The stored proposal `id`, or the refusal a clerk reads when it is gone.
    pub(crate) fn stored_proposal(&self, id: RecordId) -> Result<StoredProposal, ApiError> {
        self.store.read().proposal(id)?.ok_or_else(|| ApiError::refused("Không tìm thấy tờ trình đề nghị khen thưởng này."))
    }

    /// This unit's yearly report of `year` can still change (not sent, or a revision is open):
    /// the proposals travel with it, so they close when it does.
    fn year_report_editable(&self, year: i32) -> Result<bool, ApiError> {
        Ok(match thidua_model::PeriodCode::parse(&year.to_string()) {
            Ok(p) if self.store.read().period(p)?.is_some() => self.report(&p.to_string())?.editable,
            _ => true,
        })
    }

    fn own_draft(&self, id: RecordId) -> Result<(StoredProposal, Catalogue), ApiError> {
        let p = self.stored_proposal(id)?;
        if p.proposer_unit_id != self.installation()?.unit.id {
            return Err(ApiError::refused(
                "Tờ trình này là của đơn vị cấp dưới: cấp trên xét từng người được đề nghị, không sửa tờ trình.",
            ));
        }
        if !self.year_report_editable(p.year)? {
            return Err(ApiError::refused(format!(
                "Tờ trình đã gửi cùng báo cáo năm {}: hãy tạo bản sửa đổi của báo cáo (Báo cáo › Tạo bản sửa đổi) rồi sửa tờ trình.",
                p.year
            )));
        }
        Ok((p, self.award_catalogue()?))
    }

    /// The upper level's decision on a nominee received from a unit below: "approved" (within
    /// the form's quota per cluster and per unit), "cut" or "returned" with the reason, or ""
    /// to take the decision back. It returns the proposal's id (`proposal` shows it): a
    /// reviewer deciding hundreds of nominees does not wait for the ranking after each.
    pub fn decide_nominee(&mut self, nominee: RecordId, decision: &str, reason: &str) -> Result<RecordId, ApiError> {
        let catalogue = self.award_catalogue()?;
        let me = self.installation()?.unit;
        let p =
            self.store.read().proposal_of_nominee(nominee)?.ok_or_else(|| ApiError::refused("Không tìm thấy người được đề nghị này."))?;
        if p.proposer_unit_id == me.id || p.state != "received" {
            return Err(ApiError::refused("Chỉ xét được đề nghị khen thưởng nhận từ đơn vị cấp dưới."));
        }
        let form = catalogue
            .form(&p.form_code)
            .ok_or_else(|| ApiError::refused(format!("Danh mục khen thưởng không có hình thức {}.", p.form_code)))?;
        let reason = thidua_text::clean(reason);
        if let Some(why) = thidua_model::text_too_long(&reason) {
            return Err(ApiError::refused(format!("Lý do: {why}.")));
        }
        match decision {
            "approved" | "" => {}
            "cut" | "returned" if reason.is_empty() => {
                return Err(ApiError::refused(format!(
                    "Hãy ghi lý do {} để đơn vị đề nghị biết.",
                    if decision == "cut" { "không đồng ý" } else { "trả lại hồ sơ" }
                )));
            }
            "cut" | "returned" => {}
            other => return Err(ApiError::refused(format!("Ý kiến «{other}» không hợp lệ: approved, cut, returned."))),
        }
        if self.store.read().is_awarded(nominee)? {
            return Err(ApiError::refused(
                "Người được đề nghị này đã có tên trong quyết định khen thưởng đã ban hành: ý kiến xét duyệt không còn thay đổi được.",
            ));
        }
        let current = self.store.read().nominees(p.id)?.into_iter().find(|n| n.id == nominee).map(|n| n.decision).unwrap_or_default();
        if decision == "approved" && current != "approved" {
            let proposer = self.store.read().unit(p.proposer_unit_id)?.map(|u| u.full_name()).unwrap_or_default();
            let approvals = self.approvals(p.year)?;
            if let (Some(cluster), Some(quota)) = (approvals.cluster_of(p.proposer_unit_id), form.quota_per_cluster) {
                thidua_awards::within_quota(Some(quota), approvals.of_cluster(&form.code, cluster), 1, &cluster.name)
                    .map_err(|e| ApiError::refused(format!("Không đồng ý thêm được: {e} ({} năm {}).", form.title, p.year)))?;
            }
            thidua_awards::within_quota(form.quota_per_proposer, approvals.of_unit(&form.code, p.proposer_unit_id), 1, &proposer)
                .map_err(|e| ApiError::refused(format!("Không đồng ý thêm được: {e} ({} năm {}).", form.title, p.year)))?;
        }
        let actor = self.actor()?;
        self.store.write(&actor, |w| w.decide_nominee(nominee, decision, &reason))?;
        Ok(p.id)
    }

    /// The proposals a yearly report carries up: this unit's own of that year with nominees.
    pub(crate) fn proposals_payload(&self, period: thidua_model::PeriodCode) -> Result<Vec<ProposalPayload>, ApiError> {
        if period.kind() != thidua_model::PeriodKind::Year {
            return Ok(Vec::new());
        }
        let me = self.installation()?.unit.id;
        let mut out = Vec::new();
        for p in self.store.read().proposals(period.year())?.into_iter().filter(|p| p.proposer_unit_id == me) {
            let nominees: Vec<NomineePayload> = self
                .store
                .read()
                .nominees(p.id)?
                .into_iter()
                .map(|n| NomineePayload {
                    id: n.id.to_string(),
                    kind: n.kind,
                    name: n.name,
                    role: n.role,
                    achievement: n.achievement,
                    records: n.records,
                })
                .collect();
            if !nominees.is_empty() {
                out.push(ProposalPayload { id: p.id.to_string(), form_code: p.form_code, nominees });
            }
        }
        Ok(out)
    }

    /// Starts this unit's proposal for a form in `year` (or opens the one it has): a form it may
    /// propose, one proposal per form and year, while the yearly report can still change.
    pub fn new_proposal(&mut self, year: i32, form_code: &str) -> Result<ProposalView, ApiError> {
        thidua_model::PeriodCode::parse(&year.to_string())?;
        let me = self.installation()?.unit;
        let catalogue = self.award_catalogue()?;
        let form = catalogue.form(form_code).ok_or_else(|| {
            let codes: Vec<&str> = catalogue.forms.iter().map(|f| f.code.as_str()).collect();
            ApiError::refused(format!("Danh mục khen thưởng không có hình thức «{form_code}» (có: {}).", codes.join(", ")))
        })?;
        let recipient = form.recipients[0];
        form.may_propose(&me.level, recipient).map_err(|e| ApiError::refused(format!("{} không đề nghị được: {e}", me.full_name())))?;
        if let Some(existing) =
            self.store.read().proposals(year)?.into_iter().find(|p| p.proposer_unit_id == me.id && p.form_code == form_code)
        {
            return self.proposal_view(&existing, &catalogue);
        }
        if !self.year_report_editable(year)? {
            return Err(ApiError::refused(format!(
                "Báo cáo năm {year} đã gửi: tờ trình mới đi cùng bản sửa đổi của báo cáo (Báo cáo › Tạo bản sửa đổi)."
            )));
        }
        let p = StoredProposal {
            id: RecordId::generate(),
            year,
            proposer_unit_id: me.id,
            form_code: form_code.to_owned(),
            state: "draft".into(),
            created_at: String::new(),
            updated_at: String::new(),
            sent_at: None,
        };
        let actor = self.actor()?;
        self.store.write(&actor, |w| w.insert_proposal(&p))?;
        let stored = self.store.read().proposal(p.id)?.expect("just stored");
        self.proposal_view(&stored, &catalogue)
    }

    /// Adds a nominee to a draft proposal: for whom the form is, within the unit's quota for it
    /// this year, the achievement written, the records it rests on this unit's own.
    pub fn add_nominee(&mut self, proposal: RecordId, input: &NomineeInput) -> Result<ProposalView, ApiError> {
        let (p, catalogue) = self.own_draft(proposal)?;
        let me = self.installation()?.unit;
        let form = catalogue.form(&p.form_code).ok_or_else(|| ApiError::refused("Danh mục khen thưởng không còn hình thức này."))?;
        let recipient = Recipient::from_code(&input.kind).ok_or_else(|| {
            ApiError::refused(format!("Đối tượng «{}» không hợp lệ: tập thể (tap_the) hoặc cá nhân (ca_nhan).", input.kind))
        })?;
        form.may_propose(&me.level, recipient).map_err(|e| ApiError::refused(e.to_string()))?;
        let (name, role, achievement) =
            (thidua_text::clean(&input.name), thidua_text::clean(&input.role), thidua_text::clean_lines(&input.achievement));
        if name.is_empty() || achievement.is_empty() {
            return Err(ApiError::refused("Hãy ghi tên tập thể, cá nhân được đề nghị và tóm tắt thành tích."));
        }
        for text in [&name, &role, &achievement] {
            if let Some(why) = thidua_model::text_too_long(text) {
                return Err(ApiError::refused(format!("Đề nghị khen thưởng: {why}.")));
            }
        }
        for r in &input.records {
            let linked = self.linked(r)?;
            let (register, id) = r.split_once(':').expect("checked by linked");
            let owner = RegisterKind::from_code(register).and_then(|k| id.parse().ok().map(|id| (k, id)));
            if let Some((kind, id)) = owner
                && self.store.read().record(kind, id)?.is_some_and(|rec| rec.unit_id != me.id)
            {
                return Err(ApiError::refused(format!("{} là bản ghi của đơn vị khác.", linked.label)));
            }
        }
        let already: u32 = self
            .store
            .read()
            .proposals(p.year)?
            .iter()
            .filter(|x| x.proposer_unit_id == me.id && x.form_code == p.form_code)
            .map(|x| self.store.read().nominees(x.id).map(|n| n.len() as u32))
            .sum::<Result<u32, _>>()?;
        thidua_awards::within_quota(form.quota_per_proposer, already, 1, &me.full_name())
            .map_err(|e| ApiError::refused(format!("Không thêm được: {e} ({} năm {}).", form.title, p.year)))?;
        let nominee = StoredNominee {
            id: RecordId::generate(),
            proposal_id: p.id,
            position: 0,
            kind: recipient.code().into(),
            name,
            role,
            achievement,
            records: input.records.clone(),
            decision: String::new(),
            decision_reason: String::new(),
        };
        let actor = self.actor()?;
        self.store.write(&actor, |w| w.insert_nominee(&nominee))?;
        self.proposal_view(&p, &catalogue)
    }

    /// Takes a nominee out of a draft proposal.
    pub fn remove_nominee(&mut self, nominee: RecordId) -> Result<ProposalView, ApiError> {
        let proposal =
            self.store.read().proposal_of_nominee(nominee)?.ok_or_else(|| ApiError::refused("Không tìm thấy người được đề nghị này."))?;
        let (p, catalogue) = self.own_draft(proposal.id)?;
        let actor = self.actor()?;
        self.store.write(&actor, |w| w.delete_nominee(nominee, "bỏ khỏi tờ trình"))?;
        self.proposal_view(&p, &catalogue)
    }
}

fn catalogue_from(stored: Option<&str>) -> Result<Catalogue, thidua_awards::AwardError> {
    Catalogue::from_json(stored.unwrap_or(EXAMPLE_CATALOGUE))
}

/// The award catalogue a plan bundle brings from the upper level, checked as any catalogue is
/// and kept as its version: proposals here follow it from then on.
pub(crate) fn apply_award_catalogue(w: &mut Writer<'_>, sender: &Unit, value: &serde_json::Value) -> Result<Vec<String>, StoreError> {
    let invalid = |m: String| -> StoreError { thidua_model::InvalidValue(format!("danh mục khen thưởng: {m}")).into() };
    let body = value.to_string();
    let catalogue = Catalogue::from_json(&body).map_err(|e| invalid(e.to_string()))?;
    let fresh = w.insert_award_catalogue(&catalogue.code, catalogue.version as i64, &catalogue.name, &body, Some(sender.id))?;
    Ok(if fresh { vec![format!("Danh mục khen thưởng: {} (phiên bản {})", catalogue.name, catalogue.version)] } else { Vec::new() })
}

/// A yearly report's proposals at the upper level: they replace what the unit proposed before
/// for that year; a nominee sent again unchanged keeps the decision already taken on it.
pub(crate) fn apply_proposals(
    w: &mut Writer<'_>,
    sender: &Unit,
    year: i32,
    payloads: &[ProposalPayload],
) -> Result<Vec<String>, StoreError> {
    let invalid = |m: String| -> StoreError { thidua_model::InvalidValue(format!("đề nghị khen thưởng: {m}")).into() };
    let stored = w.read().latest_award_catalogue()?.map(|(body, _)| body);
    let catalogue = catalogue_from(stored.as_deref()).map_err(|e| invalid(e.to_string()))?;
    let mut kept: Vec<StoredNominee> = Vec::new();
    for old in w.read().proposals(year)?.into_iter().filter(|p| p.proposer_unit_id == sender.id && p.state == "received") {
        kept.extend(w.read().nominees(old.id)?);
        w.delete_proposal(old.id, "thay bằng đề nghị trong báo cáo năm mới nhận")?;
    }
    let mut lines = Vec::new();
    for p in payloads {
        let form = catalogue
            .form(&p.form_code)
            .ok_or_else(|| invalid(format!("hình thức «{}» không có trong danh mục khen thưởng của máy này", p.form_code)))?;
        let id: RecordId = p.id.parse().map_err(|_| invalid(format!("mã tờ trình «{}» không hợp lệ", p.id)))?;
        if p.nominees.is_empty() {
            continue;
        }
        thidua_awards::within_quota(form.quota_per_proposer, 0, p.nominees.len() as u32, &sender.full_name())
            .map_err(|e| invalid(e.to_string()))?;
        w.insert_proposal(&StoredProposal {
            id,
            year,
            proposer_unit_id: sender.id,
            form_code: p.form_code.clone(),
            state: "received".into(),
            created_at: String::new(),
            updated_at: String::new(),
            sent_at: None,
        })?;
        for n in &p.nominees {
            let recipient = Recipient::from_code(&n.kind).ok_or_else(|| invalid(format!("đối tượng «{}» không hợp lệ", n.kind)))?;
            form.may_propose(&sender.level, recipient).map_err(|e| invalid(e.to_string()))?;
            let nominee_id: RecordId = n.id.parse().map_err(|_| invalid(format!("mã người được đề nghị «{}» không hợp lệ", n.id)))?;
            let (name, role, achievement) =
                (thidua_text::clean(&n.name), thidua_text::clean(&n.role), thidua_text::clean_lines(&n.achievement));
            if name.is_empty() || achievement.is_empty() {
                return Err(invalid("thiếu tên hoặc tóm tắt thành tích".into()));
            }
            let same = kept.iter().find(|k| k.id == nominee_id && k.name == name && k.role == role && k.achievement == achievement);
            w.insert_nominee(&StoredNominee {
                id: nominee_id,
                proposal_id: id,
                position: 0,
                kind: recipient.code().into(),
                name,
                role,
                achievement,
                records: n.records.iter().map(|r| thidua_text::visible(r)).collect(),
                decision: same.map(|k| k.decision.clone()).unwrap_or_default(),
                decision_reason: same.map(|k| k.decision_reason.clone()).unwrap_or_default(),
            })?;
        }
        let people = p.nominees.iter().filter(|n| n.kind == "ca_nhan").count();
        lines.push(format!("Đề nghị {} năm {year}: {} tập thể, {people} cá nhân", form.title, p.nominees.len() - people));
    }
    Ok(lines)
}
