//! L3Outs and external EPGs: the L3Out's VRF in the L3Out's tenant, an external EPG's
//! L3Out set at one level only, the external EPG in its L3Out's VRF, and APIC-managed
//! L3Outs that exist in the site.

use serde_json::Value;

use super::Checker;
use crate::json::text;
use crate::refs::{Key, Kind};
use crate::rules::{L3O_BOTH_LEVELS, L3O_SITE_UNKNOWN, L3O_VRF_MISMATCH, L3O_VRF_TENANT};

impl<'a> Checker<'a> {
    pub(super) fn l3outs(&mut self) {
        let main = self.main();
        for obj in self.ix.part_objects(self.part, Kind::L3out) {
            let (key, l3out) = (obj.key, obj.value);
            let Some((vrf, _)) = self.ix.resolve(text(l3out, "vrfRef")) else {
                continue;
            };
            let (Some(own), Some(theirs)) = (self.ix.tenant_of(&key), self.ix.tenant_of(&vrf))
            else {
                continue;
            };
            if own != theirs {
                let message = format!(
                    "{key} is in tenant '{}' but its {vrf} is in tenant '{}': the VRF may be in any template or schema, but of the L3Out's tenant",
                    self.tenant_label(own),
                    self.tenant_label(theirs)
                );
                self.out.push(
                    L3O_VRF_TENANT,
                    format!("{}/vrfRef", key.path(main)),
                    message,
                );
            }
        }
        for obj in self.ix.part_objects(self.part, Kind::ExternalEpg) {
            self.external_epg(obj.key, obj.value, obj.id);
        }
    }

    fn external_epg(&mut self, key: Key<'a>, ext: &'a Value, id: u32) {
        let main = self.main();
        let template_l3out = text(ext, "l3outRef");
        let vrf = text(ext, "vrfRef");
        self.vrf_matches(key, vrf, template_l3out, || {
            format!("{}/vrfRef", key.path(main))
        });
        let sites = self.ix.sites_of(key.schema, key.template);
        for i in 0..sites.len() {
            let site = self.ix.sites_of(key.schema, key.template)[i];
            let Some(twin) = self.ix.site_object_at(site, id) else {
                continue;
            };
            let base = || key.site_path(main, site, twin.entry_template);
            let site_ref = text(twin.value, "l3outRef");
            let site_dn = text(twin.value, "l3outDn");
            let label = self.site_label(site);
            if !template_l3out.is_empty() && (!site_ref.is_empty() || !site_dn.is_empty()) {
                let field = if site_dn.is_empty() {
                    "l3outRef"
                } else {
                    "l3outDn"
                };
                let message = format!(
                    "{key} has L3Out '{}' at template level and another at site-local level in site '{label}': set the L3Out at one level only",
                    template_l3out.rsplit('/').next().unwrap_or_default()
                );
                self.out
                    .push(L3O_BOTH_LEVELS, format!("{}/{field}", base()), message);
            }
            if !site_ref.is_empty() {
                self.vrf_matches(key, vrf, site_ref, || format!("{}/l3outRef", base()));
            } else if !site_dn.is_empty() {
                let Some(facts) = self.sites.get(site) else {
                    continue;
                };
                if !facts.l3outs.contains(site_dn) {
                    let message = format!("{key} uses L3Out '{site_dn}', which does not exist in site '{label}': create it in that site's APIC or choose an existing one");
                    self.out
                        .push(L3O_SITE_UNKNOWN, format!("{}/l3outDn", base()), message);
                }
            }
        }
    }

    fn vrf_matches(
        &mut self,
        key: Key<'a>,
        vrf: &'a str,
        l3out: &'a str,
        path: impl FnOnce() -> String,
    ) {
        let (Some(vrf), Some((l3out_key, l3out))) = (Key::parse(vrf), self.ix.resolve(l3out))
        else {
            return;
        };
        let Some(l3out_vrf) = Key::parse(text(l3out, "vrfRef")) else {
            return;
        };
        if l3out_vrf != vrf {
            let message = format!(
                "{key} is in VRF '{}' but its {l3out_key} is in VRF '{}': use the L3Out's VRF",
                vrf.name, l3out_vrf.name
            );
            self.out.push(L3O_VRF_MISMATCH, path(), message);
        }
    }
}
