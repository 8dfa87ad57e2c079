//! TEP pools of the infra configuration: every external TEP pool a valid prefix, none
//! overlapping another external pool (each pod has its own) nor any fabric TEP pool.
//! Sorted sweeps, so the cost stays n log n in the number of pools.

use std::collections::BTreeSet;

use crate::cidr::Cidr;
use crate::facts::SiteFacts;
use crate::report::Sink;
use crate::rules::{TEP_FABRIC_OVERLAP, TEP_INVALID, TEP_OVERLAP};

struct Pool<'a> {
    cidr: Cidr,
    text: &'a str,
    site: &'a str,
    label: &'a str,
    pod: i64,
    path: String,
}

impl Pool<'_> {
    fn order(&self) -> (u32, u32, &str, i64, &str) {
        (
            self.cidr.first,
            self.cidr.last,
            self.site,
            self.pod,
            &self.path,
        )
    }

    fn describe(&self) -> String {
        format!("{} of site '{}' pod {}", self.text, self.label, self.pod)
    }
}

/// Reports TEP pool problems of `sites`; with `involved`, only those touching one of
/// these site ids.
pub(crate) fn overlaps<'a>(
    sites: impl Iterator<Item = &'a SiteFacts>,
    involved: Option<&BTreeSet<&str>>,
    out: &mut Sink,
) {
    let wanted = |site: &str| match involved {
        Some(set) => set.contains(site),
        None => true,
    };
    let mut external = Vec::new();
    let mut fabric = Vec::new();
    for facts in sites {
        let site = facts.site_id.as_str();
        let label = if facts.name.is_empty() {
            site
        } else {
            facts.name.as_str()
        };
        for pod in &facts.pods {
            let base = format!("/infra/sites/{site}/pods/{}", pod.pod_id);
            let pools = pod
                .external_tep_pools
                .iter()
                .enumerate()
                .map(|(i, p)| (p, format!("{base}/externalTepPools/{i}"), true));
            let fabric_pool = (!pod.tep_pool.is_empty())
                .then(|| (&pod.tep_pool, format!("{base}/tepPool"), false));
            for (text, path, is_external) in pools.chain(fabric_pool) {
                let Some(cidr) = Cidr::parse(text) else {
                    if wanted(site) {
                        let message = format!("TEP pool '{text}' of site '{label}' pod {} is not an IPv4 prefix (a.b.c.d/n): correct it", pod.pod_id);
                        out.push(TEP_INVALID, path, message);
                    }
                    continue;
                };
                let pool = Pool {
                    cidr,
                    text,
                    site,
                    label,
                    pod: pod.pod_id,
                    path,
                };
                if is_external {
                    external.push(pool);
                } else {
                    fabric.push(pool);
                }
            }
        }
    }
    external.sort_by(|a, b| a.order().cmp(&b.order()));
    fabric.sort_by(|a, b| a.order().cmp(&b.order()));

    let mut widest: Option<&Pool> = None;
    for pool in &external {
        if let Some(prev) = widest {
            if pool.cidr.first <= prev.cidr.last && (wanted(pool.site) || wanted(prev.site)) {
                let message = format!(
                    "external TEP pool {} overlaps external TEP pool {}: give every pod its own pool, overlapping no other",
                    pool.describe(),
                    prev.describe()
                );
                out.push(TEP_OVERLAP, pool.path.clone(), message);
            }
        }
        if !matches!(widest, Some(w) if w.cidr.last >= pool.cidr.last) {
            widest = Some(pool);
        }
    }

    // For each prefix of the fabric pools sorted by start: the one reaching furthest.
    let mut reach: Vec<usize> = Vec::with_capacity(fabric.len());
    for (i, pool) in fabric.iter().enumerate() {
        let best = match reach.last() {
            Some(&j) if fabric[j].cidr.last >= pool.cidr.last => j,
            _ => i,
        };
        reach.push(best);
    }
    for pool in &external {
        let upto = fabric.partition_point(|f| f.cidr.first <= pool.cidr.last);
        let Some(&j) = upto.checked_sub(1).and_then(|i| reach.get(i)) else {
            continue;
        };
        let other = &fabric[j];
        if other.cidr.last >= pool.cidr.first && (wanted(pool.site) || wanted(other.site)) {
            let message = format!(
                "external TEP pool {} overlaps the fabric TEP pool {}: choose a pool that overlaps no TEP pool or fabric address",
                pool.describe(),
                other.describe()
            );
            out.push(TEP_FABRIC_OVERLAP, pool.path.clone(), message);
        }
    }
}
