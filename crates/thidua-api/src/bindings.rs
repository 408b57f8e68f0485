//! The TypeScript side of the IPC types, generated from these Rust types with ts-rs.
//!
//! `ui/src/bindings/types.ts` is written by [`typescript`] and committed; a test fails when the
//! committed file differs from what the Rust types say, so the UI never drifts.

use ts_rs::{Config, TS};

use crate::*;

/// Every type the UI sees, as one TypeScript module.
pub fn typescript() -> String {
    let cfg = Config::default();
    let decls = [
        thidua_model::RecordId::decl(&cfg),
        ApiError::decl(&cfg),
        ErrorCode::decl(&cfg),
        AppState::decl(&cfg),
        StatusReport::decl(&cfg),
        Installation::decl(&cfg),
        DocumentHeader::decl(&cfg),
        Unit::decl(&cfg),
        Level::decl(&cfg),
        UnitQuery::decl(&cfg),
        SetupInput::decl(&cfg),
        HeaderDefaults::decl(&cfg),
        CatalogueImportReport::decl(&cfg),
        crate::units::UnitChange::decl(&cfg),
        PeriodInfo::decl(&cfg),
        FieldError::decl(&cfg),
        RegisterKind::decl(&cfg),
        RecordRow::decl(&cfg),
        RecordFields::decl(&cfg),
        RecordQuery::decl(&cfg),
        RecordPage::decl(&cfg),
        HistoryEntry::decl(&cfg),
        ChangeAction::decl(&cfg),
        FieldChange::decl(&cfg),
        RegisterSchema::decl(&cfg),
        FieldInfo::decl(&cfg),
        FieldInput::decl(&cfg),
        ChoiceOption::decl(&cfg),
        ReportState::decl(&cfg),
        BundleOutcome::decl(&cfg),
        ReportView::decl(&cfg),
        ReceivedReportView::decl(&cfg),
        ReceivedFigure::decl(&cfg),
        FigureView::decl(&cfg),
        NarrativeSection::decl(&cfg),
        AppendixTable::decl(&cfg),
        RevisionInfo::decl(&cfg),
        PlanInfo::decl(&cfg),
        PlanDraft::decl(&cfg),
        PlanNode::decl(&cfg),
        NodeKind::decl(&cfg),
        IdentityFile::decl(&cfg),
        KeyRole::decl(&cfg),
        KeyView::decl(&cfg),
        ExportedBundle::decl(&cfg),
        ImportOutcome::decl(&cfg),
        ImportProgress::decl(&cfg),
        RefusalReason::decl(&cfg),
        WaitingBundle::decl(&cfg),
        ImportLogView::decl(&cfg),
        BundleCandidate::decl(&cfg),
        Completeness::decl(&cfg),
        ScoringTableInfo::decl(&cfg),
        ScoringTableView::decl(&cfg),
        CriterionView::decl(&cfg),
        Scoring::decl(&cfg),
        UnitScoreRow::decl(&cfg),
        ScoreCell::decl(&cfg),
        ScoreSource::decl(&cfg),
        TargetsView::decl(&cfg),
        UnitTargets::decl(&cfg),
        ClusterView::decl(&cfg),
        OwnScoring::decl(&cfg),
        OwnScoreCell::decl(&cfg),
        UpperResult::decl(&cfg),
        AwardForm::decl(&cfg),
        LinkedRecord::decl(&cfg),
        NomineeView::decl(&cfg),
        ProposalView::decl(&cfg),
        NomineeInput::decl(&cfg),
        ReportingStatus::decl(&cfg),
        CompletenessRow::decl(&cfg),
        Consolidation::decl(&cfg),
        Contribution::decl(&cfg),
        IndicatorTotal::decl(&cfg),
        MergedRecord::decl(&cfg),
        PeriodReporting::decl(&cfg),
        CompletenessMatrix::decl(&cfg),
        MatrixRow::decl(&cfg),
        DocumentEntry::decl(&cfg),
        TemplateInfo::decl(&cfg),
        TemplateImport::decl(&cfg),
        CellChange::decl(&cfg),
        TextEncoding::decl(&cfg),
        SheetImportOptions::decl(&cfg),
        SheetPreview::decl(&cfg),
        SheetColumn::decl(&cfg),
        SheetField::decl(&cfg),
        SheetImportOutcome::decl(&cfg),
        BackupEntry::decl(&cfg),
        RestoreOutcome::decl(&cfg),
        InstallationCopy::decl(&cfg),
    ];
    let mut out = String::from("// Generated from the Rust types by `cargo test -p thidua-api`; do not edit.\n\n");
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.trim_end().to_owned() + "\n"
}
