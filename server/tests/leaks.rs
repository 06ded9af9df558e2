//! Peer connections opened and closed a hundred times, on the relay and in the SDK:
//! afterwards the process holds the memory, file descriptors, threads and tasks it
//! held before (webrtc-rs 0.17 has had leaks on this path). Each cycle is a whole
//! phone session: the SDK joins with the virtual camera, its peer connection reaches
//! the relay and goes live for a technician, and the customer ends it. The process runs
//! with the server's malloc settings (`memory::return_freed_memory`): without them glibc
//! kept ~90 KB of freed memory resident per session, which this test finds.

#[path = "suite/common/mod.rs"]
mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{Backend, Client, TestApp};
use serde_json::json;
use sightline_sdk_core::session::{SessionListener, SessionState};
use sightline_virtual_phone::phone::VirtualPhone;
use tokio::sync::watch;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

/// Cycles measured, after `WARM_UP` cycles that let pools, caches and the allocator settle.
const CYCLES: usize = 100;
const WARM_UP: usize = 20;
/// Sessions running at once: many connections open and close at the same time, as on a
/// busy relay.
const AT_ONCE: usize = 10;
/// Resident memory may come back this much above where it was, per session measured
/// (the retention this test found was ~90 KB a session).
const MEMORY_SLACK_PER_SESSION: u64 = 16 * 1024;

/// What the process holds: resident memory after returning freed memory to the system
/// (and, to tell a leak from memory malloc keeps, the bytes malloc counts in use), open
/// file descriptors, threads and the runtime's live tasks.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Footprint {
    resident_bytes: u64,
    heap_in_use: usize,
    descriptors: usize,
    threads: usize,
    tasks: usize,
}

impl Footprint {
    fn now() -> Footprint {
        // glibc keeps freed memory in its arenas; what a leak holds stays resident after a trim.
        // SAFETY: malloc_trim only returns free heap pages to the system.
        unsafe { libc::malloc_trim(0) };
        let statm = std::fs::read_to_string("/proc/self/statm").expect("statm");
        let resident_pages: u64 = statm.split_whitespace().nth(1).and_then(|p| p.parse().ok()).expect("resident pages");
        // SAFETY: sysconf reads a constant of the system.
        let page_size = u64::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).expect("page size");
        let status = std::fs::read_to_string("/proc/self/status").expect("status");
        let threads = status.lines().find_map(|l| l.strip_prefix("Threads:")).and_then(|t| t.trim().parse().ok()).expect("threads");
        // SAFETY: mallinfo2 only reads malloc's counters.
        let heap_in_use = unsafe { libc::mallinfo2() }.uordblks;
        Footprint {
            resident_bytes: resident_pages * page_size,
            heap_in_use,
            descriptors: std::fs::read_dir("/proc/self/fd").expect("fds").count(),
            threads,
            tasks: tokio::runtime::Handle::current().metrics().num_alive_tasks(),
        }
    }

    /// Whether `self` is back within what `baseline` held.
    fn back_to(&self, baseline: &Footprint) -> bool {
        self.resident_bytes <= baseline.resident_bytes + MEMORY_SLACK_PER_SESSION * CYCLES as u64
            && self.descriptors <= baseline.descriptors
            && self.threads <= baseline.threads
            && self.tasks <= baseline.tasks
    }
}

struct States(watch::Sender<SessionState>);

impl SessionListener for States {
    fn on_state_changed(&self, state: SessionState) {
        self.0.send_replace(state);
    }

    fn on_connection_event(&self, _: sightline_sdk_core::session::ConnectionEvent) {}
}

/// One phone session from join to the customer's end, with a technician watching;
/// returns its id.
async fn one_session(app: &TestApp, addr: std::net::SocketAddr, admin: &Client) -> String {
    let session = app.post(admin, "/api/sessions", json!({})).await.body;
    let (id, code) = (session["id"].as_str().expect("id"), session["join"]["code"].as_str().expect("code"));
    let mut request = format!("ws://{addr}/api/sessions/{id}/live").into_client_request().expect("request");
    request.headers_mut().insert("cookie", admin.cookie.parse().expect("header"));
    let (technician, _) = tokio_tungstenite::connect_async(request).await.expect("the technician connects");
    let (sender, mut states) = watch::channel(SessionState::Connecting);
    let options = common::phone::small_phone(addr, code);
    let mut phone = VirtualPhone::join(options, Arc::new(States(sender))).await.expect("the phone joins");
    tokio::time::timeout(Duration::from_secs(60), states.wait_for(|s| *s == SessionState::Live))
        .await
        .expect("the phone goes live in time")
        .expect("the phone's states");
    phone.session.end();
    tokio::time::timeout(Duration::from_secs(30), phone.ended()).await.expect("the session ends in time");
    drop(phone);
    drop(technician);
    id.to_owned()
}

async fn sessions(app: &TestApp, addr: std::net::SocketAddr, admin: &Client, count: usize) -> Vec<String> {
    let mut ids = Vec::with_capacity(count);
    for _ in 0..count / AT_ONCE {
        ids.extend(futures_util::future::join_all((0..AT_ONCE).map(|_| one_session(app, addr, admin))).await);
    }
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_peer_connections_opened_and_closed_leave_nothing_behind() {
    sightline_server::memory::return_freed_memory();
    // The database runs in a process of its own (PostgreSQL), so that its caches, which grow
    // with the rows of every session, are not counted. A technician's console that went
    // away waits out the grace before it leaves: short here, so that those waits are over
    // when the footprint is compared.
    let app = TestApp::with_settings(Backend::Postgres, |s| s.reconnect_grace = Duration::from_millis(500)).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    sessions(&app, addr, &admin, WARM_UP).await;
    // What the warm-up's last sessions still wind down is not the baseline: it is taken
    // once two readings in a row agree on tasks, descriptors and threads.
    let mut baseline = Footprint::now();
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let now = Footprint::now();
        let settled = (now.tasks, now.descriptors, now.threads) == (baseline.tasks, baseline.descriptors, baseline.threads);
        baseline = now;
        if settled {
            break;
        }
    }

    let ended = sessions(&app, addr, &admin, CYCLES).await;
    let mut after = Footprint::now();
    // Connections close in the background; give them a moment, then compare.
    for _ in 0..300 {
        if after.back_to(&baseline) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        after = Footprint::now();
    }
    println!("{}", json!({ "cycles": CYCLES, "baseline": format!("{baseline:?}"), "after": format!("{after:?}") }));
    assert!(after.back_to(&baseline), "after {CYCLES} sessions: {after:?}, before: {baseline:?}");
    let held: Vec<&String> = ended.iter().filter(|id| app.state.relay.existing(id).is_some()).collect();
    assert!(held.is_empty(), "the relay still holds the media of {} ended sessions", held.len());
    assert_eq!(app.state.relay.counts().await, Default::default(), "the relay still streams");
}
