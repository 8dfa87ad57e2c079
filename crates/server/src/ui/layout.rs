//! The page shell (navigation, style sheet) and the labelled form controls every page
//! uses: each control has a `<label for>`, and its error, when there is one, right after
//! it, tied to it by `aria-describedby`.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::form::Errors;

/// The navigation entries: path and label.
const NAV: [(&str, &str); 5] = [
    ("/ui/sites", "Sites"),
    ("/ui/infra", "Infra Configuration"),
    ("/ui/tenants", "Tenants"),
    ("/ui/schemas", "Schemas"),
    ("/ui/trace", "Trace"),
];

/// A whole page with the navigation; `current` is the active entry's path.
pub fn page(title: &str, current: &str, body: Markup) -> Markup {
    page_with_head(title, current, html! {}, body)
}

/// A whole page with extra markup in its `<head>` (a refresh, a script).
pub fn page_with_head(title: &str, current: &str, head: Markup, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · multisite" }
                link rel="stylesheet" href="/ui/style.css";
                (head)
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header.top {
                    span.brand { "multisite" }
                    nav aria-label="Main" {
                        ul {
                            @for (path, label) in NAV {
                                li {
                                    @if current.starts_with(path) {
                                        a href=(path) aria-current="page" { (label) }
                                    } @else {
                                        a href=(path) { (label) }
                                    }
                                }
                            }
                        }
                    }
                    form.logout method="post" action="/ui/logout" { button type="submit" { "Log out" } }
                }
                main #main { h1 { (title) } (body) }
            }
        }
    }
}

/// A page answered with a status (400 when a form was refused).
pub fn respond(status: StatusCode, markup: Markup) -> Response {
    (status, Html(markup.into_string())).into_response()
}

/// The errors that concern no single field, at the top of a form.
pub fn general_errors(errors: &Errors) -> Markup {
    html! {
        @if !errors.general.is_empty() {
            div.errors role="alert" {
                @for e in &errors.general { p.error { (e) } }
            }
        }
    }
}

fn error_id(name: &str) -> String {
    format!("f-{name}-error")
}

fn field_error(name: &str, errors: &Errors) -> Markup {
    html! {
        @if let Some(e) = errors.get(name) {
            p.error id=(error_id(name)) role="alert" { (e) }
        }
    }
}

/// A labelled text input.
pub fn text(name: &str, label: &str, value: &str, errors: &Errors) -> Markup {
    text_with(name, label, value, errors, "")
}

/// A labelled text input with a placeholder hint.
pub fn text_with(name: &str, label: &str, value: &str, errors: &Errors, hint: &str) -> Markup {
    let id = format!("f-{name}");
    let bad = errors.get(name).is_some();
    html! {
        div.field {
            label for=(id) { (label) }
            input type="text" id=(id) name=(name) value=(value) placeholder=(hint)
                aria-invalid=[bad.then_some("true")] aria-describedby=[bad.then(|| error_id(name))];
            (field_error(name, errors))
        }
    }
}

/// A labelled password input.
pub fn password(name: &str, label: &str, errors: &Errors) -> Markup {
    let id = format!("f-{name}");
    let bad = errors.get(name).is_some();
    html! {
        div.field {
            label for=(id) { (label) }
            input type="password" id=(id) name=(name)
                aria-invalid=[bad.then_some("true")] aria-describedby=[bad.then(|| error_id(name))];
            (field_error(name, errors))
        }
    }
}

/// A labelled drop-down; `options` are `(value, label)`; an empty first choice when
/// `blank` is given.
pub fn select(
    name: &str,
    label: &str,
    options: &[(String, String)],
    selected: &str,
    blank: Option<&str>,
    errors: &Errors,
) -> Markup {
    let id = format!("f-{name}");
    let bad = errors.get(name).is_some();
    html! {
        div.field {
            label for=(id) { (label) }
            select id=(id) name=(name)
                aria-invalid=[bad.then_some("true")] aria-describedby=[bad.then(|| error_id(name))] {
                @if let Some(b) = blank { option value="" selected[selected.is_empty()] { (b) } }
                @for (v, l) in options {
                    option value=(v) selected[v == selected] { (l) }
                }
            }
            (field_error(name, errors))
        }
    }
}

/// A labelled checkbox; `name` is sent when ticked.
pub fn checkbox(name: &str, label: &str, checked: bool) -> Markup {
    checkbox_value(name, &format!("f-{name}"), "on", label, checked)
}

