//! Site-local twins: every site entry of template T holds exactly one site-local object
//! per template object (VRF, BD, ANP with its EPGs, contract, external EPG, intersite
//! L3Out, service graph). Twins appear when an object or a site association appears,
//! follow renames, and go away with their object; existing twin content is kept.

use crate::error::ModelError;
use crate::objects::Ctx;
use crate::refs::{Ref, RefTarget};
use crate::schema::Schema;
use crate::tree::{find_ident, find_ref, Body, Kind, Node};
use crate::tx::Tx;
use serde_json::{json, Value};
use std::collections::HashSet;

/// A change to the template side that the site entries must follow.
#[derive(Debug, Clone)]
pub(crate) enum Event {
    /// A template object of `kind` appeared, disappeared, was replaced or renamed.
    Obj {
        template: String,
        kind: Kind,
        old: Option<String>,
        new: Option<String>,
    },
    /// An EPG of ANP `anp` changed.
    Epg {
        template: String,
        anp: String,
        old: Option<String>,
        new: Option<String>,
    },
    /// A template appeared, disappeared, was replaced or renamed.
    Template {
        old: Option<String>,
        new: Option<String>,
    },
    /// A site entry (`{siteId}-{templateName}`) appeared or was replaced.
    Site { ident: String },
}

const SITES: usize = 1;
const TEMPLATES: usize = 0;

