//! Requests to one site: URL building, the session cookie, logging in (again after a 403),
//! bounded retries with exponential backoff, and turning answers into JSON or errors.

use std::time::Duration;

use reqwest::{header, Method, StatusCode};
use serde_json::Value;
use tokio::sync::Mutex;

use crate::error::ApicClientError;

/// Knobs of the HTTP client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientOptions {
    /// Whole-request timeout.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Retries after the first attempt (GETs on failures and 5xx; other methods only when
    /// the connection could not be made).
    pub max_retries: u32,
    /// First backoff; doubled per retry up to `max_backoff`.
    pub backoff: Duration,
    pub max_backoff: Duration,
    /// Accept self-signed certificates, as most APICs have.
    pub accept_invalid_certs: bool,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(5),
            max_retries: 3,
            backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(2),
            accept_invalid_certs: false,
        }
    }
}

/// Characters left as they are in query values; everything else is percent-encoded.
fn query_safe(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

pub(crate) fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for &b in value.as_bytes() {
        if query_safe(b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `?k=v&...` with values encoded, or nothing.
pub(crate) fn query_string(query: &[(&str, &str)]) -> String {
    if query.is_empty() {
        return String::new();
    }
    let pairs: Vec<String> = query
        .iter()
        .map(|(k, v)| format!("{}={}", encode_query_value(k), encode_query_value(v)))
        .collect();
    format!("?{}", pairs.join("&"))
}

/// The `APIC-cookie` token in a `Set-Cookie` value.
pub(crate) fn token_from_set_cookie(value: &str) -> Option<String> {
    value.split(';').find_map(|pair| {
        let (name, token) = pair.trim().split_once('=')?;
        (name.trim().eq_ignore_ascii_case("APIC-cookie") && !token.is_empty())
            .then(|| token.trim().to_string())
    })
}

fn error_envelope(body: &Value) -> Option<(String, String)> {
    let attrs = body
        .get("imdata")?
        .get(0)?
        .get("error")?
        .get("attributes")?;
    let code = attrs
        .get("code")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let text = attrs
        .get("text")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    Some((code, text))
}

/// The HTTP side of a client.
#[derive(Debug)]
pub(crate) struct Transport {
    http: reqwest::Client,
    base: String,
    username: String,
    password: String,
    token: Mutex<Option<String>>,
    options: ClientOptions,
}

impl Transport {
    pub(crate) fn new(
        base_url: &str,
        username: &str,
        password: &str,
        options: ClientOptions,
    ) -> Result<Transport, ApicClientError> {
        let base = base_url.trim_end_matches('/').to_string();
        let invalid = |reason: String| ApicClientError::InvalidUrl {
            url: base_url.to_string(),
            reason,
        };
        let parsed = reqwest::Url::parse(&base).map_err(|e| invalid(e.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(invalid("expected http(s)://host[:port]".to_string()));
        }
        let http = reqwest::Client::builder()
            .timeout(options.timeout)
            .connect_timeout(options.connect_timeout)
            .danger_accept_invalid_certs(options.accept_invalid_certs)
            .build()
            .map_err(|e| invalid(e.to_string()))?;
        Ok(Transport {
            http,
            base,
            username: username.to_string(),
            password: password.to_string(),
            token: Mutex::new(None),
            options,
        })
    }

    pub(crate) fn base(&self) -> &str {
        &self.base
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.min(16));
        self.options
            .backoff
            .saturating_mul(factor)
            .min(self.options.max_backoff)
    }

    /// Send once; 200 gives the JSON body, anything else an error.
    async fn send(
        &self,
        method: &Method,
        url: &str,
        body: Option<&Value>,
        token: Option<&str>,
    ) -> Result<(Value, Option<String>), ApicClientError> {
        let mut request = self.http.request(method.clone(), url);
        if let Some(token) = token {
            request = request.header(header::COOKIE, format!("APIC-cookie={token}"));
        }
        if let Some(body) = body {
            request = request
                .header(header::CONTENT_TYPE, "application/json")
                .body(body.to_string());
        }
        let transport = |source| ApicClientError::Transport {
            method: method.to_string(),
            url: url.to_string(),
            source,
        };
        let response = request.send().await.map_err(transport)?;
        let status = response.status();
        let cookie = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(token_from_set_cookie);
        let text = response.text().await.map_err(transport)?;
        let parsed: Result<Value, _> = serde_json::from_str(&text);
        match (status, parsed) {
            (StatusCode::OK, Ok(value)) => Ok((value, cookie)),
            (status, Ok(value)) if error_envelope(&value).is_some() => {
                let (code, text) = error_envelope(&value).unwrap_or_default();
                Err(ApicClientError::Apic {
                    method: method.to_string(),
                    url: url.to_string(),
                    status: status.as_u16(),
                    code,
                    text,
                })
            }
            (status, _) => {
                let mut detail: String = text.chars().take(200).collect();
                if detail.is_empty() {
                    detail = "empty or non-APIC body".to_string();
                }
                Err(ApicClientError::Protocol {
                    method: method.to_string(),
                    url: url.to_string(),
                    status: status.as_u16(),
                    detail,
                })
            }
        }
    }

    async fn login_once(&self) -> Result<String, ApicClientError> {
        let url = format!("{}/api/aaaLogin.json", self.base);
        let body = serde_json::json!({"aaaUser": {"attributes": {"name": self.username, "pwd": self.password}}});
        match self.send(&Method::POST, &url, Some(&body), None).await {
            Ok((value, cookie)) => {
                let from_body = value
                    .pointer("/imdata/0/aaaLogin/attributes/token")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                cookie
                    .or(from_body)
                    .ok_or_else(|| ApicClientError::Protocol {
                        method: "POST".into(),
                        url,
                        status: 200,
                        detail: "login answered without a session token".into(),
                    })
            }
            Err(ApicClientError::Apic {
                status, code, text, ..
            }) if status < 500 => Err(ApicClientError::Login {
                url: self.base.clone(),
                status,
                code,
                text,
            }),
            Err(e) => Err(e),
        }
    }

    /// Log in (with retries on transient failures) and keep the token.
    pub(crate) async fn login(&self) -> Result<String, ApicClientError> {
        let mut slot = self.token.lock().await;
        let token = self.with_retries(true, || self.login_once()).await?;
        *slot = Some(token.clone());
        Ok(token)
    }

    async fn current_token(&self) -> Result<String, ApicClientError> {
        let mut slot = self.token.lock().await;
        if let Some(token) = slot.as_ref() {
            return Ok(token.clone());
        }
        let token = self.with_retries(true, || self.login_once()).await?;
        *slot = Some(token.clone());
        Ok(token)
    }

    async fn forget(&self, token: &str) {
        let mut slot = self.token.lock().await;
        if slot.as_deref() == Some(token) {
            *slot = None;
        }
    }

    async fn with_retries<T, F, Fut>(
        &self,
        idempotent: bool,
        mut attempt_fn: F,
    ) -> Result<T, ApicClientError>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, ApicClientError>>,
    {
        let mut attempt = 0;
        loop {
            match attempt_fn().await {
                Ok(v) => return Ok(v),
                Err(e)
                    if attempt < self.options.max_retries
                        && (e.never_sent() || (idempotent && e.is_transient())) =>
                {
                    tracing::debug!(error = %e, attempt, "retrying");
                    tokio::time::sleep(self.backoff(attempt)).await;
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// One API call with the session: logs in when needed, once more after a 403, and
    /// retries as the options say.
    pub(crate) async fn call(
        &self,
        method: Method,
        path_and_query: &str,
        body: Option<&Value>,
    ) -> Result<Value, ApicClientError> {
        let url = format!("{}{}", self.base, path_and_query);
        let idempotent = method == Method::GET;
        let mut logged_in_again = false;
        loop {
            let token = self.current_token().await?;
            let outcome = self
                .with_retries(idempotent, || async {
                    self.send(&method, &url, body, Some(&token))
                        .await
                        .map(|(v, _)| v)
                })
                .await;
            match outcome {
                Err(e) if e.status() == Some(403) && !logged_in_again => {
                    logged_in_again = true;
                    self.forget(&token).await;
                }
                other => return other,
            }
        }
    }

    /// End the session, if any.
    pub(crate) async fn logout(&self) -> Result<(), ApicClientError> {
        let token = self.token.lock().await.take();
        if let Some(token) = token {
            let url = format!("{}/api/aaaLogout.json", self.base);
            let body = serde_json::json!({"aaaUser": {"attributes": {"name": self.username}}});
            self.send(&Method::POST, &url, Some(&body), Some(&token))
                .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_fully_encoded() {
        assert_eq!(
            query_string(&[
                ("query-target-filter", r#"eq(fvTenant.name,"t 1")"#),
                ("page", "0")
            ]),
            "?query-target-filter=eq%28fvTenant.name%2C%22t%201%22%29&page=0"
        );
        assert_eq!(query_string(&[]), "");
    }

    #[test]
    fn token_is_found_in_set_cookie() {
        assert_eq!(
            token_from_set_cookie("APIC-cookie=abc; path=/; HttpOnly").as_deref(),
            Some("abc")
        );
        assert_eq!(token_from_set_cookie("other=1; path=/"), None);
    }

    #[test]
    fn envelope_errors_are_read() {
        let body = serde_json::json!({"totalCount":"1","imdata":[{"error":{"attributes":{"code":"103","text":"t"}}}]});
        assert_eq!(error_envelope(&body), Some(("103".into(), "t".into())));
        assert_eq!(error_envelope(&serde_json::json!({"imdata": []})), None);
    }

    #[test]
    fn urls_are_checked_and_backoff_is_bounded() {
        assert!(Transport::new("ftp://x", "admin", "pw", ClientOptions::default()).is_err());
        assert!(Transport::new("not a url", "admin", "pw", ClientOptions::default()).is_err());
        let t = Transport::new(
            "http://127.0.0.1:1/",
            "admin",
            "pw",
            ClientOptions::default(),
        )
        .unwrap();
        assert_eq!(t.base(), "http://127.0.0.1:1");
        assert_eq!(t.backoff(0), Duration::from_millis(200));
        assert_eq!(t.backoff(1), Duration::from_millis(400));
        assert_eq!(t.backoff(30), Duration::from_secs(2));
    }
}
