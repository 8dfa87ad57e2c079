//! The one error type of the model: a kind the server maps to a status code, the
//! document path it concerns, and the full user-facing message.

use std::fmt::Display;

/// What kind of failure a [`ModelError`] is; the server maps it to an HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The request is malformed or would break the model's rules (400).
    BadRequest,
    /// The addressed object does not exist (404).
    NotFound,
    /// An optimistic version check failed (409).
    Conflict,
}

/// A refused write or an unreadable document.
///
/// `Display` prints `message`, which always names the path and the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ModelError {
    pub kind: ErrorKind,
    /// The document path concerned (`/templates/t1/bds/b1`), or "" for the whole document.
    pub path: String,
    /// The full message shown to the user.
    pub message: String,
}

impl ModelError {
    /// A 400-class error: "`path`: `reason`".
    pub fn bad(path: impl Into<String>, reason: impl Display) -> Self {
        Self::with_kind(ErrorKind::BadRequest, path, reason)
    }

    /// A 404-class error: "`path`: `reason`".
    pub fn not_found(path: impl Into<String>, reason: impl Display) -> Self {
        Self::with_kind(ErrorKind::NotFound, path, reason)
    }

    /// A 409-class error: "`path`: `reason`".
    pub fn conflict(path: impl Into<String>, reason: impl Display) -> Self {
        Self::with_kind(ErrorKind::Conflict, path, reason)
    }

    /// An error whose message is given verbatim (it must already name the path).
    pub fn verbatim(kind: ErrorKind, path: impl Into<String>, message: impl Into<String>) -> Self {
        ModelError {
            kind,
            path: path.into(),
            message: message.into(),
        }
    }

    fn with_kind(kind: ErrorKind, path: impl Into<String>, reason: impl Display) -> Self {
        let path = path.into();
        let message = if path.is_empty() {
            reason.to_string()
        } else {
            format!("{path}: {reason}")
        };
        ModelError {
            kind,
            path,
            message,
        }
    }
}
