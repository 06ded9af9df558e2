//! Migrations that move stored data: a database at the state before one, holding rows in
//! the old form, reads the same after the server migrates it.

mod common;

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
