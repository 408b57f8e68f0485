// Generated from src-tauri/src/commands.rs by `cargo test -p thidua-app`; do not edit.

import { invoke } from "@tauri-apps/api/core";
import type { AppState, AwardForm, AwardsOverview, BackupEntry, BundleCandidate, CatalogueImportReport, ClusterView, CommendationEntry, Completeness, CompletenessMatrix, Consolidation, DecisionView, DocumentEntry, ExportedBundle, GuideSectionText, HeaderDefaults, HistoryEntry, IdentityFile, ImportLogView, ImportOutcome, IndicatorEdit, IndicatorInput, IndicatorSetView, Installation, InstallationCopy, KeyView, Level, LinkedRecord, MergeImport, MergedRecord, MovementInput, MovementView, NomineeInput, OwnScoring, OwnUnitInput, PeriodInfo, PeriodReporting, PlanDraft, PlanInfo, ProposalView, ReceivedReportView, RecordFields, RecordId, RecordPage, RecordQuery, RecordRow, RegisterKind, RegisterSchema, ReportView, RestoreOutcome, Scoring, ScoringTableInfo, ScoringTableView, ScreenHelpView, SetupInput, SheetImportOptions, SheetImportOutcome, SheetPreview, StatusReport, TargetsView, TemplateImport, TemplateInfo, Unit, UnitHistory, UnitQuery, VerificationView, WaitingBundle } from "./types";

export function app_state(): Promise<AppState> {
  return invoke("app_state");
}

export function list_units(query: UnitQuery): Promise<Array<Unit>> {
  return invoke("list_units", { query });
}

export function levels(): Promise<Array<Level>> {
  return invoke("levels");
}

export function header_defaults(unit_id: RecordId): Promise<HeaderDefaults> {
  return invoke("header_defaults", { unit_id });
}

export function setup(input: SetupInput): Promise<Installation> {
  return invoke("setup", { input });
}

export function install_sample(): Promise<Installation> {
  return invoke("install_sample");
}

export function status(): Promise<StatusReport> {
  return invoke("status");
}

export function backup(path: string): Promise<null> {
  return invoke("backup", { path });
}

export function restore(path: string, code: string | null): Promise<RestoreOutcome> {
  return invoke("restore", { path, code });
}

export function backups(): Promise<Array<BackupEntry>> {
  return invoke("backups");
}

export function backup_now(): Promise<BackupEntry> {
  return invoke("backup_now");
}

export function copy_installation(path: string): Promise<InstallationCopy> {
  return invoke("copy_installation", { path });
}

export function opened_files(): Promise<Array<string>> {
  return invoke("opened_files");
}

export function import_units(path: string): Promise<CatalogueImportReport> {
  return invoke("import_units", { path });
}

export function periods(): Promise<Array<PeriodInfo>> {
  return invoke("periods");
}

export function register_schemas(): Promise<Array<RegisterSchema>> {
  return invoke("register_schemas");
}

export function list_records(query: RecordQuery): Promise<RecordPage> {
  return invoke("list_records", { query });
}

export function add_record(kind: RegisterKind, fields: RecordFields): Promise<RecordRow> {
  return invoke("add_record", { kind, fields });
}

export function edit_record(kind: RegisterKind, id: RecordId, fields: RecordFields, reason: string): Promise<RecordRow> {
  return invoke("edit_record", { kind, id, fields, reason });
}

export function delete_record(kind: RegisterKind, id: RecordId, reason: string): Promise<null> {
  return invoke("delete_record", { kind, id, reason });
}

export function record_history(kind: RegisterKind, id: RecordId): Promise<Array<HistoryEntry>> {
  return invoke("record_history", { kind, id });
}

export function field_values(kind: RegisterKind, field: string): Promise<Array<string>> {
  return invoke("field_values", { kind, field });
}

export function plans(): Promise<Array<PlanInfo>> {
  return invoke("plans");
}

export function plan(id: RecordId): Promise<PlanDraft> {
  return invoke("plan", { id });
}

export function plan_pdf(id: RecordId, path: string): Promise<null> {
  return invoke("plan_pdf", { id, path });
}

export function report(period: string): Promise<ReportView> {
  return invoke("report", { period });
}

export function figure_sources(period: string, code: string): Promise<Array<RecordRow>> {
  return invoke("figure_sources", { period, code });
}

