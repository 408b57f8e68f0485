//! The desktop shell: a Tauri 2 window around `thidua-api`. It owns no logic: it opens the
//! installation's data directory, and each command is a one-line call into the API.

mod commands;

use std::path::PathBuf;
use std::sync::Mutex;

use tauri::Manager;
use thidua_api::{ApiError, Workspace};

/// The open workspace, or why it could not be opened (for example a database from a newer
/// version), which every command then reports to the UI.
pub struct Shell {
    workspace: Mutex<Result<Workspace, ApiError>>,
}

impl Shell {
    /// Opens (creating on first launch) the data directory and makes sure setup has a unit
    /// catalogue to choose from.
    fn open(dir: PathBuf) -> Self {
        let workspace = Workspace::open_or_create(&dir).and_then(|mut ws| ws.ensure_catalogue().map(|()| ws));
        Self { workspace: Mutex::new(workspace) }
    }

    /// Runs `f` on the workspace, one command at a time.
    pub(crate) fn with<T>(&self, f: impl FnOnce(&mut Workspace) -> Result<T, ApiError>) -> Result<T, ApiError> {
        let mut guard = self.workspace.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match guard.as_mut() {
            Ok(ws) => f(ws),
            Err(e) => Err(e.clone()),
        }
    }
}

/// Opens a PDF in the system's viewer (to read and print it); when there is none, the clerk
/// is told where the file is.
pub(crate) fn open_in_viewer(path: PathBuf) -> Result<String, ApiError> {
    let shown = path.display().to_string();
    open::that_detached(&path).map_err(|e| {
        ApiError::refused(format!("Đã ghi bản in vào {shown} nhưng không mở được trình xem PDF ({e}): hãy mở tệp đó để xem và in."))
    })?;
    Ok(shown)
}

/// Where the data lives: `THIDUA_DATA_DIR` when set (tests, portable use), else the
/// platform's app-data folder from Tauri's path API (the same one the CLI uses by default).
fn data_dir(app: &tauri::App) -> tauri::Result<PathBuf> {
    match std::env::var_os("THIDUA_DATA_DIR") {
        Some(dir) if !dir.is_empty() => Ok(PathBuf::from(dir)),
        _ => app.path().app_data_dir(),
    }
}

pub fn run() {
    tauri::Builder::default()
        // Native open/save dialogs, for backups and unit lists; no other file access.
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let dir = data_dir(app)?;
            app.manage(Shell::open(dir));
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .expect("the Thi đua window could not start");
}
