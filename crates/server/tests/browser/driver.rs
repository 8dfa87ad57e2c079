//! Headless Chromium through chromedriver: finding the binaries, starting chromedriver
//! on a free loopback port, and the few page actions the workflow needs (fill, pick,
//! tick, click, read, screenshot).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// Where the binaries are looked for, unless `MULTISITE_CHROMIUM` / `MULTISITE_CHROMEDRIVER` say.
const CHROMIUM: [&str; 3] = [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
];
const CHROMEDRIVER: [&str; 2] = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"];

fn find(var: &str, candidates: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(var) {
        return Some(PathBuf::from(p)).filter(|p| p.exists());
    }
    candidates.iter().map(PathBuf::from).find(|p| p.exists())
}

/// The browser and its driver, or why the test cannot run. When neither is configured
/// nor installed and the test runs as root on a Debian-like system, installs Debian's
/// `chromium` and `chromium-driver` first, as CI does, so the test command works on a
/// fresh machine.
pub fn binaries() -> Result<(PathBuf, PathBuf), String> {
    let found = || {
        (
            find("MULTISITE_CHROMIUM", &CHROMIUM),
            find("MULTISITE_CHROMEDRIVER", &CHROMEDRIVER),
        )
    };
    let (mut chromium, mut driver) = found();
    let configured = std::env::var_os("MULTISITE_CHROMIUM").is_some()
        || std::env::var_os("MULTISITE_CHROMEDRIVER").is_some();
    if (chromium.is_none() || driver.is_none()) && !configured {
        install_chromium();
        (chromium, driver) = found();
    }
    match (chromium, driver) {
        (Some(c), Some(d)) => Ok((c, d)),
        (c, d) => Err(format!(
            "the browser test needs Chromium and chromedriver (apt-get install -y chromium chromium-driver); \
             chromium: {}, chromedriver: {}. Set MULTISITE_CHROMIUM / MULTISITE_CHROMEDRIVER to their paths, \
             or MULTISITE_SKIP_BROWSER=1 to skip this test",
            c.map(|p| p.display().to_string()).unwrap_or_else(|| "not found".into()),
            d.map(|p| p.display().to_string()).unwrap_or_else(|| "not found".into()),
        )),
    }
}

