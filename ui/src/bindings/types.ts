// Generated from the Rust types by `cargo test -p thidua-api`; do not edit.

export type RecordId = string;

export type IndicatorPhrase = { 
/**
 * The clause when the figure is above zero; "{}" stands for the figure: "tổ chức {} buổi
 * tuyên truyền về phong trào".
 */
done: string, 
/**
 * The clause when it is zero ("chưa tổ chức buổi tuyên truyền nào"); empty: nothing is said.
 */
none?: string, 
/**
 * Said within another indicator's clause when both are above zero: that indicator's code
 * and the words appended to its clause (" với {} lượt người tham gia"). Otherwise `done`
 * stands alone, and a zero says nothing.
 */
within?: [string, string] | null, };

export type ApiError = { code: ErrorCode, message: string, 
/**
 * With `InvalidFields`: each wrong field and its message; empty otherwise.
 */
fields: Array<FieldError>, };

export type ErrorCode = "not_set_up" | "schema_too_new" | "refused" | "invalid_fields" | "internal";

export type AppState = { installation: Installation | null, 
/**
 * The unit's and its parent's names as people read them ("Tỉnh Thanh Hóa", where the
 * list says "Thanh Hóa"), for titles and the sidebar.
 */
unit_full_name: string | null, parent_full_name: string | null, 
/**
 * Whether units report to this one: only then has the upper level's area something in it.
 */
has_units_below: boolean, is_sample: boolean, 
/**
 * The sample installation opens with a guided tour through the areas until it is finished
 * or skipped.
 */
tour_pending: boolean, 
/**
 * The movements this installation knows, and the one on screen.
 */
movements: Array<MovementView>, movement: string, 
/**
 * Live units in the catalogue; setup needs some to choose from.
 */
catalogue_units: number, data_dir: string, };

export type StatusReport = { data_dir: string, schema_version: number, supported_schema_version: number, integrity: string, installation: string | null, counts: Record<string, number>, digest: string, };

export type Installation = { unit: Unit, parent: Unit | null, header: DocumentHeader, 
/**
 * The clerk who uses this laptop; recorded as the author of every change.
 */
clerk_name: string, };

export type DocumentHeader = { 
/**
 * Tên cơ quan chủ quản, one line per element: "ỦY BAN MTTQ VIỆT NAM", "THÀNH PHỐ THANH HÓA".
 */
parent_body: Array<string>, 
/**
 * Tên cơ quan ban hành: "BAN THƯỜNG TRỰC".
 */
issuing_body: string, 
/**
 * Body and unit part of document symbols: "MTTQ-BTT" in "05/KH-MTTQ-BTT".
 */
symbol: string, 
/**
 * Place in the date line: "Thanh Hóa".
 */
place: string, 
/**
 * "TM. BAN THƯỜNG TRỰC".
 */
signer_authority: string, 
/**
 * "PHÓ CHỦ TỊCH".
 */
signer_title: string, 
/**
 * The signer's name, normal case.
 */
signer_name: string, };

export type Unit = { id: RecordId, 
/**
 * GSO code, text with its leading zeros ("00004", "38").
 */
code: string, 
/**
 * Full name as the list writes it ("Phường Ba Đình"), NFC, spaces collapsed.
 */
name: string, 
/**
 * The level's code ("xa").
 */
level: string, 
/**
 * The kind the list gives ("Phường", "Xã", "Thành phố"…); may be empty.
 */
kind: string, parent_id: RecordId | null, 
/**
 * Name of the parent unit, for display.
 */
parent_name: string | null, 
/**
 * True once a newer list no longer has this unit; its records stay.
 */
retired: boolean, };

export type Level = { 
/**
 * Stable code: "tinh", "huyen", "xa"…
 */
code: string, 
/**
 * Vietnamese name: "Cấp tỉnh".
 */
name: string, 
/**
 * 1 for the top; a child's rank is greater than its parent's.
 */
rank: number, };

export type UnitQuery = { search: string | null, level: string | null, parent_id: RecordId | null, include_retired: boolean, limit: number | null, };

export type OwnUnitInput = { 
/**
 * Chosen here, unique among the units this installation knows: "HLHPN", "KDC-01".
 */
code: string, 
/**
 * As documents name it: "Hội Liên hiệp Phụ nữ phường Hạc Thành", "Khu dân cư Đông Sơn 1".
 */
name: string, 
/**
 * "to-chuc-thanh-vien" or "khu-dan-cu".
 */
kind: string, 
/**
 * The unit it reports to: this unit (none given) or one below it.
 */
parent: string | null, };

export type SetupInput = { unit_id: RecordId, 
/**
 * The unit this installation reports to; `None` for the top of the tree.
 */
parent_unit_id: RecordId | null, header: DocumentHeader, clerk_name: string, };

