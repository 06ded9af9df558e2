//! The `sightline` command line: `serve`, `admin create` and `audit verify`.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;
use url::Url;

use crate::accounts::bootstrap;
use crate::blobs::BlobLocation;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::media::{IceServers, RelaySettings, SharedSecret, TurnAuth};
use crate::live::liveness;
use crate::sessions::reconcile;
use sightline_rtc::NetworkSettings;
use crate::sessions::audit::export::{Export, FORMAT};
use crate::sessions::audit::key::AuditKey;
use crate::sessions::audit::verify::{self, Mismatch, Verified};
use crate::settings::Settings;
use crate::state::AppState;

#[derive(Debug, Parser)]
#[command(name = "sightline", version, about = "Sightline remote visual assistance server")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the server and the technician console.
    Serve(Box<ServeArgs>),
    /// Manage accounts from the command line.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Check audit trails against their seals.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Verify a trail: a JSON export (FILE) or a session in the database (`--session ID`).
    /// Prints OK with the count, or the first entry that does not match and why (exit 1).
    Verify(VerifyArgs),
}

#[derive(Debug, Args)]
struct VerifyArgs {
    /// A JSON export of a session's trail (`GET /api/sessions/{id}/audit/export`).
    #[arg(required_unless_present = "session", conflicts_with = "session")]
    file: Option<PathBuf>,
    /// The id of a session whose trail the database holds.
    #[arg(long)]
    session: Option<String>,
    #[command(flatten)]
    storage: StorageArgs,
}

#[derive(Debug, Subcommand)]
enum AdminCommand {
    /// Create an organisation with one admin and print the admin's password.
    Create(CreateAdminArgs),
}

#[derive(Debug, Clone, Args)]
pub struct StorageArgs {
    /// Database URL: `sqlite:PATH` or `postgres://...`. Default: a SQLite file in the data dir.
    #[arg(long, env = "SIGHTLINE_DATABASE_URL")]
    database_url: Option<String>,
    /// Where local data (SQLite file, mail outbox, pictures) lives.
    #[arg(long, env = "SIGHTLINE_DATA_DIR", default_value = "./sightline-data")]
    data_dir: PathBuf,
    /// Where pictures are kept: a directory, or an object-store URL (`file:///…`, `s3://bucket/prefix`
    /// with the standard `AWS_*` settings). Default: `blobs` in the data dir.
    #[arg(long, env = "SIGHTLINE_BLOB_STORE")]
    blob_store: Option<String>,
    /// The file of the key that seals the audit trail (32 bytes; several servers of one
    /// database share it). Default: `audit.key` in the data dir, created on first start.
    #[arg(long, env = "SIGHTLINE_AUDIT_KEY_FILE")]
    audit_key_file: Option<PathBuf>,
}

impl StorageArgs {
    /// Where the data lives, for people (a database URL's credentials are not shown).
    pub fn location(&self) -> String {
        match &self.database_url {
            Some(_) => "the database of --database-url".to_owned(),
            None => self.data_dir.display().to_string(),
        }
    }

    /// Where pictures are kept.
    pub fn blobs(&self) -> BlobLocation {
        match &self.blob_store {
            Some(setting) => BlobLocation::parse(setting),
            None => BlobLocation::Directory(self.data_dir.join("blobs")),
        }
    }

    fn audit_key_path(&self) -> PathBuf {
        self.audit_key_file.clone().unwrap_or_else(|| self.data_dir.join("audit.key"))
    }

    /// The audit trail's key, created (owner-only) where it belongs if there is none yet.
    pub fn audit_key(&self) -> Result<AuditKey> {
        AuditKey::load_or_create(&self.audit_key_path())
    }

    /// The audit trail's key, which must exist (checking never makes one).
    pub fn existing_audit_key(&self) -> Result<AuditKey> {
        AuditKey::load(&self.audit_key_path())
    }

