//! Mail through the persistent outbox, delivered to a real SMTP server on 127.0.0.1.

use crate::common;
mod smtp_peer;

use std::net::SocketAddr;

use axum::http::StatusCode;
use common::collaboration::start_session;
use common::guests::invite_guest;
use common::{eventually, Backend, Client, TestApp};
use serde_json::Value;
use sightline_server::mail::{self, Mail, SmtpCredentials, SmtpSecurity, SmtpSettings};
use sightline_server::sessions::audit::key::AuditKey;
use sightline_server::settings::Settings;
use sightline_server::{AppState, Error};
use smtp_peer::{Inbox, Received, Security, SmtpPeer, TestCertificate};

const SENDER: &str = "noreply@sightline.test";

fn smtp_settings(addr: SocketAddr, security: SmtpSecurity) -> SmtpSettings {
    SmtpSettings {
        host: addr.ip().to_string(),
        port: addr.port(),
        security,
        credentials: None,
        from: format!("Sightline <{SENDER}>").parse().expect("sender"),
        extra_root_certificate: None,
    }
}

/// A fresh SMTP server on a free port of 127.0.0.1, with its inbox.
async fn start_peer(security: Security) -> (Inbox, SmtpPeer) {
    let inbox = Inbox::default();
    let peer = SmtpPeer::start("127.0.0.1:0".parse().expect("addr"), security, inbox.clone()).await;
    (inbox, peer)
}

/// One more application state on the app's database: a restarted server or a second node.
fn another_node(app: &TestApp, smtp: SmtpSettings) -> AppState {
    let mut settings = Settings::new("http://127.0.0.1:8080".parse().expect("url"), AuditKey::generate());
    settings.smtp = Some(smtp);
    AppState::new(app.db.clone(), settings).expect("application state")
}

async fn app_sending_to(backend: Backend, smtp: SmtpSettings) -> TestApp {
    TestApp::with_settings(backend, |settings| settings.smtp = Some(smtp)).await
}

fn org_of(client: &Client) -> String {
    client.me["org"]["id"].as_str().expect("org id").to_owned()
}

fn mail_to(org_id: &str, subject: &str) -> Mail {
    Mail {
        org_id: org_id.to_owned(),
        to_address: "grace@customer.example".to_owned(),
        to_name: "Grace Hopper".to_owned(),
        subject: subject.to_owned(),
        text_body: format!("Hello Grace,\n\nthis is {subject}.\n.\nA line with a lone dot stays.\n"),
    }
}

async fn wait_for_arrival(inbox: &Inbox, subject: &str) -> Received {
    eventually(&format!("{subject:?} arrives"), || async { !inbox.containing(subject).is_empty() }).await;
    inbox.containing(subject).remove(0)
}

async fn outbox(app: &TestApp, admin: &Client) -> Value {
    let answer = app.get(admin, "/api/admin/outbox").await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    answer.body
}

/// The outbox entry of the mail with `id`, as the admin sees it.
async fn entry(app: &TestApp, admin: &Client, id: &str) -> Value {
    let outbox = outbox(app, admin).await;
    outbox["mails"].as_array().expect("mails").iter().find(|mail| mail["id"] == id).cloned().unwrap_or(Value::Null)
}

async fn metrics(app: &TestApp) -> String {
    let answer = app.call(None, axum::http::Method::GET, "/metrics", None).await;
    assert_eq!(answer.status, StatusCode::OK);
    String::from_utf8(answer.bytes).expect("metrics text")
}

async fn wait_for_state(app: &TestApp, admin: &Client, id: &str, state: &str) -> Value {
    eventually(&format!("mail {id} is {state}"), || async { entry(app, admin, id).await["state"] == state }).await;
    entry(app, admin, id).await
}

