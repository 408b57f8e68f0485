//! Award decisions and certificates (quyết định khen thưởng, giấy khen, issue 17): the upper
//! level awards a form of its own to the nominees it approved, in a Decree 30 decision numbered
//! in its document register with the list of awardees as the appendix; prints one certificate
//! per awardee; and keeps the history of every commendation given and received, with those the
//! registers already hold.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Serialize;
use thidua_awards::Recipient;
use thidua_bundle::payload::{AwardDecisionPayload, AwardeePayload, NomineeDecisionPayload};
use thidua_document::{Block, Certificate, OfficialDocument, Table};
use thidua_model::{RecordId, RegisterKind};
use thidua_store::{Issued, StoreError, StoredAwardee, StoredDecision, Writer};
use ts_rs::TS;

use crate::wording::counted;
use crate::{ApiError, Workspace};

#[derive(Debug, Clone, Serialize, TS)]
pub struct AwardeeView {
    pub kind_label: String,
    pub name: String,
    pub role: String,
    pub achievement: String,
    /// The unit that proposed it.
    pub unit_name: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct DecisionView {
    pub id: RecordId,
    pub year: i32,
    pub form_code: String,
    /// "Bằng khen của Ban Thường trực Ủy ban MTTQ tỉnh Thanh Hóa".
    pub form_name: String,
    /// "Quyết định số 05/QĐ-MTTQ-BTT ngày 20/12/2022".
    pub title: String,
    /// Received from the upper level (its awardees here are this unit's own), or issued here.
    pub received: bool,
    pub awardees: Vec<AwardeeView>,
}

/// A form this installation awards that has approved nominees not yet in a decision.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PendingAward {
    pub form_code: String,
    pub form_name: String,
    /// "03 tập thể và 02 cá nhân".
    pub approved: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct AwardsOverview {
    pub decisions: Vec<DecisionView>,
    pub pending: Vec<PendingAward>,
}

/// One commendation in the history, from a decision or a register record.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CommendationEntry {
    pub name: String,
    pub kind_label: String,
    /// "Bằng khen của Ban Thường trực Ủy ban MTTQ tỉnh Thanh Hóa", or the register's words.
    pub form: String,
    pub year: i32,
    /// "Quyết định số 05/QĐ-MTTQ-BTT ngày 20/12/2022", or what the register holds.
    pub decision: String,
    /// The unit it belongs to.
    pub unit_name: String,
    /// "Đã tặng" (issued here), "Được tặng" (from above), "Sổ theo dõi".
    pub source: String,
}

/// An approved nominee waiting for a decision, with its proposer.
struct Approved {
    nominee: thidua_store::StoredNominee,
    unit: thidua_model::Unit,
}

fn decision_title(d: &StoredDecision) -> String {
    format!("Quyết định số {} ngày {}", d.reference, d.issued_on.to_dmy())
}

/// "Bằng khen": the form's title, the part of its full name before the body that awards it.
pub(crate) fn form_title(d: &StoredDecision) -> String {
    d.form_name.split(" của ").next().unwrap_or(&d.form_name).to_owned()
}

fn kind_label(kind: &str) -> String {
    Recipient::from_code(kind).unwrap_or(Recipient::Individual).label().to_owned()
}

impl Workspace {
    /// A unit's full name ("Phường Hàm Rồng"), or "" for one no longer in the list.
    fn unit_name(&self, id: RecordId) -> Result<String, ApiError> {
        Ok(self.store.read().unit(id)?.map(|u| u.full_name()).unwrap_or_default())
    }

