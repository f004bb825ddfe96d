//! The audit log API (admins).

use crate::catalog::{PriceBookById, ProductById};
use crate::connection;
use crate::connection::page_cost;
use crate::customers::loaders::CustomerById;
use crate::identity::{PartnerById, SalesTeamById, UserById};
use crate::loaders::{ContactById, LeadById, OpportunityById, OrderById, QuoteById};
use crate::request::loader;
use crate::{app, caller};
use async_graphql::{ComplexObject, Context, InputObject, Json, Object, Result, SimpleObject, ID};
use chrono::{DateTime, Utc};
use crm_core::access::require_admin;
use crm_core::audit::entity;
use crm_core::audit::{list_entries, AuditAction, AuditFilter, EntityType};
use crm_core::filters::{parse_id, DateTimeFilter};
use crm_core::pagination::PageRequest;
use crm_core::principal::PrincipalKind;
use crm_core::visible::Visible;
use crm_identity::entity::{partner_organization, sales_team, user};
use crm_notes::domain::NoteSubject;
use uuid::Uuid;

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
#[graphql(complex)]
pub struct AuditActor {
    /// Kind of caller.
    pub kind: Option<PrincipalKind>,
    /// The user or API key id.
    pub id: Option<ID>,
    /// The user's email, the key's name or the command.
    pub label: String,
    #[graphql(skip)]
    entry: Visible<entity::Model>,
}

#[ComplexObject]
impl AuditActor {
    /// The user's display name (null for API keys and commands).
    async fn name(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        let user_made = matches!(
            PrincipalKind::from_api(&self.entry.actor_kind),
            Some(PrincipalKind::Staff | PrincipalKind::Partner | PrincipalKind::Customer)
        );
        let Some(key) = self.entry.seen::<user::Model>(|r| r.actor_id.filter(|_| user_made)) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(|user| user.display_name.clone()))
    }
}

/// One field's value before and after a change (JSON values), and, for a reference to other
/// records (an owner, a partner, products…), their names.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct FieldChange {
    /// Field name as in the API (nested fields dotted, e.g. `address.city`).
    pub field: String,
    /// Value before (null for creations).
    pub before: Json<serde_json::Value>,
    /// Value after.
    pub after: Json<serde_json::Value>,
    #[graphql(skip)]
    entry: Visible<entity::Model>,
}

#[ComplexObject]
impl FieldChange {
    /// For a field that refers to records by id (`ownerId`, `partnerId`, `customerId`,
    /// `productIds`, …): the names of those the caller may see before the change, joined with
    /// ", " (null for other fields, or when none is visible).
    async fn before_text(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        referenced_names(ctx, &self.entry, &self.field, &self.before).await
    }
    /// The names the value refers to after the change (see `beforeText`).
    async fn after_text(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        referenced_names(ctx, &self.entry, &self.field, &self.after).await
    }
}

/// The kind of record a note's entry is about (its `subject` field).
fn note_subject(entry: &Visible<entity::Model>) -> Option<NoteSubject> {
    let subject = entry.changes.0.iter().find(|change| change.field == "subject")?;
    NoteSubject::from_api(subject.after.as_str().or(subject.before.as_str())?)
}

/// The ids a reference field's value holds (one, or a list).
fn ids_in(value: &serde_json::Value) -> Vec<Uuid> {
    match value {
        serde_json::Value::String(text) => Uuid::parse_str(text).into_iter().collect(),
        serde_json::Value::Array(items) => items.iter().flat_map(ids_in).collect(),
        _ => Vec::new(),
    }
}

/// The names of the records a reference field points to, through the loaders of each kind:
/// scoped ones for records that have a scope (a customer, an opportunity), the references of a
/// visible record for people, partners and teams.
async fn referenced_names(
    ctx: &Context<'_>,
    entry: &Visible<entity::Model>,
    field: &str,
    value: &Json<serde_json::Value>,
) -> Result<Option<String>> {
    let ids = ids_in(value);
    if ids.is_empty() {
        return Ok(None);
    }
    // A note's record: its kind is the entry's `subject` field.
    let field = match field {
        "subjectId" => match note_subject(entry) {
            Some(NoteSubject::Customer) => "customerId",
            Some(NoteSubject::Contact) => "contactId",
            Some(NoteSubject::Lead) => "leadId",
            Some(NoteSubject::Opportunity) => "opportunityId",
            Some(NoteSubject::Order) => "orderId",
            None => return Ok(None),
        },
        "previousId" => "quoteId",
        other => other,
    };
    if !NAMED_FIELDS.contains(&field) {
        return Ok(None);
    }
    // All at once: the loaders batch them into one statement per kind.
    let names = futures::future::try_join_all(ids.into_iter().map(|id| name_of(ctx, entry, field, id))).await?;
    let names: Vec<String> = names.into_iter().flatten().collect();
    Ok((!names.is_empty()).then(|| names.join(", ")))
}

