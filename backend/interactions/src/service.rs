//! Logging, recording and reading interactions. This module is the repository of its own table
//! (it has no separate `repo.rs`).

#![allow(clippy::disallowed_methods)]

use crate::access::{interaction_writer, InteractionScope, Linked, RecordedByTheCrm};
use crate::domain::{InteractionChannel, InteractionDirection, InteractionKind};
use crate::entity::interaction;
use crate::inputs::{LogInteractionInput, TimelineFilter};
use chrono::{DateTime, Duration, Utc};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::event_log::{self, Change, INTERACTION};
use crm_core::filters::parse_id;
use crm_core::pagination::{fetch_page, id_key, time_key, KeyKind, Keyset, Page, PageRequest, SortKey};
use crm_core::principal::Caller;
use crm_core::values::{optional_text, required_text};
use crm_core::visible::Visible;
use crm_customers::entity::{contact, customer};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Select};
use uuid::Uuid;

/// The longest subject and outcome, in characters.
pub const MAX_SUBJECT: usize = 200;
/// The longest summary, in characters.
pub const MAX_SUMMARY: usize = 4_000;
/// How far ahead of the server's clock a logged start may lie (the caller's clock may run
/// ahead); an interaction that has not happened yet is a task, not an entry.
const CLOCK_SKEW: Duration = Duration::minutes(5);

/// Newest first, then by id (UUIDv7: the newer first).
struct NewestFirst;

impl Keyset<interaction::Entity> for NewestFirst {
    fn name(&self) -> String {
        "timeline".into()
    }
    fn keys(&self) -> Vec<SortKey<interaction::Column>> {
        vec![
            SortKey { column: interaction::Column::StartedAt, descending: true, kind: KeyKind::Time },
            SortKey { column: interaction::Column::Id, descending: true, kind: KeyKind::Id },
        ]
    }
    fn values(&self, row: &interaction::Model) -> Vec<String> {
        vec![time_key(&row.started_at), id_key(&row.id)]
    }
}

/// What a module records, checked by the module: the contact it had with a customer.
#[derive(Debug, Clone)]
pub struct NewInteraction {
    pub customer_id: Uuid,
    pub contact_id: Option<Uuid>,
    pub channel: InteractionChannel,
    pub direction: InteractionDirection,
    pub kind: InteractionKind,
    /// Cut to [`MAX_SUBJECT`] characters.
    pub subject: String,
    /// Cut to [`MAX_SUMMARY`] characters.
    pub summary: Option<String>,
    pub outcome: Option<String>,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub internal: bool,
    pub staff_user_id: Option<Uuid>,
    pub partner_id: Option<Uuid>,
    pub ticket_id: Option<Uuid>,
    pub opportunity_id: Option<Uuid>,
    pub quote_id: Option<Uuid>,
    pub order_id: Option<Uuid>,
}

impl NewInteraction {
    /// An entry of `kind` with `customer_id`, now, in `channel`, with no person or record
    /// linked yet (set the fields that apply).
    pub fn new(
        customer_id: Uuid,
        kind: InteractionKind,
        channel: InteractionChannel,
        direction: InteractionDirection,
        subject: impl Into<String>,
        at: DateTime<Utc>,
    ) -> Self {
        Self {
            customer_id,
            contact_id: None,
            channel,
            direction,
            kind,
            subject: subject.into(),
            summary: None,
            outcome: None,
            started_at: at,
            ended_at: None,
            internal: false,
            staff_user_id: None,
            partner_id: None,
            ticket_id: None,
            opportunity_id: None,
            quote_id: None,
            order_id: None,
        }
    }
}

fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => text[..end].to_owned(),
        None => text.to_owned(),
    }
}

/// Writes what a module records, in the module's transaction `txn`.
pub async fn record(
    txn: &impl ConnectionTrait,
    _: &RecordedByTheCrm,
    new: NewInteraction,
    now: DateTime<Utc>,
) -> AppResult<interaction::Model> {
    let subject = cut(new.subject.trim(), MAX_SUBJECT);
    let summary = new.summary.as_deref().map(str::trim).filter(|text| !text.is_empty()).map(|text| cut(text, MAX_SUMMARY));
    let outcome = new.outcome.as_deref().map(|text| cut(text, MAX_SUBJECT));
    insert(txn, new, subject, summary, outcome, None, now).await
}

