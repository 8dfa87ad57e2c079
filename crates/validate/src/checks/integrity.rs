//! Reference integrity: every ref resolves to an object of the right kind (in this schema
//! or another one), templates name known tenants, site entries name existing templates,
//! names are unique within a collection.

use serde_json::Value;

use super::Checker;
use crate::json::{arr, field, text};
use crate::refs::{Key, Kind};
use crate::rules::{REF_DUPLICATE, REF_MISSING, REF_SITE_TEMPLATE, REF_TENANT};

const FILTER_LISTS: [&str; 3] = [
    "filterRelationships",
    "filterRelationshipsConsumerToProvider",
    "filterRelationshipsProviderToConsumer",
];

impl<'a> Checker<'a> {
    /// Findings about the schema as a whole: duplicate names and template tenants.
    pub(super) fn integrity(&mut self) {
        let main = self.main();
        for key in self.ix.duplicates.clone() {
            if key.schema == main {
                self.out.push(
                    REF_DUPLICATE,
                    key.path(main),
                    format!(
                        "another {} of template '{}' is already named '{}': rename one of them",
                        key.kind.noun(),
                        key.template,
                        key.name
                    ),
                );
            }
        }
        self.template_tenants();
    }

    /// References of the current part's objects and of its site entries.
    pub(super) fn part_refs(&mut self) {
        self.template_refs();
        let part = &self.ix.parts()[self.part];
        if part.first {
            let template = part.template;
            self.site_refs(|t| t == template);
        }
    }

    /// References of the site entries whose template holds no objects (or does not
    /// exist), which no part covers.
    pub(super) fn orphan_site_refs(&mut self) {
        let parts: Vec<&'a str> = self.ix.parts().iter().map(|p| p.template).collect();
        self.site_refs(|t| !parts.contains(&t));
    }

    fn template_tenants(&mut self) {
        let mut tenants: Vec<(&str, &str)> = self
            .ix
            .templates
            .iter()
            .filter(|((s, _), _)| *s == self.ix.main)
            .map(|((_, t), tpl)| (*t, tpl.tenant))
            .collect();
        tenants.sort_unstable();
        for (template, tenant) in tenants {
            if !self.ctx.tenants.contains_key(tenant) {
                self.out.push(
                    REF_TENANT,
                    format!("/templates/{template}/tenantId"),
                    format!("template '{template}' names tenant '{tenant}', which does not exist: choose an existing tenant"),
                );
            }
        }
    }

    /// Checks one ref field. An empty ref is reported only when `required`. The path is
    /// built only for a finding.
    fn check_ref(&mut self, path: impl FnOnce() -> String, r: &'a str, want: Kind, required: bool) {
        if r.is_empty() {
            if required {
                self.out.push(
                    REF_MISSING,
                    path(),
                    format!("no {} is set: choose one", want.noun()),
                );
            }
            return;
        }
        let key = match Key::parse(r) {
            Some(key) if key.kind == want => key,
            _ => {
                self.out.push(
                    REF_MISSING,
                    path(),
                    format!(
                        "'{r}' is not a reference to a {}: choose an existing one",
                        want.noun()
                    ),
                );
                return;
            }
        };
        if self.ix.get(&key).is_some() {
            return;
        }
        let path = path();
        let message = if !self.ix.schemas.contains(key.schema) {
            format!(
                "{key} is in schema '{}', which does not exist: choose an existing {}",
                key.schema,
                want.noun()
            )
        } else if !self.ix.templates.contains_key(&(key.schema, key.template)) {
            format!(
                "{key} is in template '{}', which does not exist: choose an existing {}",
                key.template,
                want.noun()
            )
        } else {
            format!(
                "{key} does not exist in template '{}': create it or choose an existing {}",
                key.template,
                want.noun()
            )
        };
        self.out.push(REF_MISSING, path, message);
    }

    fn contract_relations(&mut self, base: impl Fn() -> String, obj: &'a Value) {
        for (i, rel) in arr(obj, "contractRelationships").iter().enumerate() {
            self.check_ref(
                || format!("{}/contractRelationships/{i}/contractRef", base()),
                text(rel, "contractRef"),
                Kind::Contract,
                true,
            );
        }
    }

    fn template_refs(&mut self) {
        let main = self.main();
        let objects: Vec<(Key<'a>, &'a Value)> = self.ix.part_all(self.part);
        for (key, obj) in objects {
            let base = || key.path(main);
            match key.kind {
                Kind::Vrf => {
                    for list in ["vzAnyConsumerContracts", "vzAnyProviderContracts"] {
                        for (i, rel) in arr(obj, list).iter().enumerate() {
                            self.check_ref(
                                || format!("{}/{list}/{i}/contractRef", base()),
                                text(rel, "contractRef"),
                                Kind::Contract,
                                true,
                            );
                        }
                    }
                }
                Kind::Bd => self.check_ref(
                    || format!("{}/vrfRef", base()),
                    text(obj, "vrfRef"),
                    Kind::Vrf,
                    true,
                ),
                Kind::L3out => self.check_ref(
                    || format!("{}/vrfRef", base()),
                    text(obj, "vrfRef"),
                    Kind::Vrf,
                    true,
                ),
                Kind::Epg => {
                    self.check_ref(
                        || format!("{}/bdRef", base()),
                        text(obj, "bdRef"),
                        Kind::Bd,
                        false,
                    );
                    self.check_ref(
                        || format!("{}/vrfRef", base()),
                        text(obj, "vrfRef"),
                        Kind::Vrf,
                        false,
                    );
                    self.contract_relations(base, obj);
                }
                Kind::ExternalEpg => {
                    self.check_ref(
                        || format!("{}/vrfRef", base()),
                        text(obj, "vrfRef"),
                        Kind::Vrf,
                        false,
                    );
                    self.check_ref(
                        || format!("{}/l3outRef", base()),
                        text(obj, "l3outRef"),
                        Kind::L3out,
                        false,
                    );
                    self.contract_relations(base, obj);
                }
                Kind::Contract => self.contract_refs(base, obj),
                Kind::Anp | Kind::Filter | Kind::ServiceGraph | Kind::ServiceNode => {}
            }
        }
    }

