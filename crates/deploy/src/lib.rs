//! multisite-deploy.
