//! The web UI driven by real headless Chromium through the seed's workflow on the two
//! embedded sites: log in, infra configuration, tenant, schema and templates, every
//! template object, the site-local settings, validation, deployment followed until every
//! site is finished, the trace of scenario A, and an import from a site. Bad input is
//! refused beside its field and changes nothing.
//!
//! Needs `chromium` and `chromedriver`: installs Debian's packages when they are missing
//! and the test runs as root, else fails with a clear message unless
//! `MULTISITE_SKIP_BROWSER=1`. Screenshots go to `<target tmp>/ui-screenshots/`.

mod browser {
    pub mod driver;
    pub mod import;
    pub mod seed;
    pub mod workflow;
}

use browser::driver::{binaries, start_driver, Ui};
use multisite_testkit::{Options, TestServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn seed_workflow_in_the_browser() {
    if std::env::var("MULTISITE_SKIP_BROWSER").as_deref() == Ok("1") {
        eprintln!("MULTISITE_SKIP_BROWSER=1: the browser test is skipped");
        return;
    }
    let (chromium, chromedriver) = binaries().unwrap_or_else(|e| panic!("{e}"));
    let server = TestServer::start(Options {
        embedded_sites: true,
        ..Options::default()
    })
    .await;
    browser::seed::devices_and_pbr(&server).await;
    let driver = start_driver(&chromedriver).await;
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("ui-screenshots");
    let ui = Ui::open(&driver, &chromium, &server.base, shots.clone()).await;
    let result = browser::workflow::run(&ui, &server).await;
    let _ = ui.c.clone().close().await;
    result.unwrap_or_else(|e| panic!("{e}"));
    eprintln!("screenshots in {}", shots.display());
}

/// Without a browser: every page sends a visitor without a session to the login page,
/// and the login sets an HttpOnly, SameSite=Lax cookie.
#[tokio::test]
async fn pages_need_a_session() {
    let server = TestServer::start(Options::default()).await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    for path in [
        "/ui",
        "/ui/schemas",
        "/ui/sites",
        "/ui/infra",
        "/ui/tenants",
        "/ui/deploy/jobs/no-such-job",
    ] {
        let r = http
            .get(format!("{}{path}", server.base))
            .send()
            .await
            .expect("get");
        let to = r
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        assert!(
            r.status().is_redirection() && (to.starts_with("/ui/login") || to == "/ui/schemas"),
            "{path}: {} -> {to}",
            r.status()
        );
    }
    let r = http
        .post(format!("{}/ui/login", server.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "username=admin&password={}&next=%2Fui%2Fsites",
            multisite_testkit::PASSWORD
        ))
        .send()
        .await
        .expect("login");
    assert_eq!(r.status(), 303);
    let cookie = r
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(
        cookie.starts_with("AuthCookie=")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert_eq!(
        r.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/ui/sites")
    );
    let token = cookie.split(';').next().unwrap_or_default().to_string();
    let page = http
        .get(format!("{}/ui/sites", server.base))
        .header("cookie", &token)
        .send()
        .await
        .expect("sites");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(
        html.contains("<label for=\"f-name\">"),
        "the add-site form is labelled"
    );
    let job = http
        .get(format!("{}/ui/deploy/jobs/no-such-job", server.base))
        .header("cookie", &token)
        .send()
        .await
        .expect("job page");
    assert_eq!(job.status(), 404);
    assert!(job
        .text()
        .await
        .expect("html")
        .contains("There is no deploy job"));
    let bad = http
        .post(format!("{}/ui/login", server.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("username=admin&password=nope")
        .send()
        .await
        .expect("login");
    assert_eq!(bad.status(), 401);
    assert!(bad.headers().get("set-cookie").is_none());
}
