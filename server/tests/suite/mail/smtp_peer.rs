//! A real SMTP server for the mail tests: the mailin protocol engine on a tokio TCP
//! listener on 127.0.0.1 (plain, STARTTLS or implicit TLS by rustls), delivering
//! into an inbox that outlives a stop and restart of the server.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use mailin::{Action, AuthMechanism, Handler, Response, Session, SessionBuilder};
use parking_lot::Mutex;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::TlsAcceptor;

/// One mail as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    /// The user the client authenticated as, if it did.
    pub user: Option<String>,
    /// The message: headers and body, CRLF line ends, dot-unstuffed.
    pub data: String,
}

/// Everything delivered, across restarts.
#[derive(Debug, Clone, Default)]
pub struct Inbox(Arc<Mutex<Vec<Received>>>);

impl Inbox {
    pub fn all(&self) -> Vec<Received> {
        self.0.lock().clone()
    }

    /// Mails whose message contains `needle`.
    pub fn containing(&self, needle: &str) -> Vec<Received> {
        self.all().into_iter().filter(|mail| mail.data.contains(needle)).collect()
    }
}

/// A self-signed certificate for 127.0.0.1: the server's TLS setup and the PEM a client must trust.
pub struct TestCertificate {
    pub config: Arc<ServerConfig>,
    pub pem: String,
}

impl TestCertificate {
    pub fn new() -> TestCertificate {
        let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).expect("self-signed certificate");
        let key = PrivateKeyDer::Pkcs8(certified.key_pair.serialize_der().into());
        let chain = vec![CertificateDer::from(certified.cert.der().to_vec())];
        let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
        let config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .expect("server certificate");
        TestCertificate { config: Arc::new(config), pem: certified.cert.pem() }
    }
}

#[derive(Clone)]
pub enum Security {
    Plain,
    /// STARTTLS offered, and AUTH PLAIN accepted for these credentials once TLS is on.
    StartTls { tls: Arc<ServerConfig>, user: String, password: String },
    /// TLS from the first byte.
    ImplicitTls(Arc<ServerConfig>),
}

/// A running SMTP server; `stop` closes its port and every open connection.
pub struct SmtpPeer {
    pub addr: SocketAddr,
    task: JoinHandle<()>,
}

impl SmtpPeer {
    /// Listens on `addr` (port 0 for any free port).
    pub async fn start(addr: SocketAddr, security: Security, inbox: Inbox) -> SmtpPeer {
        let listener = TcpListener::bind(addr).await.expect("SMTP test server binds");
        let addr = listener.local_addr().expect("SMTP test server address");
        let task = tokio::spawn(async move {
            let mut connections = JoinSet::new();
            while let Ok((stream, peer)) = listener.accept().await {
                connections.spawn(serve(stream, peer.ip(), security.clone(), inbox.clone()));
            }
        });
        SmtpPeer { addr, task }
    }

    pub async fn stop(self) {
        self.task.abort();
        let _ = self.task.await;
    }
}

struct Collector {
    inbox: Inbox,
    credentials: Option<(String, String)>,
    user: Option<String>,
    current: Option<Received>,
}

impl Handler for Collector {
    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.current = Some(Received { from: from.to_owned(), to: to.to_vec(), user: self.user.clone(), data: String::new() });
        mailin::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if let Some(mail) = &mut self.current {
            mail.data.push_str(&String::from_utf8_lossy(buf));
        }
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        if let Some(mail) = self.current.take() {
            self.inbox.0.lock().push(mail);
        }
        mailin::response::OK
    }

    fn auth_plain(&mut self, _authorization_id: &str, user: &str, password: &str) -> Response {
        match &self.credentials {
            Some((expected_user, expected_password)) if user == expected_user && password == expected_password => {
                self.user = Some(user.to_owned());
                mailin::response::AUTH_OK
            }
            _ => mailin::response::INVALID_CREDENTIALS,
        }
    }
}

async fn serve(stream: TcpStream, ip: IpAddr, security: Security, inbox: Inbox) -> std::io::Result<()> {
    let mut builder = SessionBuilder::new("smtp.test");
    let credentials = match &security {
        Security::StartTls { user, password, .. } => Some((user.clone(), password.clone())),
        _ => None,
    };
    let handler = Collector { inbox, credentials, user: None, current: None };
    match security {
        Security::Plain => {
            let mut session = builder.build(ip, handler);
            converse(&mut session, stream, true).await?;
        }
        Security::StartTls { tls, .. } => {
            builder.enable_start_tls().enable_auth(AuthMechanism::Plain);
            let mut session = builder.build(ip, handler);
            if let Some(plain) = converse(&mut session, stream, true).await? {
                let encrypted = TlsAcceptor::from(tls).accept(plain).await?;
                session.tls_active();
                converse(&mut session, encrypted, false).await?;
            }
        }
        Security::ImplicitTls(tls) => {
            let encrypted = TlsAcceptor::from(tls).accept(stream).await?;
            let mut session = builder.build(ip, handler);
            session.tls_active();
            converse(&mut session, encrypted, true).await?;
        }
    }
    Ok(())
}

/// Runs the dialogue until the client leaves; returns the raw stream when it asked for STARTTLS.
async fn converse<S, H>(session: &mut Session<H>, stream: S, greet: bool) -> std::io::Result<Option<S>>
where
    S: AsyncRead + AsyncWrite + Unpin,
    H: Handler,
{
    let mut stream = BufReader::new(stream);
    if greet {
        reply(&mut stream, &session.greeting()).await?;
    }
    let mut line = Vec::new();
    loop {
        line.clear();
        if stream.read_until(b'\n', &mut line).await? == 0 {
            return Ok(None);
        }
        let response = session.process(&line);
        match response.action {
            Action::Reply => reply(&mut stream, &response).await?,
            Action::Close => {
                reply(&mut stream, &response).await?;
                return Ok(None);
            }
            Action::UpgradeTls => {
                reply(&mut stream, &response).await?;
                return Ok(Some(stream.into_inner()));
            }
            Action::NoReply => {}
        }
    }
}

async fn reply<S: AsyncRead + AsyncWrite + Unpin>(stream: &mut BufReader<S>, response: &Response) -> std::io::Result<()> {
    let bytes = response.buffer()?;
    stream.get_mut().write_all(&bytes).await?;
    stream.get_mut().flush().await
}