    fn contract_refs(&mut self, base: impl Fn() -> String, obj: &'a Value) {
        for list in FILTER_LISTS {
            for rel in arr(obj, list) {
                let r = text(rel, "filterRef");
                let name = r.rsplit('/').next().unwrap_or_default();
                self.check_ref(
                    || format!("{}/{list}/{name}/filterRef", base()),
                    r,
                    Kind::Filter,
                    true,
                );
            }
        }
        let Some(sg) = field(obj, "serviceGraphRelationship") else {
            return;
        };
        let sg_base = || format!("{}/serviceGraphRelationship", base());
        self.check_ref(
            || format!("{}/serviceGraphRef", sg_base()),
            text(sg, "serviceGraphRef"),
            Kind::ServiceGraph,
            true,
        );
        for rel in arr(sg, "serviceNodesRelationship") {
            let r = text(rel, "serviceNodeRef");
            let node = r.rsplit('/').next().unwrap_or_default();
            let rel_base = || format!("{}/serviceNodesRelationship/{node}", sg_base());
            self.check_ref(
                || format!("{}/serviceNodeRef", rel_base()),
                r,
                Kind::ServiceNode,
                true,
            );
            for side in ["consumerConnector", "providerConnector"] {
                if let Some(conn) = field(rel, side) {
                    self.check_ref(
                        || format!("{}/{side}/bdRef", rel_base()),
                        text(conn, "bdRef"),
                        Kind::Bd,
                        false,
                    );
                }
            }
        }
    }

    fn site_refs(&mut self, covers: impl Fn(&str) -> bool) {
        let main = self.main();
        let entries: Vec<(&'a str, &'a str, &'a Value)> = self
            .ix
            .site_entries
            .iter()
            .filter(|e| e.schema == main && covers(e.template))
            .map(|e| (e.site, e.template, e.value))
            .collect();
        let twins = [
            ("vrfs", "vrfRef", Kind::Vrf),
            ("bds", "bdRef", Kind::Bd),
            ("anps", "anpRef", Kind::Anp),
            ("contracts", "contractRef", Kind::Contract),
            ("externalEpgs", "externalEpgRef", Kind::ExternalEpg),
            ("intersiteL3outs", "l3outRef", Kind::L3out),
            ("serviceGraphs", "serviceGraphRef", Kind::ServiceGraph),
        ];
        for (site, template, entry) in entries {
            let base = || format!("/sites/{site}-{template}");
            if !self.ix.templates.contains_key(&(main, template)) {
                self.out.push(
                    REF_SITE_TEMPLATE,
                    base(),
                    format!("site '{}' is associated with template '{template}', which does not exist: remove the association", self.site_label(site)),
                );
            }
            for (collection, ref_key, kind) in twins {
                for obj in arr(entry, collection) {
                    let r = text(obj, ref_key);
                    let obase = || {
                        format!(
                            "{}/{collection}/{}",
                            base(),
                            r.rsplit('/').next().unwrap_or_default()
                        )
                    };
                    self.check_ref(|| format!("{}/{ref_key}", obase()), r, kind, true);
                    self.site_object_refs(obase, kind, obj);
                }
            }
        }
    }

    fn site_object_refs(&mut self, base: impl Fn() -> String, kind: Kind, obj: &'a Value) {
        match kind {
            Kind::Anp => {
                for epg in arr(obj, "epgs") {
                    let r = text(epg, "epgRef");
                    self.check_ref(
                        || {
                            format!(
                                "{}/epgs/{}/epgRef",
                                base(),
                                r.rsplit('/').next().unwrap_or_default()
                            )
                        },
                        r,
                        Kind::Epg,
                        true,
                    );
                }
            }
            Kind::ExternalEpg => self.check_ref(
                || format!("{}/l3outRef", base()),
                text(obj, "l3outRef"),
                Kind::L3out,
                false,
            ),
            Kind::L3out => self.check_ref(
                || format!("{}/vrfRef", base()),
                text(obj, "vrfRef"),
                Kind::Vrf,
                false,
            ),
            Kind::ServiceGraph => {
                for node in arr(obj, "serviceNodes") {
                    let r = text(node, "serviceNodeRef");
                    let name = r.rsplit('/').next().unwrap_or_default();
                    self.check_ref(
                        || format!("{}/serviceNodes/{name}/serviceNodeRef", base()),
                        r,
                        Kind::ServiceNode,
                        true,
                    );
                }
            }
            Kind::Contract => {
                if let Some(sg) = field(obj, "serviceGraphRelationship") {
                    let sg_base = || format!("{}/serviceGraphRelationship", base());
                    self.check_ref(
                        || format!("{}/serviceGraphRef", sg_base()),
                        text(sg, "serviceGraphRef"),
                        Kind::ServiceGraph,
                        true,
                    );
                    for rel in arr(sg, "serviceNodesRelationship") {
                        let r = text(rel, "serviceNodeRef");
                        let name = r.rsplit('/').next().unwrap_or_default();
                        let path = || {
                            format!(
                                "{}/serviceNodesRelationship/{name}/serviceNodeRef",
                                sg_base()
                            )
                        };
                        self.check_ref(path, r, Kind::ServiceNode, true);
                    }
                }
            }
            _ => {}
        }
    }
}
