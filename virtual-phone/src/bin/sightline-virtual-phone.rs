//! `sightline-virtual-phone`: joins a Sightline session with a synthetic camera and
//! streams until the session ends. States, events, changes of the annotation overlay and
//! freezes print as JSON lines.

use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, ValueEnum};
use sightline_sdk_core::audio::{AudioRoute, AudioStatus, MicStatus};
use sightline_sdk_core::media::VideoCodec;
use sightline_sdk_core::session::{ConnectionEvent, FreezeListener, NetworkType, OverlayAnnotation, OverlayListener, OverlayShape, SessionListener, SessionState};
use sightline_virtual_phone::phone::{PhoneOptions, PictureArgs, VirtualPhone};
use sightline_virtual_phone::camera::Lens;
use sightline_virtual_phone::tone::{ToneArgs, ToneReading};
use sightline_virtual_phone::{LinearBarcode, SceneContent};

#[derive(Debug, Parser)]
#[command(name = "sightline-virtual-phone", version, about = "A desktop stand-in for a customer's phone")]
struct Args {
    /// The Sightline server, e.g. http://127.0.0.1:8080
    #[arg(long, env = "SIGHTLINE_SERVER", default_value = "http://127.0.0.1:8080")]
    server: String,
    /// The join code (or link) the technician gave.
    code: String,
    /// Offer only 127.0.0.1 ICE candidates.
    #[arg(long)]
    loopback_only: bool,
    #[command(flatten)]
    picture: PictureArgs,
    /// The stream's codec: vp8 (raw frames, encoded by the SDK) or h264 (encoded samples
    /// pushed by a stand-in for a phone's hardware encoder).
    #[arg(long, value_enum, default_value_t = Codec::Vp8)]
    codec: Codec,
    /// Text of the QR code in the scene.
    #[arg(long, default_value = "SIGHTLINE-DEMO-QR-0001")]
    qr: String,
    /// Text of the Code 128 barcode in the scene.
    #[arg(long, default_value = "SL-4711-AB")]
    barcode: String,
    /// Lines of printed text in the scene.
    #[arg(long = "text", default_values_t = ["SIGHTLINE VIRTUAL PHONE".to_owned(), "SERIAL NO 4711-AB".to_owned()])]
    text: Vec<String>,
    /// Sensor grain: fresh noise on every frame, a picture that needs a high bitrate.
    #[arg(long)]
    grain: bool,
    /// A camera without a torch.
    #[arg(long)]
    no_torch: bool,
    /// The camera's largest zoom ratio (1 to 8; 1 is no zoom).
    #[arg(long, default_value_t = sightline_virtual_phone::camera::MAX_ZOOM)]
    max_zoom: f32,
    /// Two-way audio: the microphone hears a tone, and every 240 ms of what the
    /// loudspeaker plays prints `{"event":"tone","hz":…,"level_dbfs":…,"heard":…}`.
    #[arg(long)]
    audio: bool,
    #[command(flatten)]
    tone: ToneArgs,
    /// The network the phone reports (`network NAME` on standard input reports a change).
    #[arg(long, value_parser = parse_network, default_value = "wifi")]
    network: NetworkType,
    /// Join without streaming until `consent` on standard input (the customer agreed).
    #[arg(long)]
    consent_required: bool,
}

