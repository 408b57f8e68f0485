//! Plans: import from a document's text, list, and read back as a structured plan.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use thidua_model::RecordId;
use thidua_plan::{NodeKind, PlanDraft, PlanNode, parse_plan_text};
use thidua_store::{NewPlan, NewPlanNode, StoredPlanNode};
use ts_rs::TS;

use crate::files::{ReadError, read_limited};
use crate::{ApiError, Workspace};

/// Files larger than this are not plans.
const MAX_PLAN_BYTES: u64 = 5 * 1024 * 1024;

/// A plan in a list.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PlanInfo {
    pub id: RecordId,
    pub year: i32,
    pub doc_type: String,
    pub summary: String,
    /// How many sections (I., II.…) the plan has.
    pub sections: u32,
    pub created_at: String,
}

/// The symbol of a document type in its number ("KH" in "05/KH-MTTQ-BTT").
fn symbol(doc_type: &str) -> &'static str {
    match doc_type {
        "HƯỚNG DẪN" => "HD",
        "CHƯƠNG TRÌNH" => "CTr",
        "BÁO CÁO" => "BC",
        "THÔNG BÁO" => "TB",
        "TỜ TRÌNH" => "TTr",
        "QUYẾT ĐỊNH" => "QĐ",
        _ => "KH",
    }
}

fn kind_code(k: NodeKind) -> &'static str {
    match k {
        NodeKind::Section => "section",
        NodeKind::Item => "item",
        NodeKind::Point => "point",
        NodeKind::Bullet => "bullet",
        NodeKind::Paragraph => "paragraph",
    }
}

fn kind_from(code: &str) -> NodeKind {
    match code {
        "section" => NodeKind::Section,
        "item" => NodeKind::Item,
        "point" => NodeKind::Point,
        "bullet" => NodeKind::Bullet,
        _ => NodeKind::Paragraph,
    }
}

/// The year a plan is for: "năm 2022" in its summary, else the first year its opening cites.
fn plan_year(draft: &PlanDraft, fallback: i32) -> i32 {
    let find = |s: &str| {
        s.split(|c: char| !c.is_ascii_digit())
            .filter(|w| w.len() == 4)
            .filter_map(|w| w.parse::<i32>().ok())
            .find(|y| (2000..=2100).contains(y))
    };
    find(&draft.summary).or_else(|| draft.opening.iter().find_map(|p| find(p))).unwrap_or(fallback)
}

/// One line of the document register.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DocumentEntry {
    /// "05/KH-MTTQ-BTT".
    pub number: String,
    pub year: i32,
    /// dd/mm/yyyy.
    pub issued_on: String,
    pub summary: String,
    pub plan_id: Option<RecordId>,
    pub report_id: Option<RecordId>,
}

impl From<thidua_store::RegisteredDocument> for DocumentEntry {
    fn from(d: thidua_store::RegisteredDocument) -> Self {
        Self {
            number: format!("{:02}/{}", d.number, d.symbol),
            year: d.year,
            issued_on: d.issued_on.to_dmy(),
            summary: d.summary,
            plan_id: d.plan_id,
            report_id: d.report_id,
        }
    }
}

/// The rows of a plan issued by `unit`, ready to insert (`this_year`, Vietnam's, when the plan
/// does not say its year).
pub(crate) fn new_plan_rows(draft: &PlanDraft, unit: RecordId, derived_from: Option<RecordId>, this_year: i32) -> NewPlan {
    let mut nodes = Vec::new();
    fn flatten(n: &PlanNode, parent: Option<usize>, out: &mut Vec<NewPlanNode>) {
        out.push(NewPlanNode {
            parent,
            kind: kind_code(n.kind).into(),
            marker: n.marker.clone(),
            heading: n.heading.clone(),
            body: n.body.clone(),
        });
        let me = out.len() - 1;
        for c in &n.children {
            flatten(c, Some(me), out);
        }
    }
    for n in &draft.nodes {
        flatten(n, None, &mut nodes);
    }
    // The closing paragraphs end the body; they are kept as top-level paragraphs after it.
    for p in &draft.closing {
        nodes.push(NewPlanNode { parent: None, kind: "paragraph".into(), marker: String::new(), heading: String::new(), body: p.clone() });
    }
    NewPlan {
        unit_id: unit,
        derived_from,
        year: plan_year(draft, this_year),
        doc_type: symbol(&draft.doc_type).into(),
        title: draft.doc_type.clone(),
        summary: draft.summary.clone(),
        opening: draft.opening.join("\n"),
        recipients: draft.recipients.clone(),
        signer_authority: draft.signer_authority.clone(),
        signer_title: draft.signer_title.clone(),
        signer_name: draft.signer_name.clone(),
        nodes,
        issued_by: None,
    }
}

