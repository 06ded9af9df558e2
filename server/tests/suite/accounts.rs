//! Admins manage technicians, teams and issue categories; organisations never see each other.

use crate::common;

use axum::http::{Method, StatusCode};
use common::{Backend, TestApp, ADMIN_PASSWORD};
use serde_json::json;

on_both_databases!(admins_manage_teams_and_categories, organisations_are_isolated);

async fn admins_manage_teams_and_categories(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app.admin().await;
    let tech = app.technician(&admin, "tom@acme.example", "Tom Tech").await;
    let tom = tech.me["technician"]["id"].as_str().expect("id").to_owned();

    let duplicate = app.post(&admin, "/api/technicians", json!({"email": "TOM@acme.example", "display_name": "T2", "password": ADMIN_PASSWORD})).await;
    assert_eq!(duplicate.status, StatusCode::CONFLICT);
    assert_eq!(duplicate.code(), "conflict");

    let team = app.post(&admin, "/api/teams", json!({"name": "Field service"})).await;
    assert_eq!(team.status, StatusCode::CREATED);
    let team_id = team.body["id"].as_str().expect("id").to_owned();
    assert_eq!(app.post(&admin, "/api/teams", json!({"name": "Field service"})).await.status, StatusCode::CONFLICT);
    assert_eq!(app.post(&tech, "/api/teams", json!({"name": "Mine"})).await.status, StatusCode::FORBIDDEN);

    let added = app.call(Some(&admin), Method::PUT, &format!("/api/teams/{team_id}/members/{tom}"), None).await;
    assert_eq!(added.status, StatusCode::OK);
    assert_eq!(added.body["member_ids"], json!([tom]));
    let twice = app.call(Some(&admin), Method::PUT, &format!("/api/teams/{team_id}/members/{tom}"), None).await;
    assert_eq!(twice.body["member_ids"], json!([tom]));

    let without_team = app.post(&admin, "/api/categories", json!({"name": "Boilers", "request_help": true})).await;
    assert_eq!(without_team.status, StatusCode::UNPROCESSABLE_ENTITY);
    let category = app.post(&admin, "/api/categories", json!({"name": "Boilers", "team_id": team_id, "request_help": true})).await;
    assert_eq!(category.status, StatusCode::CREATED, "{:?}", category.body);
    assert_eq!(category.body["request_help"], true);
    let category_id = category.body["id"].as_str().expect("id").to_owned();

    let listed = app.get(&tech, "/api/categories").await;
    assert_eq!(listed.body.as_array().map(Vec::len), Some(1));
    let renamed = app.call(Some(&admin), Method::PATCH, &format!("/api/teams/{team_id}"), Some(json!({"name": "Field"}))).await;
    assert_eq!(renamed.body["name"], "Field");

    let deleted = app.call(Some(&admin), Method::DELETE, &format!("/api/teams/{team_id}"), None).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let orphan = app.get(&admin, "/api/categories").await;
    assert_eq!(orphan.body[0]["id"], category_id.as_str());
    assert_eq!(orphan.body[0]["team_id"], serde_json::Value::Null, "a deleted team leaves its categories without one");
    assert_eq!(app.get(&admin, "/api/teams").await.body, json!([]));
}

async fn organisations_are_isolated(backend: Backend) {
    let app = TestApp::new(backend).await;
    let acme = app.admin().await;
    let acme_tech = app.technician(&acme, "tom@acme.example", "Tom Tech").await;
    let globex = app.other_org_admin().await;

    let session = app.post(&acme_tech, "/api/sessions", json!({})).await;
    let session_id = session.body["id"].as_str().expect("id").to_owned();
    let team_id = app.post(&acme, "/api/teams", json!({"name": "Acme team"})).await.body["id"].as_str().expect("id").to_owned();
    let category_id = app.post(&acme, "/api/categories", json!({"name": "Acme issues"})).await.body["id"].as_str().expect("id").to_owned();
    let tech_id = acme_tech.me["technician"]["id"].as_str().expect("id").to_owned();
    let before = app.table_counts().await;

    for path in [
        format!("/api/sessions/{session_id}"),
        format!("/api/sessions/{session_id}/qr.png"),
        format!("/api/sessions/{session_id}/audit"),
        format!("/api/teams/{team_id}"),
        format!("/api/technicians/{tech_id}"),
    ] {
        let answer = app.get(&globex, &path).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path} leaked across organisations");
        assert_eq!(answer.code(), "not_found");
    }
    for (method, path, body) in [
        (Method::POST, format!("/api/sessions/{session_id}/end"), None),
        (Method::PATCH, format!("/api/teams/{team_id}"), Some(json!({"name": "stolen"}))),
        (Method::DELETE, format!("/api/teams/{team_id}"), None),
        (Method::PATCH, format!("/api/categories/{category_id}"), Some(json!({"name": "stolen"}))),
        (Method::DELETE, format!("/api/categories/{category_id}"), None),
        (Method::PATCH, format!("/api/technicians/{tech_id}"), Some(json!({"disabled": true}))),
    ] {
        let answer = app.call(Some(&globex), method.clone(), &path, body).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{method} {path} reached across organisations");
    }
    // Globex's own team cannot take Acme's technician, nor route to Acme's team.
    let globex_team = app.post(&globex, "/api/teams", json!({"name": "Globex team"})).await.body["id"].as_str().expect("id").to_owned();
    let before_member = app.table_counts().await;
    let steal = app.call(Some(&globex), Method::PUT, &format!("/api/teams/{globex_team}/members/{tech_id}"), None).await;
    assert_eq!(steal.status, StatusCode::NOT_FOUND);
    let route = app.post(&globex, "/api/categories", json!({"name": "x", "team_id": team_id, "request_help": true})).await;
    assert_eq!(route.status, StatusCode::NOT_FOUND);
    assert_eq!(app.table_counts().await, before_member);

    for list in ["/api/sessions?state=all", "/api/technicians", "/api/teams", "/api/categories"] {
        let body = app.get(&globex, list).await.body.to_string();
        for secret in [&session_id, &tech_id, &team_id, &category_id] {
            assert!(!body.contains(secret.as_str()), "{list} shows another organisation's {secret}");
        }
    }
    assert_eq!(app.get(&acme, &format!("/api/sessions/{session_id}")).await.status, StatusCode::OK);
    let mut after = app.table_counts().await;
    after.retain(|(table, _)| table != "teams");
    let mut expected = before;
    expected.retain(|(table, _)| table != "teams");
    assert_eq!(after, expected);
}