    pub async fn connect(&self) -> Result<Db> {
        let url = match &self.database_url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}", self.data_dir.join("sightline.db").display()),
        };
        Db::connect(&url).await
    }
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "SIGHTLINE_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Address users reach the server at (links, QR codes). Default: http://LISTEN.
    #[arg(long, env = "SIGHTLINE_PUBLIC_URL")]
    public_url: Option<Url>,
    #[command(flatten)]
    storage: StorageArgs,
    /// Email of the admin created on first start with an empty database.
    #[arg(long, env = "SIGHTLINE_ADMIN_EMAIL", default_value = "admin@sightline.example")]
    admin_email: String,
    /// Seconds a join code stays valid while unused.
    #[arg(long, env = "SIGHTLINE_JOIN_CODE_TTL_SECS", default_value_t = 900)]
    join_code_ttl_secs: u64,
    /// Token `/metrics` requires (`Authorization: Bearer TOKEN`); without it `/metrics` is open.
    #[arg(long, env = "SIGHTLINE_METRICS_TOKEN")]
    metrics_token: Option<String>,
    #[command(flatten)]
    rtc: RtcArgs,
    #[command(flatten)]
    smtp: crate::mail::SmtpArgs,
    /// Seconds a start waits for the phones of the sessions the last run left live (after a crash
    /// or restart) before it ends those still gone as `abandoned`. Longer than the SDK's
    /// reconnect limit (120 s), so a phone that is still trying always comes back in time.
    #[arg(long, env = "SIGHTLINE_RECONNECT_GRACE_SECS", default_value_t = 150)]
    reconnect_grace_secs: u64,
    /// Log as JSON lines instead of text.
    #[arg(long, env = "SIGHTLINE_LOG_JSON")]
    log_json: bool,
}

/// How the media relay reaches phones and browsers.
#[derive(Debug, Clone, Args)]
pub struct RtcArgs {
    /// Offer only 127.0.0.1 ICE candidates (tests and demos on one machine).
    #[arg(long, env = "SIGHTLINE_RTC_LOOPBACK_ONLY")]
    pub rtc_loopback_only: bool,
    /// Public address(es) of this relay, announced instead of its own (1:1 NAT).
    #[arg(long = "rtc-public-ip", env = "SIGHTLINE_RTC_PUBLIC_IPS", value_delimiter = ',')]
    pub rtc_public_ips: Vec<String>,
    /// STUN/TURN server URLs for the relay and every participant, e.g. `turn:turn.example.org:3478`.
    #[arg(long = "ice-server", env = "SIGHTLINE_ICE_SERVERS", value_delimiter = ',')]
    ice_servers: Vec<String>,
    /// TURN user name (for every `turn:` server), the same for every participant.
    #[arg(long, env = "SIGHTLINE_TURN_USERNAME", requires = "turn_password", conflicts_with = "turn_secret_file")]
    turn_username: Option<String>,
    /// TURN password, with `--turn-username`.
    #[arg(long, env = "SIGHTLINE_TURN_PASSWORD", hide_env_values = true, requires = "turn_username")]
    turn_password: Option<String>,
    /// File holding the secret shared with the TURN server (coturn's `static-auth-secret`):
    /// every participant then gets credentials of its own that expire.
    #[arg(long, env = "SIGHTLINE_TURN_SECRET_FILE")]
    turn_secret_file: Option<PathBuf>,
    /// How long credentials made from the TURN secret stay valid.
    #[arg(long, env = "SIGHTLINE_TURN_CREDENTIAL_LIFETIME_SECS", default_value_t = 86_400)]
    turn_credential_lifetime_secs: u64,
}

impl RtcArgs {
    pub fn relay_settings(&self) -> Result<RelaySettings> {
        let turn_auth = match (&self.turn_secret_file, &self.turn_username, &self.turn_password) {
            (Some(path), _, _) => {
                TurnAuth::Shared(SharedSecret::from_file(path, Duration::from_secs(self.turn_credential_lifetime_secs))?)
            }
            (None, Some(username), Some(password)) => TurnAuth::Static { username: username.clone(), password: password.clone() },
            _ => TurnAuth::None,
        };
        Ok(RelaySettings {
            network: NetworkSettings { loopback_only: self.rtc_loopback_only, public_ips: self.rtc_public_ips.clone() },
            ice_servers: IceServers::new(self.ice_servers.clone(), turn_auth),
        })
    }
}

#[derive(Debug, Args)]
struct CreateAdminArgs {
    #[arg(long)]
    org: String,
    #[arg(long)]
    email: String,
    #[arg(long)]
    name: String,
    #[command(flatten)]
    storage: StorageArgs,
}

impl Cli {
    /// Runs the command; a failure exit code also when it ran and found a trail that does not verify.
    pub async fn run(self) -> Result<ExitCode> {
        match self.command {
            Command::Audit { command: AuditCommand::Verify(args) } => {
                init_logging(false);
                match verify_trail(&args).await? {
                    Ok(verified) => {
                        println!("{verified}");
                        Ok(ExitCode::SUCCESS)
                    }
                    Err(mismatch) => {
                        println!("FAILED: {mismatch}");
                        Ok(ExitCode::FAILURE)
                    }
                }
            }
            Command::Serve(args) => serve(*args).await.map(|()| ExitCode::SUCCESS),
            Command::Admin { command: AdminCommand::Create(args) } => {
                init_logging(false);
                let db = args.storage.connect().await?;
                let admin = bootstrap::create_org_with_admin(&db, &args.org, &args.email, &args.name, None).await?;
                println!("Created {} ({}) with password: {}", admin.technician.display_name, admin.technician.email, admin.password);
                Ok(ExitCode::SUCCESS)
            }
        }
    }
}

