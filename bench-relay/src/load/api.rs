//! The few HTTP API calls the load benchmark needs, as a signed-in technician.

use std::sync::Arc;

use reqwest::header::{HeaderValue, COOKIE, ORIGIN, SET_COOKIE};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::handshake::client::Request;

use crate::error::{Error, Result};

const SESSION_COOKIE: &str = "sightline_session";

/// The benchmark's HTTP client (plain HTTP on test addresses). The SDK builds reqwest
/// without a TLS provider; this client gets ring's, as the SDK's own client does.
pub fn http_client() -> Result<reqwest::Client> {
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|err| Error::Server(format!("TLS: {err}")))?
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth();
    Ok(reqwest::Client::builder().tls_backend_preconfigured(tls).build()?)
}

/// A signed-in technician: the session cookie and the CSRF token.
#[derive(Clone)]
pub struct Technician {
    http: reqwest::Client,
    base: String,
    cookie: String,
    csrf: String,
}

/// A started session: its id and the customer's join code.
pub struct StartedSession {
    pub id: String,
    pub code: String,
}

impl Technician {
    pub async fn login(http: &reqwest::Client, base: &str, email: &str, password: &str) -> Result<Technician> {
        let response = http.post(format!("{base}/api/auth/login")).json(&json!({ "email": email, "password": password })).send().await?;
        let cookie = response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .filter_map(|value| value.split(';').next())
            .find(|pair| pair.starts_with(&format!("{SESSION_COOKIE}=")))
            .map(str::to_owned);
        let body = checked(response).await?;
        let cookie = cookie.ok_or_else(|| Error::Server("sign-in set no session cookie".into()))?;
        let csrf = text_field(&body, &["csrf_token"])?;
        Ok(Technician { http: http.clone(), base: base.to_owned(), cookie, csrf })
    }

    /// The same sign-in, on another node of the database.
    pub fn on(&self, base: &str) -> Technician {
        Technician { base: base.to_owned(), ..self.clone() }
    }

    async fn post(&self, path: &str, body: Value) -> Result<Value> {
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .header(COOKIE, &self.cookie)
            .header("X-CSRF-Token", &self.csrf)
            .json(&body)
            .send()
            .await?;
        checked(response).await
    }

    /// Creates a technician of this admin's organisation.
    pub async fn create_technician(&self, email: &str, password: &str) -> Result<()> {
        self.post("/api/technicians", json!({ "email": email, "display_name": email, "password": password })).await?;
        Ok(())
    }

    pub async fn start_session(&self) -> Result<StartedSession> {
        let session = self.post("/api/sessions", json!({})).await?;
        Ok(StartedSession { id: text_field(&session, &["id"])?, code: text_field(&session, &["join", "code"])? })
    }

    /// Joins a session of the organisation as a monitoring admin.
    pub async fn monitor(&self, session_id: &str) -> Result<()> {
        self.post(&format!("/api/sessions/{session_id}/monitor"), json!({})).await?;
        Ok(())
    }

    /// Starts recording a session this technician is the primary of.
    pub async fn start_recording(&self, session_id: &str) -> Result<()> {
        self.post(&format!("/api/sessions/{session_id}/recording/start"), json!({})).await?;
        Ok(())
    }

    /// Stops the session's recording; answers the stored file's bytes and milliseconds.
    pub async fn stop_recording(&self, session_id: &str) -> Result<(u64, u64)> {
        let recording = self.post(&format!("/api/sessions/{session_id}/recording/stop"), json!({})).await?;
        let number = |field: &str| recording[field].as_u64().ok_or_else(|| Error::Server(format!("a recording without {field}: {recording}")));
        Ok((number("bytes")?, number("duration_ms")?))
    }

    /// The WebSocket handshake of this technician's live connection to a session.
    pub fn live_request(&self, session_id: &str) -> Result<Request> {
        let ws_base = self.base.replacen("http", "ws", 1);
        let mut request = format!("{ws_base}/api/sessions/{session_id}/live").into_client_request()?;
        let headers = request.headers_mut();
        headers.insert(COOKIE, HeaderValue::from_str(&self.cookie).map_err(|e| Error::Server(e.to_string()))?);
        headers.insert(ORIGIN, HeaderValue::from_str(&self.base).map_err(|e| Error::Server(e.to_string()))?);
        Ok(request)
    }
}

async fn checked(response: reqwest::Response) -> Result<Value> {
    let status = response.status();
    let text = response.text().await?;
    // A 204 has no body.
    let body: Value = if text.is_empty() { Value::Null } else { serde_json::from_str(&text).map_err(|e| Error::Server(format!("{status}: {e}")))? };
    if !status.is_success() {
        return Err(Error::Server(format!("{status}: {body}")));
    }
    Ok(body)
}

fn text_field(value: &Value, path: &[&str]) -> Result<String> {
    path.iter()
        .try_fold(value, |value, key| value.get(key))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| Error::Server(format!("no {} in {value}", path.join("."))))
}