export type HeaderDefaults = { parent_unit_id: RecordId | null, header: DocumentHeader, };

export type CatalogueImportReport = { source_name: string, as_of: string | null, added: number, unchanged: number, renamed: Array<UnitChange>, code_changed: Array<UnitChange>, retired: Array<UnitChange>, 
/**
 * Units whose parent changed (a commune moved to another district or province).
 */
reparented: number, };

export type UnitChange = { level: string, code: string, name: string, 
/**
 * The old name (renamed) or old code (code changed); empty for a retired unit.
 */
was: string, 
/**
 * Records (register entries, reports, plans) that point at the unit and stay with it.
 */
records: number, };

export type MovementView = { 
/**
 * The code of its indicator set: "doan-ket-sang-tao".
 */
code: string, 
/**
 * As sentences quote it: "Đoàn kết sáng tạo".
 */
name: string, 
/**
 * The indicators its set has in force.
 */
indicators: number, };

export type MovementInput = { 
/**
 * Letters without diacritics, digits and "-": "vi-nguoi-ngheo".
 */
code: string, 
/**
 * "Vì người nghèo".
 */
name: string, };

export type MergeImport = { source_name: string, 
/**
 * dd/mm/yyyy.
 */
effective_on: string, new_units: number, old_units: number, 
/**
 * Old units divided between several new ones.
 */
divided: number, 
/**
 * Old units whose records are on the row the newer list gave to a merged commune (the
 * code was reused): read as the old unit's before the merger.
 */
code_reused: number, 
/**
 * Rows of an earlier list that this one replaced.
 */
replaced: number, 
/**
 * Districts (huyện) left with no unit below them, retired with the district level.
 */
districts_retired: number, 
/**
 * Rows repeating an earlier row word for word, skipped.
 */
repeated_rows: Array<number>, 
/**
 * Old units the list contradicts itself on ("15379 Xã Vĩnh Hùng: toàn bộ vào Xã Vĩnh Lộc
 * và Xã Biện Thượng"): imported, their history counted under no commune until corrected.
 */
unclear: Array<string>, };

export type MergedFrom = { code: string, name: string, 
/**
 * Its district before the merger.
 */
district: string, 
/**
 * "toàn bộ", "một phần" or "phần lớn".
 */
share: string, 
/**
 * Its history is shown and counted under this commune.
 */
counted_here: boolean, 
/**
 * The commune its history is counted under (this one, or the one that took most of it).
 */
counted_in: string, 
/**
 * The other communes that took part of it.
 */
shared_with: Array<string>, 
/**
 * Reports held here from it for periods before the merger.
 */
reports: number, };

export type HistoryFigure = { code: string, name: string, value: number | null, };

export type HistoryPeriod = { period: string, label: string, 
/**
 * The period ended before the merger: its figures are the old units' counted here.
 */
before_merger: boolean, 
/**
 * Units whose report is counted (the old units, or the commune itself) and how many sent one.
 */
expected: number, reported: number, figures: Array<HistoryFigure>, };

export type UnitHistory = { code: string, name: string, 
/**
 * dd/mm/yyyy; empty when the commune was not formed by a merger this installation knows.
 */
effective_on: string, 
/**
 * One sentence on where the commune came from, built from the list.
 */
summary: string, came_from: Array<MergedFrom>, periods: Array<HistoryPeriod>, };

export type PeriodInfo = { 
/**
 * "2022-H1" or "2022".
 */
code: string, 
/**
 * "6 tháng đầu năm 2022".
 */
label: string, 
/**
 * dd/mm/yyyy.
 */
starts_on: string, ends_on: string, deadline: string, 
/**
 * Days from today in Vietnam to the deadline: negative once it has passed.
 */
days_to_deadline: number, 
/**
 * Where this unit's report for the period is; `None` while nothing is saved.
 */
report_state: ReportState | null, };

export type IndicatorSetView = { code: string, name: string, version: number, 
/**
 * The unit that issued this version; `None` for the set the program ships with.
 */
issued_by: string | null, 
/**
 * Whether this installation writes the set: an upper level, unless its own upper level
 * sent the version in force (then it answers that one and passes it down).
 */
editable: boolean, indicators: Array<IndicatorView>, 
/**
 * What changed from the version before, one line per indicator or check; empty for
 * version 1.
 */
changes: Array<string>, 
/**
 * The data checks between figures, as written: "3.2 ≤ 3.1".
 */
rules: Array<string>, 
/**
 * How far (percent) a figure may be from the same period a year before, or from the units'
 * median, before it is flagged for the reviewer; 0: never.
 */
outlier_percent: number, 
/**
 * The registers an indicator can be computed from, with the fields it can add up and
 * filter by.
 */
sources: Array<SourceRegister>, };

