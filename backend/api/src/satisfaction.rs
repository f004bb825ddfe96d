//! Customer satisfaction: each resolved ticket's survey and its answer, the customer's rating
//! from the portal, answers through a survey link without signing in, the links the desk
//! sends, and the figures per agent, queue, customer or product.

use crate::catalog::{Product, ProductById};
use crate::customers::loaders::CustomerById;
use crate::customers::Customer;
use crate::identity::{User, UserById};
use crate::request::{loader, RequestLoader};
use crate::service::{QueueById, ServiceQueue, Ticket, TicketPayload};
use crate::{app, caller};
use async_graphql::dataloader::Loader;
use async_graphql::{Context, Object, Result, SimpleObject, ID};
use chrono::{DateTime, Utc};
use crm_core::context::AppContext;
use crm_core::db::Db;
use crm_core::error::{AppError, InputReason};
use crm_core::principal::Principal;
use crm_core::visible::{Seen, Visible};
use crm_service::access::TicketScope;
use crm_service::domain::{SatisfactionGroup, SurveyChannel};
use crm_service::entity::{ticket, ticket_survey};
use crm_service::inputs::{AnswerSurveyInput, RateTicketInput};
use crm_service::surveys::{self, satisfaction_read, SatisfactionFigure as Figure};
use std::collections::HashMap;

/// A resolved ticket's satisfaction survey.
pub struct TicketSurvey {
    row: Visible<ticket_survey::Model>,
    /// Whether the reader is staff (reads who recovers a low score).
    staff: bool,
}

/// A resolved ticket's satisfaction survey.
#[Object]
impl TicketSurvey {
    /// 1 (very dissatisfied) to 5 (very satisfied); null until answered.
    async fn score(&self) -> Option<i32> {
        self.row.score
    }
    /// What the customer wrote.
    async fn comment(&self) -> Option<&str> {
        self.row.comment.as_deref()
    }
    /// How it was answered.
    async fn channel(&self) -> Option<SurveyChannel> {
        self.row.channel
    }
    /// When it was answered.
    async fn answered_at(&self) -> Option<DateTime<Utc>> {
        self.row.answered_at
    }
    /// When the ticket's resolution opened it.
    async fn created_at(&self) -> DateTime<Utc> {
        self.row.created_at
    }
    /// Until when its link (if one was sent) can be used.
    async fn link_expires_at(&self) -> Option<DateTime<Utc>> {
        self.row.token_hash.as_ref().and(self.row.expires_at)
    }
    /// The agent it rates: the ticket's assignee when it was resolved (staff only).
    async fn agent(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(key) = self.row.seen(|r| r.agent_id).filter(|_| self.staff) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
    /// Who recovers a low score: the queue's lead (staff only).
    async fn recovery_owner(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(key) = self.row.seen(|r| r.recovery_owner_id).filter(|_| self.staff) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
}

/// The survey of each visible ticket.
pub struct SurveyOfTicket {
    db: Db,
}

impl RequestLoader for SurveyOfTicket {
    fn new(app: &AppContext, _: Option<&Principal>) -> Self {
        Self { db: app.db.clone() }
    }
}

impl Loader<Seen<ticket::Model>> for SurveyOfTicket {
    type Value = Visible<ticket_survey::Model>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Seen<ticket::Model>]) -> Result<HashMap<Seen<ticket::Model>, Self::Value>, Self::Error> {
        let mut found = surveys::surveys_of(&self.db.read, keys).await?;
        Ok(keys.iter().filter_map(|key| found.remove(&key.id()).map(|survey| (*key, survey))).collect())
    }
}

/// `Ticket.survey`: a visible ticket's survey.
pub async fn survey_of_ticket(ctx: &Context<'_>, key: Seen<ticket::Model>) -> Result<Option<TicketSurvey>> {
    let staff = TicketScope::of(&caller(ctx)?.principal).is_ok_and(|scope| scope.reads_internal_notes());
    Ok(loader::<SurveyOfTicket>(ctx)?.load_one(key).await?.map(|row| TicketSurvey { row, staff }))
}

/// The satisfaction of one agent, queue, customer or product over a period.
pub struct SatisfactionFigure(Visible<Figure>);