/// Checks the trail `args` names with the key of `args.storage`.
async fn verify_trail(args: &VerifyArgs) -> Result<Result<Verified, Mismatch>> {
    let key = args.storage.existing_audit_key()?;
    if let Some(session) = &args.session {
        let db = args.storage.connect().await?;
        crate::sessions::store::sessions::fetch(&db, session).await?.ok_or(Error::NotFound("session"))?;
        return crate::sessions::audit::check(&db, &key, session).await;
    }
    let path = args.file.as_ref().ok_or_else(|| Error::InvalidInput("name a JSON export or --session ID".into()))?;
    let text = std::fs::read_to_string(path).map_err(|err| Error::InvalidInput(format!("cannot read {}: {err}", path.display())))?;
    let export: Export =
        serde_json::from_str(&text).map_err(|err| Error::InvalidInput(format!("{} is not a JSON export of a trail: {err}", path.display())))?;
    if export.format != FORMAT {
        return Err(Error::InvalidInput(format!("{} is in format {:?}, not {FORMAT:?}", path.display(), export.format)));
    }
    Ok(verify::verify(&key, &export.session_id, &export.entries, export.head.as_ref()))
}

async fn serve(args: ServeArgs) -> Result<()> {
    init_logging(args.log_json);
    crate::memory::return_freed_memory();
    let smtp = args.smtp.smtp_settings()?;
    // Bound first, so `--listen 127.0.0.1:0` gives a real port to the default public URL.
    let listener = listen(args.listen).await?;
    let bound = listener.local_addr().map_err(|err| Error::Internal(err.to_string()))?;
    let public_url = match args.public_url {
        Some(url) => url,
        None => Url::parse(&format!("http://{bound}")).map_err(|err| Error::InvalidInput(err.to_string()))?,
    };
    let db = args.storage.connect().await?;
    if bootstrap::is_empty(&db).await? {
        let admin = bootstrap::create_org_with_admin(&db, "My organisation", &args.admin_email, "Admin", None).await?;
        println!("First start: created an organisation and its admin.");
        println!("  Sign in at {public_url} as {} with password {}", admin.technician.email, admin.password);
        println!("  (shown only this once; change it under Admin)");
    }
    let mut settings = Settings::new(public_url.clone(), args.storage.audit_key()?);
    settings.join_code_ttl = std::time::Duration::from_secs(args.join_code_ttl_secs);
    settings.relay = args.rtc.relay_settings()?;
    settings.smtp = smtp;
    settings.blobs = args.storage.blobs();
    settings.metrics_token = args.metrics_token.filter(|token| !token.is_empty());
    let state = AppState::new(db, settings)?;
    crate::sessions::hints::follow(&state);
    reconcile_in_background(&state, Duration::from_secs(args.reconnect_grace_secs)).await?;
    println!("Sightline console: {public_url}");
    run_http(state, listener).await
}

/// Finds the sessions the last run left live and, while this one serves, ends those whose
/// phone has not reconnected within `grace` (their technicians hear why; the list shows it).
/// Sharing PostgreSQL with other nodes, it looks again every `liveness::EXPIRY` for what a
/// node that went away left held by nobody, and waits at least `liveness::RECORDED_WITHIN`
/// so a session another node has just started holding is never taken for left behind.
async fn reconcile_in_background(state: &AppState, grace: Duration) -> Result<()> {
    liveness::beat_while_running(state);
    let left = reconcile::LeftBehind::find(state).await?;
    let shared = liveness::shared(state);
    if left.ids().is_empty() && !shared {
        return Ok(());
    }
    let grace = if shared { grace.max(liveness::RECORDED_WITHIN) } else { grace };
    let state = state.clone();
    tokio::spawn(async move {
        let mut left = Ok(left);
        loop {
            match reconcile_round(&state, left, grace).await {
                Ok(ended) if ended > 0 => tracing::info!(ended, "sessions whose phone did not come back ended as abandoned"),
                Ok(_) => {}
                Err(err) => tracing::error!(error = %err, "could not end the sessions left behind"),
            }
            if !shared {
                return;
            }
            tokio::time::sleep(liveness::EXPIRY).await;
            left = reconcile::LeftBehind::find(&state).await;
        }
    });
    Ok(())
}