export type IndicatorView = { position: number, task_group: number, code: string, name: string, measure: string, register: string | null, aggregate: string | null, filter: string | null, date_field: string | null, 
/**
 * How the figure is found, in words: "Nhập tay" or "Sổ Sáng kiến…: đếm; Tình trạng: …".
 */
source_label: string, 
/**
 * How the report's narrative says the figure; `None`: by its name and figure.
 */
phrase: IndicatorPhrase | null, };

export type SourceRegister = { code: string, label: string, 
/**
 * (field, label) of each number field a sum can add up.
 */
sums: Array<[string, string]>, 
/**
 * (field, label) of each day a record can be counted by, the register's own first;
 * "running" for a register whose records end.
 */
dates: Array<[string, string]>, filters: Array<SourceFilter>, };

export type SourceFilter = { name: string, label: string, choices: Array<[string, string]>, };

export type IndicatorInput = { code: string, name: string, measure: string, task_group: number, 
/**
 * `None`: entered by hand in each report.
 */
register: string | null, 
/**
 * "count" or "sum:<field>".
 */
aggregate: string | null, 
/**
 * field → values the record must have (any of them).
 */
filters: Array<[string, Array<string>]>, 
/**
 * The day that places a record in a period ("recognised_on"), or "running"; `None`: the
 * register's own day.
 */
date_field: string | null, 
/**
 * How the report's narrative says the figure; `None`: by its name and figure.
 */
phrase: IndicatorPhrase | null, };

export type IndicatorEdit = { name: string | null, measure: string | null, task_group: number | null, 
/**
 * 1-based place in the set.
 */
position: number | null, 
/**
 * A new phrase for the narrative.
 */
phrase: IndicatorPhrase | null, 
/**
 * Say the figure by its name again, without a phrase.
 */
drop_phrase: boolean, };

export type FieldError = { field: string, message: string, };

export type RegisterKind = "initiative" | "model" | "activity" | "ocop_link" | "resource" | "commendation";

export type RecordRow = { id: RecordId, kind: RegisterKind, version: number, updated_at: string, updated_by: string, 
/**
 * The record's own fields: text, numbers (amounts, counts) and ISO dates.
 */
fields: Record<string, string | number | null>, };

export type RecordFields = Record<string, string | number | null>;

export type RecordQuery = { kind: RegisterKind, 
/**
 * "2022-H1" or "2022": records whose date falls in the period.
 */
period: string | null, 
/**
 * What the clerk typed; matched against every text field, diacritics folded.
 */
search: string | null, 
/**
 * Field → required value (status, kind, member organisation…).
 */
filters: { [key in string]: string }, 
/**
 * Field to sort by; default the register's title, in Vietnamese order.
 */
sort: string | null, descending: boolean, offset: number, limit: number | null, };

export type RecordPage = { total: number, rows: Array<RecordRow>, };

export type HistoryEntry = { at: string, actor: string, action: ChangeAction, reason: string, changes: Array<FieldChange>, };

export type ChangeAction = "insert" | "update" | "delete" | "retire";

export type FieldChange = { field: string, label: string, old: string | number | null, new: string | number | null, };

export type RegisterSchema = { kind: RegisterKind, label: string, date_field: string, title_field: string, fields: Array<FieldInfo>, };

export type FieldInfo = { name: string, label: string, input: FieldInput, required: boolean, 
/**
 * For "choice": the allowed values.
 */
options: Array<ChoiceOption>, 
/**
 * For "link": the register the value points into.
 */
link: RegisterKind | null, 
/**
 * A text field whose values the list can filter by (member organisation, field…).
 */
filterable: boolean, };

export type FieldInput = "text" | "long_text" | "date" | "amount" | "count" | "stars" | "choice" | "link";

export type ChoiceOption = { code: string, label: string, };

export type ReportState = "draft" | "sent" | "received" | "accepted" | "returned";

export type BundleOutcome = "applied" | "duplicate" | "held" | "conflict" | "refused" | "discarded";

export type ReportView = { period: string, period_label: string, unit_name: string, 
/**
 * 0 while nothing has been saved for this period.
 */
revision: number, state: ReportState, state_label: string, state_reason: string, sent_at: string | null, 
/**
 * The day the report is dated (dd/mm/yyyy): the day the clerk chose, the day it was
 * issued, or today while a draft.
 */
dated: string, 
/**
 * The clerk chose the day (otherwise it follows the sending day).
 */
dated_by_clerk: boolean, 
/**
 * Nơi nhận, one line each ("- Lưu: VT."): as the clerk wrote them, or the level's defaults.
 */
recipients: Array<string>, 
/**
 * The clerk wrote the Nơi nhận (otherwise they are the defaults).
 */
recipients_edited: boolean, 
/**
 * Whether figures and narrative can be changed in place (a draft).
 */
editable: boolean, indicator_set: string, figures: Array<FigureView>, narrative: Array<NarrativeSection>, appendix: Array<AppendixTable>, revisions: Array<RevisionInfo>, };