/// The fields whose values are ids of records with a name.
const NAMED_FIELDS: [&str; 14] = [
    "ownerId",
    "userId",
    "releasedBy",
    "mentions",
    "partnerId",
    "salesTeamId",
    "customerId",
    "contactId",
    "leadId",
    "opportunityId",
    "quoteId",
    "orderId",
    "productIds",
    "priceBookId",
];

/// The name of the record `id` that `field` refers to, if the caller may see it.
async fn name_of(ctx: &Context<'_>, entry: &Visible<entity::Model>, field: &str, id: Uuid) -> Result<Option<String>> {
    Ok(match field {
        "ownerId" | "userId" | "releasedBy" | "mentions" => match entry.seen::<user::Model>(|_| Some(id)) {
            Some(key) => loader::<UserById>(ctx)?.load_one(key).await?.map(|u| u.display_name.clone()),
            None => None,
        },
        "partnerId" => match entry.seen::<partner_organization::Model>(|_| Some(id)) {
            Some(key) => loader::<PartnerById>(ctx)?.load_one(key).await?.map(|p| p.name.clone()),
            None => None,
        },
        "salesTeamId" => match entry.seen::<sales_team::Model>(|_| Some(id)) {
            Some(key) => loader::<SalesTeamById>(ctx)?.load_one(key).await?.map(|t| t.name.clone()),
            None => None,
        },
        "customerId" => loader::<CustomerById>(ctx)?.load_one(id).await.ok().flatten().map(|c| c.name.clone()),
        "contactId" => loader::<ContactById>(ctx)?.load_one(id).await?.map(|c| format!("{} {}", c.first_name, c.last_name)),
        "leadId" => loader::<LeadById>(ctx)?.load_one(id).await?.map(|l| format!("{} {}", l.first_name, l.last_name)),
        "opportunityId" => loader::<OpportunityById>(ctx)?.load_one(id).await?.map(|o| o.name.clone()),
        "quoteId" => loader::<QuoteById>(ctx)?.load_one(id).await?.map(|q| q.number.clone()),
        "orderId" => loader::<OrderById>(ctx)?.load_one(id).await?.map(|o| o.number.clone()),
        "productIds" => loader::<ProductById>(ctx)?.load_one(id).await.ok().flatten().map(|p| p.name.clone()),
        "priceBookId" => loader::<PriceBookById>(ctx)?.load_one(id).await.ok().flatten().map(|b| b.name.clone()),
        _ => None,
    })
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
            entry: self.0.clone(),
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
    /// The name of the record changed, as the caller may see it now (a customer's or
    /// contact's name, an opportunity's name, a quote's or order's number); null for other
    /// kinds and for records out of the caller's sight.
    async fn subject_name(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        let id = self.0.entity_id;
        Ok(match EntityType::from_api(&self.0.entity_type) {
            Some(EntityType::Customer) => loader::<CustomerById>(ctx)?.load_one(id).await.ok().flatten().map(|c| c.name.clone()),
            Some(EntityType::Contact) => {
                loader::<ContactById>(ctx)?.load_one(id).await?.map(|c| format!("{} {}", c.first_name, c.last_name))
            }
            Some(EntityType::Opportunity) => loader::<OpportunityById>(ctx)?.load_one(id).await?.map(|o| o.name.clone()),
            Some(EntityType::Quote) => loader::<QuoteById>(ctx)?.load_one(id).await?.map(|q| q.number.clone()),
            Some(EntityType::Order) => loader::<OrderById>(ctx)?.load_one(id).await?.map(|o| o.number.clone()),
            Some(EntityType::Lead) => loader::<LeadById>(ctx)?.load_one(id).await?.map(|l| format!("{} {}", l.first_name, l.last_name)),
            _ => None,
        })
    }
    /// The changed fields.
    async fn changes(&self) -> Vec<FieldChange> {
        self.0
            .changes
            .0
            .iter()
            .map(|c| FieldChange {
                field: c.field.clone(),
                before: Json(c.before.clone()),
                after: Json(c.after.clone()),
                entry: self.0.clone(),
            })
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
