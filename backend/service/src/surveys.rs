//! Satisfaction surveys (CSAT): a ticket's first resolution opens its survey, which records
//! who and what it rates (the agent then assigned, the queue, the customer, the product) so
//! that the figures stay as they were. The customer answers once (1–5 and a comment), signed
//! in from the portal or through a link whose token is random, shown once, stored hashed,
//! single-use and valid for [`LINK_DAYS`]. A low score ([`LOW_SCORE`] or less) puts the
//! queue's lead in charge of recovering the customer, with an internal note on the ticket.
//! This module is the repository of `ticket_surveys`.

#![allow(clippy::disallowed_methods)]

use crate::access::{ticket_write, Side, TicketScope};
use crate::domain::{SatisfactionGroup, SurveyChannel, TicketMessageKind};
use crate::entity::{service_queue, ticket, ticket_message, ticket_survey};
use crate::inputs::{AnswerSurveyInput, RateTicketInput};
use crate::tickets;
use async_graphql::ID;
use chrono::{DateTime, Duration, Utc};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::parse_id;
use crm_core::principal::{Caller, Principal, StaffRole};
use crm_core::values::optional_text;
use crm_core::visible::{Seen, Visible};
use crm_identity::auth::secrets::{random_token, sha256_hex};
use crm_tasks::access::OpenedByTheCrm;
use crm_tasks::domain::{TaskOrigin, TaskPriority, TaskSubject};
use crm_tasks::service::{NewTask, TaskAbout};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect, TransactionTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

/// How long a survey link stays valid.
pub const LINK_DAYS: i64 = 14;
/// Scores at or below this one call for recovery.
pub const LOW_SCORE: i32 = 2;
/// Scores at or above this one count as satisfied (the CSAT share).
pub const SATISFIED: i32 = 4;

/// Opens the survey of a ticket just resolved, unless it has one (a ticket reopened and
/// resolved again is not asked twice). Part of the resolving write.
pub async fn on_resolved(txn: &impl ConnectionTrait, ticket: &ticket::Model, now: DateTime<Utc>) -> AppResult<()> {
    let survey = ticket_survey::Model {
        id: new_id_at(now),
        ticket_id: ticket.id,
        customer_id: ticket.customer_id,
        agent_id: ticket.assignee_id,
        queue_id: ticket.queue_id,
        product_id: ticket.product_id,
        token_hash: None,
        expires_at: None,
        score: None,
        comment: None,
        channel: None,
        answered_at: None,
        recovery_owner_id: None,
        created_at: now,
    };
    ticket_survey::Entity::insert(survey.into_active_model().reset_all())
        .on_conflict(OnConflict::column(ticket_survey::Column::TicketId).do_nothing().to_owned())
        .do_nothing()
        .exec(txn)
        .await?;
    Ok(())
}

fn score(value: i32) -> AppResult<i32> {
    if (1..=5).contains(&value) {
        Ok(value)
    } else {
        Err(AppError::invalid("score", InputReason::OutOfRange { min: 1, max: 5 }))
    }
}

pub(crate) fn comment(raw: Option<&str>) -> AppResult<Option<String>> {
    optional_text(raw, 2000).map_err(|why| AppError::invalid("comment", why))
}

pub(crate) fn closed(field: &str) -> AppError {
    AppError::invalid(field, InputReason::SurveyClosed)
}

/// A ticket the caller sees, for a write on its survey.
async fn visible_ticket(txn: &impl ConnectionTrait, caller: &Caller, ticket_id: &ID) -> AppResult<Visible<ticket::Model>> {
    let scope = TicketScope::of(&caller.principal)?;
    tickets::find(txn, &scope, parse_id(ticket_id, "ticketId")?).await?.ok_or(AppError::NotFound("ticket"))
}

