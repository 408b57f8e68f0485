//! The API of Thi đua: every operation a person can do, in one place.
//!
//! Promises: the desktop shell's commands, the `thidua` CLI and the tests call only this
//! crate; each operation opens no more than the one store of a data directory, validates its
//! input, writes in one transaction, and fails with an [`ApiError`] whose message is Vietnamese
//! and says what to do. Types that cross to the UI derive `ts_rs::TS`; `bindings` writes them.

mod awards;
mod backups;
mod consolidation;
mod copy_code;
pub mod demo;
mod error;
mod excel;
mod exchange;
mod files;
pub mod guide;
mod indicators;
mod keyring;
mod keys;
mod merges;
mod movements;
mod narrative;
mod periods;
mod plans;
mod proposal_document;
mod proposal_review;
mod proposals;
mod ranking_notice;
mod received;
mod records;
mod reports;
mod sample;
mod scoring_tables;
mod self_scoring;
mod setup;
mod sheet_import;
pub mod units;
mod verification;
mod wording;
mod workspace;
mod year_end;

pub mod bindings;

pub use awards::{AwardeeView, AwardsOverview, CommendationEntry, DecisionView, PendingAward};
pub use backups::{BackupEntry, COPY_EXTENSION, InstallationCopy, RestoreOutcome};
pub use consolidation::{
    Completeness, CompletenessMatrix, CompletenessRow, Consolidation, Contribution, IndicatorTotal, MatrixRow, MergedRecord,
    PeriodReporting, ReportingStatus,
};
pub use error::{ApiError, ErrorCode};
pub use excel::{CellChange, TemplateImport, TemplateInfo, TextEncoding};
pub use exchange::wire::{BundleCandidate, BundleInspection, ExportedBundle, ImportLogView, ImportOutcome, ImportProgress, WaitingBundle};
pub use exchange::{RefusalReason, inbox_folders};
pub use guide::{GuidePartView, GuideSectionText, GuideSectionView, ScreenHelpView};
pub use indicators::{IndicatorEdit, IndicatorInput, IndicatorSetView, IndicatorView, SourceFilter, SourceRegister};
pub use keyring::KEYRING_FOLDER;
pub use keys::{IdentityFile, KeyView, SIGNING_KEY_FILE};
pub use merges::{HistoryFigure, HistoryPeriod, MergeImport, MergedFrom, REFORM_DAY, UnitHistory};
pub use movements::MovementInput;
pub use periods::PeriodInfo;
pub use plans::{DocumentEntry, PlanInfo};
pub use proposals::{AwardForm, EXAMPLE_CATALOGUE, LinkedRecord, NomineeInput, NomineeView, ProposalView};
pub use received::{ReceivedFigure, ReceivedReportView};
pub use records::rows::{ChangeAction, FieldChange, HistoryEntry, RecordFields, RecordPage, RecordQuery, RecordRow};
pub use records::{ChoiceOption, FieldInfo, FieldInput, RegisterSchema, register_schemas};
pub use reports::{AppendixTable, FigureView, NarrativeSection, ReportView, RevisionInfo, SECTIONS};
pub use scoring_tables::{CriterionView, EXAMPLE_TABLE, ScoringTableInfo, ScoringTableView};
pub use self_scoring::{OwnScoreCell, OwnScoring, UpperResult};
pub use setup::{HeaderDefaults, SetupInput};
pub use sheet_import::{SheetColumn, SheetField, SheetImportOptions, SheetImportOutcome, SheetPreview};
pub use thidua_plan::{NodeKind, PlanDraft, PlanNode};
pub use thidua_store::{Clock, FixedClock, KeyRole};
pub use units::{CatalogueImportReport, OwnUnitInput, UnitQuery};
pub use verification::{FigureDifference, Verdict, VerificationView};
pub use workspace::{AppState, DATABASE_FILE, MovementView, StatusReport, Workspace, default_data_dir};
pub use year_end::{ClusterView, ScoreCell, ScoreSource, Scoring, TargetsView, UnitScoreRow, UnitTargets};

pub use thidua_model::{
    BundleOutcome, DocumentHeader, FieldError, FieldType, IndicatorPhrase, Installation, IsoDate, Level, Moment, RecordId, RegisterKind,
    ReportState, Unit, days_between, parse_whole,
};
