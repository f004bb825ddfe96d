//! PostgreSQL tells every server process when a credential may have changed, so each can keep
//! the outcome of checking one in memory (`crm_core::credentials`): `NOTIFY crm_auth` after
//! any committed change that matters to authentication, whoever made it (another instance, an
//! operator's SQL). Notifications are transactional: sent at commit, never for a rollback.
//!
//! What matters: a session revoked or moved; a user's activity, kind, role, email, partner or
//! customer; an API key's secret, scopes, name, expiry or revocation; any of these rows deleted.
//! Not a session's new expiry on refresh, nor a key's `last_used_at`: those happen all the time
//! and change nobody's rights.
//!
//! SQLite has one server process per database file: it hears its own changes directly.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000007_credential_changes"
    }
}

/// Each table, and the condition on `OLD`/`NEW` under which an update matters.
const WATCHED: [(&str, &str); 3] = [
    (
        "users",
        "OLD.active IS DISTINCT FROM NEW.active OR OLD.kind IS DISTINCT FROM NEW.kind \
         OR OLD.role IS DISTINCT FROM NEW.role OR OLD.email IS DISTINCT FROM NEW.email \
         OR OLD.partner_id IS DISTINCT FROM NEW.partner_id OR OLD.customer_id IS DISTINCT FROM NEW.customer_id",
    ),
    ("auth_sessions", "OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.user_id IS DISTINCT FROM NEW.user_id"),
    (
        "api_keys",
        "OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.expires_at IS DISTINCT FROM NEW.expires_at \
         OR OLD.secret_hash IS DISTINCT FROM NEW.secret_hash OR OLD.scopes IS DISTINCT FROM NEW.scopes \
         OR OLD.name IS DISTINCT FROM NEW.name OR OLD.prefix IS DISTINCT FROM NEW.prefix",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE FUNCTION crm_notify_credentials() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN PERFORM pg_notify('crm_auth', TG_TABLE_NAME); RETURN NULL; END $$",
        )
        .await?;
        for (table, changed) in WATCHED {
            db.execute_unprepared(&format!(
                "CREATE TRIGGER {table}_credentials_updated AFTER UPDATE ON {table} FOR EACH ROW \
                 WHEN ({changed}) EXECUTE FUNCTION crm_notify_credentials()"
            ))
            .await?;
            db.execute_unprepared(&format!(
                "CREATE TRIGGER {table}_credentials_deleted AFTER DELETE ON {table} FOR EACH ROW \
                 EXECUTE FUNCTION crm_notify_credentials()"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        for (table, _) in WATCHED {
            db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {table}_credentials_updated ON {table}")).await?;
            db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {table}_credentials_deleted ON {table}")).await?;
        }
        db.execute_unprepared("DROP FUNCTION IF EXISTS crm_notify_credentials()").await?;
        Ok(())
    }
}
