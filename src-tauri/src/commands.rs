//! The commands the UI calls. Each is a one-line wrapper over `thidua_api::Workspace`.
//!
//! The `commands!` macro declares every command once and from that declaration makes the
//! invoke handler and the TypeScript functions in `ui/src/bindings/commands.ts`, so the UI's
//! calls are typed from the Rust signatures and a stale file fails a test.
//!
//! The handler is our own rather than Tauri's `generate_handler!`: Tauri runs a synchronous
//! command on the window's thread (the window freezes while it works) and an async one on a
//! thread pool (where a later command can overtake an earlier one). Ours reads the arguments
//! on the window's thread, in the order the window sent them, and queues the work on the
//! workspace's thread (`Shell::submit`), answering the window from there. Tauri has checked
//! the window's permissions (capabilities/main.json) before the handler is called.

use serde::de::DeserializeOwned;
use tauri::Manager;
use tauri::ipc::{Invoke, InvokeBody};
use thidua_api::*;

use crate::Shell;

/// One argument of a command, from the JSON object the window sent. A missing argument reads
/// as `null` (so an `Option` is `None`); anything else that does not fit is the UI's mistake.
fn argument<T: DeserializeOwned>(args: &serde_json::Value, name: &str) -> Result<T, ApiError> {
    serde_json::from_value(args.get(name).cloned().unwrap_or(serde_json::Value::Null))
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("Lệnh nhận tham số {name} không hợp lệ ({e}).")))
}