fn parse_network(word: &str) -> Result<NetworkType, String> {
    word.parse().map_err(|_| format!("use one of {}", NetworkType::ALL.map(NetworkType::as_str).join(", ")))
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Codec {
    Vp8,
    H264,
}

impl From<Codec> for VideoCodec {
    fn from(codec: Codec) -> Self {
        match codec {
            Codec::Vp8 => VideoCodec::Vp8,
            Codec::H264 => VideoCodec::H264,
        }
    }
}

struct PrintListener;

impl SessionListener for PrintListener {
    fn on_state_changed(&self, state: SessionState) {
        println!("{}", serde_json::json!({ "state": format!("{state:?}") }));
    }

    fn on_connection_event(&self, event: ConnectionEvent) {
        match event {
            // What the customer must be shown: the session is being recorded (or no longer).
            ConnectionEvent::RecordingChanged { recording } => println!("{}", serde_json::json!({ "event": "recording", "on": recording })),
            event => println!("{}", serde_json::json!({ "event": format!("{event:?}") })),
        }
    }

    fn on_audio_status(&self, status: AudioStatus) {
        println!("{}", serde_json::json!({ "event": "audio_status", "mic": status.mic, "route": status.route }));
    }
}

fn print_tone(reading: ToneReading) {
    let level = if reading.level_dbfs.is_finite() { reading.level_dbfs } else { -200.0 };
    println!("{}", serde_json::json!({ "event": "tone", "hz": reading.hz, "level_dbfs": level, "heard": reading.heard() }));
}

/// Prints each change of the overlay: `{"overlay":"added","id":…,"shape":…,"colour":…,"author":…}`,
/// `{"overlay":"removed","id":…}`, `{"overlay":"cleared"}`.
struct PrintOverlay;

impl OverlayListener for PrintOverlay {
    fn on_annotation_added(&self, annotation: OverlayAnnotation) {
        let shape = match annotation.shape {
            OverlayShape::Arrow { .. } => "arrow",
            OverlayShape::Circle { .. } => "circle",
            OverlayShape::Rectangle { .. } => "rectangle",
            OverlayShape::Freehand { .. } => "freehand",
            OverlayShape::Text { .. } => "text",
        };
        let line = serde_json::json!({ "overlay": "added", "id": annotation.id, "shape": shape, "colour": annotation.colour.as_str(), "author": annotation.author_name });
        println!("{line}");
    }

    fn on_annotation_removed(&self, id: String) {
        println!("{}", serde_json::json!({ "overlay": "removed", "id": id }));
    }

    fn on_annotations_cleared(&self) {
        println!("{}", serde_json::json!({ "overlay": "cleared" }));
    }
}

/// Prints each freeze: `{"frozen":true}` while a technician holds the picture, `{"frozen":false}` once it is live again.
struct PrintFreeze;

impl FreezeListener for PrintFreeze {
    fn on_freeze_changed(&self, frozen: bool) {
        println!("{}", serde_json::json!({ "frozen": frozen }));
    }
}

/// Commands on standard input, one a line: `network-change` (simulates Wi-Fi ↔ cellular),
/// `network NAME` (the app reports the network: `wifi`, `cellular`, `ethernet`, `unknown`),
/// `consent`, `pause` and `resume` (the customer's say over the video), `end`; with audio, `mute`, `unmute`, and `audio MIC ROUTE` as the app would report the
/// microphone (`available`, `busy`, `permission_denied`) and route (`speaker`, `earpiece`, `headset`).
async fn follow_commands(session: std::sync::Arc<sightline_sdk_core::session::Session>) {
    use tokio::io::AsyncBufReadExt;
    let mut lines = tokio::io::BufReader::new(tokio::io::stdin()).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        match line.trim() {
            "network-change" => session.network_changed(),
            "end" => session.end(),
            "consent" => report(session.consent()),
            "pause" => report(session.pause_video()),
            "resume" => report(session.resume_video()),
            "mute" | "unmute" => report(session.set_muted(line.trim() == "mute")),
            "" => {}
            other => match (other.strip_prefix("audio ").map(audio_status), other.strip_prefix("network ").map(parse_network)) {
                (Some(Ok(status)), _) => report(session.audio_status_changed(status)),
                (_, Some(Ok(network))) => session.set_network(network),
                (Some(Err(err)), _) | (_, Some(Err(err))) => eprintln!("{err}"),
                (None, None) => eprintln!("unknown command {other:?}: use network-change, network NAME, consent, pause, resume, end, mute, unmute or audio MIC ROUTE"),
            },
        }
    }
}

/// `MIC ROUTE` in the wire's words, e.g. `busy headset`.
fn audio_status(words: &str) -> Result<AudioStatus, String> {
    let quoted: Vec<String> = words.split_whitespace().map(|word| format!("{word:?}")).collect();
    let [mic, route] = quoted.as_slice() else { return Err(format!("audio takes MIC ROUTE, not {words:?}")) };
    let mic: MicStatus = serde_json::from_str(mic).map_err(|_| format!("unknown microphone status {mic}"))?;
    let route: AudioRoute = serde_json::from_str(route).map_err(|_| format!("unknown audio route {route}"))?;
    Ok(AudioStatus { mic, route })
}

fn report(outcome: sightline_sdk_core::Result<()>) {
    if let Err(err) = outcome {
        eprintln!("sightline-virtual-phone: {err}");
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::from_default_env()).with_writer(std::io::stderr).init();
    let args = Args::parse();
    let options = PhoneOptions {
        server_url: args.server,
        code: args.code,
        loopback_only: args.loopback_only,
        resolution: args.picture.resolution(),
        fps: args.picture.fps,
        codec: args.codec.into(),
        content: SceneContent { qr: Some(args.qr), barcode: Some(LinearBarcode::Code128(args.barcode)), text: args.text, grain: args.grain },
        lens: Lens { torch: !args.no_torch, max_zoom: args.max_zoom },
        network: args.network,
        consent_required: args.consent_required,
    };
    let joined = if args.audio {
        VirtualPhone::join_with_audio(options, Arc::new(PrintListener), args.tone, print_tone).await
    } else {
        VirtualPhone::join(options, Arc::new(PrintListener)).await
    };
    match joined {
        Ok(mut phone) => {
            phone.session.overlay().set_listener(Arc::new(PrintOverlay));
            for annotation in phone.session.overlay().annotations() {
                PrintOverlay.on_annotation_added(annotation);
            }
            phone.session.freeze().set_listener(Arc::new(PrintFreeze));
            tokio::spawn(follow_commands(phone.session.clone()));
            let reason = phone.ended().await;
            println!("{}", serde_json::json!({ "ended": format!("{reason:?}") }));
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("sightline-virtual-phone: {err}");
            ExitCode::FAILURE
        }
    }
}