async fn mail_arrives_once_with_its_headers(backend: Backend) {
    let (inbox, peer) = start_peer(Security::Plain).await;
    let app = app_sending_to(backend, smtp_settings(peer.addr, SmtpSecurity::None)).await;
    let admin = app.admin().await;

    let id = mail::enqueue(&app.db.pool, &mail_to(&org_of(&admin), "Invitation one")).await.expect("enqueued");
    let received = wait_for_arrival(&inbox, "Invitation one").await;
    assert_eq!(received.from, SENDER);
    assert_eq!(received.to, ["grace@customer.example"]);
    let data = &received.data;
    assert!(data.contains("From: Sightline <noreply@sightline.test>\r\n"), "{data}");
    assert!(data.contains("To: \"Grace Hopper\" <grace@customer.example>\r\n"), "{data}");
    assert!(data.contains("Subject: Invitation one\r\n"), "{data}");
    assert!(data.contains(&format!("Message-ID: <{id}@sightline.test>\r\n")), "{data}");
    assert!(data.contains("Content-Type: text/plain; charset=utf-8\r\n"), "{data}");
    assert!(data.contains("this is Invitation one.\r\n.\r\nA line with a lone dot stays."), "{data}");

    let sent = wait_for_state(&app, &admin, &id, "sent").await;
    assert_eq!(sent["attempts"], 1);
    assert!(sent["sent_at"].is_i64());
    assert_eq!(outbox(&app, &admin).await["delivery"], "smtp");

    // Enqueued inside a transaction: sent once it commits, never when it rolls back.
    let mut rolled_back = app.db.pool.begin().await.expect("begin");
    mail::enqueue(&mut *rolled_back, &mail_to(&org_of(&admin), "Never sent")).await.expect("enqueued");
    rolled_back.rollback().await.expect("rollback");
    let mut committed = app.db.pool.begin().await.expect("begin");
    let second = mail::enqueue(&mut *committed, &mail_to(&org_of(&admin), "Invitation two")).await.expect("enqueued");
    committed.commit().await.expect("commit");
    wait_for_arrival(&inbox, "Invitation two").await;
    wait_for_state(&app, &admin, &second, "sent").await;

    let subjects: Vec<String> =
        outbox(&app, &admin).await["mails"].as_array().expect("mails").iter().map(|m| m["subject"].as_str().unwrap_or("").to_owned()).collect();
    assert_eq!(subjects, ["Invitation two", "Invitation one"], "newest first, the rolled-back mail absent");
    assert_eq!(inbox.containing("Invitation one").len(), 1);
    assert!(inbox.containing("Never sent").is_empty());
    peer.stop().await;
}

async fn mail_waits_while_smtp_is_down(backend: Backend) {
    let (inbox, peer) = start_peer(Security::Plain).await;
    let addr = peer.addr;
    let app = app_sending_to(backend, smtp_settings(addr, SmtpSecurity::None)).await;
    let admin = app.admin().await;
    let org = org_of(&admin);

    let before = mail::enqueue(&app.db.pool, &mail_to(&org, "Before the outage")).await.expect("enqueued");
    wait_for_arrival(&inbox, "Before the outage").await;
    wait_for_state(&app, &admin, &before, "sent").await;

    peer.stop().await;
    let during = mail::enqueue(&app.db.pool, &mail_to(&org, "During the outage")).await.expect("enqueued");
    let failing = wait_for_state(&app, &admin, &during, "failing").await;
    assert!(failing["attempts"].as_i64().expect("attempts") >= 1);
    assert!(!failing["last_error"].as_str().expect("last error").is_empty(), "{failing}");
    assert!(failing["sent_at"].is_null());
    assert!(inbox.containing("During the outage").is_empty());
    let during_outage = metrics(&app).await;
    assert!(during_outage.contains("sightline_mail_unsent{status=\"failing\"} 1\n"), "{during_outage}");
    assert!(during_outage.contains("sightline_mail_sent_total 1\n"), "{during_outage}");

    let peer = SmtpPeer::start(addr, Security::Plain, inbox.clone()).await;
    wait_for_arrival(&inbox, "During the outage").await;
    let sent = wait_for_state(&app, &admin, &during, "sent").await;
    assert!(sent["attempts"].as_i64().expect("attempts") >= 2, "{sent}");

    // A later mail gets through after it: by then a second copy would have been sent.
    mail::enqueue(&app.db.pool, &mail_to(&org, "After the outage")).await.expect("enqueued");
    wait_for_arrival(&inbox, "After the outage").await;
    assert_eq!(inbox.containing("Before the outage").len(), 1);
    assert_eq!(inbox.containing("During the outage").len(), 1);
    peer.stop().await;
}

async fn restarted_server_does_not_resend(backend: Backend) {
    let (inbox, peer) = start_peer(Security::Plain).await;
    let smtp = smtp_settings(peer.addr, SmtpSecurity::None);
    let mut app = app_sending_to(backend, smtp.clone()).await;
    let admin = app.admin().await;
    let org = org_of(&admin);
    let first = mail::enqueue(&app.db.pool, &mail_to(&org, "First life")).await.expect("enqueued");
    wait_for_arrival(&inbox, "First life").await;
    wait_for_state(&app, &admin, &first, "sent").await;

    // The same database under a new application state: the old one, and its sender, are gone.
    app.router = sightline_server::app(another_node(&app, smtp));
    mail::enqueue(&app.db.pool, &mail_to(&org, "Second life")).await.expect("enqueued");
    wait_for_arrival(&inbox, "Second life").await;
    assert_eq!(inbox.containing("First life").len(), 1);
    assert_eq!(entry(&app, &admin, &first).await["attempts"], 1);
    peer.stop().await;
}

