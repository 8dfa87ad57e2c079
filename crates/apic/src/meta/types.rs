//! The shapes of class metadata and the `const` helpers the tables are written with.

/// What kind of object a class is; decides the common properties it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A configurable policy object (`descr`, `nameAlias`, `annotation`, owner fields).
    Policy,
    /// A relation (`*Rs*`): resolves to a target and reports `tDn`, `tCl`, `state`.
    Relation,
    /// A tag (`tagTag`, `tagAnnotation`): key/value only, no annotation.
    Tag,
    /// Owned by the fabric itself (topology, firmware): never posted, see `insert_system`.
    System,
}

/// How a property may be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Part of the RN; fixed at creation.
    Naming,
    /// Set at creation only.
    CreateOnly,
    /// Freely configurable.
    Config,
    /// Computed or allocated by the controller; ignored when posted.
    ReadOnly,
}

/// The value space of a property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PropType {
    /// `^[a-zA-Z0-9_.:-]+$`, up to `max` characters; empty allowed unless `required`.
    Name { max: usize, required: bool },
    /// Free text without `[ ] " ' < > =`, up to 128 characters.
    Descr,
    /// `^[a-zA-Z0-9_.:-]*$`, up to 128 characters.
    Annotation,
    /// Any text up to `max` characters.
    Text { max: usize },
    /// One of a fixed set (code 120 otherwise).
    Enum(&'static [&'static str]),
    /// A comma list of flags from a fixed set, stored sorted without spaces.
    Bits(&'static [&'static str]),
    /// `yes`/`no` (`true`/`false` accepted and stored as yes/no).
    Bool,
    /// An unsigned integer in a range, stored in decimal.
    Int { min: u64, max: u64 },
    /// An integer in a range or one of its names; numbers with a name are stored as the name.
    NamedInt {
        names: &'static [(&'static str, u64)],
        min: u64,
        max: u64,
    },
    /// A MAC address, stored upper-case with colons.
    Mac,
    /// A MAC address or one literal word (`not-applicable`, or `""`).
    MacOr(&'static str),
    /// An IPv4/IPv6 address with an optional prefix length.
    Ip,
    /// A DN (must split into RNs); empty allowed unless naming.
    Dn,
    /// `unknown`, `vlan-N` (1..4094) or `vxlan-N`.
    Encap,
}

/// One property of a class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PropMeta {
    pub name: &'static str,
    pub ty: PropType,
    pub default: &'static str,
    pub access: Access,
}

/// A naming property.
pub const fn naming(name: &'static str, ty: PropType) -> PropMeta {
    PropMeta {
        name,
        ty,
        default: "",
        access: Access::Naming,
    }
}

/// A configurable property with its default.
pub const fn cfg(name: &'static str, ty: PropType, default: &'static str) -> PropMeta {
    PropMeta {
        name,
        ty,
        default,
        access: Access::Config,
    }
}

/// A property settable only at creation.
pub const fn create_only(name: &'static str, ty: PropType, default: &'static str) -> PropMeta {
    PropMeta {
        name,
        ty,
        default,
        access: Access::CreateOnly,
    }
}

/// A read-only property with its initial value.
pub const fn ro(name: &'static str, default: &'static str) -> PropMeta {
    PropMeta {
        name,
        ty: PropType::Text { max: 512 },
        default,
        access: Access::ReadOnly,
    }
}

/// A boolean with its default.
pub const fn yes_no(name: &'static str, default: &'static str) -> PropMeta {
    cfg(name, PropType::Bool, default)
}

/// A one-of property with its default.
pub const fn one_of(
    name: &'static str,
    values: &'static [&'static str],
    default: &'static str,
) -> PropMeta {
    cfg(name, PropType::Enum(values), default)
}

/// An object name (`^[a-zA-Z0-9_.:-]+$`, 1..64) used as the naming property.
pub const fn name_naming() -> PropMeta {
    naming(
        "name",
        PropType::Name {
            max: 64,
            required: true,
        },
    )
}

/// How a relation finds its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelMeta {
    /// `tn<Class>Name`: by name, in the same tenant, else in tenant `common`.
    Named {
        prop: &'static str,
        target_class: &'static str,
        target_prefix: &'static str,
    },
    /// `tDn`: by DN; the target class is `target_class` or derived from the DN.
    Explicit { target_class: &'static str },
}

/// Which identifiers the controller allocates when the object is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alloc {
    None,
    /// A class id (`pcTag`): EPGs and external EPGs.
    PcTag,
    /// `pcTag` and a BD VNID (`seg`).
    Bd,
    /// `pcTag` and a VRF VNID (`scope` and `seg`).
    Vrf,
}

