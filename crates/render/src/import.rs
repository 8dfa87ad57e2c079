//! Import from a site: objects of one type chosen on a site, optionally with what they
//! relate to (an L3Out with its VRF, a BD with its VRF, an EPG with its BD, an external
//! EPG with its L3Out, a contract with its filters), turned into template objects in NDO's
//! JSON shape, plus the site-local entries, so that rendering the result gives back what
//! the site holds: an imported object then deploys with no change.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::mo::{Mo, MoSet};
use crate::RenderError;

/// The type of the objects to import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ImportKind {
    Vrf,
    Bd,
    Anp,
    /// Names are `anp/epg`.
    Epg,
    Filter,
    Contract,
    L3Out,
    /// Names are `l3out/externalEpg`.
    ExternalEpg,
}

/// What to import, and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRequest {
    pub tenant: String,
    pub schema_id: String,
    pub template: String,
    pub kind: ImportKind,
    pub names: Vec<String>,
    pub with_relations: bool,
}

/// The result: template objects and site-local entries, by NDO collection name
/// (`vrfs`, `bds`, `anps`, `filters`, `contracts`, `intersiteL3outs`, `externalEpgs`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Imported {
    pub template: BTreeMap<String, Vec<Value>>,
    pub site: BTreeMap<String, Vec<Value>>,
}

impl Imported {
    fn has(&self, collection: &str, name: &str) -> bool {
        self.template
            .get(collection)
            .is_some_and(|v| v.iter().any(|o| o["name"] == name))
    }

    fn add(&mut self, collection: &str, value: Value) {
        self.template
            .entry(collection.to_string())
            .or_default()
            .push(value);
    }

    fn add_site(&mut self, collection: &str, value: Value) {
        self.site
            .entry(collection.to_string())
            .or_default()
            .push(value);
    }
}

struct Importer<'a> {
    site: &'a MoSet,
    req: &'a ImportRequest,
    tn: String,
    out: Imported,
}

/// Import objects from a site's objects (read under the tenant).
pub fn import(site: &MoSet, req: &ImportRequest) -> Result<Imported, RenderError> {
    let mut im = Importer {
        site,
        req,
        tn: format!("uni/tn-{}", req.tenant),
        out: Imported::default(),
    };
    for name in &req.names {
        match req.kind {
            ImportKind::Vrf => im.vrf(name)?,
            ImportKind::Bd => im.bd(name)?,
            ImportKind::Anp => im.anp(name)?,
            ImportKind::Epg => {
                let (anp, epg) = name.split_once('/').ok_or_else(|| {
                    RenderError::Import(format!("EPG name '{name}' is not anp/epg"))
                })?;
                im.epg(anp, epg)?;
            }
            ImportKind::Filter => im.filter(name)?,
            ImportKind::Contract => im.contract(name)?,
            ImportKind::L3Out => im.l3out(name)?,
            ImportKind::ExternalEpg => {
                let (out, ext) = name.split_once('/').ok_or_else(|| {
                    RenderError::Import(format!("external EPG name '{name}' is not l3out/epg"))
                })?;
                im.ext_epg(out, ext)?;
            }
        }
    }
    Ok(im.out)
}

fn flag(mo: &Mo, key: &str) -> bool {
    mo.attr(key) == Some("yes")
}

fn text(mo: &Mo, key: &str) -> String {
    mo.attr(key).unwrap_or("").to_string()
}

