//! NPS surveys: "how likely are you to recommend us to a friend or colleague?", 0–10, addressed
//! to a list of customers (those a customer-list filter selects when it is sent, at most
//! [`MAX_RECIPIENTS`]). Each customer answers once until the survey closes: signed in, from the
//! portal, or through a link whose token is random, shown once, stored hashed, single-use and
//! valid until the survey closes. The score is the share of promoters (9–10) minus the share of
//! detractors (0–6), in points from -100 to 100. This module is the repository of
//! `nps_surveys` and `nps_answers`.

#![allow(clippy::disallowed_methods)]

use crate::domain::SurveyChannel;
use crate::entity::{nps_answer, nps_survey};
use crate::inputs::{AnswerNpsLinkInput, AnswerNpsSurveyInput, CreateNpsSurveyInput};
use crate::surveys::{closed, comment, satisfaction_read};
use async_graphql::ID;
use chrono::{DateTime, Duration, Utc};
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::parse_id;
use crm_core::pagination::{fetch_page, id_key, time_key, KeyKind, Keyset, Page, PageRequest, SortKey};
use crm_core::principal::{Caller, Principal, StaffRole};
use crm_core::values::{optional_text, required_text};
use crm_core::visible::{Seen, Visible};
use crm_customers::access::CustomerScope;
use crm_customers::repo::{customer_query, customer_unscoped};
use crm_identity::auth::secrets::{random_token, sha256_hex};
use crm_tasks::access::OpenedByTheCrm;
use crm_tasks::domain::{TaskOrigin, TaskPriority, TaskSubject};
use crm_tasks::service::{NewTask, TaskAbout};
use sea_orm::sea_query::{Alias, Asterisk, Expr, Order, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait, Select, TransactionTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

/// The most customers one survey addresses.
pub const MAX_RECIPIENTS: usize = 10_000;
/// The longest a survey stays open.
pub const MAX_OPEN_DAYS: i64 = 365;
/// What customers are asked when the survey does not say otherwise.
pub const DEFAULT_QUESTION: &str = "How likely are you to recommend us to a friend or colleague?";
/// Scores at or above this one are promoters'.
pub const PROMOTER: i32 = 9;
/// Scores at or below this one are detractors'.
pub const DETRACTOR: i32 = 6;

/// Who sends NPS surveys and their links: admins, service and sales managers.
#[derive(Debug, Clone, Copy)]
pub struct NpsSend(());

pub fn nps_send(principal: &Principal) -> AppResult<NpsSend> {
    match principal {
        Principal::Staff { role: StaffRole::Admin | StaffRole::ServiceManager | StaffRole::SalesManager, .. }
        | Principal::System { .. } => Ok(NpsSend(())),
        _ => Err(AppError::Forbidden("send NPS surveys (admins, service and sales managers)")),
    }
}

// NPS surveys and their answers are read by the satisfaction figures' readers
// (`surveys::satisfaction_read`).

fn score(value: i32) -> AppResult<i32> {
    if (0..=10).contains(&value) {
        Ok(value)
    } else {
        Err(AppError::invalid("score", InputReason::OutOfRange { min: 0, max: 10 }))
    }
}

/// Sends a survey to the customers `input.audience` selects (as the customer list would),
/// in one transaction: the survey and one unanswered row per customer.
pub async fn create(ctx: &AppContext, caller: &Caller, input: CreateNpsSurveyInput) -> AppResult<Visible<nps_survey::Model>> {
    nps_send(&caller.principal)?;
    let name = required_text(&input.name, 120).map_err(|why| AppError::invalid("name", why))?;
    let question = match optional_text(input.question.as_deref(), 300).map_err(|why| AppError::invalid("question", why))? {
        Some(question) => question,
        None => DEFAULT_QUESTION.to_owned(),
    };
    let now = ctx.clock.now();
    if input.closes_at <= now {
        return Err(AppError::invalid("closesAt", InputReason::NotInFuture));
    }
    if input.closes_at > now + Duration::days(MAX_OPEN_DAYS) {
        return Err(AppError::invalid("closesAt", InputReason::NotApplicable.with_message("a survey stays open at most a year")));
    }
    let scope = CustomerScope::of(&caller.principal)?;
    let audience = customer_query(&scope, &input.audience, ctx.db.backend())?;
    let txn = ctx.db.write.begin().await?;
    let customers: Vec<Uuid> = audience
        .select_only()
        .column(crm_customers::entity::customer::Column::Id)
        .limit(MAX_RECIPIENTS as u64 + 1)
        .into_tuple()
        .all(&txn)
        .await?;
    if customers.is_empty() {
        return Err(AppError::invalid("audience", InputReason::Required.with_message("no customer matches the audience")));
    }
    if customers.len() > MAX_RECIPIENTS {
        return Err(AppError::invalid("audience", InputReason::TooMany { max: MAX_RECIPIENTS }));
    }
    let survey = nps_survey::Model {
        id: new_id_at(now),
        name,
        question,
        closes_at: input.closes_at,
        recipients: i32::try_from(customers.len()).unwrap_or(i32::MAX),
        created_by_id: caller.principal.user_id(),
        created_at: now,
    }
    .into_active_model()
    .reset_all()
    .insert(&txn)
    .await?;
    let rows = customers.iter().map(|customer_id| {
        nps_answer::Model {
            id: new_id_at(now),
            survey_id: survey.id,
            customer_id: *customer_id,
            token_hash: None,
            expires_at: None,
            score: None,
            comment: None,
            channel: None,
            answered_at: None,
            answered_by_id: None,
        }
        .into_active_model()
        .reset_all()
    });
    // In chunks: each row binds ten values, and SQLite allows 32,766 per statement.
    let rows: Vec<_> = rows.collect();
    for chunk in rows.chunks(1000) {
        nps_answer::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
    }
    let mut diff = Diff::new();
    diff.created("name", &survey.name)
        .created("question", &survey.question)
        .created("closesAt", &survey.closes_at)
        .created("recipients", &survey.recipients);
    audit::record(&txn, caller, now, AuditAction::Create, Subject::NpsSurvey(survey.id), diff).await?;
    txn.commit().await?;
    Ok(Visible::vouched(survey))
}

/// NPS surveys newest first.
struct ByCreation;

impl Keyset<nps_survey::Entity> for ByCreation {
    fn name(&self) -> String {
        "nps".into()
    }
    fn keys(&self) -> Vec<SortKey<nps_survey::Column>> {
        vec![
            SortKey { column: nps_survey::Column::CreatedAt, descending: true, kind: KeyKind::Time },
            SortKey { column: nps_survey::Column::Id, descending: true, kind: KeyKind::Id },
        ]
    }
    fn values(&self, row: &nps_survey::Model) -> Vec<String> {
        vec![time_key(&row.created_at), id_key(&row.id)]
    }
}

/// The surveys, newest first (the figures' readers).
pub async fn list(
    ctx: &AppContext,
    caller: &Caller,
    page: &PageRequest,
) -> AppResult<(Page<Visible<nps_survey::Model>>, Select<nps_survey::Entity>)> {
    satisfaction_read(&caller.principal)?;
    let select = nps_survey::Entity::find();
    Ok((fetch_page(select.clone(), &ByCreation, page, &ctx.db.read).await?.map(Visible::vouched), select))
}

/// One survey (the figures' readers).
pub async fn find(ctx: &AppContext, caller: &Caller, id: &ID) -> AppResult<Visible<nps_survey::Model>> {
    satisfaction_read(&caller.principal)?;
    let id = parse_id(id, "id")?;
    let survey = nps_survey::Entity::find_by_id(id).one(&ctx.db.read).await?.ok_or(AppError::NotFound("NPS survey"))?;
    Ok(Visible::vouched(survey))
}

/// Where a score puts the customer who gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NpsBand {
    /// 9–10.
    Promoter,
    /// 7–8.
    Passive,
    /// 0–6.
    Detractor,
}

