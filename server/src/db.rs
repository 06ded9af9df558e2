//! Database connection: SQLite (the embedded default) or PostgreSQL, chosen by URL,
//! with the matching embedded migrations applied at start.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use std::str::FromStr;

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{AnyPool, Connection, Executor, PgPool};

use crate::error::{Error, Result};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A pool on either backend. Queries are written once, in the SQL both accept
/// (`$1` placeholders, `ON CONFLICT`, integers for flags and times).
#[derive(Debug, Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// On PostgreSQL, where the node's one listening connection comes from (`live::hints`):
    /// LISTEN needs the PostgreSQL driver itself, which the `Any` pool hides.
    pub listening: Option<PgPool>,
}

impl Db {
    /// Connects to `url` and applies the migrations of its backend.
    pub async fn connect(url: &str) -> Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = backend_of(url)?;
        let url = match backend {
            Backend::Sqlite => sqlite_url_creating_file(url)?,
            Backend::Postgres => url.to_owned(),
        };
        let pool = pool_options(backend).connect(&url).await?;
        if backend == Backend::Sqlite {
            sqlx::query("PRAGMA journal_mode = WAL").execute(&pool).await?;
        }
        let migrator = match backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&pool).await?;
        let listening = match backend {
            Backend::Sqlite => None,
            Backend::Postgres => Some(listening_pool(&url)?),
        };
        Ok(Db { pool, backend, listening })
    }

    /// True when the database answers a trivial query.
    pub async fn is_ready(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }
}

/// How long a PostgreSQL connection may sit idle before it is checked on its way out of
/// the pool (a busy pool's are not: that check is a round trip per query).
const CHECK_IDLE_AFTER: Duration = Duration::from_secs(5);

/// The pool for `backend`. SQLite gets one connection: SQLite lets one writer in at a time
/// and has a waiting writer sleep and retry (1, 2, 5, 10 … 100 ms), so under concurrent
/// writes several connections only add waiting; one connection queues every statement in
/// order, with no lock contention, and its work is microseconds. In WAL mode with
/// `synchronous = NORMAL` a commit is not flushed to disk until the next checkpoint: a
/// killed process loses nothing and the file stays consistent, and a power cut or an OS
/// crash may lose the last commits, whole transactions only (README, "The SQLite file").
/// PostgreSQL gets 16 connections, checked only after an idle spell.
fn pool_options(backend: Backend) -> AnyPoolOptions {
    match backend {
        Backend::Sqlite => AnyPoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .after_connect(|connection, _| Box::pin(async move { connection.execute("PRAGMA synchronous = NORMAL").await.map(drop) })),
        Backend::Postgres => AnyPoolOptions::new().max_connections(16).test_before_acquire(false).before_acquire(|connection, meta| {
            Box::pin(async move {
                if meta.idle_for > CHECK_IDLE_AFTER {
                    connection.ping().await?;
                }
                Ok(true)
            })
        }),
    }
}

/// A pool of one connection, opened when first asked, named `sightline hints` for the
/// server's activity view.
fn listening_pool(url: &str) -> Result<PgPool> {
    let options = PgConnectOptions::from_str(url)?.application_name(LISTENER_NAME);
    Ok(PgPoolOptions::new().max_connections(1).connect_lazy_with(options))
}

/// The `application_name` of each node's listening connection.
pub const LISTENER_NAME: &str = "sightline hints";

fn backend_of(url: &str) -> Result<Backend> {
    if url.starts_with("sqlite:") {
        Ok(Backend::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Backend::Postgres)
    } else {
        Err(Error::InvalidInput(format!("unsupported database URL {url:?}: use sqlite: or postgres://")))
    }
}

/// Makes sure the SQLite file's folder exists and asks SQLite to create the file.
fn sqlite_url_creating_file(url: &str) -> Result<String> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if !path.is_empty() && path != ":memory:" {
        if let Some(parent) = Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|err| Error::Internal(format!("cannot create {}: {err}", parent.display())))?;
        }
    }
    let query = if query.contains("mode=") { query.to_owned() } else if query.is_empty() { "mode=rwc".to_owned() } else { format!("{query}&mode=rwc") };
    Ok(format!("sqlite://{path}?{query}"))
}

/// Whether an insert or update went in: `false` when a unique constraint refused it.
pub fn inserted(outcome: std::result::Result<sqlx::any::AnyQueryResult, sqlx::Error>) -> Result<bool> {
    match outcome {
        Ok(_) => Ok(true),
        Err(sqlx::Error::Database(err)) if err.is_unique_violation() => Ok(false),
        Err(err) => Err(err.into()),
    }
}

/// Milliseconds since the Unix epoch: how every time is stored.
pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

/// A fresh random identifier.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
