//! The template header and its network objects: VRF, BD (with subnets), ANP and EPG.

use super::{fill_display_name, yes, Ctx, Extra};
use crate::enums::*;
use crate::refs::{opt_ref, Ref, RefTarget};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A template without its collections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Template {
    pub name: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub tenant_id: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub template_type: TemplateType,
    #[serde(rename = "templateID", default)]
    pub template_id: String,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Template {
    pub(crate) fn normalise(&mut self, ctx: &Ctx) {
        self.name.retain(|c| c != ' ');
        fill_display_name(&mut self.display_name, &self.name);
        if self.template_id.is_empty() {
            self.template_id = template_id_for(&ctx.schema, &self.name);
        }
    }
}

/// A deterministic 24-hex template id derived from the schema id and template name.
pub fn template_id_for(schema: &str, template: &str) -> String {
    let hash = |seed: u64| {
        let mut h = seed;
        for b in schema.bytes().chain([0u8]).chain(template.bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        // Final avalanche so that similar names give unrelated ids.
        h ^= h >> 30;
        h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h ^= h >> 27;
        h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
        h ^ (h >> 31)
    };
    let a = hash(0xcbf2_9ce4_8422_2325);
    let b = hash(0x6c62_272e_07bb_0142);
    format!("{:016x}{:08x}", a, b & 0xffff_ffff)
}

/// A VRF.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Vrf {
    pub name: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, with = "opt_ref", skip_serializing_if = "Option::is_none")]
    pub vrf_ref: Option<Ref>,
    #[serde(rename = "l3MCast", default)]
    pub l3_mcast: bool,
    #[serde(default)]
    pub vz_any_enabled: bool,
    #[serde(default)]
    pub preferred_group: bool,
    #[serde(default)]
    pub ip_data_plane_learning: DataPlaneLearning,
    #[serde(default)]
    pub vz_any_consumer_contracts: Vec<Value>,
    #[serde(default)]
    pub vz_any_provider_contracts: Vec<Value>,
    #[serde(default)]
    pub rp_configs: Vec<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Vrf {
    pub(crate) fn normalise(&mut self, ctx: &Ctx) {
        fill_display_name(&mut self.display_name, &self.name);
        self.vrf_ref = Some(Ref::new(
            &ctx.schema,
            &ctx.template,
            RefTarget::Vrf(self.name.clone()),
        ));
    }
}

/// A subnet of a BD, an EPG or a site BD.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Subnet {
    pub ip: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub scope: SubnetScope,
    #[serde(default)]
    pub shared: bool,
    #[serde(default)]
    pub no_default_gateway: bool,
    #[serde(default)]
    pub querier: bool,
    #[serde(default)]
    pub primary: bool,
    #[serde(default, rename = "virtual")]
    pub is_virtual: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A bridge domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Bd {
    pub name: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, with = "opt_ref", skip_serializing_if = "Option::is_none")]
    pub bd_ref: Option<Ref>,
    #[serde(default, with = "opt_ref", skip_serializing_if = "Option::is_none")]
    pub vrf_ref: Option<Ref>,
    #[serde(default)]
    pub subnets: Vec<Subnet>,
    #[serde(default = "yes")]
    pub l2_stretch: bool,
    #[serde(default)]
    pub intersite_bum_traffic_allow: bool,
    #[serde(default)]
    pub optimize_wan_bandwidth: bool,
    #[serde(default)]
    pub l2_unknown_unicast: L2UnknownUnicast,
    #[serde(rename = "l3MCast", default)]
    pub l3_mcast: bool,
    #[serde(default)]
    pub unk_mcast_act: UnknownMcastAction,
    #[serde(rename = "v6unkMcastAct", default)]
    pub v6_unk_mcast_act: UnknownMcastAction,
    #[serde(default)]
    pub multi_dst_pkt_act: MultiDstPktAction,
    #[serde(default)]
    pub arp_flood: bool,
    #[serde(default = "yes")]
    pub unicast_routing: bool,
    #[serde(default)]
    pub dhcp_labels: Vec<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Bd {
    pub(crate) fn normalise(&mut self, ctx: &Ctx) {
        fill_display_name(&mut self.display_name, &self.name);
        self.bd_ref = Some(Ref::new(
            &ctx.schema,
            &ctx.template,
            RefTarget::Bd(self.name.clone()),
        ));
    }
}

/// An application profile, without its EPGs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Anp {
    pub name: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, with = "opt_ref", skip_serializing_if = "Option::is_none")]
    pub anp_ref: Option<Ref>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Anp {
    pub(crate) fn normalise(&mut self, ctx: &Ctx) {
        fill_display_name(&mut self.display_name, &self.name);
        self.anp_ref = Some(Ref::new(
            &ctx.schema,
            &ctx.template,
            RefTarget::Anp(self.name.clone()),
        ));
    }
}

/// A consumer or provider relationship of an EPG or external EPG to a contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContractRelationship {
    pub relationship_type: RelationshipType,
    pub contract_ref: Ref,
    #[serde(flatten)]
    pub extra: Extra,
}

/// An endpoint group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Epg {
    pub name: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, with = "opt_ref", skip_serializing_if = "Option::is_none")]
    pub epg_ref: Option<Ref>,
    /// Written as `""` when unset.
    #[serde(default, with = "opt_ref")]
    pub bd_ref: Option<Ref>,
    /// Left out when unset.
    #[serde(default, with = "opt_ref", skip_serializing_if = "Option::is_none")]
    pub vrf_ref: Option<Ref>,
    #[serde(default)]
    pub contract_relationships: Vec<ContractRelationship>,
    #[serde(default)]
    pub subnets: Vec<Subnet>,
    #[serde(rename = "uSegAttrs", default)]
    pub useg_attrs: Vec<Value>,
    #[serde(default)]
    pub selectors: Vec<Value>,
    #[serde(rename = "uSegEpg", default)]
    pub useg_epg: bool,
    #[serde(default)]
    pub intra_epg: IntraEpg,
    #[serde(default)]
    pub proxy_arp: bool,
    #[serde(default)]
    pub preferred_group: bool,
    #[serde(rename = "mCastSource", default)]
    pub mcast_source: bool,
    #[serde(default)]
    pub epg_type: EpgType,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Epg {
    pub(crate) fn normalise(&mut self, ctx: &Ctx) {
        fill_display_name(&mut self.display_name, &self.name);
        let target = RefTarget::Epg {
            anp: ctx.anp.clone(),
            epg: self.name.clone(),
        };
        self.epg_ref = Some(Ref::new(&ctx.schema, &ctx.template, target));
    }
}
