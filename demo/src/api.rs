//! The demo's own technician calling the server's public API in-process (through
//! the router, without a socket), so everything the demo seeds passes the same
//! checks as a request from the console.

use axum::body::{to_bytes, Body};
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use serde_json::{json, Value};
use tower::ServiceExt;

use sightline_server::auth::caller::session_cookie_set_in;
use sightline_server::{AppState, Error, Result};

/// Largest answer the demo reads.
const MAX_ANSWER: usize = 4 * 1024 * 1024;

/// A signed-in technician's API client.
pub struct Api {
    router: Router,
    cookie: String,
    csrf: String,
}

impl Api {
    /// Signs in as `email` with `password`.
    pub async fn sign_in(state: &AppState, email: &str, password: &str) -> Result<Api> {
        let router = sightline_server::app(state.clone());
        let request = Request::post("/api/auth/login")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json!({ "email": email, "password": password }).to_string()))
            .map_err(internal)?;
        let response = router.clone().oneshot(request).await.map_err(internal)?;
        let cookie = session_cookie_set_in(response.headers()).map(str::to_owned);
        let (status, me) = read(response).await?;
        let (Some(cookie), StatusCode::OK) = (cookie, status) else {
            return Err(Error::Internal(format!("the demo could not sign in as {email}: {me}")));
        };
        let csrf = me["csrf_token"].as_str().unwrap_or_default().to_owned();
        Ok(Api { router, cookie, csrf })
    }

    pub async fn get(&self, path: &str) -> Result<Value> {
        self.call(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Result<Value> {
        self.call(Method::POST, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Result<Value> {
        self.call(Method::PATCH, path, Some(body)).await
    }

    pub async fn put(&self, path: &str) -> Result<Value> {
        self.call(Method::PUT, path, None).await
    }

    /// One request; any answer but a success is an error naming the request.
    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Result<Value> {
        let request = Request::builder()
            .method(method.clone())
            .uri(path)
            .header(header::COOKIE, &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .header(header::CONTENT_TYPE, "application/json")
            .body(body.map_or_else(Body::empty, |body| Body::from(body.to_string())))
            .map_err(internal)?;
        let response = self.router.clone().oneshot(request).await.map_err(internal)?;
        match read(response).await? {
            (status, value) if status.is_success() => Ok(value),
            (status, value) => Err(Error::Internal(format!("{method} {path} answered {status}: {value}"))),
        }
    }
}

async fn read(response: axum::response::Response) -> Result<(StatusCode, Value)> {
    let status = response.status();
    let bytes = to_bytes(response.into_body(), MAX_ANSWER).await.map_err(internal)?;
    let value = if bytes.is_empty() { Value::Null } else { serde_json::from_slice(&bytes).map_err(internal)? };
    Ok((status, value))
}

fn internal(err: impl std::fmt::Display) -> Error {
    Error::Internal(err.to_string())
}
