//! The desktop shell: a Tauri 2 window around `thidua-api`. It owns no logic: it opens the
//! installation's data directory, and each command is a one-line call into the API.

mod commands;

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

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
        let shell = Self { workspace: Mutex::new(workspace) };
        shell.daily_backup();
        shell
    }

    /// The day's backup, if it is due. A failure (a full disk) must not stop the clerk from
    /// working: it is reported on the console and tried again at the next check.
    fn daily_backup(&self) {
        if let Err(e) = self.with(|ws| ws.daily_backup()) {
            eprintln!("Sao lưu hằng ngày không thực hiện được: {e}");
        }
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

/// Files given on the command line: Windows and Linux desktops open a double-clicked
/// `.thidua` bundle as `thidua-app FILE`. The UI takes them once, on the exchange screen.
static OPENED_FILES: Mutex<Vec<String>> = Mutex::new(Vec::new());

pub(crate) fn take_opened_files() -> Vec<String> {
    std::mem::take(&mut *OPENED_FILES.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
}

/// How often the app checks whether the day's backup is due (a laptop left open overnight
/// gets the next day's backup within this).
const DAILY_BACKUP_CHECK: Duration = Duration::from_secs(30 * 60);

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
            let files: Vec<String> =
                std::env::args_os().skip(1).map(PathBuf::from).filter(|p| p.is_file()).map(|p| p.display().to_string()).collect();
            *OPENED_FILES.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = files;
            let dir = data_dir(app)?;
            app.manage(Shell::open(dir));
            let handle = app.handle().clone();
            std::thread::spawn(move || {
                loop {
                    std::thread::sleep(DAILY_BACKUP_CHECK);
                    handle.state::<Shell>().daily_backup();
                }
            });
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .expect("the Thi đua window could not start");
}
