//! Internal invitations: who can be invited, every way an invitation stops being
//! active (seen by the owner live), one active invitation per technician, team
//! queues taken by exactly one technician, request help, org isolation.

use crate::common;

use axum::http::{Method, StatusCode};
use common::collaboration::{accept, id_of, invitation_status, invite, make_reachable, start_session, technician_id};
use common::live::{console_socket, next_where, technician_socket, Socket, CONSOLE_ORIGIN};
use common::{eventually, Backend, Client, TestApp};
use serde_json::{json, Value};

on_both_databases!(
    only_available_technicians_are_listed_and_invited,
    each_way_an_invitation_stops_being_active,
    one_active_invitation_per_technician,
    exactly_one_technician_takes_a_team_invitation,
    a_declined_queue_invitation_stays_for_the_rest_of_the_team,
    request_help_goes_to_the_category_team,
    an_invitation_opens_by_code_with_the_owners_comment,
    nobody_invites_lists_or_joins_across_organisations,
);

/// Waits on the owner's live connection for its view to show the invitation in `status`.
async fn owner_sees(socket: &mut Socket, invitation_id: &str, status: &str) -> Value {
    let seat = next_where(socket, |m| {
        m["type"] == "seat"
            && m["seat"]["invitations"].as_array().is_some_and(|all| all.iter().any(|i| i["id"] == invitation_id && i["status"] == status))
    })
    .await;
    assert!(!seat.is_null(), "the owner's connection closed before the invitation became {status}");
    seat
}

async fn only_available_technicians_are_listed_and_invited(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let olga = app.technician(&admin, "olga@acme.example", "Olga").await;
    let sam = app.technician(&admin, "sam@acme.example", "Sam").await;
    let eve = app.technician(&admin, "eve@acme.example", "Eve").await;
    let (session, _) = start_session(&app, &olga).await;
    let listed = |targets: &Value| -> Vec<String> {
        targets["technicians"].as_array().expect("list").iter().map(|t| t["display_name"].as_str().expect("name").to_owned()).collect()
    };
    let targets = app.get(&olga, &format!("/api/sessions/{session}/invitation-targets")).await.body;
    assert!(listed(&targets).is_empty(), "nobody has a console open or extended availability: {targets}");
    let offline = app.post(&olga, &format!("/api/sessions/{session}/invitations"), json!({"target": "technician", "id": technician_id(&sam)})).await;
    assert_eq!(offline.status, StatusCode::CONFLICT, "{:?}", offline.body);

    // Sam opens the console (online); Eve switches extended availability on.
    let _sam_console = console_socket(addr, &sam, "/api/me/live", CONSOLE_ORIGIN).await.expect("console feed");
    make_reachable(&app, &admin, &eve).await;
    let targets_path = format!("/api/sessions/{session}/invitation-targets");
    eventually("Eve and Sam are reachable", || async { listed(&app.get(&olga, &targets_path).await.body) == ["Eve", "Sam"] }).await;
    let targets = app.get(&olga, &format!("/api/sessions/{session}/invitation-targets")).await.body;
    let flags: Vec<(bool, bool)> = targets["technicians"]
        .as_array()
        .expect("list")
        .iter()
        .map(|t| (t["online"].as_bool().expect("online"), t["extended_availability"].as_bool().expect("extended")))
        .collect();
    assert_eq!(flags, [(false, true), (true, false)]);
    // Inviting a technician with extended availability also emails them (through the outbox).
    invite(&app, &olga, &session, &sam, "").await;
    let to_eve = invite(&app, &olga, &session, &eve, "Printer on fire").await;
    let mails: Vec<(String, String)> = sqlx::query_as("SELECT to_address, text_body FROM mail_outbox")
        .fetch_all(&app.db.pool)
        .await
        .expect("outbox");
    assert_eq!(mails.len(), 1, "only Eve is emailed: {mails:?}");
    assert_eq!(mails[0].0, "eve@acme.example");
    assert!(mails[0].1.contains(to_eve["link"].as_str().expect("link")) && mails[0].1.contains("Printer on fire"), "{}", mails[0].1);
}

