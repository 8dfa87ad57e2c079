//! `multisite trace`: traces one flow through the sites as they are now, or after
//! what-if changes, by asking the orchestrator (`POST {v1}/trace`). Prints the numbered
//! trace (notes about what could not be placed go to stderr), or the answer as JSON
//! with `--json`. Also holds the server connection options
//! and login that the other client subcommands share.

use std::io::Write;

use anyhow::{bail, Context};
use serde_json::{json, Value};

/// Where the orchestrator is and who logs in.
#[derive(clap::Args, Debug, Clone)]
pub struct ServerArgs {
    /// The orchestrator's base URL.
    #[arg(
        long,
        env = "MULTISITE_SERVER",
        default_value = "http://127.0.0.1:8080"
    )]
    pub server: String,
    /// User to log in as.
    #[arg(long, env = "MULTISITE_USER", default_value = "admin")]
    pub user: String,
    /// Password of that user.
    #[arg(long, env = "MULTISITE_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,
}

/// Arguments of `multisite trace`.
#[derive(clap::Args, Debug, Clone)]
pub struct TraceArgs {
    /// Source address.
    #[arg(long)]
    pub src: String,
    /// Destination address.
    #[arg(long)]
    pub dst: String,
    /// `icmp`, `tcp`, `udp` or a protocol number.
    #[arg(long, default_value = "icmp")]
    pub protocol: String,
    /// Source port (tcp and udp; default 0).
    #[arg(long)]
    pub sport: Option<u16>,
    /// Destination port (required with tcp and udp).
    #[arg(long)]
    pub dport: Option<u16>,
    /// What if this L3Out of this site were down (repeatable).
    #[arg(long = "l3out-down", value_name = "SITE:DN")]
    pub l3out_down: Vec<String>,
    /// What if IP SLA saw this PBR destination of this site down (repeatable).
    #[arg(long = "destination-down", value_name = "SITE:IP")]
    pub destination_down: Vec<String>,
    /// What if this schema (name or id) were deployed as it is now: its rendered but
    /// undeployed objects are laid over what the sites hold.
    #[arg(long)]
    pub schema: Option<String>,
    /// Print the answer as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub connection: ServerArgs,
}

pub async fn run(args: TraceArgs) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    execute(&args, &mut out).await
}

/// Runs the command, writing what it prints to `out`.
pub async fn execute(args: &TraceArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let body = request_body(args)?;
    let session = Session::login(&args.connection).await?;
    let answer = session
        .call(reqwest::Method::POST, "/api/v1/trace", Some(&body))
        .await?;
    if args.json {
        let mut shown = answer.clone();
        if let Some(m) = shown.as_object_mut() {
            m.remove("text");
        }
        writeln!(out, "{}", serde_json::to_string_pretty(&shown)?)?;
    } else {
        write!(out, "{}", answer["text"].as_str().unwrap_or_default())?;
        // Notes go to stderr so that stdout is the trace alone.
        for note in answer["notes"].as_array().into_iter().flatten() {
            eprintln!("note: {}", note.as_str().unwrap_or_default());
        }
    }
    Ok(())
}

/// The `POST {v1}/trace` body for the arguments.
pub fn request_body(args: &TraceArgs) -> anyhow::Result<Value> {
    let mut what_if = Vec::new();
    for (flag, kind, items) in [
        ("--l3out-down", "l3out", &args.l3out_down),
        ("--destination-down", "destination", &args.destination_down),
    ] {
        for item in items {
            let Some((site, target)) = item
                .split_once(':')
                .filter(|(s, t)| !s.is_empty() && !t.is_empty())
            else {
                bail!(
                    "{flag} takes SITE:{}, got '{item}'",
                    if kind == "l3out" { "DN" } else { "IP" }
                );
            };
            what_if.push(format!("{kind} {site} {target} down"));
        }
    }
    let mut body =
        json!({"src": args.src, "dst": args.dst, "protocol": args.protocol, "whatIf": what_if});
    if let Some(p) = args.sport {
        body["sport"] = json!(p);
    }
    if let Some(p) = args.dport {
        body["dport"] = json!(p);
    }
    if let Some(s) = &args.schema {
        body["schema"] = json!(s);
    }
    Ok(body)
}

