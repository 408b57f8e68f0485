//! The year's ranking as an official notice (thông báo kết quả chấm điểm, xếp hạng thi đua):
//! sentences built from the scoring alone (how many units were scored, the classes, who leads
//! overall and in each cluster, where the upper level's score differs from the unit's own), and
//! the tables as its appendix.

use std::path::Path;

use thidua_document::{Block, OfficialDocument, Table};

use crate::year_end::{Scoring, UnitScoreRow};
use crate::{ApiError, Workspace};

/// "A (106,4 điểm)" or, for units sharing a rank, "A và B (85 điểm)".
fn named_with_points(rows: &[&UnitScoreRow]) -> String {
    let names: Vec<&str> = rows.iter().map(|r| r.unit_name.as_str()).collect();
    let joined = match names.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} và {last}", init.join(", ")),
    };
    format!("{joined} ({} điểm)", rows[0].total)
}

/// The units of `rows` at each of the first `places` ranks, by `rank_of`, as a clause:
/// "thứ nhất: A (106,4 điểm); thứ hai (đồng hạng): B và C (85 điểm)".
fn podium(rows: &[&UnitScoreRow], rank_of: impl Fn(&UnitScoreRow) -> u32, places: u32) -> String {
    const ORDINALS: [&str; 3] = ["nhất", "hai", "ba"];
    let mut parts = Vec::new();
    for rank in 1..=places {
        let at: Vec<&UnitScoreRow> = rows.iter().copied().filter(|r| rank_of(r) == rank).collect();
        if at.is_empty() {
            continue;
        }
        let tied = if at.len() > 1 { " (đồng hạng)" } else { "" };
        parts.push(format!("thứ {}{tied}: {}", ORDINALS[(rank - 1) as usize], named_with_points(&at)));
    }
    parts.join("; ")
}

