//! The verification code on a sent report (issue 21, `docs/VERIFICATION_CODE.md`): made and
//! kept when the report is sent, printed on its last page, carried up in its bundle, and
//! checked here from a PDF, a photo or scan, the code's text or the short code, against the keys
//! and the reports this installation holds.

use serde::Serialize;
use thidua_attest::{AttestError, DocumentKind, PdfReading, ShortCode, SignedStatement, Statement};
use thidua_model::PeriodCode;
use thidua_text::format_integer;
use ts_rs::TS;

use crate::wording::day;
use crate::{ApiError, Workspace};

mod certificate;
pub(crate) use certificate::certificate_statement;

/// What a paper is, in one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Signed by the unit's enrolled key, and the report held here is the one signed (and, for a
    /// PDF, the figures it prints are those).
    Matches,
    /// The code is good but the PDF prints other figures than the unit signed.
    EditedCopy,
    /// The code is good but the report held here for that revision is not the one signed.
    DiffersFromHeld,
    /// The code is good; the report has not reached this installation.
    NotHeld,
    /// Signed with a key since revoked.
    RevokedKey,
    /// Signed with a key this installation does not know.
    UnknownKey,
    /// The signature is not the key's: the code was altered or forged.
    BadSignature,
}

/// A figure the paper prints otherwise than the report held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FigureDifference {
    pub code: String,
    pub name: String,
    /// As printed on the paper ("" where the cell is empty).
    pub printed: String,
    /// As held here, formatted as printed.
    pub held: String,
}

/// The answer to "what is this paper?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct VerificationView {
    pub verdict: Verdict,
    /// One sentence: what the paper is and whether the data held here matches it.
    pub sentence: String,
    /// "7KQ2-M9TX-4RCB", as printed under the QR.
    pub short_code: String,
    pub differences: Vec<FigureDifference>,
}

impl From<AttestError> for ApiError {
    fn from(e: AttestError) -> Self {
        ApiError::refused(e.to_string())
    }
}

