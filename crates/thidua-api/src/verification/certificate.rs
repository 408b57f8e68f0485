//! The verification code on a certificate (giấy khen, bằng khen): one statement per awardee of
//! an award decision, signed when the certificates are printed (Ed25519 signs the same statement
//! the same way every time, so nothing is stored), and checked by the issuer against the
//! decision it holds, or by a unit named in it against its own part of the list.

use thidua_attest::{DocumentKind, PageReading, ShortCode, Statement};
use thidua_model::Unit;
use thidua_store::{KeyRole, StoredAwardee, StoredDecision};

use super::{FigureDifference, Verdict};
use crate::awards::form_title;
use crate::{ApiError, Workspace};

/// The digest of one awardee's certificate: the decision's year and form, and what it says of
/// the awardee, without the awardee's place in the list (a unit named in the decision holds
/// only its own awardees, and must be able to recompute it).
pub(crate) fn certificate_digest(year: i32, form_code: &str, a: &StoredAwardee) -> [u8; 16] {
    let year = year.to_string();
    thidua_attest::content_digest([
        ("năm", year.as_str()),
        ("hình thức", form_code),
        ("đối tượng", a.kind.as_str()),
        ("tên", a.name.as_str()),
        ("chức vụ", a.role.as_str()),
        ("thành tích", a.achievement.as_str()),
    ])
}

/// What the certificate of the awardee at `position` (from 1, the decision's order) says of
/// itself. The key id is the signer's.
pub(crate) fn certificate_statement(issuer_code: &str, d: &StoredDecision, position: usize, a: &StoredAwardee) -> Statement {
    Statement {
        unit: issuer_code.to_owned(),
        kind: DocumentKind::Certificate,
        number: d.reference.clone(),
        date: d.issued_on,
        movement: String::new(),
        period: d.year.to_string(),
        revision: u16::try_from(position).unwrap_or(u16::MAX),
        digest: certificate_digest(d.year, &d.form_code, a),
        key_id: [0; 8],
    }
}

/// The lines a certificate prints between "TẶNG" and the achievement: the form, the awardee's
/// name and role, as printed (in the order they were drawn). `None` when the page has no such
/// lines, which no certificate this program prints lacks.
fn printed_awardee(page: &PageReading) -> Option<String> {
    let mut texts: Vec<_> = page.texts.iter().collect();
    texts.sort_by_key(|t| t.op);
    let start = texts.iter().position(|t| t.text.trim() == "TẶNG")?;
    let lines: Vec<&str> = texts[start + 1..].iter().map(|t| t.text.trim()).take_while(|t| !t.starts_with("Đã có thành tích")).collect();
    Some(lines.join(" "))
}

/// The same lines as the certificate of `a` prints them.
fn held_awardee(d: &StoredDecision, a: &StoredAwardee) -> String {
    let lines = [thidua_text::nfc(&form_title(d)).to_uppercase(), thidua_text::nfc(&a.name), thidua_text::nfc(&a.role)];
    lines.iter().flat_map(|l| l.split_whitespace()).collect::<Vec<_>>().join(" ")
}

impl Workspace {
    /// The code of the certificate whose short code was typed, among those this installation
    /// printed (or would print) for the decisions it issued, with any of its own keys it still
    /// holds.
    pub(crate) fn certificate_code_by_short(&self, short: &ShortCode) -> Result<Option<String>, ApiError> {
        let me = self.installation()?.unit;
        let r = self.store.read();
        let keyring = self.keyring();
        let keys: Vec<_> =
            r.keys(Some(KeyRole::Own))?.into_iter().filter(|k| k.unit_id == me.id).filter_map(|k| keyring.key(&k.key_id)).collect();
        for d in r.award_decisions(None)?.into_iter().filter(|d| !d.received && d.issuer_unit_id == me.id) {
            for (i, a) in r.awardees(d.id)?.iter().enumerate() {
                let mut statement = certificate_statement(&me.code, &d, i + 1, a);
                for key in &keys {
                    statement.key_id = thidua_attest::key_id_bytes(&key.public());
                    if ShortCode::of(&statement)? == *short {
                        return Ok(Some(statement.clone().sign(key)?.to_code()?));
                    }
                }
            }
        }
        Ok(None)
    }

    /// The answer for a certificate whose code is good: the awardee it names in the decision
    /// held here, and for a PDF, whether the page prints that awardee.
    pub(crate) fn certificate_answer(
        &self,
        s: &Statement,
        issuer: Option<&Unit>,
        issuer_name: &str,
        page: Option<&PageReading>,
    ) -> Result<(Verdict, String, Vec<FigureDifference>), ApiError> {
        let me = self.installation()?.unit.full_name();
        let r = self.store.read();
        let by = format!("theo Quyết định số {} ngày {} của {issuer_name}", s.number, s.date.to_dmy());
        let of = |kind: &str| format!("{kind} {by}");
        let decision = match issuer {
            Some(issuer) => r
                .award_decisions(s.period.parse::<i32>().ok())?
                .into_iter()
                .find(|d| d.issuer_unit_id == issuer.id && d.reference == s.number && d.issued_on == s.date),
            None => None,
        };
        let Some(d) = decision else {
            let what = of(DocumentKind::Certificate.name());
            return Ok((
                Verdict::NotHeld,
                format!("{what}: chữ ký đúng. {me} chưa có quyết định này, nên chưa đối chiếu được người được khen."),
                Vec::new(),
            ));
        };
        let awardees = r.awardees(d.id)?;
        // The issuer holds the whole list, so the awardee is the one at the certificate's place;
        // a unit named in the decision holds its own awardees, in their own order.
        let candidates: Vec<&StoredAwardee> = if d.received {
            awardees.iter().collect()
        } else {
            awardees.get(usize::from(s.revision).wrapping_sub(1)).into_iter().collect()
        };
        let found = candidates.into_iter().find(|a| certificate_digest(d.year, &d.form_code, a) == s.digest);
        let Some(a) = found else {
            let what = of(&form_title(&d));
            return Ok(if d.received {
                (
                    Verdict::NotHeld,
                    format!(
                        "{what}: chữ ký đúng. Người được khen trên giấy không thuộc phần danh sách {me} nhận, nên chưa đối chiếu được."
                    ),
                    Vec::new(),
                )
            } else {
                (
                    Verdict::DiffersFromHeld,
                    format!(
                        "{what}: chữ ký đúng, nhưng người thứ {} trong quyết định {me} đang giữ khác với người ghi trên giấy. Hãy kiểm tra lại quyết định.",
                        s.revision
                    ),
                    Vec::new(),
                )
            });
        };
        let what = format!("{} tặng {}, {by}", form_title(&d), a.name);
        let held = held_awardee(&d, a);
        if let Some(page) = page {
            let printed = printed_awardee(page).unwrap_or_default();
            let printed = printed.split_whitespace().collect::<Vec<_>>().join(" ");
            if printed != held {
                return Ok((
                    Verdict::EditedCopy,
                    format!("{what}: mã kiểm tra đúng nhưng giấy in «{printed}», bản đã ký «{held}». Bản này đã bị sửa: không dùng."),
                    vec![FigureDifference { code: String::new(), name: "Người được khen".into(), printed, held }],
                ));
            }
        }
        let source =
            if d.received { format!("quyết định {me} đã nhận") } else { format!("quyết định đã ban hành ở {me}") };
        Ok((Verdict::Matches, format!("{what}, khớp với {source}."), Vec::new()))
    }
}