impl NpsBand {
    pub fn of(score: i32) -> Self {
        match score {
            s if s >= PROMOTER => Self::Promoter,
            s if s <= DETRACTOR => Self::Detractor,
            _ => Self::Passive,
        }
    }
}

/// The answers to a survey: how many in each band.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NpsTally {
    pub promoters: i64,
    pub passives: i64,
    pub detractors: i64,
}

impl NpsTally {
    pub fn add(&mut self, score: i32) {
        self.add_n(score, 1);
    }

    /// Counts `answers` answers of `score`.
    pub fn add_n(&mut self, score: i32, answers: i64) {
        match NpsBand::of(score) {
            NpsBand::Promoter => self.promoters += answers,
            NpsBand::Detractor => self.detractors += answers,
            NpsBand::Passive => self.passives += answers,
        }
    }

    pub fn answers(&self) -> i64 {
        self.promoters + self.passives + self.detractors
    }

    /// The Net Promoter Score: promoters' share minus detractors', in points (-100 to 100);
    /// none without answers.
    pub fn score(&self) -> Option<f64> {
        let answers = self.answers();
        #[allow(clippy::cast_precision_loss)]
        let points = (answers > 0).then(|| (self.promoters - self.detractors) as f64 * 100.0 / answers as f64);
        points
    }
}

