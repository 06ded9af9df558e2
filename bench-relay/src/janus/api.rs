//! A client of Janus's HTTP API (the "Janus protocol" over plain HTTP): one session with
//! its long poll and keepalives, and plugin handles that send messages and wait for
//! their asynchronous events.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::error::{Error, Result};

/// Janus ends a session after 60 s without a request; a keepalive is sent well within.
const KEEPALIVE: Duration = Duration::from_secs(20);
/// How long a plugin may take to answer a request with its event.
const EVENT_TIMEOUT: Duration = Duration::from_secs(30);
/// Events fetched per long poll at most.
const MAX_EVENTS: u32 = 50;

/// What the session's requests and its poll share.
struct Link {
    http: reqwest::Client,
    session_url: String,
    next_transaction: AtomicU64,
    /// Each handle's event queue, by handle id.
    routes: Mutex<HashMap<u64, mpsc::UnboundedSender<Value>>>,
}

/// A Janus session; dropping it stops its poll and keepalives (Janus then times it out).
pub struct Session {
    link: Arc<Link>,
    tasks: Vec<JoinHandle<()>>,
}

/// A handle attached to a plugin; its events arrive through the session's poll.
pub struct Handle {
    link: Arc<Link>,
    url: String,
    events: mpsc::UnboundedReceiver<Value>,
}

/// A plugin's answer to a request: its data and, for negotiations, a JSEP description.
pub struct Reply {
    pub data: Value,
    pub jsep: Option<Value>,
}

impl Drop for Session {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

impl Session {
    /// Creates a session at `base_url` (e.g. `http://10.78.0.1:8088/janus`).
    pub async fn create(http: reqwest::Client, base_url: &str) -> Result<Session> {
        let created = post(&http, base_url, json!({ "janus": "create", "transaction": "create" })).await?;
        let id = id_of(&created)?;
        let link = Arc::new(Link {
            http,
            session_url: format!("{base_url}/{id}"),
            next_transaction: AtomicU64::new(1),
            routes: Mutex::new(HashMap::new()),
        });
        let tasks = vec![tokio::spawn(poll(link.clone())), tokio::spawn(keepalive(link.clone()))];
        Ok(Session { link, tasks })
    }

    /// Attaches a handle to `plugin` (e.g. `janus.plugin.videoroom`).
    pub async fn attach(&self, plugin: &str) -> Result<Handle> {
        let attached = self.link.request(&self.link.session_url, json!({ "janus": "attach", "plugin": plugin })).await?;
        let id = id_of(&attached)?;
        let (route, events) = mpsc::unbounded_channel();
        self.link.routes.lock().map_err(|_| Error::Janus("a poisoned lock".into()))?.insert(id, route);
        Ok(Handle { link: self.link.clone(), url: format!("{}/{id}", self.link.session_url), events })
    }
}

impl Handle {
    /// A request the plugin answers at once (e.g. `create` a room).
    pub async fn call(&self, body: Value) -> Result<Value> {
        let reply = self.link.request(&self.url, json!({ "janus": "message", "body": body })).await?;
        plugin_data(&reply)
    }

    /// A request the plugin acknowledges and answers later with an event (e.g. `join`,
    /// `publish`, `start`), with an optional JSEP description attached.
    pub async fn send(&mut self, body: Value, jsep: Option<Value>) -> Result<Reply> {
        let mut message = json!({ "janus": "message", "body": body });
        if let Some(jsep) = jsep {
            message["jsep"] = jsep;
        }
        self.link.request(&self.url, message).await?;
        loop {
            let event = tokio::time::timeout(EVENT_TIMEOUT, self.events.recv())
                .await
                .map_err(|_| Error::Timeout("a Janus plugin event".into()))?
                .ok_or_else(|| Error::Janus("the session's poll stopped".into()))?;
            // Other events (webrtcup, media, slowlink) carry no plugin data.
            if event.get("plugindata").is_some() {
                return Ok(Reply { data: plugin_data(&event)?, jsep: event.get("jsep").cloned() });
            }
        }
    }
}

impl Link {
    /// Posts `message` with a fresh transaction to `url`; Janus's `error` replies are errors.
    async fn request(&self, url: &str, mut message: Value) -> Result<Value> {
        let transaction = self.next_transaction.fetch_add(1, Ordering::Relaxed);
        message["transaction"] = json!(format!("t{transaction}"));
        post(&self.http, url, message).await
    }
}

async fn post(http: &reqwest::Client, url: &str, message: Value) -> Result<Value> {
    let reply: Value = http.post(url).json(&message).send().await?.error_for_status()?.json().await?;
    if reply["janus"] == "error" {
        return Err(Error::Janus(format!("{message} → {}", reply["error"])));
    }
    Ok(reply)
}

/// `data.id` of a `success` reply: the new session's or handle's id.
fn id_of(reply: &Value) -> Result<u64> {
    reply["data"]["id"].as_u64().ok_or_else(|| Error::Janus(format!("no id in {reply}")))
}

/// The plugin's data of a reply or event; a plugin-level `error` is an error.
fn plugin_data(reply: &Value) -> Result<Value> {
    let data = &reply["plugindata"]["data"];
    if data.is_null() {
        return Err(Error::Janus(format!("no plugin data in {reply}")));
    }
    if let Some(error) = data.get("error") {
        return Err(Error::JanusRefused { code: data["error_code"].as_u64().unwrap_or(0), message: error.to_string() });
    }
    Ok(data.clone())
}

/// The session's long poll: hands each event to its handle's queue.
async fn poll(link: Arc<Link>) {
    let url = format!("{}?maxev={MAX_EVENTS}", link.session_url);
    loop {
        let events = match fetch(&link.http, &url).await {
            Ok(events) => events,
            Err(err) => {
                tracing::warn!(%err, "Janus long poll");
                tokio::time::sleep(Duration::from_millis(200)).await;
                continue;
            }
        };
        let Ok(routes) = link.routes.lock() else { return };
        for event in events {
            if let Some(route) = event["sender"].as_u64().and_then(|sender| routes.get(&sender)) {
                let _ = route.send(event);
            }
        }
    }
}

/// One long poll: an event, or with `maxev` an array of them.
async fn fetch(http: &reqwest::Client, url: &str) -> Result<Vec<Value>> {
    let reply: Value = http.get(url).send().await?.error_for_status()?.json().await?;
    Ok(match reply {
        Value::Array(events) => events,
        event => vec![event],
    })
}

async fn keepalive(link: Arc<Link>) {
    let mut ticks = tokio::time::interval(KEEPALIVE);
    loop {
        ticks.tick().await;
        if let Err(err) = link.request(&link.session_url, json!({ "janus": "keepalive" })).await {
            tracing::warn!(%err, "Janus keepalive");
        }
    }
}
