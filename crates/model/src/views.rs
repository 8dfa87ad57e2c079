//! Typed read access for the validator and the renderer: templates and their objects,
//! site entries and their site-local objects, and look-up of a [`Ref`].

use crate::objects::*;
use crate::refs::{Ref, RefTarget};
use crate::schema::Schema;
use crate::tree::{find_ident, Body, Node};

macro_rules! typed_iter {
    ($fn:ident, $c:expr, $variant:ident, $ty:ty) => {
        pub fn $fn(&self) -> impl Iterator<Item = &'a $ty> + 'a {
            self.node.kids[$c].iter().filter_map(|n| match &*n.body {
                Body::$variant(x) => Some(x),
                _ => None,
            })
        }
    };
}

/// A template with its objects.
#[derive(Debug, Clone, Copy)]
pub struct TemplateView<'a> {
    node: &'a Node,
}

impl<'a> TemplateView<'a> {
    /// The template's own fields.
    pub fn header(&self) -> &'a Template {
        match &*self.node.body {
            Body::Template(t) => t,
            _ => unreachable_template(),
        }
    }
    /// The template name.
    pub fn name(&self) -> &'a str {
        &self.header().name
    }
    typed_iter!(vrfs, 0, Vrf, Vrf);
    typed_iter!(bds, 1, Bd, Bd);
    typed_iter!(contracts, 3, Contract, Contract);
    typed_iter!(filters, 4, Filter, Filter);
    typed_iter!(external_epgs, 5, ExternalEpg, ExternalEpg);
    typed_iter!(intersite_l3outs, 6, L3out, IntersiteL3out);
    typed_iter!(service_graphs, 7, ServiceGraph, ServiceGraph);

    /// The ANPs with their EPGs.
    pub fn anps(&self) -> impl Iterator<Item = AnpView<'a>> + 'a {
        self.node.kids[2].iter().map(|node| AnpView { node })
    }
}

/// An ANP with its EPGs.
#[derive(Debug, Clone, Copy)]
pub struct AnpView<'a> {
    node: &'a Node,
}

impl<'a> AnpView<'a> {
    /// The ANP's own fields.
    pub fn header(&self) -> Option<&'a Anp> {
        match &*self.node.body {
            Body::Anp(a) => Some(a),
            _ => None,
        }
    }
    typed_iter!(epgs, 0, Epg, Epg);
}

/// A site entry with its site-local objects.
#[derive(Debug, Clone, Copy)]
pub struct SiteEntryView<'a> {
    node: &'a Node,
}

impl<'a> SiteEntryView<'a> {
    /// The entry's own fields (`siteId`, `templateName`, `templateID`).
    pub fn header(&self) -> Option<&'a SiteEntry> {
        match &*self.node.body {
            Body::Site(s) => Some(s),
            _ => None,
        }
    }
    typed_iter!(vrfs, 0, SiteVrf, SiteVrf);
    typed_iter!(bds, 1, SiteBd, SiteBd);
    typed_iter!(contracts, 3, SiteContract, SiteContract);
    typed_iter!(external_epgs, 4, SiteExternalEpg, SiteExternalEpg);
    typed_iter!(intersite_l3outs, 5, SiteL3out, SiteL3out);
    typed_iter!(service_graphs, 6, SiteServiceGraph, SiteServiceGraph);

    /// The site ANPs with their site EPGs.
    pub fn anps(&self) -> impl Iterator<Item = SiteAnpView<'a>> + 'a {
        self.node.kids[2].iter().map(|node| SiteAnpView { node })
    }
}

/// A site ANP with its site EPGs.
#[derive(Debug, Clone, Copy)]
pub struct SiteAnpView<'a> {
    node: &'a Node,
}

impl<'a> SiteAnpView<'a> {
    /// The site ANP's own fields.
    pub fn header(&self) -> Option<&'a SiteAnp> {
        match &*self.node.body {
            Body::SiteAnp(a) => Some(a),
            _ => None,
        }
    }
    typed_iter!(epgs, 0, SiteEpg, SiteEpg);
}