async fn two_nodes_send_each_mail_once(backend: Backend) {
    let (inbox, peer) = start_peer(Security::Plain).await;
    let smtp = smtp_settings(peer.addr, SmtpSecurity::None);
    let app = app_sending_to(backend, smtp.clone()).await;
    let _second_node = another_node(&app, smtp);
    let admin = app.admin().await;
    let org = org_of(&admin);

    let count = 30;
    for n in 0..count {
        mail::enqueue(&app.db.pool, &mail_to(&org, &format!("Batch mail {n:02}"))).await.expect("enqueued");
    }
    eventually("the whole batch arrived", || async { inbox.containing("Batch mail").len() >= count }).await;
    // One more mail through both senders: any duplicate of the batch would be in by now.
    mail::enqueue(&app.db.pool, &mail_to(&org, "Closing mail")).await.expect("enqueued");
    wait_for_arrival(&inbox, "Closing mail").await;
    for n in 0..count {
        assert_eq!(inbox.containing(&format!("Subject: Batch mail {n:02}\r\n")).len(), 1, "mail {n} not delivered exactly once");
    }
    peer.stop().await;
}

async fn local_outbox_is_shown_to_its_admins_only(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app.admin().await;
    let org = org_of(&admin);
    let older = mail::enqueue(&app.db.pool, &mail_to(&org, "Older")).await.expect("enqueued");
    // The outbox lists by creation time in milliseconds: two mails of one millisecond have
    // no order between them.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let newer = mail::enqueue(&app.db.pool, &mail_to(&org, "Newer")).await.expect("enqueued");

    let listed = outbox(&app, &admin).await;
    assert_eq!(listed["delivery"], "local");
    let mails = listed["mails"].as_array().expect("mails");
    assert_eq!(mails.len(), 2);
    assert_eq!(mails[1]["id"], older.as_str());
    let mail = &mails[0];
    assert_eq!(mail["id"], newer.as_str());
    assert_eq!(mail["state"], "queued");
    assert_eq!(mail["attempts"], 0);
    assert_eq!(mail["to_address"], "grace@customer.example");
    assert_eq!(mail["to_name"], "Grace Hopper");
    assert_eq!(mail["subject"], "Newer");
    assert!(mail["text_body"].as_str().expect("body").contains("this is Newer."));
    assert!(mail["last_error"].is_null());
    let gauges = metrics(&app).await;
    assert!(gauges.contains("sightline_mail_unsent{status=\"queued\"} 2\n"), "{gauges}");
    assert!(gauges.contains("sightline_mail_unsent{status=\"failing\"} 0\n"), "{gauges}");

    let newest = app.get(&admin, "/api/admin/outbox?limit=1").await;
    assert_eq!(newest.body["mails"].as_array().map(Vec::len), Some(1));
    assert_eq!(newest.body["mails"][0]["id"], newer.as_str());
    assert_eq!(app.get(&admin, "/api/admin/outbox?limit=0").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.get(&admin, "/api/admin/outbox?limit=many").await.status, StatusCode::UNPROCESSABLE_ENTITY);

    let technician = app.technician(&admin, "tom@acme.example", "Tom Tech").await;
    let refused = app.get(&technician, "/api/admin/outbox").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.code(), "forbidden");
    assert_eq!(app.call(None, axum::http::Method::GET, "/api/admin/outbox", None).await.status, StatusCode::UNAUTHORIZED);
    let other_admin = app.other_org_admin().await;
    let other = app.get(&other_admin, "/api/admin/outbox").await;
    assert_eq!(other.status, StatusCode::OK);
    assert_eq!(other.body["mails"], serde_json::json!([]), "another organisation's admin sees none of Acme's mail");

    for bad in [
        Mail { to_address: "not an address".to_owned(), ..mail_to(&org, "Bad") },
        Mail { subject: "Two\r\nBcc: evil@example.org".to_owned(), ..mail_to(&org, "Bad") },
        Mail { subject: "  ".to_owned(), ..mail_to(&org, "Bad") },
    ] {
        let refused = mail::enqueue(&app.db.pool, &bad).await;
        assert!(matches!(refused, Err(Error::InvalidInput(_))), "{bad:?} was accepted");
    }
    assert_eq!(outbox(&app, &admin).await["mails"].as_array().map(Vec::len), Some(2));
}

on_both_databases!(
    mail_arrives_once_with_its_headers,
    mail_waits_while_smtp_is_down,
    restarted_server_does_not_resend,
    two_nodes_send_each_mail_once,
    local_outbox_is_shown_to_its_admins_only,
    a_guest_invitation_waits_for_smtp_and_arrives_once,
);