/// The digest of a report's content (`docs/VERIFICATION_CODE.md`, "A report's content"): its
/// figures by indicator code, then its sections by key, each sorted, text as shown.
pub(crate) fn report_digest<'a>(
    figures: impl IntoIterator<Item = (&'a str, Option<i64>)>,
    sections: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> [u8; 16] {
    let mut figures: Vec<(String, String)> =
        figures.into_iter().map(|(code, v)| (format!("chỉ tiêu {code}"), v.map(|v| v.to_string()).unwrap_or_default())).collect();
    figures.sort();
    let mut sections: Vec<(String, String)> =
        sections.into_iter().map(|(key, text)| (format!("mục {key}"), thidua_text::visible(text))).collect();
    sections.sort();
    thidua_attest::content_digest(figures.iter().chain(&sections).map(|(n, v)| (n.as_str(), v.as_str())))
}

/// The digest of a plan's content: its structured draft as stored (header fields, sections,
/// recipients, signer), in the JSON the plan bundle carries.
pub(crate) fn plan_digest(plan: &thidua_plan::PlanDraft) -> [u8; 16] {
    let json = serde_json::to_string(plan).expect("a plan serialises");
    thidua_attest::content_digest([("kế hoạch", json.as_str())])
}

/// The digest of an award decision's content: its year, form and every awardee in the order
/// it lists them (kind, name, role, achievement).
pub(crate) fn decision_digest(year: i32, form_code: &str, awardees: &[thidua_store::StoredAwardee]) -> [u8; 16] {
    let head = [("năm", year.to_string()), ("hình thức", form_code.to_owned())];
    let fields: Vec<(String, String)> = head
        .into_iter()
        .map(|(n, v)| (n.to_owned(), v))
        .chain(awardees.iter().enumerate().flat_map(|(i, a)| {
            let n = i + 1;
            [
                (format!("{n}. đối tượng"), a.kind.clone()),
                (format!("{n}. tên"), a.name.clone()),
                (format!("{n}. chức vụ"), a.role.clone()),
                (format!("{n}. thành tích"), a.achievement.clone()),
            ]
        }))
        .collect();
    thidua_attest::content_digest(fields.iter().map(|(n, v)| (n.as_str(), v.as_str())))
}

/// `statement` signed with `key`: the code and its short code (without dashes), as the store
/// keeps them, in the transaction that issues the document.
pub(crate) fn signed_code(statement: Statement, key: &thidua_bundle::KeyPair) -> Result<(String, String), thidua_model::InvalidValue> {
    statement.sign(key).and_then(|signed| signed.code_and_short()).map_err(|e| thidua_model::InvalidValue(e.to_string()))
}

/// The QR symbol and short code of a code as the document prints them.
pub(crate) fn printed_code(code: &str) -> Result<thidua_document::PrintedCode, ApiError> {
    let signed = SignedStatement::from_code(code)?;
    let matrix = thidua_attest::qr_matrix(code)?;
    let dark = (0..matrix.size).flat_map(|y| (0..matrix.size).map(move |x| (x, y))).map(|(x, y)| matrix.is_dark(x, y)).collect();
    Ok(thidua_document::PrintedCode { size: matrix.size, dark, short_code: ShortCode::of(&signed.statement)?.to_string() })
}

/// What looks like a file's path rather than a code.
fn looks_like_path(input: &str) -> bool {
    input.contains(['/', '\\']) || [".pdf", ".png", ".jpg", ".jpeg"].iter().any(|ext| input.to_lowercase().ends_with(ext))
}

impl Workspace {
    /// Checks a paper from what the clerk has of it: a PDF's or an image's path, the code's text
    /// ("TD1:…") or the short code printed under the QR.
    pub fn verify_document(&self, input: &str) -> Result<VerificationView, ApiError> {
        let input = input.trim();
        let path = std::path::Path::new(input);
        if !input.is_empty() && path.is_file() {
            let bytes = std::fs::read(path)
                .map_err(|e| ApiError::refused(format!("Không đọc được tệp {}: {e}. Hãy chọn lại tệp.", path.display())))?;
            return self.verify_document_bytes(&bytes);
        }
        if looks_like_path(input) {
            return Err(ApiError::refused(format!("Không có tệp {input}: hãy chọn lại tệp PDF hoặc ảnh chụp văn bản.")));
        }
        if input.to_ascii_uppercase().starts_with("TD") {
            return self.verify_signed(&SignedStatement::from_code(input)?, None);
        }
        let short = ShortCode::parse(input)?;
        let stored = {
            let r = self.store.read();
            let typed = short.as_str();
            if let Some(id) = r.report_by_short_code(typed)? {
                r.report_verification(id)?
            } else if let Some(id) = r.plan_by_short_code(typed)? {
                r.plan_verification(id)?
            } else if let Some(id) = r.decision_by_short_code(typed)? {
                r.decision_verification(id)?
            } else {
                None
            }
        };
        let code = match stored {
            Some(code) => Some(code),
            None => self.certificate_code_by_short(&short)?,
        };
        let Some(code) = code else {
            return Err(ApiError::refused(format!(
                "Không có văn bản mang mã {short} trong dữ liệu của {}: văn bản chưa được gửi đến đây, hoặc mã gõ nhầm. Hãy quét mã QR hoặc mở tệp PDF của văn bản.",
                self.installation()?.unit.full_name()
            )));
        };
        self.verify_signed(&SignedStatement::from_code(&code)?, None)
    }

    /// Checks a PDF (the code drawn on it, and the figures it prints) or a photo or scan.
    pub fn verify_document_bytes(&self, bytes: &[u8]) -> Result<VerificationView, ApiError> {
        if bytes.starts_with(b"%PDF") {
            let pdf = PdfReading::read(bytes)?;
            let (page, signed) = pdf.located_code()?;
            return self.verify_signed(&signed, Some((&pdf, page)));
        }
        let image = thidua_attest::read_image(bytes)?;
        self.verify_signed(&thidua_attest::read_codes_in_image(&image)?, None)
    }

    /// `pdf` is the PDF the code was read from and the index of the page it is printed on.
    fn verify_signed(&self, signed: &SignedStatement, pdf: Option<(&PdfReading, usize)>) -> Result<VerificationView, ApiError> {
        let s = &signed.statement;
        let short_code = ShortCode::of(s)?.to_string();
        let me = self.installation()?.unit.full_name();
        let r = self.store.read();
        let unit = r.unit_by_code(&s.unit, None)?;
        let unit_name = unit.as_ref().map_or_else(|| format!("đơn vị mã {}", s.unit), |u| u.full_name());
        let what = describe(s, &unit_name);
        let answer = |verdict, sentence: String, differences| {
            Ok(VerificationView { verdict, sentence, short_code: short_code.clone(), differences })
        };

        let Some(key) = r.key(&signed.key_id_hex())? else {
            return answer(
                Verdict::UnknownKey,
                format!(
                    "{what}: mã kiểm tra được ký bằng khóa {} mà {me} chưa ghi danh, nên không xác nhận được văn bản là của {unit_name}.",
                    signed.key_id_hex()
                ),
                Vec::new(),
            );
        };
        let key_unit = r.unit(key.unit_id)?;
        let genuine = key_unit.as_ref().is_some_and(|u| u.code == s.unit)
            && thidua_bundle::PublicKey::from_hex(&key.public_key).is_ok_and(|public| signed.verify(&public));
        if !genuine {
            return answer(
                Verdict::BadSignature,
                format!("{what}: chữ ký của mã kiểm tra không đúng. Mã đã bị sửa hoặc làm giả: không dùng văn bản này."),
                Vec::new(),
            );
        }
        if let Some(at) = &key.revoked_at {
            return answer(
                Verdict::RevokedKey,
                format!(
                    "{what}: ký bằng khóa của {unit_name} đã bị thu hồi ngày {} ({}). Không xác nhận được văn bản: hãy hỏi lại đơn vị.",
                    day(at),
                    key.revoked_reason
                ),
                Vec::new(),
            );
        }

        if s.kind == DocumentKind::Certificate {
            let page = pdf.and_then(|(pdf, page)| pdf.pages.get(page));
            let (verdict, sentence, differences) = self.certificate_answer(s, unit.as_ref(), &unit_name, page)?;
            return answer(verdict, sentence, differences);
        }
        let code = signed.to_code()?;
        let short = short_code.replace('-', "");
        // The document found by its short code, when it holds exactly this code.
        let holding = |found: Option<thidua_model::RecordId>,
                       stored: &dyn Fn(thidua_model::RecordId) -> thidua_store::Result<Option<String>>| {
            Ok::<_, ApiError>(match found {
                Some(id) if stored(id)?.as_deref() == Some(code.as_str()) => Some(id),
                _ => None,
            })
        };
        if matches!(s.kind, DocumentKind::Plan | DocumentKind::Decision) {
            // Held: issued here (None) or received (what it is, as the sentence says it).
            let (noun, held): (&str, Option<Option<String>>) = if s.kind == DocumentKind::Plan {
                let id = holding(r.plan_by_short_code(&short)?, &|id| r.plan_verification(id))?;
                let plan = match id {
                    Some(id) => r.plan(id)?.map(|(plan, _)| plan),
                    None => None,
                };
                ("kế hoạch", plan.map(|p| p.issued_by.is_some().then(|| format!("kế hoạch đã nhận ngày {}", day(&p.created_at)))))
            } else {
                let id = holding(r.decision_by_short_code(&short)?, &|id| r.decision_verification(id))?;
                let decision = match id {
                    Some(id) => r.award_decision(id)?,
                    None => None,
                };
                ("quyết định", decision.map(|d| d.received.then(|| format!("quyết định {me} đã nhận (phần danh sách của {me})"))))
            };
            return match held {
                Some(Some(received)) => answer(Verdict::Matches, format!("{what}, khớp với {received}."), Vec::new()),
                Some(None) => answer(Verdict::Matches, format!("{what}, khớp với {noun} đã ban hành ở {me}."), Vec::new()),
                None => answer(
                    Verdict::NotHeld,
                    format!("{what}: chữ ký đúng. {me} chưa nhận {noun} này, nên chưa đối chiếu được nội dung."),
                    Vec::new(),
                ),
            };
        }
        // The report held here under the same statement, else the same revision held otherwise.
        let same = match holding(r.report_by_short_code(&short)?, &|id| r.report_verification(id))? {
            Some(id) => r.report(id)?,
            None => None,
        };
        let other = match (&same, &unit, PeriodCode::parse(&s.period)) {
            (None, Some(u), Ok(period)) => {
                r.report_revisions(u.id, &s.movement, period)?.into_iter().find(|x| x.revision == i64::from(s.revision))
            }
            _ => None,
        };
        let Some(held) = same.as_ref().or(other.as_ref()) else {
            return answer(
                Verdict::NotHeld,
                format!("{what}: chữ ký đúng. {me} chưa có báo cáo này (chưa nhận gói), nên chưa đối chiếu được số liệu."),
                Vec::new(),
            );
        };
        let provenance = match &held.bundle_id {
            Some(bundle) => {
                let received = r.received_bundles(None)?.into_iter().find(|b| &b.bundle_id == bundle).map(|b| b.received_at);
                format!("gói đã nhận ngày {}", day(&received.unwrap_or_else(|| held.updated_at.clone())))
            }
            None => format!("báo cáo đã gửi ngày {}", day(held.sent_at.as_deref().unwrap_or(&held.updated_at))),
        };
        let differences = match pdf {
            Some((pdf, _)) => {
                let set = r.indicator_set_by_id(held.indicator_set_id)?;
                let figures = r.report_figures(held.id)?;
                set.map(|set| set.indicators)
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|i| {
                        let held_value = figures.iter().find(|f| f.indicator_id == i.id).and_then(|f| f.value);
                        let held_text = held_value.map(format_integer).unwrap_or_default();
                        let printed = pdf.row_end(&i.code)?;
                        (printed.replace(' ', "") != held_text).then(|| FigureDifference {
                            code: i.code.clone(),
                            name: i.name.clone(),
                            printed,
                            held: held_text,
                        })
                    })
                    .collect()
            }
            None => Vec::new(),
        };
        if same.is_none() {
            return answer(
                Verdict::DiffersFromHeld,
                format!(
                    "{what}: chữ ký đúng, nhưng bản {me} đang giữ ({provenance}) khác với bản đã ký. Hãy hỏi lại {unit_name} bản nào là bản đúng."
                ),
                differences,
            );
        }
        if !differences.is_empty() {
            let list: Vec<String> =
                differences.iter().map(|d| format!("chỉ tiêu {} in «{}», bản đã ký «{}»", d.code, d.printed, d.held)).collect();
            return answer(
                Verdict::EditedCopy,
                format!(
                    "{what}: mã kiểm tra đúng nhưng số liệu in trên bản này khác với bản đã ký ({}). Bản này đã bị sửa: không dùng.",
                    list.join("; ")
                ),
                differences,
            );
        }
        answer(Verdict::Matches, format!("{what}, khớp với {provenance}."), Vec::new())
    }
}

/// "Báo cáo 6 tháng đầu năm 2022, lần 2, số 05/BC-MTTQ, của Phường Hàm Rồng, ký ngày 04/07/2022";
/// a certificate: "Giấy khen, bằng khen theo Quyết định số 01/QĐ-MTTQ-BTT, người thứ 3 trong
/// danh sách, của …".
fn describe(s: &Statement, unit_name: &str) -> String {
    let mut parts = Vec::new();
    if s.kind == DocumentKind::Certificate {
        parts.push(format!("{} theo Quyết định số {}", s.kind.name(), s.number));
        parts.push(format!("người thứ {} trong danh sách", s.revision));
    } else {
        parts.push(match PeriodCode::parse(&s.period) {
            Ok(period) => format!("{} {}", s.kind.name(), period.label()),
            Err(_) => s.kind.name().to_owned(),
        });
        if s.revision > 1 {
            parts.push(format!("lần {}", s.revision));
        }
        if !s.number.is_empty() {
            parts.push(format!("số {}", s.number));
        }
    }
    parts.push(format!("của {unit_name}"));
    parts.push(format!("ký ngày {}", s.date.to_dmy()));
    parts.join(", ")
}