/// What a [`Ref`] designates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Found<'a> {
    Vrf(&'a Vrf),
    Bd(&'a Bd),
    Anp(&'a Anp),
    Epg(&'a Epg),
    Contract(&'a Contract),
    Filter(&'a Filter),
    L3out(&'a IntersiteL3out),
    ExternalEpg(&'a ExternalEpg),
    ServiceGraph(&'a ServiceGraph),
    ServiceNode(&'a ServiceNode),
}

fn unreachable_template() -> &'static Template {
    static EMPTY: std::sync::OnceLock<Template> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| Template {
        name: String::new(),
        display_name: String::new(),
        tenant_id: String::new(),
        description: String::new(),
        template_type: Default::default(),
        template_id: String::new(),
        extra: Default::default(),
    })
}

impl Schema {
    /// The templates, in order.
    pub fn templates(&self) -> impl Iterator<Item = TemplateView<'_>> {
        self.root.kids[0].iter().map(|node| TemplateView { node })
    }

    /// The template called `name`.
    pub fn template(&self, name: &str) -> Option<TemplateView<'_>> {
        find_ident(&self.root.kids[0], name).map(|i| TemplateView {
            node: &self.root.kids[0][i],
        })
    }

    /// Every site entry, in order.
    pub fn site_entries(&self) -> impl Iterator<Item = SiteEntryView<'_>> {
        self.root.kids[1].iter().map(|node| SiteEntryView { node })
    }

    /// The site entries of template `template`.
    pub fn site_entries_of<'a>(
        &'a self,
        template: &'a str,
    ) -> impl Iterator<Item = SiteEntryView<'a>> + 'a {
        self.site_entries()
            .filter(move |s| s.header().is_some_and(|h| h.template_name == template))
    }

    /// The object `r` designates, if it is in this schema and exists.
    pub fn find(&self, r: &Ref) -> Option<Found<'_>> {
        if r.schema != self.id.as_str() {
            return None;
        }
        let t = self.template(r.template.as_str())?;
        let named =
            |c: usize, name: &str| find_ident(&t.node.kids[c], name).map(|i| &t.node.kids[c][i]);
        let found = match &r.target {
            RefTarget::Vrf(n) => named(0, n).map(|n| &*n.body),
            RefTarget::Bd(n) => named(1, n).map(|n| &*n.body),
            RefTarget::Anp(n) => named(2, n).map(|n| &*n.body),
            RefTarget::Epg { anp, epg } => {
                let a = named(2, anp)?;
                find_ident(&a.kids[0], epg).map(|i| &*a.kids[0][i].body)
            }
            RefTarget::Contract(n) => named(3, n).map(|n| &*n.body),
            RefTarget::Filter(n) => named(4, n).map(|n| &*n.body),
            RefTarget::ExternalEpg(n) => named(5, n).map(|n| &*n.body),
            RefTarget::L3out(n) => named(6, n).map(|n| &*n.body),
            RefTarget::ServiceGraph(n) => named(7, n).map(|n| &*n.body),
            RefTarget::ServiceNode { graph, node } => {
                let Body::ServiceGraph(g) = &*named(7, graph)?.body else {
                    return None;
                };
                return g
                    .service_nodes
                    .iter()
                    .find(|n| n.name == *node)
                    .map(Found::ServiceNode);
            }
        }?;
        Some(match found {
            Body::Vrf(x) => Found::Vrf(x),
            Body::Bd(x) => Found::Bd(x),
            Body::Anp(x) => Found::Anp(x),
            Body::Epg(x) => Found::Epg(x),
            Body::Contract(x) => Found::Contract(x),
            Body::Filter(x) => Found::Filter(x),
            Body::ExternalEpg(x) => Found::ExternalEpg(x),
            Body::L3out(x) => Found::L3out(x),
            Body::ServiceGraph(x) => Found::ServiceGraph(x),
            _ => return None,
        })
    }
}
