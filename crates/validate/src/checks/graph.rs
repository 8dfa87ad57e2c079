//! Service graphs: at most two nodes, and a contract's graph relationship that gives both
//! connector BDs for every node of its graph.

use std::collections::HashMap;

use serde_json::Value;

use super::contracts::has_graph;
use super::Checker;
use crate::index::{arr, text};
use crate::refs::{Key, Kind};
use crate::rules::{SG_CONNECTORS, SG_NODES};

/// The node relationships of a contract's (template or site-local) graph relationship,
/// by node key.
pub(super) fn node_relations<'a>(relationship: &'a Value) -> HashMap<Key<'a>, &'a Value> {
    arr(relationship, "serviceNodesRelationship")
        .iter()
        .filter_map(|rel| Key::parse(text(rel, "serviceNodeRef")).map(|k| (k, rel)))
        .collect()
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
        let graphs: Vec<(Key<'a>, &'a Value)> = self.ix.main_objects(Kind::ServiceGraph).collect();
        for (key, graph) in graphs {
            let count = arr(graph, "serviceNodes").len();
            if count > 2 {
                self.out.push(
                    SG_NODES,
                    format!("{}/serviceNodes", key.path(main)),
                    format!("{key} has {count} nodes; Multi-Site supports at most two per service graph: remove a node"),
                );
            }
        }
        let contracts: Vec<(Key<'a>, &'a Value)> = self
            .ix
            .main_objects(Kind::Contract)
            .filter(|(_, c)| has_graph(c))
            .collect();
        for (key, contract) in contracts {
            self.connector_bds(key, contract);
        }
    }

    fn connector_bds(&mut self, contract: Key<'a>, obj: &'a Value) {
        let Some(relationship) = obj.get("serviceGraphRelationship") else {
            return;
        };
        let Some((graph_key, graph)) = self.ix.resolve(text(relationship, "serviceGraphRef"))
        else {
            return;
        };
        let base = format!(
            "{}/serviceGraphRelationship/serviceNodesRelationship",
            contract.path(self.main())
        );
        let relations = node_relations(relationship);
        for (node, _) in graph_nodes(graph_key, graph) {
            let Some(rel) = relations.get(&node) else {
                self.out.push(
                    SG_CONNECTORS,
                    format!("{base}/{}", node.name),
                    format!("{contract} sets no connectors for node '{}' of {graph_key}: choose its consumer and provider connector BDs", node.name),
                );
                continue;
            };
            for (side, label) in [
                ("consumerConnector", "consumer"),
                ("providerConnector", "provider"),
            ] {
                let bd = rel.get(side).map(|c| text(c, "bdRef")).unwrap_or_default();
                if bd.is_empty() {
                    self.out.push(
                        SG_CONNECTORS,
                        format!("{base}/{}/{side}/bdRef", node.name),
                        format!(
                            "{contract} node '{}' has no {label} connector BD: choose one",
                            node.name
                        ),
                    );
                }
            }
        }
        let mut foreign: Vec<Key<'a>> = relations
            .keys()
            .filter(|k| {
                k.parent != graph_key.name
                    || k.template != graph_key.template
                    || k.schema != graph_key.schema
            })
            .copied()
            .collect();
        foreign.sort_unstable();
        for node in foreign {
            self.out.push(
                SG_CONNECTORS,
                format!("{base}/{}", node.name),
                format!("{contract} sets connectors for node '{}' of service graph '{}', not of its graph {graph_key}: remove it", node.name, node.parent),
            );
        }
    }
}
