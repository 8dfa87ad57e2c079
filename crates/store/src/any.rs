//! Choosing a backend at run time: [`AnyStore`] and [`connect`].

use crate::{Doc, DocKind, PgStore, Result, SchemaChange, SqliteStore, Store, StoredSchema, Unit};
use serde_json::Value;
use std::path::Path;

/// Either backend, chosen by [`connect`]; implements [`Store`] by delegation.
#[derive(Debug, Clone)]
pub enum AnyStore {
    Sqlite(SqliteStore),
    Postgres(PgStore),
}

/// Where [`connect`] sends a database argument.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target<'a> {
    Postgres(&'a str),
    SqliteMemory,
    SqliteFile(&'a str),
}

fn classify(url_or_path: &str) -> Target<'_> {
    let s = url_or_path.trim();
    if s.starts_with("postgres://") || s.starts_with("postgresql://") {
        return Target::Postgres(s);
    }
    let rest = s
        .strip_prefix("sqlite://")
        .or_else(|| s.strip_prefix("sqlite:"))
        .unwrap_or(s);
    if rest == ":memory:" {
        Target::SqliteMemory
    } else {
        Target::SqliteFile(rest)
    }
}

/// Opens the store named by `url_or_path`: `postgres://...` (or `postgresql://`)
/// selects PostgreSQL; `sqlite://path`, `sqlite:path` or a plain path selects an
/// SQLite file; `sqlite::memory:` or `:memory:` a private in-memory database.
pub async fn connect(url_or_path: &str) -> Result<AnyStore> {
    match classify(url_or_path) {
        Target::Postgres(url) => Ok(AnyStore::Postgres(PgStore::connect(url).await?)),
        Target::SqliteMemory => Ok(AnyStore::Sqlite(SqliteStore::memory().await?)),
        Target::SqliteFile(path) => Ok(AnyStore::Sqlite(SqliteStore::open(Path::new(path)).await?)),
    }
}

macro_rules! delegate {
    ($self:ident, $s:ident => $call:expr) => {
        match $self {
            AnyStore::Sqlite($s) => $call.await,
            AnyStore::Postgres($s) => $call.await,
        }
    };
}

impl AnyStore {
    /// Which backend this is: `"sqlite"` or `"postgres"`.
    pub fn backend(&self) -> &'static str {
        match self {
            AnyStore::Sqlite(_) => "sqlite",
            AnyStore::Postgres(_) => "postgres",
        }
    }

    /// Closes the underlying connection pool(s).
    pub async fn close(&self) {
        delegate!(self, s => s.close())
    }
}

impl Store for AnyStore {
    async fn list_schemas(&self) -> Result<Vec<(String, String, i64)>> {
        delegate!(self, s => s.list_schemas())
    }

    async fn load_schema(&self, id: &str) -> Result<StoredSchema> {
        delegate!(self, s => s.load_schema(id))
    }

    async fn schema_version(&self, id: &str) -> Result<i64> {
        delegate!(self, s => s.schema_version(id))
    }

    async fn create_schema(
        &self,
        id: &str,
        display_name: &str,
        header: Value,
        units: Vec<Unit>,
    ) -> Result<i64> {
        delegate!(self, s => s.create_schema(id, display_name, header, units))
    }

    async fn commit_schema(
        &self,
        id: &str,
        display_name: &str,
        change: SchemaChange,
    ) -> Result<i64> {
        delegate!(self, s => s.commit_schema(id, display_name, change))
    }

    async fn replace_schema(
        &self,
        id: &str,
        display_name: &str,
        expected_version: i64,
        header: Value,
        units: Vec<Unit>,
    ) -> Result<i64> {
        delegate!(self, s => s.replace_schema(id, display_name, expected_version, header, units))
    }

    async fn delete_schema(&self, id: &str) -> Result<()> {
        delegate!(self, s => s.delete_schema(id))
    }

    async fn list_docs(&self, kind: DocKind) -> Result<Vec<Doc>> {
        delegate!(self, s => s.list_docs(kind))
    }

    async fn get_doc(&self, kind: DocKind, id: &str) -> Result<Doc> {
        delegate!(self, s => s.get_doc(kind, id))
    }

    async fn put_doc(&self, kind: DocKind, doc: Doc) -> Result<()> {
        delegate!(self, s => s.put_doc(kind, doc))
    }

    async fn delete_doc(&self, kind: DocKind, id: &str) -> Result<()> {
        delegate!(self, s => s.delete_doc(kind, id))
    }
}

#[cfg(test)]
mod tests {
    use super::{classify, Target};

    #[test]
    fn database_arguments_pick_the_backend() {
        let cases = [
            (
                "postgres://u@h:5432/db",
                Target::Postgres("postgres://u@h:5432/db"),
            ),
            ("postgresql://h/db", Target::Postgres("postgresql://h/db")),
            ("sqlite://data/ms.db", Target::SqliteFile("data/ms.db")),
            (
                "sqlite:///var/lib/ms.db",
                Target::SqliteFile("/var/lib/ms.db"),
            ),
            ("sqlite:ms.db", Target::SqliteFile("ms.db")),
            ("ms.db", Target::SqliteFile("ms.db")),
            ("sqlite::memory:", Target::SqliteMemory),
            (":memory:", Target::SqliteMemory),
        ];
        for (arg, want) in cases {
            assert_eq!(classify(arg), want, "{arg}");
        }
    }
}
