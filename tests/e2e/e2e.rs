//! The real app window, driven as a clerk would drive it, through `tauri-driver` and
//! WebKitWebDriver. Needs a display (run under `xvfb-run -a`), the built `thidua-app` binary
//! (`cargo build -p thidua-app`) and `tauri-driver` on the PATH; `.ci/run` provides all three.
//!
//! Each scenario starts its own app on a fresh data directory (tauri-driver passes its
//! environment, with `THIDUA_DATA_DIR`, to the app) and checks the SQLite file afterwards.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::elements::Element;

#[path = "../../crates/thidua-api/tests/edit_pdf/mod.rs"]
mod edit_pdf;
use fantoccini::{Client, ClientBuilder, Locator};

/// A running tauri-driver with one app session.
struct Driver {
    child: Child,
    client: Client,
}

fn app_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("THIDUA_APP_BINARY") {
        return PathBuf::from(p);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let exe = if cfg!(windows) { "thidua-app.exe" } else { "thidua-app" };
    target.join("debug").join(exe).canonicalize().expect("build the app first: cargo build -p thidua-app")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Driver {
    async fn start(data_dir: &Path) -> Self {
        Self::start_with(data_dir, &[]).await
    }

    /// As [`Driver::start`], and when the app was asked to start: tauri-driver is already
    /// listening then, so what follows is the app's own start (and the WebDriver session).
    async fn start_timed(data_dir: &Path) -> (Self, std::time::Instant) {
        let (port, child) = Self::spawn_driver(data_dir, &[]);
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let started = std::time::Instant::now();
        (Self::connect(port, child, &[]).await, started)
    }

    fn spawn_driver(data_dir: &Path, env: &[(&str, &Path)]) -> (u16, Child) {
        let (port, native) = (free_port(), free_port());
        let child = Command::new("tauri-driver")
            .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .env("THIDUA_DATA_DIR", data_dir)
            .envs(env.iter().map(|(k, v)| (*k, *v)))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tauri-driver on the PATH: cargo install tauri-driver --version '^2' --locked");
        (port, child)
    }

    /// As [`Driver::start`], with more environment for the app (its Downloads folder, say).
    async fn start_with(data_dir: &Path, env: &[(&str, &Path)]) -> Self {
        let (port, child) = Self::spawn_driver(data_dir, env);
        Self::connect(port, child, &[]).await
    }

    /// As [`Driver::start`], with the app given `args` (a file the clerk double-clicked).
    async fn start_with_args(data_dir: &Path, args: &[&Path]) -> Self {
        let (port, child) = Self::spawn_driver(data_dir, &[]);
        Self::connect(port, child, args).await
    }

    async fn connect(port: u16, child: Child, args: &[&Path]) -> Self {
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "wry".into());
        let args: Vec<String> = args.iter().map(|a| a.display().to_string()).collect();
        caps.insert("tauri:options".into(), serde_json::json!({ "application": app_binary(), "args": args }));
        let url = format!("http://127.0.0.1:{port}");
        let mut last_err = None;
        for _ in 0..100 {
            match ClientBuilder::native().capabilities(caps.clone()).connect(&url).await {
                Ok(client) => return Self { child, client },
                Err(e) => last_err = Some(e),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no WebDriver session: {last_err:?}");
    }

    async fn find(&self, test_id: &str) -> Element {
        match self.client.wait().at_most(Duration::from_secs(15)).for_element(Locator::Css(&format!("[data-testid='{test_id}']"))).await {
            Ok(e) => e,
            Err(e) => {
                // A picture of the window says more than the timeout.
                self.screenshot(&format!("missing-{test_id}")).await;
                panic!("[data-testid='{test_id}'] did not appear: {e}")
            }
        }
    }

    /// Clicks an element by its own click(): a layout shifting under the pointer (a list
    /// re-rendering, a banner going) cannot send it elsewhere.
    async fn tap(&self, test_id: &str) {
        let element = self.find(test_id).await;
        self.client
            .execute("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", vec![serde_json::to_value(&element).unwrap()])
            .await
            .unwrap();
    }

    async fn css(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
    }

    /// Waits until an element's text is `expected` (lists refresh after a save).
    async fn wait_text(&self, test_id: &str, expected: &str) {
        let mut last = String::new();
        for _ in 0..100 {
            last = self.find(test_id).await.text().await.unwrap_or_default();
            if last == expected {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("[data-testid='{test_id}'] says {last:?}, expected {expected:?}");
    }

    /// Waits until an element's text contains `fragment`, and returns the text.
    async fn wait_contains(&self, test_id: &str, fragment: &str) -> String {
        let mut last = String::new();
        for _ in 0..100 {
            last = self.find(test_id).await.text().await.unwrap_or_default();
            if last.contains(fragment) {
                return last;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("[data-testid='{test_id}'] never contained {fragment:?}; it says {last:?}");
    }

    /// Waits until a form control's value contains `fragment`, and returns the value.
    async fn wait_value(&self, test_id: &str, fragment: &str) -> String {
        let mut last = String::new();
        for _ in 0..100 {
            last = self.find(test_id).await.prop("value").await.ok().flatten().unwrap_or_default();
            if last.contains(fragment) {
                return last;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("[data-testid='{test_id}'] value never contained {fragment:?}; it is {last:?}");
    }

    /// Answers the next native open or save dialogs with `path`, as the clerk would by choosing
    /// the file (WebDriver cannot reach a GTK file chooser; see ui/src/files.ts).
    async fn answer_dialogs_with(&self, path: &Path) {
        let script = "window.__thiduaDialogAnswer = arguments[0];";
        self.client.execute(script, vec![serde_json::json!(path.to_string_lossy())]).await.unwrap();
    }

    /// Presses `key` where the keyboard focus is, as the clerk would.
    async fn press(&self, key: fantoccini::key::Key) {
        self.client.active_element().await.unwrap().send_keys(&char::from(key).to_string()).await.unwrap();
    }

    /// The `data-testid` of the element that has the keyboard focus ("" if it has none).
    async fn focused(&self) -> String {
        let script = "return document.activeElement ? (document.activeElement.getAttribute('data-testid') || '') : '';";
        self.client.execute(script, vec![]).await.unwrap().as_str().unwrap_or_default().to_owned()
    }

    /// Presses Tab until the element `test_id` has the focus (at most 60 times).
    async fn tab_to(&self, test_id: &str) {
        for _ in 0..60 {
            if self.focused().await == test_id {
                return;
            }
            self.press(fantoccini::key::Key::Tab).await;
        }
        self.screenshot(&format!("tab-never-reached-{test_id}")).await;
        panic!("Tab never reached [data-testid='{test_id}']");
    }

    /// Chooses `value` in the select `test_id`, as a click on the option would.
    /// Waits for the option first: a select filled from a command gets its options a moment
    /// after it appears.
    async fn choose(&self, test_id: &str, value: &str) {
        let select = self.find(test_id).await;
        let option = Locator::Css(&format!("[data-testid='{test_id}'] option[value='{value}']"));
        if let Err(e) = self.client.wait().at_most(Duration::from_secs(15)).for_element(option).await {
            self.screenshot(&format!("missing-option-{test_id}")).await;
            panic!("{test_id}: no option {value}: {e}");
        }
        select.select_by_value(value).await.unwrap_or_else(|e| panic!("{test_id}: no option {value}: {e}"));
    }

    async fn screenshot(&self, name: &str) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        // WebKitGTK takes the picture after the next frame it paints, and without accelerated
        // compositing (the app turns it off, src-tauri/src/main.rs) a page with nothing
        // changing paints no frame: the request would wait for ever. So a transparent pixel
        // changes colour for a second, invisibly, until the picture is taken.
        self.client
            .execute(
                "const dot = document.createElement('div'); \
                 dot.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none'; \
                 document.body.appendChild(dot); let n = 0; \
                 const tick = () => { dot.style.backgroundColor = n % 2 ? 'rgba(0,0,0,0)' : 'rgba(255,255,255,0)'; \
                 if (++n < 60) requestAnimationFrame(tick); else dot.remove(); }; tick();",
                vec![],
            )
            .await
            .unwrap();
        let png = self.client.screenshot().await.unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    /// Ends the session; dropping `self` then stops tauri-driver.
    async fn stop(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Driver {
    /// Stops tauri-driver with SIGTERM, also when a test panics: SIGKILL would leave
    /// WebKitWebDriver running with the test's output pipe open.
    fn drop(&mut self) {
        let _ = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn first_run_setup_completes_and_the_unit_is_in_the_sqlite_file() {
    let data = tempfile::tempdir().unwrap();
    let d = Driver::start(data.path()).await;

    d.find("setup-own").await.click().await.unwrap();
    let search = d.find("unit-picker-search").await;
    search.send_keys("hac thanh").await.unwrap();
    d.css("[data-testid='unit-option'][data-code='14797']").await.click().await.unwrap();
    let chosen = d.find("chosen-unit").await.text().await.unwrap();
    assert!(chosen.contains("Phường Hạc Thành (14797)"), "{chosen}");
    d.wait_text("parent-name", "Thanh Hóa").await;
    assert_eq!(d.wait_value("field-place", "Hạc Thành").await, "Hạc Thành");

    // Submitting without a signer is refused next to the field, and nothing is saved.
    d.find("setup-submit").await.click().await.unwrap();
    let error = d.css("label.field span.field-error").await.text().await.unwrap();
    assert!(error.contains("họ tên người ký"), "{error}");
    d.screenshot("setup-refused-without-signer").await;

    d.find("field-signerName").await.send_keys("Lê Thị Hồng Nhung").await.unwrap();
    d.find("field-clerkName").await.send_keys("Nguyễn Văn An").await.unwrap();
    d.find("setup-submit").await.click().await.unwrap();

    let home = d.find("home-unit").await.text().await.unwrap();
    assert_eq!(home, "Phường Hạc Thành");
    assert!(d.find("home-parent").await.text().await.unwrap().starts_with("Tỉnh Thanh Hóa"));
    d.screenshot("home-after-setup").await;
    d.stop().await;

    // The choice is in the SQLite file, where the CLI and the next launch find it.
    let ws = thidua_api::Workspace::open(data.path()).unwrap();
    let installation = ws.installation().unwrap();
    assert_eq!(installation.unit.code, "14797");
    assert_eq!(installation.header.signer_name, "Lê Thị Hồng Nhung");
    assert_eq!(installation.clerk_name, "Nguyễn Văn An");
}

/// The names the guide's section `id` gives the window's buttons, fields and headings («…»).
fn guide_names(id: &str) -> Vec<&'static str> {
    let section = thidua_guide::SECTIONS.iter().find(|s| s.id == id).unwrap_or_else(|| panic!("no section {id}"));
    let texts = section.parts.iter().flat_map(|part| match part {
        thidua_guide::Part::Steps(steps) => steps.to_vec(),
        thidua_guide::Part::Text(t) | thidua_guide::Part::Heading(t) | thidua_guide::Part::Note(t) => vec![*t],
        thidua_guide::Part::Screen(..) => vec![],
    });
    texts.flat_map(|t| t.split('«').skip(1).filter_map(|s| s.split_once('»').map(|(q, _)| q))).collect()
}

/// An XPath string literal (the names hold no double quote).
fn xpath_text(text: &str) -> String {
    assert!(!text.contains('"'));
    format!("\"{text}\"")
}

impl Driver {
    /// What the guide's section `id` tells the clerk to press, found by that name alone: the
    /// button whose text (or bold title, on the welcome screen's choices) is the name, or in
    /// the sidebar begins with it.
    async fn press_named(&self, id: &str, name: &str) {
        assert!(guide_names(id).contains(&name), "the guide's section {id} does not name «{name}»");
        let lit = xpath_text(name);
        let xpath = format!(
            "//button[normalize-space(.)={lit} or normalize-space(strong)={lit}] | //nav//button[starts-with(normalize-space(.), {lit})]"
        );
        self.xpath(&xpath, &format!("button «{name}»")).await.click().await.unwrap();
    }

    /// The input under the label the guide's section `id` names.
    async fn field_named(&self, id: &str, name: &str) -> Element {
        assert!(guide_names(id).contains(&name), "the guide's section {id} does not name «{name}»");
        let xpath = format!("//label[.//*[normalize-space(.)={}]]//input", xpath_text(name));
        self.xpath(&xpath, &format!("field «{name}»")).await
    }

    /// A heading the guide's section `id` names is on the screen.
    async fn heading_named(&self, id: &str, name: &str) {
        assert!(guide_names(id).contains(&name), "the guide's section {id} does not name «{name}»");
        let xpath = format!("//*[self::h1 or self::h2 or self::h3][normalize-space(.)={}]", xpath_text(name));
        self.xpath(&xpath, &format!("heading «{name}»")).await;
    }

    /// The first element `xpath` finds, waiting for it; `what` names it if it never comes.
    async fn xpath(&self, xpath: &str, what: &str) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::XPath(xpath))
            .await
            .unwrap_or_else(|e| panic!("no {what} in the window ({e})"))
    }
}

async fn wait_for_file(path: &Path) {
    for _ in 0..150 {
        if path.exists() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{} was not written", path.display());
}

/// A newcomer with only the user guide, from a fresh installation to a report the province
/// accepts: every button pressed is found by the name the guide's steps give it (sections 1
/// and 6), so a guide that no longer matches the window fails here.
#[tokio::test(flavor = "multi_thread")]
async fn a_newcomer_follows_the_guide_from_setup_to_a_sent_report() {
    let tmp = tempfile::tempdir().unwrap();
    // The province, set up as the demo does (one ward of its own), with its identity file.
    let demo = tmp.path().join("demo");
    thidua_api::demo::run_demo(&demo, 1, "2022-H1").unwrap();
    let city = demo.join("city");
    assert!(!demo.join("wards/14797").exists(), "the newcomer's ward is new to the province");
    let province_identity = tmp.path().join("dinh-danh-tinh.json");
    let province_fingerprint = thidua_api::Workspace::open(&city).unwrap().export_identity(&province_identity).unwrap().fingerprint;

    let data = tmp.path().join("phuong");
    let d = Driver::start(&data).await;
    // 1. Cài đặt lần đầu.
    d.press_named("bat-dau", "Cài đặt đơn vị của tôi").await;
    d.find("unit-picker-search").await.send_keys("hac thanh").await.unwrap();
    d.css("[data-testid='unit-option'][data-code='14797']").await.click().await.unwrap();
    d.wait_text("parent-name", "Thanh Hóa").await;
    d.find("field-signerName").await.send_keys("Lê Thị Hồng Nhung").await.unwrap();
    d.find("field-clerkName").await.send_keys("Nguyễn Văn An").await.unwrap();
    d.press_named("bat-dau", "Hoàn tất cài đặt").await;
    assert_eq!(d.find("home-unit").await.text().await.unwrap(), "Phường Hạc Thành");

    // 6. Gửi báo cáo lên cấp trên: first the enrolment both ways, by file and by phone.
    d.press_named("gui-bao-cao", "Trao đổi dữ liệu").await;
    d.heading_named("gui-bao-cao", "Khóa và ghi danh").await;
    let ward_identity = tmp.path().join("dinh-danh-phuong.json");
    d.answer_dialogs_with(&ward_identity).await;
    d.press_named("gui-bao-cao", "Xuất tệp định danh…").await;
    wait_for_file(&ward_identity).await;
    d.answer_dialogs_with(&province_identity).await;
    d.press_named("gui-bao-cao", "Chọn tệp định danh…").await;
    d.field_named("gui-bao-cao", "Mã xác nhận đơn vị đọc qua điện thoại").await.send_keys(&province_fingerprint).await.unwrap();
    d.press_named("gui-bao-cao", "Ghi danh").await;
    let enrolled = d.wait_contains("exchange-notice", "Đã ghi danh").await;
    assert!(enrolled.contains("Thanh Hóa"), "{enrolled}");
    // The province enrols the ward with the code its clerk read out on the phone.
    let ward_fingerprint = thidua_api::Workspace::open(&data).unwrap().identity().unwrap().fingerprint;
    let mut province = thidua_api::Workspace::open(&city).unwrap();
    province.enroll(&ward_identity, &ward_fingerprint).unwrap();

    // 4. The report: every hand-kept figure still «(chưa nhập)» gets its number, as the guide
    // says, or the report cannot be sent.
    d.press_named("bao-cao", "Báo cáo").await;
    d.heading_named("bao-cao", "Số liệu chỉ tiêu").await;
    let period = d.find("report-period").await.prop("value").await.unwrap().unwrap();
    assert!(guide_names("bao-cao").contains(&"(chưa nhập)"));
    let row = "//tr[.//strong[normalize-space(.)='(chưa nhập)']]";
    let mut entered = 0;
    while let Ok(empty) = d.client.find(Locator::XPath(row)).await {
        assert!(guide_names("bao-cao").contains(&"Sửa") && guide_names("bao-cao").contains(&"Lưu"));
        empty.find(Locator::XPath(".//button[normalize-space(.)='Sửa']")).await.unwrap().click().await.unwrap();
        empty.find(Locator::Css("input")).await.unwrap().send_keys("0").await.unwrap();
        empty.find(Locator::XPath(".//button[normalize-space(.)='Lưu']")).await.unwrap().click().await.unwrap();
        entered += 1;
        assert!(entered < 40, "a hand-kept figure does not keep its number");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    assert!(entered > 0, "a new ward has hand-kept figures to enter");

    // 6. Then the report of the period, sent up as a bundle.
    d.press_named("gui-bao-cao", "Trao đổi dữ liệu").await;
    d.heading_named("gui-bao-cao", "Gửi báo cáo lên cấp trên").await;
    d.choose("export-period", &period).await;
    let bundle = tmp.path().join("USB").join("bao-cao.thidua");
    std::fs::create_dir(bundle.parent().unwrap()).unwrap();
    d.answer_dialogs_with(&bundle).await;
    d.press_named("gui-bao-cao", "Xuất gói báo cáo…").await;
    d.wait_contains("exchange-notice", "Đã ghi gói").await;
    wait_for_file(&bundle).await;
    d.press_named("bao-cao", "Báo cáo").await;
    assert!(guide_names("gui-bao-cao").contains(&"Đã gửi"));
    d.wait_text("report-state", "Đã gửi").await;
    d.stop().await;

    // The province opens the period if it has not, and takes the report in.
    if !province.periods().unwrap().iter().any(|p| p.code == period) {
        province.open_period(&period, None).unwrap();
    }
    let outcomes = province.import_bundles(&[bundle.as_path()], false).unwrap();
    assert!(outcomes[0].is_ok(), "{}", outcomes[0].message);
    let completeness = province.completeness(&period).unwrap();
    let ward = completeness.units.iter().find(|u| u.unit_code == "14797").expect("the ward is among the province's units");
    assert_ne!(ward.state, thidua_api::ReportingStatus::Missing, "{period}: the province has the ward's report");
}

/// A residential-area committee's own laptop: setup defines the committee below its ward (not
/// in the statistics list) and proposes its own header.
#[tokio::test(flavor = "multi_thread")]
async fn a_residential_area_committee_sets_up_its_own_installation() {
    let data = tempfile::tempdir().unwrap();
    let d = Driver::start(data.path()).await;
    d.find("setup-own").await.click().await.unwrap();
    d.choose("level", "khu_dan_cu").await;
    d.find("own-name").await.send_keys("Khu dân cư Đông Sơn 1").await.unwrap();
    d.find("own-code").await.send_keys("KDC-01").await.unwrap();
    d.find("own-define").await.click().await.unwrap();
    d.wait_contains("own-unit-error", "mã đơn vị cấp trên").await;
    d.find("own-parent").await.send_keys("14797").await.unwrap();
    d.find("own-define").await.click().await.unwrap();
    d.wait_contains("chosen-unit", "Khu dân cư Đông Sơn 1 (KDC-01)").await;
    d.wait_text("parent-name", "Phường Hạc Thành").await;
    assert_eq!(d.wait_value("field-issuingBody", "BAN CÔNG TÁC").await, "BAN CÔNG TÁC MẶT TRẬN KHU DÂN CƯ ĐÔNG SƠN 1");
    d.find("field-signerName").await.send_keys("Trần Văn Tư").await.unwrap();
    d.find("field-clerkName").await.send_keys("Lê Thị Hoa").await.unwrap();
    d.screenshot("setup-residential-committee").await;
    d.find("setup-submit").await.click().await.unwrap();
    d.wait_text("home-unit", "Khu dân cư Đông Sơn 1").await;
    d.stop().await;
    let installation = thidua_api::Workspace::open(data.path()).unwrap().installation().unwrap();
    assert_eq!((installation.unit.level.as_str(), installation.parent.map(|p| p.code)), ("khu_dan_cu", Some("14797".to_owned())));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_newcomer_can_open_the_sample_installation() {
    let data = tempfile::tempdir().unwrap();
    let d = Driver::start(data.path()).await;
    d.find("use-sample").await.click().await.unwrap();
    assert_eq!(d.find("home-unit").await.text().await.unwrap(), "Phường Hạc Thành");

    // The sample opens with a guided path: one step per area in the sidebar's order, each
    // showing its area and saying what it is for, until Xong.
    let areas = ["Trang chủ", "Kế hoạch", "Sổ theo dõi", "Báo cáo", "Trao đổi dữ liệu", "Thi đua – Khen thưởng", "Cài đặt"];
    for (i, name) in areas.iter().enumerate() {
        d.wait_contains("tour-area", name).await;
        wait_active_area(&d, name).await;
        assert!(d.find("tour-purpose").await.text().await.unwrap().len() > 20, "step {} says nothing", i + 1);
        if i == 2 {
            d.screenshot("tour-registers").await;
        }
        d.find("tour-next").await.click().await.unwrap();
    }
    wait_gone(&d, "tour").await;
    d.wait_contains("register-counts", "Sáng kiến, ý tưởng mới3").await;
    d.find("nav-settings").await.click().await.unwrap();
    d.wait_contains("data-status", "Tốt").await;
    d.screenshot("sample-settings").await;

    // A ward has no Tổng hợp until it defines a unit below it (a residential-area committee):
    // then the area lists it, waiting for its report.
    assert!(!shown(&d, "nav-consolidation").await);
    d.find("own-unit-code").await.send_keys("KDC 01").await.unwrap();
    d.find("own-unit-name").await.send_keys("Khu dân cư Đông Sơn 1").await.unwrap();
    d.find("own-unit-add").await.click().await.unwrap();
    d.wait_contains("own-units-error", "không dùng được").await;
    let code = d.find("own-unit-code").await;
    code.send_keys(&fantoccini::key::Key::Backspace.to_string().repeat(3)).await.unwrap();
    code.send_keys("-01").await.unwrap();
    d.find("own-unit-add").await.click().await.unwrap();
    d.wait_contains("own-units-table", "Khu dân cư Đông Sơn 1").await;
    d.find("nav-consolidation").await.click().await.unwrap();
    d.wait_contains("completeness-table", "Khu dân cư Đông Sơn 1").await;
    d.screenshot("ward-own-unit-completeness").await;
    d.stop().await;
    let ws = thidua_api::Workspace::open(data.path()).unwrap();
    assert!(ws.app_state().unwrap().is_sample && ws.app_state().unwrap().has_units_below);
    assert!(!ws.app_state().unwrap().tour_pending, "the finished tour would be shown again");
}

/// A sample ward, made through the API before the window opens.
fn sample_ward() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    let mut ws = thidua_api::Workspace::open_or_create(data.path()).unwrap();
    ws.install_sample().unwrap();
    // The guided path belongs to the newcomer's scenario; the others start where it ends.
    ws.finish_tour().unwrap();
    data
}

#[tokio::test(flavor = "multi_thread")]
async fn a_clerk_records_an_initiative_fixes_a_wrong_date_and_sees_the_history() {
    let data = sample_ward();
    let d = Driver::start(data.path()).await;
    d.find("nav-registers").await.click().await.unwrap();
    d.find("register-initiative").await.click().await.unwrap();
    d.wait_text("record-total", "3 bản ghi").await;

    d.find("record-add").await.click().await.unwrap();
    d.find("record-field-title").await.send_keys("Sổ tay điện tử cho hội viên").await.unwrap();
    d.find("record-field-authors").await.send_keys("Chi hội Phụ nữ khu phố 5").await.unwrap();
    d.find("record-field-registered_on").await.send_keys("31/02/2026").await.unwrap();
    d.find("record-field-status").await.send_keys("Đăng ký").await.unwrap();
    d.find("record-field-estimated_benefit").await.send_keys("12.500.000").await.unwrap();
    d.find("record-save").await.click().await.unwrap();
    let err = d.find("record-error-registered_on").await.text().await.unwrap();
    assert!(err.contains("31/02/2026") && err.contains("không hợp lệ"), "{err}");
    d.screenshot("register-refused-date").await;

    let date = d.find("record-field-registered_on").await;
    date.clear().await.unwrap();
    date.send_keys("28/02/2026").await.unwrap();
    d.find("record-save").await.click().await.unwrap();
    d.find("record-saved").await;
    d.wait_text("record-total", "4 bản ghi").await;

    // Edit the status with a reason; the history shows the change.
    d.find("record-field-status").await.send_keys("Được công nhận").await.unwrap();
    d.find("record-reason").await.send_keys("Hội đồng phường công nhận").await.unwrap();
    d.find("record-save").await.click().await.unwrap();
    let history = d.wait_contains("record-history", "Tình trạng: Đăng ký → Được công nhận").await;
    assert!(history.contains("Hội đồng phường công nhận"), "{history}");

    // Search folds diacritics.
    d.find("record-search").await.send_keys("so tay dien tu").await.unwrap();
    d.wait_text("record-total", "1 bản ghi").await;
    d.screenshot("register-history").await;

    // Deleted with a reason: gone from the list, kept in the history.
    d.find("record-delete").await.click().await.unwrap();
    d.find("confirm-delete-reason").await.send_keys("Nhập trùng").await.unwrap();
    d.find("confirm-delete-yes").await.click().await.unwrap();
    d.wait_text("record-total", "0 bản ghi").await;
    d.stop().await;

    let ws = thidua_api::Workspace::open(data.path()).unwrap();
    assert_eq!(ws.status().unwrap().counts["initiatives"], 3, "the tombstone is not counted");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_clerk_checks_the_figures_overrides_one_with_a_reason_and_sends_the_report() {
    let data = sample_ward();
    let d = Driver::start(data.path()).await;
    d.find("nav-reports").await.click().await.unwrap();
    d.wait_text("figure-value-1.1", "12").await;
    d.wait_text("figure-value-3.5", "38.750.000").await;

    // The records behind a figure.
    d.find("figure-sources-3.2").await.click().await.unwrap();
    let sources = d.find("figure-sources").await.text().await.unwrap();
    assert!(
        sources.contains("Số hóa sổ theo dõi hộ gia đình bằng mã QR") && sources.contains("Mô hình thu gom rác thải nhựa đổi quà"),
        "{sources}"
    );

    // An override without a reason is refused; with one it shows as an override.
    d.find("figure-edit-1.2").await.click().await.unwrap();
    let input = d.find("figure-input-1.2").await;
    input.clear().await.unwrap();
    input.send_keys("1.300").await.unwrap();
    d.find("figure-save-1.2").await.click().await.unwrap();
    let err = d.find("report-error").await.text().await.unwrap();
    assert!(err.contains("phải nêu lý do"), "{err}");
    d.find("figure-edit-1.2").await.click().await.unwrap();
    let input = d.find("figure-input-1.2").await;
    input.clear().await.unwrap();
    input.send_keys("1.300").await.unwrap();
    d.find("figure-reason-1.2").await.send_keys("Cộng buổi chưa ghi sổ").await.unwrap();
    d.find("figure-save-1.2").await.click().await.unwrap();
    d.wait_text("figure-value-1.2", "1.300").await;
    let row = d.find("figure-1.2").await.text().await.unwrap();
    assert!(row.contains("Tính được 1.250; ghi khác vì: Cộng buổi chưa ghi sổ"), "{row}");

    // The hand-kept indicator, then the narrative, then send.
    d.find("figure-edit-3.7").await.click().await.unwrap();
    d.find("figure-input-3.7").await.send_keys("14").await.unwrap();
    d.find("figure-save-3.7").await.click().await.unwrap();
    d.wait_text("figure-value-3.7", "14").await;
    let ii_1 = d.wait_value("section-text-ii_1", "1.300 lượt người").await;
    assert!(ii_1.contains("đã tổ chức 12 buổi tuyên truyền"), "{ii_1}");
    d.screenshot("report-draft").await;

    // A figure that breaks a data check is shown beside it, and the report waits until it agrees.
    d.find("figure-edit-3.2").await.click().await.unwrap();
    let input = d.find("figure-input-3.2").await;
    input.clear().await.unwrap();
    input.send_keys("99").await.unwrap();
    d.find("figure-reason-3.2").await.send_keys("Theo danh sách của Hội đồng").await.unwrap();
    d.find("figure-save-3.2").await.click().await.unwrap();
    d.wait_contains("figure-checks-3.2", "Không khớp quy tắc 3.2 ≤ 3.1: 3.2 (99) lớn hơn 3.1").await;
    d.screenshot("report-figure-check").await;
    d.find("report-send").await.click().await.unwrap();
    d.find("confirm-send-yes").await.click().await.unwrap();
    d.wait_contains("report-error", "Không khớp quy tắc 3.2 ≤ 3.1").await;
    d.wait_text("report-state", "Bản nháp").await;
    // Emptied key by key (a WebDriver clear does not reach React's state): back to the computed value.
    d.find("figure-edit-3.2").await.click().await.unwrap();
    let input = d.find("figure-input-3.2").await;
    let backspace = fantoccini::key::Key::Backspace.to_string();
    input.send_keys(&backspace.repeat(4)).await.unwrap();
    d.find("figure-save-3.2").await.click().await.unwrap();
    for _ in 0..50 {
        if !shown(&d, "figure-checks-3.2").await {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(!shown(&d, "figure-checks-3.2").await, "the figure agrees again");

    d.find("report-send").await.click().await.unwrap();
    d.find("confirm-send-yes").await.click().await.unwrap();
    d.wait_text("report-state", "Đã gửi").await;
    // The home screen shows the period as sent, no longer as overdue.
    let period = thidua_api::Workspace::open(data.path()).unwrap().periods().unwrap()[0].code.clone();
    d.find("nav-home").await.click().await.unwrap();
    d.wait_text(&format!("period-status-{period}"), "Đã gửi").await;
    d.find("nav-reports").await.click().await.unwrap();
    d.wait_text("report-state", "Đã gửi").await;
    d.find("report-revise").await.click().await.unwrap();
    d.wait_text("report-state", "Bản nháp").await;
    d.stop().await;

    let ws = thidua_api::Workspace::open(data.path()).unwrap();
    let period = ws.periods().unwrap()[0].code.clone();
    let view = ws.report(&period).unwrap();
    assert_eq!(view.revisions.len(), 2);
    assert_eq!(view.figures.iter().find(|f| f.code == "1.2").unwrap().value, Some(1300));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_initiative_and_an_activity_recorded_show_in_the_report_figures_and_sentence() {
    let data = sample_ward();
    let year = thidua_api::Workspace::open(data.path()).unwrap().periods().unwrap()[0].code[..4].to_owned();
    let d = Driver::start(data.path()).await;
    d.find("nav-reports").await.click().await.unwrap();
    d.wait_text("figure-value-1.1", "12").await;
    d.wait_text("figure-value-3.1", "3").await;

    d.find("nav-registers").await.click().await.unwrap();
    d.find("register-activity").await.click().await.unwrap();
    d.find("record-add").await.click().await.unwrap();
    d.find("record-field-kind").await.send_keys("Tuyên truyền").await.unwrap();
    d.find("record-field-held_on").await.send_keys(&format!("20/04/{year}")).await.unwrap();
    d.find("record-field-title").await.send_keys("Tuyên truyền tại chợ Hạc Thành").await.unwrap();
    d.find("record-field-sessions").await.send_keys("2").await.unwrap();
    d.find("record-field-participants").await.send_keys("150").await.unwrap();
    d.find("record-save").await.click().await.unwrap();
    d.find("record-saved").await;

    d.find("register-initiative").await.click().await.unwrap();
    d.find("record-add").await.click().await.unwrap();
    d.find("record-field-title").await.send_keys("Đèn năng lượng mặt trời cho ngõ xóm").await.unwrap();
    d.find("record-field-authors").await.send_keys("Hội Cựu chiến binh").await.unwrap();
    d.find("record-field-registered_on").await.send_keys(&format!("05/05/{year}")).await.unwrap();
    d.find("record-field-status").await.send_keys("Đăng ký").await.unwrap();
    // The clerk holds it up as typical: the report names it first.
    d.find("record-field-typical").await.send_keys("Có").await.unwrap();
    d.find("record-save").await.click().await.unwrap();
    d.find("record-saved").await;

    d.find("nav-reports").await.click().await.unwrap();
    d.wait_text("figure-value-1.1", "14").await;
    d.wait_text("figure-value-1.2", "1.400").await;
    d.wait_text("figure-value-3.1", "4").await;
    let sentence = d.wait_value("section-text-ii_1", "đã tổ chức 14 buổi tuyên truyền").await;
    assert!(sentence.contains("với 1.400 lượt người tham gia"), "{sentence}");
    let ii_3 = d.wait_value("section-text-ii_3", "Có 4 sáng kiến, ý tưởng mới được đăng ký").await;
    assert!(ii_3.ends_with("Tiêu biểu: Đèn năng lượng mặt trời cho ngõ xóm."), "{ii_3}");

    // The report's day: a day that is not a day is refused; the day chosen is kept.
    d.find("report-date").await.send_keys("31/02/2022").await.unwrap();
    d.find("report-date-save").await.click().await.unwrap();
    d.wait_text("report-error", "«31/02/2022» không phải ngày: nhập theo dạng ngày/tháng/năm, ví dụ 30/06/2022.").await;
    let today = d.find("report-date").await.attr("placeholder").await.unwrap().unwrap();
    d.find("report-date").await.clear().await.unwrap();
    d.find("report-date").await.send_keys(&today).await.unwrap();
    d.find("report-date-save").await.click().await.unwrap();
    d.wait_value("report-date", &today).await;

    // Nơi nhận: the ward's defaults, then the clerk's own lines, kept with the report.
    d.wait_value("report-recipients", "- Đảng ủy phường Hạc Thành (b/c);").await;
    d.find("report-recipients").await.clear().await.unwrap();
    d.find("report-recipients")
        .await
        .send_keys("- Ban Thường trực Ủy ban MTTQ tỉnh Thanh Hóa (b/c);\n- HĐND, UBND phường Hạc Thành (b/c);\n- Lưu: VT.")
        .await
        .unwrap();
    d.find("report-recipients-save").await.click().await.unwrap();
    // Stored before the clerk leaves the page (the save shows no notice of its own).
    let period = thidua_api::Workspace::open(data.path()).unwrap().periods().unwrap()[0].code.clone();
    for _ in 0..100 {
        if thidua_api::Workspace::open(data.path()).unwrap().report(&period).unwrap().recipients_edited {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    d.find("nav-registers").await.click().await.unwrap();
    d.find("nav-reports").await.click().await.unwrap();
    let kept = d.wait_value("report-recipients", "- HĐND, UBND phường Hạc Thành (b/c);").await;
    assert!(!kept.contains("Đảng ủy"), "{kept}");
    d.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_imported_plan_shows_with_its_numbered_structure() {
    let data = sample_ward();
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/seed/ke-hoach-doan-ket-sang-tao-2022.txt");
    thidua_api::Workspace::open(data.path()).unwrap().import_plan(&seed).unwrap();
    let d = Driver::start(data.path()).await;
    d.find("nav-plans").await.click().await.unwrap();
    d.css("[data-testid='plan-list'] td").await.click().await.unwrap();
    let view = d.wait_contains("plan-view", "II. NHIỆM VỤ VÀ GIẢI PHÁP NĂM 2022").await;
    assert!(view.contains("1. Tuyên truyền về phong trào “Đoàn kết sáng tạo”"), "{view}");
    assert!(view.contains("Trịnh Quang Huy"), "{view}");
    d.screenshot("plan-view").await;
    // The clerk edits the summary and adds a section in the editor.
    d.find("edit-plan").await.click().await.unwrap();
    let summary = d.find("edit-summary").await;
    summary.clear().await.unwrap();
    summary.send_keys("Kế hoạch thử nghiệm của phường").await.unwrap();
    d.find("add-section").await.click().await.unwrap();
    d.find("renumber").await.click().await.unwrap();
    d.screenshot("plan-editor").await;
    d.find("save-plan").await.click().await.unwrap();
    let edited = d.wait_contains("plan-view", "Kế hoạch thử nghiệm của phường").await;
    assert!(edited.contains("II. NHIỆM VỤ VÀ GIẢI PHÁP NĂM 2022"), "{edited}");
    // The print preview: the PDF's own pages, drawn in the window.
    d.find("preview-plan").await.click().await.unwrap();
    let preview = d.wait_contains("preview", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").await;
    assert!(preview.contains("Xem trước khi in") && preview.contains("Kế hoạch thử nghiệm của phường"), "{preview}");
    d.screenshot("plan-preview").await;
    // The ward draws up its own plan from it, and opens it to print.
    d.find("derive-plan").await.click().await.unwrap();
    let derived = d.wait_contains("plan-view", "Ban Thường trực Ủy ban MTTQ phường Hạc Thành xây dựng kế hoạch").await;
    assert!(derived.contains("trên địa bàn phường") && derived.contains("Lê Thị Hồng Nhung"), "{derived}");
    d.find("print-plan").await.click().await.unwrap();
    let printed = (0..100).find_map(|_| {
        std::thread::sleep(Duration::from_millis(100));
        std::fs::read_dir(data.path().join("ban-in")).ok()?.flatten().find(|e| e.path().extension().is_some_and(|x| x == "pdf"))
    });
    assert!(printed.is_some(), "the print copy was written to the data folder");
    d.screenshot("plan-derived").await;
    d.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_city_clerk_imports_a_wards_bundle_found_in_downloads_and_a_damaged_one_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = tmp.path().join("demo");
    thidua_api::demo::run_demo(&demo, 2, "2022-H1").unwrap();
    // The ward corrects its report and e-mails it; the attachment lands in Downloads.
    let downloads = tmp.path().join("Tải về");
    std::fs::create_dir_all(&downloads).unwrap();
    let ward_dir = std::fs::read_dir(demo.join("wards")).unwrap().next().unwrap().unwrap().path();
    let ward_code = ward_dir.file_name().unwrap().to_string_lossy().into_owned();
    let mut ward = thidua_api::Workspace::open(&ward_dir).unwrap();
    ward.revise_report("2022-H1").unwrap();
    ward.set_figure("2022-H1", "1.1", Some(321), "Bổ sung buổi tuyên truyền lưu động").unwrap();
    ward.export_report_bundle("2022-H1", &downloads.join(format!("{ward_code}-bao-cao-lan-2.thidua"))).unwrap();
    std::fs::write(downloads.join("hỏng.thidua"), b"PK\x03\x04 nothing").unwrap();
    // Its printed report, photographed (a poppler render of the signature page), and a copy
    // whose first two differing figures were swapped by hand.
    let printed = tmp.path().join("bao-cao-lan-2.pdf");
    ward.report_pdf("2022-H1", &printed).unwrap();
    let photo_stem = tmp.path().join("anh-chup");
    let out =
        Command::new("pdftoppm").args(["-png", "-r", "150", "-f", "2", "-singlefile"]).arg(&printed).arg(&photo_stem).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let figures = ward.report("2022-H1").unwrap().figures;
    let other = figures.iter().find(|f| f.value != figures[0].value).unwrap();
    let edited = tmp.path().join("ban-da-sua.pdf");
    edit_pdf::swap_cells(&printed, &edited, &figures[0].code, &other.code);
    let config = tmp.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("user-dirs.dirs"), format!("XDG_DOWNLOAD_DIR=\"{}\"\n", downloads.display())).unwrap();

    let city = demo.join("city");
    let d = Driver::start_with(&city, &[("XDG_CONFIG_HOME", &config)]).await;
    d.find("nav-exchange").await.click().await.unwrap();
    let found = d.wait_contains("candidates", "lan-2.thidua").await;
    assert!(found.contains("hỏng.thidua") && found.contains("(không đọc được)"), "{found}");
    d.screenshot("exchange-candidates").await;
    d.find("import-all-candidates").await.click().await.unwrap();
    let outcomes = d.wait_contains("import-outcomes", "Đã nhập").await;
    assert!(outcomes.contains("Từ chối") && outcomes.contains("hỏng hoặc chép thiếu"), "{outcomes}");
    assert!(outcomes.contains("lần 2") && outcomes.contains("thay lần 1"), "{outcomes}");
    d.wait_contains("import-log", "hỏng.thidua").await;
    d.screenshot("exchange-imported").await;
    // The ward phones: it restored an old backup. The clerk starts its chain again, with a reason.
    d.find(&format!("reset-chain-{ward_code}")).await.click().await.unwrap();
    d.find("confirm-reset-chain-reason").await.send_keys("Phường khôi phục bản sao lưu cũ").await.unwrap();
    d.find("confirm-reset-chain-yes").await.click().await.unwrap();
    d.wait_contains("exchange-notice", "Đã đặt lại chuỗi gói").await;
    // And sends the ward back what it had sent up, which its old backup lacks.
    let returned = tmp.path().join("du-lieu-gui-tra.thidua");
    let choose = format!(
        r#"const s = document.querySelector("[data-testid='down-unit']");
           Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "value").set.call(s, "{ward_code}");
           s.dispatchEvent(new Event("change", {{ bubbles: true }}));"#
    );
    d.client.execute(&choose, vec![]).await.unwrap();
    d.answer_dialogs_with(&returned).await;
    d.find("send-returned").await.click().await.unwrap();
    d.wait_contains("exchange-notice", "dữ liệu cấp trên gửi trả").await;
    d.screenshot("exchange-returned").await;
    // Kiểm tra văn bản: the photo of the ward's paper matches the bundle just imported; the
    // edited copy names the figures it changed.
    d.answer_dialogs_with(&photo_stem.with_extension("png")).await;
    d.find("verify-file").await.click().await.unwrap();
    let said = d.wait_contains("verify-result", "khớp với gói đã nhận ngày").await;
    assert!(said.starts_with("Khớp.") && said.contains(", lần 2, "), "{said}");
    d.screenshot("verify-matches").await;
    d.answer_dialogs_with(&edited).await;
    d.find("verify-file").await.click().await.unwrap();
    d.wait_contains("verify-result", "Bản này đã bị sửa").await;
    let differences = d.wait_contains("verify-differences", &figures[0].code).await;
    assert!(differences.contains(&other.code), "{differences}");
    d.screenshot("verify-edited").await;
    d.stop().await;
    let back = ward.import_bundles(&[returned.as_path()], false).unwrap().remove(0);
    assert_eq!(back.outcome, thidua_api::BundleOutcome::Applied, "{}", back.message);

    let city = thidua_api::Workspace::open(&city).unwrap();
    assert_eq!(city.received_figure(&ward_code, "2022-H1", "1.1").unwrap(), Some(321));
    assert_eq!(city.status().unwrap().counts["reports"], 3);
    let resets: i64 = rusqlite::Connection::open(demo.join("city/thidua.sqlite3"))
        .unwrap()
        .query_row("SELECT count(*) FROM chain_resets WHERE reason = 'Phường khôi phục bản sao lưu cũ'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(resets, 1);
}

/// Starts recording the longest gap between animation frames: a window that cannot repaint
/// shows as a long gap. `longest_frame_gap` reads it and stops.
async fn record_frame_gaps(d: &Driver) {
    let script = "window.__frames = { longest: 0, last: performance.now(), on: true };
        const tick = (t) => { const f = window.__frames; f.longest = Math.max(f.longest, t - f.last); f.last = t; if (f.on) requestAnimationFrame(tick); };
        requestAnimationFrame(tick);";
    d.client.execute(script, vec![]).await.unwrap();
}

async fn longest_frame_gap(d: &Driver) -> f64 {
    let script = "window.__frames.on = false; return window.__frames.longest;";
    d.client.execute(script, vec![]).await.unwrap().as_f64().unwrap_or(f64::NAN)
}

/// Whether an element is on the page now (no waiting).
async fn shown(d: &Driver, test_id: &str) -> bool {
    d.client.find(Locator::Css(&format!("[data-testid='{test_id}']"))).await.is_ok()
}

/// Waits (up to 5 s) until the element `test_id` is no longer in the window.
async fn wait_gone(d: &Driver, test_id: &str) {
    for _ in 0..50 {
        if !shown(d, test_id).await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("[data-testid='{test_id}'] stays in the window");
}

/// Waits (up to 5 s) until the sidebar's active area is `name`.
async fn wait_active_area(d: &Driver, name: &str) {
    let mut last = String::new();
    for _ in 0..50 {
        last = d.css("nav.sidebar button.nav.active").await.text().await.unwrap_or_default();
        if last == name {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the sidebar shows {last:?} as the area, not {name:?}");
}

/// Long work runs off the window's thread: while the reports of Thanh Hóa's 166 communes are
/// imported in one call (the bar moving file by file) and while the 166-unit consolidated
/// report is written, a click on another control is handled before the work ends. The
/// longest gap between animation frames during the import is printed for BENCHMARKS.md.
#[tokio::test(flavor = "multi_thread")]
async fn the_window_answers_while_166_reports_are_imported_and_the_consolidated_report_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = tmp.path().join("demo");
    let scenario = thidua_api::demo::Scenario {
        wards: 166,
        period: "2022-H1".into(),
        keep_wards: false,
        import: false,
        at: None,
        second_movement: false,
        indicators: 0,
    };
    thidua_api::demo::run_scenario(&demo, &scenario).unwrap();
    // The reports arrive as e-mail attachments, saved in one folder.
    let downloads = tmp.path().join("Tải về");
    std::fs::create_dir_all(&downloads).unwrap();
    for e in std::fs::read_dir(demo.join("bundles")).unwrap().flatten() {
        if e.file_name().to_string_lossy().contains("-bao-cao-") {
            std::fs::copy(e.path(), downloads.join(e.file_name())).unwrap();
        }
    }
    let city = demo.join("city");
    let d = Driver::start(&city).await;
    d.find("nav-exchange").await.click().await.unwrap();
    // All 166 chosen at once in the open dialog (the Downloads list offers the newest 50).
    let mut chosen: Vec<String> = std::fs::read_dir(&downloads).unwrap().map(|e| e.unwrap().path().display().to_string()).collect();
    chosen.sort();
    assert_eq!(chosen.len(), 166);
    d.client.execute("window.__thiduaDialogAnswer = arguments[0];", vec![serde_json::json!(chosen)]).await.unwrap();
    record_frame_gaps(&d).await;
    let started = std::time::Instant::now();
    d.find("choose-bundles").await.click().await.unwrap();
    d.wait_contains("import-progress", "/166").await;
    // Another control, clicked while the files are still going in.
    d.find("dry-run").await.click().await.unwrap();
    assert!(d.find("dry-run").await.is_selected().await.unwrap(), "the click was handled");
    let progress = d.find("import-progress").await.text().await.unwrap_or_default();
    assert!(shown(&d, "import-progress").await && !progress.contains("166/166"), "the click waited for the import to end: {progress}");
    d.screenshot("exchange-importing-166").await;
    for _ in 0..600 {
        if !shown(&d, "import-progress").await {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let import_took = started.elapsed();
    let gap = longest_frame_gap(&d).await;
    println!(
        "BENCH e2e import of 166 report bundles in the window: {:.1} s, longest gap between frames {gap:.0} ms",
        import_took.as_secs_f64()
    );
    let outcomes = d.find("import-outcomes").await.text().await.unwrap();
    assert_eq!(outcomes.matches("Đã nhập gói báo cáo số 1").count(), 166, "every file's outcome is listed");

    // The consolidated report for 166 units, written while the clerk looks at the totals.
    let pdf = tmp.path().join("bao-cao-tong-hop.pdf");
    d.find("nav-consolidation").await.click().await.unwrap();
    d.wait_text("missing-count", "Đã nhận đủ báo cáo của 166 đơn vị").await;
    d.answer_dialogs_with(&pdf).await;
    record_frame_gaps(&d).await;
    let started = std::time::Instant::now();
    let (pdf_button, totals_tab) = (d.find("consolidated-pdf").await, d.find("tab-totals").await);
    // Whether the PDF was still being written is read by the page when the tab's click reaches
    // it: read afterwards over WebDriver, a quick machine may have finished the PDF already.
    let watch = "window.__busyAtClick = null;
        document.querySelector(\"[data-testid='tab-totals']\").addEventListener('click',
          () => { window.__busyAtClick = !!document.querySelector(\"[data-testid='consolidation-busy']\"); }, { capture: true, once: true });";
    d.client.execute(watch, vec![]).await.unwrap();
    pdf_button.click().await.unwrap();
    totals_tab.click().await.unwrap();
    let class = d.find("tab-totals").await.attr("class").await.unwrap().unwrap_or_default();
    let busy_at_click = d.client.execute("return window.__busyAtClick;", vec![]).await.unwrap();
    assert!(
        class.contains("active") && busy_at_click == serde_json::Value::Bool(true),
        "the tab changed while the PDF was being written ({class:?}, busy when clicked: {busy_at_click})"
    );
    d.wait_contains("consolidation-notice", "bao-cao-tong-hop.pdf").await;
    let gap = longest_frame_gap(&d).await;
    println!(
        "BENCH e2e consolidated report for 166 units in the window: {:.1} s, longest gap between frames {gap:.0} ms",
        started.elapsed().as_secs_f64()
    );
    // The tables and, in a workbook of their own, the 166 units' registers.
    let (tables, registers) = (tmp.path().join("tong-hop.xlsx"), tmp.path().join("so-theo-doi.xlsx"));
    for (button, path) in [("consolidated-xlsx", &tables), ("merged-registers-xlsx", &registers)] {
        d.answer_dialogs_with(path).await;
        d.find(button).await.click().await.unwrap();
        d.wait_contains("consolidation-notice", &path.file_name().unwrap().to_string_lossy()).await;
    }
    d.stop().await;
    assert!(std::fs::metadata(&pdf).unwrap().len() > 10_000, "the PDF was written");
    use calamine::Reader;
    let sheets = |p: &Path| calamine::open_workbook_auto(p).unwrap().sheet_names();
    assert_eq!(sheets(&tables), ["Theo đơn vị", "Chỉ tiêu"]);
    assert_eq!(sheets(&registers).len(), thidua_api::RegisterKind::ALL.len());
    assert_eq!(thidua_api::Workspace::open(&city).unwrap().completeness("2022-H1").unwrap().received, 166);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_city_clerk_sees_who_reported_and_the_totals_behind_them() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = tmp.path().join("demo");
    let both = thidua_api::demo::Scenario {
        wards: 3,
        period: "2022-H1".into(),
        keep_wards: true,
        import: true,
        at: None,
        second_movement: true,
        indicators: 0,
    };
    thidua_api::demo::run_scenario(&demo, &both).unwrap();
    let city = demo.join("city");
    let d = Driver::start(&city).await;
    d.find("nav-consolidation").await.click().await.unwrap();
    d.wait_text("missing-count", "Còn thiếu 163 / 166 đơn vị").await;
    let table = d.wait_contains("completeness-table", "Đã nhận, đúng hạn").await;
    assert!(table.contains("Phường Hạc Thành") && table.contains("Chưa nhận"), "{table}");
    d.screenshot("consolidation-completeness").await;
    d.find("tab-totals").await.click().await.unwrap();
    d.find("total-1.1").await.click().await.unwrap();
    let contributions = d.wait_contains("contributions-1.1", "Phường Hạc Thành").await;
    assert!(contributions.contains("lần 1"), "{contributions}");
    d.find("chart-by-unit").await;
    d.screenshot("consolidation-totals").await;

    // A report read in full before it is returned, the return naming the section to correct.
    let ward = std::fs::read_dir(demo.join("wards")).unwrap().next().unwrap().unwrap().file_name().to_string_lossy().into_owned();
    d.find("tab-completeness").await.click().await.unwrap();
    d.find(&format!("read-{ward}")).await.click().await.unwrap();
    let heading = d.wait_contains("received-report", "Báo cáo 6 tháng đầu năm 2022 của").await;
    assert!(heading.contains("lần 1") && heading.contains("Mở bản PDF đơn vị đã ký gửi"), "{heading}");
    d.wait_contains("received-figures", "Số buổi tuyên truyền về phong trào").await;
    d.wait_contains("received-section-ii_1", "1. Công tác tuyên truyền").await;
    d.screenshot("consolidation-received-report").await;
    d.find("received-return-section").await.send_keys("1. Công tác tuyên truyền").await.unwrap();
    d.find("received-return-reason").await.send_keys("Bổ sung các buổi tuyên truyền ở khu dân cư").await.unwrap();
    d.answer_dialogs_with(&tmp.path().join("tra-lai.thidua")).await;
    d.find("received-return").await.click().await.unwrap();
    d.wait_contains("completeness-table", "1. Công tác tuyên truyền: Bổ sung các buổi tuyên truyền ở khu dân cư").await;

    // The indicator set: an indicator added from the form (a taken code refused, the form
    // keeping what was typed), then moved; each change a new version with its changes listed.
    d.find("tab-indicators").await.click().await.unwrap();
    d.wait_contains("indicator-set-version", "phiên bản 1").await;
    d.find("new-indicator-code").await.send_keys("1.1").await.unwrap();
    d.find("new-indicator-name").await.send_keys("Số hộ được hỗ trợ làm nhà đại đoàn kết").await.unwrap();
    d.find("new-indicator-measure").await.send_keys("hộ").await.unwrap();
    d.choose("new-indicator-register", "resource").await;
    d.find("new-indicator-filter-purpose").await.send_keys("Nhà đại đoàn kết").await.unwrap();
    // How the report's narrative will say it: within the clause of the resources mobilised.
    d.find("new-indicator-phrase").await.send_keys("hỗ trợ {} hộ làm nhà đại đoàn kết").await.unwrap();
    d.choose("new-indicator-phrase-within", "3.5").await;
    d.find("new-indicator-phrase-joined").await.send_keys(", hỗ trợ {} hộ làm nhà đại đoàn kết").await.unwrap();
    d.find("new-indicator-add").await.click().await.unwrap();
    d.wait_contains("indicator-error", "đã có chỉ tiêu mã 1.1").await;
    assert_eq!(
        d.find("new-indicator-name").await.prop("value").await.unwrap().unwrap_or_default(),
        "Số hộ được hỗ trợ làm nhà đại đoàn kết"
    );
    // Emptied key by key (a WebDriver clear does not reach React's state).
    let backspaces = fantoccini::key::Key::Backspace.to_string().repeat(3);
    d.find("new-indicator-code").await.send_keys(&format!("{backspaces}3.9")).await.unwrap();
    d.find("new-indicator-add").await.click().await.unwrap();
    d.wait_contains("indicator-notice", "bộ chỉ tiêu phiên bản 2").await;
    let row = d.wait_contains("indicator-3.9", "Sổ Vận động nguồn lực: đếm bản ghi; Mục đích: Nhà đại đoàn kết").await;
    assert!(row.contains("hộ"), "{row}");
    d.wait_contains("indicator-phrase-shown-3.9", "Câu báo cáo: «hỗ trợ {} hộ làm nhà đại đoàn kết»").await;
    d.wait_contains("indicator-changes", "Thêm chỉ tiêu 3.9").await;
    d.find("indicator-up-3.9").await.click().await.unwrap();
    d.wait_contains("indicator-changes", "Chỉ tiêu 3.9: chuyển đến vị trí").await;
    d.find("new-rule").await.send_keys("3.9 <= 9.9").await.unwrap();
    d.find("add-rule").await.click().await.unwrap();
    d.wait_contains("indicator-error", "chỉ tiêu 9.9, không có trong bộ chỉ tiêu").await;
    d.find("new-rule").await.send_keys(&format!("{}3.6", fantoccini::key::Key::Backspace.to_string().repeat(3))).await.unwrap();
    d.find("add-rule").await.click().await.unwrap();
    d.wait_contains("indicator-notice", "Đã thêm quy tắc 3.9 <= 3.6: bộ chỉ tiêu phiên bản 4").await;
    d.wait_contains("indicator-rules", "3.9 ≤ 3.6").await;
    // The sentence at zero, given afterwards by editing the row.
    d.tap("indicator-edit-3.9").await;
    d.find("indicator-phrase-none-3.9").await.send_keys("chưa hỗ trợ hộ nào làm nhà đại đoàn kết").await.unwrap();
    d.tap("indicator-save-3.9").await;
    d.wait_contains("indicator-notice", "Đã sửa chỉ tiêu 3.9: bộ chỉ tiêu phiên bản 5").await;
    d.screenshot("consolidation-indicator-set").await;

    // The demo's second movement, chosen in the sidebar: its own set, reports and totals.
    d.wait_text("movement-name", "Phong trào thi đua “Đoàn kết sáng tạo”").await;
    d.choose("movement-select", "vi-nguoi-ngheo").await;
    d.wait_text("movement-name", "Phong trào thi đua “Vì người nghèo”").await;
    // Each page reads the chosen movement's data again (it starts on its first tab).
    d.wait_text("missing-count", "Còn thiếu 163 / 166 đơn vị").await;
    d.find("tab-totals").await.click().await.unwrap();
    d.wait_contains("totals", "Số nhà Đại đoàn kết được xây mới, sửa chữa").await;
    d.screenshot("consolidation-second-movement").await;
    // A third one started from the form: a malformed code refused, keeping what was typed.
    d.find("tab-indicators").await.click().await.unwrap();
    d.find("new-movement-name").await.send_keys("Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh").await.unwrap();
    d.find("new-movement-code").await.send_keys("Nông thôn mới").await.unwrap();
    d.find("new-movement-add").await.click().await.unwrap();
    d.wait_contains("movement-error", "chữ thường không dấu").await;
    let backspaces = fantoccini::key::Key::Backspace.to_string().repeat(13);
    d.find("new-movement-code").await.send_keys(&format!("{backspaces}nong-thon-moi")).await.unwrap();
    d.find("new-movement-add").await.click().await.unwrap();
    d.wait_contains("movement-name", "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh").await;
    // The page is the new movement's and stays on Bộ chỉ tiêu, where the clerk started it.
    d.wait_contains("indicator-set-version", "đô thị văn minh” — phiên bản 1").await;
    d.wait_contains("movement-table", "Vì người nghèo").await;
    d.screenshot("consolidation-movements").await;
    d.stop().await;
    let ws = thidua_api::Workspace::open(&city).unwrap();
    assert_eq!(ws.movements().unwrap().len(), 3);
    let c = ws.completeness("2022-H1").unwrap();
    assert_eq!((c.received, c.missing), (3, 163));
    assert!(tmp.path().join("tra-lai.thidua").is_file(), "the decision bundle for the ward");
    let set = ws.indicator_set_view().unwrap();
    let codes: Vec<&str> = set.indicators.iter().map(|i| i.code.as_str()).collect();
    assert_eq!((set.version, codes.iter().position(|c| *c == "3.9")), (5, Some(14)), "{codes:?}");
    assert!(set.rules.contains(&"3.9 ≤ 3.6".to_owned()));
    let phrase = set.indicators.iter().find(|i| i.code == "3.9").and_then(|i| i.phrase.clone()).unwrap();
    assert_eq!(phrase.within, Some(("3.5".to_owned(), ", hỗ trợ {} hộ làm nhà đại đoàn kết".to_owned())));
    assert_eq!(phrase.none, "chưa hỗ trợ hộ nào làm nhà đại đoàn kết");
}

/// The merger in the window: the province imports Thanh Hóa's merger list in Cài đặt, reads a
/// new ward's history (its old wards, its 2024 summed from them beside its 2026), and Tổng hợp
/// shows 2024 old ward by old ward under the ward each is now part of.
#[tokio::test(flavor = "multi_thread")]
async fn the_province_imports_the_merger_list_and_reads_2024_under_the_new_wards() {
    let tmp = tempfile::tempdir().unwrap();
    let data = |p: &str| Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(p);
    // Đông Hải and Đông Thọ (most of it) are now Hạc Thành; the old Hàm Rồng is the new one.
    let scenario = thidua_api::demo::merger::run_merger_scenario(
        &tmp.path().join("kich-ban"),
        &data("tests/data/units/gso-danh-muc-hanh-chinh-2021-11-06.xls"),
        &data("assets/catalogue/don-vi-cap-xa-2025-07-01.csv"),
        &["14797", "14758", "14755"],
    )
    .unwrap();
    let d = Driver::start(&scenario.province_dir).await;
    d.find("nav-settings").await.click().await.unwrap();
    d.answer_dialogs_with(&data("tests/data/units/thanh-hoa-sap-nhap-2025.csv")).await;
    d.tap("merges-import").await;
    let notice = d.wait_contains("merges-notice", "166 đơn vị mới").await;
    assert!(notice.contains("534 đơn vị cũ") && notice.contains("Bỏ qua 1 dòng lặp lại"), "{notice}");
    assert!(notice.contains("6 đơn vị cũ được ghi mâu thuẫn") && notice.contains("15379 Xã Vĩnh Hùng"), "{notice}");
    d.find("history-code").await.send_keys("14797").await.unwrap();
    d.tap("history-show").await;
    d.wait_contains("history-summary", "Phường Hạc Thành được lập ngày 01/07/2025 từ 12 đơn vị cũ").await;
    let sources = d.wait_contains("history-sources", "Phường Đông Thọ").await;
    assert!(sources.contains("phần lớn (phần còn lại sang Phường Hàm Rồng)"), "{sources}");
    let figures = d.wait_contains("history-figures", "2/11 đơn vị cũ đã báo cáo").await;
    assert!(figures.contains("năm 2024") && figures.contains("6 tháng đầu năm 2026"), "{figures}");
    d.screenshot("settings-unit-history").await;
    d.client.execute("document.querySelector(\"[data-testid='history-figures']\").scrollIntoView()", vec![]).await.unwrap();
    d.screenshot("settings-unit-history-figures").await;
    // Tổng hợp for 2024: each old ward under the ward it is now part of.
    d.find("nav-consolidation").await.click().await.unwrap();
    d.css("[data-testid='consolidation-period'] option[value='2024']").await;
    d.choose("consolidation-period", "2024").await;
    let table = d.wait_contains("completeness-table", "nay thuộc Phường Hạc Thành").await;
    assert!(table.contains("Phường Đông Thọ") && table.contains("Phường Đông Hải"), "{table}");
    d.screenshot("consolidation-2024-through-the-merger").await;
    d.stop().await;
}

/// The year's end in the window: the ranking the demo's scoring gave, a unit's points criterion
/// by criterion beside its own, a criterion scored with a reason (and one refused), the ranking
/// within a cluster, a target changed, a cluster made, the scoring table and the ranking saved as
/// workbooks; the SQLite file holds what the clerk did.
#[tokio::test(flavor = "multi_thread")]
async fn the_city_clerk_scores_and_ranks_the_wards_at_the_years_end() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = tmp.path().join("demo");
    thidua_api::demo::run_demo(&demo, 6, "2022").unwrap();
    let city = demo.join("city");
    // A ward whose nominees the demo's city did not approve: its decisions can still change
    // (an approved one is in the demo's award decision already).
    let ward = thidua_api::Workspace::open(&city)
        .unwrap()
        .proposals(2022)
        .unwrap()
        .into_iter()
        .filter(|p| p.reviewable && p.nominees.iter().all(|n| n.decision == "cut"))
        .map(|p| p.proposer_code)
        .min()
        .expect("the demo cuts the nominees of wards not leading their cluster");
    let d = Driver::start(&city).await;
    d.tap("nav-yearEnd").await;
    let summary = d.wait_contains("ranking-summary", "6 / 166 đơn vị được xếp hạng").await;
    assert!(summary.contains("“Đoàn kết sáng tạo”"), "{summary}");
    let ranking = d.find("ranking").await.text().await.unwrap();
    assert!(ranking.contains("Cụm thi đua số 1") && ranking.contains("chưa xếp hạng"), "{ranking}");
    d.screenshot("year-end-ranking").await;

    // A unit's points, then a penalty with its reason; points out of range are refused.
    let before = d.find(&format!("total-{ward}")).await.text().await.unwrap();
    d.tap(&format!("rank-{ward}")).await;
    d.wait_contains("cell-I.1", "chỉ tiêu").await;
    d.choose("score-criterion", "D.3").await;
    d.find("score-value").await.send_keys("1").await.unwrap();
    d.find("score-reason").await.send_keys("Không cử lãnh đạo dự hội nghị cụm tháng 6").await.unwrap();
    d.tap("score-set").await;
    d.wait_contains("year-end-notice", "Đã ghi điểm tiêu chí D.3").await;
    d.wait_contains("cell-D.3", "1 lần × 5 điểm: trừ 5 điểm.Cấp trên chấm: Không cử lãnh đạo dự hội nghị cụm tháng 6").await;
    let after = d.find(&format!("total-{ward}")).await.text().await.unwrap();
    assert_ne!(before, after, "the penalty changes the total");
    d.screenshot("year-end-unit-detail").await;
    d.choose("score-criterion", "III.1").await;
    d.find("score-value").await.send_keys("99").await.unwrap();
    d.find("score-reason").await.send_keys("Thử").await.unwrap();
    d.tap("score-set").await;
    d.wait_contains("year-end-error", "từ 0 đến 15").await;

    // Within a cluster.
    d.choose("year-end-cluster", "C2").await;
    d.wait_contains("ranking-summary", "1 / 1 đơn vị").await;
    d.choose("year-end-cluster", "").await;
    // The whole ranking back (the list re-renders under the pointer) before the next tab.
    d.wait_contains("ranking-summary", "6 / 166 đơn vị").await;

    // A target changed, in the targets grid.
    d.tap("year-end-tab-targets").await;
    let cell = d.find(&format!("target-{ward}-1.1")).await;
    cell.clear().await.unwrap();
    cell.send_keys("1000").await.unwrap();
    // A real click: it takes the focus, which saves the cell.
    d.find("year-end-tab-targets").await.click().await.unwrap();
    d.wait_contains("year-end-notice", "Đã lưu chỉ tiêu giao").await;
    d.screenshot("year-end-targets").await;

    // A cluster of units that have no installation yet.
    d.tap("year-end-tab-clusters").await;
    d.find("cluster-C1").await;
    d.tap("cluster-new").await;
    d.find("cluster-code").await.send_keys("C3").await.unwrap();
    d.find("cluster-name").await.send_keys("Cụm thi đua số 3").await.unwrap();
    d.choose("cluster-leader", "16609").await;
    d.tap("cluster-member-16417").await;
    d.tap("cluster-save").await;
    d.wait_contains("year-end-notice", "Đã lưu Cụm thi đua số 3 với 2 đơn vị.").await;
    d.find("cluster-C3").await;
    d.screenshot("year-end-clusters").await;

    // The scoring table and the ranking as workbooks.
    d.tap("year-end-tab-criteria").await;
    d.wait_contains("scoring-table", "Tuyên truyền về phong trào").await;
    d.screenshot("year-end-criteria").await;
    // Edited in the window: I.1 worth 12 points becomes version 2; a word where a number goes
    // is refused and nothing is stored.
    d.tap("scoring-table-edit").await;
    let standard = d.find("editor-standard-I.1").await;
    standard.clear().await.unwrap();
    standard.send_keys("mười").await.unwrap();
    // A real click: it takes the focus, which commits the cell.
    d.find("editor-name").await.click().await.unwrap();
    d.tap("editor-save").await;
    d.wait_contains("year-end-error", "không phải là số").await;
    // Emptied key by key: a WebDriver clear does not reach React's state, so a re-render in
    // between (the error above arriving late under load) would put "NaN" back before the typing.
    let standard = d.find("editor-standard-I.1").await;
    let emptied = format!("{}{}", fantoccini::key::Key::End, fantoccini::key::Key::Backspace.to_string().repeat(8));
    standard.send_keys(&format!("{emptied}12")).await.unwrap();
    // A real click: it takes the focus, which commits the cell (read back before saving).
    d.find("editor-name").await.click().await.unwrap();
    d.wait_value("editor-standard-I.1", "12").await;
    d.screenshot("year-end-criteria-editor").await;
    d.tap("editor-save").await;
    d.wait_contains("year-end-notice", "phiên bản 2").await;
    d.wait_contains("scoring-table", "phiên bản 2, 102 điểm chuẩn").await;
    d.answer_dialogs_with(&tmp.path().join("bang-tieu-chi.xlsx")).await;
    d.tap("scoring-table-export").await;
    d.wait_contains("year-end-notice", "Đã xuất bảng tiêu chí").await;
    d.answer_dialogs_with(&tmp.path().join("xep-hang.xlsx")).await;
    d.tap("ranking-xlsx").await;
    d.wait_contains("year-end-notice", "Đã ghi bảng xếp hạng").await;
    // The notice of the ranking, previewed and printed.
    d.tap("ranking-preview").await;
    d.wait_contains("preview", "THÔNG BÁO").await;
    d.screenshot("year-end-notice-preview").await;
    d.tap("preview-close").await;
    d.answer_dialogs_with(&tmp.path().join("thong-bao.pdf")).await;
    d.tap("ranking-pdf").await;
    d.wait_contains("year-end-notice", "Đã in thông báo kết quả").await;
    // The ward's result, as a bundle for it.
    let result = tmp.path().join("ket-qua.thidua");
    d.tap("year-end-tab-ranking").await;
    d.tap(&format!("rank-{ward}")).await;
    d.answer_dialogs_with(&result).await;
    d.tap("score-send").await;
    d.wait_contains("year-end-notice", "Đã ghi kết quả chấm điểm").await;
    // The proposals that came up with the yearly reports, beside each ward's rank: one
    // nominee's file returned with the reason; a return without one is refused.
    d.tap("year-end-tab-proposals").await;
    let card = d.wait_contains(&format!("received-{ward}"), "Hạng ").await;
    assert!(card.contains("Bằng khen của Ban Thường trực Ủy ban MTTQ tỉnh Thanh Hóa"), "{card}");
    let first = format!("[data-testid='received-{ward}'] tbody tr:first-child");
    d.css(&format!("{first} [data-testid='decision-reason']")).await.clear().await.unwrap();
    d.css(&format!("{first} [data-testid='decide-returned']")).await.click().await.unwrap();
    d.wait_contains("year-end-error", "Hãy ghi lý do trả lại hồ sơ").await;
    d.css(&format!("{first} [data-testid='decision-reason']")).await.send_keys("Thiếu biên bản họp xét của khu dân cư").await.unwrap();
    d.css(&format!("{first} [data-testid='decide-returned']")).await.click().await.unwrap();
    d.wait_contains("year-end-notice", "Trả lại hồ sơ của").await;
    d.wait_contains(&format!("received-{ward}"), "Trả lại hồ sơ: Thiếu biên bản họp xét của khu dân cư").await;
    d.screenshot("year-end-proposals-review").await;
    // The file completed: approved after all, and awarded in a decision of its own, printed
    // with its certificate and sent down to the ward; then found in the history.
    d.css(&format!("{first} [data-testid='decide-approved']")).await.click().await.unwrap();
    d.wait_contains("year-end-notice", "Đồng ý đề nghị khen thưởng").await;
    d.tap("year-end-tab-awards").await;
    d.wait_contains("award-pending-bang-khen-tinh", "đã được đồng ý, chưa có quyết định").await;
    d.tap("award-issue-bang-khen-tinh").await;
    d.wait_contains("year-end-notice", "Đã ban hành Quyết định số 02/QĐ-").await;
    d.screenshot("year-end-award-decisions").await;
    d.css("[data-testid='award-decision']:last-of-type [data-testid='award-preview']").await.click().await.unwrap();
    d.wait_contains("preview", "QUYẾT ĐỊNH").await;
    d.screenshot("year-end-award-decision-preview").await;
    d.tap("year-end-tab-awards").await;
    d.css("[data-testid='award-decision']:last-of-type [data-testid='certificates-preview']").await.click().await.unwrap();
    // One certificate: one landscape page, the decision's number under it.
    let certificate = d.wait_contains("preview", "Xem trước khi in: 1 trang").await;
    assert!(certificate.contains("BẰNG KHEN") && certificate.contains("Quyết định số 02/QĐ-"), "{certificate}");
    d.client.execute("document.querySelector(\"[data-testid='preview'] .sheet\").scrollIntoView()", vec![]).await.unwrap();
    d.screenshot("year-end-certificates-preview").await;
    d.tap("year-end-tab-awards").await;
    d.answer_dialogs_with(&tmp.path().join("bang-khen.pdf")).await;
    d.css("[data-testid='award-decision']:last-of-type [data-testid='certificates-pdf']").await.click().await.unwrap();
    d.wait_contains("year-end-notice", "Đã in 1 giấy khen").await;
    let award_bundle = tmp.path().join("quyet-dinh-khen-thuong.thidua");
    d.answer_dialogs_with(&award_bundle).await;
    d.css(&format!("[data-testid='award-decision']:last-of-type [data-testid='award-send-{ward}']")).await.click().await.unwrap();
    d.wait_contains("year-end-notice", "Đã ghi gói quyết định gửi").await;
    d.tap("year-end-tab-history").await;
    d.find("history-search").await.send_keys("quyet dinh so 02/qd").await.unwrap();
    d.wait_text("history-count", "Tìm thấy 1 khen thưởng.").await;
    d.wait_contains("history-table", "Quyết định số 02/QĐ-").await;
    d.screenshot("year-end-history").await;
    d.stop().await;

    assert!(tmp.path().join("bang-tieu-chi.xlsx").is_file() && tmp.path().join("xep-hang.xlsx").is_file());
    assert!(std::fs::read(tmp.path().join("thong-bao.pdf")).unwrap().starts_with(b"%PDF-"));
    assert!(std::fs::read(tmp.path().join("bang-khen.pdf")).unwrap().starts_with(b"%PDF-"));
    let ws = thidua_api::Workspace::open(&city).unwrap();
    let s = ws.scoring(2022, None).unwrap();
    let row = s.units.iter().find(|u| u.unit_code == ward).unwrap();
    let d3 = row.cells.iter().find(|c| c.code == "D.3").unwrap();
    assert_eq!((d3.points.as_str(), d3.reason.as_str()), ("−5", "Không cử lãnh đạo dự hội nghị cụm tháng 6"));
    let i1 = row.cells.iter().find(|c| c.code == "I.1").unwrap();
    assert!(i1.explanation.contains("chỉ tiêu 1.000"), "{}", i1.explanation);
    let table = ws.scoring_table().unwrap();
    assert_eq!((table.info.version, table.criteria[0].standard.as_str()), (2, "12"));
    let c3 = ws.clusters(2022).unwrap().into_iter().find(|c| c.code == "C3").unwrap();
    assert_eq!(c3.units.len(), 2);

    // The ward's side: its own score against the table that came down with the plan, and a
    // criterion scored again after the report was opened for a revision.
    let ward_dir = demo.join("wards").join(&ward);
    let mut ward_ws = thidua_api::Workspace::open(&ward_dir).unwrap();
    assert!(ward_ws.import_bundles(&[result.as_path()], false).unwrap()[0].is_ok());
    let outcome = ward_ws.import_bundles(&[award_bundle.as_path()], false).unwrap().remove(0);
    assert!(outcome.is_ok(), "{}", outcome.message);
    let received = ward_ws.award_decisions(2022).unwrap().decisions;
    assert!(received.iter().any(|d| d.received && d.title.contains("số 02/QĐ-") && d.awardees.len() == 1), "{received:?}");
    ward_ws.revise_report("2022").unwrap();
    drop(ward_ws);
    let d = Driver::start(&ward_dir).await;
    d.tap("nav-yearEnd").await;
    d.wait_contains("own-total", "Tự chấm:").await;
    d.wait_contains("upper-result", "Tỉnh Thanh Hóa chấm:").await;
    d.wait_contains("own-cell-I.1", "chỉ tiêu").await;
    d.choose("own-criterion", "II.2").await;
    d.find("own-value").await.send_keys("B").await.unwrap();
    d.find("own-evidence").await.send_keys("Biên bản 4 hội nghị phối hợp trong năm").await.unwrap();
    d.tap("own-set").await;
    d.wait_contains("year-end-notice", "Đã ghi điểm tự chấm tiêu chí II.2").await;
    d.wait_contains("own-cell-II.2", "Loại B").await;
    d.screenshot("year-end-own-score").await;
    // Its proposal, open again with the revision: a person added with a record behind her,
    // the tờ trình previewed.
    d.tap("year-end-tab-proposals").await;
    d.find("nominee-form").await;
    d.choose("nominee-kind", "ca_nhan").await;
    d.find("nominee-name").await.send_keys("Trần Thị Hoa").await.unwrap();
    d.find("nominee-role").await.send_keys("Trưởng ban Công tác Mặt trận khu dân cư số 2").await.unwrap();
    d.find("nominee-achievement").await.send_keys("Vận động 120 hộ phân loại rác tại nguồn").await.unwrap();
    d.css("fieldset.records-pick input[type='checkbox']").await.click().await.unwrap();
    d.tap("nominee-add").await;
    d.wait_contains("year-end-notice", "Đã thêm Trần Thị Hoa vào tờ trình").await;
    d.wait_contains("proposal-bang-khen-tinh", "Trần Thị Hoa").await;
    d.screenshot("year-end-proposal").await;
    d.tap("proposal-preview").await;
    d.wait_contains("preview", "TỜ TRÌNH").await;
    d.screenshot("year-end-proposal-preview").await;
    d.stop().await;
    let ward_ws = thidua_api::Workspace::open(&ward_dir).unwrap();
    let hoa = ward_ws.proposals(2022).unwrap().into_iter().flat_map(|p| p.nominees).find(|n| n.name == "Trần Thị Hoa").unwrap();
    assert_eq!(hoa.records.len(), 1, "the record ticked rests under her achievement");
    drop(ward_ws);
    let own = thidua_api::Workspace::open(&ward_dir).unwrap().own_scoring(2022).unwrap();
    assert_eq!(own.cells.iter().find(|c| c.code == "II.2").unwrap().evidence, "Biên bản 4 hội nghị phối hợp trong năm");
}

/// Fills an .xlsx with openpyxl, as the ward's own Excel would (see thidua-api's tests).
fn fill_xlsx(src: &Path, dst: &Path, spec: serde_json::Value) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../crates/thidua-api/tests/support/fill_xlsx.py");
    let spec_path = dst.with_extension("json");
    std::fs::write(&spec_path, spec.to_string()).unwrap();
    let out = Command::new("python3").arg(script).arg(src).arg(dst).arg(&spec_path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_city_clerk_sends_a_template_to_a_ward_without_the_program_and_imports_it_back() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = tmp.path().join("demo");
    thidua_api::demo::run_demo(&demo, 1, "2022-H1").unwrap();
    let city = demo.join("city");
    let unit = thidua_api::Workspace::open(&city)
        .unwrap()
        .completeness("2022-H1")
        .unwrap()
        .units
        .into_iter()
        .find(|u| u.state == thidua_api::ReportingStatus::Missing)
        .unwrap();
    let d = Driver::start(&city).await;
    d.find("nav-consolidation").await.click().await.unwrap();
    d.wait_contains("completeness-table", &unit.unit_name).await;
    // "Mẫu Excel" on the unit's row; the clerk saves it as mau.xlsx.
    let template = tmp.path().join("mau.xlsx");
    d.answer_dialogs_with(&template).await;
    d.find(&format!("template-{}", unit.unit_code)).await.click().await.unwrap();
    for _ in 0..100 {
        if template.exists() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(template.exists(), "the template was written");
    // A figure written in words is refused with its cell, and the refusal's pointer opens the
    // guide's section on the template in the "?" panel.
    let wrong = tmp.path().join("dien-sai.xlsx");
    fill_xlsx(&template, &wrong, serde_json::json!({"cells": [["Số liệu", "code:1.1", "chín"]]}));
    d.answer_dialogs_with(&wrong).await;
    d.find("import-template").await.click().await.unwrap();
    let errors = d.wait_contains("excel-errors", "Sheet 'Số liệu'").await;
    assert!(errors.contains("Xem Hướng dẫn sử dụng, mục 9 «Mẫu Excel cho đơn vị chưa có chương trình»"), "{errors}");
    d.find("guide-link").await.click().await.unwrap();
    d.wait_contains("help-reading", "Mục 9. Mẫu Excel cho đơn vị chưa có chương trình").await;
    d.screenshot("excel-refusal-guide").await;
    d.find("help-close").await.click().await.unwrap();
    wait_gone(&d, "help-panel").await;
    // The ward fills it in and sends it back.
    let filled = tmp.path().join("da-dien.xlsx");
    fill_xlsx(
        &template,
        &filled,
        serde_json::json!({"cells": [["Số liệu", "code:1.1", 9], ["Sáng kiến", "A4", "Tủ sách pháp luật khu dân cư"], ["Sáng kiến", "B4", "Chi đoàn thôn 2"], ["Sáng kiến", "D4", {"date": "2022-04-02"}], ["Sáng kiến", "E4", "Đăng ký"]]}),
    );
    d.answer_dialogs_with(&filled).await;
    d.find("import-template").await.click().await.unwrap();
    let preview = d.wait_contains("template-preview", "Tủ sách pháp luật khu dân cư").await;
    assert!(preview.contains("1.1 ") && preview.contains("không có chữ ký"), "{preview}");
    d.screenshot("excel-template-preview").await;
    d.find("template-apply").await.click().await.unwrap();
    d.find(&format!("via-excel-{}", unit.unit_code)).await;
    d.screenshot("excel-template-imported").await;
    d.stop().await;
    let c = thidua_api::Workspace::open(&city).unwrap().consolidation("2022-H1").unwrap();
    let t11 = c.totals.iter().find(|t| t.code == "1.1").unwrap();
    assert_eq!(t11.contributions.iter().find(|x| x.unit_code == unit.unit_code).unwrap().value, Some(9));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_clerk_imports_a_commendation_list_from_another_systems_spreadsheet() {
    let data = sample_ward();
    let before = thidua_api::Workspace::open(data.path()).unwrap().status().unwrap().counts["commendations"];
    let d = Driver::start(data.path()).await;
    d.find("nav-registers").await.click().await.unwrap();
    d.find("register-commendation").await.click().await.unwrap();
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/excel/to-trinh-de-nghi-khen-thuong.xlsx");
    d.answer_dialogs_with(&file).await;
    d.find("sheet-import").await.click().await.unwrap();
    let mapping = d.wait_contains("sheet-mapping", "Tên tập thể/cá nhân/hộ gia đình").await;
    assert!(mapping.contains("Phân loại khen thưởng"), "{mapping}");
    d.wait_value("sheet-header-row", "3").await;
    // The list has no decision date: the clerk gives one for every row.
    d.find("constant-decided_on").await.send_keys("15/06/2022").await.unwrap();
    d.find("sheet-check").await.click().await.unwrap();
    d.wait_contains("sheet-checked", "9 bản ghi sẽ được thêm").await;
    d.screenshot("sheet-import-mapping").await;
    d.find("sheet-apply").await.click().await.unwrap();
    d.wait_contains("registers-notice", "9 bản ghi đã thêm").await;
    d.screenshot("sheet-import-done").await;
    d.stop().await;
    let after = thidua_api::Workspace::open(data.path()).unwrap().status().unwrap().counts["commendations"];
    assert_eq!(after, before + 9);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_ward_moves_to_a_new_laptop_by_restoring_its_usb_copy_in_the_window() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = tmp.path().join("demo");
    thidua_api::demo::run_demo(&demo, 1, "2022-H1").unwrap();
    let old_laptop = std::fs::read_dir(demo.join("wards")).unwrap().next().unwrap().unwrap().path();
    let usb = tmp.path().join("USB");
    std::fs::create_dir(&usb).unwrap();
    let (copy, old_status) = {
        let ws = thidua_api::Workspace::open(&old_laptop).unwrap();
        (ws.copy_installation(&usb).unwrap(), ws.status().unwrap())
    };

    // The new laptop's first launch: no installation, so the welcome screen offers the restore.
    let new_laptop = tmp.path().join("máy mới");
    let d = Driver::start(&new_laptop).await;
    d.find("restore-copy").await;
    d.answer_dialogs_with(Path::new(&copy.path)).await;
    d.find("restore-copy").await.click().await.unwrap();
    // The copy asks for the code written on the stick's label.
    d.find("copy-code").await.send_keys(&copy.code.to_lowercase()).await.unwrap();
    d.screenshot("new-laptop-copy-code").await;
    d.find("restore-copy-go").await.click().await.unwrap();
    let flash = d.wait_contains("flash", "khóa ký mới").await;
    assert!(flash.contains("Đã khôi phục dữ liệu của") && flash.contains("cấp trên thu hồi khóa cũ"), "{flash}");
    assert!(flash.contains("nghe mã xác nhận khóa của cấp trên"), "{flash}");
    d.screenshot("new-laptop-restored").await;

    // The city's key came in the copy: the clerk confirms it with the fingerprint heard by phone.
    let city_fingerprint = thidua_api::Workspace::open(&demo.join("city")).unwrap().identity().unwrap().fingerprint;
    d.find("nav-exchange").await.click().await.unwrap();
    d.find("confirm-parent-fingerprint").await.send_keys(&city_fingerprint).await.unwrap();
    d.screenshot("new-laptop-confirm-parent").await;
    d.find("confirm-parent-go").await.click().await.unwrap();
    d.wait_contains("exchange-notice", "Đã xác nhận khóa của").await;

    // Cài đặt: a backup now, listed; and the copy for the next move.
    d.find("nav-settings").await.click().await.unwrap();
    d.find("backup-now").await.click().await.unwrap();
    d.wait_contains("backup-list", "Sao lưu theo yêu cầu").await;
    let usb2 = tmp.path().join("USB 2");
    std::fs::create_dir(&usb2).unwrap();
    d.answer_dialogs_with(&usb2).await;
    d.find("copy-all").await.click().await.unwrap();
    let notice = d.wait_contains("settings-notice", ".thidua-bansao").await;
    assert!(notice.contains("Mã bản sao: "), "{notice}");
    d.screenshot("settings-backups").await;
    d.stop().await;

    let ws = thidua_api::Workspace::open(&new_laptop).unwrap();
    let status = ws.status().unwrap();
    for kind in ["reports", "bundles_sent", "initiatives"] {
        assert_eq!(status.counts.get(kind), old_status.counts.get(kind), "{kind}");
    }
    let keys = ws.keys().unwrap();
    assert!(keys.iter().all(|k| !k.unconfirmed), "the city's key is confirmed");
    let own: Vec<_> = keys.iter().filter(|k| k.role == thidua_api::KeyRole::Own).collect();
    assert_eq!(own.len(), 2, "the old key (revoked here) and the new one");
    assert!(own.iter().any(|k| k.revoked_at.is_none() && flash.contains(&k.fingerprint)));
    assert_eq!(std::fs::read_dir(&usb2).unwrap().count(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bundle_double_clicked_in_the_file_manager_opens_the_import_screen() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = tmp.path().join("demo");
    thidua_api::demo::run_demo(&demo, 2, "2022-H1").unwrap();
    let ward_dir = std::fs::read_dir(demo.join("wards")).unwrap().next().unwrap().unwrap().path();
    let mut ward = thidua_api::Workspace::open(&ward_dir).unwrap();
    ward.revise_report("2022-H1").unwrap();
    ward.set_figure("2022-H1", "1.1", Some(77), "Bổ sung").unwrap();
    let bundle = tmp.path().join("Tệp đính kèm").join("báo cáo lần 2.thidua");
    std::fs::create_dir_all(bundle.parent().unwrap()).unwrap();
    ward.export_report_bundle("2022-H1", &bundle).unwrap();
    drop(ward);

    let city = demo.join("city");
    let d = Driver::start_with_args(&city, &[&bundle]).await;
    let card = d.wait_contains("opened-card", "báo cáo lần 2.thidua").await;
    assert!(card.contains("Nhập tệp này"), "{card}");
    // The import button has the focus: Enter is all it takes.
    assert_eq!(d.focused().await, "import-opened");
    d.press(fantoccini::key::Key::Enter).await;
    let outcomes = d.wait_contains("import-outcomes", "Đã nhập").await;
    assert!(outcomes.contains("lần 2"), "{outcomes}");
    d.screenshot("opened-bundle-imported").await;
    d.stop().await;
    let city = thidua_api::Workspace::open(&city).unwrap();
    let code = ward_dir.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(city.received_figure(&code, "2022-H1", "1.1").unwrap(), Some(77));
}

/// An old laptop's 1366×768 screen: every area fits its width, the sidebar its height; and a
/// clerk without a mouse opens the registers, picks a record with the arrow keys, corrects it
/// and saves, all from the keyboard.
#[tokio::test(flavor = "multi_thread")]
async fn every_screen_fits_1366_by_768_and_a_record_is_corrected_with_the_keyboard_alone() {
    use fantoccini::key::Key;
    let data = sample_ward();
    let d = Driver::start(data.path()).await;
    d.client.set_window_rect(0, 0, 1366, 768).await.unwrap();
    d.find("home-unit").await;
    // A ward has no units below it: the upper level's area, empty here, is not offered.
    assert!(!shown(&d, "nav-consolidation").await, "a ward sees Tổng hợp");
    for area in ["home", "plans", "registers", "reports", "exchange", "yearEnd", "settings"] {
        d.find(&format!("nav-{area}")).await.click().await.unwrap();
        d.css("main h1").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let script = "const nav = document.querySelector('nav.sidebar'); \
                      return [document.documentElement.scrollWidth, window.innerWidth, nav.scrollHeight, window.innerHeight];";
        let sizes: Vec<i64> = serde_json::from_value(d.client.execute(script, vec![]).await.unwrap()).unwrap();
        assert!(sizes[1] <= 1366 && sizes[3] <= 768, "the window is not 1366×768: {sizes:?}");
        assert!(sizes[0] <= sizes[1], "{area} scrolls sideways at 1366×768: {sizes:?}");
        assert!(sizes[2] <= sizes[3], "the sidebar does not fit 768 px: {sizes:?}");
        d.screenshot(&format!("1366x768-{area}")).await;

        // Its "?" says what the screen is for, what to do next and which sections of the guide
        // tell more.
        d.find("help-open").await.click().await.unwrap();
        let purpose = d.find("help-purpose").await.text().await.unwrap();
        assert!(purpose.len() > 20, "{area}: the help says nothing: {purpose:?}");
        let sections = d.find("help-sections").await.text().await.unwrap();
        assert!(sections.starts_with("Mục "), "{area}: the help names no section of the guide: {sections:?}");
        if area == "exchange" {
            d.screenshot("help-exchange").await;
            // A section named there reads in the panel as printed, its pictures by caption.
            d.find("help-section-6").await.click().await.unwrap();
            let reading = d.wait_contains("help-reading", "Mục 6. Gửi báo cáo lên cấp trên").await;
            assert!(reading.contains("«Xuất tệp định danh…»") && reading.contains("Hình 6.1."), "{reading}");
            assert!(shown(&d, "help-open-pdf").await);
            d.screenshot("help-reading").await;
            d.find("help-back").await.click().await.unwrap();
            d.find("help-purpose").await;
        }
        d.find("help-close").await.click().await.unwrap();
        wait_gone(&d, "help-panel").await;
    }

    // From the top of the page, with Tab and Enter only.
    d.client.execute("document.activeElement && document.activeElement.blur();", vec![]).await.unwrap();
    d.tab_to("nav-registers").await;
    d.press(Key::Enter).await;
    d.find("record-list").await;
    d.tab_to("record-list").await;
    d.press(Key::Down).await;
    d.press(Key::Down).await;
    d.press(Key::Enter).await;
    d.find("record-form").await;
    let first = d.focused().await;
    assert!(first.starts_with("record-field-"), "the form's first field has the focus, not {first:?}");
    let title = d.client.active_element().await.unwrap().prop("value").await.unwrap().unwrap_or_default();
    d.press(Key::End).await;
    d.client.active_element().await.unwrap().send_keys(" (đã sửa)").await.unwrap();
    d.tab_to("record-reason").await;
    d.client.active_element().await.unwrap().send_keys("Sửa tên cho đúng biên bản").await.unwrap();
    d.press(Key::Enter).await;
    d.find("record-saved").await;
    d.screenshot("keyboard-record-saved").await;
    d.press(Key::Escape).await;
    d.stop().await;

    let ws = thidua_api::Workspace::open(data.path()).unwrap();
    let page = ws.list_records(&thidua_api::RecordQuery::all(thidua_api::RegisterKind::Initiative)).unwrap();
    assert!(
        page.rows
            .iter()
            .any(|r| r.fields.get(&first["record-field-".len()..]).and_then(|v| v.as_str()) == Some(&format!("{title} (đã sửa)"))),
        "no record titled {title:?} (đã sửa)"
    );
}

/// The memory of the running app: thidua-app and every process under it (WebKit's web and
/// network processes), as (PSS, RSS) in KB. PSS shares libraries fairly between processes, so
/// it is what the laptop's 4 GB really lose; RSS counts shared pages in each.
fn app_memory_kb() -> (u64, u64) {
    let mut parents = std::collections::HashMap::new();
    let mut names = std::collections::HashMap::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { continue };
        // "pid (comm) state ppid ...": comm may hold spaces, so split after the last ')'.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else { continue };
        let ppid = stat[close + 2..].split(' ').nth(1).and_then(|p| p.parse::<u32>().ok()).unwrap_or(0);
        parents.insert(pid, ppid);
        names.insert(pid, stat[open + 1..close].to_owned());
    }
    let mut app: Vec<u32> = names.iter().filter(|(_, n)| n.as_str() == "thidua-app").map(|(p, _)| *p).collect();
    let mut i = 0;
    while i < app.len() {
        let parent = app[i];
        app.extend(parents.iter().filter(|(_, pp)| **pp == parent).map(|(p, _)| *p));
        i += 1;
    }
    let field = |pid: u32, name: &str| -> u64 {
        std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
            .unwrap_or_default()
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    let mut by_name: std::collections::BTreeMap<&str, u64> = Default::default();
    for p in &app {
        *by_name.entry(names[p].as_str()).or_default() += field(*p, "Pss:");
    }
    eprintln!("PSS by process (KB): {by_name:?}");
    if std::env::var_os("THIDUA_SMAPS_DUMP").is_some() {
        for p in &app {
            eprintln!("largest mappings of {} (PSS KB): {:?}", names[p], largest_mappings(*p));
        }
    }
    (app.iter().map(|p| field(*p, "Pss:")).sum(), app.iter().map(|p| field(*p, "Rss:")).sum())
}

/// A process's memory by what is mapped (a library, `[heap]`, `[anon]`), as PSS in KB, the
/// largest first: the profile behind the window's figures in BENCHMARKS.md.
fn largest_mappings(pid: u32) -> Vec<(String, u64)> {
    let mut by_mapping: std::collections::HashMap<String, u64> = Default::default();
    let mut current = String::new();
    for line in std::fs::read_to_string(format!("/proc/{pid}/smaps")).unwrap_or_default().lines() {
        let mut words = line.split_whitespace();
        match words.next() {
            // "start-end perms offset dev inode [path]" opens each mapping.
            Some(range) if range.contains('-') && !range.ends_with(':') => {
                current = words.nth(4).unwrap_or("[anon]").to_owned();
            }
            Some("Pss:") => *by_mapping.entry(current.clone()).or_default() += words.next().and_then(|v| v.parse().ok()).unwrap_or(0),
            _ => {}
        }
    }
    let mut mappings: Vec<(String, u64)> = by_mapping.into_iter().collect();
    mappings.sort_by_key(|(_, kb)| std::cmp::Reverse(*kb));
    mappings.truncate(12);
    mappings
}

/// A benchmark, not a test (bench/run.sh runs it with `--ignored`): the app's cold start to its
/// first usable screen, and filtering a register of 50,000 records, on the data directory in
/// `THIDUA_BENCH_DATA` (filled by the `fill_registers` example). Prints the figures.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "a benchmark: bash bench/run.sh runs it"]
async fn bench_cold_start_and_filtering_a_large_register() {
    let data = PathBuf::from(std::env::var_os("THIDUA_BENCH_DATA").expect("THIDUA_BENCH_DATA: a data directory"));
    let mut starts = Vec::new();
    let mut filters = Vec::new();
    let mut memory = Vec::new();
    for _ in 0..5 {
        let (d, started) = Driver::start_timed(&data).await;
        d.find("nav-unit").await;
        starts.push(started.elapsed());
        d.find("nav-registers").await.click().await.unwrap();
        let mut total = String::new();
        for _ in 0..200 {
            total = d.find("record-total").await.text().await.unwrap_or_default();
            if !total.is_empty() && !total.starts_with("0 ") {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        // From choosing a status to the list showing its count, measured in the page.
        let script = r#"
            const done = arguments[arguments.length - 1];
            const select = document.querySelector("[data-testid='filter-status']");
            const total = document.querySelector("[data-testid='record-total']");
            const before = total.textContent;
            const started = performance.now();
            const setter = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "value").set;
            setter.call(select, select.options[2].value);
            select.dispatchEvent(new Event("change", { bubbles: true }));
            const poll = () => total.textContent !== before ? done(performance.now() - started) : requestAnimationFrame(poll);
            requestAnimationFrame(poll);
        "#;
        let ms = d.client.execute_async(script, vec![]).await.unwrap().as_f64().unwrap();
        filters.push(ms);
        let filtered = d.find("record-total").await.text().await.unwrap();
        eprintln!("list: {total}; filtered: {filtered}");
        memory.push(app_memory_kb());
        d.stop().await;
    }
    starts.sort();
    filters.sort_by(f64::total_cmp);
    memory.sort();
    let (pss, rss) = memory[2];
    println!(
        "app memory with the register listed and filtered (thidua-app and its WebKit processes): PSS {} MB, RSS {} MB",
        pss / 1024,
        rss / 1024
    );
    println!(
        "cold start to first usable screen: median {:.0} ms (runs: {:?}); filtering the register: median {:.0} ms (runs: {:?})",
        starts[2].as_secs_f64() * 1000.0,
        starts.iter().map(|d| d.as_millis()).collect::<Vec<_>>(),
        filters[2],
        filters.iter().map(|f| f.round() as i64).collect::<Vec<_>>()
    );
}
