//! The client's error type: APIC's own errors (HTTP status, APIC code and text), failed
//! logins, transport failures, and answers that are not APIC's.

/// Anything that went wrong talking to a site.
#[derive(Debug, thiserror::Error)]
pub enum ApicClientError {
    #[error("invalid site URL {url:?}: {reason}")]
    InvalidUrl { url: String, reason: String },
    #[error("login to {url} failed: APIC error {code}: {text}")]
    Login {
        url: String,
        status: u16,
        code: String,
        text: String,
    },
    #[error("APIC error {code}: {text} (HTTP {status} on {method} {url})")]
    Apic {
        method: String,
        url: String,
        status: u16,
        code: String,
        text: String,
    },
    #[error("{method} {url}: {source}")]
    Transport {
        method: String,
        url: String,
        #[source]
        source: reqwest::Error,
    },
    #[error("{method} {url}: unexpected answer (HTTP {status}): {detail}")]
    Protocol {
        method: String,
        url: String,
        status: u16,
        detail: String,
    },
}

impl ApicClientError {
    /// APIC's error code (`"103"`, `"403"`, ...) when the site answered with an error envelope.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApicClientError::Apic { code, .. } | ApicClientError::Login { code, .. } => Some(code),
            _ => None,
        }
    }

    /// APIC's error text when the site answered with an error envelope.
    pub fn text(&self) -> Option<&str> {
        match self {
            ApicClientError::Apic { text, .. } | ApicClientError::Login { text, .. } => Some(text),
            _ => None,
        }
    }

    /// The HTTP status, when the site answered at all.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApicClientError::Apic { status, .. }
            | ApicClientError::Login { status, .. }
            | ApicClientError::Protocol { status, .. } => Some(*status),
            ApicClientError::Transport { source, .. } => source.status().map(|s| s.as_u16()),
            ApicClientError::InvalidUrl { .. } => None,
        }
    }

    /// The site could not be reached or did not answer in time.
    pub fn is_unreachable(&self) -> bool {
        matches!(self, ApicClientError::Transport { .. })
    }

    /// Worth retrying a request that may be sent twice: no answer, or a server-side failure.
    pub(crate) fn is_transient(&self) -> bool {
        self.is_unreachable() || self.status().is_some_and(|s| s >= 500)
    }

    /// Worth retrying any request: the connection was never made, so nothing was sent.
    pub(crate) fn never_sent(&self) -> bool {
        matches!(self, ApicClientError::Transport { source, .. } if source.is_connect())
    }
}
