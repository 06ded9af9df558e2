//! Delivery of one outbox mail to the SMTP server, through lettre.

use std::time::{Duration, UNIX_EPOCH};

use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use url::{Host, Url};

use super::outbox::Claimed;
use super::settings::{SmtpSecurity, SmtpSettings};
use crate::error::{Error, Result};

/// Longest wait for any one SMTP reply.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

/// A configured connection recipe to the SMTP server (each send opens a connection).
pub(super) struct SmtpClient {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpClient {
    /// `public_url` names this server in its SMTP greeting.
    pub fn new(settings: &SmtpSettings, public_url: &Url) -> Result<SmtpClient> {
        let tls = match settings.security {
            SmtpSecurity::None => Tls::None,
            SmtpSecurity::Starttls => Tls::Required(tls_parameters(settings)?),
            SmtpSecurity::Tls => Tls::Wrapper(tls_parameters(settings)?),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(settings.host.as_str())
            .port(settings.port)
            .tls(tls)
            .hello_name(client_id(public_url))
            .timeout(Some(COMMAND_TIMEOUT));
        if let Some(credentials) = &settings.credentials {
            builder = builder.credentials(Credentials::new(credentials.username.clone(), credentials.password.clone()));
        }
        Ok(SmtpClient { transport: builder.build(), from: settings.from.clone() })
    }

    /// Hands the mail to the SMTP server; the error says why it did not take it.
    pub async fn send(&self, mail: &Claimed) -> Result<(), String> {
        let message = compose(&self.from, mail)?;
        self.transport.send(message).await.map(|_| ()).map_err(|err| err.to_string())
    }
}

fn tls_parameters(settings: &SmtpSettings) -> Result<TlsParameters> {
    let invalid = |err: lettre::transport::smtp::Error| Error::InvalidInput(format!("SMTP TLS settings: {err}"));
    let mut builder = TlsParameters::builder(settings.host.clone());
    if let Some(pem) = &settings.extra_root_certificate {
        builder = builder.add_root_certificate(Certificate::from_pem(pem).map_err(invalid)?);
    }
    builder.build_rustls().map_err(invalid)
}

fn client_id(public_url: &Url) -> ClientId {
    match public_url.host() {
        Some(Host::Domain(domain)) => ClientId::Domain(domain.to_owned()),
        Some(Host::Ipv4(ip)) => ClientId::Ipv4(ip),
        Some(Host::Ipv6(ip)) => ClientId::Ipv6(ip),
        None => ClientId::default(),
    }
}

/// The message of an outbox row. Its Message-ID and Date come from the row, so a
/// retry after an unknown outcome carries the same identity as the first attempt.
fn compose(from: &Mailbox, mail: &Claimed) -> Result<Message, String> {
    let address = mail.to_address.parse().map_err(|err| format!("bad recipient {:?}: {err}", mail.to_address))?;
    let name = Some(mail.to_name.clone()).filter(|name| !name.is_empty());
    Message::builder()
        .from(from.clone())
        .to(Mailbox::new(name, address))
        .subject(mail.subject.clone())
        .message_id(Some(message_id(&mail.id, from)))
        .date(UNIX_EPOCH + Duration::from_millis(mail.created_at.max(0) as u64))
        .header(ContentType::TEXT_PLAIN)
        .body(mail.text_body.clone())
        .map_err(|err| format!("cannot build the message: {err}"))
}

/// `<ROW-ID@SENDER-DOMAIN>`: the same for every attempt at one outbox row.
fn message_id(row_id: &str, from: &Mailbox) -> String {
    format!("<{row_id}@{}>", from.email.domain())
}
