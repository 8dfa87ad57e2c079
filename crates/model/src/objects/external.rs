//! Intersite L3Outs and external EPGs (with their subnets).

use super::{fill_display_name, ContractRelationship, Ctx, Extra};
use crate::enums::*;
use crate::refs::{opt_ref, Ref, RefTarget};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// An intersite L3Out (its refs use the `l3outs` segment).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntersiteL3out {
    pub name: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, with = "opt_ref", skip_serializing_if = "Option::is_none")]
    pub l3out_ref: Option<Ref>,
    #[serde(default, with = "opt_ref", skip_serializing_if = "Option::is_none")]
    pub vrf_ref: Option<Ref>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl IntersiteL3out {
    pub(crate) fn normalise(&mut self, ctx: &Ctx) {
        fill_display_name(&mut self.display_name, &self.name);
        self.l3out_ref = Some(Ref::new(
            &ctx.schema,
            &ctx.template,
            RefTarget::L3out(self.name.clone()),
        ));
    }
}

/// A subnet of an external EPG.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtSubnet {
    pub ip: String,
    #[serde(default)]
    pub scope: Vec<ExtSubnetScope>,
    #[serde(default)]
    pub aggregate: Vec<ExtSubnetAggregate>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// An external EPG.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternalEpg {
    pub name: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, with = "opt_ref", skip_serializing_if = "Option::is_none")]
    pub external_epg_ref: Option<Ref>,
    #[serde(default, with = "opt_ref", skip_serializing_if = "Option::is_none")]
    pub vrf_ref: Option<Ref>,
    #[serde(default, with = "opt_ref", skip_serializing_if = "Option::is_none")]
    pub l3out_ref: Option<Ref>,
    #[serde(default, with = "opt_ref", skip_serializing_if = "Option::is_none")]
    pub anp_ref: Option<Ref>,
    #[serde(default)]
    pub ext_epg_type: ExtEpgType,
    #[serde(default)]
    pub contract_relationships: Vec<ContractRelationship>,
    #[serde(default)]
    pub subnets: Vec<ExtSubnet>,
    #[serde(default)]
    pub selectors: Vec<Value>,
    #[serde(default)]
    pub preferred_group: bool,
    #[serde(default)]
    pub qos_priority: QosLevel,
    #[serde(flatten)]
    pub extra: Extra,
}

impl ExternalEpg {
    pub(crate) fn normalise(&mut self, ctx: &Ctx) {
        fill_display_name(&mut self.display_name, &self.name);
        let target = RefTarget::ExternalEpg(self.name.clone());
        self.external_epg_ref = Some(Ref::new(&ctx.schema, &ctx.template, target));
    }
}
