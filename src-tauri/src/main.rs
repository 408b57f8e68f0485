// No console window behind the app on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    #[cfg(target_os = "linux")]
    lighter_webkit();
    thidua_app::run();
}

/// WebKitGTK's choices for a window of forms and tables rather than a browser, read from the
/// environment when its processes start (so here, before the window exists; the web process
/// inherits them). Measured in BENCHMARKS.md ("the window's memory"):
/// - no accelerated compositing: the page is painted into the window's own buffer instead of
///   GL layers. That saves about 100 MB of the web process's 230 MB (no layer tiles), and on a
///   laptop without a working GPU driver Mesa's software GL no longer paints every frame:
///   filtering a register drew in 8 ms instead of 50 to 100;
/// - no JavaScript JIT: the page's script is small and runs in JavaScriptCore's interpreter,
///   which saves about 15 MB of compiled code and its pools with no measurable change in the
///   window's response.
///
/// A value the user set already wins, so a machine that needs another setting can still
/// have it.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn lighter_webkit() {
    for (name, value) in [("WEBKIT_DISABLE_COMPOSITING_MODE", "1"), ("JSC_useJIT", "false")] {
        if std::env::var_os(name).is_none() {
            // SAFETY: the first thing main does, before any thread exists; nothing reads or
            // writes the environment concurrently.
            unsafe { std::env::set_var(name, value) };
        }
    }
}
