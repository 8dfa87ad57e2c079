//! APIC releases (`5.1(4c)`, `4.2(7w)`) and which of them support intersite L3Out with
//! PBR: 4.2(5) and later 4.2 releases, 5.1 and later, never 5.0.

/// The numeric part of an APIC release: major, minor and maintenance number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Release {
    pub major: u32,
    pub minor: u32,
    pub maint: u32,
}

impl Release {
    /// Reads `5.1(4c)`, `4.2(7.123w)` or `apic-5.1(4c)`; `None` when it is not a release.
    pub fn parse(s: &str) -> Option<Release> {
        let s = s.trim();
        let start = s.find(|c: char| c.is_ascii_digit())?;
        let s = &s[start..];
        let (train, rest) = s.split_once('(')?;
        let (major, minor) = train.split_once('.')?;
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some(Release {
            major: major.parse().ok()?,
            minor: minor.parse().ok()?,
            maint: digits.parse().ok()?,
        })
    }

    /// Why this release cannot run intersite L3Out with PBR, or `None` when it can.
    pub fn pbr_support_problem(&self) -> Option<&'static str> {
        match (self.major, self.minor) {
            (5, 0) => Some("5.0 releases do not support it"),
            (4, 2) if self.maint < 5 => Some("4.2 releases before 4.2(5) do not support it"),
            (major, minor) if (major, minor) < (4, 2) => {
                Some("releases before 4.2(5) do not support it")
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Release;

    #[test]
    fn support_by_release() {
        let cases = [
            ("4.2(5k)", true),
            ("4.2(7w)", true),
            ("4.2(4i)", false),
            ("4.1(2m)", false),
            ("5.0(2e)", false),
            ("5.1(4c)", true),
            ("5.2(1g)", true),
            ("6.0(2h)", true),
            ("apic-5.1(4c)", true),
        ];
        for (text, ok) in cases {
            let release = Release::parse(text).expect(text);
            assert_eq!(release.pbr_support_problem().is_none(), ok, "{text}");
        }
        assert_eq!(Release::parse("latest"), None);
        assert_eq!(Release::parse("5.1"), None);
    }
}
