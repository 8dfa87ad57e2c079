//! `multisite endpoints`: lists the endpoints every site reports and adds endpoints to
//! emulated sites, through the orchestrator (`{v1}/trace/endpoints`), so that traces can
//! reach them.

use std::io::Write;

use anyhow::bail;
use serde_json::json;

use crate::trace::{ServerArgs, Session};

/// Arguments of `multisite endpoints`.
#[derive(clap::Args, Debug, Clone)]
pub struct EndpointsArgs {
    #[command(subcommand)]
    pub action: EndpointsAction,
    #[command(flatten)]
    pub connection: ServerArgs,
}

/// What to do with endpoints.
#[derive(clap::Subcommand, Debug, Clone)]
pub enum EndpointsAction {
    /// List every site's endpoints.
    List,
    /// Add an endpoint to an emulated site (or replace the one with the same name).
    Add(AddArgs),
}

/// Arguments of `multisite endpoints add`.
#[derive(clap::Args, Debug, Clone)]
pub struct AddArgs {
    /// The site's name, e.g. `site1`.
    #[arg(long)]
    pub site: String,
    /// The endpoint's name, e.g. `web-3`.
    #[arg(long)]
    pub name: String,
    /// Its IPv4 address.
    #[arg(long)]
    pub ip: String,
    /// The DN of its EPG, e.g. `uni/tn-Tenant1/ap-app/epg-web`.
    #[arg(long)]
    pub epg: String,
    /// The leaf it is attached to.
    #[arg(long)]
    pub leaf: u32,
    /// Its MAC address (default: `00:50:56` followed by the address's last three octets).
    #[arg(long)]
    pub mac: Option<String>,
    /// The leaf port, e.g. `eth1/10`.
    #[arg(long)]
    pub interface: Option<String>,
}

pub async fn run(args: EndpointsArgs) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    execute(&args, &mut out).await
}

/// Runs the command, writing what it prints to `out`.
pub async fn execute(args: &EndpointsArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let session = Session::login(&args.connection).await?;
    let answer = match &args.action {
        EndpointsAction::List => {
            session
                .call(reqwest::Method::GET, "/api/v1/trace/endpoints", None)
                .await?
        }
        EndpointsAction::Add(a) => {
            let mac = match &a.mac {
                Some(m) => m.clone(),
                None => default_mac(&a.ip)?,
            };
            let mut body = json!({"site": a.site, "name": a.name, "ip": a.ip, "mac": mac, "epg": a.epg, "leaf": a.leaf});
            if let Some(i) = &a.interface {
                body["interface"] = json!(i);
            }
            session
                .call(
                    reqwest::Method::POST,
                    "/api/v1/trace/endpoints",
                    Some(&body),
                )
                .await?
        }
    };
    for ep in answer["endpoints"].as_array().into_iter().flatten() {
        writeln!(
            out,
            "{:<8} {:<12} {:<15} {:<17} leaf {:<5} {}",
            ep["site"].as_str().unwrap_or_default(),
            ep["name"].as_str().unwrap_or_default(),
            ep["ip"].as_str().unwrap_or_default(),
            ep["mac"].as_str().unwrap_or_default(),
            ep["leaf"],
            ep["epg"].as_str().unwrap_or_default(),
        )?;
    }
    Ok(())
}

/// A stable, locally administered-looking MAC for an address.
fn default_mac(ip: &str) -> anyhow::Result<String> {
    let Ok(addr) = ip.parse::<std::net::Ipv4Addr>() else {
        bail!("--ip: '{ip}' is not an IPv4 address");
    };
    let o = addr.octets();
    Ok(format!("00:50:56:{:02X}:{:02X}:{:02X}", o[1], o[2], o[3]))
}
