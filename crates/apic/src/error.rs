//! The APIC error value and one constructor per error class the controller reports,
//! so every module words the same failure the same way.

use serde_json::Value;

/// An error in APIC's own terms: the HTTP status, APIC's error code and text.
/// Rendered as `{"totalCount":"1","imdata":[{"error":{"attributes":{"code":..,"text":..}}}]}`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("APIC Error {code}: {text}")]
pub struct ApicError {
    pub status: u16,
    pub code: String,
    pub text: String,
}

impl ApicError {
    pub fn new(status: u16, code: impl Into<String>, text: impl Into<String>) -> Self {
        ApicError {
            status,
            code: code.into(),
            text: text.into(),
        }
    }

    /// APIC's error envelope.
    pub fn envelope(&self) -> Value {
        serde_json::json!({"totalCount": "1", "imdata": [{"error": {"attributes": {"code": self.code, "text": self.text}}}]})
    }

    /// Code 104: an RN that does not parse or belongs to no known class.
    pub fn invalid_rn(rn: &str) -> Self {
        ApicError::new(400, "104", format!("Invalid RN {rn}"))
    }

    /// Code 104 for a whole DN whose shape is broken (unbalanced brackets, empty RN).
    pub fn invalid_dn(dn: &str) -> Self {
        ApicError::new(400, "104", format!("Invalid DN {dn}"))
    }

    /// Code 400: a class query for a class this controller does not know.
    pub fn unresolved_class(class: &str) -> Self {
        ApicError::new(
            400,
            "400",
            format!("Request failed, unresolved class for {class}"),
        )
    }

    /// Code 122: a posted object of an unknown class.
    pub fn unknown_class(class: &str) -> Self {
        ApicError::new(400, "122", format!("unknown managed object class {class}"))
    }

    /// Code 400: a posted attribute the class does not have.
    pub fn unknown_attribute(attr: &str, class: &str) -> Self {
        ApicError::new(
            400,
            "400",
            format!("unknown attribute '{attr}' in element '{class}'"),
        )
    }

    /// Code 801: a value that fails the property's pattern or range.
    pub fn failed_validation(prop: &str, dn: &str, value: &str) -> Self {
        ApicError::new(
            400,
            "801",
            format!("property {prop} of {dn} failed validation for value '{value}'"),
        )
    }

    /// Code 120: a value outside an enumeration (or not a string at all).
    pub fn unknown_value(value: &str, prop: &str, class: &str, dn: &str) -> Self {
        ApicError::new(
            400,
            "120",
            format!(
                "unknown property value {value}, name {prop}, class {class} [(Dn0)] Dn0={dn}, "
            ),
        )
    }

    /// Code 400: a child whose class may not live under the parent's class.
    pub fn cannot_contain(rn: &str, parent: &str) -> Self {
        ApicError::new(
            400,
            "400",
            format!("Invalid request. Can not contain child '{rn}' under parent '{parent}'"),
        )
    }

    /// Code 400: an attempt to change a naming or create-only property.
    pub fn immutable_prop(class: &str, prop: &str) -> Self {
        ApicError::new(
            400,
            "400",
            format!("Create-only and naming props cannot be modified after creation, class={class}, prop={prop}"),
        )
    }

    /// Code 400: a malformed request body.
    pub fn bad_body(text: impl Into<String>) -> Self {
        ApicError::new(400, "400", text)
    }

    /// Code 107: a malformed query parameter (filters, paging, ordering).
    pub fn bad_query(text: impl Into<String>) -> Self {
        ApicError::new(400, "107", text)
    }
}
