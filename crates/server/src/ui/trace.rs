//! Trace: pick a source and a destination (an endpoint of any site or an outside
//! address), optionally take L3Outs or firewall destinations down, and see the path as
//! a picture with the numbered hop list beside it. The query string is the whole
//! request, so a trace can be linked and repeated.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, Markup};
use serde_json::{json, Value};

use super::doc::s;
use super::form::{Errors, FormData};
use super::layout::{
    checkbox_value, general_errors, options, page, raw, respond, select, text_with,
};
use super::session::Session;
use crate::routes::site_lookups::client_for;
use crate::routes::sites::all_sites;
use crate::state::Shared;
use crate::trace::{gather, trace_flow, TraceRequest, WhatIf};

/// What can be toggled down: `(what-if text, label)`.
async fn toggles(state: &Shared) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for doc in all_sites(state).await.unwrap_or_default() {
        let Ok(client) = client_for(&doc).await else {
            continue;
        };
        if let Ok(list) = client.get_class("l3extOut", &[]).await {
            for o in list {
                let dn = s(&o["l3extOut"]["attributes"], "dn").to_string();
                if !dn.is_empty() {
                    out.push((
                        format!("l3out {} {dn} down", doc.name),
                        format!(
                            "{}: L3Out {} down",
                            doc.name,
                            dn.rsplit_once("/out-").map(|(_, n)| n).unwrap_or(&dn)
                        ),
                    ));
                }
            }
        }
        if let Ok(list) = client.get_class("vnsRedirectDest", &[]).await {
            for o in list {
                let a = &o["vnsRedirectDest"]["attributes"];
                let (ip, dn) = (s(a, "ip"), s(a, "dn"));
                let policy = dn
                    .split('/')
                    .find_map(|p| p.strip_prefix("svcRedirectPol-"))
                    .unwrap_or_default();
                out.push((
                    format!("destination {} {ip} down", doc.name),
                    format!("{}: firewall {ip} ({policy}) down", doc.name),
                ));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

async fn endpoints(state: &Shared) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for doc in all_sites(state).await.unwrap_or_default() {
        if let Ok(list) = gather::endpoints(&doc).await {
            for ep in list {
                out.push((
                    ep.ip.to_string(),
                    format!("{} {} ({})", ep.name, ep.ip, doc.name),
                ));
            }
        }
    }
    out.sort();
    out
}

fn address(name: &str, label: &str, value: &str, list: &str, errors: &Errors) -> Markup {
    let id = format!("f-{name}");
    let bad = errors.get(name).is_some();
    html! {
        div.field {
            label for=(id) { (label) }
            input type="text" id=(id) name=(name) value=(value) list=(list) placeholder="an endpoint or an outside address"
                aria-invalid=[bad.then_some("true")] aria-describedby=[bad.then(|| format!("f-{name}-error"))];
            @if let Some(e) = errors.get(name) { p.error id={ "f-" (name) "-error" } role="alert" { (e) } }
        }
    }
}

/// `GET /ui/trace[?src=..&dst=..&protocol=..&dport=..&down=..]`.
pub async fn show(_s: Session, State(state): State<Shared>, RawQuery(q): RawQuery) -> Response {
    let form = FormData::parse(q.unwrap_or_default().as_bytes());
    let mut errors = Errors::default();
    let eps = endpoints(&state).await;
    let toggles = toggles(&state).await;
    let mut result: Option<Value> = None;
    if !form.get("src").is_empty() || !form.get("dst").is_empty() {
        errors.require(&form, "src", "The source");
        errors.require(&form, "dst", "The destination");
        if errors.is_empty() {
            let dport = form.get("dport");
            let req = TraceRequest {
                schema: None,
                src: form.get("src").into(),
                dst: form.get("dst").into(),
                protocol: Some(json!(if form.get("protocol").is_empty() {
                    "icmp"
                } else {
                    form.get("protocol")
                })),
                sport: None,
                dport: if dport.is_empty() {
                    None
                } else {
                    dport.parse().ok().or(Some(u32::MAX))
                },
                what_if: form
                    .all("down")
                    .into_iter()
                    .map(|t| WhatIf::Text(t.to_string()))
                    .collect(),
            };
            match trace_flow(&state, &req).await {
                Ok(v) => result = Some(v),
                Err(e) => {
                    errors = Errors::from_api(
                        &e,
                        &[
                            ("src", "src"),
                            ("dst", "dst"),
                            ("dport", "dport"),
                            ("sport/dport", "dport"),
                            ("protocol", "protocol"),
                            ("whatIf", "down"),
                        ],
                    )
                }
            }
        }
    }
    let site_names: Vec<String> = all_sites(&state)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|d| d.name)
        .collect();
    let downs = form.all("down");
    let body = html! {
        form.panel method="get" action="/ui/trace" {
            (general_errors(&errors))
            datalist #endpoints {
                @for (ip, label) in &eps { option value=(ip) { (label) } }
                option value="203.0.113.10" { "external host 203.0.113.10" }
            }
            div.row {
                (address("src", "Source", form.get("src"), "endpoints", &errors))
                (address("dst", "Destination", form.get("dst"), "endpoints", &errors))
                (select("protocol", "Protocol", &options(["icmp", "tcp", "udp"]), form.get("protocol"), None, &errors))
                (text_with("dport", "Destination port (tcp, udp)", form.get("dport"), &errors, "443"))
            }
            fieldset {
                legend { "What if" }
                @for (i, (value, label)) in toggles.iter().enumerate() {
                    (checkbox_value("down", &format!("f-down-{i}"), value, label, downs.contains(&value.as_str())))
                }
                @if let Some(e) = errors.get("down") { p.error role="alert" { (e) } }
            }
            button type="submit" { "Run trace" }
        }
        @if let Some(r) = &result {
            section aria-labelledby="trace-result" {
                h2 #trace-result { "Path of " (s(r, "flow")) ": " (s(&r["trace"], "disposition")) }
                @let wi: Vec<&str> = r["whatIf"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
                @if !wi.is_empty() { p.muted { "What if: " (wi.join("; ")) } }
                div.layout2 style="grid-template-columns:1fr 520px" {
                    div.panel { (raw(super::svg::picture(&r["trace"], &site_names))) }
                    div.panel {
                        h3 { "Hops" }
                        pre style="white-space:pre-wrap;font-size:12.5px" { (s(r, "text")) }
                        @for n in r["notes"].as_array().into_iter().flatten() { p.muted { (n.as_str().unwrap_or_default()) } }
                    }
                }
            }
        }
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    respond(status, page("Trace", "/ui/trace", body))
}