async fn each_way_an_invitation_stops_being_active(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let olga = app.technician(&admin, "olga@acme.example", "Olga").await;
    let sam = app.technician(&admin, "sam@acme.example", "Sam").await;
    let tina = app.technician(&admin, "tina@acme.example", "Tina").await;
    make_reachable(&app, &admin, &sam).await;
    make_reachable(&app, &admin, &tina).await;
    let (session, _) = start_session(&app, &olga).await;
    let mut olga_live = technician_socket(addr, &olga, &session).await;

    // Revoked by the owner: the invitee can no longer take it.
    let revoked = id_of(&invite(&app, &olga, &session, &tina, "").await);
    assert_eq!(app.post(&olga, &format!("/api/invitations/{revoked}/revoke"), json!({})).await.status, StatusCode::NO_CONTENT);
    owner_sees(&mut olga_live, &revoked, "revoked").await;
    let late = app.post(&tina, &format!("/api/invitations/{revoked}/accept"), json!({"display_name": "Tina"})).await;
    assert_eq!((late.status, late.code()), (StatusCode::GONE, "invitation_inactive"));

    // Declined by the invitee.
    let declined = id_of(&invite(&app, &olga, &session, &tina, "").await);
    assert_eq!(app.post(&tina, &format!("/api/invitations/{declined}/decline"), json!({})).await.status, StatusCode::NO_CONTENT);
    owner_sees(&mut olga_live, &declined, "declined").await;

    // Accepted by the invitee, who joins as a secondary under the name it confirmed.
    let accepted = id_of(&invite(&app, &olga, &session, &sam, "").await);
    accept(&app, &sam, &accepted, "Sam (network team)").await;
    let seat = owner_sees(&mut olga_live, &accepted, "accepted").await;
    let people = seat["seat"]["participants"].as_array().expect("participants").clone();
    assert!(people.iter().any(|p| p["display_name"] == "Sam (network team)" && p["role"] == "secondary"), "{people:?}");
    let again = app.post(&sam, &format!("/api/invitations/{accepted}/accept"), json!({"display_name": "Sam"})).await;
    assert_eq!(again.status, StatusCode::GONE);

    // The inviter transfers ownership: its open invitations stop.
    let transferred = id_of(&invite(&app, &olga, &session, &tina, "").await);
    let sam_participant = people.iter().find(|p| p["role"] == "secondary").expect("sam")["id"].clone();
    assert_eq!(app.post(&olga, &format!("/api/sessions/{session}/transfer"), json!({"participant_id": sam_participant})).await.status, StatusCode::NO_CONTENT);
    assert_eq!(invitation_status(&app, &transferred).await, "ownership_transferred");
    let mut sam_live = technician_socket(addr, &sam, &session).await;
    owner_sees(&mut sam_live, &transferred, "ownership_transferred").await;

    // The inviter (now Sam) leaves: its open invitations stop, ownership passes back to Olga.
    let left = id_of(&invite(&app, &sam, &session, &tina, "").await);
    assert_eq!(app.post(&sam, &format!("/api/sessions/{session}/leave"), json!({})).await.status, StatusCode::NO_CONTENT);
    owner_sees(&mut olga_live, &left, "inviter_left").await;
    let olga_now = app.get(&olga, &format!("/api/sessions/{session}")).await.body;
    let olga_role = olga_now["participants"].as_array().expect("people").iter().find(|p| p["display_name"] == "Olga" && p["left_at"].is_null()).expect("olga")["role"].clone();
    assert_eq!(olga_role, "primary");

    // The session ends.
    let ended = id_of(&invite(&app, &olga, &session, &tina, "").await);
    assert_eq!(app.post(&olga, &format!("/api/sessions/{session}/end"), json!({})).await.status, StatusCode::OK);
    assert_eq!(invitation_status(&app, &ended).await, "session_ended");
    let too_late = app.post(&tina, &format!("/api/invitations/{ended}/accept"), json!({"display_name": "Tina"})).await;
    assert_eq!((too_late.status, too_late.code()), (StatusCode::GONE, "invitation_inactive"));
    let queue = app.get(&tina, "/api/me/invitations").await.body;
    assert_eq!(queue, json!([]));
}