/// Installs Chromium and its driver from the distribution's packages when apt-get is
/// there and the test runs as root; otherwise leaves the machine alone.
fn install_chromium() {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"));
    if !root || !Path::new("/usr/bin/apt-get").exists() {
        return;
    }
    eprintln!("installing chromium and chromium-driver with apt-get for the browser test");
    let apt = |args: &[&str]| {
        Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !apt(&["update", "-qq"]) || !apt(&["install", "-y", "-qq", "chromium", "chromium-driver"]) {
        eprintln!("apt-get could not install chromium and chromium-driver");
    }
}

/// chromedriver, stopped when dropped.
pub struct Driver {
    child: Child,
    pub port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    l.local_addr().expect("addr").port()
}

/// Start chromedriver and wait until it answers.
pub async fn start_driver(path: &Path) -> Driver {
    let port = free_port();
    let child = Command::new(path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", path.display()));
    let driver = Driver { child, port };
    let http = reqwest::Client::new();
    for _ in 0..200 {
        if http
            .get(format!("http://127.0.0.1:{port}/status"))
            .send()
            .await
            .is_ok()
        {
            return driver;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not answer on port {port}");
}

/// A browser session on the orchestrator.
pub struct Ui {
    pub c: Client,
    pub base: String,
    pub shots: PathBuf,
    _profile: multisite_testkit::TempDir,
}

impl Ui {
    pub async fn open(driver: &Driver, chromium: &Path, base: &str, shots: PathBuf) -> Ui {
        let profile = multisite_testkit::TempDir::new("multisite-chromium");
        let args = [
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--window-size=1600,1100".into(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({"binary": chromium.display().to_string(), "args": args}),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let c = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .expect("a WebDriver session");
        std::fs::create_dir_all(&shots).expect("screenshot dir");
        Ui {
            c,
            base: base.to_string(),
            shots,
            _profile: profile,
        }
    }

    pub async fn goto(&self, path: &str) {
        self.c
            .goto(&format!("{}{path}", self.base))
            .await
            .expect("goto");
    }

    pub async fn path(&self) -> String {
        let u = self.c.current_url().await.expect("url");
        let mut p = u.path().to_string();
        if let Some(q) = u.query() {
            p.push('?');
            p.push_str(q);
        }
        p
    }

    pub async fn by_id(&self, id: &str) -> Element {
        match self.c.find(Locator::Id(id)).await {
            Ok(e) => e,
            Err(e) => panic!("no element #{id} on {}: {e}", self.path().await),
        }
    }

    pub async fn fill(&self, id: &str, value: &str) {
        let e = self.by_id(id).await;
        e.clear().await.expect("clear");
        e.send_keys(value).await.expect("type");
    }

    pub async fn pick(&self, id: &str, label: &str) {
        self.by_id(id)
            .await
            .select_by_label(label)
            .await
            .unwrap_or_else(|e| panic!("#{id}: no option '{label}': {e}"));
    }

    pub async fn pick_value(&self, id: &str, value: &str) {
        self.by_id(id)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("#{id}: no option value '{value}': {e}"));
    }

    pub async fn tick(&self, id: &str) {
        let e = self.by_id(id).await;
        if !e.is_selected().await.expect("selected") {
            e.click().await.expect("tick");
        }
    }

    pub async fn untick(&self, id: &str) {
        let e = self.by_id(id).await;
        if e.is_selected().await.expect("selected") {
            e.click().await.expect("untick");
        }
    }

    /// Click the button or link whose text is `text` (exact, trimmed).
    pub async fn click(&self, text: &str) {
        let xp =
            format!("//button[normalize-space(.)='{text}'] | //a[normalize-space(.)='{text}']");
        let e = match self.c.find(Locator::XPath(&xp)).await {
            Ok(e) => e,
            Err(e) => panic!(
                "nothing to click named '{text}' on {}: {e}",
                self.path().await
            ),
        };
        self.navigating(|| async { e.click().await.expect("click") })
            .await;
    }

    /// Run an action that loads a new page, and wait until that page has loaded.
    pub async fn navigating<F, Fut>(&self, act: F)
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = ()>,
    {
        self.c
            .execute("window.__previousPage = true;", vec![])
            .await
            .expect("mark page");
        act().await;
        for _ in 0..300 {
            let done = self
                .c
                .execute("return !window.__previousPage && document.readyState === 'complete' && !!document.body;", vec![])
                .await
                .map(|v| v == serde_json::Value::Bool(true))
                .unwrap_or(false);
            if done {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "the page did not load after an action on {}",
            self.path().await
        );
    }

    /// Press Enter in a field: submits its form, as a keyboard user would.
    pub async fn enter(&self, id: &str) {
        let e = self.by_id(id).await;
        self.navigating(|| async { e.send_keys("\u{E007}").await.expect("enter") })
            .await;
    }

    pub async fn text(&self) -> String {
        self.c
            .find(Locator::Css("body"))
            .await
            .expect("body")
            .text()
            .await
            .expect("text")
    }

    /// The page's text, read without failing while a page is being replaced ("" then).
    pub async fn text_now(&self) -> String {
        self.c
            .execute(
                "return document.body ? document.body.innerText : '';",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// Look at the page up to `tries` times, 100 ms apart, until its text satisfies
    /// `done`; the last text read either way.
    pub async fn wait_text(
        &self,
        tries: u32,
        done: impl Fn(&str) -> bool,
    ) -> Result<String, String> {
        let mut text = String::new();
        for _ in 0..tries {
            text = self.text_now().await;
            if done(&text) {
                return Ok(text);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(text)
    }

    /// The error shown beside field `name`, if any.
    pub async fn field_error(&self, name: &str) -> Option<String> {
        match self.c.find(Locator::Id(&format!("f-{name}-error"))).await {
            Ok(e) => Some(e.text().await.expect("error text")),
            Err(_) => None,
        }
    }

    pub async fn shot(&self, name: &str) {
        let png = self.c.screenshot().await.expect("screenshot");
        std::fs::write(self.shots.join(format!("{name}.png")), png).expect("write screenshot");
    }
}