impl Workspace {
    /// Imports a plan from a text file (UTF-8) or a Word document (.docx) and returns its id.
    pub fn import_plan(&mut self, path: &Path) -> Result<PlanInfo, ApiError> {
        let name = path.display();
        let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
        if !matches!(ext.as_str(), "txt" | "docx" | "") {
            return Err(ApiError::refused(format!(
                "Chưa đọc được tệp .{ext} ({name}): hãy lưu kế hoạch dạng Word (.docx) hoặc văn bản thuần (.txt, mã UTF-8) rồi nhập lại."
            )));
        }
        let bytes = read_limited(path, MAX_PLAN_BYTES).map_err(|e| match e {
            ReadError::TooLarge(size) => ApiError::refused(format!("Tệp {name} quá lớn ({size} byte) để là một kế hoạch.")),
            ReadError::Unreadable(e) => ApiError::refused(format!("Không đọc được tệp {name}: {e}.")),
        })?;
        let text = if ext == "docx" || bytes.starts_with(b"PK") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            thidua_plan::docx_text(&bytes).map_err(|e| ApiError::refused(format!("{name}: {e}")))?
        } else {
            let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes))
                .map_err(|_| ApiError::refused(format!("Tệp {name} không ở mã UTF-8: hãy lưu lại với mã UTF-8 rồi nhập lại.")))?;
            thidua_text::repair_legacy(text)
        };
        let draft = parse_plan_text(&text).map_err(|e| ApiError::refused(e.to_string()))?;
        self.store_plan(&draft, None)
    }

    pub(crate) fn store_plan(&mut self, draft: &PlanDraft, derived_from: Option<RecordId>) -> Result<PlanInfo, ApiError> {
        let unit = self.installation()?.unit.id;
        let plan = new_plan_rows(draft, unit, derived_from, self.store.now().vietnam_year());
        let actor = self.actor()?;
        let id = self.store.write(&actor, |w| w.insert_plan(&plan))?;
        self.plans()?.into_iter().find(|p| p.id == id).ok_or_else(|| ApiError::refused("Không đọc lại được kế hoạch vừa lưu."))
    }

    /// Derives the plan of `unit_code` (this unit, or one directly below) from plan `id`: the
    /// same structure and text with the unit's name and level, its own opening, recipients and
    /// signer, no number or date yet. Returns the new plan.
    pub fn derive_plan(&mut self, id: RecordId, unit_code: &str) -> Result<PlanInfo, ApiError> {
        let installation = self.installation()?;
        let r = self.store.read();
        let (source_row, _) = r.plan(id)?.ok_or_else(|| ApiError::refused(format!("Không có kế hoạch {id}.")))?;
        let target = if unit_code == installation.unit.code {
            installation.unit.clone()
        } else {
            r.units(&thidua_store::UnitFilter { parent_id: Some(installation.unit.id), ..Default::default() })?
                .into_iter()
                .find(|u| u.code == unit_code)
                .ok_or_else(|| {
                    ApiError::refused(format!(
                        "Đơn vị mã {unit_code} không phải đơn vị này hay đơn vị trực thuộc: không lập được kế hoạch cho đơn vị đó."
                    ))
                })?
        };
        // The plan derived from is cited by its number and day once issued: as its issuer
        // signed it (received from above), or as this installation's register has it.
        let source_reference = match &source_row.issued_by {
            Some(i) => Some((format!("{:02}/{}-{}", i.number, source_row.doc_type, i.symbol), i.issued_on)),
            None => r.registration(&thidua_store::Issued::Plan(id))?.map(|d| (format!("{:02}/{}", d.number, d.symbol), d.issued_on)),
        }
        .map(|(number, day)| format!("số {number} ngày {}", day.to_dmy()));
        let source_unit = r.unit(source_row.unit_id)?;
        let source = match &source_unit {
            Some(u) if u.id != target.id => u.standing_committee(),
            _ => "Ban Thường trực Ủy ban MTTQ cấp trên".to_owned(),
        };
        let kind = if target.kind.is_empty() {
            if target.level == "xa" { "xã".to_owned() } else { target.level.clone() }
        } else {
            target.kind.to_lowercase()
        };
        let in_sentence = target.name_in_sentence();
        let own = target.id == installation.unit.id;
        let h = &installation.header;
        let upper = self.plan(id)?;
        let draft = thidua_plan::derive(
            &upper,
            &thidua_plan::DeriveTarget {
                unit_in_sentence: &in_sentence,
                kind: &kind,
                source_issuer: &source,
                source_reference: source_reference.as_deref(),
                recipients: vec![
                    format!("- {source} (b/c);"),
                    format!("- Đảng ủy, HĐND, UBND {in_sentence} (b/c);"),
                    "- Các tổ chức thành viên;".into(),
                    "- Ban công tác Mặt trận các khu dân cư;".into(),
                    "- Lưu: VT.".into(),
                ],
                signer_authority: if own { &h.signer_authority } else { "TM. BAN THƯỜNG TRỰC" },
                signer_title: if own { &h.signer_title } else { "CHỦ TỊCH" },
                signer_name: if own { &h.signer_name } else { "" },
            },
        );
        let plan = new_plan_rows(&draft, target.id, Some(id), self.store.now().vietnam_year());
        let actor = self.actor()?;
        let new_id = self.store.write(&actor, |w| w.insert_plan(&plan))?;
        self.plans()?.into_iter().find(|p| p.id == new_id).ok_or_else(|| ApiError::refused("Không đọc lại được kế hoạch vừa lập."))
    }

    /// This unit's plans and those the upper level sent down, newest first.
    pub fn plans(&self) -> Result<Vec<PlanInfo>, ApiError> {
        let installation = self.installation()?;
        let r = self.store.read();
        let mut plans = r.plans(installation.unit.id)?;
        if let Some(parent) = &installation.parent {
            plans.extend(r.plans(parent.id)?);
        }
        // Plans drawn up here for units below.
        for child in r.units(&thidua_store::UnitFilter { parent_id: Some(installation.unit.id), ..Default::default() })? {
            plans.extend(r.plans(child.id)?);
        }
        plans.sort_by(|a, b| b.created_at.cmp(&a.created_at));
        plans
            .into_iter()
            .map(|p| {
                let sections = r.plan(p.id)?.map_or(0, |(_, nodes)| nodes.iter().filter(|n| n.kind == "section").count() as u32);
                Ok(PlanInfo { id: p.id, year: p.year, doc_type: p.title, summary: p.summary, sections, created_at: p.created_at })
            })
            .collect()
    }

    /// Prints a plan as a Decree 30 PDF with this installation's header, written to `dest`
    /// (through a temporary file, so a failed write leaves no half PDF).
    pub fn plan_pdf(&self, id: RecordId, dest: &Path) -> Result<(), ApiError> {
        let bytes = self.plan_pdf_bytes(id)?;
        let tmp = dest.with_extension("pdf.tmp");
        let write = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, dest));
        write.map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            ApiError::refused(format!("Không ghi được tệp {} ({e}): hãy chọn thư mục khác.", dest.display()))
        })
    }

    pub(crate) fn plan_pdf_bytes(&self, id: RecordId) -> Result<Vec<u8>, ApiError> {
        thidua_document::render(&self.plan_official_document(id)?).map_err(|e| ApiError::refused(e.to_string()))
    }

    /// The plan's pages as the PDF prints them, as SVG: the app's print preview.
    pub fn plan_preview(&self, id: RecordId) -> Result<Vec<String>, ApiError> {
        thidua_document::render_svg(&self.plan_official_document(id)?).map_err(|e| ApiError::refused(e.to_string()))
    }

    fn plan_official_document(&self, id: RecordId) -> Result<thidua_document::OfficialDocument, ApiError> {
        let plan = self.plan(id)?;
        let r = self.store.read();
        let (row, _) = r.plan(id)?.ok_or_else(|| ApiError::refused(format!("Không có kế hoạch {id}.")))?;
        let mut installation = self.installation()?;
        // A plan received from above prints under the header, number and day its issuer signed
        // it with; this installation's own plans under its own header and register.
        let issue = match &row.issued_by {
            Some(issuer) => {
                let h = &mut installation.header;
                h.parent_body.clone_from(&issuer.parent_body);
                h.issuing_body.clone_from(&issuer.issuing_body);
                h.symbol.clone_from(&issuer.symbol);
                h.place.clone_from(&issuer.place);
                Some(thidua_document::Issue { number: issuer.number, date: issuer.issued_on })
            }
            None => {
                r.registration(&thidua_store::Issued::Plan(id))?.map(|d| thidua_document::Issue { number: d.number, date: d.issued_on })
            }
        };
        let mut document = thidua_document::plan_document(&plan, row.year, &row.doc_type, issue, &installation);
        if row.issued_by.is_some()
            && let Some(issuer) = r.unit(row.unit_id)?
        {
            document.author = issuer.standing_committee();
        }
        // An issued plan carries its verification code, here and at the units it went down to.
        if let Some(code) = r.plan_verification(id)? {
            document.verification = Some(crate::verification::printed_code(&code)?);
        }
        Ok(document)
    }

    /// Saves the clerk's edit of a plan: header fields, structure, recipients, signer. An issued
    /// plan is not edited (its number and date stand for what was signed): draw up a new one.
    pub fn save_plan(&mut self, id: RecordId, draft: &PlanDraft) -> Result<PlanInfo, ApiError> {
        let (row, _) = self.store.read().plan(id)?.ok_or_else(|| ApiError::refused(format!("Không có kế hoạch {id}.")))?;
        if let Some(n) = row.number {
            return Err(ApiError::refused(format!(
                "Kế hoạch đã ban hành (số {n:02}): không sửa được văn bản đã ký; hãy lập kế hoạch mới từ kế hoạch này."
            )));
        }
        let clean = |s: &str| thidua_text::clean(s);
        if clean(&draft.doc_type).is_empty() || clean(&draft.summary).is_empty() {
            return Err(ApiError::refused("Kế hoạch cần có tên loại văn bản và trích yếu."));
        }
        if draft.nodes.is_empty() {
            return Err(ApiError::refused("Kế hoạch cần có ít nhất một mục (I., 1.…)."));
        }
        let old = serde_json::to_value(self.plan(id)?).expect("serialisable");
        let mut plan = new_plan_rows(draft, row.unit_id, row.derived_from, self.store.now().vietnam_year());
        plan.year = row.year;
        let new = serde_json::to_value(draft).expect("serialisable");
        let actor = self.actor()?;
        self.store.write(&actor, |w| w.replace_plan(id, &plan, &old, &new))?;
        self.plans()?.into_iter().find(|p| p.id == id).ok_or_else(|| ApiError::refused("Không đọc lại được kế hoạch vừa lưu."))
    }

    /// Issues a plan: the next number of the year in the document register, and the day
    /// ("dd/mm/yyyy"; today when not given). A plan already issued keeps its number.
    pub fn issue_plan(&mut self, id: RecordId, day: Option<&str>) -> Result<DocumentEntry, ApiError> {
        let (row, _) = self.store.read().plan(id)?.ok_or_else(|| ApiError::refused(format!("Không có kế hoạch {id}.")))?;
        let date = match day.map(str::trim).filter(|d| !d.is_empty()) {
            Some(d) => thidua_text::parse_date_dmy(d)
                .and_then(|(y, m, dd)| thidua_model::IsoDate::new(y, m, dd))
                .ok_or_else(|| ApiError::refused(format!("Ngày ban hành «{d}» không hợp lệ: hãy ghi dạng 05/03/2022.")))?,
            None => self.store.now().vietnam_date(),
        };
        let symbol = format!("{}-{}", row.doc_type, self.installation()?.header.symbol);
        // The verification code printed on the plan from now on, signed with what is issued.
        let key = self.own_key()?;
        let unit_code = self.installation()?.unit.code;
        let digest = crate::verification::plan_digest(&self.plan(id)?);
        let actor = self.actor()?;
        let entry = self.store.write(&actor, |w| {
            let already = w.read().registration(&thidua_store::Issued::Plan(id))?.is_some();
            let entry = w.register_document(thidua_store::Issued::Plan(id), &row.doc_type, &symbol, &row.summary, date)?;
            if !already {
                let number = format!("{:02}/{}", entry.number, entry.symbol);
                let statement = thidua_attest::Statement::issued(
                    unit_code.clone(),
                    thidua_attest::DocumentKind::Plan,
                    number,
                    entry.issued_on,
                    row.year,
                    digest,
                );
                let (code, short) = crate::verification::signed_code(statement, &key)?;
                w.set_plan_verification(id, &code, &short)?;
            }
            Ok(entry)
        })?;
        Ok(DocumentEntry::from(entry))
    }

    /// The document register of a year (this year when `None`): every document issued, by number.
    pub fn document_register(&self, year: Option<i32>) -> Result<(i32, Vec<DocumentEntry>), ApiError> {
        let year = year.unwrap_or_else(|| self.store.now().vietnam_year());
        Ok((year, self.store.read().document_register(year)?.into_iter().map(DocumentEntry::from).collect()))
    }

    /// Writes a plan's PDF into the data directory's print folder ("ban-in") and returns its
    /// path, for the system's PDF viewer to show and print.
    pub fn plan_print_copy(&self, id: RecordId) -> Result<PathBuf, ApiError> {
        let info = self.plans()?.into_iter().find(|p| p.id == id).ok_or_else(|| ApiError::refused(format!("Không có kế hoạch {id}.")))?;
        let path = self.print_folder()?.join(format!("ke-hoach-{}-{}.pdf", info.year, &id.to_string()[..8]));
        crate::files::write_atomically(&path, &self.plan_pdf_bytes(id)?)?;
        Ok(path)
    }

    pub(crate) fn print_folder(&self) -> Result<PathBuf, ApiError> {
        let dir = self.data_dir().join("ban-in");
        std::fs::create_dir_all(&dir).map_err(|e| ApiError::refused(format!("Không tạo được thư mục {} ({e}).", dir.display())))?;
        Ok(dir)
    }

    /// A stored plan, as a structured draft.
    pub fn plan(&self, id: RecordId) -> Result<PlanDraft, ApiError> {
        let (plan, nodes) = self.store.read().plan(id)?.ok_or_else(|| ApiError::refused(format!("Không có kế hoạch {id}.")))?;
        // Children listed by parent once, in reading order, so the tree is built in one pass
        // (a plan near the size limit has tens of thousands of nodes).
        let mut children: HashMap<Option<RecordId>, Vec<&StoredPlanNode>> = HashMap::new();
        for n in &nodes {
            children.entry(n.parent).or_default().push(n);
        }
        fn build(parent: Option<RecordId>, children: &HashMap<Option<RecordId>, Vec<&StoredPlanNode>>) -> Vec<PlanNode> {
            children
                .get(&parent)
                .into_iter()
                .flatten()
                .map(|n| PlanNode {
                    kind: kind_from(&n.kind),
                    marker: n.marker.clone(),
                    heading: n.heading.clone(),
                    body: n.body.clone(),
                    children: build(Some(n.id), children),
                })
                .collect()
        }
        let mut tree = build(None, &children);
        let split = tree.iter().rposition(|n| n.kind != NodeKind::Paragraph).map_or(0, |i| i + 1);
        let closing = tree.split_off(split).into_iter().map(|n| n.body).collect();
        Ok(PlanDraft {
            doc_type: plan.title,
            summary: plan.summary,
            opening: plan.opening.lines().map(str::to_owned).filter(|l| !l.is_empty()).collect(),
            nodes: tree,
            closing,
            recipients: plan.recipients,
            signer_authority: plan.signer_authority,
            signer_title: plan.signer_title,
            signer_name: plan.signer_name,
        })
    }
}
