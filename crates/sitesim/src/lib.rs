//! multisite-sitesim.