async fn one_active_invitation_per_technician(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app.admin().await;
    let olga = app.technician(&admin, "olga@acme.example", "Olga").await;
    let sam = app.technician(&admin, "sam@acme.example", "Sam").await;
    make_reachable(&app, &admin, &sam).await;
    let (session, _) = start_session(&app, &olga).await;
    let first = invite(&app, &olga, &session, &sam, "").await;
    let before = app.table_counts().await;
    let second = app.post(&olga, &format!("/api/sessions/{session}/invitations"), json!({"target": "technician", "id": technician_id(&sam)})).await;
    assert_eq!(second.status, StatusCode::CONFLICT, "{:?}", second.body);
    assert_eq!(app.table_counts().await, before);
    // The database refuses it too, whatever the application does.
    let forced = sqlx::query(
        "INSERT INTO invitations (id, session_id, org_id, inviter_id, target, technician_id, comment, code, status, created_at) \
         SELECT 'forced', session_id, org_id, inviter_id, target, technician_id, comment, '000000001', 'active', created_at \
         FROM invitations WHERE id = $1",
    )
    .bind(id_of(&first))
    .execute(&app.db.pool)
    .await;
    assert!(matches!(forced, Err(sqlx::Error::Database(ref err)) if err.is_unique_violation()), "{forced:?}");
    // Once it is no longer active, a new one may be sent.
    assert_eq!(app.post(&sam, &format!("/api/invitations/{}/decline", id_of(&first)), json!({})).await.status, StatusCode::NO_CONTENT);
    invite(&app, &olga, &session, &sam, "").await;
}

async fn team_of(app: &TestApp, admin: &Client, name: &str, members: &[&Client]) -> String {
    let team = id_of(&app.post(admin, "/api/teams", json!({"name": name})).await.body);
    for member in members {
        let path = format!("/api/teams/{team}/members/{}", technician_id(member));
        assert!(app.call(Some(admin), Method::PUT, &path, None).await.status.is_success());
    }
    team
}

async fn exactly_one_technician_takes_a_team_invitation(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app.admin().await;
    let olga = app.technician(&admin, "olga@acme.example", "Olga").await;
    let sam = app.technician(&admin, "sam@acme.example", "Sam").await;
    let tina = app.technician(&admin, "tina@acme.example", "Tina").await;
    let team = team_of(&app, &admin, "Field", &[&sam, &tina]).await;
    for round in 0..12 {
        let (session, _) = start_session(&app, &olga).await;
        let first = app.post(&olga, &format!("/api/sessions/{session}/invitations"), json!({"target": "team", "id": team})).await;
        assert_eq!(first.status, StatusCode::CREATED);
        let id = id_of(&first.body);
        let path = format!("/api/invitations/{id}/accept");
        let (a, b) = tokio::join!(
            app.post(&sam, &path, json!({"display_name": "Sam"})),
            app.post(&tina, &path, json!({"display_name": "Tina"})),
        );
        let mut statuses = [a.status, b.status];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::OK, StatusCode::GONE], "round {round}: {:?} / {:?}", a.body, b.body);
        let (joined,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM participants WHERE session_id = $1 AND role = 'secondary'")
                .bind(&session)
                .fetch_one(&app.db.pool)
                .await
                .expect("count");
        assert_eq!(joined, 1, "round {round}");
        // For the one left out, it vanished from the queue.
        let loser = if a.status == StatusCode::OK { &tina } else { &sam };
        assert_eq!(app.get(loser, "/api/me/invitations").await.body, json!([]));
        // The owner may send several to the same team: a second one reaches the member left out.
        let second = app.post(&olga, &format!("/api/sessions/{session}/invitations"), json!({"target": "team", "id": team})).await;
        assert_eq!(second.status, StatusCode::CREATED);
        let queue = app.get(loser, "/api/me/invitations").await.body;
        assert_eq!(queue.as_array().map(Vec::len), Some(1), "round {round}");
        app.post(&olga, &format!("/api/sessions/{session}/end"), json!({})).await;
    }
}

