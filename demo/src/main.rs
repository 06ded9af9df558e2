//! `sightline-demo`: the server with embedded defaults, a demo organisation, and a
//! virtual phone that joins a fresh session and streams into it (and joins the next
//! one whenever a technician ends it). A binary of its own, so that the `sightline`
//! server links neither the SDK nor libvpx.

use std::net::SocketAddr;
use std::time::Duration;

use clap::Parser;
use sightline_sdk_core::session::{ConnectionEvent, SessionListener, SessionState};
use sightline_virtual_phone::phone::{PhoneOptions, PictureArgs, VirtualPhone};
use sightline_virtual_phone::SceneContent;
use url::Url;

use sightline_server::accounts::bootstrap;
use sightline_server::accounts::technicians::Technician;
use sightline_server::auth::password;
use sightline_server::cli::{init_logging, listen, run_http, RtcArgs, StorageArgs};
use sightline_server::sessions::lifecycle::{self, Starter};
use sightline_server::sessions::model;
use sightline_server::settings::Settings;
use sightline_server::{AppState, Error, Result};

const DEMO_EMAIL: &str = "demo@sightline.example";

#[derive(Debug, Parser)]
#[command(name = "sightline-demo", version, about = "Run the Sightline server with a virtual phone streaming into a demo session")]
struct DemoArgs {
    /// Address to listen on.
    #[arg(long, env = "SIGHTLINE_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    #[command(flatten)]
    storage: StorageArgs,
    #[command(flatten)]
    rtc: RtcArgs,
    /// The virtual phone's picture.
    #[command(flatten)]
    picture: PictureArgs,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run(DemoArgs::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("sightline-demo: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(mut args: DemoArgs) -> Result<()> {
    init_logging(false);
    // Browser, server and virtual phone share this machine: media stays on loopback
    // unless a public address was given.
    if args.rtc.rtc_public_ips.is_empty() {
        args.rtc.rtc_loopback_only = true;
    }
    let public_url = Url::parse(&format!("http://{}", args.listen)).map_err(|err| Error::InvalidInput(err.to_string()))?;
    let db = args.storage.connect().await?;
    let password = password::generate();
    let admin = bootstrap::admin_with_password(&db, "Demo organisation", DEMO_EMAIL, "Demo technician", &password).await?;
    let mut settings = Settings::new(public_url.clone());
    settings.relay = args.rtc.relay_settings();
    let state = AppState::new(db, settings)?;
    let listener = listen(args.listen).await?;

    println!();
    println!("Sightline demo is up.");
    println!("  Open      {public_url}");
    println!("  Sign in   {DEMO_EMAIL}");
    println!("  Password  {password}");
    println!("  A virtual phone streams into the session listed under Sessions.");
    println!();

    let options = PhoneOptions {
        server_url: public_url.to_string(),
        code: String::new(),
        loopback_only: args.rtc.rtc_loopback_only,
        resolution: args.picture.resolution(),
        fps: args.picture.fps,
        content: SceneContent::default(),
        lens: Default::default(),
    };
    tokio::spawn(keep_phone_streaming(state.clone(), admin, options));
    run_http(state, listener).await
}

struct Log;

impl SessionListener for Log {
    fn on_state_changed(&self, state: SessionState) {
        tracing::info!(?state, "virtual phone");
    }

    fn on_connection_event(&self, event: ConnectionEvent) {
        tracing::debug!(?event, "virtual phone");
    }
}

async fn demo_session_code(state: &AppState, starter: Starter<'_>) -> Result<String> {
    let id = lifecycle::start(state, starter, None, false).await?;
    let row = model::fetch_row(&state.db, &id).await?.ok_or(Error::NotFound("session"))?;
    Ok(row.join_code)
}

/// Starts a session, joins the phone to it, and starts over when it ends.
async fn keep_phone_streaming(state: AppState, admin: Technician, options: PhoneOptions) {
    loop {
        let starter = Starter { technician_id: &admin.id, org_id: &admin.org_id, display_name: &admin.display_name };
        match demo_session_code(&state, starter).await {
            Ok(code) => match VirtualPhone::join(PhoneOptions { code, ..options.clone() }, std::sync::Arc::new(Log)).await {
                Ok(mut phone) => {
                    let reason = phone.ended().await;
                    tracing::info!(?reason, "the demo session ended; the virtual phone joins a new one");
                }
                Err(err) => tracing::warn!(%err, "the virtual phone could not join"),
            },
            Err(err) => tracing::warn!(%err, "could not start a demo session"),
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}
