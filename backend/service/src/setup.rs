//! Setting up the service: working-hours calendars, queues and SLA policies. This module is
//! the repository of their tables (small tables, read whole).

#![allow(clippy::disallowed_methods)]

use crate::access::{service_settings, ServiceSettings, ServiceSetupRead};
use crate::domain::{DayOfWeek, TicketPriority, TicketStatus};
use crate::entity::{service_calendar, service_queue, sla_policy};
use crate::inputs::{
    CreateServiceCalendarInput, CreateServiceQueueInput, CreateSlaPolicyInput, UpdateServiceCalendarInput, UpdateServiceQueueInput,
    UpdateSlaPolicyInput, WorkingHoursInput,
};
use crate::routing::{member_ids, member_user_ids, replace_members};
use crate::sla::calendar::{format_minute, parse_minute, Calendar, CalendarError, WorkingBlock};
use async_graphql::ID;
use chrono::{NaiveDate, Weekday};
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason, Refused};
use crm_core::filters::parse_id;
use crm_core::principal::Caller;
use crm_core::values::{required_text, Email};
use crm_core::versioned::{self, Change};
use crm_core::visible::Visible;
use crm_customers::domain::normalize_tags;
use crm_identity::users::ensure_active_staff;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, TransactionTrait,
};
use uuid::Uuid;

/// The longest SLA target: a year of working minutes.
pub const MAX_TARGET_MINUTES: i32 = 525_600;
/// The longest reopening window, in days.
pub const MAX_REOPEN_DAYS: i32 = 90;

/// A stored value this module wrote that no longer reads back: a bug or a hand edit.
fn corrupt(error: impl std::fmt::Display) -> AppError {
    AppError::Internal(anyhow::anyhow!("service setup: {error}"))
}

fn weekday(day: DayOfWeek) -> Weekday {
    match day {
        DayOfWeek::Monday => Weekday::Mon,
        DayOfWeek::Tuesday => Weekday::Tue,
        DayOfWeek::Wednesday => Weekday::Wed,
        DayOfWeek::Thursday => Weekday::Thu,
        DayOfWeek::Friday => Weekday::Fri,
        DayOfWeek::Saturday => Weekday::Sat,
        DayOfWeek::Sunday => Weekday::Sun,
    }
}

pub fn day_of_week(day: Weekday) -> DayOfWeek {
    DayOfWeek::ALL[day.num_days_from_monday() as usize]
}

fn hours_label(block: &WorkingBlock) -> String {
    format!("{} {}–{}", day_of_week(block.weekday).as_api(), format_minute(block.start), format_minute(block.end))
}

/// Checks a calendar's parts and returns them as stored (JSON hours and holidays).
fn checked_calendar(time_zone: &str, hours: &[WorkingHoursInput], holidays: &[NaiveDate]) -> AppResult<(String, String)> {
    let mut blocks = Vec::with_capacity(hours.len());
    for (i, stretch) in hours.iter().enumerate() {
        let (Some(start), Some(end)) = (parse_minute(&stretch.start), parse_minute(&stretch.end)) else {
            let value = format!("{} {}–{}", stretch.day.as_api(), stretch.start, stretch.end);
            return Err(AppError::invalid(format!("hours.{i}"), InputReason::InvalidWorkingHours { value }));
        };
        blocks.push(WorkingBlock { weekday: weekday(stretch.day), start, end });
    }
    Calendar::new(time_zone, &blocks, holidays).map_err(|error| match error {
        CalendarError::UnknownZone(value) => AppError::invalid("timeZone", InputReason::InvalidTimeZone { value }),
        CalendarError::EmptyBlock(block) | CalendarError::Overlap(_, block) => {
            AppError::invalid("hours", InputReason::InvalidWorkingHours { value: hours_label(&block) })
        }
        CalendarError::NoBlocks => AppError::invalid("hours", InputReason::TooShort { min: 1 }),
        CalendarError::TooManyBlocks => AppError::invalid("hours", InputReason::TooMany { max: crate::sla::calendar::MAX_BLOCKS }),
        CalendarError::TooManyHolidays => AppError::invalid("holidays", InputReason::TooMany { max: crate::sla::calendar::MAX_HOLIDAYS }),
    })?;
    let mut holidays = holidays.to_vec();
    holidays.sort();
    holidays.dedup();
    Ok((serde_json::to_string(&blocks).map_err(corrupt)?, serde_json::to_string(&holidays).map_err(corrupt)?))
}

