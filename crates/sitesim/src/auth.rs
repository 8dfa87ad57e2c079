//! Sessions and credentials: the `APIC-cookie` tokens handed out by `aaaLogin`, their
//! inactivity timeout, lenient `Cookie` header parsing, and HTTP basic auth for the
//! emulator's own control endpoints.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use rand::Rng;

/// The session inactivity timeout a real APIC reports as `refreshTimeoutSeconds`.
pub const REFRESH_TIMEOUT: Duration = Duration::from_secs(600);
/// The longest a session may live, refreshed or not (`maximumLifetimeSeconds`).
pub const MAXIMUM_LIFETIME: Duration = Duration::from_secs(86_400);

/// Name of the session cookie.
pub const COOKIE_NAME: &str = "APIC-cookie";

/// Why a request's session was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionError {
    /// No `APIC-cookie` at all.
    Missing,
    /// A token this site never issued, or one that was logged out.
    Unknown,
    /// A token that was not used for longer than the refresh timeout.
    Expired,
}

impl SessionError {
    /// APIC's wording for the 403 envelope.
    pub fn text(self) -> &'static str {
        match self {
            SessionError::Missing => {
                "Need a valid webtoken cookie (named APIC-Cookie) or a signed request with signature in the cookie."
            }
            SessionError::Unknown => "Token was invalid (Error: Token not found)",
            SessionError::Expired => "Token was invalid (Error: Token timeout)",
        }
    }
}

#[derive(Debug, Clone)]
struct Session {
    user: String,
    created: Instant,
    last_used: Instant,
}

/// The live sessions of one site.
#[derive(Debug, Default)]
pub struct Sessions {
    by_token: HashMap<String, Session>,
}

impl Sessions {
    /// Open a session for `user` and return its token.
    pub fn open(&mut self, user: &str, now: Instant) -> String {
        self.prune(now);
        let token = new_token();
        self.by_token.insert(
            token.clone(),
            Session {
                user: user.to_string(),
                created: now,
                last_used: now,
            },
        );
        token
    }

    /// Check a token and restart its inactivity timer. Returns the session's user.
    pub fn touch(&mut self, token: Option<&str>, now: Instant) -> Result<String, SessionError> {
        let token = token.ok_or(SessionError::Missing)?;
        let session = self.by_token.get_mut(token).ok_or(SessionError::Unknown)?;
        let idle = now.saturating_duration_since(session.last_used);
        let age = now.saturating_duration_since(session.created);
        if idle > REFRESH_TIMEOUT || age > MAXIMUM_LIFETIME {
            self.by_token.remove(token);
            return Err(SessionError::Expired);
        }
        session.last_used = now;
        Ok(session.user.clone())
    }

    /// Replace a valid token with a new one (`aaaRefresh`). Returns the user and new token.
    pub fn refresh(
        &mut self,
        token: Option<&str>,
        now: Instant,
    ) -> Result<(String, String), SessionError> {
        let user = self.touch(token, now)?;
        if let Some(old) = token {
            self.by_token.remove(old);
        }
        let token = self.open(&user, now);
        Ok((user, token))
    }

    /// End a session; unknown tokens are ignored.
    pub fn close(&mut self, token: &str) {
        self.by_token.remove(token);
    }

    /// Number of live sessions.
    pub fn len(&self) -> usize {
        self.by_token.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_token.is_empty()
    }

    fn prune(&mut self, now: Instant) {
        self.by_token.retain(|_, s| {
            now.saturating_duration_since(s.last_used) <= REFRESH_TIMEOUT
                && now.saturating_duration_since(s.created) <= MAXIMUM_LIFETIME
        });
    }
}

fn new_token() -> String {
    let bytes: [u8; 24] = rand::thread_rng().gen();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Find the `APIC-cookie` value in `Cookie` header values. Clients send the whole
/// `Set-Cookie` value back (`APIC-cookie=t; path=/; HttpOnly`), so attributes are skipped.
/// The cookie name is matched case-insensitively.
pub fn token_from_cookies<'a>(headers: impl IntoIterator<Item = &'a str>) -> Option<String> {
    headers
        .into_iter()
        .flat_map(|h| h.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            let value = value.trim().trim_matches('"');
            (name.trim().eq_ignore_ascii_case(COOKIE_NAME) && !value.is_empty())
                .then(|| value.to_string())
        })
}

/// Decode `Authorization: Basic <base64(user:password)>` into `(user, password)`.
pub fn basic_credentials(header: &str) -> Option<(String, String)> {
    let (scheme, encoded) = header.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(base64_decode(encoded.trim())?).ok()?;
    let (user, password) = decoded.split_once(':')?;
    Some((user.to_string(), password.to_string()))
}

fn base64_decode(input: &str) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let data = input.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(data.len() * 3 / 4);
    for chunk in data.chunks(4) {
        if chunk.len() == 1 {
            return None;
        }
        let mut acc = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            acc |= value(c)? << (18 - 6 * i);
        }
        let bytes = acc.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_header_is_parsed_leniently() {
        let t = token_from_cookies(["APIC-cookie=abc123; path=/; HttpOnly"]);
        assert_eq!(t.as_deref(), Some("abc123"));
        let t = token_from_cookies(["other=1", "path=/; apic-Cookie=\"x9\"; Secure"]);
        assert_eq!(t.as_deref(), Some("x9"));
        assert_eq!(token_from_cookies(["path=/; HttpOnly"]), None);
        assert_eq!(token_from_cookies(["APIC-cookie=; path=/"]), None);
    }

    #[test]
    fn sessions_expire_after_inactivity_but_not_while_used() {
        let mut s = Sessions::default();
        let t0 = Instant::now();
        let token = s.open("admin", t0);
        let step = REFRESH_TIMEOUT - Duration::from_secs(1);
        assert_eq!(s.touch(Some(&token), t0 + step).unwrap(), "admin");
        assert_eq!(s.touch(Some(&token), t0 + step * 2).unwrap(), "admin");
        let late = t0 + step * 2 + REFRESH_TIMEOUT + Duration::from_secs(1);
        assert_eq!(s.touch(Some(&token), late), Err(SessionError::Expired));
        assert_eq!(s.touch(Some(&token), late), Err(SessionError::Unknown));
        assert_eq!(s.touch(None, late), Err(SessionError::Missing));
    }

    #[test]
    fn refresh_replaces_the_token_and_close_ends_it() {
        let mut s = Sessions::default();
        let now = Instant::now();
        let old = s.open("admin", now);
        let (user, new) = s.refresh(Some(&old), now).unwrap();
        assert_eq!(user, "admin");
        assert_ne!(old, new);
        assert_eq!(s.touch(Some(&old), now), Err(SessionError::Unknown));
        s.close(&new);
        assert!(s.is_empty());
    }

    #[test]
    fn basic_auth_decodes() {
        // "admin:pw" and "admin:p:w" (a colon inside the password).
        assert_eq!(
            basic_credentials("Basic YWRtaW46cHc="),
            Some(("admin".into(), "pw".into()))
        );
        assert_eq!(
            basic_credentials("basic YWRtaW46cDp3"),
            Some(("admin".into(), "p:w".into()))
        );
        assert_eq!(basic_credentials("Bearer xyz"), None);
        assert_eq!(basic_credentials("Basic !!!"), None);
    }
}