impl Schema {
    pub(crate) fn apply_events(
        &mut self,
        tx: &mut Tx,
        events: Vec<Event>,
    ) -> Result<(), ModelError> {
        for ev in events {
            match ev {
                Event::Obj {
                    template,
                    kind,
                    old,
                    new,
                } => self.obj_event(tx, &template, kind, old, new)?,
                Event::Epg {
                    template,
                    anp,
                    old,
                    new,
                } => {
                    for s in self.sites_of(&template) {
                        self.epg_event(tx, s, &template, &anp, old.as_deref(), new.as_deref())?;
                    }
                }
                Event::Template { old, new } => self.template_event(tx, old, new)?,
                Event::Site { ident } => {
                    if let Some(s) = find_ident(&self.root.kids[SITES], &ident) {
                        self.sync_site(tx, s)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Indices of the site entries of `template`.
    pub(crate) fn sites_of(&self, template: &str) -> Vec<usize> {
        self.root.kids[SITES]
            .iter()
            .enumerate()
            .filter(|(_, n)| matches!(&*n.body, Body::Site(s) if s.template_name == template))
            .map(|(i, _)| i)
            .collect()
    }

    fn template_index(&self, name: &str) -> Option<usize> {
        find_ident(&self.root.kids[TEMPLATES], name)
    }

    fn self_ref(&self, template: &str, kind: Kind, anp: &str, name: &str) -> Ref {
        let n = name.to_string();
        let target = match kind {
            Kind::Vrf => RefTarget::Vrf(n),
            Kind::Bd => RefTarget::Bd(n),
            Kind::Anp => RefTarget::Anp(n),
            Kind::Epg => RefTarget::Epg {
                anp: anp.to_string(),
                epg: n,
            },
            Kind::Contract => RefTarget::Contract(n),
            Kind::ExternalEpg => RefTarget::ExternalEpg(n),
            Kind::L3out => RefTarget::L3out(n),
            _ => RefTarget::ServiceGraph(n),
        };
        Ref::new(&self.id, template, target)
    }

    /// The JSON of a fresh twin for the template object `obj`.
    fn twin_value(&self, template: &str, obj: &Node) -> Value {
        let kind = obj.kind();
        let r = self
            .self_ref(template, kind, "", &obj.body.ident())
            .to_string();
        match &*obj.body {
            Body::Anp(a) => {
                let epgs: Vec<Value> = obj.kids[0]
                    .iter()
                    .map(|e| json!({"epgRef": self.self_ref(template, Kind::Epg, &a.name, &e.body.ident()).to_string()}))
                    .collect();
                json!({"anpRef": r, "epgs": epgs})
            }
            Body::L3out(l) => match &l.vrf_ref {
                Some(v) => json!({"l3outRef": r, "vrfRef": v.to_string()}),
                None => json!({"l3outRef": r}),
            },
            _ => {
                let key = kind.twin().and_then(Kind::identity_key).unwrap_or("vrfRef");
                json!({ key: r })
            }
        }
    }

    fn site_coll(kind: Kind) -> Option<usize> {
        let twin = kind.twin()?;
        Kind::Site.colls().iter().position(|(_, k)| *k == twin)
    }

    fn template_coll(kind: Kind) -> Option<usize> {
        Kind::Template.colls().iter().position(|(_, k)| *k == kind)
    }

    fn find_twin(&self, s: usize, sc: usize, r: &Ref) -> Option<usize> {
        find_ref(&self.root.kids[SITES][s].kids[sc], r)
    }

    fn obj_event(
        &mut self,
        tx: &mut Tx,
        template: &str,
        kind: Kind,
        old: Option<String>,
        new: Option<String>,
    ) -> Result<(), ModelError> {
        let Some(sc) = Self::site_coll(kind) else {
            return Ok(());
        };
        for s in self.sites_of(template) {
            if let Some(old) = &old {
                if new.as_ref() != Some(old) {
                    let old_ref = self.self_ref(template, kind, "", old);
                    if let Some(i) = self.find_twin(s, sc, &old_ref) {
                        match &new {
                            Some(new) => self.rename_twin(tx, (s, sc, i), template, kind, new)?,
                            None => {
                                self.remove(tx, &[(SITES, s)], sc, i);
                            }
                        }
                    }
                }
            }
            if let Some(new) = &new {
                self.ensure_twin(tx, s, template, kind, new)?;
            }
        }
        Ok(())
    }

    fn rename_twin(
        &mut self,
        tx: &mut Tx,
        (s, sc, i): (usize, usize, usize),
        template: &str,
        kind: Kind,
        new: &str,
    ) -> Result<(), ModelError> {
        let twin = &self.root.kids[SITES][s].kids[sc][i];
        let mut json = twin.to_json();
        let new_ref = self.self_ref(template, kind, "", new);
        if let (Some(key), Value::Object(map)) =
            (kind.twin().and_then(Kind::identity_key), &mut json)
        {
            map.insert(key.to_string(), Value::String(new_ref.to_string()));
        }
        if kind == Kind::Anp {
            if let Some(Value::Array(epgs)) = json.get_mut("epgs") {
                for e in epgs {
                    let epg = e
                        .get("epgRef")
                        .and_then(Value::as_str)
                        .and_then(|r| Ref::parse(r).ok());
                    if let Some(epg) = epg {
                        let r = self.self_ref(template, Kind::Epg, new, epg.name());
                        e["epgRef"] = Value::String(r.to_string());
                    }
                }
            }
        }
        let ctx = self.ctx_of(&[(SITES, s), (sc, i)]);
        let mut node = Node::build(kind.twin().unwrap_or(kind), json, &ctx, "/sites")?;
        node.ord = twin.ord;
        self.replace(tx, &[(SITES, s)], sc, i, node);
        Ok(())
    }

    /// Make sure site entry `s` has a twin of template object `name` (for an ANP, also of
    /// each of its EPGs).
    fn ensure_twin(
        &mut self,
        tx: &mut Tx,
        s: usize,
        template: &str,
        kind: Kind,
        name: &str,
    ) -> Result<(), ModelError> {
        let (Some(sc), Some(tc), Some(t)) = (
            Self::site_coll(kind),
            Self::template_coll(kind),
            self.template_index(template),
        ) else {
            return Ok(());
        };
        let r = self.self_ref(template, kind, "", name);
        if self.find_twin(s, sc, &r).is_none() {
            let Some(obj) = find_ident(&self.root.kids[TEMPLATES][t].kids[tc], name)
                .map(|i| &self.root.kids[TEMPLATES][t].kids[tc][i])
            else {
                return Ok(());
            };
            let value = self.twin_value(template, obj);
            let ctx = self.ctx_of(&[(SITES, s)]);
            let mut node = Node::build(kind.twin().unwrap_or(kind), value, &ctx, "/sites")?;
            let at = self.root.kids[SITES][s].kids[sc].len();
            node.ord = self.ord_for(tx, &[(SITES, s)], sc, at);
            self.insert(tx, &[(SITES, s)], sc, at, node);
        } else if kind == Kind::Anp {
            let anps = &self.root.kids[TEMPLATES][t].kids[tc];
            let epgs: Vec<String> = find_ident(anps, name)
                .map(|a| anps[a].kids[0].iter().map(|e| e.body.ident()).collect())
                .unwrap_or_default();
            self.sync_anp_epgs(tx, s, template, name, &epgs)?;
        }
        Ok(())
    }

    /// The twin ANP of `anp` in site entry `s` holds exactly the EPGs `epgs`.
    fn sync_anp_epgs(
        &mut self,
        tx: &mut Tx,
        s: usize,
        template: &str,
        anp: &str,
        epgs: &[String],
    ) -> Result<(), ModelError> {
        let sc = Self::site_coll(Kind::Anp).unwrap_or(2);
        let Some(a) = self.find_twin(s, sc, &self.self_ref(template, Kind::Anp, "", anp)) else {
            return Ok(());
        };
        let path = [(SITES, s), (sc, a)];
        let mut i = 0;
        while i < self.node(&path).kids[0].len() {
            let stale = match self.node(&path).kids[0][i].body.identity_ref() {
                Some(r) => {
                    r.schema == self.id.as_str()
                        && r.template == template
                        && matches!(&r.target, RefTarget::Epg { anp: a, epg } if a == anp && !epgs.contains(epg))
                }
                None => false,
            };
            if stale {
                self.remove(tx, &path, 0, i);
            } else {
                i += 1;
            }
        }
        for e in epgs {
            self.ensure_epg_twin(tx, &path, template, anp, e)?;
        }
        Ok(())
    }

    fn ensure_epg_twin(
        &mut self,
        tx: &mut Tx,
        anp_path: &[(usize, usize)],
        template: &str,
        anp: &str,
        epg: &str,
    ) -> Result<(), ModelError> {
        let r = self.self_ref(template, Kind::Epg, anp, epg);
        if find_ref(&self.node(anp_path).kids[0], &r).is_some() {
            return Ok(());
        }
        let ctx = self.ctx_of(anp_path);
        let mut node = Node::build(
            Kind::SiteEpg,
            json!({"epgRef": r.to_string()}),
            &ctx,
            "/sites",
        )?;
        let at = self.node(anp_path).kids[0].len();
        node.ord = self.ord_for(tx, anp_path, 0, at);
        self.insert(tx, anp_path, 0, at, node);
        Ok(())
    }

    fn epg_event(
        &mut self,
        tx: &mut Tx,
        s: usize,
        template: &str,
        anp: &str,
        old: Option<&str>,
        new: Option<&str>,
    ) -> Result<(), ModelError> {
        let sc = Self::site_coll(Kind::Anp).unwrap_or(2);
        let anp_ref = self.self_ref(template, Kind::Anp, "", anp);
        let a = match self.find_twin(s, sc, &anp_ref) {
            Some(a) => a,
            None => {
                self.ensure_twin(tx, s, template, Kind::Anp, anp)?;
                return Ok(());
            }
        };
        let path = [(SITES, s), (sc, a)];
        if let Some(old) = old.filter(|o| Some(*o) != new) {
            let old_ref = self.self_ref(template, Kind::Epg, anp, old);
            if let Some(i) = find_ref(&self.node(&path).kids[0], &old_ref) {
                match new {
                    Some(new) => {
                        let twin = &self.node(&path).kids[0][i];
                        let mut json = twin.to_json();
                        json["epgRef"] =
                            Value::String(self.self_ref(template, Kind::Epg, anp, new).to_string());
                        let ord = twin.ord;
                        let mut node = Node::build(Kind::SiteEpg, json, &Ctx::default(), "/sites")?;
                        node.ord = ord;
                        self.replace(tx, &path, 0, i, node);
                    }
                    None => {
                        self.remove(tx, &path, 0, i);
                    }
                }
            }
        }
        if let Some(new) = new {
            self.ensure_epg_twin(tx, &path, template, anp, new)?;
        }
        Ok(())
    }

    fn template_event(
        &mut self,
        tx: &mut Tx,
        old: Option<String>,
        new: Option<String>,
    ) -> Result<(), ModelError> {
        match (old, new) {
            (Some(old), None) => {
                for s in self.sites_of(&old).into_iter().rev() {
                    self.remove(tx, &[], SITES, s);
                }
            }
            (Some(old), Some(new)) if old != new => {
                for s in self.sites_of(&old) {
                    let mut json = self.root.kids[SITES][s].to_json();
                    json["templateName"] = Value::String(new.clone());
                    let from = format!("/schemas/{}/templates/{}/", self.id, old);
                    let to = format!("/schemas/{}/templates/{}/", self.id, new);
                    crate::patch::rewrite_ref_prefix(&mut json, &from, &to);
                    let ctx = self.ctx_of(&[]);
                    let mut node = Node::build(Kind::Site, json, &ctx, "/sites")?;
                    node.ord = self.root.kids[SITES][s].ord;
                    self.replace(tx, &[], SITES, s, node);
                    self.sync_site(tx, s)?;
                }
            }
            (_, Some(new)) => {
                for s in self.sites_of(&new) {
                    self.sync_site(tx, s)?;
                }
            }
            (None, None) => {}
        }
        Ok(())
    }

    /// Bring site entry `s` in line with its template: the template id, one twin per
    /// template object, no twins of objects that are gone.
    pub(crate) fn sync_site(&mut self, tx: &mut Tx, s: usize) -> Result<(), ModelError> {
        let Body::Site(entry) = &*self.root.kids[SITES][s].body else {
            return Ok(());
        };
        let template = entry.template_name.clone();
        let Some(t) = self.template_index(&template) else {
            return Err(ModelError::bad(
                format!("/sites/{}-{}", entry.site_id, template),
                format!("template '{template}' does not exist in this schema"),
            ));
        };
        let template_id = match &*self.root.kids[TEMPLATES][t].body {
            Body::Template(h) => h.template_id.clone(),
            _ => String::new(),
        };
        if entry.template_id != template_id {
            let mut entry = entry.clone();
            entry.template_id = template_id;
            self.set_body(tx, &[(SITES, s)], Body::Site(entry));
        }
        for (tc, (_, kind)) in Kind::Template.colls().iter().enumerate() {
            let Some(sc) = Self::site_coll(*kind) else {
                continue;
            };
            let names: Vec<String> = self.root.kids[TEMPLATES][t].kids[tc]
                .iter()
                .map(|n| n.body.ident())
                .collect();
            let wanted: HashSet<&str> = names.iter().map(String::as_str).collect();
            let mut i = 0;
            while i < self.root.kids[SITES][s].kids[sc].len() {
                let stale = match self.root.kids[SITES][s].kids[sc][i].body.identity_ref() {
                    Some(r) => {
                        r.schema == self.id.as_str()
                            && r.template == template.as_str()
                            && !wanted.contains(r.name())
                    }
                    None => false,
                };
                if stale {
                    self.remove(tx, &[(SITES, s)], sc, i);
                } else {
                    i += 1;
                }
            }
            let present: HashSet<String> = self.root.kids[SITES][s].kids[sc]
                .iter()
                .filter_map(|n| n.body.identity_ref().map(|r| r.to_string()))
                .collect();
            for name in &names {
                let r = self.self_ref(&template, *kind, "", name).to_string();
                if !present.contains(&r) || *kind == Kind::Anp {
                    self.ensure_twin(tx, s, &template, *kind, name)?;
                }
            }
        }
        Ok(())
    }
}