/// A logged-in connection to the orchestrator.
pub struct Session {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Session {
    /// Logs in with `POST {v1}/auth/login`.
    pub async fn login(args: &ServerArgs) -> anyhow::Result<Session> {
        let Some(password) = &args.password else {
            bail!(
                "a password is needed to log in as '{}': --password or MULTISITE_PASSWORD",
                args.user
            );
        };
        let base = args.server.trim_end_matches('/').to_string();
        let http = reqwest::Client::new();
        let reply = http
            .post(format!("{base}/api/v1/auth/login"))
            .json(&json!({"username": args.user, "password": password}))
            .send()
            .await
            .with_context(|| format!("cannot reach the orchestrator at {base}"))?;
        let status = reply.status();
        let body: Value = reply.json().await.unwrap_or(Value::Null);
        match body["token"].as_str() {
            Some(token) if status.is_success() => Ok(Session {
                http,
                base,
                token: token.to_string(),
            }),
            _ => bail!(
                "login as '{}' refused: {}",
                args.user,
                message(&body, status)
            ),
        }
    }

    /// One API call; a non-success answer becomes an error carrying the server's message.
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> anyhow::Result<Value> {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(b);
        }
        let reply = req
            .send()
            .await
            .with_context(|| format!("cannot reach the orchestrator at {}", self.base))?;
        let status = reply.status();
        let value: Value = reply.json().await.unwrap_or(Value::Null);
        if !status.is_success() {
            bail!("{}", message(&value, status));
        }
        Ok(value)
    }
}