export function enter_figure(period: string, code: string, value: string, reason: string): Promise<ReportView> {
  return invoke("enter_figure", { period, code, value, reason });
}

export function set_section(period: string, key: string, text: string): Promise<ReportView> {
  return invoke("set_section", { period, key, text });
}

export function set_report_date(period: string, day: string): Promise<ReportView> {
  return invoke("set_report_date", { period, day });
}

export function set_report_recipients(period: string, lines: Array<string>): Promise<ReportView> {
  return invoke("set_report_recipients", { period, lines });
}

export function send_report(period: string): Promise<ReportView> {
  return invoke("send_report", { period });
}

export function revise_report(period: string): Promise<ReportView> {
  return invoke("revise_report", { period });
}

export function report_pdf(period: string, path: string): Promise<null> {
  return invoke("report_pdf", { period, path });
}

export function identity(): Promise<IdentityFile> {
  return invoke("identity");
}

export function export_identity(path: string): Promise<IdentityFile> {
  return invoke("export_identity", { path });
}

export function keys(): Promise<Array<KeyView>> {
  return invoke("keys");
}

export function enroll(path: string, fingerprint: string): Promise<KeyView> {
  return invoke("enroll", { path, fingerprint });
}

export function revoke(unit_code: string, reason: string): Promise<KeyView> {
  return invoke("revoke", { unit_code, reason });
}

export function verify_document(input: string): Promise<VerificationView> {
  return invoke("verify_document", { input });
}

export function screen_help(area: string): Promise<ScreenHelpView> {
  return invoke("screen_help", { area });
}

export function guide_section(number: string): Promise<GuideSectionText> {
  return invoke("guide_section", { number });
}

export function open_guide(number: string | null): Promise<string> {
  return invoke("open_guide", { number });
}

export function finish_tour(): Promise<null> {
  return invoke("finish_tour");
}

export function export_report_bundle(period: string, path: string): Promise<ExportedBundle> {
  return invoke("export_report_bundle", { period, path });
}

export function export_plan_bundle(to_unit: string, plan: RecordId | null, path: string): Promise<ExportedBundle> {
  return invoke("export_plan_bundle", { to_unit, plan, path });
}

export function export_roster_bundle(to_unit: string, path: string): Promise<ExportedBundle> {
  return invoke("export_roster_bundle", { to_unit, path });
}

export function export_returned_data(to_unit: string, path: string): Promise<ExportedBundle> {
  return invoke("export_returned_data", { to_unit, path });
}

export function import_bundles(paths: Array<string>, dry_run: boolean): Promise<Array<ImportOutcome>> {
  return invoke("import_bundles", { paths, dry_run });
}

export function waiting_bundles(): Promise<Array<WaitingBundle>> {
  return invoke("waiting_bundles");
}

export function resolve_bundle(bundle_id: string, apply: boolean): Promise<ImportOutcome> {
  return invoke("resolve_bundle", { bundle_id, apply });
}

export function reset_chain(unit_code: string, reason: string): Promise<string> {
  return invoke("reset_chain", { unit_code, reason });
}

export function confirm_parent_key(fingerprint: string): Promise<KeyView> {
  return invoke("confirm_parent_key", { fingerprint });
}

export function import_log(limit: number): Promise<Array<ImportLogView>> {
  return invoke("import_log", { limit });
}

export function bundle_candidates(): Promise<Array<BundleCandidate>> {
  return invoke("bundle_candidates");
}

export function completeness(period: string): Promise<Completeness> {
  return invoke("completeness", { period });
}

export function consolidation(period: string): Promise<Consolidation> {
  return invoke("consolidation", { period });
}

export function reporting_timeline(): Promise<Array<PeriodReporting>> {
  return invoke("reporting_timeline");
}

export function completeness_matrix(year: number): Promise<CompletenessMatrix> {
  return invoke("completeness_matrix", { year });
}

export function import_plan(path: string): Promise<PlanInfo> {
  return invoke("import_plan", { path });
}

export function save_plan(id: RecordId, draft: PlanDraft): Promise<PlanInfo> {
  return invoke("save_plan", { id, draft });
}

export function derive_plan(id: RecordId, unit_code: string): Promise<PlanInfo> {
  return invoke("derive_plan", { id, unit_code });
}

export function open_plan_pdf(id: RecordId): Promise<string> {
  return invoke("open_plan_pdf", { id });
}

