//! multisite-server.
