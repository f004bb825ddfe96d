// This module is the repository of its own tables (it has no separate `repo.rs`).
#![allow(clippy::disallowed_methods)]

use super::entity::{self, Changes, FieldChange};
use crate::access::AdminRights;
use crate::access::CustomerHistoryRights;
use crate::clock::new_id_at;
use crate::db::Db;
use crate::error::AppResult;
use crate::event_log::{self, Change};
use crate::pagination::{fetch_page, id_key, KeyKind, Keyset, Page, PageRequest, SortKey};
use crate::principal::Caller;
use crate::visible::Visible;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Condition, SelectStatement};
use sea_orm::{ActiveModelTrait, ActiveValue, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Select, Set};
use serde::Serialize;
use uuid::Uuid;

// The audit log's values (`crm-contract`, shared with the browser app), stored as their API
// spelling (`as_api`, `from_api`).
pub use crm_contract::audit::{AuditAction, EntityType};

/// The record an audit entry is about. Customers and contacts also name their customer (a
/// contact never moves to another one), so a customer's history is one index range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Customer(Uuid),
    Contact {
        id: Uuid,
        customer_id: Uuid,
    },
    User(Uuid),
    PartnerOrganization(Uuid),
    ApiKey(Uuid),
    SalesTeam(Uuid),
    Product(Uuid),
    PriceBook(Uuid),
    /// Pipeline stages are keyed by name; the entry names the stage's fixed id.
    PipelineStage(Uuid),
    Opportunity {
        id: Uuid,
        customer_id: Uuid,
    },
    Lead(Uuid),
    AssignmentRule(Uuid),
    Quote {
        id: Uuid,
        customer_id: Uuid,
    },
    Order {
        id: Uuid,
        customer_id: Uuid,
    },
    SavedView(Uuid),
    /// A seller's discount limit (keyed by a fixed id per kind of seller).
    DiscountLimit(Uuid),
    /// The company's profile (one record, with a fixed id).
    CompanyProfile(Uuid),
    /// An exchange rate into the corporate currency.
    ExchangeRate(Uuid),
    /// A note; in the history of the customer its record belongs to (none for a lead's).
    Note {
        id: Uuid,
        customer_id: Option<Uuid>,
    },
    /// A working-hours calendar of the service queues.
    ServiceCalendar(Uuid),
    /// A service queue.
    ServiceQueue(Uuid),
    /// An SLA policy.
    SlaPolicy(Uuid),
    /// A customer's ticket.
    Ticket {
        id: Uuid,
        customer_id: Uuid,
    },
    /// A macro of the service desk.
    TicketMacro(Uuid),
    /// An agent's routing profile (keyed by the user).
    ServiceAgent(Uuid),
    /// A knowledge base article (one language variant).
    KnowledgeArticle(Uuid),
    /// A category of the knowledge base.
    KnowledgeCategory(Uuid),
    /// A phone call; in the history of the customer it was recognised as (none while unknown).
    Call {
        id: Uuid,
        customer_id: Option<Uuid>,
    },
    /// A call script.
    CallScript(Uuid),
    /// An NPS survey addressed to a list of customers.
    NpsSurvey(Uuid),
    /// A task; in the history of the customer its record belongs to (none for a lead's or a
    /// task about no record).
    Task {
        id: Uuid,
        customer_id: Option<Uuid>,
    },
    /// A bulk import job: one entry for the whole job, not one per record it wrote.
    ImportJob(Uuid),
}

