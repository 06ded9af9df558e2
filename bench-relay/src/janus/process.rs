//! A Janus process of the benchmark's own: started from a configuration folder, ready
//! once its HTTP API answers, killed when dropped.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::process::{Child, Command};

use crate::error::{Error, Result};

const START_TIMEOUT: Duration = Duration::from_secs(30);

pub struct Janus {
    _child: Child,
    pub pid: u32,
    /// The server's `info` reply (version, plugins, transports).
    pub info: serde_json::Value,
}

impl Janus {
    /// Runs `binary` with `configs` (holding `janus.jcfg`), logging to `log`, and waits
    /// until `base_url/info` answers.
    pub async fn start(binary: &str, configs: &Path, log: &Path, http: &reqwest::Client, base_url: &str) -> Result<Janus> {
        let log_file = std::fs::File::create(log)?;
        let mut child = Command::new(binary)
            .arg("--configs-folder")
            .arg(configs)
            .arg("--config")
            .arg(configs.join("janus.jcfg"))
            .stdin(Stdio::null())
            .stdout(Stdio::from(log_file.try_clone()?))
            .stderr(Stdio::from(log_file))
            .kill_on_drop(true)
            .spawn()?;
        let pid = child.id().ok_or_else(|| Error::Janus("exited at once".into()))?;
        let started = Instant::now();
        loop {
            if let Some(status) = child.try_wait()? {
                return Err(Error::Janus(format!("exited ({status}); see {}", log.display())));
            }
            if let Ok(reply) = http.get(format!("{base_url}/info")).send().await {
                if reply.status().is_success() {
                    let info = reply.json().await?;
                    return Ok(Janus { _child: child, pid, info });
                }
            }
            if started.elapsed() > START_TIMEOUT {
                return Err(Error::Timeout(format!("Janus did not answer at {base_url}; see {}", log.display())));
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}
