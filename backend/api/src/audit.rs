//! The audit log API (admins).

use crate::connection;
use crate::connection::page_cost;
use crate::{app, caller};
use async_graphql::{Context, InputObject, Json, Object, Result, SimpleObject, ID};
use chrono::{DateTime, Utc};
use crm_core::access::require_admin;
use crm_core::audit::entity;
use crm_core::audit::{list_entries, AuditAction, AuditFilter, EntityType};
use crm_core::filters::{parse_id, DateTimeFilter};
use crm_core::pagination::PageRequest;
use crm_core::principal::PrincipalKind;
use crm_core::visible::Visible;

/// One audited change: who did what to which record, field by field.
#[derive(Clone)]
pub struct AuditEntry(Visible<entity::Model>);

impl From<Visible<entity::Model>> for AuditEntry {
    fn from(row: Visible<entity::Model>) -> Self {
        Self(row)
    }
}

/// Who made an audited change.
#[derive(SimpleObject, Clone)]
pub struct AuditActor {
    /// Kind of caller.
    pub kind: Option<PrincipalKind>,
    /// The user or API key id.
    pub id: Option<ID>,
    /// The user's email, the key's name or the command.
    pub label: String,
}

/// One field's value before and after a change (JSON values).
#[derive(SimpleObject, Clone)]
pub struct FieldChange {
    /// Field name as in the API (nested fields dotted, e.g. `address.city`).
    pub field: String,
    /// Value before (null for creations).
    pub before: Json<serde_json::Value>,
    /// Value after.
    pub after: Json<serde_json::Value>,
}

/// One audited change: who did what to which record, field by field.
#[Object]
impl AuditEntry {
    /// Unique id (UUIDv7).
    pub async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// When the change was committed.
    async fn occurred_at(&self) -> DateTime<Utc> {
        self.0.occurred_at
    }
    /// Who made the change.
    async fn actor(&self) -> AuditActor {
        AuditActor {
            kind: PrincipalKind::from_api(&self.0.actor_kind),
            id: self.0.actor_id.map(|id| ID(id.to_string())),
            label: self.0.actor_label.clone(),
        }
    }
    /// What was done.
    async fn action(&self) -> Option<AuditAction> {
        AuditAction::from_api(&self.0.action)
    }
    /// Kind of record changed.
    async fn entity_type(&self) -> Option<EntityType> {
        EntityType::from_api(&self.0.entity_type)
    }
    /// Id of the record changed.
    async fn entity_id(&self) -> ID {
        ID(self.0.entity_id.to_string())
    }
    /// The changed fields.
    async fn changes(&self) -> Vec<FieldChange> {
        self.0
            .changes
            .0
            .iter()
            .map(|c| FieldChange { field: c.field.clone(), before: Json(c.before.clone()), after: Json(c.after.clone()) })
            .collect()
    }
    /// Request id of the API call, to find it in the server logs.
    async fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }
}

connection!(AuditEntryConnection, AuditEntryEdge, AuditEntry, entity::Entity, "audit entries");

/// Typed filter of the audit log.
#[derive(InputObject, Default)]
pub struct AuditLogFilter {
    /// Kind of record changed.
    pub entity_type: Option<EntityType>,
    /// Id of the record changed.
    pub entity_id: Option<ID>,
    /// User or API key id.
    pub actor_id: Option<ID>,
    /// What was done.
    pub action: Option<AuditAction>,
    /// Time range of the change.
    pub occurred_at: Option<DateTimeFilter>,
}

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// The audit log (admins), newest first.
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<AuditLogFilter>,
    ) -> Result<AuditEntryConnection> {
        let admin = require_admin(&caller(ctx)?.principal)?;
        let page = PageRequest::from_relay(first, after, last, before)?;
        let filter = filter.unwrap_or_default();
        let filter = AuditFilter {
            entity_type: filter.entity_type,
            entity_id: filter.entity_id.as_ref().map(|id| parse_id(id, "filter.entityId")).transpose()?,
            actor_id: filter.actor_id.as_ref().map(|id| parse_id(id, "filter.actorId")).transpose()?,
            action: filter.action,
            occurred_from: filter.occurred_at.as_ref().and_then(|r| r.gte),
            occurred_to: filter.occurred_at.as_ref().and_then(|r| r.lte),
        };
        let (page, all) = list_entries(&app(ctx)?.db, &admin, &filter, &page).await?;
        Ok(AuditEntryConnection::new(page, all, AuditEntry))
    }
}

crate::node_lookup!("audit entries (admins only)", |db, principal, ids| {
    use crate::node::Node;
    let Ok(admin) = crm_core::access::require_admin(principal) else { return Ok(Vec::new()) };
    Ok(crm_core::audit::entries_by_ids(db, &admin, ids).await?.into_iter().map(|r| (r.id, Node::AuditEntry(AuditEntry(r)))).collect())
});