/// A stored calendar's working blocks.
pub fn calendar_blocks(row: &service_calendar::Model) -> AppResult<Vec<WorkingBlock>> {
    serde_json::from_str(&row.hours).map_err(corrupt)
}

/// A stored calendar's holidays.
pub fn calendar_holidays(row: &service_calendar::Model) -> AppResult<Vec<NaiveDate>> {
    serde_json::from_str(&row.holidays).map_err(corrupt)
}

fn to_calendar(row: &service_calendar::Model) -> AppResult<Calendar> {
    Calendar::new(&row.time_zone, &calendar_blocks(row)?, &calendar_holidays(row)?)
        .map_err(|error| corrupt(format!("stored calendar {} is invalid: {error:?}", row.id)))
}

/// The working hours of a queue: its calendar's, or around the clock.
pub async fn queue_calendar(db: &impl ConnectionTrait, queue: &service_queue::Model) -> AppResult<Calendar> {
    Ok(stored_calendar(db, queue.calendar_id).await?.unwrap_or_else(Calendar::always))
}

/// The calendar `id`, if there is one (an archived calendar still counts: what it said holds
/// until someone picks another).
pub async fn stored_calendar(db: &impl ConnectionTrait, id: Option<Uuid>) -> AppResult<Option<Calendar>> {
    let Some(id) = id else { return Ok(None) };
    service_calendar::Entity::find_by_id(id).one(db).await?.as_ref().map(to_calendar).transpose()
}

fn name(raw: &str) -> AppResult<String> {
    required_text(raw, 100).map_err(|why| AppError::invalid("name", why))
}

fn minutes(field: &str, value: i32) -> AppResult<i32> {
    if (1..=MAX_TARGET_MINUTES).contains(&value) {
        Ok(value)
    } else {
        Err(AppError::invalid(field, InputReason::OutOfRange { min: 1, max: MAX_TARGET_MINUTES.into() }))
    }
}

/// A policy's customer tag, spelt as customers' tags are; none for an empty one.
fn customer_tag(raw: &str) -> AppResult<Option<String>> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    let tags = normalize_tags(&[raw.to_owned()]).map_err(|why| AppError::invalid("customerTag", why))?;
    Ok(tags.into_iter().next())
}

fn reopen_days(value: i32) -> AppResult<i32> {
    if (0..=MAX_REOPEN_DAYS).contains(&value) {
        Ok(value)
    } else {
        Err(AppError::invalid("reopenDays", InputReason::OutOfRange { min: 0, max: MAX_REOPEN_DAYS.into() }))
    }
}

/// `PENDING_CUSTOMER,PENDING_THIRD_PARTY`: only statuses in which a ticket still waits.
fn pause_statuses(statuses: &[TicketStatus]) -> AppResult<String> {
    let mut names: Vec<&str> = Vec::new();
    for status in statuses {
        if matches!(status, TicketStatus::Resolved | TicketStatus::Closed) {
            return Err(AppError::invalid(
                "pauseStatuses",
                InputReason::NotApplicable.with_message("resolution stops the clocks by itself"),
            ));
        }
        if !names.contains(&status.as_api()) {
            names.push(status.as_api());
        }
    }
    Ok(names.join(","))
}

/// A policy's pausing statuses.
pub fn policy_pauses(policy: &sla_policy::Model) -> Vec<TicketStatus> {
    policy.pause_statuses.split(',').filter_map(TicketStatus::from_api).collect()
}

pub async fn calendar_ref(db: &impl ConnectionTrait, id: &ID, field: &str) -> AppResult<Option<Uuid>> {
    if id.is_empty() {
        return Ok(None);
    }
    let id = parse_id(id, field)?;
    service_calendar::Entity::find_by_id(id)
        .filter(service_calendar::Column::ArchivedAt.is_null())
        .one(db)
        .await?
        .map(|row| Some(row.id))
        .ok_or_else(|| AppError::invalid(field, InputReason::UnknownReference))
}

async fn lead_ref(db: &impl ConnectionTrait, id: &ID) -> AppResult<Option<Uuid>> {
    if id.is_empty() {
        return Ok(None);
    }
    let id = parse_id(id, "leadId")?;
    ensure_active_staff(db, &[id], "leadId").await?;
    Ok(Some(id))
}

