//! How this server reaches its SMTP server, from the command line or environment.

use std::fmt;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use lettre::message::Mailbox;

use crate::error::{Error, Result};

/// How the connection to the SMTP server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS, which is required (port 587).
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on the same machine or in tests.
    None,
}

impl SmtpSecurity {
    pub fn default_port(self) -> u16 {
        match self {
            SmtpSecurity::Starttls => 587,
            SmtpSecurity::Tls => 465,
            SmtpSecurity::None => 25,
        }
    }
}

/// A user name and password for SMTP AUTH.
#[derive(Clone)]
pub struct SmtpCredentials {
    pub username: String,
    pub password: String,
}

impl fmt::Debug for SmtpCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpCredentials").field("username", &self.username).field("password", &"<hidden>").finish()
    }
}

#[derive(Debug, Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub credentials: Option<SmtpCredentials>,
    /// The sender of every mail.
    pub from: Mailbox,
    /// A certificate (PEM) trusted besides the public roots, for an SMTP server with a private CA.
    pub extra_root_certificate: Option<Vec<u8>>,
}

/// The command-line options for mail; without `--smtp-host` mail stays in the local outbox.
#[derive(Debug, Clone, Args)]
pub struct SmtpArgs {
    /// SMTP server that sends this server's mail. Without it, mail is only kept in the local outbox (Admin > Mail outbox).
    #[arg(long, env = "SIGHTLINE_SMTP_HOST")]
    smtp_host: Option<String>,
    /// SMTP port. Default: 587 for starttls, 465 for tls, 25 for none.
    #[arg(long, env = "SIGHTLINE_SMTP_PORT")]
    smtp_port: Option<u16>,
    /// How the SMTP connection is secured.
    #[arg(long, env = "SIGHTLINE_SMTP_SECURITY", value_enum, default_value_t = SmtpSecurity::Starttls)]
    smtp_security: SmtpSecurity,
    /// SMTP user name (AUTH); needs --smtp-password.
    #[arg(long, env = "SIGHTLINE_SMTP_USERNAME")]
    smtp_username: Option<String>,
    /// SMTP password.
    #[arg(long, env = "SIGHTLINE_SMTP_PASSWORD", hide_env_values = true)]
    smtp_password: Option<String>,
    /// Sender of the server's mail, e.g. `Sightline <sightline@example.org>`.
    #[arg(long, env = "SIGHTLINE_MAIL_FROM")]
    mail_from: Option<String>,
    /// PEM file of a certificate to trust for the SMTP server besides the public roots.
    #[arg(long, env = "SIGHTLINE_SMTP_CA_CERT")]
    smtp_ca_cert: Option<PathBuf>,
}

impl SmtpArgs {
    /// The SMTP settings, or `None` for the local outbox.
    pub fn smtp_settings(&self) -> Result<Option<SmtpSettings>> {
        let Some(host) = self.smtp_host.clone().filter(|host| !host.trim().is_empty()) else {
            return Ok(None);
        };
        let from = self
            .mail_from
            .as_deref()
            .ok_or_else(|| Error::InvalidInput("--mail-from (SIGHTLINE_MAIL_FROM) is needed with --smtp-host".to_owned()))?;
        let from = from
            .parse::<Mailbox>()
            .map_err(|err| Error::InvalidInput(format!("--mail-from {from:?} is not a mail address: {err}")))?;
        let credentials = match (&self.smtp_username, &self.smtp_password) {
            (Some(username), Some(password)) => Some(SmtpCredentials { username: username.clone(), password: password.clone() }),
            (None, None) => None,
            _ => return Err(Error::InvalidInput("give both --smtp-username and --smtp-password, or neither".to_owned())),
        };
        let extra_root_certificate = match &self.smtp_ca_cert {
            Some(path) => Some(std::fs::read(path).map_err(|err| {
                Error::InvalidInput(format!("cannot read --smtp-ca-cert {}: {err}", path.display()))
            })?),
            None => None,
        };
        Ok(Some(SmtpSettings {
            port: self.smtp_port.unwrap_or(self.smtp_security.default_port()),
            host,
            security: self.smtp_security,
            credentials,
            from,
            extra_root_certificate,
        }))
    }
}
