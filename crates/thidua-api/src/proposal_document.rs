//! A proposal as the document that carries it up (tờ trình đề nghị khen thưởng): the
//! sentences built from its nominees and the unit's own year, the list of nominees as the
//! first appendix and, where the form needs one, each nominee's achievement report (báo cáo
//! thành tích) as the second, resting on the register records it names and the commendations
//! the registers already hold.

use std::path::Path;

use thidua_awards::Recipient;
use thidua_document::{Block, OfficialDocument, Table};
use thidua_model::RecordId;

use crate::proposals::ProposalView;
use crate::wording::counted;
use crate::{ApiError, Workspace};

impl Workspace {
    fn proposal_document(&self, id: RecordId) -> Result<OfficialDocument, ApiError> {
        let catalogue = self.award_catalogue()?;
        let stored = self.stored_proposal(id)?;
        let view: ProposalView = self.proposal_view(&stored, &catalogue)?;
        let installation = self.installation()?.with_units_named_in_full();
        let me = &installation.unit;
        if stored.proposer_unit_id != me.id {
            return Err(ApiError::refused(format!(
                "Tờ trình này là của {}: đơn vị đề nghị in tờ trình của mình; cấp trên xem danh sách và ý kiến xét duyệt.",
                view.proposer_name
            )));
        }
        if view.nominees.is_empty() {
            return Err(ApiError::refused("Tờ trình chưa có tập thể, cá nhân nào được đề nghị: hãy thêm trước khi in."));
        }
        let year = view.year;
        let form = &view.form;
        let issuer = me.standing_committee();
        let upper = installation.upper_standing_committee();
        // The body above decides the form itself, or passes the proposal on to the one that does.
        let issuer_level = catalogue.form(&stored.form_code).map(|f| f.issuer_level.clone()).unwrap_or_default();
        let issued_by_upper = match &installation.parent {
            Some(parent) => parent.level == issuer_level,
            None => issuer_level == "trung_uong",
        };
        let collectives: Vec<_> = view.nominees.iter().filter(|n| n.kind == Recipient::Collective.code()).collect();
        let people: Vec<_> = view.nominees.iter().filter(|n| n.kind == Recipient::Individual.code()).collect();

        // What the proposal rests on, as the data shows it.
        let mut grounds =
            vec![format!("kết quả thực hiện phong trào thi đua “Đoàn kết sáng tạo” năm {year} của {}", me.name_in_sentence())];
        if let Ok(own) = self.own_scoring(year)
            && !own.total.is_empty()
            && own.cells.iter().any(|c| !c.points.is_empty())
        {
            let class = if own.class.is_empty() { String::new() } else { format!(", xếp loại {}", own.class) };
            grounds.push(format!("kết quả tự chấm điểm thi đua năm {year} ({} điểm{class})", own.total));
        }
        let mut body = vec![
            Block::Addressee(vec![upper.clone()]),
            Block::Paragraph(format!("Căn cứ {}.", grounds.join("; "))),
            Block::Paragraph(format!(
                "{issuer} kính đề nghị {upper} xem xét, {}tặng {} cho {} có thành tích xuất sắc trong phong trào thi đua “Đoàn kết sáng tạo” năm {year} (danh sách tại Phụ lục I kèm theo).",
                if issued_by_upper { "" } else { "đề nghị cấp có thẩm quyền " },
                form.full_name,
                counted(collectives.len(), people.len())
            )),
        ];
        let flagged: Vec<_> = view.nominees.iter().filter(|n| !n.flag.is_empty()).collect();
        if !flagged.is_empty() {
            let names: Vec<&str> = flagged.iter().map(|n| n.name.as_str()).collect();
            body.push(Block::Paragraph(format!(
                "Theo sổ theo dõi khen thưởng, {} đã được tặng hình thức này trong thời gian quy định; đơn vị đề nghị cấp trên xem xét theo quy định.",
                names.join(", ")
            )));
        }
        if form.needs_report {
            body.push(Block::Paragraph("Báo cáo thành tích của từng tập thể, cá nhân được đề nghị tại Phụ lục II kèm theo.".into()));
        }
        body.push(Block::Paragraph(format!("Kính đề nghị {upper} xem xét, quyết định.")));

        // Phụ lục I: the list, collectives then individuals.
        let list_headers = [("STT", true), ("Tên tập thể, cá nhân", false), ("Chức vụ, đơn vị", false), ("Tóm tắt thành tích", false)];
        let rows = |who: &[&crate::proposals::NomineeView]| {
            who.iter().enumerate().map(|(i, n)| vec![(i + 1).to_string(), n.name.clone(), n.role.clone(), n.achievement.clone()]).collect()
        };
        let mut list = Vec::new();
        if !collectives.is_empty() {
            list.push(Table::new(format!("A. Tập thể ({})", counted(collectives.len(), 0)), &list_headers, rows(&collectives)));
        }
        if !people.is_empty() {
            list.push(Table::new(
                format!("{}. Cá nhân ({})", if collectives.is_empty() { "A" } else { "B" }, counted(0, people.len())),
                &list_headers,
                rows(&people),
            ));
        }
        let mut appendices = vec![(format!("Danh sách đề nghị tặng {} năm {year}", form.title), list)];

        // Phụ lục II: each nominee's achievement report, from what the registers hold.
        if form.needs_report {
            let history = self.history(&catalogue)?;
            let mut reports = Vec::new();
            for (i, n) in view.nominees.iter().enumerate() {
                let mut rows = vec![
                    vec!["Đối tượng".to_owned(), if n.kind == Recipient::Collective.code() { "Tập thể" } else { "Cá nhân" }.to_owned()],
                    vec!["Chức vụ, đơn vị".to_owned(), n.role.clone()],
                    vec![format!("Thành tích năm {year}"), n.achievement.clone()],
                ];
                for r in &n.records {
                    rows.push(vec!["Căn cứ (sổ theo dõi)".to_owned(), r.label.clone()]);
                }
                let past = history.of(&n.name, Some(n.id));
                if past.is_empty() {
                    rows.push(vec!["Khen thưởng đã nhận".to_owned(), "Sổ theo dõi khen thưởng chưa ghi hình thức nào".to_owned()]);
                }
                for p in past {
                    let title = catalogue.form(&p.form_code).map(|f| f.title.clone()).unwrap_or_default();
                    rows.push(vec!["Khen thưởng đã nhận".to_owned(), format!("{title} năm {} ({})", p.year, p.decision)]);
                }
                reports.push(Table::new(format!("{}. {}", i + 1, n.name), &[("Nội dung", false), ("Chi tiết", false)], rows));
            }
            appendices.push((format!("Báo cáo thành tích đề nghị tặng {} năm {year}", form.title), reports));
        }

        let recipients = vec!["- Như trên;".to_owned(), "- Lưu: VT.".to_owned()];
        let summary = format!("Về việc đề nghị tặng {} năm {year}", form.title);
        let date = self.store.now().vietnam_date();
        Ok(thidua_document::issued_document(
            thidua_document::SUBMISSION,
            None,
            &summary,
            body,
            appendices,
            date,
            &recipients,
            &installation,
        ))
    }

    /// Prints a proposal of this unit's as its tờ trình (Decree 30 PDF).
    pub fn proposal_pdf(&self, id: RecordId, dest: &Path) -> Result<(), ApiError> {
        let bytes = thidua_document::render(&self.proposal_document(id)?).map_err(|e| ApiError::refused(e.to_string()))?;
        crate::files::write_atomically(dest, &bytes)
    }

    /// The tờ trình's pages as SVG, for the print preview.
    pub fn proposal_preview(&self, id: RecordId) -> Result<Vec<String>, ApiError> {
        thidua_document::render_svg(&self.proposal_document(id)?).map_err(|e| ApiError::refused(e.to_string()))
    }
}
