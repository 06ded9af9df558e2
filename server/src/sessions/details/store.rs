//! The customer's device and the phone's network, one row per session (`customer_devices`).

use sightline_wire::signal::{DeviceInfo, NetworkType};

use crate::db::{now_ms, Db};
use crate::error::Result;

/// What the phone told of itself: its device (if its SDK describes it) and its network
/// (if its app reported one), with when that was.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerDevice {
    pub device: Option<DeviceInfo>,
    pub network: Option<NetworkType>,
    pub network_reported_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct Row {
    model: Option<String>,
    os: Option<String>,
    os_version: Option<String>,
    app_name: Option<String>,
    app_version: Option<String>,
    sdk_version: Option<String>,
    network: Option<String>,
    network_reported_at: Option<i64>,
}

impl TryFrom<Row> for CustomerDevice {
    type Error = crate::error::Error;

    fn try_from(row: Row) -> Result<Self> {
        let device = match (row.model, row.os, row.os_version, row.app_name, row.app_version, row.sdk_version) {
            (Some(model), Some(os), Some(os_version), Some(app_name), Some(app_version), Some(sdk_version)) => {
                Some(DeviceInfo { model, os, os_version, app_name, app_version, sdk_version })
            }
            _ => None,
        };
        Ok(CustomerDevice {
            device,
            network: row.network.map(|word| word.parse()).transpose()?,
            network_reported_at: row.network_reported_at,
        })
    }
}

/// The session's customer device; the default when the phone told nothing.
pub async fn load(db: &Db, session_id: &str) -> Result<CustomerDevice> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT model, os, os_version, app_name, app_version, sdk_version, network, network_reported_at \
         FROM customer_devices WHERE session_id = $1",
    )
    .bind(session_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(CustomerDevice::try_from).transpose()?.unwrap_or_default())
}

/// Stores the device the SDK described at join.
pub async fn save_device<'e, E>(executor: E, session_id: &str, device: &DeviceInfo) -> Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO customer_devices (session_id, model, os, os_version, app_name, app_version, sdk_version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (session_id) DO UPDATE SET model = excluded.model, os = excluded.os, os_version = excluded.os_version, \
         app_name = excluded.app_name, app_version = excluded.app_version, sdk_version = excluded.sdk_version",
    )
    .bind(session_id)
    .bind(&device.model)
    .bind(&device.os)
    .bind(&device.os_version)
    .bind(&device.app_name)
    .bind(&device.app_version)
    .bind(&device.sdk_version)
    .execute(executor)
    .await?;
    Ok(())
}

/// Stores the network the app reported now; false when it is the one already stored.
pub async fn set_network(db: &Db, session_id: &str, network: NetworkType) -> Result<bool> {
    let changed = sqlx::query(
        "INSERT INTO customer_devices (session_id, network, network_reported_at) VALUES ($1, $2, $3) \
         ON CONFLICT (session_id) DO UPDATE SET network = excluded.network, network_reported_at = excluded.network_reported_at \
         WHERE customer_devices.network IS NULL OR customer_devices.network <> excluded.network",
    )
    .bind(session_id)
    .bind(network.as_str())
    .bind(now_ms())
    .execute(&db.pool)
    .await?
    .rows_affected();
    Ok(changed > 0)
}