    /// The nominees of `year` approved here for `form_code` that no decision awards yet, in the
    /// order of their units' proposals.
    fn approved_waiting(&self, year: i32, form_code: &str) -> Result<Vec<Approved>, ApiError> {
        let me = self.installation()?.unit.id;
        let awarded = self.store.read().awarded_nominees()?;
        let mut out = Vec::new();
        for p in self.store.read().proposals(year)? {
            if p.form_code != form_code || p.state != "received" || p.proposer_unit_id == me {
                continue;
            }
            let Some(unit) = self.store.read().unit(p.proposer_unit_id)? else { continue };
            if unit.parent_id != Some(me) {
                continue;
            }
            for nominee in self.store.read().nominees(p.id)? {
                if nominee.decision == "approved" && !awarded.contains(&nominee.id) {
                    out.push(Approved { nominee, unit: unit.clone() });
                }
            }
        }
        Ok(out)
    }

    fn decision_view(&self, d: &StoredDecision) -> Result<DecisionView, ApiError> {
        let mut awardees = Vec::new();
        for a in self.store.read().awardees(d.id)? {
            let unit_name = self.unit_name(a.unit_id)?;
            awardees.push(AwardeeView {
                kind_label: kind_label(&a.kind),
                name: a.name,
                role: a.role,
                achievement: a.achievement,
                unit_name,
            });
        }
        Ok(DecisionView {
            id: d.id,
            year: d.year,
            form_code: d.form_code.clone(),
            form_name: d.form_name.clone(),
            title: decision_title(d),
            received: d.received,
            awardees,
        })
    }

    /// The award decisions of `year` kept here, and the forms this unit awards that have
    /// approved nominees waiting for one.
    pub fn award_decisions(&self, year: i32) -> Result<AwardsOverview, ApiError> {
        let decisions = self.store.read().award_decisions(Some(year))?.iter().map(|d| self.decision_view(d)).collect::<Result<_, _>>()?;
        let level = self.installation()?.unit.level;
        let mut pending = Vec::new();
        for form in self.award_catalogue()?.forms.iter().filter(|f| f.issuer_level == level) {
            let waiting = self.approved_waiting(year, &form.code)?;
            if !waiting.is_empty() {
                let people = waiting.iter().filter(|a| a.nominee.kind == Recipient::Individual.code()).count();
                pending.push(PendingAward {
                    form_code: form.code.clone(),
                    form_name: self.form_name(form)?,
                    approved: counted(waiting.len() - people, people),
                });
            }
        }
        Ok(AwardsOverview { decisions, pending })
    }

    /// Issues the decision awarding `form_code` for `year` to every nominee approved here and
    /// not yet awarded: numbered in the document register, dated today (Vietnam). Only a form
    /// this unit's own level awards, and only with approved nominees of units below.
    pub fn issue_award_decision(&mut self, year: i32, form_code: &str) -> Result<DecisionView, ApiError> {
        let installation = self.installation()?;
        let catalogue = self.award_catalogue()?;
        let form = catalogue
            .form(form_code)
            .ok_or_else(|| ApiError::refused(format!("Danh mục khen thưởng không có hình thức «{form_code}».")))?;
        let me = &installation.unit;
        if form.issuer_level != me.level {
            return Err(ApiError::refused(format!(
                "{} do {} quyết định, không phải {}: đơn vị chỉ ban hành quyết định tặng hình thức của cấp mình.",
                form.title,
                self.issuer_of(form)?,
                me.standing_committee()
            )));
        }
        let waiting = self.approved_waiting(year, form_code)?;
        if waiting.is_empty() {
            return Err(ApiError::refused(format!(
                "Chưa có tập thể, cá nhân nào được đồng ý tặng {} năm {year} mà chưa có quyết định: hãy xét các đề nghị khen thưởng trước (Thi đua – Khen thưởng › Đề nghị khen thưởng).",
                form.title
            )));
        }
        let day = self.store.now().vietnam_date();
        let form_name = self.form_name(form)?;
        let id = RecordId::generate();
        let symbol = format!("QĐ-{}", installation.header.symbol);
        let summary = format!("Về việc tặng {} năm {year}", form.title);
        let awardees: Vec<StoredAwardee> = waiting
            .iter()
            .map(|a| StoredAwardee {
                nominee_id: Some(a.nominee.id),
                unit_id: a.unit.id,
                kind: a.nominee.kind.clone(),
                name: a.nominee.name.clone(),
                role: a.nominee.role.clone(),
                achievement: a.nominee.achievement.clone(),
            })
            .collect();
        // The verification code printed on the decision, signed with what it awards.
        let key = self.own_key()?;
        let digest = crate::verification::decision_digest(year, form_code, &awardees);
        let cites_scoring = self.anything_ranked(year);
        let actor = self.actor()?;
        let stored = self.store.write(&actor, |w| {
            let number = w.next_document_number(day)?;
            let decision = StoredDecision {
                id,
                year,
                form_code: form_code.to_owned(),
                form_name: form_name.clone(),
                issuer_unit_id: me.id,
                number,
                reference: format!("{number:02}/{symbol}"),
                issued_on: day,
                received: false,
                cites_scoring: Some(cites_scoring),
            };
            w.insert_award_decision(&decision, &awardees)?;
            let registered = w.register_document(Issued::AwardDecision(id), "QĐ", &symbol, &summary, day)?;
            debug_assert_eq!(registered.number, number);
            let statement = thidua_attest::Statement::issued(
                me.code.clone(),
                thidua_attest::DocumentKind::Decision,
                decision.reference.clone(),
                day,
                year,
                digest,
            );
            let (code, short) = crate::verification::signed_code(statement, &key)?;
            w.set_decision_verification(id, &code, &short)?;
            Ok(decision)
        })?;
        self.decision_view(&stored)
    }