/// A checkbox in a group sharing one `name`, with its own id and value.
pub fn checkbox_value(name: &str, id: &str, value: &str, label: &str, checked: bool) -> Markup {
    html! {
        div.check {
            input type="checkbox" id=(id) name=(name) value=(value) checked[checked];
            label for=(id) { (label) }
        }
    }
}

/// Options from plain strings.
pub fn options<I: IntoIterator<Item = S>, S: AsRef<str>>(values: I) -> Vec<(String, String)> {
    values
        .into_iter()
        .map(|v| (v.as_ref().to_string(), v.as_ref().to_string()))
        .collect()
}

/// A notice shown after a successful action.
pub fn notice(text: Option<&str>) -> Markup {
    html! { @if let Some(t) = text { p.notice role="status" { (t) } } }
}

/// The style sheet.
pub async fn style() -> Response {
    ([(axum::http::header::CONTENT_TYPE, "text/css")], STYLE).into_response()
}

/// Markup that is already HTML (SVG pictures).
pub fn raw(s: String) -> Markup {
    PreEscaped(s)
}

const STYLE: &str = r#"
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2733;background:#f3f5f8}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px}
header.top{display:flex;align-items:center;gap:24px;background:#0b2d4a;color:#fff;padding:0 20px;height:52px}
.brand{font-weight:700;letter-spacing:.04em}
header nav ul{display:flex;gap:4px;list-style:none;margin:0;padding:0}
header nav a{color:#cfe3f7;text-decoration:none;padding:15px 12px;display:block}
header nav a[aria-current=page],header nav a:hover,header nav a:focus{background:#14466f;color:#fff}
form.logout{margin-left:auto}
main{padding:18px 24px;max-width:1400px}
h1{font-size:22px;margin:4px 0 16px}h2{font-size:17px;margin:18px 0 8px}h3{font-size:15px;margin:12px 0 6px}
a{color:#0a5fa8}
table{border-collapse:collapse;background:#fff;margin:6px 0 14px;min-width:50%}
th,td{border:1px solid #d5dce4;padding:5px 10px;text-align:left;vertical-align:top}
th{background:#e8edf3}
.field{margin:8px 0}.field label{display:block;font-weight:600;font-size:13px;margin-bottom:2px}
input[type=text],input[type=password],select{width:100%;max-width:340px;padding:5px 7px;border:1px solid #9aa7b4;border-radius:3px;font:inherit}
[aria-invalid=true]{border-color:#c0262d;outline:1px solid #c0262d}
.check{margin:4px 0}.check label{margin-left:6px}
button{font:inherit;padding:5px 12px;border:1px solid #0a5fa8;background:#0a5fa8;color:#fff;border-radius:3px;cursor:pointer}
button.secondary{background:#fff;color:#0a5fa8}button.danger{background:#fff;color:#c0262d;border-color:#c0262d}
button:focus,a:focus,input:focus,select:focus{outline:2px solid #f0a500;outline-offset:1px}
.error{color:#b0141b;margin:3px 0;font-size:13px;overflow-wrap:anywhere}
.errors{border-left:4px solid #c0262d;background:#fdecec;padding:6px 10px;margin:8px 0}
.notice{border-left:4px solid #2e8540;background:#e7f4ea;padding:6px 10px}
.layout{display:grid;grid-template-columns:220px 1fr 380px;gap:18px;align-items:start}
.layout2{display:grid;grid-template-columns:1fr 420px;gap:18px;align-items:start}
aside,.panel,.area{background:#fff;border:1px solid #d5dce4;border-radius:4px;padding:10px 14px}
.area{margin-bottom:12px}.area h2{margin-top:0;display:flex;justify-content:space-between;align-items:center}
.chips{display:flex;flex-wrap:wrap;gap:8px;list-style:none;padding:0;margin:0}
.chips a{display:block;border:1px solid #9bb7d3;border-radius:3px;padding:4px 10px;text-decoration:none;background:#f5f9fd}
.chips a[aria-current=true]{background:#0a5fa8;color:#fff}
.side ul{list-style:none;padding:0;margin:0}.side li{margin:3px 0}
.muted{color:#66737f;font-size:13px}
.sev-error{color:#b0141b;font-weight:600}.sev-warning{color:#9a6a00;font-weight:600}
.ok{color:#2e8540;font-weight:600}.bad{color:#b0141b;font-weight:600}
.row{display:flex;gap:10px;align-items:flex-end;flex-wrap:wrap}
svg text{font-family:system-ui,sans-serif}
"#;