macro_rules! commands {
    ($( $(#[$doc:meta])* fn $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty = $body:expr; )*) => {
        $(
            $(#[$doc])*
            fn $name(ws: &mut Workspace, $($arg: $ty),*) -> Result<$ret, ApiError> {
                #[allow(clippy::redundant_closure_call)]
                ($body)(ws, $($arg),*)
            }
        )*

        /// The invoke handler with every command.
        pub fn handler() -> impl Fn(Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
            |invoke: Invoke<tauri::Wry>| {
                let Invoke { message, resolver, .. } = invoke;
                #[allow(unused_variables)]
                let args = match message.payload() {
                    InvokeBody::Json(v) => v.clone(),
                    InvokeBody::Raw(_) => serde_json::Value::Null,
                };
                let shell = message.webview_ref().state::<Shell>();
                match message.command() {
                    $(
                        stringify!($name) => {
                            $(
                                let $arg: $ty = match argument(&args, stringify!($arg)) {
                                    Ok(value) => value,
                                    Err(e) => {
                                        resolver.reject(e);
                                        return true;
                                    }
                                };
                            )*
                            shell.submit(move |workspace| {
                                match workspace.as_mut().map_err(|e| e.clone()).and_then(|ws| $name(ws, $($arg),*)) {
                                    Ok(value) => resolver.resolve(value),
                                    Err(e) => resolver.reject(e),
                                }
                            });
                            true
                        }
                    )*
                    _ => false,
                }
            }
        }

        /// The names of the commands, to compare with build.rs's permission list.
        #[cfg(test)]
        pub fn names() -> Vec<&'static str> {
            vec![$(stringify!($name)),*]
        }

        /// TypeScript wrappers: one typed async function per command.
        #[cfg(test)]
        pub fn typescript() -> String {
            let cfg = ts_rs::Config::default();
            let mut out = String::from(
                "// Generated from src-tauri/src/commands.rs by `cargo test -p thidua-app`; do not edit.\n\n\
                 import { invoke } from \"@tauri-apps/api/core\";\n"
            );
            let mut types: Vec<String> = Vec::new();
            let mut body = String::new();
            $(
                let args: Vec<(&str, String)> = vec![$((stringify!($arg), <$ty as ts_rs::TS>::name(&cfg))),*];
                let ret = <$ret as ts_rs::TS>::name(&cfg);
                for (_, t) in &args {
                    types.push(t.clone());
                }
                types.push(ret.clone());
                let params = args.iter().map(|(n, t)| format!("{n}: {t}")).collect::<Vec<_>>().join(", ");
                let names = args.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ");
                let call_args = if args.is_empty() { String::new() } else { format!(", {{ {names} }}") };
                body.push_str(&format!(
                    "\nexport function {}({params}): Promise<{ret}> {{\n  return invoke(\"{}\"{call_args});\n}}\n",
                    stringify!($name), stringify!($name)
                ));
            )*
            let mut imports: Vec<String> = types
                .iter()
                .flat_map(|t| t.split(|c: char| !c.is_alphanumeric() && c != '_').map(str::to_owned).collect::<Vec<_>>())
                .filter(|w| w.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && !["Array", "Record", "Promise"].contains(&w.as_str()))
                .collect();
            imports.sort();
            imports.dedup();
            out.push_str(&format!("import type {{ {} }} from \"./types\";\n", imports.join(", ")));
            out.push_str(&body);
            out
        }
    };
}

commands! {
    /// What the first screen needs: the installation, if any, and whether setup can start.
    fn app_state() -> AppState = |ws: &mut Workspace| ws.app_state();
    /// Units of the catalogue in Vietnamese order.
    fn list_units(query: UnitQuery) -> Vec<Unit> = |ws: &mut Workspace, q: UnitQuery| ws.units(&q);
    fn levels() -> Vec<Level> = |ws: &mut Workspace| ws.levels();
    /// The header and signer the setup form proposes for a unit.
    fn header_defaults(unit_id: RecordId) -> HeaderDefaults = |ws: &mut Workspace, id| ws.header_defaults(id);
    fn setup(input: SetupInput) -> Installation = |ws: &mut Workspace, input: SetupInput| ws.setup(&input);
    fn install_sample() -> Installation = |ws: &mut Workspace| ws.install_sample();
    fn status() -> StatusReport = |ws: &mut Workspace| ws.status();
    /// Writes a backup to the file the clerk chose.
    fn backup(path: String) -> () = |ws: &mut Workspace, p: String| ws.backup(std::path::Path::new(&p));
    /// Replaces all data with a checked backup or whole-installation copy (the data as it was
    /// is kept as a backup first).
    /// Restores a backup, or a whole-installation copy with the code from its label.
    fn restore(path: String, code: Option<String>) -> RestoreOutcome =
        |ws: &mut Workspace, p: String, c: Option<String>| ws.restore_with_code(std::path::Path::new(&p), c.as_deref());
    /// The automatic backups, newest first.
    fn backups() -> Vec<BackupEntry> = |ws: &mut Workspace| Ok(ws.backups());
    /// Takes a backup into the backup folder now.
    fn backup_now() -> BackupEntry = |ws: &mut Workspace| ws.backup_now();
    /// Writes the whole installation (not the private key) to a folder or file, for a USB stick.
    fn copy_installation(path: String) -> InstallationCopy = |ws: &mut Workspace, p: String| ws.copy_installation(std::path::Path::new(&p));
    /// The files the app was opened with (a double-clicked `.thidua` bundle), once.
    fn opened_files() -> Vec<String> = |_: &mut Workspace| Ok(crate::take_opened_files());
    /// Imports a unit list (.xls, .xlsx, .ods, .csv) and says what changed.
    fn import_units(path: String) -> CatalogueImportReport = |ws: &mut Workspace, p: String| ws.import_units(std::path::Path::new(&p));
    fn periods() -> Vec<PeriodInfo> = |ws: &mut Workspace| ws.periods();
    /// The six registers and their fields, to build lists and forms.
    fn register_schemas() -> Vec<RegisterSchema> = |_: &mut Workspace| Ok(thidua_api::register_schemas());
    fn list_records(query: RecordQuery) -> RecordPage = |ws: &mut Workspace, q: RecordQuery| ws.list_records(&q);
    fn add_record(kind: RegisterKind, fields: RecordFields) -> RecordRow = |ws: &mut Workspace, k, f: RecordFields| ws.add_record(k, &f.0);
    fn edit_record(kind: RegisterKind, id: RecordId, fields: RecordFields, reason: String) -> RecordRow =
        |ws: &mut Workspace, k, id, f: RecordFields, r: String| ws.edit_record(k, id, &f.0, &r);
    fn delete_record(kind: RegisterKind, id: RecordId, reason: String) -> () = |ws: &mut Workspace, k, id, r: String| ws.delete_record(k, id, &r);
    fn record_history(kind: RegisterKind, id: RecordId) -> Vec<HistoryEntry> = |ws: &mut Workspace, k, id| ws.record_history(k, id);
    /// The values a text field holds, for a list's filter.
    fn field_values(kind: RegisterKind, field: String) -> Vec<String> = |ws: &mut Workspace, k, f: String| ws.field_values(k, &f);
    /// This unit's plans, newest first.
    fn plans() -> Vec<PlanInfo> = |ws: &mut Workspace| ws.plans();
    /// One plan with its numbered structure.
    fn plan(id: RecordId) -> PlanDraft = |ws: &mut Workspace, id| ws.plan(id);
    /// Prints a plan as a Decree 30 PDF to the file the clerk chose.
    fn plan_pdf(id: RecordId, path: String) -> () = |ws: &mut Workspace, id, p: String| ws.plan_pdf(id, std::path::Path::new(&p));
    /// The unit's report for a period, with figures, narrative and appendix.
    fn report(period: String) -> ReportView = |ws: &mut Workspace, p: String| ws.report(&p);
    /// The records behind one figure.
    fn figure_sources(period: String, code: String) -> Vec<RecordRow> = |ws: &mut Workspace, p: String, c: String| ws.figure_sources(&p, &c);
    fn enter_figure(period: String, code: String, value: String, reason: String) -> ReportView =
        |ws: &mut Workspace, p: String, c: String, v: String, r: String| ws.enter_figure(&p, &c, &v, &r);
    fn set_section(period: String, key: String, text: String) -> ReportView = |ws: &mut Workspace, p: String, k: String, t: String| ws.set_section(&p, &k, &t);
    /// Dates the draft report on a day the clerk chose ("30/06/2022"; blank: the sending day).
    fn set_report_date(period: String, day: String) -> ReportView = |ws: &mut Workspace, p: String, d: String| ws.set_report_date(&p, &d);
    /// Keeps the draft report's Nơi nhận, one line each (none: the level's defaults).
    fn set_report_recipients(period: String, lines: Vec<String>) -> ReportView =
        |ws: &mut Workspace, p: String, l: Vec<String>| ws.set_report_recipients(&p, &l);
    fn send_report(period: String) -> ReportView = |ws: &mut Workspace, p: String| ws.send_report(&p);
    fn revise_report(period: String) -> ReportView = |ws: &mut Workspace, p: String| ws.revise_report(&p);
    /// Prints the report's narrative as a Decree 30 PDF to the file the clerk chose.
    fn report_pdf(period: String, path: String) -> () = |ws: &mut Workspace, p: String, f: String| ws.report_pdf(&p, std::path::Path::new(&f));
    /// This installation's identity and fingerprint.
    fn identity() -> IdentityFile = |ws: &mut Workspace| ws.identity();
    /// Writes the identity file the upper level enrols.
    fn export_identity(path: String) -> IdentityFile = |ws: &mut Workspace, p: String| ws.export_identity(std::path::Path::new(&p));
    /// Every key this installation knows.
    fn keys() -> Vec<KeyView> = |ws: &mut Workspace| ws.keys();
    /// Enrols the unit of an identity file, with the fingerprint heard on the phone.
    fn enroll(path: String, fingerprint: String) -> KeyView = |ws: &mut Workspace, p: String, f: String| ws.enroll(std::path::Path::new(&p), &f);
    fn revoke(unit_code: String, reason: String) -> KeyView = |ws: &mut Workspace, u: String, r: String| ws.revoke(&u, &r);
    /// What a paper is: from a PDF's or image's path, the code's text or the short code.
    fn verify_document(input: String) -> VerificationView = |ws: &mut Workspace, i: String| ws.verify_document(&i);
    /// The "?" panel of an area of the window, from the user guide's text.
    fn screen_help(area: String) -> ScreenHelpView = |_: &mut Workspace, a: String| thidua_api::guide::screen_help(&a);
    /// Section `number` of the user guide, to read in the window.
    fn guide_section(number: String) -> GuideSectionText = |_: &mut Workspace, n: String| thidua_api::guide::guide_section(&n);
    /// Opens the installed guide's PDF; says on which page section `number` begins.
    fn open_guide(number: Option<String>) -> String = |_: &mut Workspace, n: Option<String>| crate::open_guide(n.as_deref());
    /// The sample's guided tour was finished or skipped.
    fn finish_tour() -> () = |ws: &mut Workspace| ws.finish_tour();
    /// Sends the report (if still a draft) and writes it as a bundle for the upper level.
    fn export_report_bundle(period: String, path: String) -> ExportedBundle =
        |ws: &mut Workspace, p: String, f: String| ws.export_report_bundle(&p, std::path::Path::new(&f));
    /// The indicator set, deadlines and (optionally) a plan, for a unit below.
    fn export_plan_bundle(to_unit: String, plan: Option<RecordId>, path: String) -> ExportedBundle =
        |ws: &mut Workspace, u: String, plan, f: String| ws.export_plan_bundle(&u, plan, std::path::Path::new(&f));
    fn export_roster_bundle(to_unit: String, path: String) -> ExportedBundle =
        |ws: &mut Workspace, u: String, f: String| ws.export_roster_bundle(&u, std::path::Path::new(&f));
    /// A unit's own records and report revisions, sent back to it after it lost them.
    fn export_returned_data(to_unit: String, path: String) -> ExportedBundle =
        |ws: &mut Workspace, u: String, f: String| ws.export_returned_data(&u, std::path::Path::new(&f));
    /// Imports bundle files (or shows what they would change, with `dry_run`), with one backup
    /// before the first new file; each file's outcome goes to the window as an
    /// "import-progress" event as soon as it is known.
    fn import_bundles(paths: Vec<String>, dry_run: bool) -> Vec<ImportOutcome> = |ws: &mut Workspace, p: Vec<String>, d| {
        let paths: Vec<&std::path::Path> = p.iter().map(std::path::Path::new).collect();
        ws.import_bundles_reporting(&paths, d, &mut |step: ImportProgress| crate::progress("import-progress", step))
    };
    /// Bundles held for a missing predecessor or in conflict, for the clerk to decide.
    fn waiting_bundles() -> Vec<WaitingBundle> = |ws: &mut Workspace| ws.waiting_bundles();
    fn resolve_bundle(bundle_id: String, apply: bool) -> ImportOutcome = |ws: &mut Workspace, b: String, a| ws.resolve_bundle(&b, a);
    /// Starts a sender's chain of bundles again (logged with the reason); returns what was done.
    fn reset_chain(unit_code: String, reason: String) -> String = |ws: &mut Workspace, u: String, r: String| ws.reset_chain(&u, &r);
    /// Confirms the upper level's key by the fingerprint heard on the phone.
    fn confirm_parent_key(fingerprint: String) -> KeyView = |ws: &mut Workspace, f: String| ws.confirm_parent_key(&f);
    fn import_log(limit: u32) -> Vec<ImportLogView> = |ws: &mut Workspace, l| ws.import_log(l);
    /// Bundle files waiting in Downloads or on the Desktop.
    fn bundle_candidates() -> Vec<BundleCandidate> = |ws: &mut Workspace| ws.bundle_candidates(&inbox_folders());
    /// Who reported for a period, who is late, who is missing.
    fn completeness(period: String) -> Completeness = |ws: &mut Workspace, p: String| ws.completeness(&p);
    /// The totals with each unit's contribution and bundle.
    fn consolidation(period: String) -> Consolidation = |ws: &mut Workspace, p: String| ws.consolidation(&p);
    fn reporting_timeline() -> Vec<PeriodReporting> = |ws: &mut Workspace| ws.reporting_timeline();
    /// Every unit below against the periods of a year.
    fn completeness_matrix(year: i32) -> CompletenessMatrix = |ws: &mut Workspace, y| ws.completeness_matrix(y);
    /// Imports a plan from a Word (.docx) or text (.txt) file.
    fn import_plan(path: String) -> PlanInfo = |ws: &mut Workspace, p: String| ws.import_plan(std::path::Path::new(&p));
    /// Draws up this unit's (or a unit below's) plan from an upper plan.
    /// Saves the clerk's edit of a plan.
    fn save_plan(id: RecordId, draft: PlanDraft) -> PlanInfo = |ws: &mut Workspace, id, d: PlanDraft| ws.save_plan(id, &d);
    fn derive_plan(id: RecordId, unit_code: String) -> PlanInfo = |ws: &mut Workspace, id, u: String| ws.derive_plan(id, &u);
    /// Writes the plan's PDF to the print folder and opens it in the system's PDF viewer.
    fn open_plan_pdf(id: RecordId) -> String = |ws: &mut Workspace, id| crate::open_in_viewer(ws.plan_print_copy(id)?);
    /// A unit's latest report for a period, in full: figures, narrative, whether its PDF came.
    fn received_report(unit_code: String, period: String) -> ReceivedReportView =
        |ws: &mut Workspace, u: String, p: String| ws.received_report(&u, &p);
    /// Opens the PDF a unit signed and sent with its report in the system's PDF viewer.
    fn open_received_report_pdf(unit_code: String, period: String) -> String =
        |ws: &mut Workspace, u: String, p: String| crate::open_in_viewer(ws.received_report_pdf(&u, &p)?);
    /// Writes the report's PDF to the print folder and opens it in the system's PDF viewer.
    fn open_report_pdf(period: String) -> String = |ws: &mut Workspace, p: String| crate::open_in_viewer(ws.report_print_copy(&p)?);
    /// A plan's pages as SVG, for the print preview.
    fn plan_preview(id: RecordId) -> Vec<String> = |ws: &mut Workspace, id| ws.plan_preview(id);
    /// A report's pages as SVG, for the print preview.
    fn report_preview(period: String) -> Vec<String> = |ws: &mut Workspace, p: String| ws.report_preview(&p);
    /// Issues a plan: the next number of the year and its day (dd/mm/yyyy; today when empty).
    fn issue_plan(id: RecordId, day: String) -> DocumentEntry = |ws: &mut Workspace, id, d: String| ws.issue_plan(id, Some(&d));
    /// The document register of a year.
    fn document_register(year: i32) -> Vec<DocumentEntry> = |ws: &mut Workspace, y| Ok(ws.document_register(Some(y))?.1);
    /// The register records of every unit below.
    fn merged_records(kind: RegisterKind, period: String, search: String) -> Vec<MergedRecord> =
        |ws: &mut Workspace, k, p: String, s: String| ws.merged_records(k, &p, &s);
    /// Accepts or returns a unit's report and writes the decision bundle for it.
    fn review(unit_code: String, period: String, accept: bool, reason: String, path: String) -> ExportedBundle =
        |ws: &mut Workspace, u: String, p: String, a, r: String, f: String| ws.review(&u, &p, a, &r, std::path::Path::new(&f));
    /// The consolidated tables as an Excel workbook.
    fn consolidated_xlsx(period: String, path: String) -> () = |ws: &mut Workspace, p: String, f: String| ws.consolidated_xlsx(&p, std::path::Path::new(&f));
    fn merged_registers_xlsx(period: String, path: String) -> () = |ws: &mut Workspace, p: String, f: String| ws.merged_registers_xlsx(&p, std::path::Path::new(&f));
    /// The fill-in Excel template for a unit below and a period.
    fn excel_template(unit: String, period: String, path: String) -> TemplateInfo =
        |ws: &mut Workspace, u: String, p: String, f: String| ws.excel_template(&u, &p, std::path::Path::new(&f));
    /// Checks (with `dry_run`) or imports a filled template.
    fn import_template(path: String, dry_run: bool, unsigned: bool) -> TemplateImport =
        |ws: &mut Workspace, f: String, d, u| ws.import_template(std::path::Path::new(&f), d, u);
    /// The period's workbook: consolidated at an upper level, appendix and registers at a ward.
    fn excel_export(period: String, path: String) -> () = |ws: &mut Workspace, p: String, f: String| ws.excel_export(&p, std::path::Path::new(&f));
    /// A spreadsheet read as a register: sheet, header row and column mapping, guessed or chosen.
    fn inspect_sheet(path: String, options: SheetImportOptions) -> SheetPreview =
        |ws: &mut Workspace, f: String, o: SheetImportOptions| ws.inspect_sheet(std::path::Path::new(&f), &o);
    /// Imports a spreadsheet's rows into a register (or checks them, with `dry_run`).
    fn import_sheet(path: String, options: SheetImportOptions, dry_run: bool) -> SheetImportOutcome =
        |ws: &mut Workspace, f: String, o: SheetImportOptions, d| ws.import_sheet(std::path::Path::new(&f), &o, d);
    /// Opens a period for the units below, with its deadline (dd/mm/yyyy).
    fn open_period(period: String, deadline: String) -> PeriodInfo = |ws: &mut Workspace, p: String, d: String| ws.open_period(&p, Some(&d));
    /// Every stored scoring table, the one in use marked.
    fn scoring_tables() -> Vec<ScoringTableInfo> = |ws: &mut Workspace| ws.scoring_tables();
    /// The scoring table in use, criterion by criterion.
    fn scoring_table() -> ScoringTableView = |ws: &mut Workspace| ws.scoring_table();
    /// Stores a scoring table from a workbook (.xlsx) or its JSON.
    fn import_scoring_table(path: String) -> ScoringTableInfo = |ws: &mut Workspace, p: String| ws.import_scoring_table(std::path::Path::new(&p));
    /// The table in use as JSON, for the editor.
    fn scoring_table_json() -> String = |ws: &mut Workspace| ws.scoring_table_json();
    /// Stores a table edited in the window as a new version.
    fn save_scoring_table_json(json: String) -> ScoringTableInfo = |ws: &mut Workspace, j: String| ws.save_scoring_table_json(&j);
    /// Stores the example table shipped with the program.
    fn use_example_scoring_table() -> ScoringTableInfo = |ws: &mut Workspace| ws.use_example_scoring_table();
    /// Writes the table in use as a workbook (or JSON) to the file the clerk chose.
    fn export_scoring_table(path: String) -> () = |ws: &mut Workspace, p: String| ws.export_scoring_table(std::path::Path::new(&p));
    /// Every unit below scored for a year and ranked; with a cluster, its units only.
    fn scoring(year: i32, cluster: Option<String>) -> Scoring = |ws: &mut Workspace, y, c: Option<String>| ws.scoring(y, c.as_deref());
    /// The upper level's score of a unit for a criterion, as typed, with its reason (none: taken back).
    fn set_score(year: i32, unit_code: String, criterion: String, value: Option<String>, reason: String) -> Scoring =
        |ws: &mut Workspace, y, u: String, c: String, v: Option<String>, r: String| {
            ws.set_score(y, &u, &c, v.as_deref(), &r)?;
            ws.scoring(y, None)
        };
    /// The ranking as a workbook, to the file the clerk chose.
    fn ranking_xlsx(year: i32, cluster: Option<String>, path: String) -> Scoring =
        |ws: &mut Workspace, y, c: Option<String>, p: String| ws.ranking_xlsx(y, c.as_deref(), std::path::Path::new(&p));
    /// The indicator set in force, its changes from the version before and its sources.
    fn indicator_set_view() -> IndicatorSetView = |ws: &mut Workspace| ws.indicator_set_view();
    /// Adds an indicator (a new version of the set).
    fn add_indicator(input: IndicatorInput) -> IndicatorSetView = |ws: &mut Workspace, i: IndicatorInput| ws.add_indicator(&i);
    /// Renames, re-measures, regroups or moves an indicator (a new version of the set).
    fn edit_indicator(code: String, edit: IndicatorEdit) -> IndicatorSetView =
        |ws: &mut Workspace, c: String, e: IndicatorEdit| ws.edit_indicator(&c, &e);
    /// Takes an indicator out of the set from the next version on.
    fn retire_indicator(code: String) -> IndicatorSetView = |ws: &mut Workspace, c: String| ws.retire_indicator(&c);
    /// Adds a check between figures ("3.2 <= 3.1"), a new version of the set.
    fn add_rule(rule: String) -> IndicatorSetView = |ws: &mut Workspace, r: String| ws.add_rule(&r);
    /// Takes a check out of the set, a new version.
    fn remove_rule(rule: String) -> IndicatorSetView = |ws: &mut Workspace, r: String| ws.remove_rule(&r);
    /// How far (percent) a figure may be from its reference before it is flagged; 0: never.
    fn set_outlier_percent(percent: i32) -> IndicatorSetView = |ws: &mut Workspace, p: i32| ws.set_outlier_percent(i64::from(p));
    /// Defines a member organisation or residential-area committee below this unit.
    fn add_own_unit(input: OwnUnitInput) -> Unit = |ws: &mut Workspace, i: OwnUnitInput| ws.add_own_unit(&i);
    /// The movements this installation knows.
    fn movements() -> Vec<MovementView> = |ws: &mut Workspace| ws.movements();
    /// Works on another movement: reports, consolidation, indicators and targets become its.
    fn set_movement(code: String) -> MovementView = |ws: &mut Workspace, c: String| ws.set_movement(&c);
    /// Starts a movement (upper level) with an empty indicator set, and works on it.
    fn add_movement(input: MovementInput) -> MovementView = |ws: &mut Workspace, i: MovementInput| ws.add_movement(&i);
    /// Imports a merger list (old units into the new ones), after both unit lists.
    fn import_merges(path: String, effective_on: Option<String>) -> MergeImport =
        |ws: &mut Workspace, p: String, e: Option<String>| ws.import_merges(std::path::Path::new(&p), e.as_deref());
    /// A commune: the old units it came from and its figures period by period across the merger.
    fn unit_history(code: String) -> UnitHistory = |ws: &mut Workspace, c: String| ws.unit_history(&c);
    /// The targets given to the units below for a year.
    fn targets(year: i32) -> TargetsView = |ws: &mut Workspace, y| ws.targets(y);
    /// Gives a unit its targets, as typed (blank: none).
    fn set_targets(year: i32, unit_code: String, values: Vec<(String, String)>) -> TargetsView =
        |ws: &mut Workspace, y, u: String, v: Vec<(String, String)>| {
            ws.set_targets(y, &u, &v)?;
            ws.targets(y)
        };
    /// This unit's own score for a year, against its upper level's table.
    fn own_scoring(year: i32) -> OwnScoring = |ws: &mut Workspace, y| ws.own_scoring(y);
    /// Enters this unit's own score of a criterion with its evidence (none: taken back).
    fn set_own_score(year: i32, criterion: String, value: Option<String>, evidence: String) -> OwnScoring =
        |ws: &mut Workspace, y, c: String, v: Option<String>, e: String| {
            ws.set_own_score(y, &c, v.as_deref(), &e)?;
            ws.own_scoring(y)
        };
    /// Writes a unit's year-end score and rank as a bundle for it.
    fn export_scoring_result(year: i32, unit_code: String, path: String) -> ExportedBundle =
        |ws: &mut Workspace, y, u: String, p: String| ws.export_scoring_result(y, &u, std::path::Path::new(&p));
    /// Prints the notice of the year's ranking as a Decree 30 PDF to the file the clerk chose.
    fn ranking_pdf(year: i32, cluster: Option<String>, path: String) -> () =
        |ws: &mut Workspace, y, c: Option<String>, p: String| ws.ranking_pdf(y, c.as_deref(), std::path::Path::new(&p));
    /// The notice's pages as SVG, for the print preview.
    fn ranking_preview(year: i32, cluster: Option<String>) -> Vec<String> = |ws: &mut Workspace, y, c: Option<String>| ws.ranking_preview(y, c.as_deref());
    /// The emulation clusters of a year.
    fn clusters(year: i32) -> Vec<ClusterView> = |ws: &mut Workspace, y| ws.clusters(y);
    /// Makes or changes a cluster: name, leader, deputy and its units.
    fn save_cluster(year: i32, code: String, name: String, leader: Option<String>, deputy: Option<String>, members: Vec<String>) -> ClusterView =
        |ws: &mut Workspace, y, c: String, n: String, l: Option<String>, d: Option<String>, m: Vec<String>| {
            ws.save_cluster(y, &c, &n, l.as_deref(), d.as_deref(), &m)
        };
    /// The forms of the award catalogue, those this unit may propose marked.
    fn award_forms() -> Vec<AwardForm> = |ws: &mut Workspace| ws.award_forms();
    /// The commendation proposals of a year: this unit's own and those received.
    fn proposals(year: i32) -> Vec<ProposalView> = |ws: &mut Workspace, y| ws.proposals(y);
    /// Starts (or opens) this unit's proposal for a form in a year.
    fn new_proposal(year: i32, form_code: String) -> ProposalView = |ws: &mut Workspace, y, f: String| ws.new_proposal(y, &f);
    /// Adds a collective or person to a proposal.
    fn add_nominee(proposal: RecordId, nominee: NomineeInput) -> ProposalView =
        |ws: &mut Workspace, p, n: NomineeInput| ws.add_nominee(p, &n);
    /// This unit's records of a year an achievement can rest on.
    fn achievement_records(year: i32) -> Vec<LinkedRecord> = |ws: &mut Workspace, y| ws.achievement_records(y);
    /// Takes a nominee out of this unit's proposal.
    fn remove_nominee(nominee: RecordId) -> ProposalView = |ws: &mut Workspace, n| ws.remove_nominee(n);
    /// The upper level's decision on a nominee received, with its reason.
    fn decide_nominee(nominee: RecordId, decision: String, reason: String) -> ProposalView =
        |ws: &mut Workspace, n, d: String, r: String| {
            let proposal = ws.decide_nominee(n, &d, &r)?;
            ws.proposal(proposal)
        };
    /// Prints a proposal as its tờ trình (Decree 30 PDF) to the file the clerk chose.
    fn proposal_pdf(proposal: RecordId, path: String) -> () = |ws: &mut Workspace, id, p: String| ws.proposal_pdf(id, std::path::Path::new(&p));
    /// The tờ trình's pages as SVG, for the print preview.
    fn proposal_preview(proposal: RecordId) -> Vec<String> = |ws: &mut Workspace, id| ws.proposal_preview(id);
    /// Writes the year's proposals, one row per nominee with its decision, as a workbook.
    fn proposals_xlsx(year: i32, path: String) -> usize = |ws: &mut Workspace, y, p: String| ws.proposals_xlsx(y, std::path::Path::new(&p));
    /// The award decisions of a year, and the forms with approved nominees waiting for one.
    fn award_decisions(year: i32) -> AwardsOverview = |ws: &mut Workspace, y| ws.award_decisions(y);
    /// Issues the decision awarding a form of this level to the nominees approved here.
    fn issue_award_decision(year: i32, form_code: String) -> DecisionView = |ws: &mut Workspace, y, f: String| ws.issue_award_decision(y, &f);
    /// Prints an award decision as a Decree 30 PDF to the file the clerk chose.
    fn award_decision_pdf(decision: RecordId, path: String) -> () =
        |ws: &mut Workspace, id, p: String| ws.award_decision_pdf(id, std::path::Path::new(&p));
    /// The decision's pages as SVG, for the print preview.
    fn award_decision_preview(decision: RecordId) -> Vec<String> = |ws: &mut Workspace, id| ws.award_decision_preview(id);
    /// Prints the decision's certificates, one A4 landscape page each, as one PDF.
    fn certificates_pdf(decision: RecordId, path: String) -> usize = |ws: &mut Workspace, id, p: String| ws.certificates_pdf(id, std::path::Path::new(&p));
    /// The certificates as SVG pages, for the print preview.
    fn certificates_preview(decision: RecordId) -> Vec<String> = |ws: &mut Workspace, id| ws.certificates_preview(id);
    /// Writes the bundle of an award decision for a unit below.
    fn export_award_decision(decision: RecordId, unit_code: String, path: String) -> ExportedBundle =
        |ws: &mut Workspace, id, u: String, p: String| ws.export_award_decision(id, &u, std::path::Path::new(&p));
    /// Every commendation given, received and in the registers, filtered by the search.
    fn commendation_history(search: String) -> Vec<CommendationEntry> = |ws: &mut Workspace, s: String| ws.commendation_history(&s);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_command_bindings_are_fresh() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings/commands.ts");
        let generated = typescript();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "ui/src/bindings/commands.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p thidua-app` and commit it"
        );
    }

    #[test]
    fn the_main_window_is_granted_its_commands_two_dialogs_and_file_drops_nothing_else() {
        let capability: serde_json::Value = serde_json::from_str(include_str!("../capabilities/main.json")).unwrap();
        let ours: Vec<String> = names().iter().map(|n| format!("allow-{}", n.replace('_', "-"))).collect();
        for p in capability["permissions"].as_array().unwrap() {
            let p = p.as_str().unwrap();
            assert!(
                ours.iter().any(|o| o == p)
                    || ["dialog:allow-open", "dialog:allow-save", "core:event:allow-listen", "core:event:allow-unlisten"].contains(&p),
                "unexpected permission {p}"
            );
        }
    }

    #[test]
    fn every_command_is_a_permission_of_the_main_window() {
        let capability = include_str!("../capabilities/main.json");
        let build = include_str!("../build.rs");
        for name in names() {
            assert!(build.contains(&format!("\"{name}\"")), "{name} missing from build.rs");
            assert!(capability.contains(&format!("\"allow-{}\"", name.replace('_', "-"))), "{name} not granted in capabilities/main.json");
        }
    }
}