impl Subject {
    pub fn entity_type(self) -> EntityType {
        match self {
            Self::Customer(_) => EntityType::Customer,
            Self::Contact { .. } => EntityType::Contact,
            Self::User(_) => EntityType::User,
            Self::PartnerOrganization(_) => EntityType::PartnerOrganization,
            Self::ApiKey(_) => EntityType::ApiKey,
            Self::SalesTeam(_) => EntityType::SalesTeam,
            Self::Product(_) => EntityType::Product,
            Self::PriceBook(_) => EntityType::PriceBook,
            Self::PipelineStage(_) => EntityType::PipelineStage,
            Self::Opportunity { .. } => EntityType::Opportunity,
            Self::Lead(_) => EntityType::Lead,
            Self::AssignmentRule(_) => EntityType::AssignmentRule,
            Self::Quote { .. } => EntityType::Quote,
            Self::Order { .. } => EntityType::Order,
            Self::SavedView(_) => EntityType::SavedView,
            Self::Note { .. } => EntityType::Note,
            Self::DiscountLimit(_) => EntityType::DiscountLimit,
            Self::CompanyProfile(_) => EntityType::CompanyProfile,
            Self::ExchangeRate(_) => EntityType::ExchangeRate,
            Self::ServiceCalendar(_) => EntityType::ServiceCalendar,
            Self::ServiceQueue(_) => EntityType::ServiceQueue,
            Self::SlaPolicy(_) => EntityType::SlaPolicy,
            Self::Ticket { .. } => EntityType::Ticket,
            Self::TicketMacro(_) => EntityType::TicketMacro,
            Self::ServiceAgent(_) => EntityType::ServiceAgent,
            Self::KnowledgeArticle(_) => EntityType::KnowledgeArticle,
            Self::KnowledgeCategory(_) => EntityType::KnowledgeCategory,
            Self::Call { .. } => EntityType::Call,
            Self::CallScript(_) => EntityType::CallScript,
            Self::NpsSurvey(_) => EntityType::NpsSurvey,
            Self::Task { .. } => EntityType::Task,
            Self::ImportJob(_) => EntityType::ImportJob,
        }
    }

    pub fn entity_id(self) -> Uuid {
        match self {
            Self::Customer(id)
            | Self::Contact { id, .. }
            | Self::User(id)
            | Self::PartnerOrganization(id)
            | Self::ApiKey(id)
            | Self::SalesTeam(id)
            | Self::Product(id)
            | Self::PriceBook(id)
            | Self::PipelineStage(id)
            | Self::Opportunity { id, .. }
            | Self::Lead(id)
            | Self::AssignmentRule(id)
            | Self::Quote { id, .. }
            | Self::Order { id, .. }
            | Self::SavedView(id)
            | Self::DiscountLimit(id)
            | Self::CompanyProfile(id)
            | Self::ExchangeRate(id)
            | Self::ServiceCalendar(id)
            | Self::ServiceQueue(id)
            | Self::SlaPolicy(id)
            | Self::Ticket { id, .. }
            | Self::TicketMacro(id)
            | Self::ServiceAgent(id)
            | Self::KnowledgeArticle(id)
            | Self::KnowledgeCategory(id)
            | Self::Note { id, .. }
            | Self::Call { id, .. }
            | Self::CallScript(id)
            | Self::NpsSurvey(id)
            | Self::Task { id, .. }
            | Self::ImportJob(id) => id,
        }
    }

    /// The customer whose history shows the entry.
    pub fn customer_id(self) -> Option<Uuid> {
        match self {
            Self::Customer(id)
            | Self::Contact { customer_id: id, .. }
            | Self::Opportunity { customer_id: id, .. }
            | Self::Quote { customer_id: id, .. }
            | Self::Order { customer_id: id, .. }
            | Self::Ticket { customer_id: id, .. } => Some(id),
            Self::Note { customer_id, .. } | Self::Call { customer_id, .. } | Self::Task { customer_id, .. } => customer_id,
            Self::User(_)
            | Self::ImportJob(_)
            | Self::PartnerOrganization(_)
            | Self::ApiKey(_)
            | Self::SalesTeam(_)
            | Self::Product(_)
            | Self::PriceBook(_)
            | Self::PipelineStage(_)
            | Self::Lead(_)
            | Self::AssignmentRule(_)
            | Self::SavedView(_)
            | Self::DiscountLimit(_)
            | Self::CompanyProfile(_)
            | Self::ExchangeRate(_)
            | Self::ServiceCalendar(_)
            | Self::ServiceQueue(_)
            | Self::SlaPolicy(_)
            | Self::TicketMacro(_)
            | Self::ServiceAgent(_)
            | Self::KnowledgeArticle(_)
            | Self::KnowledgeCategory(_)
            | Self::CallScript(_)
            | Self::NpsSurvey(_) => None,
        }
    }
}