/// A queue that exists and is not archived (UNKNOWN_REFERENCE otherwise).
pub async fn active_queue(db: &impl ConnectionTrait, id: &ID, field: &str) -> AppResult<service_queue::Model> {
    let id = parse_id(id, field)?;
    service_queue::Entity::find_by_id(id)
        .filter(service_queue::Column::ArchivedAt.is_null())
        .one(db)
        .await?
        .ok_or_else(|| AppError::invalid(field, InputReason::UnknownReference))
}

/// The queue tickets go to when nobody names one.
pub async fn default_queue(db: &impl ConnectionTrait) -> AppResult<service_queue::Model> {
    service_queue::Entity::find()
        .filter(service_queue::Column::ArchivedAt.is_null())
        .order_by_desc(service_queue::Column::IsDefault)
        .order_by_asc(service_queue::Column::Name)
        .one(db)
        .await?
        .ok_or_else(|| AppError::invalid("queueId", InputReason::UnknownReference.with_message("no service queue is set up")))
}

/// The SLA policy for a ticket of `priority` in `queue` for a customer with `customer_tags`:
/// the lowest position whose conditions match.
pub async fn policy_for(
    db: &impl ConnectionTrait,
    priority: TicketPriority,
    queue: Uuid,
    customer_tags: &[String],
) -> AppResult<Option<sla_policy::Model>> {
    Ok(sla_policy::Entity::find()
        .filter(sla_policy::Column::ArchivedAt.is_null())
        .filter(sla_policy::Column::Priority.is_null().or(sla_policy::Column::Priority.eq(priority)))
        .filter(sla_policy::Column::QueueId.is_null().or(sla_policy::Column::QueueId.eq(queue)))
        .filter(sla_policy::Column::CustomerTag.is_null().or(sla_policy::Column::CustomerTag.is_in(customer_tags.iter().cloned())))
        .order_by_asc(sla_policy::Column::Position)
        .order_by_asc(sla_policy::Column::Id)
        .one(db)
        .await?)
}

pub async fn create_calendar(
    ctx: &AppContext,
    caller: &Caller,
    input: CreateServiceCalendarInput,
) -> AppResult<Visible<service_calendar::Model>> {
    let right = service_settings(&caller.principal)?;
    let name = name(&input.name)?;
    let (hours, holidays) = checked_calendar(&input.time_zone, &input.hours, &input.holidays)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let row = service_calendar::Model {
        id: new_id_at(now),
        name,
        time_zone: input.time_zone.trim().to_owned(),
        hours,
        holidays,
        created_at: now,
        updated_at: now,
        archived_at: None,
        version: 1,
    };
    let row = row.into_active_model().reset_all().insert(&txn).await.taken_as("name", || InputReason::AlreadyExists)?;
    let mut diff = Diff::new();
    diff.created("name", &row.name).created("timeZone", &row.time_zone).created("hours", &row.hours).created("holidays", &row.holidays);
    audit::record(&txn, caller, now, AuditAction::Create, Subject::ServiceCalendar(row.id), diff).await?;
    txn.commit().await?;
    Ok(Visible::created(row, &right))
}

pub async fn update_calendar(
    ctx: &AppContext,
    caller: &Caller,
    input: UpdateServiceCalendarInput,
) -> AppResult<Visible<service_calendar::Model>> {
    let right = service_settings(&caller.principal)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current =
        service_calendar::Entity::find_by_id(parse_id(&input.id, "id")?).one(&txn).await?.ok_or(AppError::NotFound("service calendar"))?;
    let current = versioned::at_version::<service_calendar::Entity>(current, input.version)?;
    let mut next = current.clone();
    if let Some(raw) = &input.name {
        next.name = name(raw)?;
    }
    let zone = input.time_zone.as_deref().unwrap_or(&current.time_zone).trim().to_owned();
    let hours = match &input.hours {
        Some(hours) => hours.clone(),
        None => calendar_blocks(&current)?
            .into_iter()
            .map(|block| WorkingHoursInput {
                day: day_of_week(block.weekday),
                start: format_minute(block.start),
                end: format_minute(block.end),
            })
            .collect(),
    };
    let holidays = match &input.holidays {
        Some(days) => days.clone(),
        None => calendar_holidays(&current)?,
    };
    (next.hours, next.holidays) = checked_calendar(&zone, &hours, &holidays)?;
    next.time_zone = zone;
    let mut diff = Diff::new();
    diff.field("name", &current.name, &next.name)
        .field("timeZone", &current.time_zone, &next.time_zone)
        .field("hours", &current.hours, &next.hours)
        .field("holidays", &current.holidays, &next.holidays);
    if diff.is_empty() {
        return Visible::written(current, &right);
    }
    let saved = versioned::save::<service_calendar::Entity>(
        &txn,
        &right,
        caller,
        now,
        AuditAction::Update,
        Change { current: &current, next, diff },
    )
    .await
    .taken_as("name", || InputReason::AlreadyExists)?;
    txn.commit().await?;
    Visible::written(saved, &right)
}