export type ReceivedReportView = { unit_code: string, unit_name: string, period: string, period_label: string, revision: number, state: ReportState, state_label: string, 
/**
 * Why it was returned, when it was.
 */
state_reason: string, 
/**
 * The day it was sent, in Vietnam (dd/mm/yyyy).
 */
sent_on: string, figures: Array<ReceivedFigure>, 
/**
 * The sections as the unit wrote them (empty for a report entered from an Excel template).
 */
narrative: Array<NarrativeSection>, 
/**
 * The unit's own signed PDF came with it.
 */
has_document: boolean, 
/**
 * Entered from an Excel template: no bundle, no signature.
 */
via_excel: boolean, };

export type ReceivedFigure = { code: string, name: string, measure: string, value: number | null, 
/**
 * Why the unit stated another figure than its registers gave, when it did.
 */
override_reason: string, };

export type FigureView = { indicator_id: RecordId, code: string, name: string, measure: string, task_group: number, 
/**
 * The register it is computed from; `None` for an indicator entered by hand.
 */
source: RegisterKind | null, 
/**
 * What the registers give (for a sent report: what they gave when it was sent).
 */
computed: number | null, 
/**
 * What the report states.
 */
value: number | null, 
/**
 * The value differs from the computed one; `override_reason` says why.
 */
overridden: boolean, override_reason: string, 
/**
 * How many records the computed value rests on.
 */
records: number, 
/**
 * How many reports of units below the computed value adds (an upper level's report).
 */
units: number, 
/**
 * The year's target the upper level gave this unit (chỉ tiêu giao), if any.
 */
target: number | null, 
/**
 * What the set's data checks found: rules between figures this one breaks, then a large
 * gap from the same period a year before.
 */
checks: Array<string>, 
/**
 * A rule is broken: the report is not sent until the figures agree.
 */
breaks_rule: boolean, 
/**
 * How the narrative says the figure, as the set the report was made with words it.
 */
phrase: IndicatorPhrase | null, };

export type NarrativeSection = { key: string, title: string, text: string, 
/**
 * The clerk has written this section (otherwise `text` follows the data).
 */
edited: boolean, };

export type AppendixTable = { title: string, columns: Array<string>, 
/**
 * Which columns hold numbers (right-aligned).
 */
numeric: Array<boolean>, rows: Array<Array<string>>, total: Array<string> | null, };

export type RevisionInfo = { revision: number, state: ReportState, sent_at: string | null, state_reason: string, };

export type PlanInfo = { id: RecordId, year: number, doc_type: string, summary: string, 
/**
 * How many sections (I., II.…) the plan has.
 */
sections: number, created_at: string, };

export type PlanDraft = { 
/**
 * "KẾ HOẠCH", "HƯỚNG DẪN"…
 */
doc_type: string, 
/**
 * Trích yếu: the summary under the type, on one line.
 */
summary: string, 
/**
 * The opening paragraphs before section I.
 */
opening: Array<string>, nodes: Array<PlanNode>, 
/**
 * The closing paragraphs after the last section ("Trên đây là kế hoạch…").
 */
closing: Array<string>, 
/**
 * Nơi nhận, one line each, as written ("- Ban Thường vụ Thành ủy (b/c);").
 */
recipients: Array<string>, 
/**
 * "TM. BAN THƯỜNG TRỰC".
 */
signer_authority: string, 
/**
 * "PHÓ CHỦ TỊCH"; several lines joined by a line break ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH").
 */
signer_title: string, signer_name: string, };

export type PlanNode = { kind: NodeKind, marker: string, 
/**
 * The heading ("MỤC ĐÍCH, YÊU CẦU", "Mục đích"); empty for bullets and paragraphs.
 */
heading: string, 
/**
 * The text under the marker, when the line is a sentence rather than a heading.
 */
body: string, children: Array<PlanNode>, };

export type NodeKind = "section" | "item" | "point" | "bullet" | "paragraph";

export type IdentityFile = { format: string, unit_code: string, level: string, unit_name: string, public_key: string, key_id: string, 
/**
 * For people reading the file; the enrolment checks the fingerprint the clerk heard.
 */
fingerprint: string, created_at: string, };

export type KeyRole = "own" | "child" | "parent";

export type KeyView = { unit_code: string, unit_name: string, role: KeyRole, role_label: string, key_id: string, fingerprint: string, enrolled_at: string, revoked_at: string | null, revoked_reason: string, 
/**
 * Waiting for the clerk to confirm it by its fingerprint (see `confirm_parent_key`).
 */
unconfirmed: boolean, };