/// The static description of one class.
#[derive(Debug, Clone, Copy)]
pub struct ClassMeta {
    pub name: &'static str,
    /// RN format: literals with `{prop}` placeholders.
    pub rn: &'static str,
    /// Allowed parent classes; empty for a root, `["*"]` for any parent.
    pub parents: &'static [&'static str],
    pub kind: Kind,
    /// The class's own properties (common ones are added by the registry).
    pub props: &'static [PropMeta],
    /// Singleton children created together with the object.
    pub implicit: &'static [&'static str],
    /// May be created on the fly when a deeper DN is posted (`svcCont`).
    pub auto: bool,
    pub rel: Option<RelMeta>,
    pub alloc: Alloc,
}

impl ClassMeta {
    pub const fn new(
        name: &'static str,
        rn: &'static str,
        parents: &'static [&'static str],
        kind: Kind,
        props: &'static [PropMeta],
    ) -> ClassMeta {
        ClassMeta {
            name,
            rn,
            parents,
            kind,
            props,
            implicit: &[],
            auto: false,
            rel: None,
            alloc: Alloc::None,
        }
    }

    pub const fn policy(
        name: &'static str,
        rn: &'static str,
        parents: &'static [&'static str],
        props: &'static [PropMeta],
    ) -> ClassMeta {
        ClassMeta::new(name, rn, parents, Kind::Policy, props)
    }

    pub const fn system(
        name: &'static str,
        rn: &'static str,
        parents: &'static [&'static str],
        props: &'static [PropMeta],
    ) -> ClassMeta {
        ClassMeta::new(name, rn, parents, Kind::System, props)
    }

    /// A relation by name: `tn<Class>Name` is a config property unless it is in the RN.
    pub const fn named_rel(
        name: &'static str,
        rn: &'static str,
        parents: &'static [&'static str],
        props: &'static [PropMeta],
        prop: &'static str,
        target_class: &'static str,
        target_prefix: &'static str,
    ) -> ClassMeta {
        let mut m = ClassMeta::new(name, rn, parents, Kind::Relation, props);
        m.rel = Some(RelMeta::Named {
            prop,
            target_class,
            target_prefix,
        });
        m
    }

    /// A relation by DN: `tDn` must be listed in `props` (naming or config).
    pub const fn dn_rel(
        name: &'static str,
        rn: &'static str,
        parents: &'static [&'static str],
        props: &'static [PropMeta],
        target_class: &'static str,
    ) -> ClassMeta {
        let mut m = ClassMeta::new(name, rn, parents, Kind::Relation, props);
        m.rel = Some(RelMeta::Explicit { target_class });
        m
    }

    pub const fn implicit(mut self, children: &'static [&'static str]) -> ClassMeta {
        self.implicit = children;
        self
    }

    pub const fn auto(mut self) -> ClassMeta {
        self.auto = true;
        self
    }

    pub const fn alloc(mut self, alloc: Alloc) -> ClassMeta {
        self.alloc = alloc;
        self
    }

    pub const fn kind(mut self, kind: Kind) -> ClassMeta {
        self.kind = kind;
        self
    }
}

/// Shared value sets.
pub const PRIO: PropType = PropType::Enum(&[
    "level1",
    "level2",
    "level3",
    "level4",
    "level5",
    "level6",
    "unspecified",
]);
pub const MATCH_T: PropType = PropType::Enum(&["All", "AtleastOne", "AtmostOne", "None"]);
pub const DSCP: PropType = PropType::Enum(&[
    "AF11",
    "AF12",
    "AF13",
    "AF21",
    "AF22",
    "AF23",
    "AF31",
    "AF32",
    "AF33",
    "AF41",
    "AF42",
    "AF43",
    "CS0",
    "CS1",
    "CS2",
    "CS3",
    "CS4",
    "CS5",
    "CS6",
    "CS7",
    "EF",
    "VA",
    "unspecified",
]);
pub const ENABLED: PropType = PropType::Enum(&["disabled", "enabled"]);
pub const INTENT: PropType = PropType::Enum(&["estimate_add", "estimate_delete", "install"]);
pub const OPT_NAME: PropType = PropType::Name {
    max: 64,
    required: false,
};
pub const TDN: PropMeta = naming("tDn", PropType::Dn);
pub const TDN_CFG: PropMeta = cfg("tDn", PropType::Dn, "");