/// The tally of each survey among `ids` (one statement).
pub async fn tallies(db: &impl ConnectionTrait, ids: &[Uuid]) -> AppResult<HashMap<Uuid, NpsTally>> {
    let rows: Vec<(Uuid, i32, i64)> = nps_answer::Entity::find()
        .select_only()
        .column(nps_answer::Column::SurveyId)
        .column(nps_answer::Column::Score)
        .column_as(Expr::col(nps_answer::Column::Id).count(), "answers")
        .filter(nps_answer::Column::SurveyId.is_in(ids.iter().copied()))
        .filter(nps_answer::Column::Score.is_not_null())
        .group_by(nps_answer::Column::SurveyId)
        .group_by(nps_answer::Column::Score)
        .into_tuple()
        .all(db)
        .await?;
    let mut tallies: HashMap<Uuid, NpsTally> = HashMap::new();
    for (survey, score, answers) in rows {
        tallies.entry(survey).or_default().add_n(score, answers);
    }
    Ok(tallies)
}

/// The latest `per_survey` answers of each survey among `surveys` (visible ones: the
/// figures' readers read them first), newest first, in one statement whatever the number of
/// surveys: each answer is ranked within its survey (`ROW_NUMBER() OVER (PARTITION BY
/// survey_id …)`) and only the first ranks are read.
pub async fn latest_answers_of(
    db: &impl ConnectionTrait,
    surveys: &[Seen<nps_survey::Model>],
    per_survey: u64,
) -> AppResult<HashMap<Uuid, Vec<Visible<nps_answer::Model>>>> {
    let ranked = nps_answer::Entity::find()
        .filter(nps_answer::Column::SurveyId.is_in(surveys.iter().map(Seen::id)))
        .filter(nps_answer::Column::AnsweredAt.is_not_null())
        .column_as(Expr::cust("ROW_NUMBER() OVER (PARTITION BY survey_id ORDER BY answered_at DESC, id DESC)"), ANSWER_RANK)
        .into_query();
    let mut first = Query::select();
    first
        .column(Asterisk)
        .from_subquery(ranked, Alias::new("ranked"))
        .and_where(Expr::col(Alias::new(ANSWER_RANK)).lte(per_survey))
        .order_by(Alias::new(ANSWER_RANK), Order::Asc);
    let statement = db.get_database_backend().build(&first);
    // The rank column is read by no field of the model, so rows map as usual.
    let rows = nps_answer::Entity::find().from_raw_sql(statement).all(db).await?;
    let mut by_survey: HashMap<Uuid, Vec<Visible<nps_answer::Model>>> = HashMap::new();
    for row in rows {
        by_survey.entry(row.survey_id).or_default().push(Visible::vouched(row));
    }
    Ok(by_survey)
}

/// The rank of an answer within its survey in [`latest_answers_of`].
const ANSWER_RANK: &str = "answer_rank";

