//! multisite-model.