/// Collects field-level changes between two versions of a record.
#[derive(Debug, Default)]
pub struct Diff(Vec<FieldChange>);

impl Diff {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `field` when `before` and `after` differ.
    pub fn field<T: Serialize + PartialEq>(&mut self, field: &str, before: &T, after: &T) -> &mut Self {
        if before != after {
            self.0.push(FieldChange { field: field.into(), before: json(before), after: json(after) });
        }
        self
    }

    /// Records a field of a new record (before is null); empty fields are left out.
    pub fn created<T: Serialize>(&mut self, field: &str, value: &T) -> &mut Self {
        let after = json(value);
        if !after.is_null() {
            self.0.push(FieldChange { field: field.into(), before: serde_json::Value::Null, after });
        }
        self
    }

    /// Records that a secret changed without writing it down.
    pub fn redacted(&mut self, field: &str) -> &mut Self {
        self.0.push(FieldChange { field: field.into(), before: "[redacted]".into(), after: "[redacted]".into() });
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn json<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// Appends an audit entry, and the event that announces the change to live subscribers
/// ([`crate::event_log`]); call it with the transaction that makes the change.
pub async fn record(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    at: DateTime<Utc>,
    action: AuditAction,
    subject: Subject,
    diff: Diff,
) -> AppResult<()> {
    entry(caller, at, action, subject, diff).insert(txn).await?;
    let change =
        Change { kind: subject.entity_type().as_api().to_owned(), record_id: subject.entity_id(), customer_id: subject.customer_id() };
    event_log::append(txn, &[change], at).await
}

/// Appends many entries in few statements (bulk creation).
pub async fn record_many(txn: &impl ConnectionTrait, entries: Vec<entity::ActiveModel>) -> AppResult<()> {
    let at = match entries.first().map(|entry| &entry.occurred_at) {
        Some(ActiveValue::Set(at)) => Some(*at),
        _ => None,
    };
    let changes: Vec<Change> = entries.iter().filter_map(change_of).collect();
    crate::db::insert_chunked::<entity::Entity, _>(txn, entries).await?;
    match at {
        Some(at) => event_log::append(txn, &changes, at).await,
        None => Ok(()),
    }
}

/// The event an entry announces (every entry made by [`entry`] has one).
fn change_of(entry: &entity::ActiveModel) -> Option<Change> {
    match (&entry.entity_type, &entry.entity_id, &entry.customer_id) {
        (ActiveValue::Set(kind), ActiveValue::Set(record_id), ActiveValue::Set(customer_id)) => {
            Some(Change { kind: kind.clone(), record_id: *record_id, customer_id: *customer_id })
        }
        _ => None,
    }
}

/// An audit entry, to insert with `record_many`.
pub fn entry(caller: &Caller, at: DateTime<Utc>, action: AuditAction, subject: Subject, diff: Diff) -> entity::ActiveModel {
    entity::ActiveModel {
        id: Set(new_id_at(at)),
        occurred_at: Set(at),
        actor_kind: Set(caller.principal.kind().as_api().into()),
        actor_id: Set(caller.principal.actor_id()),
        actor_label: Set(caller.principal.label()),
        action: Set(action.as_api().into()),
        entity_type: Set(subject.entity_type().as_api().into()),
        entity_id: Set(subject.entity_id()),
        customer_id: Set(subject.customer_id()),
        changes: Set(Changes(diff.0)),
        request_id: Set(caller.request_id.clone()),
    }
}

/// Typed filter of the audit log.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub entity_type: Option<EntityType>,
    pub entity_id: Option<Uuid>,
    pub actor_id: Option<Uuid>,
    pub action: Option<AuditAction>,
    pub occurred_from: Option<DateTime<Utc>>,
    pub occurred_to: Option<DateTime<Utc>>,
}

/// Newest first; ids are UUIDv7 of the entry's time, so the id alone is the order.
struct NewestFirst;

impl Keyset<entity::Entity> for NewestFirst {
    fn name(&self) -> String {
        "audit_newest".into()
    }
    fn keys(&self) -> Vec<SortKey<entity::Column>> {
        vec![SortKey { column: entity::Column::Id, descending: true, kind: KeyKind::Id }]
    }
    fn values(&self, row: &entity::Model) -> Vec<String> {
        vec![id_key(&row.id)]
    }
}

/// Entries matching `filter`, newest first, plus the query that counts them all.
pub async fn list_entries(
    db: &Db,
    _admin: &AdminRights,
    filter: &AuditFilter,
    page: &PageRequest,
) -> AppResult<(Page<Visible<entity::Model>>, Select<entity::Entity>)> {
    let mut select = entity::Entity::find();
    if let Some(t) = filter.entity_type {
        select = select.filter(entity::Column::EntityType.eq(t.as_api()));
    }
    if let Some(id) = filter.entity_id {
        select = select.filter(entity::Column::EntityId.eq(id));
    }
    if let Some(id) = filter.actor_id {
        select = select.filter(entity::Column::ActorId.eq(id));
    }
    if let Some(a) = filter.action {
        select = select.filter(entity::Column::Action.eq(a.as_api()));
    }
    if let Some(from) = filter.occurred_from {
        select = select.filter(entity::Column::OccurredAt.gte(from));
    }
    if let Some(to) = filter.occurred_to {
        select = select.filter(entity::Column::OccurredAt.lte(to));
    }
    let page = fetch_page(select.clone(), &NewestFirst, page, &db.read).await?;
    Ok((page.map(Visible::vouched), select))
}

/// Which entries of a customer's history a caller sees. A customer's history gathers the
/// entries of every record that belongs to it (its contacts, opportunities, quotes, orders…),
/// and seeing the customer does not mean seeing each of them: a sales rep sees the customer
/// but not another team's opportunity on it. So each kind of record is shown only as far as
/// the caller's scope of that kind reaches, and a kind not named is hidden: a domain that
/// writes customer-linked entries must say who reads them, or nobody does.
#[derive(Debug, Default, Clone)]
pub struct HistoryVisibility {
    kinds: Vec<(EntityType, Option<SelectStatement>)>,
}

impl HistoryVisibility {
    /// Shows the entries about records of `kind` whose id `visible_ids` selects (one column:
    /// the ids of the records the caller's scope reaches), or all of them when it is `None`
    /// (the caller sees every record of the kind).
    pub fn show(mut self, kind: EntityType, visible_ids: Option<SelectStatement>) -> Self {
        self.kinds.push((kind, visible_ids));
        self
    }

