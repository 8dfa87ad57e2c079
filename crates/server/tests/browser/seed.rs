//! What the sites' own administrators create before the orchestrator is used (seed:
//! "Creating and Configuring L4-L7 Devices and PBR Policies"): tenant Tenant1, the
//! firewall clusters Site1-FW / Site2-FW with their concrete devices and cluster
//! interfaces, the PBR policies with their IP SLA, and in site1 the physical side of
//! L3Out l3out-intersite. Taken from the shared scenario A objects and posted through
//! the APIC API of each embedded site.

use std::path::Path;

use multisite_apic_client::ApicClient;
use multisite_fabric::SiteObjects;
use multisite_server::trace::wire::tree_bodies;
use multisite_testkit::{TestServer, PASSWORD};

const TN: &str = "uni/tn-Tenant1";

/// Objects a site's admin owns, not the orchestrator.
fn admin_owned(dn: &str, class: &str, site: &str) -> bool {
    let l3out = format!("{TN}/out-l3out-intersite");
    dn == TN
        || dn.contains("/lDevVip-")
        || dn.starts_with(&format!("{TN}/svcCont"))
        || dn.starts_with(&format!("{TN}/ipslaMonitoringPol-"))
        || (site == "site1"
            && dn.starts_with(&l3out)
            && (matches!(class, "l3extOut" | "l3extRsL3DomAtt") || dn.contains("/lnodep-")))
}

/// Post the admin-owned objects of scenario A to both embedded sites.
pub async fn devices_and_pbr(server: &TestServer) {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../fabric/tests/scenarios/a-stretched-epg");
    for running in &server.running.sites {
        let text = std::fs::read_to_string(dir.join(format!("{}.json", running.name())))
            .expect("scenario objects");
        let mut objects: SiteObjects = serde_json::from_str(&text).expect("scenario objects parse");
        objects
            .objects
            .retain(|m| admin_owned(&m.dn, &m.class, running.name()));
        let apic = ApicClient::new(&running.base_url(), "admin", PASSWORD).expect("client");
        for (dn, body) in tree_bodies(&objects.objects) {
            apic.post_mo(&dn, &body)
                .await
                .unwrap_or_else(|e| panic!("{}: posting {dn}: {e}", running.name()));
        }
    }
}
