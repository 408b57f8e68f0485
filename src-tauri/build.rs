// The shell's sources live in src-tauri/ while its manifest is the workspace root (so the
// Tauri CLI finds tauri.conf.json beside a [package]); point tauri-build at them.
fn main() {
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/**/*")
        // Listing the commands makes each one a permission the capability file must grant.
        .app_manifest(tauri_build::AppManifest::new().commands(thidua_commands()));
    tauri_build::try_build(attributes).expect("tauri-build failed");
}

/// The commands of src-tauri/src/commands.rs; a unit test there checks the two lists agree.
fn thidua_commands() -> &'static [&'static str] {
    &[
        "app_state",
        "list_units",
        "levels",
        "header_defaults",
        "setup",
        "install_sample",
        "status",
        "backup",
        "restore",
        "import_units",
        "periods",
        "register_schemas",
        "list_records",
        "add_record",
        "edit_record",
        "delete_record",
        "record_history",
        "field_values",
        "plans",
        "plan",
        "plan_pdf",
        "report",
        "figure_sources",
        "enter_figure",
        "set_section",
        "send_report",
        "revise_report",
        "identity",
        "export_identity",
        "keys",
        "enroll",
        "revoke",
        "export_report_bundle",
        "export_plan_bundle",
        "export_roster_bundle",
        "import_bundles",
        "waiting_bundles",
        "resolve_bundle",
        "import_log",
        "bundle_candidates",
        "completeness",
        "consolidation",
        "reporting_timeline",
        "completeness_matrix",
        "import_plan",
        "save_plan",
        "derive_plan",
        "open_plan_pdf",
        "open_report_pdf",
        "plan_preview",
        "report_preview",
        "issue_plan",
        "document_register",
        "merged_records",
        "review",
        "consolidated_xlsx",
        "open_period",
        "report_pdf",
        "excel_template",
        "import_template",
        "excel_export",
        "inspect_sheet",
        "import_sheet",
    ]
}
