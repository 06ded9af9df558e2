//! The demo organisation's people, made so every role can be tried: the demo
//! technician (an admin, who owns the demo session), a second technician to invite,
//! a team of both and a request-help category routed to it. Made on the first start
//! through the public API; every start gives both technicians fresh passwords.

use serde_json::{json, Value};

use sightline_server::accounts::bootstrap;
use sightline_server::accounts::technicians::Technician;
use sightline_server::auth::password;
use sightline_server::{AppState, Error, Result};

use crate::api::Api;

const ORG_NAME: &str = "Demo organisation";
pub const DEMO_EMAIL: &str = "demo@sightline.example";
const DEMO_NAME: &str = "Demo technician";
pub const SECOND_EMAIL: &str = "second@sightline.example";
const SECOND_NAME: &str = "Second technician";
const TEAM: &str = "Field support";
const CATEGORY: &str = "Equipment fault";

/// A sign-in to print, with what it is for.
pub struct SignIn {
    pub email: &'static str,
    pub password: String,
    pub about: &'static str,
}

/// The demo's people, ready to sign in.
pub struct Cast {
    /// Starts the demo sessions.
    pub owner: Technician,
    pub sign_ins: Vec<SignIn>,
}

/// Makes (or refreshes) the demo's people.
pub async fn assemble(state: &AppState) -> Result<Cast> {
    let owner_password = password::generate();
    let owner = bootstrap::admin_with_password(&state.db, ORG_NAME, DEMO_EMAIL, DEMO_NAME, &owner_password).await?;
    let api = Api::sign_in(state, DEMO_EMAIL, &owner_password).await?;

    let second_password = password::generate();
    let second_id = match find(&api.get("/api/technicians").await?, "email", SECOND_EMAIL) {
        Some(id) => {
            api.patch(&format!("/api/technicians/{id}"), json!({ "password": second_password, "disabled": false })).await?;
            id
        }
        None => {
            let created = api
                .post("/api/technicians", json!({ "email": SECOND_EMAIL, "display_name": SECOND_NAME, "password": second_password }))
                .await?;
            id_of(&created)?
        }
    };
    let team_id = match find(&api.get("/api/teams").await?, "name", TEAM) {
        Some(id) => id,
        None => id_of(&api.post("/api/teams", json!({ "name": TEAM })).await?)?,
    };
    for member in [&owner.id, &second_id] {
        api.put(&format!("/api/teams/{team_id}/members/{member}")).await?;
    }
    if find(&api.get("/api/categories").await?, "name", CATEGORY).is_none() {
        api.post("/api/categories", json!({ "name": CATEGORY, "team_id": team_id, "request_help": true })).await?;
    }

    let sign_ins = vec![
        SignIn { email: DEMO_EMAIL, password: owner_password, about: "admin; owns the demo session" },
        SignIn { email: SECOND_EMAIL, password: second_password, about: "a second technician to invite" },
    ];
    Ok(Cast { owner, sign_ins })
}

/// The id of the item in the list `items` whose `field` is `value`.
fn find(items: &Value, field: &str, value: &str) -> Option<String> {
    items.as_array()?.iter().find(|item| item[field] == value).and_then(|item| item["id"].as_str()).map(str::to_owned)
}

fn id_of(item: &Value) -> Result<String> {
    item["id"].as_str().map(str::to_owned).ok_or_else(|| Error::Internal(format!("no id in {item}")))
}