async fn insert(
    txn: &impl ConnectionTrait,
    new: NewInteraction,
    subject: String,
    summary: Option<String>,
    outcome: Option<String>,
    logged_by: Option<Uuid>,
    now: DateTime<Utc>,
) -> AppResult<interaction::Model> {
    let row = interaction::Model {
        id: new_id_at(now),
        customer_id: new.customer_id,
        contact_id: new.contact_id,
        channel: new.channel,
        direction: new.direction,
        kind: new.kind,
        subject,
        summary,
        outcome,
        started_at: new.started_at,
        ended_at: new.ended_at,
        internal: new.internal,
        staff_user_id: new.staff_user_id,
        partner_id: new.partner_id,
        logged_by_id: logged_by,
        ticket_id: new.ticket_id,
        opportunity_id: new.opportunity_id,
        quote_id: new.quote_id,
        order_id: new.order_id,
        created_at: now,
    };
    let row = row.into_active_model().reset_all().insert(txn).await?;
    // The timeline's subscribers hear of it once this transaction commits.
    let change = Change { kind: INTERACTION.into(), record_id: row.id, customer_id: Some(row.customer_id) };
    event_log::append(txn, &[change], now).await?;
    Ok(row)
}

/// The record of `kind` the raw id names, if the caller reads it and it is `customer_id`'s
/// (UNKNOWN_REFERENCE otherwise, as for a record that does not exist).
async fn linked(
    db: &impl ConnectionTrait,
    scope: &InteractionScope,
    kind: Linked,
    raw: &async_graphql::ID,
    customer_id: Uuid,
) -> AppResult<Uuid> {
    let id = parse_id(raw, kind.field())?;
    let unknown = || AppError::invalid(kind.field(), InputReason::UnknownReference.with_message("no such record of this customer"));
    let statement = scope.links().customer_of(kind, id).ok_or_else(unknown)?;
    let row = db.query_one(db.get_database_backend().build(&statement)).await?.ok_or_else(unknown)?;
    if row.try_get::<Uuid>("", "customer_id")? != customer_id {
        return Err(unknown());
    }
    Ok(id)
}