/// The satisfaction of one agent, queue, customer or product over a period.
#[Object]
impl SatisfactionFigure {
    /// The agent (grouped by AGENT; null: tickets resolved unassigned).
    async fn agent(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(key) = self.0.seen(|f| f.key) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
    /// The queue (grouped by QUEUE).
    async fn queue(&self, ctx: &Context<'_>) -> Result<Option<ServiceQueue>> {
        let Some(key) = self.0.seen(|f| f.key) else { return Ok(None) };
        Ok(loader::<QueueById>(ctx)?.load_one(key).await?.map(ServiceQueue::from))
    }
    /// The customer (grouped by CUSTOMER), when the reader sees it.
    async fn customer(&self, ctx: &Context<'_>) -> Result<Option<Customer>> {
        let Some(id) = self.0.key else { return Ok(None) };
        Ok(loader::<CustomerById>(ctx)?.load_one(id).await?.map(Customer::from))
    }
    /// The product (grouped by PRODUCT; null: tickets about no product).
    async fn product(&self, ctx: &Context<'_>) -> Result<Option<Product>> {
        let Some(id) = self.0.key else { return Ok(None) };
        Ok(loader::<ProductById>(ctx)?.load_one(id).await?.map(Product::from))
    }
    /// Surveys answered.
    async fn answers(&self) -> i64 {
        self.0.answers
    }
    /// The mean score, 1–5.
    async fn average_score(&self) -> f64 {
        self.0.average()
    }
    /// The CSAT: the share of answers of 4 or 5, 0–1.
    async fn csat(&self) -> f64 {
        self.0.csat()
    }
}

/// A survey link: the token for the survey page's address, shown this once.
#[derive(SimpleObject)]
pub struct SurveyLink {
    /// The token (43 characters, URL-safe); an earlier link of the ticket stops working.
    pub token: String,
    /// The survey's page on this server, to put in the email after its origin
    /// (`/survey/<token>`): the customer answers there without signing in.
    pub path: String,
    /// Until when it can be used.
    pub expires_at: DateTime<Utc>,
}

/// Result of answerSurvey.
#[derive(SimpleObject)]
pub struct AnswerSurveyPayload {
    /// Always true: a refused answer is an error (`SURVEY_CLOSED`).
    pub answered: bool,
}

#[derive(Default)]
pub struct SatisfactionQuery;

#[Object]
impl SatisfactionQuery {
    /// Satisfaction answered in `[from, to)` (default: the last 90 days), grouped by agent,
    /// queue, customer or product, most answers first. The service desk, sales managers,
    /// analysts and admins.
    async fn satisfaction(
        &self,
        ctx: &Context<'_>,
        group_by: SatisfactionGroup,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> Result<Vec<SatisfactionFigure>> {
        let read = satisfaction_read(&caller(ctx)?.principal)?;
        let app = app(ctx)?;
        let to = to.unwrap_or_else(|| app.clock.now());
        let from = from.unwrap_or(to - chrono::Duration::days(90));
        if from >= to {
            return Err(AppError::invalid("from", InputReason::NotApplicable.with_message("`from` must come before `to`")).into());
        }
        Ok(surveys::figures(&app.db.read, &read, group_by, from, to).await?.into_iter().map(SatisfactionFigure).collect())
    }
}

#[derive(Default)]
pub struct SatisfactionMutation;

#[Object]
impl SatisfactionMutation {
    /// The customer rates its resolved ticket (customer users, once; 2 or less puts the
    /// queue's lead in charge of recovering the customer).
    async fn rate_ticket(&self, ctx: &Context<'_>, input: RateTicketInput) -> Result<TicketPayload> {
        Ok(TicketPayload { ticket: Ticket::from(surveys::rate(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// A new link to a resolved ticket's survey, for the email that asks the customer (the
    /// service desk). Valid 14 days, single-use; an earlier link stops working.
    async fn issue_survey_link(&self, ctx: &Context<'_>, ticket_id: ID) -> Result<SurveyLink> {
        let (token, expires_at) = surveys::issue_link(app(ctx)?, caller(ctx)?, &ticket_id).await?;
        Ok(SurveyLink { path: format!("/survey/{token}"), token, expires_at })
    }

    /// Answers a survey through its link; needs no sign-in (the token is the proof). A used,
    /// expired or unknown token is refused with `SURVEY_CLOSED`.
    async fn answer_survey(&self, ctx: &Context<'_>, input: AnswerSurveyInput) -> Result<AnswerSurveyPayload> {
        surveys::answer_with_link(app(ctx)?, input).await?;
        Ok(AnswerSurveyPayload { answered: true })
    }
}