    /// A decision issued here by its number as printed ("05/QĐ-MTTQ-BTT") or alone ("5").
    pub fn award_decision_by_reference(&self, reference: &str) -> Result<RecordId, ApiError> {
        let wanted = reference.trim();
        self.store
            .read()
            .award_decisions(None)?
            .into_iter()
            .filter(|d| !d.received)
            .find(|d| d.reference == wanted || wanted.parse::<i64>().is_ok_and(|n| n == d.number))
            .map(|d| d.id)
            .ok_or_else(|| ApiError::refused(format!("Không có quyết định khen thưởng «{wanted}» do đơn vị ban hành (xem `award list`).")))
    }

    /// "Bằng khen của Ban Thường trực Ủy ban MTTQ tỉnh Thanh Hóa".
    fn form_name(&self, form: &thidua_awards::Form) -> Result<String, ApiError> {
        Ok(format!("{} của {}", form.title, self.issuer_of(form)?))
    }

    fn issued_decision(&self, id: RecordId) -> Result<StoredDecision, ApiError> {
        let d = self.store.read().award_decision(id)?.ok_or_else(|| ApiError::refused("Không tìm thấy quyết định khen thưởng này."))?;
        if d.received {
            return Err(ApiError::refused(format!(
                "{} là của cấp trên: bản in của quyết định đi kèm gói cấp trên gửi (Trao đổi dữ liệu › Đã nhận).",
                decision_title(&d)
            )));
        }
        Ok(d)
    }

    /// Whether any unit below is ranked for `year`: a decision then cites the scoring.
    fn anything_ranked(&self, year: i32) -> bool {
        self.scoring(year, None).is_ok_and(|s| s.units.iter().any(|u| u.rank > 0))
    }

