//! `multisite validate`: checks a schema against every rule of the configuration guide,
//! either a schema held by the orchestrator (`--schema NAME`, with live site facts read by
//! the server) or a schema document in a file (`--file PATH`, with an optional context
//! file holding tenants, other schemas and site facts). Prints one line per finding, or
//! the report as JSON with `--json`; exits with status 1 when there are errors.

use anyhow::{bail, Context};
use serde_json::Value;

use crate::trace::{ServerArgs, Session};

/// Arguments of `multisite validate`.
#[derive(clap::Args, Debug, Clone)]
pub struct ValidateArgs {
    /// Name of a schema held by the orchestrator.
    #[arg(long, conflicts_with = "file")]
    pub schema: Option<String>,
    /// A schema document (NDO's JSON shape) to validate locally.
    #[arg(long)]
    pub file: Option<std::path::PathBuf>,
    /// With --file: a JSON context (`tenants`, `schemas`, `sites` with their facts).
    #[arg(long, requires = "file")]
    pub context: Option<std::path::PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub connection: ServerArgs,
}

/// Run the command; `Ok(false)` when the schema has errors.
pub async fn run(args: ValidateArgs) -> anyhow::Result<bool> {
    let report = match (&args.schema, &args.file) {
        (Some(name), None) => remote(&args.connection, name).await?,
        (None, Some(path)) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let doc: Value = serde_json::from_str(&text)
                .with_context(|| format!("{} is not JSON", path.display()))?;
            let ctx = match &args.context {
                Some(p) => {
                    let t = std::fs::read_to_string(p)
                        .with_context(|| format!("cannot read {}", p.display()))?;
                    serde_json::from_str(&t)
                        .with_context(|| format!("{} is not a validation context", p.display()))?
                }
                None => multisite_validate::Context::default(),
            };
            let report = multisite_validate::validate_document(&doc, &ctx);
            let mut v = report.to_json();
            v["result"] = Value::Bool(report.is_ok());
            v["text"] = Value::String(report.to_string());
            v
        }
        _ => bail!("say which schema: --schema NAME (on the orchestrator) or --file PATH"),
    };
    let ok = report["result"].as_bool().unwrap_or(false);
    if args.json {
        let mut out = report.clone();
        if let Some(m) = out.as_object_mut() {
            m.remove("text");
        }
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        let text = report["text"].as_str().unwrap_or_default();
        if text.trim().is_empty() {
            println!("valid: no findings");
        } else {
            print!("{text}");
            if !text.ends_with('\n') {
                println!();
            }
            let n = report["findings"].as_array().map(Vec::len).unwrap_or(0);
            println!("{}: {n} finding(s)", if ok { "valid" } else { "invalid" });
        }
    }
    Ok(ok)
}

async fn remote(conn: &ServerArgs, name: &str) -> anyhow::Result<Value> {
    let session = Session::login(conn).await?;
    let list = session
        .call(reqwest::Method::GET, "/api/v1/schemas/list-identity", None)
        .await?;
    let id = list["schemas"]
        .as_array()
        .and_then(|a| a.iter().find(|s| s["displayName"] == name))
        .and_then(|s| s["id"].as_str())
        .with_context(|| format!("the orchestrator has no schema named '{name}'"))?
        .to_string();
    session
        .call(
            reqwest::Method::GET,
            &format!("/api/v1/schemas/{id}/validation-report"),
            None,
        )
        .await
}