async fn a_declined_queue_invitation_stays_for_the_rest_of_the_team(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app.admin().await;
    let olga = app.technician(&admin, "olga@acme.example", "Olga").await;
    let sam = app.technician(&admin, "sam@acme.example", "Sam").await;
    let tina = app.technician(&admin, "tina@acme.example", "Tina").await;
    let team = team_of(&app, &admin, "Field", &[&sam, &tina]).await;
    let (session, _) = start_session(&app, &olga).await;
    let sent = app.post(&olga, &format!("/api/sessions/{session}/invitations"), json!({"target": "team", "id": team})).await;
    let id = id_of(&sent.body);
    assert_eq!(app.post(&sam, &format!("/api/invitations/{id}/decline"), json!({})).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get(&sam, "/api/me/invitations").await.body, json!([]));
    assert_eq!(app.get(&tina, "/api/me/invitations").await.body[0]["id"], json!(id));
    assert_eq!(invitation_status(&app, &id).await, "active");
    accept(&app, &tina, &id, "Tina").await;
}

async fn request_help_goes_to_the_category_team(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app.admin().await;
    let olga = app.technician(&admin, "olga@acme.example", "Olga").await;
    let sam = app.technician(&admin, "sam@acme.example", "Sam").await;
    let tina = app.technician(&admin, "tina@acme.example", "Tina").await;
    let team = team_of(&app, &admin, "Printers", &[&sam]).await;
    let helped = id_of(&app.post(&admin, "/api/categories", json!({"name": "Printer jam", "team_id": team, "request_help": true})).await.body);
    let closed = id_of(&app.post(&admin, "/api/categories", json!({"name": "Billing", "team_id": team, "request_help": false})).await.body);
    let (session, _) = start_session(&app, &olga).await;
    let targets = app.get(&olga, &format!("/api/sessions/{session}/invitation-targets")).await.body;
    assert_eq!(targets["categories"], json!([{"id": helped, "name": "Printer jam"}]));
    let refused = app.post(&olga, &format!("/api/sessions/{session}/invitations"), json!({"target": "category", "id": closed})).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    let sent = app.post(&olga, &format!("/api/sessions/{session}/invitations"), json!({"target": "category", "id": helped, "comment": "jammed"})).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{:?}", sent.body);
    assert_eq!(sent.body["target_name"], "Printer jam");
    let queue = app.get(&sam, "/api/me/invitations").await.body;
    assert_eq!((queue[0]["via"].as_str(), queue[0]["comment"].as_str()), (Some("Printer jam"), Some("jammed")));
    assert_eq!(app.get(&tina, "/api/me/invitations").await.body, json!([]), "not in the category's team");
    let wrong = app.post(&tina, &format!("/api/invitations/{}/accept", id_of(&sent.body)), json!({"display_name": "Tina"})).await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
}

