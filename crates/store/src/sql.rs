//! The SQL both backends share and the one implementation of [`crate::Store`] over it.
//!
//! SQLite and PostgreSQL accept the same statements here (`$n` placeholders,
//! `INSERT ... ON CONFLICT ... DO UPDATE`), so the trait is written once, as a macro
//! expanded for each backend's pool type. A backend supplies only what really
//! differs: how a read or write transaction starts and how a creation sequence
//! number is drawn (the `INSERT_SCHEMA` and `INSERT_DOC` statements).

use crate::{StoreError, Unit};
use serde_json::Value;

pub(crate) const LIST_SCHEMAS: &str =
    "SELECT id, display_name, version FROM schemas ORDER BY created_seq, id";
pub(crate) const SCHEMA_HEAD: &str = "SELECT version, header FROM schemas WHERE id = $1";
pub(crate) const SCHEMA_VERSION: &str = "SELECT version FROM schemas WHERE id = $1";
pub(crate) const SCHEMA_UNITS: &str =
    "SELECT key, ord, body FROM schema_units WHERE schema_id = $1 ORDER BY ord, key";
pub(crate) const TAKEN_SCHEMA: &str = "SELECT id FROM schemas WHERE id = $1 OR display_name = $2";
/// The optimistic guard: zero rows touched means a stale version (or no schema).
pub(crate) const BUMP_SCHEMA: &str = "UPDATE schemas \
     SET version = version + 1, display_name = $1, header = COALESCE($2, header) \
     WHERE id = $3 AND version = $4";
pub(crate) const UPSERT_UNIT: &str = "INSERT INTO schema_units (schema_id, key, ord, body) \
     VALUES ($1, $2, $3, $4) \
     ON CONFLICT (schema_id, key) DO UPDATE SET ord = excluded.ord, body = excluded.body";
pub(crate) const DELETE_UNIT: &str = "DELETE FROM schema_units WHERE schema_id = $1 AND key = $2";
pub(crate) const DELETE_UNITS: &str = "DELETE FROM schema_units WHERE schema_id = $1";
pub(crate) const DELETE_SCHEMA: &str = "DELETE FROM schemas WHERE id = $1";

pub(crate) const LIST_DOCS: &str =
    "SELECT id, name, body FROM docs WHERE kind = $1 ORDER BY created_seq, id";
pub(crate) const GET_DOC: &str = "SELECT id, name, body FROM docs WHERE kind = $1 AND id = $2";
pub(crate) const DELETE_DOC: &str = "DELETE FROM docs WHERE kind = $1 AND id = $2";

/// Error kind used for schemas in [`StoreError`].
pub(crate) const SCHEMA: &str = "schema";

pub(crate) fn db_err(e: sqlx::Error) -> StoreError {
    StoreError::Database(e.to_string())
}

pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .is_some_and(|d| d.is_unique_violation())
}

pub(crate) fn schema_not_found(id: &str) -> StoreError {
    StoreError::NotFound {
        kind: SCHEMA,
        id: id.to_owned(),
    }
}

/// Parses a stored JSON text; a failure means the row was written by something else.
pub(crate) fn parse_json(what: &str, text: &str) -> Result<Value, StoreError> {
    serde_json::from_str(text)
        .map_err(|e| StoreError::Database(format!("stored {what} is not valid JSON: {e}")))
}

pub(crate) fn units_from_rows(rows: Vec<(String, i64, String)>) -> Result<Vec<Unit>, StoreError> {
    rows.into_iter()
        .map(|(key, ord, body)| {
            let body = parse_json(&format!("unit '{key}'"), &body)?;
            Ok(Unit { key, ord, body })
        })
        .collect()
}

