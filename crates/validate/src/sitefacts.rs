//! Lookups over one site's facts: devices, redirect policies and L3Outs by DN, and the
//! EPGs that have learned endpoints.

use crate::facts::{DeviceFacts, RedirectPolicyFacts, SiteFacts};
use crate::fasthash::{FastMap, FastSet};

pub(crate) struct SiteIndex<'a> {
    pub facts: &'a SiteFacts,
    pub devices: FastMap<&'a str, &'a DeviceFacts>,
    pub policies: FastMap<&'a str, &'a RedirectPolicyFacts>,
    pub l3outs: FastSet<&'a str>,
    pub endpoint_epgs: FastSet<&'a str>,
}

impl<'a> SiteIndex<'a> {
    pub fn new(facts: &'a SiteFacts) -> SiteIndex<'a> {
        SiteIndex {
            facts,
            devices: facts.devices.iter().map(|d| (d.dn.as_str(), d)).collect(),
            policies: facts
                .redirect_policies
                .iter()
                .map(|p| (p.dn.as_str(), p))
                .collect(),
            l3outs: facts.l3outs.iter().map(String::as_str).collect(),
            endpoint_epgs: facts.endpoints.iter().map(|e| e.epg_dn.as_str()).collect(),
        }
    }

    /// The site's name for messages (`site1`), else its id.
    pub fn label(&self) -> &'a str {
        if self.facts.name.is_empty() {
            &self.facts.site_id
        } else {
            &self.facts.name
        }
    }
}

/// Splits a cluster interface DN `uni/tn-T/lDevVip-D/lIf-X` into the device DN and `X`.
pub(crate) fn split_cluster_interface(dn: &str) -> Option<(&str, &str)> {
    let (device, name) = dn.rsplit_once("/lIf-")?;
    (!device.is_empty() && !name.is_empty()).then_some((device, name))
}

/// The last RN's name of a DN (`uni/tn-T/lDevVip-FW` -> `FW`), for messages.
pub(crate) fn dn_name(dn: &str) -> &str {
    let rn = dn.rsplit('/').next().unwrap_or(dn);
    rn.split_once('-').map_or(rn, |(_, name)| name)
}