export function received_report(unit_code: string, period: string): Promise<ReceivedReportView> {
  return invoke("received_report", { unit_code, period });
}

export function open_received_report_pdf(unit_code: string, period: string): Promise<string> {
  return invoke("open_received_report_pdf", { unit_code, period });
}

export function open_report_pdf(period: string): Promise<string> {
  return invoke("open_report_pdf", { period });
}

export function plan_preview(id: RecordId): Promise<Array<string>> {
  return invoke("plan_preview", { id });
}

export function report_preview(period: string): Promise<Array<string>> {
  return invoke("report_preview", { period });
}

export function issue_plan(id: RecordId, day: string): Promise<DocumentEntry> {
  return invoke("issue_plan", { id, day });
}

export function document_register(year: number): Promise<Array<DocumentEntry>> {
  return invoke("document_register", { year });
}

export function merged_records(kind: RegisterKind, period: string, search: string): Promise<Array<MergedRecord>> {
  return invoke("merged_records", { kind, period, search });
}

export function review(unit_code: string, period: string, accept: boolean, reason: string, path: string): Promise<ExportedBundle> {
  return invoke("review", { unit_code, period, accept, reason, path });
}

export function consolidated_xlsx(period: string, path: string): Promise<null> {
  return invoke("consolidated_xlsx", { period, path });
}

export function merged_registers_xlsx(period: string, path: string): Promise<null> {
  return invoke("merged_registers_xlsx", { period, path });
}

export function excel_template(unit: string, period: string, path: string): Promise<TemplateInfo> {
  return invoke("excel_template", { unit, period, path });
}

export function import_template(path: string, dry_run: boolean, unsigned: boolean): Promise<TemplateImport> {
  return invoke("import_template", { path, dry_run, unsigned });
}

export function excel_export(period: string, path: string): Promise<null> {
  return invoke("excel_export", { period, path });
}

export function inspect_sheet(path: string, options: SheetImportOptions): Promise<SheetPreview> {
  return invoke("inspect_sheet", { path, options });
}

export function import_sheet(path: string, options: SheetImportOptions, dry_run: boolean): Promise<SheetImportOutcome> {
  return invoke("import_sheet", { path, options, dry_run });
}

export function open_period(period: string, deadline: string): Promise<PeriodInfo> {
  return invoke("open_period", { period, deadline });
}

export function scoring_tables(): Promise<Array<ScoringTableInfo>> {
  return invoke("scoring_tables");
}

export function scoring_table(): Promise<ScoringTableView> {
  return invoke("scoring_table");
}

export function import_scoring_table(path: string): Promise<ScoringTableInfo> {
  return invoke("import_scoring_table", { path });
}

export function scoring_table_json(): Promise<string> {
  return invoke("scoring_table_json");
}

export function save_scoring_table_json(json: string): Promise<ScoringTableInfo> {
  return invoke("save_scoring_table_json", { json });
}

export function use_example_scoring_table(): Promise<ScoringTableInfo> {
  return invoke("use_example_scoring_table");
}

export function export_scoring_table(path: string): Promise<null> {
  return invoke("export_scoring_table", { path });
}

export function scoring(year: number, cluster: string | null): Promise<Scoring> {
  return invoke("scoring", { year, cluster });
}

export function set_score(year: number, unit_code: string, criterion: string, value: string | null, reason: string): Promise<Scoring> {
  return invoke("set_score", { year, unit_code, criterion, value, reason });
}

export function ranking_xlsx(year: number, cluster: string | null, path: string): Promise<Scoring> {
  return invoke("ranking_xlsx", { year, cluster, path });
}

export function indicator_set_view(): Promise<IndicatorSetView> {
  return invoke("indicator_set_view");
}

export function add_indicator(input: IndicatorInput): Promise<IndicatorSetView> {
  return invoke("add_indicator", { input });
}

export function edit_indicator(code: string, edit: IndicatorEdit): Promise<IndicatorSetView> {
  return invoke("edit_indicator", { code, edit });
}

export function retire_indicator(code: string): Promise<IndicatorSetView> {
  return invoke("retire_indicator", { code });
}

export function add_rule(rule: string): Promise<IndicatorSetView> {
  return invoke("add_rule", { rule });
}

export function remove_rule(rule: string): Promise<IndicatorSetView> {
  return invoke("remove_rule", { rule });
}

export function set_outlier_percent(percent: number): Promise<IndicatorSetView> {
  return invoke("set_outlier_percent", { percent });
}