fn message(body: &Value, status: reqwest::StatusCode) -> String {
    match body["message"].as_str() {
        Some(m) => m.to_string(),
        None => format!("the orchestrator answered {status}"),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use multisite_apic_client::ApicClient;
    use multisite_fabric::SiteObjects;
    use multisite_server::trace::wire::tree_bodies;
    use multisite_testkit::{Options, TestServer, PASSWORD};

    use super::*;
    use crate::endpoints;

    fn repo_file(rel: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// A server whose embedded sites hold scenario A's objects, posted through the APIC API.
    async fn case_a() -> TestServer {
        let server = TestServer::start(Options {
            embedded_sites: true,
            ..Options::default()
        })
        .await;
        for site in &server.running.sites {
            let text = repo_file(&format!(
                "fabric/tests/scenarios/a-stretched-epg/{}.json",
                site.name()
            ));
            let objects: SiteObjects = serde_json::from_str(&text).unwrap();
            let apic = ApicClient::new(&site.base_url(), "admin", PASSWORD).unwrap();
            for (dn, body) in tree_bodies(&objects.objects) {
                apic.post_mo(&dn, &body).await.unwrap();
            }
        }
        server
    }

    fn args(server: &TestServer, src: &str, dst: &str) -> TraceArgs {
        TraceArgs {
            src: src.to_string(),
            dst: dst.to_string(),
            protocol: "icmp".to_string(),
            sport: None,
            dport: None,
            l3out_down: Vec::new(),
            destination_down: Vec::new(),
            schema: None,
            json: false,
            connection: ServerArgs {
                server: server.base.clone(),
                user: "admin".to_string(),
                password: Some(PASSWORD.to_string()),
            },
        }
    }

    async fn output(args: &TraceArgs) -> anyhow::Result<String> {
        let mut out = Vec::new();
        execute(args, &mut out).await?;
        Ok(String::from_utf8(out).unwrap())
    }

    /// The trace text of step `n` in the server's committed expectations for case A.
    fn expected_step(n: usize) -> String {
        let all = repo_file("server/tests/trace/a-stretched-epg/expected.txt");
        let start = all.find(&format!("## {n}. ")).expect("step");
        let section = &all[start..];
        let flow = section.find("\nflow ").expect("flow line") + 1;
        let end = section.find("\ndisposition ").expect("disposition line");
        let line_end = section[end + 1..]
            .find('\n')
            .map_or(section.len(), |i| end + 2 + i);
        section[flow..line_end].to_string()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn traces_case_a_through_the_server() {
        let server = case_a().await;
        let inbound = output(&args(&server, "203.0.113.10", "10.10.1.12"))
            .await
            .unwrap();
        assert_eq!(inbound, expected_step(1));
        assert!(
            inbound.contains("redirected for node node1 by policy FW-external"),
            "{inbound}"
        );

        let mut outbound = args(&server, "10.10.1.12", "203.0.113.10");
        outbound.json = true;
        let answer: Value = serde_json::from_str(&output(&outbound).await.unwrap()).unwrap();
        assert_eq!(answer["flow"], "10.10.1.12 -> 203.0.113.10 icmp");
        assert_eq!(answer["trace"]["disposition"], "delivered_external");
        let hops: Vec<String> = answer["trace"]["hops"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                format!(
                    "{}/{}",
                    h["site"].as_str().unwrap_or("-"),
                    h["node"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(hops.first().map(String::as_str), Some("site2/201"));
        assert!(hops.contains(&"site2/Site2-FW".to_string()), "{hops:?}");
        assert_eq!(hops.last().map(String::as_str), Some("site1/101"));

        // What if site1's only L3Out were down: no way out, and the answer says so.
        let mut down = args(&server, "10.10.1.12", "203.0.113.10");
        down.l3out_down = vec!["site1:uni/tn-Tenant1/out-l3out-intersite".to_string()];
        let text = output(&down).await.unwrap();
        assert!(text.ends_with("disposition no_route\n"), "{text}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn bad_input_is_explained() {
        let server = TestServer::start(Options::default()).await;
        let mut bad = args(&server, "10.10.1.12", "203.0.113.10");
        bad.protocol = "gre".to_string();
        let err = output(&bad).await.unwrap_err().to_string();
        assert!(
            err.contains("protocol: 'gre' is not icmp, tcp, udp"),
            "{err}"
        );

        let mut bad = args(&server, "10.10.1.300", "203.0.113.10");
        bad.protocol = "tcp".to_string();
        let err = output(&bad).await.unwrap_err().to_string();
        assert!(
            err.contains("src: '10.10.1.300' is not an IPv4 address"),
            "{err}"
        );

        let mut bad = args(&server, "10.10.1.12", "203.0.113.10");
        bad.destination_down = vec!["192.168.11.2".to_string()];
        let err = output(&bad).await.unwrap_err().to_string();
        assert!(err.contains("--destination-down takes SITE:IP"), "{err}");

        let mut bad = args(&server, "10.10.1.12", "203.0.113.10");
        bad.connection.password = None;
        let err = output(&bad).await.unwrap_err().to_string();
        assert!(err.contains("MULTISITE_PASSWORD"), "{err}");

        let mut bad = args(&server, "10.10.1.12", "203.0.113.10");
        bad.connection.password = Some("wrong".to_string());
        let err = output(&bad).await.unwrap_err().to_string();
        assert!(err.starts_with("login as 'admin' refused"), "{err}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn added_endpoints_are_listed_and_traced() {
        let server = case_a().await;
        let connection = args(&server, "", "").connection;
        let add = endpoints::EndpointsArgs {
            action: endpoints::EndpointsAction::Add(endpoints::AddArgs {
                site: "site1".to_string(),
                name: "web-3".to_string(),
                ip: "10.10.1.13".to_string(),
                epg: "uni/tn-Tenant1/ap-app/epg-web".to_string(),
                leaf: 102,
                mac: None,
                interface: None,
            }),
            connection: connection.clone(),
        };
        let mut out = Vec::new();
        endpoints::execute(&add, &mut out).await.unwrap();
        let listed = String::from_utf8(out).unwrap();
        assert!(
            listed.contains("site1    web-3        10.10.1.13      00:50:56:0A:01:0D leaf 102"),
            "{listed}"
        );

        let text = output(&args(&server, "203.0.113.10", "10.10.1.13"))
            .await
            .unwrap();
        assert!(text.contains("site1 service node Site1-FW"), "{text}");
        assert!(
            text.ends_with("delivered to web-3\ndisposition delivered\n"),
            "{text}"
        );
    }
}