/// Up to `limit` customers who have not answered a survey yet (the mailer's list).
pub async fn unanswered(db: &impl ConnectionTrait, _: &NpsSend, survey_id: Uuid, limit: u64) -> AppResult<Vec<Uuid>> {
    Ok(nps_answer::Entity::find()
        .select_only()
        .column(nps_answer::Column::CustomerId)
        .filter(nps_answer::Column::SurveyId.eq(survey_id))
        .filter(nps_answer::Column::AnsweredAt.is_null())
        .order_by_asc(nps_answer::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?)
}

/// The open surveys the signed-in customer has not answered yet, newest first.
pub async fn open_for_customer(ctx: &AppContext, caller: &Caller) -> AppResult<Vec<Visible<nps_survey::Model>>> {
    let Principal::Customer { customer_id, .. } = caller.principal else {
        return Err(AppError::Forbidden("answer NPS surveys (the customer's own users)"));
    };
    let now = ctx.clock.now();
    let waiting = nps_answer::Entity::find()
        .select_only()
        .column(nps_answer::Column::SurveyId)
        .filter(nps_answer::Column::CustomerId.eq(customer_id))
        .filter(nps_answer::Column::AnsweredAt.is_null())
        .into_query();
    let rows = nps_survey::Entity::find()
        .filter(nps_survey::Column::Id.in_subquery(waiting))
        .filter(nps_survey::Column::ClosesAt.gt(now))
        .order_by_desc(nps_survey::Column::CreatedAt)
        .limit(20)
        .all(&ctx.db.read)
        .await?;
    Ok(Visible::vouched_all(rows))
}

/// The customer answers a survey addressed to it, from the portal.
pub async fn answer_signed_in(ctx: &AppContext, caller: &Caller, input: AnswerNpsSurveyInput) -> AppResult<Visible<nps_survey::Model>> {
    let Principal::Customer { customer_id, user_id, .. } = caller.principal else {
        return Err(AppError::Forbidden("answer NPS surveys (the customer's own users)"));
    };
    let score = score(input.score)?;
    let comment = comment(input.comment.as_deref())?;
    let survey_id = parse_id(&input.survey_id, "surveyId")?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    // A survey not addressed to the customer is as unknown to it as one that does not exist.
    let survey = nps_survey::Entity::find_by_id(survey_id).one(&txn).await?.ok_or(AppError::NotFound("NPS survey"))?;
    let which = Condition::all().add(nps_answer::Column::SurveyId.eq(survey_id)).add(nps_answer::Column::CustomerId.eq(customer_id));
    if nps_answer::Entity::find().filter(which.clone()).one(&txn).await?.is_none() {
        return Err(AppError::NotFound("NPS survey"));
    }
    if survey.closes_at <= now {
        return Err(closed("surveyId"));
    }
    let answered =
        answer(&txn, which, score, comment, SurveyChannel::Portal, Some(user_id), now).await?.ok_or_else(|| closed("surveyId"))?;
    crate::timeline::nps_answered(&txn, &survey, &answered).await?;
    follow_up_detractor(&txn, caller, &survey, &answered, now).await?;
    txn.commit().await?;
    Ok(Visible::vouched(survey))
}

/// A new link for one customer's unanswered answer (the mailer sends it): the token, shown
/// this once, valid until the survey closes. An earlier link stops working.
pub async fn issue_link(ctx: &AppContext, caller: &Caller, survey_id: &ID, customer_id: &ID) -> AppResult<(String, DateTime<Utc>)> {
    nps_send(&caller.principal)?;
    let survey_id = parse_id(survey_id, "surveyId")?;
    let customer_id = parse_id(customer_id, "customerId")?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let survey = nps_survey::Entity::find_by_id(survey_id).one(&txn).await?.ok_or(AppError::NotFound("NPS survey"))?;
    if survey.closes_at <= now {
        return Err(closed("surveyId"));
    }
    let which = Condition::all().add(nps_answer::Column::SurveyId.eq(survey_id)).add(nps_answer::Column::CustomerId.eq(customer_id));
    let row = nps_answer::Entity::find().filter(which).one(&txn).await?;
    let row = row.ok_or_else(|| {
        AppError::invalid("customerId", InputReason::NotApplicable.with_message("the survey was not sent to this customer"))
    })?;
    if row.answered_at.is_some() {
        return Err(closed("customerId"));
    }
    let token = random_token(32);
    nps_answer::Entity::update_many()
        .col_expr(nps_answer::Column::TokenHash, Expr::value(sha256_hex(&token)))
        .col_expr(nps_answer::Column::ExpiresAt, Expr::value(survey.closes_at))
        .filter(nps_answer::Column::Id.eq(row.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok((token, survey.closes_at))
}

/// The answer row whose link is `token`, while the link is valid.
fn link(token: &str, now: DateTime<Utc>) -> Condition {
    Condition::all().add(nps_answer::Column::TokenHash.eq(sha256_hex(token.trim()))).add(nps_answer::Column::ExpiresAt.gt(now))
}

/// The survey a link opens, while it is unanswered and open; `None` for a used, expired or
/// unknown link alike.
pub async fn survey_of_link(db: &impl ConnectionTrait, token: &str, now: DateTime<Utc>) -> AppResult<Option<nps_survey::Model>> {
    let row = nps_answer::Entity::find().filter(link(token, now)).filter(nps_answer::Column::AnsweredAt.is_null()).one(db).await?;
    match row {
        Some(row) => Ok(nps_survey::Entity::find_by_id(row.survey_id).one(db).await?),
        None => Ok(None),
    }
}

/// Answers through a link: no sign-in, the token is the proof. Unknown, used and expired
/// tokens are refused alike.
pub async fn answer_with_link(ctx: &AppContext, input: AnswerNpsLinkInput) -> AppResult<()> {
    let score = score(input.score)?;
    let comment = comment(input.comment.as_deref())?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let answered =
        answer(&txn, link(&input.token, now), score, comment, SurveyChannel::Link, None, now).await?.ok_or_else(|| closed("token"))?;
    let survey = nps_survey::Entity::find_by_id(answered.survey_id).one(&txn).await?.ok_or(AppError::NotFound("NPS survey"))?;
    crate::timeline::nps_answered(&txn, &survey, &answered).await?;
    follow_up_detractor(&txn, &Caller::system("NPS survey link"), &survey, &answered, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Records the answer on the one unanswered row `which` selects and returns it; `None` when
/// there is none (answered meanwhile: the conditional update is what makes an answer single).
/// The link is spent with the answer.
async fn answer(
    txn: &impl ConnectionTrait,
    which: Condition,
    score: i32,
    comment: Option<String>,
    channel: SurveyChannel,
    by: Option<Uuid>,
    now: DateTime<Utc>,
) -> AppResult<Option<nps_answer::Model>> {
    let unanswered = Condition::all().add(which).add(nps_answer::Column::AnsweredAt.is_null());
    let Some(row) = nps_answer::Entity::find().filter(unanswered.clone()).one(txn).await? else { return Ok(None) };
    let done = nps_answer::Entity::update_many()
        .col_expr(nps_answer::Column::Score, Expr::value(score))
        .col_expr(nps_answer::Column::Comment, Expr::value(comment.clone()))
        .col_expr(nps_answer::Column::Channel, Expr::value(channel))
        .col_expr(nps_answer::Column::AnsweredAt, Expr::value(now))
        .col_expr(nps_answer::Column::AnsweredById, Expr::value(by))
        .col_expr(nps_answer::Column::TokenHash, Expr::value(Option::<String>::None))
        .filter(unanswered)
        .filter(nps_answer::Column::Id.eq(row.id))
        .exec(txn)
        .await?;
    if done.rows_affected != 1 {
        return Ok(None);
    }
    Ok(Some(nps_answer::Model {
        score: Some(score),
        comment,
        channel: Some(channel),
        answered_at: Some(now),
        answered_by_id: by,
        token_hash: None,
        ..row
    }))
}

/// How long the follow-up of a detractor's answer may wait.
const FOLLOW_UP_DAYS: i64 = 2;

/// A detractor's answer (0–6) opens a task to follow up with the customer, in the answer's
/// transaction: for the customer's owner, else for whoever sent the survey (nobody's when
/// neither is left).
async fn follow_up_detractor(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    survey: &nps_survey::Model,
    answer: &nps_answer::Model,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let Some(score) = answer.score.filter(|score| NpsBand::of(*score) == NpsBand::Detractor) else { return Ok(()) };
    let customer = customer_unscoped(txn, answer.customer_id).await?.ok_or(AppError::NotFound("customer"))?;
    let Some(owner_id) = customer.owner_id.or(survey.created_by_id) else { return Ok(()) };
    let task = NewTask {
        title: format!("Follow up: {} answered {score}/10 to “{}”", customer.name, survey.name),
        details: answer.comment.clone(),
        about: Some(TaskAbout { kind: TaskSubject::Customer, id: customer.id, customer_id: Some(customer.id) }),
        owner_id,
        origin: TaskOrigin::NpsFollowUp,
        priority: TaskPriority::High,
        due_at: now + Duration::days(FOLLOW_UP_DAYS),
        remind_at: None,
    };
    crm_tasks::service::open_for(txn, caller, &OpenedByTheCrm::for_rule(), task, now).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_score_is_promoters_minus_detractors_in_points() {
        let mut tally = NpsTally::default();
        assert_eq!(tally.score(), None);
        for score in [10, 9, 8, 7, 6, 0] {
            tally.add(score);
        }
        assert_eq!(tally, NpsTally { promoters: 2, passives: 2, detractors: 2 });
        assert_eq!(tally.score(), Some(0.0));
        tally.add(9);
        tally.add(10);
        // 4 promoters, 2 detractors of 8: 25 points.
        assert_eq!(tally.score().map(|points| (points - 25.0).abs() < 1e-9), Some(true));
        assert!(score(-1).is_err() && score(11).is_err() && score(0).is_ok() && score(10).is_ok());
    }
}
