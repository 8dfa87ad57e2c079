//! Contracts against the VRF relation of their consumers and providers: roles for
//! inter-VRF PBR with an external EPG, scope, and no transit routing through PBR.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::Checker;
use crate::index::Party;
use crate::json::{field, text};
use crate::refs::{Key, Kind};
use crate::rules::{CTR_ROLES, CTR_SCOPE, CTR_SCOPE_WIDE, CTR_TRANSIT};

/// True when the contract attaches a service graph.
pub(crate) fn has_graph(contract: &Value) -> bool {
    field(contract, "serviceGraphRelationship")
        .is_some_and(|sg| !text(sg, "serviceGraphRef").is_empty())
}

fn scope_label(scope: &str) -> &str {
    match scope {
        "context" => "vrf",
        other => other,
    }
}

impl<'a> Checker<'a> {
    pub(super) fn contracts(&mut self) {
        for obj in self.ix.part_objects(self.part, Kind::Contract) {
            let (key, contract) = (obj.key, obj.value);
            let parties: Vec<Party<'a>> = self.ix.parties_at(obj.id).to_vec();
            if parties.is_empty() {
                continue;
            }
            let pbr = has_graph(contract);
            let with_vrf: Vec<(Party<'a>, Option<Key<'a>>)> =
                parties.iter().map(|p| (*p, self.ix.vrf_at(p.id))).collect();
            if pbr {
                self.roles(key, &with_vrf);
                self.transit(key, &parties);
            }
            self.scope(key, contract, pbr, &with_vrf);
        }
    }

    /// Inter-VRF with PBR: an application EPG may not provide to an external EPG of
    /// another VRF (the external EPG must be the provider).
    fn roles(&mut self, contract: Key<'a>, parties: &[(Party<'a>, Option<Key<'a>>)]) {
        let mut ext_consumers: BTreeMap<Key<'a>, Key<'a>> = BTreeMap::new();
        for (party, vrf) in parties {
            if let (true, false, Some(vrf)) = (party.external(), party.provider, vrf) {
                ext_consumers.entry(*vrf).or_insert(party.key);
            }
        }
        for (party, vrf) in parties {
            let (false, true, Some(vrf)) = (party.external(), party.provider, vrf) else {
                continue;
            };
            let Some((other_vrf, ext)) = ext_consumers.iter().find(|(v, _)| *v != vrf) else {
                continue;
            };
            self.out.push(
                CTR_ROLES,
                party.rel_path(self.main()),
                format!(
                    "EPG '{}' (VRF '{}') provides {contract} with a service graph to external EPG '{}' (VRF '{}'): across VRFs the external EPG must be the provider and the application EPG the consumer",
                    party.key.name, vrf.name, ext.name, other_vrf.name
                ),
            );
        }
    }

    fn transit(&mut self, contract: Key<'a>, parties: &[Party<'a>]) {
        let consumer = parties.iter().find(|p| p.external() && !p.provider);
        let provider = parties.iter().find(|p| p.external() && p.provider);
        if let (Some(c), Some(p)) = (consumer, provider) {
            self.out.push(
                CTR_TRANSIT,
                format!("{}/serviceGraphRelationship", contract.path(self.main())),
                format!(
                    "{contract} has a service graph between external EPGs '{}' (consumer) and '{}' (provider): transit routing between L3Outs with PBR is not supported; remove the service graph or use an application EPG on one side",
                    c.key.name, p.key.name
                ),
            );
        }
    }

    fn scope(
        &mut self,
        contract: Key<'a>,
        obj: &'a Value,
        pbr: bool,
        parties: &[(Party<'a>, Option<Key<'a>>)],
    ) {
        let scope = match text(obj, "scope") {
            "" => "context",
            s => s,
        };
        let vrfs: BTreeSet<Key<'a>> = parties.iter().filter_map(|(_, v)| *v).collect();
        let tenants: BTreeSet<&str> = vrfs.iter().filter_map(|v| self.ix.tenant_of(v)).collect();
        let main = self.main();
        let path = || format!("{}/scope", contract.path(main));
        let names = || {
            vrfs.iter()
                .map(|v| format!("'{}'", v.name))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if tenants.len() > 1 && scope != "global" {
            let message = format!(
                "{contract} joins EPGs of VRFs {} in different tenants but its scope is {}: set the scope to global",
                names(),
                scope_label(scope)
            );
            self.out.push(CTR_SCOPE, path(), message);
        } else if vrfs.len() > 1 && matches!(scope, "context" | "application-profile") {
            let message = format!(
                "{contract} joins EPGs of VRFs {} but its scope is {}: set the scope to tenant",
                names(),
                scope_label(scope)
            );
            self.out.push(CTR_SCOPE, path(), message);
        } else if pbr
            && vrfs.len() == 1
            && matches!(scope, "tenant" | "global")
            && parties.iter().any(|(p, _)| p.external())
        {
            let message = format!(
                "{contract} with a service graph joins EPGs of the one VRF {} but its scope is {}: scope vrf is enough",
                names(),
                scope
            );
            self.out.push(CTR_SCOPE_WIDE, path(), message);
        }
    }
}