    fn decision_document(&self, id: RecordId) -> Result<OfficialDocument, ApiError> {
        let d = self.issued_decision(id)?;
        let awardees = self.store.read().awardees(d.id)?;
        let installation = self.installation()?.with_units_named_in_full();
        let me = &installation.unit;
        let title = form_title(&d);
        let collectives = awardees.iter().filter(|a| a.kind == Recipient::Collective.code()).count();
        let people = awardees.len() - collectives;

        // The units whose proposals the decision answers, in the order of the list.
        let mut proposers: Vec<RecordId> = Vec::new();
        for a in &awardees {
            if !proposers.contains(&a.unit_id) {
                proposers.push(a.unit_id);
            }
        }
        let mut proposer_units = Vec::new();
        for p in &proposers {
            if let Some(u) = self.store.read().unit(*p)? {
                proposer_units.push(u);
            }
        }
        let mut grounds = vec!["Căn cứ Điều lệ Mặt trận Tổ quốc Việt Nam".to_owned()];
        // Decided when the decision was issued; one issued before that was kept is decided now.
        if d.cites_scoring.unwrap_or_else(|| self.anything_ranked(d.year)) {
            grounds.push(format!("Căn cứ kết quả chấm điểm, xếp hạng thi đua năm {} của các đơn vị trực thuộc", d.year));
        }
        let names: Vec<String> = proposer_units.iter().map(|u| u.name_in_sentence()).collect();
        grounds.push(match names.as_slice() {
            [] => "Xét đề nghị của các đơn vị trực thuộc".to_owned(),
            [one] => format!("Xét Tờ trình đề nghị khen thưởng của Ban Thường trực Ủy ban MTTQ {one}"),
            few if few.len() <= 5 => {
                let (last, init) = few.split_last().expect("not empty");
                format!("Xét Tờ trình đề nghị khen thưởng của Ban Thường trực Ủy ban MTTQ {} và {last}", init.join(", "))
            }
            many => format!("Xét Tờ trình đề nghị khen thưởng của {} đơn vị trực thuộc (có danh sách kèm theo)", many.len()),
        });
        let whom = match awardees.as_slice() {
            [one] if one.role.is_empty() => one.name.clone(),
            [one] => format!("{}, {}", one.name, one.role),
            _ => format!("{} (có danh sách kèm theo)", counted(collectives, people)),
        };
        let body = vec![
            Block::Centred(me.standing_committee().to_uppercase()),
            Block::Grounds(grounds),
            Block::Centred("QUYẾT ĐỊNH:".into()),
            Block::Article {
                label: "Điều 1.".into(),
                text: format!(
                    "Tặng {} cho {whom}, đã có thành tích trong phong trào thi đua “Đoàn kết sáng tạo” năm {}.",
                    d.form_name, d.year
                ),
            },
            Block::Article { label: "Điều 2.".into(), text: "Quyết định này có hiệu lực kể từ ngày ký.".into() },
            Block::Article {
                label: "Điều 3.".into(),
                text: format!(
                    "Các bộ phận giúp việc của {}, Ban Thường trực Ủy ban MTTQ các đơn vị có tập thể, cá nhân được khen thưởng và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
                    me.standing_committee()
                ),
            },
        ];
        let headers = [("STT", true), ("Tên tập thể, cá nhân", false), ("Chức vụ, đơn vị", false), ("Đơn vị đề nghị", false)];
        let rows = |kind: Recipient| -> Vec<Vec<String>> {
            awardees
                .iter()
                .filter(|a| a.kind == kind.code())
                .enumerate()
                .map(|(i, a)| {
                    let unit = proposer_units.iter().find(|u| u.id == a.unit_id).map(|u| u.full_name()).unwrap_or_default();
                    vec![(i + 1).to_string(), a.name.clone(), a.role.clone(), unit]
                })
                .collect()
        };
        let mut tables = Vec::new();
        if collectives > 0 {
            tables.push(Table::new(format!("A. Tập thể ({})", counted(collectives, 0)), &headers, rows(Recipient::Collective)));
        }
        if people > 0 {
            let letter = if collectives > 0 { "B" } else { "A" };
            tables.push(Table::new(format!("{letter}. Cá nhân ({})", counted(0, people)), &headers, rows(Recipient::Individual)));
        }
        let mut recipients = vec!["- Như Điều 3;".to_owned()];
        if installation.parent.is_some() || me.level == "tinh" {
            recipients.push(format!("- {} (b/c);", installation.upper_standing_committee()));
        }
        recipients.push("- Lưu: VT.".into());
        let summary = format!("Về việc tặng {title} năm {}", d.year);
        let appendix = format!("Danh sách tập thể, cá nhân được tặng {title} năm {}", d.year);
        let mut document = thidua_document::issued_document(
            thidua_document::DECISION,
            Some(d.number),
            &summary,
            body,
            vec![(appendix, tables)],
            d.issued_on,
            &recipients,
            &installation,
        );
        if let Some(code) = self.store.read().decision_verification(d.id)? {
            document.verification = Some(crate::verification::printed_code(&code)?);
        }
        Ok(document)
    }