/// A queue's inbound address: valid, lower case, no other queue's (none for a blank one).
async fn queue_address(db: &impl ConnectionTrait, raw: Option<&str>, queue: Option<Uuid>) -> AppResult<Option<String>> {
    let Some(raw) = raw.map(str::trim).filter(|raw| !raw.is_empty()) else { return Ok(None) };
    let address = Email::parse(raw).map_err(|why| AppError::invalid("emailAddress", why))?.as_str().to_owned();
    let taken = service_queue::Entity::find()
        .filter(service_queue::Column::EmailAddress.eq(address.as_str()))
        .filter(queue.map_or(Condition::all(), |queue| Condition::all().add(service_queue::Column::Id.ne(queue))))
        .one(db)
        .await?;
    if taken.is_some() {
        return Err(AppError::invalid("emailAddress", InputReason::AlreadyExists.with_message("another queue has this address")));
    }
    Ok(Some(address))
}

/// The queue whose inbound address is one of `addresses` (lower case), if any.
pub async fn queue_for_addresses(db: &impl ConnectionTrait, addresses: &[String]) -> AppResult<Option<service_queue::Model>> {
    if addresses.is_empty() {
        return Ok(None);
    }
    Ok(service_queue::Entity::find()
        .filter(service_queue::Column::ArchivedAt.is_null())
        .filter(service_queue::Column::EmailAddress.is_in(addresses.iter().cloned()))
        .order_by_asc(service_queue::Column::Name)
        .one(db)
        .await?)
}

/// Makes `queue` the only default queue.
async fn clear_other_defaults(txn: &impl ConnectionTrait, queue: Uuid) -> AppResult<()> {
    service_queue::Entity::update_many()
        .col_expr(service_queue::Column::IsDefault, Expr::value(false))
        .filter(service_queue::Column::Id.ne(queue))
        .filter(service_queue::Column::IsDefault.eq(true))
        .exec(txn)
        .await?;
    Ok(())
}

pub async fn create_queue(ctx: &AppContext, caller: &Caller, input: CreateServiceQueueInput) -> AppResult<Visible<service_queue::Model>> {
    let right = service_settings(&caller.principal)?;
    let name = name(&input.name)?;
    let reopen_days = reopen_days(input.reopen_days)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let calendar_id = match &input.calendar_id {
        Some(id) => calendar_ref(&txn, id, "calendarId").await?,
        None => None,
    };
    let lead_id = match &input.lead_id {
        Some(id) => lead_ref(&txn, id).await?,
        None => None,
    };
    let members = member_ids(&txn, &input.member_ids).await?;
    let email_address = queue_address(&txn, input.email_address.as_deref(), None).await?;
    // The first queue is the default whatever the input says: tickets must go somewhere.
    let first = service_queue::Entity::find().filter(service_queue::Column::ArchivedAt.is_null()).one(&txn).await?.is_none();
    let row = service_queue::Model {
        id: new_id_at(now),
        name,
        calendar_id,
        lead_id,
        reopen_days,
        routing: input.routing,
        is_default: input.is_default || first,
        email_address,
        created_at: now,
        updated_at: now,
        archived_at: None,
        version: 1,
    };
    let row = row.into_active_model().reset_all().insert(&txn).await.taken_as("name", || InputReason::AlreadyExists)?;
    if row.is_default {
        clear_other_defaults(&txn, row.id).await?;
    }
    replace_members(&txn, row.id, &members, now).await?;
    let mut diff = Diff::new();
    diff.created("name", &row.name)
        .created("calendarId", &row.calendar_id)
        .created("leadId", &row.lead_id)
        .created("reopenDays", &row.reopen_days)
        .created("isDefault", &row.is_default)
        .created("routing", &row.routing)
        .created("emailAddress", &row.email_address)
        .created("memberIds", &members);
    audit::record(&txn, caller, now, AuditAction::Create, Subject::ServiceQueue(row.id), diff).await?;
    txn.commit().await?;
    Ok(Visible::created(row, &right))
}

