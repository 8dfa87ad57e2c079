//! Enumerated fields of NDO's documents as Rust enums that read and write NDO's strings.
//! An unknown string is refused with a message naming the field and the allowed values.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

macro_rules! str_enum {
    ($(#[$m:meta])* $name:ident, $field:literal, default $def:ident, { $($var:ident => $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($var),+ }

        impl $name {
            /// Every value, in NDO's spelling order.
            pub const ALL: &'static [$name] = &[$($name::$var),+];

            /// NDO's string for this value.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$var => $s),+ }
            }

            /// The value NDO spells `s`, if any.
            pub fn from_ndo(s: &str) -> Option<Self> {
                match s { $($s => Some($name::$var),)+ _ => None }
            }

            /// "field: expected one of a, b, c".
            pub fn allowed() -> String {
                let all: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                format!("{}: expected one of {}", $field, all.join(", "))
            }
        }

        impl Default for $name {
            fn default() -> Self { $name::$def }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> { s.serialize_str(self.as_str()) }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::from_ndo(&s).ok_or_else(|| {
                    serde::de::Error::custom(format!("invalid value '{}' for {}", s, Self::allowed()))
                })
            }
        }
    };
}

str_enum!(/// `templateType` of a template.
    TemplateType, "templateType", default Stretched, {
    Stretched => "stretched-template",
    NonStretched => "non-stretched-template",
});

str_enum!(/// `scope` of a contract.
    ContractScope, "scope", default Context, {
    Context => "context",
    Tenant => "tenant",
    ApplicationProfile => "application-profile",
    Global => "global",
});

str_enum!(/// `filterType` of a contract.
    FilterType, "filterType", default BothWay, {
    BothWay => "bothWay",
    OneWay => "oneWay",
});

str_enum!(/// `nodeFilter` of a service graph.
    NodeFilter, "nodeFilter", default AllowAll, {
    AllowAll => "allow-all",
    FiltersFromContract => "filters-from-contract",
});

str_enum!(/// `relationshipType` of an EPG's contract relationship.
    RelationshipType, "relationshipType", default Consumer, {
    Consumer => "consumer",
    Provider => "provider",
});

str_enum!(/// `extEpgType` of an external EPG.
    ExtEpgType, "extEpgType", default OnPremise, {
    OnPremise => "on-premise",
    Cloud => "cloud",
});

str_enum!(/// QoS class: `qosPriority` of external EPGs, `prio` of contracts and EPGs.
    QosLevel, "qosPriority", default Unspecified, {
    Unspecified => "unspecified",
    Level1 => "level1",
    Level2 => "level2",
    Level3 => "level3",
    Level4 => "level4",
    Level5 => "level5",
    Level6 => "level6",
});

str_enum!(/// `routeReachabilityInternetType` of a site external EPG.
    RouteReachability, "routeReachabilityInternetType", default Internet, {
    Internet => "internet",
    SiteExt => "site-ext",
});

str_enum!(/// Values of an external EPG subnet's `scope` list.
    ExtSubnetScope, "scope", default ImportSecurity, {
    ExportRtctrl => "export-rtctrl",
    ImportRtctrl => "import-rtctrl",
    ImportSecurity => "import-security",
    SharedRtctrl => "shared-rtctrl",
    SharedSecurity => "shared-security",
});

str_enum!(/// Values of an external EPG subnet's `aggregate` list.
    ExtSubnetAggregate, "aggregate", default ExportRtctrl, {
    ExportRtctrl => "export-rtctrl",
    ImportRtctrl => "import-rtctrl",
    SharedRtctrl => "shared-rtctrl",
});

str_enum!(/// `etherType` of a filter entry.
    EtherType, "etherType", default Unspecified, {
    Unspecified => "unspecified",
    Ip => "ip",
    Ipv4 => "ipv4",
    Ipv6 => "ipv6",
    Arp => "arp",
    Fcoe => "fcoe",
    MacSecurity => "mac-security",
    MplsUnicast => "mpls-unicast",
    Trill => "trill",
});

str_enum!(/// `ipProtocol` of a filter entry.
    IpProtocol, "ipProtocol", default Unspecified, {
    Unspecified => "unspecified",
    Icmp => "icmp",
    Icmpv6 => "icmpv6",
    Igmp => "igmp",
    Tcp => "tcp",
    Udp => "udp",
    Egp => "egp",
    Igp => "igp",
    Eigrp => "eigrp",
    Ospfigp => "ospfigp",
    Pim => "pim",
    L2tp => "l2tp",
});

str_enum!(/// Values of a filter entry's `tcpSessionRules` list.
    TcpSessionRule, "tcpSessionRules", default Unspecified, {
    Unspecified => "unspecified",
    Established => "established",
    Acknowledgement => "acknowledgement",
    Finish => "finish",
    Synchronize => "synchronize",
    Reset => "reset",
});

str_enum!(/// `arpFlag` of a filter entry.
    ArpFlag, "arpFlag", default Unspecified, {
    Unspecified => "unspecified",
    Request => "req",
    Reply => "reply",
});

str_enum!(/// Values of a filter relationship's `directives` list.
    Directive, "directives", default None, {
    None => "none",
    Log => "log",
    NoStats => "no_stats",
});

str_enum!(/// `action` of a filter relationship.
    FilterAction, "action", default Permit, {
    Permit => "permit",
    Deny => "deny",
});

str_enum!(/// `priorityOverride` of a filter relationship.
    PriorityOverride, "priorityOverride", default Default, {
    Default => "default",
    Level1 => "level1",
    Level2 => "level2",
    Level3 => "level3",
});

str_enum!(/// `connectorType` of a service node connector.
    ConnectorType, "connectorType", default General, {
    General => "general",
    RoutePeering => "route-peering",
});

str_enum!(/// `funcType` of an L4-L7 device.
    FuncType, "funcType", default GoTo, {
    GoTo => "GoTo",
    GoThrough => "GoThrough",
    NoFunc => "None",
});

str_enum!(/// `l2UnknownUnicast` of a BD.
    L2UnknownUnicast, "l2UnknownUnicast", default Proxy, {
    Flood => "flood",
    Proxy => "proxy",
});

str_enum!(/// `unkMcastAct` / `v6unkMcastAct` of a BD.
    UnknownMcastAction, "unkMcastAct", default Flood, {
    Flood => "flood",
    OptFlood => "opt-flood",
});

str_enum!(/// `multiDstPktAct` of a BD.
    MultiDstPktAction, "multiDstPktAct", default BdFlood, {
    BdFlood => "bd-flood",
    Drop => "drop",
    EncapFlood => "encap-flood",
});

str_enum!(/// `scope` of a BD or EPG subnet.
    SubnetScope, "scope", default Private, {
    Private => "private",
    Public => "public",
});

str_enum!(/// `ipDataPlaneLearning` of a VRF.
    DataPlaneLearning, "ipDataPlaneLearning", default Enabled, {
    Enabled => "enabled",
    Disabled => "disabled",
});

str_enum!(/// `intraEpg` isolation of an EPG.
    IntraEpg, "intraEpg", default Unenforced, {
    Unenforced => "unenforced",
    Enforced => "enforced",
});

str_enum!(/// `epgType` of an EPG.
    EpgType, "epgType", default Application, {
    Application => "application",
    Service => "service",
});

str_enum!(/// `platform` of a site.
    Platform, "platform", default OnPremise, {
    OnPremise => "on-premise",
    Cloud => "cloud",
});
