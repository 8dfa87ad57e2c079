//! multisite-render.
