//! The first organisation and its admin, created on an empty database.

use super::{orgs, store, validate};
use super::technicians::{self, NewTechnician, Technician};
use crate::auth::password;
use crate::db::Db;
use crate::error::Result;

/// A freshly created admin and the password to give them (shown once).
#[derive(Debug)]
pub struct NewAdmin {
    pub technician: Technician,
    pub password: String,
}

/// Creates an organisation with one admin. Without a password, one is generated.
pub async fn create_org_with_admin(db: &Db, org_name: &str, email: &str, name: &str, password: Option<String>) -> Result<NewAdmin> {
    let password = password.unwrap_or_else(password::generate);
    // Check everything before writing anything, so a bad email leaves no empty organisation.
    validate::email(email)?;
    validate::text("display_name", name, 80)?;
    password::validate(&password)?;
    let org_id = orgs::create(db, org_name).await?;
    let technician = technicians::create(
        db,
        &org_id,
        NewTechnician { email: email.to_owned(), display_name: name.to_owned(), password: password.clone(), is_admin: true },
    )
    .await?;
    Ok(NewAdmin { technician, password })
}

/// The admin with this email, enabled again with `password`; on first use, a new organisation
/// with this admin. The demo signs in this way with a fresh password on every start.
pub async fn admin_with_password(db: &Db, org_name: &str, email: &str, name: &str, password: &str) -> Result<Technician> {
    if let Some(id) = store::technicians::id_with_email(db, email).await? {
        let hash = password::hash(password.to_owned()).await?;
        let enabled = store::technicians::Change { password_hash: Some(&hash), disabled: Some(false), ..Default::default() };
        store::technicians::update(db, &id, enabled).await?;
        return technicians::fetch(db, &id).await;
    }
    Ok(create_org_with_admin(db, org_name, email, name, Some(password.to_owned())).await?.technician)
}

/// True when no organisation exists yet.
pub async fn is_empty(db: &Db) -> Result<bool> {
    Ok(store::orgs::count(db).await? == 0)
}
