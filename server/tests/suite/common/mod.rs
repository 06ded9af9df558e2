//! A test harness: the real application on a fresh SQLite file or a fresh
//! PostgreSQL database, driven through its router like a client would.

#![allow(dead_code)]

pub mod capture;
pub mod collaboration;
pub mod guests;
pub mod impaired;
pub mod live;
pub mod nodes;
pub mod phone;
pub mod uploads;
pub mod viewer;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use sightline_server::auth::caller::session_cookie_set_in;
use sightline_server::accounts::bootstrap;
use sightline_server::blobs::BlobLocation;
use sightline_server::db::Db;
use sightline_server::sessions::audit::key::AuditKey;
use sightline_server::settings::Settings;
use sightline_server::{app, AppState};
use tower::ServiceExt;

pub const ADMIN_PASSWORD: &str = "correct horse battery";

/// Polls `done` until it holds; panics after a generous bound (a minute) so a broken
/// server fails the test instead of hanging it, while a slow machine still passes.
pub async fn eventually<F, Fut>(what: &str, mut done: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..1200 {
        if done().await {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("gave up waiting until {what}");
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs an async test body once per database backend, as `NAME::sqlite` and `NAME::postgres`.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$name($crate::common::Backend::Sqlite).await
            }
            #[tokio::test]
            async fn postgres() {
                super::$name($crate::common::Backend::Postgres).await
            }
        }
    )*};
}

/// The URL of a fresh, empty database of the given backend (and the folder holding a SQLite file).
pub async fn fresh_url(backend: Backend) -> (String, Option<tempfile::TempDir>) {
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            (format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display()), Some(dir))
        }
        Backend::Postgres => {
            let admin_url = std::env::var("SIGHTLINE_TEST_POSTGRES_URL").expect(
                "SIGHTLINE_TEST_POSTGRES_URL must point at a PostgreSQL server (the test script starts one)",
            );
            sqlx::any::install_default_drivers();
            let name = format!("sightline_test_{}", uuid::Uuid::new_v4().simple());
            let admin = sqlx::AnyPool::connect(&admin_url).await.expect("postgres reachable");
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.expect("create test database");
            admin.close().await;
            let base = admin_url.rsplit_once('/').map(|(base, _)| base).expect("URL has a database part");
            (format!("{base}/{name}"), None)
        }
    }
}

/// The application over a fresh database, with one organisation and its admin.
pub struct TestApp {
    pub router: Router,
    /// The state the router serves, for calling server functions directly.
    pub state: AppState,
    pub db: Db,
    pub admin_email: String,
    /// Where this app's blob store keeps pictures.
    pub blob_dir: std::path::PathBuf,
    /// The file of the key that seals this app's audit trail.
    pub audit_key_file: std::path::PathBuf,
    /// The URL of this app's database, for the command line.
    pub database_url: String,
    _dirs: (tempfile::TempDir, Option<tempfile::TempDir>),
}

/// A signed-in browser: its cookie and CSRF token.
#[derive(Debug, Clone)]
pub struct Client {
    pub cookie: String,
    pub csrf: String,
    pub me: Value,
}

/// An answer: status, headers and the JSON body (Null when empty or not JSON).
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Value,
    pub bytes: Vec<u8>,
}

impl Answer {
    /// The stable error code of an error answer.
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }
}

impl TestApp {
    pub async fn new(backend: Backend) -> TestApp {
        TestApp::with_settings(backend, |_| {}).await
    }

    pub async fn with_settings(backend: Backend, change: impl FnOnce(&mut Settings)) -> TestApp {
        let (database_url, _db_dir) = fresh_url(backend).await;
        let db = Db::connect(&database_url).await.expect("the test database connects");
        let dir = tempfile::tempdir().expect("temp dir");
        let admin_email = "admin@acme.example".to_owned();
        bootstrap::create_org_with_admin(&db, "Acme", &admin_email, "Ada Admin", Some(ADMIN_PASSWORD.into()))
            .await
            .expect("bootstrap");
        let audit_key_file = dir.path().join("audit.key");
        let audit_key = AuditKey::load_or_create(&audit_key_file).expect("audit key");
        let mut settings = Settings::new("http://127.0.0.1:8080".parse().expect("url"), audit_key);
        // Tests exchange media on 127.0.0.1 only.
        settings.relay.network.loopback_only = true;
        settings.blobs = BlobLocation::Directory(dir.path().join("blobs"));
        change(&mut settings);
        let state = AppState::new(db.clone(), settings).expect("state");
        let router = app(state.clone());
        TestApp { router, state, db, admin_email, blob_dir: dir.path().join("blobs"), audit_key_file, database_url, _dirs: (dir, _db_dir) }
    }

    /// Serves the application on a real loopback socket; returns its address.
    pub async fn serve(&self) -> std::net::SocketAddr {
        self.serve_at(std::net::Ipv4Addr::LOCALHOST.into()).await
    }

    /// Serves the application on a real socket at `ip` (a free port); returns its address.
    pub async fn serve_at(&self, ip: std::net::IpAddr) -> std::net::SocketAddr {
        let listener = tokio::net::TcpListener::bind((ip, 0)).await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let service = self.router.clone().into_make_service_with_connect_info::<std::net::SocketAddr>();
        tokio::spawn(async move { axum::serve(listener, service).await });
        addr
    }