export function add_own_unit(input: OwnUnitInput): Promise<Unit> {
  return invoke("add_own_unit", { input });
}

export function movements(): Promise<Array<MovementView>> {
  return invoke("movements");
}

export function set_movement(code: string): Promise<MovementView> {
  return invoke("set_movement", { code });
}

export function add_movement(input: MovementInput): Promise<MovementView> {
  return invoke("add_movement", { input });
}

export function import_merges(path: string, effective_on: string | null): Promise<MergeImport> {
  return invoke("import_merges", { path, effective_on });
}

export function unit_history(code: string): Promise<UnitHistory> {
  return invoke("unit_history", { code });
}

export function targets(year: number): Promise<TargetsView> {
  return invoke("targets", { year });
}

export function set_targets(year: number, unit_code: string, values: Array<[string, string]>): Promise<TargetsView> {
  return invoke("set_targets", { year, unit_code, values });
}

export function own_scoring(year: number): Promise<OwnScoring> {
  return invoke("own_scoring", { year });
}

export function set_own_score(year: number, criterion: string, value: string | null, evidence: string): Promise<OwnScoring> {
  return invoke("set_own_score", { year, criterion, value, evidence });
}

export function export_scoring_result(year: number, unit_code: string, path: string): Promise<ExportedBundle> {
  return invoke("export_scoring_result", { year, unit_code, path });
}

export function ranking_pdf(year: number, cluster: string | null, path: string): Promise<null> {
  return invoke("ranking_pdf", { year, cluster, path });
}

export function ranking_preview(year: number, cluster: string | null): Promise<Array<string>> {
  return invoke("ranking_preview", { year, cluster });
}

export function clusters(year: number): Promise<Array<ClusterView>> {
  return invoke("clusters", { year });
}

export function save_cluster(year: number, code: string, name: string, leader: string | null, deputy: string | null, members: Array<string>): Promise<ClusterView> {
  return invoke("save_cluster", { year, code, name, leader, deputy, members });
}

export function award_forms(): Promise<Array<AwardForm>> {
  return invoke("award_forms");
}

export function proposals(year: number): Promise<Array<ProposalView>> {
  return invoke("proposals", { year });
}

export function new_proposal(year: number, form_code: string): Promise<ProposalView> {
  return invoke("new_proposal", { year, form_code });
}

export function add_nominee(proposal: RecordId, nominee: NomineeInput): Promise<ProposalView> {
  return invoke("add_nominee", { proposal, nominee });
}

export function achievement_records(year: number): Promise<Array<LinkedRecord>> {
  return invoke("achievement_records", { year });
}

export function remove_nominee(nominee: RecordId): Promise<ProposalView> {
  return invoke("remove_nominee", { nominee });
}

export function decide_nominee(nominee: RecordId, decision: string, reason: string): Promise<ProposalView> {
  return invoke("decide_nominee", { nominee, decision, reason });
}

export function proposal_pdf(proposal: RecordId, path: string): Promise<null> {
  return invoke("proposal_pdf", { proposal, path });
}

export function proposal_preview(proposal: RecordId): Promise<Array<string>> {
  return invoke("proposal_preview", { proposal });
}

export function proposals_xlsx(year: number, path: string): Promise<number> {
  return invoke("proposals_xlsx", { year, path });
}

export function award_decisions(year: number): Promise<AwardsOverview> {
  return invoke("award_decisions", { year });
}

export function issue_award_decision(year: number, form_code: string): Promise<DecisionView> {
  return invoke("issue_award_decision", { year, form_code });
}

export function award_decision_pdf(decision: RecordId, path: string): Promise<null> {
  return invoke("award_decision_pdf", { decision, path });
}

export function award_decision_preview(decision: RecordId): Promise<Array<string>> {
  return invoke("award_decision_preview", { decision });
}

export function certificates_pdf(decision: RecordId, path: string): Promise<number> {
  return invoke("certificates_pdf", { decision, path });
}

export function certificates_preview(decision: RecordId): Promise<Array<string>> {
  return invoke("certificates_preview", { decision });
}

export function export_award_decision(decision: RecordId, unit_code: string, path: string): Promise<ExportedBundle> {
  return invoke("export_award_decision", { decision, unit_code, path });
}

export function commendation_history(search: string): Promise<Array<CommendationEntry>> {
  return invoke("commendation_history", { search });
}
