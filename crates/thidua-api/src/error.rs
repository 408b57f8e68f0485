use serde::Serialize;
use thidua_catalogue::CatalogueError;
use thidua_model::FieldError;
use thidua_store::StoreError;
use ts_rs::TS;

/// What the UI does differently depending on the failure. A code is added only when the UI
/// reacts to it; everything else is `Refused` (show the message) or `Internal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// There is no installation yet: show the first-run setup.
    NotSetUp,
    /// The database comes from a newer program: show the upgrade notice and touch nothing.
    SchemaTooNew,
    /// The input was refused; the message says why and what to do. Nothing was changed.
    Refused,
    /// Some fields of a form are wrong: `fields` says which and why, to show beside each.
    InvalidFields,
    /// Something failed that the user cannot fix by changing the input.
    Internal,
}

/// The one error that crosses to the UI and the CLI: `{ code, message }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// With `InvalidFields`: each wrong field and its message; empty otherwise.
    pub fields: Vec<FieldError>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), fields: Vec::new() }
    }

    pub fn refused(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Refused, message)
    }

    /// A form with wrong fields; the message lists them for the CLI.
    pub fn invalid_fields(fields: Vec<FieldError>) -> Self {
        let list: Vec<String> = fields.iter().map(|f| format!("{}: {}", f.field, f.message)).collect();
        Self { code: ErrorCode::InvalidFields, message: format!("Dữ liệu chưa hợp lệ. {}", list.join(" ")), fields }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        let code = match &e {
            StoreError::NotInitialised { .. } => ErrorCode::NotSetUp,
            StoreError::SchemaTooNew { .. } => ErrorCode::SchemaTooNew,
            StoreError::Sqlite(_) | StoreError::Constraint(_) => ErrorCode::Internal,
            _ => ErrorCode::Refused,
        };
        Self::new(code, e.to_string())
    }
}

impl From<CatalogueError> for ApiError {
    fn from(e: CatalogueError) -> Self {
        Self::refused(e.to_string())
    }
}

impl From<thidua_model::InvalidValue> for ApiError {
    fn from(e: thidua_model::InvalidValue) -> Self {
        Self::refused(e.0)
    }
}