fn list(v: &str) -> Vec<String> {
    v.split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

impl Importer<'_> {
    fn get(&self, rn: &str) -> Result<&Mo, RenderError> {
        let dn = format!("{}/{rn}", self.tn);
        self.site
            .get(&dn)
            .ok_or_else(|| RenderError::Import(format!("{dn} is not on the site")))
    }

    fn reference(&self, collection: &str, name: &str) -> String {
        format!(
            "/schemas/{}/templates/{}/{collection}/{name}",
            self.req.schema_id, self.req.template
        )
    }

    fn site_ref(&self, collection: &str, name: &str) -> Value {
        Value::String(self.reference(collection, name))
    }

    fn vrf(&mut self, name: &str) -> Result<(), RenderError> {
        let m = self.get(&format!("ctx-{name}"))?.clone();
        if self.out.has("vrfs", name) {
            return Ok(());
        }
        let v = json!({
            "name": name, "displayName": name, "description": text(&m, "descr"),
            "vrfRef": self.reference("vrfs", name),
            "ipDataPlaneLearning": m.attr("ipDataPlaneLearning").unwrap_or("enabled"),
            "l3MCast": false, "vzAnyEnabled": false, "preferredGroup": false,
            "vzAnyConsumerContracts": [], "vzAnyProviderContracts": [], "rpConfigs": []
        });
        self.out.add("vrfs", v);
        Ok(())
    }

    fn subnets(&self, parent: &str) -> Vec<Value> {
        self.site
            .children(parent)
            .filter(|m| m.class == "fvSubnet")
            .map(|s| {
                let scope = list(&text(s, "scope"));
                let ctrl = list(&text(s, "ctrl"));
                let ip = text(s, "ip");
                json!({"ip": ip, "description": ip, "scope": if scope.iter().any(|x| x == "public") { "public" } else { "private" },
                    "shared": scope.iter().any(|x| x == "shared"), "noDefaultGateway": ctrl.iter().any(|x| x == "no-default-gateway"),
                    "querier": ctrl.iter().any(|x| x == "querier"), "primary": flag(s, "preferred"), "virtual": flag(s, "virtual")})
            })
            .collect()
    }

    fn bd(&mut self, name: &str) -> Result<(), RenderError> {
        let m = self.get(&format!("BD-{name}"))?.clone();
        if self.out.has("bds", name) {
            return Ok(());
        }
        let vrf = self
            .site
            .get(&format!("{}/rsctx", m.dn))
            .map(|r| text(r, "tnFvCtxName"))
            .filter(|v| !v.is_empty());
        if let (Some(v), true) = (&vrf, self.req.with_relations) {
            self.vrf(v)?;
        }
        let stretch = flag(&m, "intersiteL2Stretch");
        let subnets = self.subnets(&m.dn);
        let v = json!({
            "name": name, "displayName": name, "description": text(&m, "descr"),
            "bdRef": self.reference("bds", name),
            "vrfRef": vrf.as_deref().map(|v| self.reference("vrfs", v)).unwrap_or_default(),
            "subnets": if stretch { subnets.clone() } else { vec![] },
            "l2Stretch": stretch, "intersiteBumTrafficAllow": flag(&m, "intersiteBumTrafficAllow"),
            "optimizeWanBandwidth": flag(&m, "OptimizeWanBandwidth"), "l2UnknownUnicast": text(&m, "unkMacUcastAct"),
            "l3MCast": false, "unkMcastAct": text(&m, "unkMcastAct"), "v6unkMcastAct": text(&m, "v6unkMcastAct"),
            "multiDstPktAct": text(&m, "multiDstPktAct"), "arpFlood": flag(&m, "arpFlood"),
            "unicastRouting": m.attr("unicastRoute") != Some("no"), "dhcpLabels": []
        });
        self.out.add("bds", v);
        let outs: Vec<String> = self
            .site
            .children(&m.dn)
            .filter(|c| c.class == "fvRsBDToOut")
            .map(|c| text(c, "tnL3extOutName"))
            .collect();
        let site_bd = json!({
            "bdRef": self.site_ref("bds", name), "subnets": if stretch { vec![] } else { subnets },
            "hostBasedRouting": flag(&m, "hostBasedRouting"), "l3Outs": outs, "mac": m.attr("mac").unwrap_or("00:22:BD:F8:19:FF")
        });
        self.out.add_site("bds", site_bd);
        Ok(())
    }

    fn anp_entry(&mut self, name: &str) -> Result<usize, RenderError> {
        let m = self.get(&format!("ap-{name}"))?.clone();
        let anp_ref = self.reference("anps", name);
        let anps = self.out.template.entry("anps".into()).or_default();
        if let Some(i) = anps.iter().position(|a| a["name"] == name) {
            return Ok(i);
        }
        anps.push(json!({"name": name, "displayName": name, "description": text(&m, "descr"), "anpRef": anp_ref, "epgs": []}));
        Ok(anps.len() - 1)
    }

    fn anp(&mut self, name: &str) -> Result<(), RenderError> {
        self.anp_entry(name)?;
        let epgs: Vec<String> = self
            .site
            .children(&format!("{}/ap-{name}", self.tn))
            .filter(|m| m.class == "fvAEPg")
            .map(|m| text(m, "name"))
            .collect();
        if self.req.with_relations {
            for e in epgs {
                self.epg(name, &e)?;
            }
        }
        Ok(())
    }

    fn contract_rels(&mut self, dn: &str) -> Result<Vec<Value>, RenderError> {
        let mut rels = Vec::new();
        if !self.req.with_relations {
            return Ok(rels);
        }
        let found: Vec<(String, &str)> = self
            .site
            .children(dn)
            .filter_map(|c| match c.class.as_str() {
                "fvRsCons" => Some((text(c, "tnVzBrCPName"), "consumer")),
                "fvRsProv" => Some((text(c, "tnVzBrCPName"), "provider")),
                _ => None,
            })
            .collect();
        for (c, role) in found {
            self.contract(&c)?;
            rels.push(
                json!({"relationshipType": role, "contractRef": self.reference("contracts", &c)}),
            );
        }
        Ok(rels)
    }

    fn epg(&mut self, anp: &str, name: &str) -> Result<(), RenderError> {
        let m = self.get(&format!("ap-{anp}/epg-{name}"))?.clone();
        let i = self.anp_entry(anp)?;
        let epgs = self
            .out
            .template
            .get("anps")
            .and_then(|a| a.get(i))
            .and_then(|a| a["epgs"].as_array());
        if epgs.is_some_and(|e| e.iter().any(|x| x["name"] == name)) {
            return Ok(());
        }
        let bd = self
            .site
            .get(&format!("{}/rsbd", m.dn))
            .map(|r| text(r, "tnFvBDName"))
            .filter(|v| !v.is_empty());
        if let (Some(b), true) = (&bd, self.req.with_relations) {
            self.bd(b)?;
        }
        let rels = self.contract_rels(&m.dn)?;
        let v = json!({
            "name": name, "displayName": name, "description": text(&m, "descr"),
            "epgRef": format!("{}/epgs/{name}", self.reference("anps", anp)),
            "bdRef": bd.as_deref().map(|b| self.reference("bds", b)).unwrap_or_default(),
            "contractRelationships": rels, "subnets": self.subnets(&m.dn), "uSegAttrs": [], "selectors": [],
            "uSegEpg": false, "intraEpg": m.attr("pcEnfPref").unwrap_or("unenforced"),
            "proxyArp": false, "preferredGroup": m.attr("prefGrMemb") == Some("include"), "mCastSource": false, "epgType": "application"
        });
        if let Some(Value::Array(epgs)) = self
            .out
            .template
            .get_mut("anps")
            .and_then(|a| a.get_mut(i))
            .and_then(|a| a.get_mut("epgs"))
        {
            epgs.push(v);
        }
        Ok(())
    }

    fn filter(&mut self, name: &str) -> Result<(), RenderError> {
        let m = self.get(&format!("flt-{name}"))?.clone();
        if self.out.has("filters", name) {
            return Ok(());
        }
        let entries: Vec<Value> = self
            .site
            .children(&m.dn)
            .filter(|e| e.class == "vzEntry")
            .map(|e| {
                let arp = match e.attr("arpOpc") {
                    Some("req") => "request",
                    Some("reply") => "reply",
                    _ => "unspecified",
                };
                let rules = list(&text(e, "tcpRules"));
                json!({"name": text(e, "name"), "displayName": text(e, "name"), "description": text(e, "descr"),
                    "etherType": e.attr("etherT").unwrap_or("unspecified"), "ipProtocol": e.attr("prot").unwrap_or("unspecified"),
                    "tcpSessionRules": if rules.is_empty() { vec!["unspecified".to_string()] } else { rules },
                    "sourceFrom": e.attr("sFromPort").unwrap_or("unspecified"), "sourceTo": e.attr("sToPort").unwrap_or("unspecified"),
                    "destinationFrom": e.attr("dFromPort").unwrap_or("unspecified"), "destinationTo": e.attr("dToPort").unwrap_or("unspecified"),
                    "arpFlag": arp, "stateful": flag(e, "stateful"), "matchOnlyFragments": flag(e, "applyToFrag")})
            })
            .collect();
        let v = json!({"name": name, "displayName": name, "description": text(&m, "descr"), "filterRef": self.reference("filters", name), "entries": entries});
        self.out.add("filters", v);
        Ok(())
    }

    fn contract(&mut self, name: &str) -> Result<(), RenderError> {
        let m = self.get(&format!("brc-{name}"))?.clone();
        if self.out.has("contracts", name) {
            return Ok(());
        }
        let subj = self
            .site
            .children(&m.dn)
            .find(|c| c.class == "vzSubj")
            .cloned();
        let mut rels = Vec::new();
        let mut filters = Vec::new();
        if let Some(s) = &subj {
            for f in self
                .site
                .children(&s.dn)
                .filter(|c| c.class == "vzRsSubjFiltAtt")
            {
                let fname = text(f, "tnVzFilterName");
                let mut directives = list(&text(f, "directives"));
                if directives.is_empty() {
                    directives.push("none".into());
                }
                rels.push(json!({"filterRef": self.reference("filters", &fname), "directives": directives,
                    "action": f.attr("action").unwrap_or("permit"), "priorityOverride": f.attr("priorityOverride").unwrap_or("default")}));
                filters.push(fname);
            }
        }
        if self.req.with_relations {
            for f in filters {
                self.filter(&f)?;
            }
        }
        let v = json!({"name": name, "displayName": name, "description": text(&m, "descr"), "contractRef": self.reference("contracts", name),
            "filterType": "bothWay", "scope": m.attr("scope").unwrap_or("context"), "prio": m.attr("prio").unwrap_or("unspecified"),
            "filterRelationships": rels, "filterRelationshipsConsumerToProvider": [], "filterRelationshipsProviderToConsumer": []});
        self.out.add("contracts", v);
        Ok(())
    }

    fn l3out(&mut self, name: &str) -> Result<(), RenderError> {
        let m = self.get(&format!("out-{name}"))?.clone();
        if self.out.has("intersiteL3outs", name) {
            return Ok(());
        }
        let vrf = self
            .site
            .get(&format!("{}/rsectx", m.dn))
            .map(|r| text(r, "tnFvCtxName"))
            .filter(|v| !v.is_empty());
        if let (Some(v), true) = (&vrf, self.req.with_relations) {
            self.vrf(v)?;
        }
        let vrf_ref = vrf
            .as_deref()
            .map(|v| self.reference("vrfs", v))
            .unwrap_or_default();
        self.out.add(
            "intersiteL3outs",
            json!({"name": name, "displayName": name, "description": text(&m, "descr"), "l3outRef": self.reference("l3outs", name), "vrfRef": vrf_ref}),
        );
        self.out.add_site(
            "intersiteL3outs",
            json!({"l3outRef": self.site_ref("l3outs", name), "vrfRef": vrf_ref}),
        );
        Ok(())
    }

    fn ext_epg(&mut self, out: &str, name: &str) -> Result<(), RenderError> {
        let m = self.get(&format!("out-{out}/instP-{name}"))?.clone();
        if self.out.has("externalEpgs", name) {
            return Ok(());
        }
        let vrf = self
            .site
            .get(&format!("{}/out-{out}/rsectx", self.tn))
            .map(|r| text(r, "tnFvCtxName"))
            .filter(|v| !v.is_empty());
        if self.req.with_relations {
            self.l3out(out)?;
        }
        let subnets: Vec<Value> = self
            .site
            .children(&m.dn)
            .filter(|s| s.class == "l3extSubnet")
            .map(|s| json!({"ip": text(s, "ip"), "name": text(s, "name"), "scope": list(&text(s, "scope")), "aggregate": list(&text(s, "aggregate"))}))
            .collect();
        let rels = self.contract_rels(&m.dn)?;
        let mut v = json!({"name": name, "displayName": name, "description": text(&m, "descr"), "externalEpgRef": self.reference("externalEpgs", name),
            "vrfRef": vrf.as_deref().map(|v| self.reference("vrfs", v)).unwrap_or_default(), "extEpgType": "on-premise",
            "contractRelationships": rels, "subnets": subnets, "selectors": [], "preferredGroup": m.attr("prefGrMemb") == Some("include"),
            "qosPriority": m.attr("prio").unwrap_or("unspecified")});
        let site = if self.req.with_relations {
            v["l3outRef"] = Value::String(self.reference("l3outs", out));
            json!({"externalEpgRef": self.site_ref("externalEpgs", name), "l3outDn": "", "subnets": [], "selectors": []})
        } else {
            json!({"externalEpgRef": self.site_ref("externalEpgs", name), "l3outDn": format!("{}/out-{out}", self.tn), "subnets": [], "selectors": []})
        };
        self.out.add("externalEpgs", v);
        self.out.add_site("externalEpgs", site);
        Ok(())
    }
}
