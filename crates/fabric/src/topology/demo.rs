//! The demo fabric: two sites, one pod each, a compute, a service and a
//! border leaf per site, one firewall per site, endpoints `web-1` and `web-2`.

use super::*;

fn p(s: &str) -> Prefix {
    // The literals below are well-formed; a failure would be a typo here.
    s.parse()
        .unwrap_or_else(|_| unreachable!("demo prefix {s}"))
}

fn ip(a: u8, b: u8, c: u8, d: u8) -> Ipv4Addr {
    Ipv4Addr::new(a, b, c, d)
}

fn site(name: &str, id: u32, release: &str, n: u32) -> Site {
    let router = || ExternalRouter {
        name: format!("ext-rtr-{name}"),
        prefixes: vec![p("203.0.113.0/24"), p("0.0.0.0/0")],
    };
    let (border, compute, service) = if n == 1 {
        (101, 102, 103)
    } else {
        (203, 201, 202)
    };
    Site {
        name: name.to_string(),
        id,
        release: release.to_string(),
        pods: vec![Pod {
            id: 1,
            tep_pool: p(&format!("10.{n}.0.0/16")),
            external_tep_pool: Some(p(&format!("172.16.{n}.0/24"))),
            spines: vec![n * 1000 + 101, n * 1000 + 102],
            leaves: vec![
                Leaf {
                    id: border,
                    role: LeafRole::Border,
                    external_routers: vec![router()],
                },
                Leaf {
                    id: compute,
                    role: LeafRole::Compute,
                    external_routers: Vec::new(),
                },
                Leaf {
                    id: service,
                    role: LeafRole::Service,
                    external_routers: Vec::new(),
                },
            ],
        }],
    }
}

fn firewall(n: u8, leaf: u32) -> ServiceNode {
    ServiceNode {
        site: format!("site{n}"),
        device: format!("uni/tn-Tenant1/lDevVip-Site{n}-FW"),
        concrete: "ASAv1".to_string(),
        leaf,
        interfaces: vec![
            ServiceInterface {
                name: "g0/0".to_string(),
                ip: ip(192, 168, 11, n),
                mac: format!("00:50:56:95:11:0{n}"),
            },
            ServiceInterface {
                name: "g0/1".to_string(),
                ip: ip(192, 168, 12, n),
                mac: format!("00:50:56:95:12:0{n}"),
            },
        ],
    }
}

impl Topology {
    /// The demo fabric of the project's scenarios: `site1` (id 1, 5.1(4c))
    /// with border leaf 101, compute leaf 102, service leaf 103, spines
    /// 1101/1102; `site2` (id 2, 4.2(7w)) with compute 201, service 202,
    /// border 203, spines 2101/2102; an external router behind each border
    /// leaf learning 203.0.113.0/24 and 0.0.0.0/0; `Site1-FW`/`Site2-FW`
    /// (active unit `ASAv1`) on the service leaves; `web-1` 10.10.1.11 on
    /// leaf 102 and `web-2` 10.10.1.12 on leaf 201, both in EPG
    /// `uni/tn-Tenant1/ap-app/epg-web`.
    pub fn demo() -> Topology {
        let web = |name: &str, site: &str, last: u8, leaf: u32| Endpoint {
            name: name.to_string(),
            site: site.to_string(),
            ip: ip(10, 10, 1, last),
            mac: format!("00:50:56:01:01:{last:02X}"),
            epg: "uni/tn-Tenant1/ap-app/epg-web".to_string(),
            leaf,
        };
        Topology {
            sites: vec![
                site("site1", 1, "5.1(4c)", 1),
                site("site2", 2, "4.2(7w)", 2),
            ],
            isn: Isn::default(),
            endpoints: vec![
                web("web-1", "site1", 11, 102),
                web("web-2", "site2", 12, 201),
            ],
            service_nodes: vec![firewall(1, 103), firewall(2, 202)],
        }
    }
}
