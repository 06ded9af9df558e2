//! Further nodes of a test app: real `sightline serve` processes on the app's PostgreSQL
//! database and audit key, each with its own data folder.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

use super::{eventually, TestApp};

/// The admin URL of the PostgreSQL server the tests use; `None` skips a test that needs
/// several nodes (they share one PostgreSQL).
pub fn postgres_admin_url() -> Option<String> {
    let url = std::env::var("SIGHTLINE_TEST_POSTGRES_URL").ok().filter(|url| !url.is_empty());
    if url.is_none() {
        eprintln!("skipped: several nodes need SIGHTLINE_TEST_POSTGRES_URL");
    }
    url
}

/// A `sightline serve` process; killed (SIGKILL) when dropped.
pub struct Node {
    child: Child,
    pub addr: SocketAddr,
    _data: tempfile::TempDir,
}

impl Node {
    /// Starts a node on `app`'s database, with the app's public URL (so the console's
    /// origin is the same on every node), and waits for its ready line.
    pub fn start(app: &TestApp) -> Node {
        Node::start_with(app, &[])
    }

    /// Starts a node as `start` does, with further `serve` options.
    pub fn start_with(app: &TestApp, options: &[&str]) -> Node {
        let data = tempfile::tempdir().expect("temp dir");
        let binary = std::env::var("SIGHTLINE_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_sightline").to_owned());
        let mut child = Command::new(binary)
            .args(["serve", "--listen", "127.0.0.1:0", "--rtc-loopback-only", "--public-url"])
            .arg(app.state.settings.public_url.as_str())
            .arg("--database-url")
            .arg(&app.database_url)
            .arg("--audit-key-file")
            .arg(&app.audit_key_file)
            .arg("--data-dir")
            .arg(data.path())
            .args(options)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the sightline binary starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
        let ready = lines.find(|line| line.contains("\"event\":\"ready\"")).expect("the node announces readiness");
        // The rest of its output is read and dropped, so the node never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        let ready: serde_json::Value = serde_json::from_str(&ready).expect("a JSON ready line");
        let url = ready["url"].as_str().expect("url");
        let addr = url.trim_start_matches("http://").parse().expect("an address");
        Node { child, addr, _data: data }
    }

    /// Kills the process at once (SIGKILL), as a crash would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        self.kill();
    }
}

impl Node {
    /// A gauge of this node's `/metrics` (0 when the node does not report it).
    pub async fn gauge(&self, name: &str) -> f64 {
        let answer = get(self.addr, "/metrics").await.expect("the node answers");
        answer
            .lines()
            .filter(|line| !line.starts_with('#'))
            .find_map(|line| line.split_once(' ').filter(|(metric, _)| *metric == name).and_then(|(_, value)| value.trim().parse().ok()))
            .unwrap_or(0.0)
    }
}

/// HAProxy with the checked-in configuration (`deploy/haproxy.cfg`) in front of two nodes,
/// on a loopback port of its own; stopped when dropped.
pub struct Balancer {
    child: Child,
    pub addr: SocketAddr,
}

impl Balancer {
    pub async fn start(a: &Node, b: &Node) -> Balancer {
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let addr: SocketAddr = ([127, 0, 0, 1], port).into();
        let config = concat!(env!("CARGO_MANIFEST_DIR"), "/../deploy/haproxy.cfg");
        let child = Command::new("haproxy")
            .args(["-db", "-f", config])
            .env("SIGHTLINE_BALANCER_BIND", addr.to_string())
            .env("SIGHTLINE_NODE_A", a.addr.to_string())
            .env("SIGHTLINE_NODE_B", b.addr.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("haproxy (Debian package haproxy) starts");
        // Held before the wait, so that HAProxy is stopped if it never gets ready.
        let balancer = Balancer { child, addr };
        eventually("the balancer passes a request on to a node that is up", || async {
            get(addr, "/readyz").await.is_ok_and(|answer| answer.starts_with("HTTP/1.0 200") || answer.starts_with("HTTP/1.1 200"))
        })
        .await;
        balancer
    }
}

/// A plain HTTP/1.0 GET of `path` at `addr`: the whole answer, status line and all.
async fn get(addr: SocketAddr, path: &str) -> std::io::Result<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    stream.write_all(format!("GET {path} HTTP/1.0\r\nHost: sightline\r\n\r\n").as_bytes()).await?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await?;
    Ok(answer)
}

impl Drop for Balancer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