    /// Sends a raw request.
    pub async fn send(&self, request: Request<Body>) -> Answer {
        let response = self.router.clone().oneshot(request).await.expect("router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("body").to_bytes().to_vec();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer { status, headers, body, bytes }
    }

    /// Sends a JSON request, as `client` when given (cookie and CSRF header).
    pub async fn call(&self, client: Option<&Client>, method: Method, path: &str, body: Option<Value>) -> Answer {
        let headers = client.map(|c| vec![(header::COOKIE.as_str(), c.cookie.as_str()), ("x-csrf-token", c.csrf.as_str())]);
        self.call_with(method, path, &headers.unwrap_or_default(), body).await
    }

    /// Sends a JSON request with the given headers.
    pub async fn call_with(&self, method: Method, path: &str, headers: &[(&str, &str)], body: Option<Value>) -> Answer {
        let mut request = Request::builder().method(method).uri(path);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let body = match body {
            Some(body) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(body.to_string())
            }
            None => Body::empty(),
        };
        self.send(request.body(body).expect("request")).await
    }

    pub async fn get(&self, client: &Client, path: &str) -> Answer {
        self.call(Some(client), Method::GET, path, None).await
    }

    pub async fn post(&self, client: &Client, path: &str, body: Value) -> Answer {
        self.call(Some(client), Method::POST, path, Some(body)).await
    }

    /// Signs in; panics unless it works.
    pub async fn login(&self, email: &str, password: &str) -> Client {
        let answer = self.call(None, Method::POST, "/api/auth/login", Some(json!({"email": email, "password": password}))).await;
        assert_eq!(answer.status, StatusCode::OK, "login of {email} failed: {:?}", answer.body);
        let cookie = session_cookie_set_in(&answer.headers).expect("session cookie set").to_owned();
        Client { cookie, csrf: answer.body["csrf_token"].as_str().expect("csrf token").to_owned(), me: answer.body.clone() }
    }

    pub async fn admin(&self) -> Client {
        self.login(&self.admin_email.clone(), ADMIN_PASSWORD).await
    }

    /// Creates a technician in the admin's org and signs them in.
    pub async fn technician(&self, admin: &Client, email: &str, name: &str) -> Client {
        let created = self
            .post(admin, "/api/technicians", json!({"email": email, "display_name": name, "password": ADMIN_PASSWORD}))
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
        self.login(email, ADMIN_PASSWORD).await
    }

    /// A second organisation with its own admin, signed in.
    pub async fn other_org_admin(&self) -> Client {
        bootstrap::create_org_with_admin(&self.db, "Globex", "admin@globex.example", "Gil Globex", Some(ADMIN_PASSWORD.into()))
            .await
            .expect("second org");
        self.login("admin@globex.example", ADMIN_PASSWORD).await
    }

    /// Row counts of every table the migrations made (read from the catalog, so a new table
    /// is counted too): to prove a refused request changed nothing. `rate_limits` is left out:
    /// counting refused attempts is its purpose.
    pub async fn table_counts(&self) -> Vec<(String, i64)> {
        let mut counts = Vec::new();
        for table in self.tables().await {
            if table == "rate_limits" {
                continue;
            }
            let (count,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&self.db.pool).await.expect("count");
            counts.push((table, count));
        }
        counts.sort();
        counts
    }

    /// Every table the migrations made, read from the catalog (so a new table is included).
    pub async fn tables(&self) -> Vec<String> {
        let catalog = match self.db.backend {
            sightline_server::db::Backend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            sightline_server::db::Backend::Postgres => "SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = 'public'",
        };
        let tables: Vec<(String,)> = sqlx::query_as(catalog).fetch_all(&self.db.pool).await.expect("tables");
        let tables: Vec<String> = tables.into_iter().map(|(table,)| table).filter(|table| !table.starts_with("_sqlx")).collect();
        assert!(tables.len() >= 15, "the catalog lists the tables: {tables:?}");
        tables
    }

    /// Every row of every table as text, one line per row (newlines escaped), prefixed with its table.
    pub async fn dump(&self) -> String {
        let mut lines = String::new();
        for table in self.tables().await {
            let query = match self.db.backend {
                sightline_server::db::Backend::Postgres => format!("SELECT CAST(t AS TEXT) FROM {table} t"),
                sightline_server::db::Backend::Sqlite => {
                    let columns: Vec<(String,)> = sqlx::query_as(&format!("SELECT name FROM pragma_table_info('{table}')"))
                        .fetch_all(&self.db.pool)
                        .await
                        .expect("columns");
                    let quoted: Vec<String> = columns.iter().map(|(column,)| format!("quote(\"{column}\")")).collect();
                    format!("SELECT {} FROM {table}", quoted.join(" || '|' || "))
                }
            };
            let rows: Vec<(String,)> = sqlx::query_as(&query).fetch_all(&self.db.pool).await.expect("rows as text");
            for (row,) in rows {
                lines.push_str(&format!("{table}: {}\n", row.replace('\n', "\\n")));
            }
        }
        lines
    }
}