export type Verdict = "matches" | "edited_copy" | "differs_from_held" | "not_held" | "revoked_key" | "unknown_key" | "bad_signature";

export type FigureDifference = { code: string, name: string, 
/**
 * As printed on the paper ("" where the cell is empty).
 */
printed: string, 
/**
 * As held here, formatted as printed.
 */
held: string, };

export type VerificationView = { verdict: Verdict, 
/**
 * One sentence: what the paper is and whether the data held here matches it.
 */
sentence: string, 
/**
 * "7KQ2-M9TX-4RCB", as printed under the QR.
 */
short_code: string, differences: Array<FigureDifference>, };

export type GuideSectionView = { number: string, title: string, };

export type ScreenHelpView = { 
/**
 * What the screen is for.
 */
purpose: string, 
/**
 * What to do next, in order.
 */
next: Array<string>, 
/**
 * The guide's sections that tell more.
 */
sections: Array<GuideSectionView>, };

export type GuideSectionText = { number: string, title: string, parts: Array<GuidePartView>, };

export type GuidePartView = { "kind": "text", text: string, } | { "kind": "heading", text: string, } | { "kind": "steps", steps: Array<string>, } | { "kind": "note", text: string, } | { "kind": "figure", caption: string, };

export type ExportedBundle = { file: string, bundle_id: string, kind: string, recipient: string, sequence: number, bytes: number, };

export type ImportOutcome = { file_name: string, outcome: BundleOutcome, message: string, dry_run: boolean, bundle_id: string | null, sender: string, kind: string, sequence: number | null, 
/**
 * What the bundle changes, one line each ("Sáng kiến: 3 mới, 1 sửa").
 */
changes: Array<string>, 
/**
 * With `Refused`: why, with its fields (`message` is its sentence).
 */
reason: RefusalReason | null, };

export type ImportProgress = { 
/**
 * Files done so far, this one included.
 */
done: number, total: number, outcome: ImportOutcome, };

export type RefusalReason = { "code": "unreadable", detail: string, } | { "code": "not_a_bundle" } | { "code": "damaged", detail: string, } | { "code": "too_large", detail: string, } | { "code": "unexpected", detail: string, } | { "code": "newer_format", format: number, } | { "code": "bad_signature" } | { "code": "hash_mismatch", file: string, } | { "code": "bad_payload", detail: string, } | { "code": "wrong_recipient", recipient: string, recipient_code: string, here: string, } | { "code": "key_not_enrolled", sender: string, } | { "code": "key_revoked", sender: string, on: string, replaced: boolean, } | { "code": "kind_not_allowed", sender: string, kind: string, } | { "code": "key_unconfirmed", sender: string, } | { "code": "sequence_out_of_range", sender: string, sequence: string, next: number, } | { "code": "not_applicable", detail: string, } | { "code": "not_tried", detail: string, } | { "code": "failed", detail: string, };

export type WaitingBundle = { bundle_id: string, 
/**
 * `Held` or `Conflict`.
 */
state: BundleOutcome, note: string, sender: string, kind: string, sequence: number, file_name: string, received_at: string, 
/**
 * This bundle's content, one line each.
 */
summary: Array<string>, 
/**
 * For a conflict: the applied bundle with the same sequence, and its content.
 */
applied_bundle_id: string | null, applied_summary: Array<string>, };

export type ImportLogView = { at: string, actor: string, file_name: string, file_sha256: string, sender: string, outcome: BundleOutcome, message: string, };

export type BundleCandidate = { path: string, file_name: string, folder: string, bytes: number, 
/**
 * When the file was written, RFC 3339.
 */
modified: string, 
/**
 * From its manifest; empty when the file cannot be read as a bundle.
 */
sender: string, kind: string, sequence: number, 
/**
 * Whether this bundle (by content) is already here: applied, waiting or set aside.
 */
known: boolean, };

export type Completeness = { period: string, period_label: string, 
/**
 * dd/mm/yyyy.
 */
deadline: string, units: Array<CompletenessRow>, total: number, missing: number, received: number, late: number, accepted: number, returned: number, };

export type ScoringTableInfo = { code: string, version: number, name: string, criteria: number, 
/**
 * The sum of the standard points, as printed ("100").
 */
standard_total: string, 
/**
 * Stored on (Vietnam's day), dd/mm/yyyy.
 */
stored_on: string, 
/**
 * The table scoring uses now (the one stored last).
 */
in_use: boolean, };

export type ScoringTableView = { info: ScoringTableInfo, criteria: Array<CriterionView>, 
/**
 * "Xuất sắc từ 95 điểm", …
 */
classes: Array<string>, 
/**
 * The bonus rules in a sentence.
 */
rules: string, };