    /// The decision as a Decree 30 PDF.
    pub fn award_decision_bytes(&self, id: RecordId) -> Result<Vec<u8>, ApiError> {
        thidua_document::render(&self.decision_document(id)?).map_err(|e| ApiError::refused(e.to_string()))
    }

    pub fn award_decision_pdf(&self, id: RecordId, dest: &Path) -> Result<(), ApiError> {
        crate::files::write_atomically(dest, &self.award_decision_bytes(id)?)
    }

    pub fn award_decision_preview(&self, id: RecordId) -> Result<Vec<String>, ApiError> {
        thidua_document::render_svg(&self.decision_document(id)?).map_err(|e| ApiError::refused(e.to_string()))
    }

    /// The certificates of an issued decision, each with its awardee's verification code signed
    /// now with this unit's key (`docs/VERIFICATION_CODE.md`, a certificate's content).
    fn certificates(&mut self, id: RecordId) -> Result<(StoredDecision, Vec<Certificate>), ApiError> {
        let d = self.issued_decision(id)?;
        let installation = self.installation()?;
        let key = self.own_key()?;
        let h = &installation.header;
        let mut issuer = vec![h.issuing_body.clone()];
        issuer.push(h.parent_body.join(" "));
        let title = form_title(&d);
        let awardees = self.store.read().awardees(d.id)?;
        let mut certificates = Vec::with_capacity(awardees.len());
        for (i, a) in awardees.into_iter().enumerate() {
            let statement = crate::verification::certificate_statement(&installation.unit.code, &d, i + 1, &a);
            let code = statement.sign(&key)?.to_code()?;
            certificates.push(Certificate {
                issuer: issuer.clone(),
                form: title.clone(),
                awardee: a.name,
                role: a.role,
                achievement: format!("Đã có thành tích trong phong trào thi đua “Đoàn kết sáng tạo” năm {}", d.year),
                decision: decision_title(&d),
                place_date: format!("{}, {}", h.place, d.issued_on.to_long()),
                signer_authority: h.signer_authority.clone(),
                signer_title: h.signer_title.clone(),
                signer_name: h.signer_name.clone(),
                verification: Some(crate::verification::printed_code(&code)?),
            });
        }
        Ok((d, certificates))
    }

    /// One certificate per awardee of the decision, A4 landscape, as one PDF for the printer.
    pub fn certificates_pdf(&mut self, id: RecordId, dest: &Path) -> Result<usize, ApiError> {
        let (d, certificates) = self.certificates(id)?;
        let author = self.installation()?.with_units_named_in_full().unit.standing_committee();
        let title = format!("{} – {}", d.form_name, decision_title(&d));
        let bytes = thidua_document::render_certificates(&certificates, &title, &author, d.issued_on)
            .map_err(|e| ApiError::refused(e.to_string()))?;
        crate::files::write_atomically(dest, &bytes)?;
        Ok(certificates.len())
    }

    pub fn certificates_preview(&mut self, id: RecordId) -> Result<Vec<String>, ApiError> {
        let (_, certificates) = self.certificates(id)?;
        thidua_document::render_certificates_svg(&certificates).map_err(|e| ApiError::refused(e.to_string()))
    }

