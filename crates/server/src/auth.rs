//! Users, password hashes and bearer tokens.
//!
//! The one built-in user is `admin`; its password is hashed with argon2 and kept in the
//! store. A login hands out an opaque random token that is accepted as
//! `Authorization: Bearer <token>` or as the `AuthCookie` cookie (Nexus Dashboard style).
//! Tokens expire after an idle period and after a maximum lifetime; a client that gets a
//! 401 logs in again, which both cisco.mso connection plugins do by themselves.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use axum::http::HeaderMap;
use rand::Rng;

/// How long a token stays valid without use.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30 * 60);
/// How long a token stays valid at most.
pub const MAX_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// Hash a password for storage.
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .unwrap_or_default()
}

/// Check a password against a stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A random password for a first start without one given.
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    (0..20)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

/// A 24-hex-digit id, the shape NDO's object ids have.
pub fn new_id() -> String {
    let mut rng = rand::thread_rng();
    (0..24)
        .map(|_| char::from_digit(rng.gen_range(0..16), 16).unwrap_or('0'))
        .collect()
}

#[derive(Debug, Clone)]
struct Session {
    user: String,
    created: Instant,
    last_used: Instant,
}

/// The live sessions of this process.
#[derive(Debug, Default)]
pub struct Sessions {
    inner: Mutex<HashMap<String, Session>>,
}

impl Sessions {
    /// Open a session for `user` and return its token.
    pub fn open(&self, user: &str) -> String {
        let mut bytes = [0u8; 24];
        rand::thread_rng().fill(&mut bytes);
        let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let now = Instant::now();
        let mut map = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        map.retain(|_, s| live(s, now));
        map.insert(
            token.clone(),
            Session {
                user: user.to_string(),
                created: now,
                last_used: now,
            },
        );
        token
    }

    /// The user a token belongs to, refreshing its idle timer.
    pub fn check(&self, token: &str) -> Option<String> {
        let now = Instant::now();
        let mut map = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let session = map.get_mut(token)?;
        if !live(session, now) {
            map.remove(token);
            return None;
        }
        session.last_used = now;
        Some(session.user.clone())
    }
}

fn live(s: &Session, now: Instant) -> bool {
    now.duration_since(s.last_used) < IDLE_TIMEOUT && now.duration_since(s.created) < MAX_LIFETIME
}

/// The token a request carries, from `Authorization: Bearer` or the `AuthCookie` cookie.
pub fn request_token(headers: &HeaderMap) -> Option<String> {
    if let Some(v) = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        if let Some(t) = v
            .strip_prefix("Bearer ")
            .or_else(|| v.strip_prefix("bearer "))
        {
            return Some(t.trim().to_string());
        }
    }
    for v in headers.get_all(axum::http::header::COOKIE) {
        let Ok(s) = v.to_str() else { continue };
        for pair in s.split(';') {
            if let Some((k, val)) = pair.trim().split_once('=') {
                if k.trim() == "AuthCookie" {
                    return Some(val.trim().to_string());
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_round_trip() {
        let h = hash_password("s3cret");
        assert!(verify_password("s3cret", &h));
        assert!(!verify_password("other", &h));
        assert!(!verify_password("s3cret", "not-a-hash"));
    }

    #[test]
    fn token_from_bearer_and_cookie() {
        let mut h = HeaderMap::new();
        h.insert("authorization", "Bearer abc".parse().unwrap());
        assert_eq!(request_token(&h).as_deref(), Some("abc"));
        let mut h = HeaderMap::new();
        h.insert("cookie", "x=1; AuthCookie=tok; y=2".parse().unwrap());
        assert_eq!(request_token(&h).as_deref(), Some("tok"));
        assert_eq!(request_token(&HeaderMap::new()), None);
    }

    #[test]
    fn sessions_check() {
        let s = Sessions::default();
        let t = s.open("admin");
        assert_eq!(s.check(&t).as_deref(), Some("admin"));
        assert_eq!(s.check("nope"), None);
    }
}