    /// SQL condition on `audit_log` selecting the visible entries; none when no kind is shown.
    fn condition(&self) -> Condition {
        self.kinds.iter().fold(Condition::any(), |any, (kind, ids)| {
            let of_kind = Condition::all().add(entity::Column::EntityType.eq(kind.as_api()));
            any.add(match ids {
                None => of_kind,
                Some(ids) => of_kind.add(entity::Column::EntityId.in_subquery(ids.clone())),
            })
        })
    }
}

/// Entries about a customer and the records that belong to it (archived ones too) that the
/// caller may see, newest first, plus the query that counts them all. One range of
/// `ix_audit_customer` (customer_id, id).
pub async fn customer_history(
    db: &Db,
    rights: &CustomerHistoryRights,
    customer_id: Uuid,
    page: &PageRequest,
) -> AppResult<(Page<Visible<entity::Model>>, Select<entity::Entity>)> {
    let select = entity::Entity::find()
        .filter(entity::Column::CustomerId.eq(customer_id))
        .filter(Condition::all().add(rights.visible().condition()));
    let page = fetch_page(select.clone(), &NewestFirst, page, &db.read).await?;
    Ok((page.map(Visible::vouched), select))
}

/// Entries by id, for admins (`node`).
pub async fn entries_by_ids(db: &impl ConnectionTrait, _admin: &AdminRights, ids: &[Uuid]) -> AppResult<Vec<Visible<entity::Model>>> {
    Ok(Visible::vouched_all(entity::Entity::find().filter(entity::Column::Id.is_in(ids.iter().copied())).all(db).await?))
}