/// Checks the times of an entry logged by hand: it happened (not in the future) and ended
/// after it started.
fn times(started_at: DateTime<Utc>, ended_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> AppResult<()> {
    if started_at > now + CLOCK_SKEW {
        return Err(AppError::invalid(
            "startedAt",
            InputReason::NotApplicable.with_message("log what happened; plan what will happen as a task"),
        ));
    }
    if ended_at.is_some_and(|end| end < started_at) {
        return Err(AppError::invalid("endedAt", InputReason::NotApplicable.with_message("an interaction ends after it starts")));
    }
    Ok(())
}

/// Logs a call, meeting, visit, email or message with a customer the caller sees.
pub async fn log(
    ctx: &AppContext,
    caller: &Caller,
    scope: &InteractionScope,
    input: LogInteractionInput,
) -> AppResult<Visible<interaction::Model>> {
    let writer = interaction_writer(&caller.principal)?;
    if !input.kind.logged_by_hand() {
        return Err(AppError::invalid("kind", InputReason::NotApplicable.with_message("the CRM records this kind where it happens")));
    }
    let subject = required_text(&input.subject, MAX_SUBJECT).map_err(|why| AppError::invalid("subject", why))?;
    let summary = optional_text(input.summary.as_deref(), MAX_SUMMARY).map_err(|why| AppError::invalid("summary", why))?;
    let outcome = optional_text(input.outcome.as_deref(), MAX_SUBJECT).map_err(|why| AppError::invalid("outcome", why))?;
    let now = ctx.clock.now();
    times(input.started_at, input.ended_at, now)?;
    if input.internal == Some(true) && !writer.staff {
        return Err(AppError::invalid(
            "internal",
            InputReason::NotApplicable.with_message("only the company's people keep internal entries"),
        ));
    }
    let db = &ctx.db.write;
    let customer_id = parse_id(&input.customer_id, "customerId")?;
    let unknown_customer = || AppError::invalid("customerId", InputReason::UnknownReference.with_message("no such customer"));
    customer::Entity::find_by_id(customer_id)
        .filter(scope.customer_condition())
        .filter(customer::Column::ArchivedAt.is_null())
        .one(db)
        .await?
        .ok_or_else(unknown_customer)?;
    let contact_id = match &input.contact_id {
        Some(raw) => {
            let id = parse_id(raw, "contactId")?;
            let contact = contact::Entity::find_by_id(id).one(db).await?;
            if contact.is_none_or(|contact| contact.customer_id != customer_id) {
                return Err(AppError::invalid("contactId", InputReason::UnknownReference.with_message("not a contact of this customer")));
            }
            Some(id)
        }
        None => None,
    };
    let mut new = NewInteraction::new(customer_id, input.kind, input.channel, input.direction, subject.clone(), input.started_at);
    new.contact_id = contact_id;
    new.ended_at = input.ended_at;
    new.internal = writer.staff && input.internal.unwrap_or(true);
    new.staff_user_id = writer.user_id.filter(|_| writer.staff);
    new.partner_id = writer.partner_id;
    for kind in Linked::ALL {
        if let Some(raw) = input.link(kind) {
            let id = Some(linked(db, scope, kind, raw, customer_id).await?);
            match kind {
                Linked::Ticket => new.ticket_id = id,
                Linked::Opportunity => new.opportunity_id = id,
                Linked::Quote => new.quote_id = id,
                Linked::Order => new.order_id = id,
            }
        }
    }
    // One statement: the checks above only read.
    let row = insert(db, new, subject, summary, outcome, writer.user_id, now).await?;
    Ok(Visible::created(row, &writer))
}

/// The interactions among `ids` the caller reads (a loader's batch, `node`).
pub async fn by_ids(db: &impl ConnectionTrait, scope: &InteractionScope, ids: &[Uuid]) -> AppResult<Vec<Visible<interaction::Model>>> {
    Ok(Visible::vouched_all(
        interaction::Entity::find().filter(interaction::Column::Id.is_in(ids.iter().copied())).filter(scope.condition()).all(db).await?,
    ))
}

/// The part of customer `customer_id`'s timeline `filter` selects that the caller reads,
/// newest first, plus the query that counts it.
pub async fn timeline(
    db: &impl ConnectionTrait,
    scope: &InteractionScope,
    customer_id: Uuid,
    filter: &TimelineFilter,
    page: &PageRequest,
) -> AppResult<(Page<Visible<interaction::Model>>, Select<interaction::Entity>)> {
    let mut select = interaction::Entity::find().filter(interaction::Column::CustomerId.eq(customer_id)).filter(scope.condition());
    if let Some(channels) = &filter.channels {
        select = select.filter(interaction::Column::Channel.is_in(channels.iter().copied()));
    }
    if let Some(directions) = &filter.directions {
        select = select.filter(interaction::Column::Direction.is_in(directions.iter().copied()));
    }
    if let Some(kinds) = &filter.kinds {
        select = select.filter(interaction::Column::Kind.is_in(kinds.iter().copied()));
    }
    if let (Some(from), Some(to)) = (filter.from, filter.to) {
        if to < from {
            return Err(AppError::invalid("filter.to", InputReason::NotApplicable.with_message("`to` comes after `from`")));
        }
    }
    if let Some(from) = filter.from {
        select = select.filter(interaction::Column::StartedAt.gte(from));
    }
    if let Some(to) = filter.to {
        select = select.filter(interaction::Column::StartedAt.lt(to));
    }
    let page = fetch_page(select.clone(), &NewestFirst, page, db).await?;
    Ok((page.map(Visible::vouched), select))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logged_entries_happened_and_end_after_they_start() {
        let now = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        assert!(times(now - Duration::hours(1), Some(now), now).is_ok());
        assert!(times(now + Duration::minutes(2), None, now).is_ok(), "a caller's clock a little ahead");
        assert!(times(now + Duration::hours(1), None, now).is_err(), "not yet happened");
        assert!(times(now, Some(now - Duration::minutes(1)), now).is_err(), "ends before it starts");
    }

    #[test]
    fn a_module_s_long_texts_are_cut_on_a_character() {
        assert_eq!(cut("àèìòù", 3), "àèì");
        assert_eq!(cut("short", 200), "short");
    }
}
