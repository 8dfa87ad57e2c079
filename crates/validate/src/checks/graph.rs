//! Service graphs: at most two nodes, and a contract's graph relationship that gives both
//! connector BDs for every node of its graph.

use serde_json::Value;

use super::contracts::has_graph;
use super::Checker;
use crate::fasthash::FastMap;
use crate::json::{arr, field, text};
use crate::refs::{Key, Kind};
use crate::rules::{SG_CONNECTORS, SG_NODES};

/// Objects of a list by node key (the last one wins). Graphs have a node or two, so a
/// short list is searched in place and only a long one is hashed.
pub(super) enum NodeMap<'a> {
    Few(Vec<(Key<'a>, &'a Value)>),
    Many(FastMap<Key<'a>, &'a Value>),
}

impl<'a> NodeMap<'a> {
    const FEW: usize = 8;

    /// The objects of `list` in `parent`, by the node their `serviceNodeRef` names.
    pub fn of(parent: &'a Value, list: &str) -> NodeMap<'a> {
        let items = arr(parent, list)
            .iter()
            .filter_map(|n| Key::parse(text(n, "serviceNodeRef")).map(|k| (k, n)));
        if arr(parent, list).len() <= Self::FEW {
            NodeMap::Few(items.collect())
        } else {
            NodeMap::Many(items.collect())
        }
    }

    pub fn get(&self, node: &Key<'a>) -> Option<&'a Value> {
        match self {
            NodeMap::Few(items) => items.iter().rev().find(|(k, _)| k == node).map(|(_, v)| *v),
            NodeMap::Many(map) => map.get(node).copied(),
        }
    }

    /// Every node named, each once, sorted.
    pub fn keys(&self) -> Vec<Key<'a>> {
        let mut keys: Vec<Key<'a>> = match self {
            NodeMap::Few(items) => items.iter().map(|(k, _)| *k).collect(),
            NodeMap::Many(map) => map.keys().copied().collect(),
        };
        keys.sort_unstable();
        keys.dedup();
        keys
    }
}

/// The node relationships of a contract's (template or site-local) graph relationship,
/// by node key.
pub(super) fn node_relations<'a>(relationship: &'a Value) -> NodeMap<'a> {
    NodeMap::of(relationship, "serviceNodesRelationship")
}

/// The nodes of a graph, in order.
pub(super) fn graph_nodes<'a>(graph_key: Key<'a>, graph: &'a Value) -> Vec<(Key<'a>, &'a Value)> {
    arr(graph, "serviceNodes")
        .iter()
        .map(|n| (graph_key.child(Kind::ServiceNode, text(n, "name")), n))
        .collect()
}

impl<'a> Checker<'a> {
    pub(super) fn graphs(&mut self) {
        let main = self.main();
        for obj in self.ix.part_objects(self.part, Kind::ServiceGraph) {
            let (key, graph) = (obj.key, obj.value);
            let count = arr(graph, "serviceNodes").len();
            if count > 2 {
                self.out.push(
                    SG_NODES,
                    format!("{}/serviceNodes", key.path(main)),
                    format!("{key} has {count} nodes; Multi-Site supports at most two per service graph: remove a node"),
                );
            }
        }
        for obj in self.ix.part_objects(self.part, Kind::Contract) {
            if has_graph(obj.value) {
                self.connector_bds(obj.key, obj.value);
            }
        }
    }

    fn connector_bds(&mut self, contract: Key<'a>, obj: &'a Value) {
        let Some(relationship) = field(obj, "serviceGraphRelationship") else {
            return;
        };
        let Some((graph_key, graph)) = self.ix.resolve(text(relationship, "serviceGraphRef"))
        else {
            return;
        };
        let main = self.main();
        let base = || {
            format!(
                "{}/serviceGraphRelationship/serviceNodesRelationship",
                contract.path(main)
            )
        };
        let relations = node_relations(relationship);
        for (node, _) in graph_nodes(graph_key, graph) {
            let Some(rel) = relations.get(&node) else {
                self.out.push(
                    SG_CONNECTORS,
                    format!("{}/{}", base(), node.name),
                    format!("{contract} sets no connectors for node '{}' of {graph_key}: choose its consumer and provider connector BDs", node.name),
                );
                continue;
            };
            for (side, label) in [
                ("consumerConnector", "consumer"),
                ("providerConnector", "provider"),
            ] {
                let bd = field(rel, side)
                    .map(|c| text(c, "bdRef"))
                    .unwrap_or_default();
                if bd.is_empty() {
                    self.out.push(
                        SG_CONNECTORS,
                        format!("{}/{}/{side}/bdRef", base(), node.name),
                        format!(
                            "{contract} node '{}' has no {label} connector BD: choose one",
                            node.name
                        ),
                    );
                }
            }
        }
        let foreign = relations.keys().into_iter().filter(|k| {
            k.parent != graph_key.name
                || k.template != graph_key.template
                || k.schema != graph_key.schema
        });
        for node in foreign {
            self.out.push(
                SG_CONNECTORS,
                format!("{}/{}", base(), node.name),
                format!("{contract} sets connectors for node '{}' of service graph '{}', not of its graph {graph_key}: remove it", node.name, node.parent),
            );
        }
    }
}