/// The survey of a ticket (BAD_USER_INPUT while it has not been resolved).
async fn survey_of(txn: &impl ConnectionTrait, ticket: &ticket::Model) -> AppResult<ticket_survey::Model> {
    ticket_survey::Entity::find()
        .filter(ticket_survey::Column::TicketId.eq(ticket.id))
        .one(txn)
        .await?
        .ok_or_else(|| AppError::invalid("ticketId", InputReason::NotApplicable.with_message("the ticket has not been resolved yet")))
}

/// The customer rates its resolved ticket from the portal; the ticket as it is.
pub async fn rate(ctx: &AppContext, caller: &Caller, input: RateTicketInput) -> AppResult<Visible<ticket::Model>> {
    let Principal::Customer { .. } = caller.principal else {
        return Err(AppError::Forbidden("rate a ticket (the customer's own users)"));
    };
    let score = score(input.score)?;
    let comment = comment(input.comment.as_deref())?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let ticket = visible_ticket(&txn, caller, &input.ticket_id).await?;
    let survey = survey_of(&txn, &ticket).await?;
    let answered =
        answer(&txn, Condition::all().add(ticket_survey::Column::Id.eq(survey.id)), score, comment, SurveyChannel::Portal, now).await?;
    let answered = answered.ok_or_else(|| closed("ticketId"))?;
    crate::timeline::satisfaction_answered(&txn, &ticket, &answered).await?;
    recover_if_low(&txn, caller, &ticket, &answered, now).await?;
    txn.commit().await?;
    Ok(ticket)
}

