//! The remote-id entries: every VRF, BD, EPG and external EPG present in more than one
//! site gets `stAsc` (fvSiteAssociated, this site's id) and one `fvRemoteId` per other site
//! carrying what that site allocated (VRF: scope and pcTag; BD: seg; EPGs: pcTag), read
//! from that site's observed objects. An entry whose value is not known yet is left out.

use super::{dn_of, mo, Cx};
use crate::place::Kind;
use crate::RenderError;

pub(super) fn add(cx: &mut Cx) -> Result<(), RenderError> {
    for (key, sites) in &cx.pl.map {
        if !matches!(key.kind, Kind::Vrf | Kind::Bd | Kind::Epg | Kind::ExtEpg) || sites.len() < 2 {
            continue;
        }
        let Some(here) = sites.get(cx.site) else {
            continue;
        };
        let dn = dn_of(cx.ix, key, here)?;
        if !cx.out.contains(&dn) {
            continue;
        }
        let shadow = here.shadow;
        let site = cx.site;
        let st = format!("{dn}/stAsc");
        cx.put(
            mo("fvSiteAssociated", &st, shadow).with("siteId", cx.info.apic_site_id.to_string()),
            shadow,
        );
        for (other, place) in sites.iter().filter(|(s, _)| *s != site) {
            let Some(info) = cx.ix.ctx.site(other) else {
                continue;
            };
            let remote_dn = dn_of(cx.ix, key, place)?;
            let Some(remote) = cx
                .ix
                .ctx
                .observed
                .get(other)
                .and_then(|o| o.get(&remote_dn))
            else {
                continue;
            };
            let get = |k: &str| {
                remote
                    .attr(k)
                    .filter(|v| !v.is_empty() && *v != "0")
                    .map(str::to_string)
            };
            let (tag, ctx_tag) = match key.kind {
                Kind::Vrf => (get("scope"), get("pcTag")),
                Kind::Bd => (get("seg"), None),
                _ => (get("pcTag"), None),
            };
            let Some(tag) = tag else { continue };
            let mut m = mo(
                "fvRemoteId",
                format!("{st}/site-{}", info.apic_site_id),
                shadow,
            )
            .with("siteId", info.apic_site_id.to_string())
            .with("remotePcTag", tag);
            if let Some(c) = ctx_tag {
                m = m.with("remoteCtxPcTag", c);
            }
            cx.put(m, shadow);
        }
    }
    Ok(())
}