    /// Every commendation kept here: given in this unit's decisions, received in its upper
    /// level's, and written in the commendations register (this unit's and its units'); those
    /// whose name, form, unit or decision holds `search` (case, marks and "đ" folded), newest
    /// first.
    pub fn commendation_history(&self, search: &str) -> Result<Vec<CommendationEntry>, ApiError> {
        let me = self.installation()?.unit.id;
        let mut out = Vec::new();
        for d in self.store.read().award_decisions(None)? {
            for a in self.store.read().awardees(d.id)? {
                let unit_name = self.unit_name(a.unit_id)?;
                out.push((
                    d.issued_on,
                    CommendationEntry {
                        name: a.name,
                        kind_label: kind_label(&a.kind),
                        form: d.form_name.clone(),
                        year: d.year,
                        decision: decision_title(&d),
                        unit_name,
                        source: if d.received { "Được cấp trên tặng" } else { "Đơn vị đã tặng" }.into(),
                    },
                ));
            }
        }
        for r in self.store.read().records(RegisterKind::Commendation, None)? {
            let text = |f: &str| r.fields.get(f).and_then(|v| v.as_str()).unwrap_or("").to_owned();
            let Ok(day) = thidua_model::IsoDate::parse(&text("decided_on")) else { continue };
            let level = text("level");
            let form =
                if level.is_empty() { text("form") } else { format!("{} (cấp {})", text("form"), thidua_awards::level_word(&level)) };
            let number = text("decision_number");
            let decision = if number.is_empty() {
                format!("ngày {}", day.to_dmy())
            } else {
                format!("Quyết định số {number} ngày {}", day.to_dmy())
            };
            let unit_name = self.unit_name(r.unit_id)?;
            out.push((
                day,
                CommendationEntry {
                    name: text("recipient"),
                    kind_label: String::new(),
                    form,
                    year: day.year(),
                    decision,
                    unit_name,
                    source: if r.unit_id == me {
                        "Sổ theo dõi của đơn vị"
                    } else {
                        "Sổ theo dõi của đơn vị cấp dưới"
                    }
                    .into(),
                },
            ));
        }
        let key = thidua_text::search_key(search);
        out.retain(|(_, e)| {
            key.is_empty() || [&e.name, &e.form, &e.unit_name, &e.decision].iter().any(|t| thidua_text::search_key(t).contains(&key))
        });
        let collator = thidua_text::Collator::vietnamese();
        out.sort_by(|(a_day, a), (b_day, b)| b_day.cmp(a_day).then_with(|| collator.compare(&a.name, &b.name)));
        Ok(out.into_iter().map(|(_, e)| e).collect())
    }
}

impl Workspace {
    /// What a decision's bundle carries to each of `units`: its awardees in it, and the
    /// decision taken on every nominee it proposed that year. The proposals and the awardees
    /// are read once for all the units. Refused for a unit that proposed nothing that year.
    pub(crate) fn award_decision_payloads(
        &self,
        id: RecordId,
        units: &[thidua_model::Unit],
    ) -> Result<Vec<AwardDecisionPayload>, ApiError> {
        let d = self.issued_decision(id)?;
        let r = self.store.read();
        let wanted: HashSet<RecordId> = units.iter().map(|u| u.id).collect();
        let mut nominees: HashMap<RecordId, Vec<NomineeDecisionPayload>> = HashMap::new();
        for p in r.proposals(d.year)?.into_iter().filter(|p| wanted.contains(&p.proposer_unit_id) && p.state == "received") {
            let of_unit = nominees.entry(p.proposer_unit_id).or_default();
            for n in r.nominees(p.id)? {
                of_unit.push(NomineeDecisionPayload { nominee_id: n.id.to_string(), decision: n.decision, reason: n.decision_reason });
            }
        }
        let mut awardees: HashMap<RecordId, Vec<AwardeePayload>> = HashMap::new();
        for a in r.awardees(d.id)?.into_iter().filter(|a| wanted.contains(&a.unit_id)) {
            awardees.entry(a.unit_id).or_default().push(AwardeePayload {
                nominee_id: a.nominee_id.map(|n| n.to_string()).unwrap_or_default(),
                kind: a.kind,
                name: a.name,
                role: a.role,
                achievement: a.achievement,
            });
        }
        let verification_code = r.decision_verification(d.id)?;
        units
            .iter()
            .map(|unit| {
                let (nominees, awardees) = (nominees.remove(&unit.id).unwrap_or_default(), awardees.remove(&unit.id).unwrap_or_default());
                if nominees.is_empty() && awardees.is_empty() {
                    return Err(ApiError::refused(format!(
                        "{} không có đề nghị khen thưởng năm {} ở đây và không có tên trong {}: không có gì để gửi cho đơn vị.",
                        unit.full_name(),
                        d.year,
                        decision_title(&d)
                    )));
                }
                Ok(AwardDecisionPayload {
                    id: d.id.to_string(),
                    year: d.year,
                    form_code: d.form_code.clone(),
                    form_name: d.form_name.clone(),
                    number: d.number,
                    reference: d.reference.clone(),
                    issued_on: d.issued_on.to_string(),
                    awardees,
                    nominees,
                    verification_code: verification_code.clone(),
                })
            })
            .collect()
    }
}

