//! Access to one site as the executor needs it: read a subtree as plain objects, post one
//! object, delete one object. [`SiteApi`] is implemented for the real client; tests may
//! implement it over anything. Every call goes through [`RetryPolicy`]: failures that are
//! worth repeating (no answer, timeouts, 5xx) are retried with exponential backoff; the
//! posts the executor sends are create-or-update, so repeating them is safe.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use multisite_apic_client::ApicClient;
use multisite_render::{MoSet, SiteInfo};
use serde_json::Value;

/// A boxed future, so that [`SiteApi`] can be used as a trait object.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A failed call to a site.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SiteError {
    /// Worth retrying: the site did not answer, timed out, or failed on its side (5xx).
    pub transient: bool,
    pub message: String,
}

impl SiteError {
    pub fn transient(message: impl Into<String>) -> SiteError {
        SiteError {
            transient: true,
            message: message.into(),
        }
    }

    pub fn rejected(message: impl Into<String>) -> SiteError {
        SiteError {
            transient: false,
            message: message.into(),
        }
    }
}

impl From<multisite_apic_client::ApicClientError> for SiteError {
    fn from(e: multisite_apic_client::ApicClientError) -> SiteError {
        let transient = e.is_unreachable() || e.status().is_some_and(|s| s >= 500);
        SiteError {
            transient,
            message: e.to_string(),
        }
    }
}

/// What the executor does on a site.
pub trait SiteApi: Send + Sync {
    /// Every object at `dn` and below it, with all attributes (ids such as pcTag included);
    /// empty when `dn` does not exist.
    fn read_subtree<'a>(&'a self, dn: &'a str) -> BoxFuture<'a, Result<MoSet, SiteError>>;
    /// Post one object body (`{class: {attributes: {dn, ..}}}`) to its DN.
    fn post<'a>(&'a self, dn: &'a str, body: &'a Value) -> BoxFuture<'a, Result<(), SiteError>>;
    /// Delete the object at `dn` and its subtree (absent is no error).
    fn delete<'a>(&'a self, dn: &'a str) -> BoxFuture<'a, Result<(), SiteError>>;
}

impl SiteApi for ApicClient {
    fn read_subtree<'a>(&'a self, dn: &'a str) -> BoxFuture<'a, Result<MoSet, SiteError>> {
        Box::pin(async move {
            let list = self.get_mo(dn, &[("query-target", "subtree")]).await?;
            MoSet::from_wire(&Value::Array(list)).map_err(|e| SiteError::rejected(e.to_string()))
        })
    }

    fn post<'a>(&'a self, dn: &'a str, body: &'a Value) -> BoxFuture<'a, Result<(), SiteError>> {
        Box::pin(async move {
            self.post_mo(dn, body).await?;
            Ok(())
        })
    }

    fn delete<'a>(&'a self, dn: &'a str) -> BoxFuture<'a, Result<(), SiteError>> {
        Box::pin(async move {
            self.delete_mo(dn).await?;
            Ok(())
        })
    }
}

/// One site the executor can reach.
#[derive(Clone)]
pub struct SiteHandle {
    pub info: SiteInfo,
    pub api: Arc<dyn SiteApi>,
}

impl SiteHandle {
    pub fn new(info: SiteInfo, api: Arc<dyn SiteApi>) -> SiteHandle {
        SiteHandle { info, api }
    }
}

impl std::fmt::Debug for SiteHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SiteHandle")
            .field("info", &self.info)
            .finish_non_exhaustive()
    }
}

/// How often and how patiently a failed call is repeated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all (at least one).
    pub attempts: u32,
    /// Wait before the second attempt; doubled each time up to `max_backoff`.
    pub backoff: Duration,
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 4,
            backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(2),
        }
    }
}

impl RetryPolicy {
    /// Run `call` until it succeeds, fails for good, or the attempts are used up. Returns
    /// the result and the number of attempts made.
    pub async fn run<'a, T, F>(&self, mut call: F) -> (Result<T, SiteError>, u32)
    where
        F: FnMut() -> BoxFuture<'a, Result<T, SiteError>>,
    {
        let mut wait = self.backoff;
        let mut attempt = 1;
        loop {
            match call().await {
                Err(e) if e.transient && attempt < self.attempts.max(1) => {
                    tracing::debug!(attempt, error = %e, "retrying a site call");
                    tokio::time::sleep(wait).await;
                    wait = (wait * 2).min(self.max_backoff);
                    attempt += 1;
                }
                other => return (other, attempt),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn policy() -> RetryPolicy {
        RetryPolicy {
            attempts: 3,
            backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(2),
        }
    }

    async fn calls_until(
        result_after: u32,
        error: SiteError,
    ) -> (Result<u32, SiteError>, u32, u32) {
        let calls = AtomicU32::new(0);
        let (res, attempts) = policy()
            .run(|| {
                let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
                let error = error.clone();
                Box::pin(async move {
                    if n > result_after {
                        Ok(n)
                    } else {
                        Err(error)
                    }
                })
            })
            .await;
        (res, attempts, calls.load(Ordering::SeqCst))
    }

    #[tokio::test]
    async fn transient_failures_are_retried_until_the_attempts_run_out() {
        assert_eq!(
            calls_until(2, SiteError::transient("503")).await,
            (Ok(3), 3, 3)
        );
        let (res, attempts, calls) = calls_until(5, SiteError::transient("503")).await;
        assert!(res.is_err());
        assert_eq!((attempts, calls), (3, 3));
    }

    #[tokio::test]
    async fn refusals_are_not_retried() {
        let (res, attempts, calls) = calls_until(5, SiteError::rejected("APIC error 120")).await;
        assert_eq!(res.unwrap_err().message, "APIC error 120");
        assert_eq!((attempts, calls), (1, 1));
    }
}
