//! VRFs (with vzAny when used), BDs (VRF relation, template and site subnets, L3Out
//! relations) and EPGs (BD and contract relations, subnets, site domains and static ports).

use super::{bits, mo, yn, Cx};
use crate::ndo::{Bd, Epg, Subnet, Template, Vrf};
use crate::RenderError;

pub(super) fn vrf(
    cx: &mut Cx,
    _t: &Template,
    v: &Vrf,
    dn: &str,
    shadow: bool,
) -> Result<(), RenderError> {
    let learning = v
        .ip_data_plane_learning
        .as_deref()
        .filter(|s| !s.is_empty())
        .unwrap_or("enabled");
    cx.put(
        mo("fvCtx", dn, shadow)
            .with("name", &v.name)
            .with("descr", &v.description)
            .with("ipDataPlaneLearning", learning),
        shadow,
    );
    if v.vz_any_enabled || v.preferred_group {
        let any = format!("{dn}/any");
        let pref = if v.preferred_group {
            "enabled"
        } else {
            "disabled"
        };
        cx.put(mo("vzAny", &any, shadow).with("prefGrMemb", pref), shadow);
        let rels = [
            ("vzRsAnyToCons", "rsanyToCons", &v.vz_any_consumer_contracts),
            ("vzRsAnyToProv", "rsanyToProv", &v.vz_any_provider_contracts),
        ];
        for (class, rn, list) in rels {
            for c in list.iter().filter_map(|c| c.contract_ref.name()) {
                cx.put(
                    mo(class, format!("{any}/{rn}-{c}"), shadow).with("tnVzBrCPName", c),
                    shadow,
                );
            }
        }
    }
    Ok(())
}

fn or<'a>(v: &'a str, default: &'a str) -> &'a str {
    if v.is_empty() {
        default
    } else {
        v
    }
}

pub(super) fn bd(
    cx: &mut Cx,
    t: &Template,
    b: &Bd,
    dn: &str,
    shadow: bool,
) -> Result<(), RenderError> {
    let local = cx.ix.site_entry(cx.site, &t.name).and_then(|e| {
        e.bds
            .iter()
            .find(|s| s.bd_ref.name().as_deref() == Some(b.name.as_str()))
    });
    let mut bd = mo("fvBD", dn, shadow)
        .with("name", &b.name)
        .with("descr", &b.description)
        .with("arpFlood", yn(b.arp_flood))
        .with("unkMacUcastAct", or(&b.l2_unknown_unicast, "proxy"))
        .with("unkMcastAct", or(&b.unk_mcast_act, "flood"))
        .with("v6unkMcastAct", or(&b.v6unk_mcast_act, "flood"))
        .with("multiDstPktAct", or(&b.multi_dst_pkt_act, "bd-flood"))
        .with("unicastRoute", yn(b.unicast_routing))
        .with(
            "intersiteBumTrafficAllow",
            yn(b.intersite_bum_traffic_allow),
        )
        .with("intersiteL2Stretch", yn(b.l2_stretch))
        .with("OptimizeWanBandwidth", yn(b.optimize_wan_bandwidth));
    if let (Some(l), false) = (local, shadow) {
        bd = bd.with("hostBasedRouting", yn(l.host_based_routing));
        if let Some(mac) = l.mac.as_deref().filter(|m| !m.is_empty()) {
            bd = bd.with("mac", mac.to_uppercase().replace('-', ":"));
        }
    }
    cx.put(bd, shadow);
    if let Some(vrf) = b.vrf_ref.name() {
        cx.put(
            mo("fvRsCtx", format!("{dn}/rsctx"), shadow).with("tnFvCtxName", vrf),
            shadow,
        );
    }
    let mut subnets: Vec<&Subnet> = b.subnets.iter().collect();
    if let Some(l) = local {
        subnets.extend(&l.subnets);
        if !shadow {
            for out in &l.l3_outs {
                let name = crate::place::l3out_name_from_dn(out)
                    .unwrap_or_else(|| out.rsplit('/').next().unwrap_or(out).to_string());
                cx.put(
                    mo("fvRsBDToOut", format!("{dn}/rsBDToOut-{name}"), shadow)
                        .with("tnL3extOutName", name),
                    shadow,
                );
            }
        }
    }
    for s in subnets {
        subnet(cx, dn, s, shadow);
    }
    Ok(())
}