/// An award decision received from the upper level: the decision on each of this unit's
/// nominees, and the decision with this unit's awardees, kept for the history. The same
/// decision received again changes nothing but the nominees' decisions.
pub(crate) fn apply_award_decision(
    w: &mut Writer<'_>,
    me: &thidua_model::Installation,
    sender: &thidua_model::Unit,
    d: &AwardDecisionPayload,
    code: Option<(String, String)>,
) -> Result<Vec<String>, StoreError> {
    let invalid = |m: String| -> StoreError { thidua_model::InvalidValue(format!("quyết định khen thưởng: {m}")).into() };
    let id: RecordId = d.id.parse().map_err(|_| invalid(format!("mã quyết định «{}» không hợp lệ", d.id)))?;
    let issued_on = thidua_model::IsoDate::parse(&d.issued_on)?;
    if d.number < 1 || d.reference.trim().is_empty() || d.form_name.trim().is_empty() {
        return Err(invalid("thiếu số, ký hiệu hoặc hình thức khen thưởng".into()));
    }
    let mut own = Vec::new();
    for p in w.read().proposals(d.year)?.into_iter().filter(|p| p.proposer_unit_id == me.unit.id) {
        own.extend(w.read().nominees(p.id)?);
    }
    let (mut decided, mut unknown) = ([0usize; 3], 0);
    for n in &d.nominees {
        let nominee: RecordId =
            n.nominee_id.parse().map_err(|_| invalid(format!("mã người được đề nghị «{}» không hợp lệ", n.nominee_id)))?;
        let slot = match n.decision.as_str() {
            "approved" => Some(0),
            "cut" => Some(1),
            "returned" => Some(2),
            "" => None,
            other => return Err(invalid(format!("ý kiến «{other}» không hợp lệ"))),
        };
        let reason = thidua_text::clean(&n.reason);
        match own.iter().find(|o| o.id == nominee) {
            Some(o) => {
                if o.decision != n.decision || o.decision_reason != reason {
                    w.decide_nominee(nominee, &n.decision, &reason)?;
                }
                if let Some(i) = slot {
                    decided[i] += 1;
                }
            }
            None => unknown += 1,
        }
    }
    let mut awardees = Vec::new();
    for a in &d.awardees {
        let kind = Recipient::from_code(&a.kind).ok_or_else(|| invalid(format!("đối tượng «{}» không hợp lệ", a.kind)))?;
        let name = thidua_text::clean(&a.name);
        if name.is_empty() {
            return Err(invalid("thiếu tên tập thể, cá nhân được khen thưởng".into()));
        }
        awardees.push(StoredAwardee {
            nominee_id: a.nominee_id.parse().ok(),
            unit_id: me.unit.id,
            kind: kind.code().into(),
            name,
            role: thidua_text::clean(&a.role),
            achievement: thidua_text::clean_lines(&a.achievement),
        });
    }
    let mut lines = Vec::new();
    if !awardees.is_empty() && w.read().award_decision(id)?.is_none() {
        let decision = StoredDecision {
            id,
            year: d.year,
            form_code: thidua_text::clean(&d.form_code),
            form_name: thidua_text::clean(&d.form_name),
            issuer_unit_id: sender.id,
            number: d.number,
            reference: thidua_text::clean(&d.reference),
            issued_on,
            received: true,
            cites_scoring: None,
        };
        w.insert_award_decision(&decision, &awardees)?;
        if let Some((code, short)) = &code {
            w.set_decision_verification(id, code, short)?;
        }
        lines.push(format!(
            "{}: {} của đơn vị được tặng {}",
            decision_title(&decision),
            counted(
                awardees.iter().filter(|a| a.kind == Recipient::Collective.code()).count(),
                awardees.iter().filter(|a| a.kind == Recipient::Individual.code()).count()
            ),
            decision.form_name
        ));
    }
    lines.push(format!(
        "Ý kiến của cấp trên về đề nghị khen thưởng năm {}: {} đồng ý, {} không đồng ý, {} trả lại hồ sơ",
        d.year, decided[0], decided[1], decided[2]
    ));
    if unknown > 0 {
        lines.push(format!("{unknown} người được đề nghị không có ở máy này (đã bỏ qua)"));
    }
    Ok(lines)
}