async fn an_invitation_opens_by_code_with_the_owners_comment(backend: Backend) {
    let app = TestApp::new(backend).await;
    let addr = app.serve().await;
    let admin = app.admin().await;
    let olga = app.technician(&admin, "olga@acme.example", "Olga").await;
    let sam = app.technician(&admin, "sam@acme.example", "Sam").await;
    let tina = app.technician(&admin, "tina@acme.example", "Tina").await;
    make_reachable(&app, &admin, &sam).await;
    let (session, _) = start_session(&app, &olga).await;
    let mut sam_console = console_socket(addr, &sam, "/api/me/live", CONSOLE_ORIGIN).await.expect("console feed");
    let sent = invite(&app, &olga, &session, &sam, "The router in room 4").await;
    let code = sent["code"].as_str().expect("code");
    assert!(sent["link"].as_str().expect("link").ends_with(&format!("/invitations/{code}")));
    // The invitation arrives on the invitee's console live.
    let pushed = next_where(&mut sam_console, |m| m["type"] == "invitations" && m["invitations"].as_array().is_some_and(|l| !l.is_empty())).await;
    assert_eq!(pushed["invitations"][0]["comment"], "The router in room 4");
    let opened = app.get(&sam, &format!("/api/invitations/code/{code}")).await;
    assert_eq!(opened.status, StatusCode::OK);
    assert_eq!((opened.body["comment"].as_str(), opened.body["inviter_name"].as_str()), (Some("The router in room 4"), Some("Olga")));
    let spaced = format!("{} {} {}", &code[..3], &code[3..6], &code[6..]);
    assert_eq!(app.get(&sam, &format!("/api/invitations/code/{}", spaced.replace(' ', "%20"))).await.status, StatusCode::OK);
    assert_eq!(app.get(&tina, &format!("/api/invitations/code/{code}")).await.status, StatusCode::NOT_FOUND, "not Tina's");
    assert_eq!(app.get(&sam, "/api/invitations/code/123456789").await.status, StatusCode::NOT_FOUND);
    accept(&app, &sam, &id_of(&opened.body), "Sam").await;
    let emptied = next_where(&mut sam_console, |m| m["type"] == "invitations" && m["invitations"] == json!([])).await;
    assert!(!emptied.is_null());
}

async fn nobody_invites_lists_or_joins_across_organisations(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app.admin().await;
    let olga = app.technician(&admin, "olga@acme.example", "Olga").await;
    let sam = app.technician(&admin, "sam@acme.example", "Sam").await;
    make_reachable(&app, &admin, &sam).await;
    let (session, _) = start_session(&app, &olga).await;
    let sent = invite(&app, &olga, &session, &sam, "").await;
    let id = id_of(&sent);
    let code = sent["code"].as_str().expect("code").to_owned();
    let globex = app.other_org_admin().await;
    let team = id_of(&app.post(&globex, "/api/teams", json!({"name": "Globex team"})).await.body);
    let before = app.table_counts().await;
    for (method, path, body) in [
        (Method::GET, format!("/api/sessions/{session}/invitation-targets"), None),
        (Method::GET, format!("/api/sessions/{session}/invitations"), None),
        (Method::POST, format!("/api/sessions/{session}/invitations"), Some(json!({"target": "technician", "id": technician_id(&sam)}))),
        (Method::GET, format!("/api/invitations/code/{code}"), None),
        (Method::POST, format!("/api/invitations/{id}/accept"), Some(json!({"display_name": "Gil"}))),
        (Method::POST, format!("/api/invitations/{id}/decline"), Some(json!({}))),
        (Method::POST, format!("/api/invitations/{id}/revoke"), Some(json!({}))),
        (Method::POST, format!("/api/sessions/{session}/monitor"), Some(json!({}))),
    ] {
        let answer = app.call(Some(&globex), method, &path, body).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}: {:?}", answer.body);
    }
    assert_eq!(app.get(&globex, "/api/me/invitations").await.body, json!([]));
    // Nor can an owner invite another organisation's team or technician.
    let foreign = app.post(&olga, &format!("/api/sessions/{session}/invitations"), json!({"target": "team", "id": team})).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    let gil = technician_id(&globex);
    let foreign = app.post(&olga, &format!("/api/sessions/{session}/invitations"), json!({"target": "technician", "id": gil})).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    assert_eq!(app.table_counts().await, before);
    assert_eq!(invitation_status(&app, &id).await, "active");
}