impl Workspace {
    /// The notice of `year`'s scoring and ranking (of one cluster, when given), dated today.
    fn ranking_notice(&self, year: i32, cluster: Option<&str>) -> Result<OfficialDocument, ApiError> {
        let scoring: Scoring = self.scoring(year, cluster)?;
        let installation = self.installation()?.with_units_named_in_full();
        let me = &installation.unit;
        let ranked: Vec<&UnitScoreRow> = scoring.units.iter().filter(|u| u.rank > 0).collect();
        if ranked.is_empty() {
            return Err(ApiError::refused(format!(
                "Chưa đơn vị nào được chấm điểm năm {year} (chưa nhận báo cáo năm, chưa có điểm chấm): chưa có gì để thông báo."
            )));
        }
        let of_cluster = scoring.clusters.iter().find(|c| c.code == scoring.cluster);
        let whose = match of_cluster {
            Some(c) => format!("các đơn vị thuộc {}", c.name),
            None => "các đơn vị trực thuộc".to_owned(),
        };
        let issuer = me.standing_committee();
        let rank_of = |r: &UnitScoreRow| if of_cluster.is_some() { r.cluster_rank } else { r.rank };

        // What the scoring rests on, as the data shows it.
        let mut grounds = vec![format!("{} (phiên bản {})", scoring.table.name, scoring.table.version)];
        grounds.push(format!("báo cáo năm {year} của {whose}"));
        let own_scored = scoring.units.iter().any(|u| !u.own_total.is_empty());
        if own_scored {
            grounds.push("điểm tự chấm của các đơn vị".into());
        }
        if scoring.units.iter().any(|u| u.cells.iter().any(|c| c.source == crate::ScoreSource::Upper)) {
            grounds.push(
                if own_scored {
                    "kết quả thẩm định, chấm điểm cuối năm"
                } else {
                    "kết quả chấm điểm cuối năm"
                }
                .into(),
            );
        }
        let mut body = vec![Block::Paragraph(format!(
            "Căn cứ {}, {issuer} thông báo kết quả chấm điểm, xếp hạng thi đua năm {year} của {whose} như sau:",
            grounds.join("; ")
        ))];

        body.push(Block::Heading("1. Kết quả chung".into()));
        let unranked = scoring.units.len() - ranked.len();
        let mut general = format!("Có {} trên {} đơn vị được chấm điểm, xếp hạng", ranked.len(), scoring.units.len());
        if unranked > 0 {
            general.push_str(&format!("; {unranked} đơn vị chưa gửi báo cáo năm {year} nên chưa được chấm điểm"));
        }
        body.push(Block::Paragraph(general + "."));
        let mut classes: Vec<String> = scoring
            .classes
            .iter()
            .filter_map(|line| {
                let label = line.split(" từ ").next().unwrap_or(line);
                let n = ranked.iter().filter(|u| u.class == label).count();
                (n > 0).then(|| format!("{label}: {n} đơn vị"))
            })
            .collect();
        let below = ranked.iter().filter(|u| u.class.is_empty()).count();
        if below > 0 {
            classes.push(format!("chưa đạt mức xếp loại: {below} đơn vị"));
        }
        body.push(Block::Paragraph(format!("Xếp loại {}.", classes.join("; "))));
        body.push(Block::Paragraph(format!("Xếp {}.", podium(&ranked, rank_of, 3))));

        if of_cluster.is_none() && !scoring.clusters.is_empty() {
            body.push(Block::Heading("2. Theo cụm thi đua".into()));
            for c in &scoring.clusters {
                let members: Vec<&UnitScoreRow> = ranked.iter().copied().filter(|u| u.cluster_code == c.code).collect();
                if members.is_empty() {
                    continue;
                }
                let leader = if c.leader.is_empty() { String::new() } else { format!(", trưởng cụm là {}", c.leader) };
                let first: Vec<&UnitScoreRow> = members.iter().copied().filter(|u| u.cluster_rank == 1).collect();
                let leads = if first.len() > 1 { "dẫn đầu đồng hạng" } else { "dẫn đầu là" };
                body.push(Block::Paragraph(format!(
                    "{} ({} đơn vị được xếp hạng{leader}): {leads} {}.",
                    c.name,
                    members.len(),
                    named_with_points(&first)
                )));
            }
        }

        let differing: Vec<&UnitScoreRow> = ranked.iter().copied().filter(|u| u.differences > 0).collect();
        if !differing.is_empty() {
            let heading = if of_cluster.is_none() && !scoring.clusters.is_empty() { "3." } else { "2." };
            body.push(Block::Heading(format!("{heading} Điểm chấm khác điểm tự chấm")));
            let criteria: u32 = differing.iter().map(|u| u.differences).sum();
            body.push(Block::Paragraph(format!(
                "{} đơn vị được chấm khác điểm tự chấm ở tổng cộng {criteria} tiêu chí; điểm và lý do của từng tiêu chí ghi tại Biểu 4 của Phụ lục.",
                differing.len()
            )));
        }
        body.push(Block::Paragraph(format!(
            "Kết quả chi tiết của từng đơn vị theo từng tiêu chí tại Phụ lục kèm theo. Đơn vị có ý kiến về kết quả chấm điểm đề nghị phản ánh về {issuer} để xem xét, giải quyết."
        )));

        // The appendix: the ranking, each criterion's points, and the differences with reasons.
        let cluster_columns = of_cluster.is_none() && !scoring.clusters.is_empty();
        let mut headers: Vec<(&str, bool)> = vec![("Hạng", true), ("Đơn vị", false)];
        if cluster_columns {
            headers.extend([("Cụm thi đua", false), ("Hạng trong cụm", true)]);
        }
        headers.extend([
            ("Tự chấm", true),
            ("Thưởng vượt chỉ tiêu", true),
            ("Điểm cộng", true),
            ("Điểm trừ", true),
            ("Tổng điểm", true),
            ("Xếp loại", false),
        ]);
        let ranking_rows = ranked
            .iter()
            .map(|u| {
                let rank = rank_of(u).to_string();
                let mut row = vec![rank, u.unit_name.clone()];
                if cluster_columns {
                    let in_cluster = if u.cluster_rank > 0 { u.cluster_rank.to_string() } else { String::new() };
                    row.extend([u.cluster_name.clone(), in_cluster]);
                }
                row.extend([
                    u.own_total.clone(),
                    u.excess_bonus.clone(),
                    u.bonus.clone(),
                    u.penalties.clone(),
                    u.total.clone(),
                    u.class.clone(),
                ]);
                row
            })
            .collect();
        let mut tables = vec![Table::new(format!("Biểu 1. Kết quả chấm điểm, xếp hạng thi đua năm {year}"), &headers, ranking_rows)];
        let mut by_criterion: Vec<(&str, bool)> = vec![("Đơn vị", false)];
        by_criterion.extend(scoring.criteria.iter().map(|c| (c.code.as_str(), true)));
        by_criterion.push(("Tổng điểm", true));
        let criterion_rows = ranked
            .iter()
            .map(|u| {
                let mut row = vec![u.unit_name.clone()];
                row.extend(u.cells.iter().map(|c| c.points.clone()));
                row.push(u.total.clone());
                row
            })
            .collect();
        let legend = scoring.criteria.iter().map(|c| vec![c.code.clone(), c.name.clone(), c.standard.clone(), c.method.clone()]).collect();
        let legend_headers = [("Mã", false), ("Tiêu chí", false), ("Điểm chuẩn", true), ("Cách chấm", false)];
        tables.push(Table::new(format!("Biểu 2. Các tiêu chí chấm điểm ({})", scoring.table.name), &legend_headers, legend));
        tables.push(Table::new("Biểu 3. Điểm từng tiêu chí (mã tiêu chí theo Biểu 2)", &by_criterion, criterion_rows));
        if !differing.is_empty() {
            let rows = differing
                .iter()
                .flat_map(|u| {
                    u.cells.iter().zip(&scoring.criteria).filter(|(c, _)| c.differs).map(|(c, head)| {
                        vec![
                            u.unit_name.clone(),
                            format!("{} {}", head.code, head.name),
                            c.own_points.clone(),
                            c.points.clone(),
                            c.reason.clone(),
                        ]
                    })
                })
                .collect();
            let headers = [("Đơn vị", false), ("Tiêu chí", false), ("Tự chấm", true), ("Cấp trên chấm", true), ("Lý do", false)];
            tables.push(Table::new("Biểu 4. Tiêu chí được chấm khác điểm tự chấm", &headers, rows));
        }

        let mut recipients = Vec::new();
        if installation.parent.is_some() || me.level == "tinh" {
            recipients.push(format!("- {} (b/c);", installation.upper_standing_committee()));
        }
        recipients.push(match of_cluster {
            Some(c) => format!("- Các đơn vị thuộc {};", c.name),
            None => "- Các đơn vị trực thuộc;".into(),
        });
        recipients.push("- Lưu: VT.".into());
        let summary = match of_cluster {
            Some(c) => format!("Kết quả chấm điểm, xếp hạng thi đua năm {year} của {}", c.name),
            None => format!("Kết quả chấm điểm, xếp hạng thi đua năm {year}"),
        };
        let date = self.store.now().vietnam_date();
        Ok(thidua_document::issued_document(
            thidua_document::NOTICE,
            None,
            &summary,
            body,
            vec![(format!("Kết quả chấm điểm, xếp hạng thi đua năm {year}"), tables)],
            date,
            &recipients,
            &installation,
        ))
    }

    /// Prints the notice of `year`'s ranking (of one cluster, when given) as a Decree 30 PDF.
    pub fn ranking_pdf(&self, year: i32, cluster: Option<&str>, dest: &Path) -> Result<(), ApiError> {
        let bytes = thidua_document::render(&self.ranking_notice(year, cluster)?).map_err(|e| ApiError::refused(e.to_string()))?;
        crate::files::write_atomically(dest, &bytes)
    }

    /// The notice's pages as SVG, for the print preview.
    pub fn ranking_preview(&self, year: i32, cluster: Option<&str>) -> Result<Vec<String>, ApiError> {
        thidua_document::render_svg(&self.ranking_notice(year, cluster)?).map_err(|e| ApiError::refused(e.to_string()))
    }
}