pub async fn update_queue(ctx: &AppContext, caller: &Caller, input: UpdateServiceQueueInput) -> AppResult<Visible<service_queue::Model>> {
    let right = service_settings(&caller.principal)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current =
        service_queue::Entity::find_by_id(parse_id(&input.id, "id")?).one(&txn).await?.ok_or(AppError::NotFound("service queue"))?;
    let current = versioned::at_version::<service_queue::Entity>(current, input.version)?;
    let mut next = current.clone();
    if let Some(raw) = &input.name {
        next.name = name(raw)?;
    }
    if let Some(id) = &input.calendar_id {
        next.calendar_id = calendar_ref(&txn, id, "calendarId").await?;
    }
    if let Some(id) = &input.lead_id {
        next.lead_id = lead_ref(&txn, id).await?;
    }
    if let Some(days) = input.reopen_days {
        next.reopen_days = reopen_days(days)?;
    }
    if let Some(routing) = input.routing {
        next.routing = routing;
    }
    if let Some(raw) = input.email_address.as_deref() {
        next.email_address = queue_address(&txn, Some(raw), Some(current.id)).await?;
    }
    let members_before = member_user_ids(&txn, current.id).await?;
    let members = match &input.member_ids {
        Some(raw) => member_ids(&txn, raw).await?,
        None => members_before.clone(),
    };
    match input.is_default {
        Some(true) => next.is_default = true,
        Some(false) if current.is_default => {
            return Err(AppError::invalid("isDefault", InputReason::NotApplicable.with_message("make another queue the default instead")))
        }
        _ => {}
    }
    let mut diff = Diff::new();
    diff.field("name", &current.name, &next.name)
        .field("calendarId", &current.calendar_id, &next.calendar_id)
        .field("leadId", &current.lead_id, &next.lead_id)
        .field("reopenDays", &current.reopen_days, &next.reopen_days)
        .field("isDefault", &current.is_default, &next.is_default)
        .field("routing", &current.routing, &next.routing)
        .field("emailAddress", &current.email_address, &next.email_address)
        .field("memberIds", &members_before, &members);
    if diff.is_empty() {
        return Visible::written(current, &right);
    }
    let saved =
        versioned::save::<service_queue::Entity>(&txn, &right, caller, now, AuditAction::Update, Change { current: &current, next, diff })
            .await
            .taken_as("name", || InputReason::AlreadyExists)?;
    if saved.is_default {
        clear_other_defaults(&txn, saved.id).await?;
    }
    if members != members_before {
        replace_members(&txn, saved.id, &members, now).await?;
    }
    txn.commit().await?;
    Visible::written(saved, &right)
}

pub async fn create_policy(ctx: &AppContext, caller: &Caller, input: CreateSlaPolicyInput) -> AppResult<Visible<sla_policy::Model>> {
    let right: ServiceSettings = service_settings(&caller.principal)?;
    let name = name(&input.name)?;
    let first_response = minutes("firstResponseMinutes", input.first_response_minutes)?;
    let next_response = input.next_response_minutes.map(|value| minutes("nextResponseMinutes", value)).transpose()?;
    let resolution = minutes("resolutionMinutes", input.resolution_minutes)?;
    let warning = input.warning_minutes.map(|value| minutes("warningMinutes", value)).transpose()?;
    let tier = match &input.customer_tag {
        Some(raw) => customer_tag(raw)?,
        None => None,
    };
    let pauses = pause_statuses(&input.pause_statuses)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let queue_id = match &input.queue_id {
        Some(id) => Some(active_queue(&txn, id, "queueId").await?.id),
        None => None,
    };
    let row = sla_policy::Model {
        id: new_id_at(now),
        name,
        position: input.position,
        priority: input.priority,
        queue_id,
        customer_tag: tier,
        first_response_minutes: first_response,
        next_response_minutes: next_response,
        resolution_minutes: resolution,
        pause_statuses: pauses,
        warning_minutes: warning,
        created_at: now,
        updated_at: now,
        archived_at: None,
        version: 1,
    };
    let row = row.into_active_model().reset_all().insert(&txn).await.taken_as("name", || InputReason::AlreadyExists)?;
    let mut diff = Diff::new();
    diff.created("name", &row.name)
        .created("position", &row.position)
        .created("priority", &row.priority)
        .created("queueId", &row.queue_id)
        .created("customerTag", &row.customer_tag)
        .created("firstResponseMinutes", &row.first_response_minutes)
        .created("nextResponseMinutes", &row.next_response_minutes)
        .created("resolutionMinutes", &row.resolution_minutes)
        .created("pauseStatuses", &row.pause_statuses)
        .created("warningMinutes", &row.warning_minutes);
    audit::record(&txn, caller, now, AuditAction::Create, Subject::SlaPolicy(row.id), diff).await?;
    txn.commit().await?;
    Ok(Visible::created(row, &right))
}

