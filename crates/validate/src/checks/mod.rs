//! The checks, one module per topic, sharing one [`Checker`]: the index of the schemas,
//! the site facts and the findings collected so far.

mod contracts;
mod graph;
mod integrity;
mod l3out;
mod sitelocal;
mod sites;
pub(crate) mod tep;

pub(crate) use contracts::has_graph;

use serde_json::Value;

use crate::facts::Context;
use crate::fasthash::FastMap;
use crate::index::Index;
use crate::report::{Finding, Sink};
use crate::sitefacts::SiteIndex;

pub(crate) struct Checker<'a> {
    pub ix: Index<'a>,
    pub ctx: &'a Context,
    pub sites: FastMap<&'a str, SiteIndex<'a>>,
    pub out: Sink,
    /// The part (template of the validated schema) the per-part checks work on.
    pub part: usize,
}

impl<'a> Checker<'a> {
    pub fn new(schema: &'a Value, ctx: &'a Context) -> Checker<'a> {
        Checker {
            ix: Index::build(schema, ctx.schemas.values()),
            ctx,
            sites: ctx
                .sites
                .iter()
                .map(|(id, facts)| (id.as_str(), SiteIndex::new(facts)))
                .collect(),
            out: Sink::default(),
            part: 0,
        }
    }

    /// Runs every check. Schema-wide checks first; then every per-object check runs
    /// part by part (up to a thousand objects of one template), all of them on one part
    /// before the next, so a large schema is read in pieces that stay in cache rather
    /// than whole once per check.
    pub fn run(&mut self) {
        self.integrity();
        self.orphan_site_refs();
        self.unknown_sites();
        let mut usage = sites::Usage::default();
        for part in 0..self.ix.parts().len() {
            self.part = part;
            self.part_refs();
            self.contracts();
            self.graphs();
            self.site_local();
            self.l3outs();
            self.site_usage(&mut usage);
        }
        self.tep_overlaps(&usage);
    }

    pub fn into_findings(self) -> Vec<Finding> {
        self.out.findings
    }

    pub fn main(&self) -> &'a str {
        self.ix.main
    }

    /// The site's name for messages, or its id when no facts are known.
    pub fn site_label(&self, site: &'a str) -> &'a str {
        self.sites.get(site).map_or(site, SiteIndex::label)
    }

    /// The tenant name of a tenant id, else the id.
    pub fn tenant_label(&self, id: &'a str) -> &'a str {
        self.ctx.tenants.get(id).map_or(id, String::as_str)
    }
}
