//! Logging in, the session cookie as cisco.aci sends it back, and refusals.

mod common;

use common::*;

#[tokio::test]
async fn login_sets_the_cookie_and_reports_the_version() {
    let dir = data_dir("login");
    let site = start(2, &dir).await;
    let body = r#"{"aaaUser": {"attributes": {"name": "admin", "pwd": "s3cret!"}}}"#;
    let reply = send(site.addr(), "POST", "/api/aaaLogin.json", None, Some(body)).await;
    assert_eq!(reply.status, 200);
    let cookie = reply.header("set-cookie").unwrap();
    let token = cookie
        .strip_prefix("APIC-cookie=")
        .unwrap()
        .split(';')
        .next()
        .unwrap();
    assert!(cookie.ends_with("; path=/; HttpOnly"), "{cookie}");
    let v = reply.json();
    let attrs = &v["imdata"][0]["aaaLogin"]["attributes"];
    assert_eq!(v["totalCount"], "1");
    assert_eq!(attrs["token"], token);
    assert_eq!(attrs["version"], "4.2(7w)");
    assert_eq!(attrs["refreshTimeoutSeconds"], "600");
    assert_eq!(attrs["userName"], "admin");
    assert_eq!(reply.header("connection"), Some("close"));
    site.stop().await.unwrap();
}

#[tokio::test]
async fn wrong_password_is_a_401_envelope() {
    let dir = data_dir("badpw");
    let site = start(1, &dir).await;
    for body in [
        r#"{"aaaUser": {"attributes": {"name": "admin", "pwd": "nope"}}}"#,
        r#"{"aaaUser": {"attributes": {"name": "guest", "pwd": "s3cret!"}}}"#,
    ] {
        let reply = send(site.addr(), "POST", "/api/aaaLogin.json", None, Some(body)).await;
        assert_eq!(reply.status, 401);
        assert!(reply.header("set-cookie").is_none());
        assert_eq!(
            reply.apic_error(),
            (
                "401".to_string(),
                "Username or password is incorrect - FAILED local authentication".to_string()
            )
        );
    }
    let reply = send(
        site.addr(),
        "POST",
        "/api/aaaLogin.json",
        None,
        Some("not json"),
    )
    .await;
    assert_eq!(reply.status, 400);
    site.stop().await.unwrap();
}

#[tokio::test]
async fn requests_without_a_valid_cookie_get_403() {
    let dir = data_dir("noauth");
    let site = start(1, &dir).await;
    let reply = send(site.addr(), "GET", "/api/mo/uni/tn-common.json", None, None).await;
    assert_eq!(reply.status, 403);
    assert_eq!(
        reply.apic_error().1,
        "Need a valid webtoken cookie (named APIC-Cookie) or a signed request with signature in the cookie."
    );
    let reply = send(
        site.addr(),
        "GET",
        "/api/mo/uni/tn-common.json",
        Some("APIC-cookie=forged; path=/; HttpOnly"),
        None,
    )
    .await;
    assert_eq!(reply.status, 403);
    assert_eq!(reply.apic_error().0, "403");
    // Control endpoints refuse too, and say how to authenticate.
    let reply = send(site.addr(), "GET", "/_sitesim/info", None, None).await;
    assert_eq!(reply.status, 401);
    assert!(reply.header("www-authenticate").is_some());
    site.stop().await.unwrap();
}

#[tokio::test]
async fn refresh_replaces_the_token_and_logout_ends_it() {
    let dir = data_dir("refresh");
    let site = start(1, &dir).await;
    let cookie = login(site.addr()).await;
    let reply = get(site.addr(), &cookie, "/api/aaaRefresh.json").await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let fresh = reply.header("set-cookie").unwrap().to_string();
    assert_ne!(fresh, cookie);
    let old = get(site.addr(), &cookie, "/api/class/fvTenant.json").await;
    assert_eq!(old.status, 403);
    // The control endpoints take the session cookie as well as basic auth.
    let info = send(site.addr(), "GET", "/_sitesim/info", Some(&fresh), None).await;
    assert_eq!(info.status, 200);
    assert_eq!(info.json()["counters"]["logins"], 1);
    let logout = r#"{"aaaUser":{"attributes":{"name":"admin"}}}"#;
    let reply = send(
        site.addr(),
        "POST",
        "/api/aaaLogout.json",
        Some(&fresh),
        Some(logout),
    )
    .await;
    assert_eq!(reply.status, 200);
    let after = send(
        site.addr(),
        "GET",
        "/api/class/fvTenant.json",
        Some(&fresh),
        None,
    )
    .await;
    assert_eq!(after.status, 403);
    site.stop().await.unwrap();
}
