//! L3Outs (the L3Out and its VRF relation; node and interface profiles stay with the
//! site's admins) and external EPGs (subnets, contract relations) under the L3Out they
//! have in this site; a shadow external EPG also brings a shadow of that L3Out.

use super::{bits, mo, Cx};
use crate::ndo::{ExtEpg, ExtSubnet, L3Out, Template};
use crate::RenderError;

fn l3out_objects(
    cx: &mut Cx,
    dn: &str,
    name: &str,
    descr: &str,
    vrf: Option<String>,
    shadow: bool,
) {
    cx.put(
        mo("l3extOut", dn, shadow)
            .with("name", name)
            .with("descr", descr),
        shadow,
    );
    if let Some(vrf) = vrf {
        cx.put(
            mo("l3extRsEctx", format!("{dn}/rsectx"), shadow).with("tnFvCtxName", vrf),
            shadow,
        );
    }
}

pub(super) fn l3out(cx: &mut Cx, l: &L3Out, dn: &str, shadow: bool) {
    l3out_objects(cx, dn, &l.name, &l.description, l.vrf_ref.name(), shadow);
}

fn ext_subnet(cx: &mut Cx, parent: &str, s: &ExtSubnet, shadow: bool) {
    if s.ip.is_empty() {
        return;
    }
    let scope = if s.scope.is_empty() {
        "import-security".to_string()
    } else {
        bits(s.scope.iter().map(String::as_str))
    };
    let m = mo(
        "l3extSubnet",
        format!("{parent}/extsubnet-[{}]", s.ip),
        shadow,
    )
    .with("ip", &s.ip)
    .with("name", &s.name)
    .with("scope", scope)
    .with("aggregate", bits(s.aggregate.iter().map(String::as_str)));
    cx.put(m, shadow);
}

pub(super) fn ext_epg(
    cx: &mut Cx,
    t: &Template,
    e: &ExtEpg,
    dn: &str,
    shadow: bool,
) -> Result<(), RenderError> {
    let out_dn = crate::mo::parent_dn(dn).unwrap_or(dn).to_string();
    if shadow {
        let name = out_dn
            .rsplit('/')
            .next()
            .and_then(|rn| rn.strip_prefix("out-"))
            .unwrap_or(&e.name)
            .to_string();
        l3out_objects(cx, &out_dn, &name, "", e.vrf_ref.name(), true);
    }
    let prio = if e.qos_priority.is_empty() {
        "unspecified"
    } else {
        e.qos_priority.as_str()
    };
    let m = mo("l3extInstP", dn, shadow)
        .with("name", &e.name)
        .with("descr", &e.description)
        .with(
            "prefGrMemb",
            if e.preferred_group {
                "include"
            } else {
                "exclude"
            },
        )
        .with("prio", prio);
    cx.put(m, shadow);
    for s in &e.subnets {
        ext_subnet(cx, dn, s, shadow);
    }
    if !shadow {
        let local = cx.ix.site_entry(cx.site, &t.name).and_then(|entry| {
            entry
                .external_epgs
                .iter()
                .find(|l| l.external_epg_ref.name().as_deref() == Some(e.name.as_str()))
        });
        for s in local.map(|l| l.subnets.as_slice()).unwrap_or_default() {
            ext_subnet(cx, dn, s, false);
        }
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
    Ok(())
}