/// The guest issue's check: stop the SMTP server, invite a guest, start it again: the
/// invitation with its link arrives, once.
async fn a_guest_invitation_waits_for_smtp_and_arrives_once(backend: Backend) {
    let (inbox, peer) = start_peer(Security::Plain).await;
    let addr = peer.addr;
    peer.stop().await;
    let app = app_sending_to(backend, smtp_settings(addr, SmtpSecurity::None)).await;
    let admin = app.admin().await;
    let (session, _) = start_session(&app, &admin).await;
    let link = invite_guest(&app, &admin, &session, "gus@partner.example", &[]).await;
    assert_eq!(link.delivery, "smtp");
    let mails = outbox(&app, &admin).await["mails"].clone();
    let id = mails[0]["id"].as_str().expect("mail id").to_owned();
    wait_for_state(&app, &admin, &id, "failing").await;

    let peer = SmtpPeer::start(addr, Security::Plain, inbox.clone()).await;
    let received = wait_for_arrival(&inbox, "invites you to help").await;
    assert_eq!(received.to, ["gus@partner.example"]);
    let body = received.data.replace("=\r\n", "");
    assert!(body.contains(&format!("/guest/{}", link.token)), "{body}");
    wait_for_state(&app, &admin, &id, "sent").await;
    // Delivered, the stored copy keeps no secret: the link's token is gone from the database.
    let (kept,): (String,) = sqlx::query_as("SELECT text_body FROM mail_outbox WHERE id = $1").bind(&id).fetch_one(&app.db.pool).await.expect("kept mail");
    assert!(!kept.contains(&link.token) && kept.contains("/guest/(hidden)"), "{kept}");
    // A later mail gets through after it: by then a second copy would have been sent.
    mail::enqueue(&app.db.pool, &mail_to(&org_of(&admin), "After the guest")).await.expect("enqueued");
    wait_for_arrival(&inbox, "After the guest").await;
    assert_eq!(inbox.containing("invites you to help").len(), 1);
    peer.stop().await;
}

#[tokio::test]
async fn starttls_with_credentials() {
    let certificate = TestCertificate::new();
    let security = Security::StartTls { tls: certificate.config.clone(), user: "mailer".to_owned(), password: "s3cret".to_owned() };
    let (inbox, peer) = start_peer(security).await;
    let mut smtp = smtp_settings(peer.addr, SmtpSecurity::Starttls);
    smtp.credentials = Some(SmtpCredentials { username: "mailer".to_owned(), password: "s3cret".to_owned() });
    smtp.extra_root_certificate = Some(certificate.pem.into_bytes());
    let app = app_sending_to(Backend::Sqlite, smtp).await;
    let admin = app.admin().await;

    mail::enqueue(&app.db.pool, &mail_to(&org_of(&admin), "Over STARTTLS")).await.expect("enqueued");
    let received = wait_for_arrival(&inbox, "Over STARTTLS").await;
    assert_eq!(received.user.as_deref(), Some("mailer"), "the mail was sent after authenticating");
    peer.stop().await;
}

#[tokio::test]
async fn implicit_tls() {
    let certificate = TestCertificate::new();
    let (inbox, peer) = start_peer(Security::ImplicitTls(certificate.config.clone())).await;
    let mut smtp = smtp_settings(peer.addr, SmtpSecurity::Tls);
    smtp.extra_root_certificate = Some(certificate.pem.into_bytes());
    let app = app_sending_to(Backend::Sqlite, smtp).await;
    let admin = app.admin().await;

    mail::enqueue(&app.db.pool, &mail_to(&org_of(&admin), "Over TLS")).await.expect("enqueued");
    wait_for_arrival(&inbox, "Over TLS").await;
    peer.stop().await;
}

#[tokio::test]
async fn an_untrusted_certificate_is_refused() {
    let certificate = TestCertificate::new();
    let (inbox, peer) = start_peer(Security::ImplicitTls(certificate.config.clone())).await;
    let app = app_sending_to(Backend::Sqlite, smtp_settings(peer.addr, SmtpSecurity::Tls)).await;
    let admin = app.admin().await;

    let id = mail::enqueue(&app.db.pool, &mail_to(&org_of(&admin), "To an impostor")).await.expect("enqueued");
    let failing = wait_for_state(&app, &admin, &id, "failing").await;
    assert!(failing["last_error"].as_str().expect("error").to_lowercase().contains("certificate"), "{failing}");
    assert!(inbox.all().is_empty());
    peer.stop().await;
}
