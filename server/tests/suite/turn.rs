//! TURN with short-lived credentials: with a secret shared with a real coturn
//! (`use-auth-secret`), every participant's welcome carries a TURN user name and password of
//! its own, which coturn accepts for an allocation; the same password under another
//! participant's name, or a pair that has expired, it refuses.

use crate::common;

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use common::collaboration::start_session;
use common::live::{customer_socket, next, send, technician_socket};
use common::{Backend, TestApp};
use serde_json::{json, Value};
use sightline_server::media::{IceServers, SharedSecret, TurnAuth};
use tokio::net::UdpSocket;
use webrtc::turn::client::{Client as TurnClient, ClientConfig};
use webrtc::util::Conn;

const SECRET: &str = "a secret only the server and the TURN server know";
const REALM: &str = "sightline.test";

/// coturn (Debian `coturn`) on 127.0.0.1, checking credentials against `SECRET`.
struct Coturn {
    process: Child,
    addr: SocketAddr,
    _dir: tempfile::TempDir,
}

impl Coturn {
    fn start() -> Coturn {
        let dir = tempfile::tempdir().expect("temp dir");
        let port = free_udp_port();
        let process = Command::new("turnserver")
            .args(["-n", "--no-cli", "--no-tls", "--no-dtls", "--simple-log", "--log-file=stdout"])
            .args(["--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", "--min-port=49152", "--max-port=65535"])
            .arg(format!("--listening-port={port}"))
            .args(["--use-auth-secret", &format!("--static-auth-secret={SECRET}"), &format!("--realm={REALM}")])
            .arg(format!("--pidfile={}", dir.path().join("turnserver.pid").display()))
            .arg(format!("--userdb={}", dir.path().join("turnserver.db").display()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("turnserver runs (Debian package coturn)");
        Coturn { process, addr: SocketAddr::from(([127, 0, 0, 1], port)), _dir: dir }
    }

    /// A TURN client of this server signing in as `username`, listening.
    async fn client(&self, username: &str, password: &str) -> Result<TurnClient, String> {
        let socket = UdpSocket::bind("127.0.0.1:0").await.map_err(|err| err.to_string())?;
        let client = TurnClient::new(ClientConfig {
            stun_serv_addr: self.addr.to_string(),
            turn_serv_addr: self.addr.to_string(),
            username: username.to_owned(),
            password: password.to_owned(),
            realm: REALM.to_owned(),
            software: String::new(),
            rto_in_ms: 0,
            conn: Arc::new(socket),
            vnet: None,
        })
        .await
        .map_err(|err| err.to_string())?;
        client.listen().await.map_err(|err| err.to_string())?;
        Ok(client)
    }

    /// Asks for a relayed address with these credentials; the server's refusal as an error.
    async fn allocate(&self, username: &str, password: &str) -> Result<SocketAddr, String> {
        let client = self.client(username, password).await?;
        let relayed = match client.allocate().await {
            Ok(conn) => conn.local_addr().map_err(|err| err.to_string()),
            Err(err) => Err(err.to_string()),
        };
        let _ = client.close().await;
        relayed
    }

    /// Waits until coturn answers STUN.
    async fn ready(&self) {
        common::eventually("coturn answers", || async {
            let Ok(client) = self.client("", "").await else { return false };
            let answered = tokio::time::timeout(Duration::from_secs(2), client.send_binding_request()).await;
            let _ = client.close().await;
            matches!(answered, Ok(Ok(_)))
        })
        .await;
    }
}

impl Drop for Coturn {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

fn free_udp_port() -> u16 {
    std::net::UdpSocket::bind("127.0.0.1:0").expect("bind").local_addr().expect("address").port()
}

/// The TURN user name and password a welcome message hands out.
fn turn_credentials(welcome: &Value) -> (String, String) {
    assert_eq!(welcome["type"], "welcome", "{welcome}");
    let server = &welcome["ice_servers"][0];
    assert!(server["urls"][0].as_str().is_some_and(|url| url.starts_with("turn:")), "{welcome}");
    let field = |name: &str| server[name].as_str().unwrap_or_else(|| panic!("{name} in {welcome}")).to_owned();
    (field("username"), field("credential"))
}

#[tokio::test]
async fn every_participant_gets_its_own_expiring_turn_credentials_that_coturn_accepts() {
    let coturn = Coturn::start();
    let turn_url = format!("turn:{}?transport=udp", coturn.addr);
    let secret = SharedSecret::new(SECRET, Duration::from_secs(600)).expect("secret");
    let app = TestApp::with_settings(Backend::Sqlite, |settings| {
        settings.relay.ice_servers = IceServers::new(vec![turn_url], TurnAuth::Shared(secret.clone()));
    })
    .await;
    let addr = app.serve().await;
    let owner = app.admin().await;
    let (session_id, code) = start_session(&app, &owner).await;

    let mut phone = customer_socket(addr).await;
    send(&mut phone, json!({"type": "join", "code": code, "protocol": 1})).await;
    assert_eq!(next(&mut phone).await["type"], "joined");
    let (phone_user, phone_password) = turn_credentials(&next(&mut phone).await);
    let mut console = technician_socket(addr, &owner, &session_id).await;
    let (console_user, console_password) = turn_credentials(&next(&mut console).await);

    // Each pair names its holder and expires within the configured lifetime.
    let now = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).expect("clock").as_secs();
    for user in [&phone_user, &console_user] {
        let (expiry, _) = user.split_once(':').expect("expiry:participant");
        let expiry: u64 = expiry.parse().expect("a Unix time");
        assert!(expiry > now && expiry <= now + 600, "{user} expires within the lifetime");
    }
    assert_ne!(phone_user, console_user);
    assert!(!phone_password.contains(SECRET) && !console_password.contains(SECRET));

    coturn.ready().await;
    for (user, password) in [(&phone_user, &phone_password), (&console_user, &console_password)] {
        let relayed = coturn.allocate(user, password).await.unwrap_or_else(|err| panic!("{user} allocates: {err}"));
        assert_eq!(relayed.ip().to_string(), "127.0.0.1");
    }

    // The phone's password under the technician's name, and a pair that expired, are refused.
    assert!(coturn.allocate(&console_user, &phone_password).await.is_err(), "a password is bound to its user name");
    let long_ago = SystemTime::now() - Duration::from_secs(3_600);
    let (stale_user, stale_password) = secret.credentials("participant", long_ago);
    assert!(coturn.allocate(&stale_user, &stale_password).await.is_err(), "an expired pair is refused");
}
