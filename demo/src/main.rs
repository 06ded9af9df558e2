//! `sightline-demo`: the server with embedded defaults, a demo organisation whose people
//! can try every role, and a virtual phone that joins a fresh session and streams into
//! it (and joins the next one whenever a technician ends it). A binary of its own, so
//! that the `sightline` server links neither the SDK nor libvpx.

mod api;
mod cast;
mod phone;

use std::net::SocketAddr;

use clap::Parser;
use sightline_sdk_core::media::VideoCodec;
use sightline_sdk_core::session::NetworkType;
use sightline_virtual_phone::phone::{PhoneOptions, PictureArgs};
use sightline_virtual_phone::SceneContent;
use url::Url;

use sightline_server::cli::{init_logging, listen, run_http, RtcArgs, StorageArgs};
use sightline_server::settings::Settings;
use sightline_server::{AppState, Error, Result};

#[derive(Debug, Parser)]
#[command(name = "sightline-demo", version, about = "Run the Sightline server with a virtual phone streaming into a demo session")]
struct DemoArgs {
    /// Address to listen on (port 0: any free port).
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
    sightline_server::memory::return_freed_memory();
    // Browser, server and virtual phone share this machine: media stays on loopback
    // unless a public address was given.
    if args.rtc.rtc_public_ips.is_empty() {
        args.rtc.rtc_loopback_only = true;
    }
    let listener = listen(args.listen).await?;
    let bound = listener.local_addr().map_err(|err| Error::Internal(err.to_string()))?;
    let public_url = Url::parse(&format!("http://{bound}")).map_err(|err| Error::InvalidInput(err.to_string()))?;
    let db = args.storage.connect().await?;
    let mut settings = Settings::new(public_url.clone(), args.storage.audit_key()?);
    settings.relay = args.rtc.relay_settings()?;
    settings.blobs = args.storage.blobs();
    let state = AppState::new(db, settings)?;
    let cast = cast::assemble(&state).await?;
    let left_behind = phone::end_left_behind(&state).await?;

    println!();
    println!("Sightline demo is up.");
    println!("  Open      {public_url}");
    for sign_in in &cast.sign_ins {
        println!("  Sign in   {:<26} ({})", sign_in.email, sign_in.about);
        println!("  Password  {}", sign_in.password);
    }
    println!("  A virtual phone streams into the session listed under Sessions.");
    println!("  It talks back: press Mic in the session and speak; the phone echoes your voice {} ms later.", phone::ECHO.echo_ms);
    println!("  To collaborate: sign in as the second technician in a private window (or another browser profile), then Invite from the session.");
    println!("  Data: {} (delete it to start afresh).", args.storage.location());
    if left_behind > 0 {
        println!("  Ended {left_behind} session(s) left behind by an earlier run.");
    }
    println!();

    let options = PhoneOptions {
        server_url: public_url.to_string(),
        code: String::new(),
        loopback_only: args.rtc.rtc_loopback_only,
        resolution: args.picture.resolution(),
        fps: args.picture.fps,
        content: SceneContent::default(),
        codec: VideoCodec::Vp8,
        lens: Default::default(),
        network: NetworkType::Wifi,
        consent_required: false,
    };
    tokio::spawn(phone::keep_streaming(state.clone(), cast.owner, options));
    run_http(state, listener).await
}
