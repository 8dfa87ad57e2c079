//! multisite-fabric.