/// Expands to `impl Store for $store`, where `$store` has inherent methods
/// `read_pool()`, `begin_read()`, `begin_write()` and constants `INSERT_SCHEMA`
/// (binds id, display name, header) and `INSERT_DOC` (binds kind, id, name, body;
/// upserts on `(kind, id)`), and `$db` is its sqlx database type.
macro_rules! impl_store {
    ($store:ty, $db:ty) => {
        impl $store {
            /// Applies the version guard inside `tx`: bumps the version and sets the
            /// display name (and header, if given), or explains why it could not.
            async fn bump(
                tx: &mut sqlx::Transaction<'static, $db>,
                id: &str,
                display_name: &str,
                header: Option<String>,
                expected: i64,
            ) -> $crate::Result<i64> {
                use $crate::sql::*;
                let done = sqlx::query(BUMP_SCHEMA)
                    .bind(display_name)
                    .bind(header)
                    .bind(id)
                    .bind(expected)
                    .execute(&mut **tx)
                    .await
                    .map_err(|e| {
                        if is_unique_violation(&e) {
                            $crate::StoreError::Duplicate { kind: SCHEMA, name: display_name.to_owned() }
                        } else {
                            db_err(e)
                        }
                    })?;
                if done.rows_affected() == 1 {
                    return Ok(expected + 1);
                }
                let found: Option<(i64,)> = sqlx::query_as(SCHEMA_VERSION)
                    .bind(id)
                    .fetch_optional(&mut **tx)
                    .await
                    .map_err(db_err)?;
                match found {
                    None => Err(schema_not_found(id)),
                    Some((found,)) => Err($crate::StoreError::Conflict {
                        kind: SCHEMA,
                        id: id.to_owned(),
                        expected,
                        found,
                    }),
                }
            }

            /// Commits on success; on failure rolls back at once (rather than leaving the
            /// rollback to the connection's return to the pool) and passes the error on.
            async fn finish<T>(
                tx: sqlx::Transaction<'static, $db>,
                out: $crate::Result<T>,
            ) -> $crate::Result<T> {
                match out {
                    Ok(value) => {
                        tx.commit().await.map_err($crate::sql::db_err)?;
                        Ok(value)
                    }
                    Err(e) => {
                        if let Err(rollback) = tx.rollback().await {
                            tracing::warn!(error = %rollback, "rollback after a failed write");
                        }
                        Err(e)
                    }
                }
            }

            async fn upsert_units(
                tx: &mut sqlx::Transaction<'static, $db>,
                id: &str,
                units: &[$crate::Unit],
            ) -> $crate::Result<()> {
                for unit in units {
                    sqlx::query($crate::sql::UPSERT_UNIT)
                        .bind(id)
                        .bind(&unit.key)
                        .bind(unit.ord)
                        .bind(unit.body.to_string())
                        .execute(&mut **tx)
                        .await
                        .map_err($crate::sql::db_err)?;
                }
                Ok(())
            }
        }

        impl $crate::Store for $store {
            async fn list_schemas(&self) -> $crate::Result<Vec<(String, String, i64)>> {
                sqlx::query_as($crate::sql::LIST_SCHEMAS)
                    .fetch_all(self.read_pool())
                    .await
                    .map_err($crate::sql::db_err)
            }

            async fn load_schema(&self, id: &str) -> $crate::Result<$crate::StoredSchema> {
                use $crate::sql::*;
                let mut tx = self.begin_read().await?;
                let out: $crate::Result<_> = async {
                    let head: Option<(i64, String)> = sqlx::query_as(SCHEMA_HEAD)
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(db_err)?;
                    let (version, header) = head.ok_or_else(|| schema_not_found(id))?;
                    let rows: Vec<(String, i64, String)> = sqlx::query_as(SCHEMA_UNITS)
                        .bind(id)
                        .fetch_all(&mut *tx)
                        .await
                        .map_err(db_err)?;
                    Ok((version, header, rows))
                }
                .await;
                let (version, header, rows) = Self::finish(tx, out).await?;
                Ok($crate::StoredSchema {
                    id: id.to_owned(),
                    version,
                    header: parse_json("schema header", &header)?,
                    units: units_from_rows(rows)?,
                })
            }

            async fn schema_version(&self, id: &str) -> $crate::Result<i64> {
                use $crate::sql::*;
                let found: Option<(i64,)> = sqlx::query_as(SCHEMA_VERSION)
                    .bind(id)
                    .fetch_optional(self.read_pool())
                    .await
                    .map_err(db_err)?;
                found.map(|(v,)| v).ok_or_else(|| schema_not_found(id))
            }

            async fn create_schema(
                &self,
                id: &str,
                display_name: &str,
                header: serde_json::Value,
                units: Vec<$crate::Unit>,
            ) -> $crate::Result<i64> {
                use $crate::sql::*;
                let mut tx = self.begin_write().await?;
                let out: $crate::Result<_> = async {
                    let taken: Option<(String,)> = sqlx::query_as(TAKEN_SCHEMA)
                        .bind(id)
                        .bind(display_name)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(db_err)?;
                    if let Some((taken,)) = taken {
                        let name = if taken == id { id } else { display_name };
                        return Err($crate::StoreError::Duplicate { kind: SCHEMA, name: name.to_owned() });
                    }
                    sqlx::query(Self::INSERT_SCHEMA)
                        .bind(id)
                        .bind(display_name)
                        .bind(header.to_string())
                        .execute(&mut *tx)
                        .await
                        .map_err(|e| {
                            if is_unique_violation(&e) {
                                $crate::StoreError::Duplicate { kind: SCHEMA, name: display_name.to_owned() }
                            } else {
                                db_err(e)
                            }
                        })?;
                    Self::upsert_units(&mut tx, id, &units).await?;
                    Ok(1)
                }
                .await;
                Self::finish(tx, out).await
            }

            async fn commit_schema(
                &self,
                id: &str,
                display_name: &str,
                change: $crate::SchemaChange,
            ) -> $crate::Result<i64> {
                use $crate::sql::*;
                let mut tx = self.begin_write().await?;
                let out: $crate::Result<_> = async {
                    let header = change.header.map(|h| h.to_string());
                    let version = Self::bump(&mut tx, id, display_name, header, change.expected_version).await?;
                    for key in &change.deletes {
                        sqlx::query(DELETE_UNIT)
                            .bind(id)
                            .bind(key)
                            .execute(&mut *tx)
                            .await
                            .map_err(db_err)?;
                    }
                    Self::upsert_units(&mut tx, id, &change.upserts).await?;
                    Ok(version)
                }
                .await;
                Self::finish(tx, out).await
            }

            async fn replace_schema(
                &self,
                id: &str,
                display_name: &str,
                expected_version: i64,
                header: serde_json::Value,
                units: Vec<$crate::Unit>,
            ) -> $crate::Result<i64> {
                use $crate::sql::*;
                let mut tx = self.begin_write().await?;
                let out: $crate::Result<_> = async {
                    let header = Some(header.to_string());
                    let version = Self::bump(&mut tx, id, display_name, header, expected_version).await?;
                    sqlx::query(DELETE_UNITS)
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_err)?;
                    Self::upsert_units(&mut tx, id, &units).await?;
                    Ok(version)
                }
                .await;
                Self::finish(tx, out).await
            }

            async fn delete_schema(&self, id: &str) -> $crate::Result<()> {
                use $crate::sql::*;
                let mut tx = self.begin_write().await?;
                let out = sqlx::query(DELETE_SCHEMA)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)
                    .and_then(|done| match done.rows_affected() {
                        0 => Err(schema_not_found(id)),
                        _ => Ok(()),
                    });
                Self::finish(tx, out).await
            }

            async fn list_docs(&self, kind: $crate::DocKind) -> $crate::Result<Vec<$crate::Doc>> {
                use $crate::sql::*;
                let rows: Vec<(String, String, String)> = sqlx::query_as(LIST_DOCS)
                    .bind(kind.as_str())
                    .fetch_all(self.read_pool())
                    .await
                    .map_err(db_err)?;
                rows.into_iter()
                    .map(|(id, name, body)| {
                        let body = parse_json(kind.as_str(), &body)?;
                        Ok($crate::Doc { id, name, body })
                    })
                    .collect()
            }

            async fn get_doc(&self, kind: $crate::DocKind, id: &str) -> $crate::Result<$crate::Doc> {
                use $crate::sql::*;
                let row: Option<(String, String, String)> = sqlx::query_as(GET_DOC)
                    .bind(kind.as_str())
                    .bind(id)
                    .fetch_optional(self.read_pool())
                    .await
                    .map_err(db_err)?;
                let (id, name, body) = row.ok_or_else(|| $crate::StoreError::NotFound {
                    kind: kind.as_str(),
                    id: id.to_owned(),
                })?;
                let body = parse_json(kind.as_str(), &body)?;
                Ok($crate::Doc { id, name, body })
            }

            async fn put_doc(&self, kind: $crate::DocKind, doc: $crate::Doc) -> $crate::Result<()> {
                use $crate::sql::*;
                let mut tx = self.begin_write().await?;
                let out = sqlx::query(Self::INSERT_DOC)
                    .bind(kind.as_str())
                    .bind(&doc.id)
                    .bind(&doc.name)
                    .bind(doc.body.to_string())
                    .execute(&mut *tx)
                    .await
                    .map(|_| ())
                    .map_err(|e| {
                        if is_unique_violation(&e) {
                            $crate::StoreError::Duplicate { kind: kind.as_str(), name: doc.name.clone() }
                        } else {
                            db_err(e)
                        }
                    });
                Self::finish(tx, out).await
            }

            async fn delete_doc(&self, kind: $crate::DocKind, id: &str) -> $crate::Result<()> {
                use $crate::sql::*;
                let mut tx = self.begin_write().await?;
                let out = sqlx::query(DELETE_DOC)
                    .bind(kind.as_str())
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)
                    .and_then(|done| match done.rows_affected() {
                        0 => Err($crate::StoreError::NotFound { kind: kind.as_str(), id: id.to_owned() }),
                        _ => Ok(()),
                    });
                Self::finish(tx, out).await
            }
        }
    };
}

pub(crate) use impl_store;
