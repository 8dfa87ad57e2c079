//! multisite-testkit.