impl Workspace {
    /// Every proposal of `year` kept here as a workbook the office can discuss: one row per
    /// nominee with its proposer, form, achievement, the records it rests on, the decision taken
    /// and the award decision naming it. Returns how many nominees it lists.
    pub fn proposals_xlsx(&self, year: i32, dest: &Path) -> Result<usize, ApiError> {
        use thidua_excel::{Cell, Column, Sheet};
        let proposals = self.proposals(year)?;
        let mut awarded_in: Vec<(RecordId, String)> = Vec::new();
        for d in self.store.read().award_decisions(Some(year))? {
            for a in self.store.read().awardees(d.id)? {
                if let Some(n) = a.nominee_id {
                    awarded_in.push((n, decision_title(&d)));
                }
            }
        }
        let text = |s: &str| Cell::Text(s.to_owned());
        let column = |h: &str, numeric: bool| Column { header: h.to_owned(), numeric };
        let mut rows = Vec::new();
        for p in &proposals {
            for n in &p.nominees {
                let records: Vec<&str> = n.records.iter().map(|r| r.label.as_str()).collect();
                let decision = if n.decision_reason.is_empty() {
                    n.decision_label.clone()
                } else {
                    format!("{}: {}", n.decision_label, n.decision_reason)
                };
                let awarded = awarded_in.iter().find(|(id, _)| *id == n.id).map(|(_, t)| t.as_str()).unwrap_or("");
                rows.push(vec![
                    Cell::Number(rows.len() as i64 + 1),
                    text(&p.proposer_name),
                    text(&p.form.full_name),
                    text(&n.kind_label),
                    text(&n.name),
                    text(&n.role),
                    text(&n.achievement),
                    text(&records.join("; ")),
                    text(&n.flag),
                    text(&decision),
                    text(awarded),
                ]);
            }
        }
        if rows.is_empty() {
            return Err(ApiError::refused(format!("Năm {year} chưa có đề nghị khen thưởng nào để xuất.")));
        }
        let count = rows.len();
        let sheet = Sheet {
            name: "Đề nghị khen thưởng".into(),
            title: vec![self.installation()?.unit.committee_heading(), format!("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM {year}")],
            columns: vec![
                column("STT", true),
                column("Đơn vị đề nghị", false),
                column("Hình thức", false),
                column("Đối tượng", false),
                column("Tên tập thể, cá nhân", false),
                column("Chức vụ, đơn vị", false),
                column("Tóm tắt thành tích", false),
                column("Căn cứ (sổ theo dõi)", false),
                column("Lưu ý", false),
                column("Ý kiến xét duyệt", false),
                column("Quyết định khen thưởng", false),
            ],
            rows,
            total: None,
        };
        let bytes = thidua_excel::workbook(&[sheet]).map_err(|e| ApiError::refused(e.to_string()))?;
        crate::files::write_atomically(dest, &bytes)?;
        Ok(count)
    }
}
