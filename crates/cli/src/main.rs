//! The `multisite` command: thin over the crates.
//!
//! - `multisite serve`: the orchestrator with two embedded emulated sites.
//! - `multisite sitesim`: one emulated APIC on its own.

mod endpoints;
mod trace;
mod validate;

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "multisite",
    version,
    about = "Multi-site network policy orchestrator for ACI fabrics"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the orchestrator (NDO-compatible API) with two embedded emulated sites.
    Serve(ServeArgs),
    /// Run one emulated APIC site.
    Sitesim(SitesimArgs),
    /// Trace a flow through the sites, from what they hold now or after a what-if change.
    Trace(trace::TraceArgs),
    /// List endpoints, or add one to an emulated site.
    Endpoints(endpoints::EndpointsArgs),
    /// Check a schema against every guideline before anything reaches a site.
    Validate(validate::ValidateArgs),
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Where the database and the embedded sites keep their data.
    #[arg(long, default_value = "./multisite-data")]
    data_dir: PathBuf,
    /// Database: an SQLite file path (default `<data-dir>/multisite.db`) or `postgres://...`.
    #[arg(long, env = "MULTISITE_DATABASE")]
    database: Option<String>,
    /// Password of user `admin`; generated and printed once at first start when absent.
    #[arg(long, env = "MULTISITE_ADMIN_PASSWORD", hide_env_values = true)]
    admin_password: Option<String>,
    /// Do not start the two embedded emulated sites.
    #[arg(long)]
    no_embedded_sites: bool,
    /// Listen address of embedded site1.
    #[arg(long, default_value = "127.0.0.1:9101")]
    site1_listen: SocketAddr,
    /// Listen address of embedded site2.
    #[arg(long, default_value = "127.0.0.1:9102")]
    site2_listen: SocketAddr,
}

#[derive(clap::Args)]
struct SitesimArgs {
    /// Site name.
    #[arg(long)]
    name: String,
    /// APIC site id.
    #[arg(long, default_value_t = 1)]
    site_id: u32,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:9101")]
    listen: SocketAddr,
    /// APIC version to report.
    #[arg(long, default_value = "5.1(4c)")]
    apic_version: String,
    /// Fabric topology file (JSON); default: the demo fabric for this site id.
    #[arg(long)]
    topology: Option<PathBuf>,
    /// Where the site keeps its object tree (default `./sitesim-<name>`).
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Password of user `admin`.
    #[arg(long, env = "MULTISITE_ADMIN_PASSWORD", hide_env_values = true)]
    password: Option<String>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_target(false)
        .init();
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(a) => serve(a).await,
        Command::Sitesim(a) => sitesim(a).await,
        Command::Trace(a) => trace::run(a).await,
        Command::Endpoints(a) => endpoints::run(a).await,
        Command::Validate(a) => {
            if !validate::run(a).await? {
                std::process::exit(1);
            }
            Ok(())
        }
    }
}

async fn serve(a: ServeArgs) -> anyhow::Result<()> {
    let config = multisite_server::ServerConfig {
        listen: a.listen,
        data_dir: a.data_dir,
        database: a.database,
        admin_password: a.admin_password,
        embedded_sites: !a.no_embedded_sites,
        embedded_site_addrs: [a.site1_listen, a.site2_listen],
    };
    let running = multisite_server::start(config)
        .await
        .context("starting the orchestrator")?;
    println!("multisite: orchestrator on http://{}", running.addr);
    for s in &running.sites {
        println!("multisite: embedded site on http://{}", s.addr());
    }
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = running_wait(&running) => {}
    }
    Ok(())
}

async fn running_wait(running: &multisite_server::Running) {
    running.stopped().await
}

async fn sitesim(a: SitesimArgs) -> anyhow::Result<()> {
    let data_dir = a
        .data_dir
        .unwrap_or_else(|| PathBuf::from(format!("./sitesim-{}", a.name)));
    let cfg = multisite_sitesim::SiteConfig {
        name: a.name,
        site_id: a.site_id,
        listen: a.listen,
        apic_version: a.apic_version,
        topology: a.topology,
        data_dir,
        password: a.password.unwrap_or_else(|| "admin".to_string()),
    };
    multisite_sitesim::run(cfg)
        .await
        .context("running the emulated site")?;
    Ok(())
}
