//! The `multisite` command: thin over the crates.
fn main() {}
