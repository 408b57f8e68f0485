//! Official documents as Decree 30/2020/NĐ-CP prints them (`docs/DOCUMENT_FORMAT.md`).
//!
//! Promises: [`render`] lays out an [`OfficialDocument`] on A4 with the decree's margins (top and
//! bottom 20 mm, left 30 mm, right 15 mm) in Liberation Serif (metric-compatible with Times New
//! Roman, full Vietnamese coverage, embedded): the two-column header with its rules, the number
//! and the italic place and date, the type and summary with its rule, a justified body with a
//! 1.27 cm first-line indent and 6 pt between paragraphs whose headings never end a page, the
//! closing band (Nơi nhận on the left; authority, title, signature space and name on the right),
//! and page numbers centred in the top margin from page 2; appendices ([`Appendix`]) on landscape
//! pages with their tables' header rows repeated on every page. Text is NFC before it is drawn.
//! [`plan_document`] and [`report_document`] turn a stored plan, or a period report's narrative,
//! and the installation's header into such a document.

mod certificate;
mod fonts;
mod guide;
mod layout;
mod notice;
mod plan;
mod report;
mod svg;
mod table;

pub use certificate::{Certificate, render_certificates, render_certificates_svg};
pub use guide::{Figure, Manual, ManualBlock, ManualPage, ManualSection, RenderedManual, render_manual};
pub use layout::{Block, OfficialDocument, PrintedCode, RenderError, render, render_svg};
pub use notice::{DECISION, DocKind, NOTICE, SUBMISSION, issued_document};
pub use plan::{Issue, plan_document};
pub use report::{ReportSection, report_document, report_summary};
pub use table::{Appendix, Column, Table};