/// A BD or EPG subnet; a shadow's subnets never act as a gateway.
pub(super) fn subnet(cx: &mut Cx, parent: &str, s: &Subnet, shadow: bool) {
    if s.ip.is_empty() {
        return;
    }
    let scope = bits([
        or(&s.scope, "private"),
        if s.shared { "shared" } else { "" },
    ]);
    let ctrl = bits([
        "nd",
        if s.no_default_gateway || shadow {
            "no-default-gateway"
        } else {
            ""
        },
        if s.querier { "querier" } else { "" },
    ]);
    let m = mo("fvSubnet", format!("{parent}/subnet-[{}]", s.ip), shadow)
        .with("ip", &s.ip)
        .with("scope", scope)
        .with("ctrl", ctrl)
        .with("preferred", yn(s.primary))
        .with("virtual", yn(s.is_virtual));
    cx.put(m, shadow);
}

pub(super) fn epg(
    cx: &mut Cx,
    t: &Template,
    anp: &str,
    e: &Epg,
    dn: &str,
    shadow: bool,
) -> Result<(), RenderError> {
    let m = mo("fvAEPg", dn, shadow)
        .with("name", &e.name)
        .with("descr", &e.description)
        .with("pcEnfPref", or(&e.intra_epg, "unenforced"))
        .with(
            "prefGrMemb",
            if e.preferred_group {
                "include"
            } else {
                "exclude"
            },
        );
    cx.put(m, shadow);
    if let Some(bd) = e.bd_ref.name() {
        cx.put(
            mo("fvRsBd", format!("{dn}/rsbd"), shadow).with("tnFvBDName", bd),
            shadow,
        );
    }
    for rel in &e.contract_relationships {
        let Some(c) = rel.contract_ref.name() else {
            continue;
        };
        let (class, rn) = match rel.relationship_type.as_str() {
            "consumer" => ("fvRsCons", "rscons"),
            "provider" => ("fvRsProv", "rsprov"),
            _ => continue,
        };
        cx.put(
            mo(class, format!("{dn}/{rn}-{c}"), shadow).with("tnVzBrCPName", c),
            shadow,
        );
    }
    if shadow {
        return Ok(());
    }
    for s in &e.subnets {
        subnet(cx, dn, s, false);
    }
    let local = cx.ix.site_entry(cx.site, &t.name).and_then(|entry| {
        entry
            .anps
            .iter()
            .filter(|a| a.anp_ref.name().as_deref() == Some(anp))
            .flat_map(|a| a.epgs.iter())
            .find(|le| le.epg_ref.name().as_deref() == Some(e.name.as_str()))
    });
    let Some(local) = local else { return Ok(()) };
    for s in &local.subnets {
        subnet(cx, dn, s, false);
    }
    let imm = |v: &Option<String>, allowed: &[&str]| {
        v.as_deref()
            .filter(|v| allowed.contains(v))
            .map(str::to_string)
    };
    for d in local
        .domain_associations
        .iter()
        .filter(|d| !d.dn.is_empty())
    {
        let mut m = mo("fvRsDomAtt", format!("{dn}/rsdomAtt-[{}]", d.dn), false).with("tDn", &d.dn);
        if let Some(v) = imm(&d.deploy_immediacy, &["immediate", "lazy"]) {
            m = m.with("instrImedcy", v);
        }
        if let Some(v) = imm(
            &d.resolution_immediacy,
            &["immediate", "lazy", "pre-provision"],
        ) {
            m = m.with("resImedcy", v);
        }
        cx.put(m, false);
    }
    for p in local.static_ports.iter().filter(|p| !p.path.is_empty()) {
        let mut m =
            mo("fvRsPathAtt", format!("{dn}/rspathAtt-[{}]", p.path), false).with("tDn", &p.path);
        if let Some(vlan) = p.port_encap_vlan {
            m = m.with("encap", format!("vlan-{vlan}"));
        }
        if let Some(mode) = p.mode.as_deref() {
            let mode = match mode {
                "trunk" | "regular" => "regular",
                "access" | "untagged" => "untagged",
                "native" => "native",
                _ => "regular",
            };
            m = m.with("mode", mode);
        }
        if let Some(v) = imm(&p.deployment_immediacy, &["immediate", "lazy"]) {
            m = m.with("instrImedcy", v);
        }
        cx.put(m, false);
    }
    Ok(())
}