export type CriterionView = { group_code: string, group_name: string, code: string, name: string, 
/**
 * "10", or "" for bonuses and penalties.
 */
standard: string, 
/**
 * How it is scored, in words: "Tỷ lệ đạt chỉ tiêu 1.1", "Loại A/B/C/D: 10/8/6/3".
 */
method: string, 
/**
 * What a scorer types for it: "thực hiện/chỉ tiêu", "A, B, C hoặc D", …
 */
entry_hint: string, 
/**
 * The data gives its points (a ratio of an indicator, lateness): a scorer need not enter them.
 */
from_data: boolean, };

export type Scoring = { year: number, table: ScoringTableInfo, criteria: Array<CriterionView>, classes: Array<string>, clusters: Array<ClusterView>, 
/**
 * The cluster shown ("" for all units).
 */
cluster: string, 
/**
 * In rank order.
 */
units: Array<UnitScoreRow>, };

export type UnitScoreRow = { unit_code: string, unit_name: string, cluster_code: string, cluster_name: string, 
/**
 * "Trưởng cụm", "Phó trưởng cụm" or "".
 */
role: string, 
/**
 * 1 for the best over all units; equal totals share a rank; 0 for a unit with no yearly
 * report and no score, which is not ranked.
 */
rank: number, 
/**
 * The unit's yearly report has been received.
 */
has_report: boolean, tied: boolean, 
/**
 * Within its cluster; 0 outside any.
 */
cluster_rank: number, total: string, total_hundredths: number, 
/**
 * The unit's own total, "" when it scored nothing.
 */
own_total: string, 
/**
 * The class the total reaches, "" for none.
 */
class: string, excess_bonus: string, bonus: string, penalties: string, 
/**
 * Criteria with standard points not scored yet.
 */
unanswered: number, differences: number, cells: Array<ScoreCell>, };

export type ScoreCell = { code: string, 
/**
 * "8,5", "−5".
 */
points: string, 
/**
 * The unit's own points, "" when it gave none.
 */
own_points: string, explanation: string, source: ScoreSource, 
/**
 * The scorer's reason, or what the unit wrote as evidence.
 */
reason: string, 
/**
 * The upper level's points differ from the unit's own.
 */
differs: boolean, };

export type ScoreSource = "data" | "upper" | "own_accepted" | "none";

export type TargetsView = { year: number, 
/**
 * (code, name, measure) of each indicator a ratio criterion of the table in use needs, or
 * of every indicator of the set without a table.
 */
indicators: Array<[string, string, string]>, units: Array<UnitTargets>, };

export type UnitTargets = { unit_code: string, unit_name: string, 
/**
 * In the order of `indicators`.
 */
targets: Array<number | null>, };

export type ClusterView = { code: string, name: string, leader: string, deputy: string, 
/**
 * (code, name) of every unit, leader and deputy first.
 */
units: Array<[string, string]>, };

export type OwnScoring = { year: number, table: ScoringTableInfo, criteria: Array<CriterionView>, classes: Array<string>, rules: string, total: string, class: string, cells: Array<OwnScoreCell>, 
/**
 * The yearly report is still a draft: the score can be changed (it is sent with it).
 */
editable: boolean, upper: UpperResult | null, };

export type OwnScoreCell = { code: string, 
/**
 * "8,5", "" when not scored.
 */
points: string, explanation: string, 
/**
 * The clerk's evidence note, or how the data gave the points.
 */
evidence: string, 
/**
 * The points come from the report and the targets: nothing to enter.
 */
from_data: boolean, 
/**
 * The upper level scores it (lateness, by the day the report reached it).
 */
upper_only: boolean, 
/**
 * What the upper level gave, once its result came ("" before, or when not scored).
 */
upper_points: string, 
/**
 * How the upper level reached it and why.
 */
upper_note: string, };

export type UpperResult = { total: string, class: string, 
/**
 * "Hạng 2/6 (đồng hạng); hạng 1/5 trong Cụm thi đua số 1".
 */
standing: string, 
/**
 * Who scored, and the day the result came (dd/mm/yyyy).
 */
by: string, received_on: string, };

export type AwardForm = { code: string, 
/**
 * "Bằng khen".
 */
title: string, 
/**
 * "Bằng khen của Ban Thường trực Ủy ban MTTQ tỉnh Thanh Hóa".
 */
full_name: string, 
/**
 * "tập thể, cá nhân".
 */
recipients: string, needs_report: boolean, 
/**
 * "tối đa 3 đề nghị mỗi đơn vị", "tối đa 1 đề nghị mỗi cụm thi đua", or "".
 */
quota: string, 
/**
 * This unit may propose it (to its upper level).
 */
may_propose: boolean, };

