//! What a proposal is shown and decided against: the commendations its nominees already hold,
//! where its unit stands in the year's ranking and how much of a form's quota is used. Each is
//! read once for a whole list of proposals, so an office reviewing a nation's thousands of
//! proposals does not read the registers, score every unit or count approvals once per row.

use std::collections::HashMap;

use thidua_awards::{Catalogue, Form, Past};
use thidua_model::{RecordId, RegisterKind};
use thidua_store::StoredCluster;

use crate::year_end::Scoring;
use crate::{ApiError, Workspace};

/// The commendations already held, by the folded name of the collective or person.
pub(crate) struct History {
    /// Each with the nominee an award decision named (none for a register's line), so that a
    /// nominee is not checked against the decision awarding it.
    by_name: HashMap<String, Vec<(Past, Option<RecordId>)>>,
}

impl History {
    /// What `name` already holds, but the award to `nominee` itself.
    pub(crate) fn of(&self, name: &str, nominee: Option<RecordId>) -> Vec<Past> {
        let held = self.by_name.get(&thidua_text::search_key(name)).map(Vec::as_slice).unwrap_or_default();
        held.iter().filter(|(_, awarded)| nominee.is_none() || *awarded != nominee).map(|(past, _)| past.clone()).collect()
    }
}

/// The approvals so far of a year's received proposals, and its clusters.
pub(crate) struct Approvals {
    counts: HashMap<(String, RecordId), u32>,
    clusters: Vec<StoredCluster>,
    cluster_of: HashMap<RecordId, usize>,
}

impl Approvals {
    /// The cluster a unit belongs to this year.
    pub(crate) fn cluster_of(&self, unit: RecordId) -> Option<&StoredCluster> {
        self.cluster_of.get(&unit).map(|&i| &self.clusters[i])
    }

    /// Nominees approved for `form` among one unit's proposals.
    pub(crate) fn of_unit(&self, form: &str, unit: RecordId) -> u32 {
        self.counts.get(&(form.to_owned(), unit)).copied().unwrap_or(0)
    }

    /// Nominees approved for `form` among the proposals of a cluster's units.
    pub(crate) fn of_cluster(&self, form: &str, cluster: &StoredCluster) -> u32 {
        cluster.members.iter().map(|(unit, _)| self.of_unit(form, *unit)).sum()
    }
}

/// The year's ranking as a received proposal is shown against it.
pub(crate) struct Standings {
    scoring: Scoring,
    ranked: usize,
    ranked_in_cluster: HashMap<String, usize>,
    row_of: HashMap<String, usize>,
}

impl Standings {
    fn new(scoring: Scoring) -> Self {
        let ranked = scoring.units.iter().filter(|u| u.rank > 0).count();
        let mut ranked_in_cluster = HashMap::new();
        for u in scoring.units.iter().filter(|u| u.cluster_rank > 0) {
            *ranked_in_cluster.entry(u.cluster_code.clone()).or_insert(0) += 1;
        }
        let row_of = scoring.units.iter().enumerate().map(|(i, u)| (u.unit_code.clone(), i)).collect();
        Standings { scoring, ranked, ranked_in_cluster, row_of }
    }

    /// "Hạng 3/166, Xuất sắc; hạng 1/5 trong Cụm thi đua số 1", or that the unit is not scored.
    pub(crate) fn of(&self, unit_code: &str, year: i32) -> String {
        match self.row_of.get(unit_code).map(|&i| &self.scoring.units[i]) {
            Some(u) if u.rank > 0 => {
                let mut text = format!("Hạng {}/{}", u.rank, self.ranked);
                if !u.class.is_empty() {
                    text.push_str(&format!(", {}", u.class));
                }
                if u.cluster_rank > 0 {
                    let in_cluster = self.ranked_in_cluster.get(&u.cluster_code).copied().unwrap_or(0);
                    text.push_str(&format!("; hạng {}/{in_cluster} trong {}", u.cluster_rank, u.cluster_name));
                }
                text
            }
            _ => format!("Chưa được chấm điểm năm {year}"),
        }
    }
}

/// Everything a list of proposals of one year is shown against.
pub(crate) struct ReviewBasis {
    /// This installation's unit: a proposal it made is its own, the others were received.
    pub(crate) me: RecordId,
    pub(crate) history: History,
    pub(crate) approvals: Approvals,
    /// `None` when no proposal shown is a received one, or the year cannot be scored (no table).
    pub(crate) standings: Option<Standings>,
}

