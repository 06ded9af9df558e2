//! Fresh `sightline serve` nodes on free loopback ports, each with its own data
//! directory, stopped (and their directories removed) when dropped: one node on its own
//! SQLite, or several sharing one PostgreSQL database and the first node's audit key.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::error::{Error, Result};

const START_TIMEOUT: Duration = Duration::from_secs(60);

/// The nodes of one run, sharing one database.
pub struct Nodes {
    /// The first node started the database and holds the audit key.
    nodes: Vec<Server>,
    pub admin_email: String,
    pub admin_password: String,
}

impl Nodes {
    /// Starts `count` nodes: on a SQLite of the first node's own without `database_url`
    /// (one node only), else on that PostgreSQL database, which must be empty.
    pub async fn start(binary: &str, count: usize, database_url: Option<&str>) -> Result<Nodes> {
        if count == 0 || (count > 1 && database_url.is_none()) {
            return Err(Error::Server("several nodes need a shared PostgreSQL (--database-url)".into()));
        }
        let first = Server::start(binary, database_url, None).await?;
        let admin_password = first
            .admin_password
            .clone()
            .ok_or_else(|| Error::Server("no admin password in the first node's banner (not an empty database?)".into()))?;
        let audit_key = first.data_dir.join("audit.key");
        let mut nodes = vec![first];
        for _ in 1..count {
            nodes.push(Server::start(binary, database_url, Some(&audit_key)).await?);
        }
        Ok(Nodes { nodes, admin_email: ADMIN_EMAIL.to_owned(), admin_password })
    }

    /// The nodes' process ids, as /proc names them.
    pub fn pids(&self) -> Vec<String> {
        self.nodes.iter().map(|node| node.pid.to_string()).collect()
    }

    pub fn count(&self) -> usize {
        self.nodes.len()
    }

    /// The URL of node `index` (counted round the nodes).
    pub fn url(&self, index: usize) -> &str {
        &self.nodes[index % self.nodes.len()].url
    }

    pub async fn stop(self) {
        for node in self.nodes {
            node.stop().await;
        }
    }
}

const ADMIN_EMAIL: &str = "admin@bench.example";

struct Server {
    child: Child,
    pid: u32,
    url: String,
    /// Printed by the node that found the database empty.
    admin_password: Option<String>,
    data_dir: PathBuf,
}

impl Server {
    async fn start(binary: &str, database_url: Option<&str>, audit_key: Option<&std::path::Path>) -> Result<Server> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let data_dir = std::env::temp_dir().join(format!("sightline-bench-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&data_dir)?;
        let log = std::fs::File::create(data_dir.join("server.log"))?;
        let mut command = Command::new(binary);
        command
            .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--admin-email", ADMIN_EMAIL, "--rtc-loopback-only"])
            .arg("--data-dir")
            .arg(&data_dir);
        if let Some(url) = database_url {
            command.args(["--database-url", url]);
        }
        if let Some(key) = audit_key {
            command.arg("--audit-key-file").arg(key);
        }
        let mut child = command
            .env("SIGHTLINE_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log))
            .kill_on_drop(true)
            .spawn()?;
        let pid = child.id().ok_or_else(|| Error::Server("exited at once".into()))?;
        let stdout = child.stdout.take().ok_or_else(|| Error::Server("no stdout".into()))?;
        let banner = tokio::time::timeout(START_TIMEOUT, read_banner(stdout))
            .await
            .map_err(|_| Error::Timeout(format!("the server did not start; see {}", data_dir.join("server.log").display())))??;
        let (url, admin_password) = banner;
        Ok(Server { child, pid, url, admin_password, data_dir })
    }

    async fn stop(mut self) {
        if let Err(err) = self.child.kill().await {
            tracing::warn!(%err, "stopping the server");
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}

/// Reads the start banner: `Sightline console: URL`, after `... with password PW` when
/// the node found the database empty.
async fn read_banner(stdout: tokio::process::ChildStdout) -> Result<(String, Option<String>)> {
    let mut lines = BufReader::new(stdout).lines();
    let mut password = None;
    while let Some(line) = lines.next_line().await? {
        if let Some((_, rest)) = line.split_once("with password ") {
            password = rest.split_whitespace().next().map(str::to_owned);
        }
        if let Some((_, url)) = line.split_once("Sightline console: ") {
            // Keep draining stdout so the server never blocks on a full pipe.
            tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
            return Ok((url.trim().trim_end_matches('/').to_owned(), password));
        }
    }
    Err(Error::Server("exited before printing its address".into()))
}