pub async fn update_policy(ctx: &AppContext, caller: &Caller, input: UpdateSlaPolicyInput) -> AppResult<Visible<sla_policy::Model>> {
    let right = service_settings(&caller.principal)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = sla_policy::Entity::find_by_id(parse_id(&input.id, "id")?).one(&txn).await?.ok_or(AppError::NotFound("SLA policy"))?;
    let current = versioned::at_version::<sla_policy::Entity>(current, input.version)?;
    let mut next = current.clone();
    if let Some(raw) = &input.name {
        next.name = name(raw)?;
    }
    if let Some(position) = input.position {
        next.position = position;
    }
    if let Some(raw) = &input.customer_tag {
        next.customer_tag = customer_tag(raw)?;
    }
    if let Some(value) = input.first_response_minutes {
        next.first_response_minutes = minutes("firstResponseMinutes", value)?;
    }
    if let Some(value) = input.resolution_minutes {
        next.resolution_minutes = minutes("resolutionMinutes", value)?;
    }
    if let Some(statuses) = &input.pause_statuses {
        next.pause_statuses = pause_statuses(statuses)?;
    }
    if let Some(value) = input.warning_minutes {
        next.warning_minutes = if value == 0 { None } else { Some(minutes("warningMinutes", value)?) };
    }
    let mut diff = Diff::new();
    diff.field("name", &current.name, &next.name)
        .field("position", &current.position, &next.position)
        .field("customerTag", &current.customer_tag, &next.customer_tag)
        .field("firstResponseMinutes", &current.first_response_minutes, &next.first_response_minutes)
        .field("resolutionMinutes", &current.resolution_minutes, &next.resolution_minutes)
        .field("pauseStatuses", &current.pause_statuses, &next.pause_statuses)
        .field("warningMinutes", &current.warning_minutes, &next.warning_minutes);
    if diff.is_empty() {
        return Visible::written(current, &right);
    }
    let saved =
        versioned::save::<sla_policy::Entity>(&txn, &right, caller, now, AuditAction::Update, Change { current: &current, next, diff })
            .await
            .taken_as("name", || InputReason::AlreadyExists)?;
    txn.commit().await?;
    Visible::written(saved, &right)
}

pub async fn calendars(db: &impl ConnectionTrait, _: &ServiceSetupRead) -> AppResult<Vec<Visible<service_calendar::Model>>> {
    let rows = service_calendar::Entity::find()
        .filter(service_calendar::Column::ArchivedAt.is_null())
        .order_by_asc(service_calendar::Column::Name)
        .all(db)
        .await?;
    Ok(Visible::vouched_all(rows))
}

pub async fn queues(db: &impl ConnectionTrait, _: &ServiceSetupRead) -> AppResult<Vec<Visible<service_queue::Model>>> {
    let rows = service_queue::Entity::find()
        .filter(service_queue::Column::ArchivedAt.is_null())
        .order_by_asc(service_queue::Column::Name)
        .all(db)
        .await?;
    Ok(Visible::vouched_all(rows))
}

pub async fn policies(db: &impl ConnectionTrait, _: &ServiceSetupRead) -> AppResult<Vec<Visible<sla_policy::Model>>> {
    let rows = sla_policy::Entity::find()
        .filter(sla_policy::Column::ArchivedAt.is_null())
        .order_by_asc(sla_policy::Column::Position)
        .order_by_asc(sla_policy::Column::Id)
        .all(db)
        .await?;
    Ok(Visible::vouched_all(rows))
}

/// Queues by id (a ticket's queue: whoever sees the ticket sees its queue's name).
pub async fn queues_by_id(db: &impl ConnectionTrait, ids: impl IntoIterator<Item = Uuid>) -> AppResult<Vec<Visible<service_queue::Model>>> {
    let rows = service_queue::Entity::find().filter(service_queue::Column::Id.is_in(ids)).all(db).await?;
    Ok(Visible::vouched_all(rows))
}

/// Calendars by id (a queue's calendar).
pub async fn calendars_by_id(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> AppResult<Vec<Visible<service_calendar::Model>>> {
    let rows = service_calendar::Entity::find().filter(service_calendar::Column::Id.is_in(ids)).all(db).await?;
    Ok(Visible::vouched_all(rows))
}