impl ReviewBasis {
    /// A received proposal's standing and how much of its form's quota is used.
    pub(crate) fn standing_and_quota(&self, year: i32, proposer: RecordId, proposer_code: &str, form: &Form) -> (String, String) {
        let standing = self.standings.as_ref().map(|s| s.of(proposer_code, year)).unwrap_or_default();
        let quota_used = match (self.approvals.cluster_of(proposer), form.quota_per_cluster, form.quota_per_proposer) {
            (Some(cluster), Some(n), _) => format!("{}: đã đồng ý {}/{n}", cluster.name, self.approvals.of_cluster(&form.code, cluster)),
            (_, _, Some(n)) => format!("Đơn vị: đã đồng ý {}/{n}", self.approvals.of_unit(&form.code, proposer)),
            _ => String::new(),
        };
        (standing, quota_used)
    }
}

impl Workspace {
    /// What the proposals of `year` are shown against; the ranking only `with_standings`
    /// (received proposals show it, a unit's own do not).
    pub(crate) fn review_basis(&self, year: i32, catalogue: &Catalogue, with_standings: bool) -> Result<ReviewBasis, ApiError> {
        Ok(ReviewBasis {
            me: self.installation()?.unit.id,
            history: self.history(catalogue)?,
            approvals: self.approvals(year)?,
            // A year that cannot be scored yet (no table) shows no standing rather than failing.
            standings: if with_standings { self.scoring(year, None).ok().map(Standings::new) } else { None },
        })
    }

    pub(crate) fn approvals(&self, year: i32) -> Result<Approvals, ApiError> {
        let r = self.store.read();
        let counts = r.approved_counts(year)?.into_iter().map(|(form, unit, n)| ((form, unit), n)).collect();
        let clusters = r.clusters(year)?;
        let cluster_of = clusters.iter().enumerate().flat_map(|(i, c)| c.members.iter().map(move |(unit, _)| (*unit, i))).collect();
        Ok(Approvals { counts, clusters, cluster_of })
    }

    /// The commendations collectives and people already have, from every register kept here
    /// (this unit's and its units') whose form and level match a form of the catalogue, and
    /// from the award decisions kept here, issued or received.
    pub(crate) fn history(&self, catalogue: &Catalogue) -> Result<History, ApiError> {
        let mut by_name: HashMap<String, Vec<(Past, Option<RecordId>)>> = HashMap::new();
        let forms: Vec<(String, &Form)> = catalogue.forms.iter().map(|f| (thidua_text::search_key(&f.title), f)).collect();
        let r = self.store.read();
        for record in r.records(RegisterKind::Commendation, None)? {
            let text = |f: &str| record.fields.get(f).and_then(|v| v.as_str()).unwrap_or("").to_owned();
            let (form_key, level) = (thidua_text::search_key(&text("form")), text("level"));
            let Some((_, form)) = forms.iter().find(|(key, f)| *key == form_key && f.issuer_level == level) else { continue };
            let Ok(day) = thidua_model::IsoDate::parse(&text("decided_on")) else { continue };
            let number = text("decision_number");
            let decision = if number.is_empty() {
                format!("ngày {}", day.to_dmy())
            } else {
                format!("Quyết định số {number} ngày {}", day.to_dmy())
            };
            let past = Past { form_code: form.code.clone(), year: day.year(), decision };
            by_name.entry(thidua_text::search_key(&text("recipient"))).or_default().push((past, None));
        }
        let mut awardees: HashMap<RecordId, Vec<thidua_store::StoredAwardee>> = HashMap::new();
        for (decision, awardee) in r.all_awardees()? {
            awardees.entry(decision).or_default().push(awardee);
        }
        for d in r.award_decisions(None)?.into_iter().filter(|d| catalogue.form(&d.form_code).is_some()) {
            for awardee in awardees.remove(&d.id).unwrap_or_default() {
                let past = Past {
                    form_code: d.form_code.clone(),
                    year: d.year,
                    decision: format!("Quyết định số {} ngày {}", d.reference, d.issued_on.to_dmy()),
                };
                by_name.entry(thidua_text::search_key(&awardee.name)).or_default().push((past, awardee.nominee_id));
            }
        }
        Ok(History { by_name })
    }
}