export type LinkedRecord = { 
/**
 * "initiatives:…id…".
 */
reference: string, 
/**
 * "Sáng kiến: Ứng dụng Zalo trong sinh hoạt khu dân cư (10/02/2022)".
 */
label: string, };

export type NomineeView = { id: RecordId, 
/**
 * "tap_the" or "ca_nhan".
 */
kind: string, kind_label: string, name: string, role: string, achievement: string, records: Array<LinkedRecord>, 
/**
 * "", "approved", "cut" or "returned", and its words.
 */
decision: string, decision_label: string, decision_reason: string, 
/**
 * Why this nominee may be too soon for the form again, from the history; "" otherwise.
 */
flag: string, };

export type ProposalView = { id: RecordId, year: number, proposer_code: string, proposer_name: string, form: AwardForm, 
/**
 * "draft", "sent" or "received", and its words.
 */
state: string, state_label: string, 
/**
 * This unit's own while its yearly report is not sent: nominees can be added and removed.
 */
editable: boolean, 
/**
 * Received from a unit below: its nominees can be decided.
 */
reviewable: boolean, 
/**
 * For a received proposal, where the proposer stands: "Hạng 3/166, Xuất sắc; hạng 1/5 trong
 * Cụm thi đua số 1"; "" when the year is not scored.
 */
standing: string, 
/**
 * How much of the form's quota is taken: "Cụm thi đua số 1: đã đồng ý 1/1"; "" without one.
 */
quota_used: string, nominees: Array<NomineeView>, };

export type NomineeInput = { 
/**
 * "tap_the" or "ca_nhan".
 */
kind: string, name: string, role: string, achievement: string, 
/**
 * "register:id" of the records the achievement rests on.
 */
records: Array<string>, };

export type AwardeeView = { kind_label: string, name: string, role: string, achievement: string, 
/**
 * The unit that proposed it.
 */
unit_name: string, };

export type DecisionView = { id: RecordId, year: number, form_code: string, 
/**
 * "Bằng khen của Ban Thường trực Ủy ban MTTQ tỉnh Thanh Hóa".
 */
form_name: string, 
/**
 * "Quyết định số 05/QĐ-MTTQ-BTT ngày 20/12/2022".
 */
title: string, 
/**
 * Received from the upper level (its awardees here are this unit's own), or issued here.
 */
received: boolean, awardees: Array<AwardeeView>, };

export type PendingAward = { form_code: string, form_name: string, 
/**
 * "03 tập thể và 02 cá nhân".
 */
approved: string, };

export type AwardsOverview = { decisions: Array<DecisionView>, pending: Array<PendingAward>, };

export type CommendationEntry = { name: string, kind_label: string, 
/**
 * "Bằng khen của Ban Thường trực Ủy ban MTTQ tỉnh Thanh Hóa", or the register's words.
 */
form: string, year: number, 
/**
 * "Quyết định số 05/QĐ-MTTQ-BTT ngày 20/12/2022", or what the register holds.
 */
decision: string, 
/**
 * The unit it belongs to.
 */
unit_name: string, 
/**
 * "Đã tặng" (issued here), "Được tặng" (from above), "Sổ theo dõi".
 */
source: string, };

export type ReportingStatus = "missing" | "on_time" | "late" | "corrected" | "returned" | "accepted";

export type CompletenessRow = { unit_code: string, unit_name: string, state: ReportingStatus, state_label: string, 
/**
 * The latest revision received (0: none).
 */
revision: number, 
/**
 * When the unit says it first sent the period's report (its own clock, signed: its claim),
 * dd/mm/yyyy.
 */
first_sent: string, 
/**
 * When the first revision reached this installation (this computer's clock), dd/mm/yyyy.
 */
first_received: string, 
/**
 * Days past the deadline, by this installation's clock: of the first revision's arrival,
 * or today for a missing report.
 */
days_late: number, 
/**
 * When the last bundle (or Excel template) from the unit was imported here, dd/mm/yyyy hh:mm.
 */
last_bundle: string, reason: string, 
/**
 * The latest report was entered from an Excel template: no signature.
 */
via_excel: boolean, 
/**
 * For a period before a merger: the commune the unit is now part of (its name and code),
 * under which its figures are counted; empty otherwise.
 */
now_in: string, now_in_code: string, };

export type Consolidation = { period: string, period_label: string, indicator_set: string, units_total: number, units_received: number, units_accepted: number, missing: Array<string>, totals: Array<IndicatorTotal>, };

