//! multisite-validate.