/// A new link for a resolved ticket's unanswered survey (the desk; the mailer sends it): the
/// token, shown this once, and when it expires. An earlier link stops working.
pub async fn issue_link(ctx: &AppContext, caller: &Caller, ticket_id: &ID) -> AppResult<(String, DateTime<Utc>)> {
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let ticket = visible_ticket(&txn, caller, ticket_id).await?;
    if !ticket_write(&caller.principal, &ticket).is_ok_and(|right| right.side == Side::Desk) {
        return Err(AppError::Forbidden("send satisfaction surveys (the service desk)"));
    }
    let survey = survey_of(&txn, &ticket).await?;
    if survey.answered_at.is_some() {
        return Err(closed("ticketId"));
    }
    let token = random_token(32);
    let expires_at = now + Duration::days(LINK_DAYS);
    ticket_survey::Entity::update_many()
        .col_expr(ticket_survey::Column::TokenHash, Expr::value(sha256_hex(&token)))
        .col_expr(ticket_survey::Column::ExpiresAt, Expr::value(expires_at))
        .filter(ticket_survey::Column::Id.eq(survey.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok((token, expires_at))
}

/// The survey whose link is `token`, while the link is valid (its token hashed, as stored).
fn link(token: &str, now: DateTime<Utc>) -> Condition {
    Condition::all().add(ticket_survey::Column::TokenHash.eq(sha256_hex(token.trim()))).add(ticket_survey::Column::ExpiresAt.gt(now))
}

/// The ticket whose survey the link `token` opens, while it is unanswered and unexpired (what
/// the survey page shows); `None` for a used, expired or unknown link, alike.
pub async fn ticket_of_link(db: &impl ConnectionTrait, token: &str, now: DateTime<Utc>) -> AppResult<Option<ticket::Model>> {
    let survey = ticket_survey::Entity::find().filter(link(token, now)).filter(ticket_survey::Column::AnsweredAt.is_null()).one(db).await?;
    match survey {
        Some(survey) => tickets::ticket_unscoped(db, survey.ticket_id).await,
        None => Ok(None),
    }
}

/// Answers a survey through its link: no sign-in, the token is the proof. Unknown, used and
/// expired tokens are refused alike.
pub async fn answer_with_link(ctx: &AppContext, input: AnswerSurveyInput) -> AppResult<()> {
    let score = score(input.score)?;
    let comment = comment(input.comment.as_deref())?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let answered = answer(&txn, link(&input.token, now), score, comment, SurveyChannel::Link, now).await?.ok_or_else(|| closed("token"))?;
    let ticket = tickets::ticket_unscoped(&txn, answered.ticket_id).await?.ok_or(AppError::NotFound("ticket"))?;
    crate::timeline::satisfaction_answered(&txn, &ticket, &answered).await?;
    recover_if_low(&txn, &Caller::system("satisfaction survey link"), &ticket, &answered, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Records the answer on the one unanswered survey `which` selects; `None` when there is none
/// (answered meanwhile: the conditional update is what makes an answer single).
async fn answer(
    txn: &impl ConnectionTrait,
    which: Condition,
    score: i32,
    comment: Option<String>,
    channel: SurveyChannel,
    now: DateTime<Utc>,
) -> AppResult<Option<ticket_survey::Model>> {
    let Some(survey) = ticket_survey::Entity::find().filter(which).filter(ticket_survey::Column::AnsweredAt.is_null()).one(txn).await?
    else {
        return Ok(None);
    };
    let done = ticket_survey::Entity::update_many()
        .col_expr(ticket_survey::Column::Score, Expr::value(score))
        .col_expr(ticket_survey::Column::Comment, Expr::value(comment.clone()))
        .col_expr(ticket_survey::Column::Channel, Expr::value(channel))
        .col_expr(ticket_survey::Column::AnsweredAt, Expr::value(now))
        // The link is spent with the answer.
        .col_expr(ticket_survey::Column::TokenHash, Expr::value(Option::<String>::None))
        .filter(ticket_survey::Column::Id.eq(survey.id))
        .filter(ticket_survey::Column::AnsweredAt.is_null())
        .exec(txn)
        .await?;
    if done.rows_affected == 0 {
        return Ok(None);
    }
    Ok(Some(ticket_survey::Model {
        score: Some(score),
        comment,
        channel: Some(channel),
        answered_at: Some(now),
        token_hash: None,
        ..survey
    }))
}

/// A low score puts the queue's lead in charge of recovering the customer: the survey names
/// them, an internal note on the ticket says so (never shown to the customer), and a task
/// about the ticket lands in their tasks (the ticket's assignee's, for a queue without a lead).
async fn recover_if_low(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    ticket: &ticket::Model,
    survey: &ticket_survey::Model,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let Some(score) = survey.score.filter(|score| *score <= LOW_SCORE) else { return Ok(()) };
    let lead = service_queue::Entity::find_by_id(ticket.queue_id).one(txn).await?.and_then(|queue| queue.lead_id);
    ticket_survey::Entity::update_many()
        .col_expr(ticket_survey::Column::RecoveryOwnerId, Expr::value(lead))
        .filter(ticket_survey::Column::Id.eq(survey.id))
        .exec(txn)
        .await?;
    let said = survey.comment.as_deref().map(|c| format!(": “{c}”")).unwrap_or_default();
    let body = format!("Satisfaction {score}/5{said}. The queue's lead follows up with the customer to recover the relationship.");
    ticket_message::Model {
        id: new_id_at(now),
        ticket_id: ticket.id,
        kind: TicketMessageKind::Note,
        author_id: lead,
        body,
        created_at: now,
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    if let Some(owner_id) = lead.or(ticket.assignee_id) {
        let task = NewTask {
            title: format!("Recover the customer: satisfaction {score}/5 on {}", ticket.number),
            details: survey.comment.clone(),
            about: Some(TaskAbout { kind: TaskSubject::Ticket, id: ticket.id, customer_id: Some(ticket.customer_id) }),
            owner_id,
            origin: TaskOrigin::SatisfactionRecovery,
            priority: TaskPriority::High,
            due_at: now + Duration::days(RECOVERY_DAYS),
            remind_at: None,
        };
        crm_tasks::service::open_for(txn, caller, &OpenedByTheCrm::for_rule(), task, now).await?;
    }
    Ok(())
}

/// How long the recovery of a low score may wait.
const RECOVERY_DAYS: i64 = 1;

/// The survey of each visible ticket that has one.
pub async fn surveys_of(
    db: &impl ConnectionTrait,
    tickets: &[Seen<ticket::Model>],
) -> AppResult<HashMap<Uuid, Visible<ticket_survey::Model>>> {
    let rows = ticket_survey::Entity::find().filter(ticket_survey::Column::TicketId.is_in(tickets.iter().map(Seen::id))).all(db).await?;
    Ok(rows.into_iter().map(|row| (row.ticket_id, Visible::vouched(row))).collect())
}

/// Who reads the satisfaction figures: the service desk, managers and analysts.
#[derive(Debug, Clone, Copy)]
pub struct SatisfactionRead(());

pub fn satisfaction_read(principal: &Principal) -> AppResult<SatisfactionRead> {
    match principal {
        Principal::Staff {
            role: StaffRole::Admin | StaffRole::ServiceManager | StaffRole::ServiceAgent | StaffRole::SalesManager | StaffRole::Analyst,
            ..
        }
        | Principal::System { .. } => Ok(SatisfactionRead(())),
        _ => Err(AppError::Forbidden("read satisfaction figures (the service desk, managers, analysts)")),
    }
}

/// The answers of one group (an agent, a queue, a customer, a product) over a period.
#[derive(Debug, Clone, PartialEq)]
pub struct SatisfactionFigure {
    /// The agent's, queue's, customer's or product's id; none: tickets without one.
    pub key: Option<Uuid>,
    pub answers: i64,
    pub score_sum: i64,
    /// Answers of [`SATISFIED`] or more.
    pub satisfied: i64,
}

impl SatisfactionFigure {
    /// The mean score, 1–5.
    pub fn average(&self) -> f64 {
        #[allow(clippy::cast_precision_loss)]
        let average = self.score_sum as f64 / self.answers.max(1) as f64;
        average
    }

    /// The CSAT share: satisfied answers over all answers, 0–1.
    pub fn csat(&self) -> f64 {
        #[allow(clippy::cast_precision_loss)]
        let share = self.satisfied as f64 / self.answers.max(1) as f64;
        share
    }
}

/// Answers given in `[from, to)`, grouped by `group`, most answers first.
pub async fn figures(
    db: &impl ConnectionTrait,
    _: &SatisfactionRead,
    group: SatisfactionGroup,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> AppResult<Vec<Visible<SatisfactionFigure>>> {
    let column = match group {
        SatisfactionGroup::Agent => ticket_survey::Column::AgentId,
        SatisfactionGroup::Queue => ticket_survey::Column::QueueId,
        SatisfactionGroup::Customer => ticket_survey::Column::CustomerId,
        SatisfactionGroup::Product => ticket_survey::Column::ProductId,
    };
    let rows: Vec<(Option<Uuid>, i64, i64, i64)> = ticket_survey::Entity::find()
        .select_only()
        .column(column)
        .column_as(Expr::col(ticket_survey::Column::Score).count(), "answers")
        .column_as(Expr::cust("COALESCE(SUM(score), 0)"), "score_sum")
        .column_as(Expr::cust(format!("COALESCE(SUM(CASE WHEN score >= {SATISFIED} THEN 1 ELSE 0 END), 0)")), "satisfied")
        .filter(ticket_survey::Column::AnsweredAt.gte(from))
        .filter(ticket_survey::Column::AnsweredAt.lt(to))
        .group_by(column)
        .into_tuple()
        .all(db)
        .await?;
    let mut figures: Vec<SatisfactionFigure> =
        rows.into_iter().map(|(key, answers, score_sum, satisfied)| SatisfactionFigure { key, answers, score_sum, satisfied }).collect();
    figures.sort_by(|a, b| b.answers.cmp(&a.answers).then(a.key.cmp(&b.key)));
    Ok(Visible::vouched_all(figures))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_and_shares() {
        let figure = SatisfactionFigure { key: None, answers: 4, score_sum: 14, satisfied: 3 };
        assert!((figure.average() - 3.5).abs() < 1e-9);
        assert!((figure.csat() - 0.75).abs() < 1e-9);
        assert!(score(0).is_err() && score(6).is_err() && score(5).is_ok());
    }
}
