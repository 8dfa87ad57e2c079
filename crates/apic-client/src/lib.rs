//! multisite-apic-client.
