//! Migrations that move stored data: a database at the state before one, holding rows in
//! the old form, reads the same after the server migrates it.

use crate::common;

use common::{fresh_url, Backend};
use sightline_server::db::Db;
use sightline_server::guests::store;
use sightline_server::sessions::rights::Feature;

/// The migration that gives guest invitations' withheld rights a table of their own.
const WITHHELD_TABLE: i64 = 10;

/// Applies the backend's migrations older than `version` only, as a server of that time did.
async fn migrate_before(pool: &sqlx::AnyPool, backend: Backend, version: i64) {
    let folder = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(folder);
    let older = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(&source).expect("migrations folder") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|name| name.to_str()).expect("file name").to_owned();
        let number: i64 = name.split('_').next().and_then(|number| number.parse().ok()).expect("numbered migration");
        if number < version {
            std::fs::copy(&path, older.path().join(&name)).expect("copy migration");
        }
    }
    let migrator = sqlx::migrate::Migrator::new(older.path()).await.expect("older migrations");
    migrator.run(pool).await.expect("older migrations apply");
}

/// Stores a guest invitation the way the server did before the migration: its policy as a comma list.
async fn old_guest_invitation(pool: &sqlx::AnyPool, id: &str, withheld: &str) {
    sqlx::query(
        "INSERT INTO guest_invitations (id, session_id, org_id, inviter_id, email, name, comment, description, withheld, \
         token_hash, status, created_at) VALUES ($1, 's', 'o', 't', 'g@partner.example', 'Gus', '', '', $2, $3, 'sent', 1)",
    )
    .bind(id)
    .bind(withheld)
    .bind(format!("hash-{id}"))
    .execute(pool)
    .await
    .expect("old guest invitation");
}

async fn withheld_rights_move_to_their_table(backend: Backend) {
    let (url, _dir) = fresh_url(backend).await;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.expect("database connects");
    migrate_before(&pool, backend, WITHHELD_TABLE).await;
    for statement in [
        "INSERT INTO orgs (id, name, created_at) VALUES ('o', 'Acme', 1)",
        "INSERT INTO technicians (id, org_id, email, display_name, password_hash, created_at) VALUES ('t', 'o', 'olga@acme.example', 'Olga', 'x', 1)",
        "INSERT INTO sessions (id, org_id, created_by, status, join_code, code_expires_at, created_at) VALUES ('s', 'o', 't', 'waiting', '123456789', 2, 1)",
    ] {
        sqlx::query(statement).execute(&pool).await.expect("old row");
    }
    old_guest_invitation(&pool, "narrowed", "zoom,flash,qr").await;
    old_guest_invitation(&pool, "full", "").await;
    pool.close().await;

    let db = Db::connect(&url).await.expect("the server migrates the database");
    let narrowed = store::by_id(&db, "narrowed").await.expect("reads").expect("kept");
    assert_eq!(narrowed.withheld, vec![Feature::Zoom, Feature::Flash, Feature::Qr]);
    assert_eq!(narrowed.inviter_name, "Olga");
    let full = store::by_id(&db, "full").await.expect("reads").expect("kept");
    assert_eq!(full.withheld, Vec::<Feature>::new());
}

on_both_databases!(withheld_rights_move_to_their_table);

/// The migration that chains the audit trail.
const AUDIT_CHAIN: i64 = 14;

async fn earlier_trail_entries_get_places_and_stay_unsealed(backend: Backend) {
    use sightline_server::sessions::audit::{self, key::AuditKey, verify::{Problem, Verified}};

    let (url, _dir) = fresh_url(backend).await;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.expect("database connects");
    migrate_before(&pool, backend, AUDIT_CHAIN).await;
    for statement in [
        "INSERT INTO orgs (id, name, created_at) VALUES ('o', 'Acme', 1)",
        "INSERT INTO technicians (id, org_id, email, display_name, password_hash, created_at) VALUES ('t', 'o', 'olga@acme.example', 'Olga', 'x', 1)",
        "INSERT INTO sessions (id, org_id, created_by, status, join_code, code_expires_at, created_at) VALUES ('s', 'o', 't', 'connected', '123456789', 2, 1)",
        "INSERT INTO sessions (id, org_id, created_by, status, join_code, code_expires_at, created_at) VALUES ('r', 'o', 't', 'ended', '987654321', 2, 1)",
        "INSERT INTO audit_events (session_id, at, actor, kind, detail) VALUES ('s', 10, 't', 'session_started', '{\"from_mobile\":false}')",
        "INSERT INTO audit_events (session_id, at, actor, kind, detail) VALUES ('r', 11, 't', 'session_started', '{\"from_mobile\":false}')",
        "INSERT INTO audit_events (session_id, at, actor, kind, detail) VALUES ('s', 12, NULL, 'customer_joined', '{\"display_name\":\"Phone\"}')",
    ] {
        sqlx::query(statement).execute(&pool).await.expect("old row");
    }
    pool.close().await;

    let db = Db::connect(&url).await.expect("the server migrates the database");
    let entries = audit::entries(&db, "s").await.expect("reads");
    assert_eq!(entries.iter().map(|e| (e.seq, e.kind.as_str(), e.seal.is_none())).collect::<Vec<_>>(), vec![(1, "session_started", true), (2, "customer_joined", true)]);
    let key = AuditKey::generate();
    let unsealed = audit::check(&db, &key, "s").await.expect("checks").expect_err("nothing to vouch for");
    assert_eq!(unsealed.problem, Problem::NothingSealed);

    audit::record(&db.pool, &key, "s", Some("t"), "session_ended", serde_json::json!({ "reason": "technician_ended" })).await.expect("appends");
    assert_eq!(audit::check(&db, &key, "s").await.expect("checks"), Ok(Verified { sealed: 1, unsealed: 2 }));
    assert_eq!(audit::entries(&db, "r").await.expect("reads")[0].seq, 1);
}

on_both_databases!(earlier_trail_entries_get_places_and_stay_unsealed);