/// Ends the sessions `left` found unless they are held again within `grace`; how many it ended.
async fn reconcile_round(state: &AppState, left: Result<reconcile::LeftBehind>, grace: Duration) -> Result<usize> {
    let left = left?;
    if left.ids().is_empty() {
        return Ok(0);
    }
    tracing::info!(sessions = left.ids().len(), grace_secs = grace.as_secs(), "sessions held by nobody: waiting for their phones");
    Ok(left.end_unless_back(state, grace).await?.len())
}

/// Binds the HTTP listener.
pub async fn listen(addr: SocketAddr) -> Result<TcpListener> {
    TcpListener::bind(addr).await.map_err(|err| Error::Internal(format!("cannot listen on {addr}: {err}")))
}

/// Serves the application until Ctrl-C or SIGTERM.
pub async fn run_http(state: AppState, listener: TcpListener) -> Result<()> {
    let bound = listener.local_addr().map_err(|err| Error::Internal(err.to_string()))?;
    tracing::info!(%bound, public_url = %state.settings.public_url, "Sightline is up");
    announce_ready(bound, &state.settings.public_url);
    axum::serve(listener, crate::app(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|err| Error::Internal(format!("server failed: {err}")))
}

/// The one machine-readable line on stdout, once the server listens: `{"event":"ready",
/// "url":"http://ADDR","public_url":...}` (`url` is where this machine reaches it), for
/// scripts and test harnesses that start it with `--listen 127.0.0.1:0`.
fn announce_ready(bound: SocketAddr, public_url: &Url) {
    let line = serde_json::json!({ "event": "ready", "url": format!("http://{bound}"), "public_url": public_url.as_str() });
    let mut stdout = std::io::stdout().lock();
    if let Err(err) = writeln!(stdout, "{line}").and_then(|()| stdout.flush()) {
        tracing::warn!(error = %err, "could not announce readiness on stdout");
    }
}

/// The log filter unless `SIGHTLINE_LOG` gives one: Sightline's own events from INFO up, other
/// libraries' warnings and errors only (the WebRTC stack logs every ICE and signaling step at
/// INFO). A directive's target is a prefix, so `sightline` covers every `sightline_*` crate.
/// The ICE agent warns "no candidate pairs" at every connection's start, before any arrive:
/// only its errors are shown.
const DEFAULT_LOG_FILTER: &str = "warn,sightline=info,webrtc_ice::agent::agent_internal=error";

/// The filter `setting` (the value of `SIGHTLINE_LOG`) describes, or the default without one.
fn log_filter(setting: Option<&str>) -> EnvFilter {
    setting.and_then(|directives| EnvFilter::try_new(directives).ok()).unwrap_or_else(|| EnvFilter::new(DEFAULT_LOG_FILTER))
}

pub fn init_logging(json: bool) {
    let filter = log_filter(std::env::var("SIGHTLINE_LOG").ok().as_deref());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = if json { builder.json().try_init() } else { builder.try_init() };
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use parking_lot::Mutex;

    use super::*;

    /// Log lines, as the subscriber writes them.
    #[derive(Clone, Default)]
    struct Lines(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Lines {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// What a subscriber with `filter` writes for an INFO and a WARN line of the WebRTC stack
    /// and an INFO line of the server and of the demo.
    fn logged(filter: EnvFilter) -> String {
        let lines = Lines::default();
        let writer = lines.clone();
        let subscriber = tracing_subscriber::fmt().with_env_filter(filter).with_writer(move || writer.clone()).finish();
        tracing::subscriber::with_default(subscriber, || {
            tracing::info!(target: "webrtc_ice::agent::agent_internal", "ice checking");
            tracing::warn!(target: "webrtc::peer_connection", "ice failed");
            tracing::info!(target: "sightline_server::cli", "server up");
            tracing::info!(target: "sightline_demo", "phone joined");
        });
        let bytes = lines.0.lock().clone();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn the_default_filter_shows_sightline_and_only_warnings_of_libraries() {
        let out = logged(log_filter(None));
        assert!(out.contains("server up") && out.contains("phone joined") && out.contains("ice failed"), "{out}");
        assert!(!out.contains("ice checking"), "{out}");
    }

    #[test]
    fn sightline_log_replaces_the_default() {
        let out = logged(log_filter(Some("webrtc_ice=info")));
        assert!(out.contains("ice checking"), "{out}");
        assert!(!out.contains("server up"), "{out}");
    }
}