export type Contribution = { unit_code: string, unit_name: string, value: number | null, 
/**
 * What the previous revision said, when a correction changed it.
 */
previous: number | null, revision: number, state: string, accepted: boolean, 
/**
 * The bundle: its id, the SHA-256 of the file, and when it was imported.
 */
bundle_id: string, file_sha256: string, received_at: string, 
/**
 * The unit answered another version of the indicator set, or left the indicator out.
 */
flag: string, 
/**
 * For a unit that consolidates its own units: how many of them its figure sums.
 */
sub_units: number, 
/**
 * The year's target this level gave the unit (chỉ tiêu giao), if any.
 */
target: number | null, 
/**
 * What the data checks found, checked again here: rules between the unit's figures it
 * breaks, a large gap from the units' median.
 */
checks: Array<string>, 
/**
 * For a period before a merger: the commune the unit is now part of; empty otherwise.
 */
now_in: string, };

export type IndicatorTotal = { code: string, name: string, measure: string, task_group: number, 
/**
 * Over every report received.
 */
received_total: number, 
/**
 * Over the accepted reports only.
 */
accepted_total: number, 
/**
 * The sum of the year's targets given to the units below; `None` when none was given.
 */
target: number | null, 
/**
 * How many units' figures the data checks flag, for the reviewer.
 */
flagged: number, contributions: Array<Contribution>, };

export type MergedRecord = { unit_code: string, unit_name: string, record: RecordRow, };

export type PeriodReporting = { period: string, label: string, on_time: number, late: number, missing: number, };

export type CompletenessMatrix = { year: number, 
/**
 * Period codes and their labels, in order.
 */
periods: Array<[string, string]>, rows: Array<MatrixRow>, };

export type MatrixRow = { unit_code: string, unit_name: string, 
/**
 * Where the unit stands in each period, as in [`CompletenessRow`].
 */
states: Array<ReportingStatus>, };

export type DocumentEntry = { 
/**
 * "05/KH-MTTQ-BTT".
 */
number: string, year: number, 
/**
 * dd/mm/yyyy.
 */
issued_on: string, summary: string, plan_id: RecordId | null, report_id: RecordId | null, };

export type TemplateInfo = { path: string, unit_name: string, period_label: string, indicators: number, };

export type TemplateImport = { file_name: string, unit_code: string, unit_name: string, period: string, period_label: string, changes: Array<CellChange>, summary: Array<string>, 
/**
 * Written (false for a dry run, or when nothing changed).
 */
applied: boolean, dry_run: boolean, 
/**
 * The unit has an enrolled signing key, so its reports come in signed bundles: the file is
 * imported only if the clerk chooses to (`unsigned`), which is logged. The sentence says so.
 */
signed_unit: string | null, };

export type CellChange = { sheet: string, 
/**
 * "D7", or the row ("dòng 9") for a record added or removed whole.
 */
cell: string, 
/**
 * The indicator or the record and field.
 */
what: string, old: string, new: string, };

export type TextEncoding = "auto" | "vni" | "tcvn3";

export type SheetImportOptions = { kind: RegisterKind | null, sheet: string | null, 
/**
 * 1-based, as the spreadsheet numbers rows.
 */
header_row: number | null, 
/**
 * Field → column letter ("C"); replaces the guess for that field. An empty letter unmaps.
 */
mapping: { [key in string]: string }, 
/**
 * Field → value for every row, for fields the sheet has no column for.
 */
constants: { [key in string]: string }, encoding: TextEncoding, };

export type SheetPreview = { file_name: string, kind: RegisterKind, sheets: Array<string>, sheet: string, header_row: number, columns: Array<SheetColumn>, fields: Array<SheetField>, 
/**
 * The first data rows as the register will hold them (field labels → text).
 */
sample: Array<Array<string>>, data_rows: number, };

export type SheetColumn = { 
/**
 * "C".
 */
column: string, header: string, 
/**
 * The field it is mapped to, if any.
 */
field: string | null, };

export type SheetField = { name: string, label: string, required: boolean, 
/**
 * The column it reads from ("C"), or none.
 */
column: string | null, constant: string, };

export type SheetImportOutcome = { preview: SheetPreview, added: number, 
/**
 * Rows equal to a record already kept.
 */
already_kept: number, applied: boolean, summary: string, };

export type BackupEntry = { path: string, file_name: string, 
/**
 * "27/11/2026 18:30".
 */
taken_at: string, reason: string, reason_label: string, bytes: number, };

export type RestoreOutcome = { unit_name: string, unit_code: string, 
/**
 * The backup of the data as it was just before, to undo the restore with.
 */
previous_data: string | null, 
/**
 * When the restored data's key is not on this machine (a new laptop): the fingerprint of
 * the new key to read to the upper level, who revokes the old key and enrols this one.
 */
new_key_fingerprint: string | null, message: string, };

export type InstallationCopy = { path: string, unit_name: string, 
/**
 * The code to write on the stick's label: the copy is restored only with it.
 */
code: string, bytes: number, files: number, };
