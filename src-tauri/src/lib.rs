//! The desktop shell: a Tauri 2 window around `thidua-api`. It owns no logic: it opens the
//! installation's data directory, and each command is a one-line call into the API.

mod commands;

use std::path::PathBuf;
use std::sync::mpsc::{Sender, channel};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use tauri::{Emitter, Manager};
use thidua_api::{ApiError, Workspace};

/// A piece of work for the workspace's thread.
type Job = Box<dyn FnOnce(&mut Result<Workspace, ApiError>) + Send>;

/// The open workspace, or why it could not be opened (for example a database from a newer
/// version), which every command then reports to the UI.
///
/// The workspace lives on a thread of its own and commands reach it through a queue, in the
/// order the window sent them. Off the window's thread, a long import or PDF leaves the window
/// free to repaint and take clicks; in one queue, a save the clerk made before clicking "send"
/// is always done before the send (with commands on a thread pool, the second could overtake
/// the first).
pub struct Shell {
    jobs: Sender<Job>,
}

impl Shell {
    /// Starts the workspace's thread, which opens (creating on first launch) the data
    /// directory, makes sure setup has a unit catalogue to choose from, takes the day's backup
    /// if it is due, and then runs the commands as they come.
    fn open(dir: PathBuf) -> Self {
        let (jobs, queue) = channel::<Job>();
        std::thread::Builder::new()
            .name("workspace".into())
            .spawn(move || {
                let mut workspace = Workspace::open_or_create(&dir).and_then(|mut ws| ws.ensure_catalogue().map(|()| ws));
                daily_backup(&mut workspace);
                for job in queue {
                    job(&mut workspace);
                }
            })
            .expect("the workspace thread could not start");
        Self { jobs }
    }

    /// Queues `job`; it runs after every command sent before it.
    pub(crate) fn submit(&self, job: impl FnOnce(&mut Result<Workspace, ApiError>) + Send + 'static) {
        // The thread ends only with the app, so a failed send means it panicked: the window
        // can do nothing without it, and the clerk is told by the command that never answers.
        if self.jobs.send(Box::new(job)).is_err() {
            eprintln!("Luồng dữ liệu đã dừng: hãy đóng và mở lại chương trình.");
        }
    }
}

/// The day's backup, if it is due. A failure (a full disk) must not stop the clerk from
/// working: it is reported on the console and tried again at the next check.
fn daily_backup(workspace: &mut Result<Workspace, ApiError>) {
    if let Ok(ws) = workspace
        && let Err(e) = ws.daily_backup()
    {
        eprintln!("Sao lưu hằng ngày không thực hiện được: {e}");
    }
}

/// The running app, for the progress events long commands send to the window.
static APP: OnceLock<tauri::AppHandle> = OnceLock::new();

/// Tells the window how long work is going (`event` names it, for example "import-progress").
/// Without a window (the unit tests), there is no one to tell.
pub(crate) fn progress<T: serde::Serialize + Clone>(event: &str, payload: T) {
    if let Some(app) = APP.get() {
        let _ = app.emit(event, payload);
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

/// Opens the user guide installed with the program in the system's PDF viewer, and tells the
/// clerk the page where section `number` begins (a viewer cannot be told which page to show).
pub(crate) fn open_guide(number: Option<&str>) -> Result<String, ApiError> {
    let guide = thidua_api::guide::guide_to_open(&thidua_api::guide::program_dir()?, number)?;
    open::that_detached(&guide.path).map_err(|e| {
        ApiError::refused(format!("Không mở được trình xem PDF ({e}): hãy mở tệp {} để đọc hướng dẫn.", guide.path.display()))
    })?;
    Ok(guide.message)
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
            let _ = APP.set(app.handle().clone());
            let handle = app.handle().clone();
            std::thread::spawn(move || {
                loop {
                    std::thread::sleep(DAILY_BACKUP_CHECK);
                    handle.state::<Shell>().submit(daily_backup);
                }
            });
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .expect("the Thi đua window could not start");
}
