//! A fresh `sightline serve` on a free loopback port with its own data directory,
//! stopped (and its directory removed) when dropped.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::error::{Error, Result};

const START_TIMEOUT: Duration = Duration::from_secs(60);

pub struct Server {
    child: Child,
    pub pid: u32,
    pub url: String,
    pub admin_email: String,
    pub admin_password: String,
    data_dir: PathBuf,
}

impl Server {
    pub async fn start(binary: &str) -> Result<Server> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let data_dir = std::env::temp_dir().join(format!("sightline-bench-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&data_dir)?;
        let log = std::fs::File::create(data_dir.join("server.log"))?;
        let admin_email = "admin@bench.example".to_owned();
        let mut child = Command::new(binary)
            .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--admin-email", &admin_email, "--rtc-loopback-only"])
            .arg("--data-dir")
            .arg(&data_dir)
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
        Ok(Server { child, pid, url, admin_email, admin_password, data_dir })
    }

    pub async fn stop(mut self) {
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

/// Reads the first-start banner: `... with password PW` and `Sightline console: URL`.
async fn read_banner(stdout: tokio::process::ChildStdout) -> Result<(String, String)> {
    let mut lines = BufReader::new(stdout).lines();
    let mut password = None;
    while let Some(line) = lines.next_line().await? {
        if let Some((_, rest)) = line.split_once("with password ") {
            password = rest.split_whitespace().next().map(str::to_owned);
        }
        if let Some((_, url)) = line.split_once("Sightline console: ") {
            let password = password.ok_or_else(|| Error::Server("no admin password in the banner (not a fresh data dir?)".into()))?;
            // Keep draining stdout so the server never blocks on a full pipe.
            tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
            return Ok((url.trim().trim_end_matches('/').to_owned(), password));
        }
    }
    Err(Error::Server("exited before printing its address".into()))
}
