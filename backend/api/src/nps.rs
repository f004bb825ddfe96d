//! NPS surveys over the API: sent to the customers a customer-list filter selects, answered
//! 0–10 once per customer (from the portal signed in, or through a link without signing in),
//! and read as a score with its promoters, passives and detractors and the latest comments.

use crate::connection::page_cost;
use crate::customers::loaders::CustomerById;
use crate::customers::Customer;
use crate::identity::{User, UserById};
use crate::request::{loader, RequestLoader};
use crate::{app, caller, connection};
use async_graphql::dataloader::Loader;
use async_graphql::{Context, Object, Result, SimpleObject, ID};
use chrono::{DateTime, Utc};
use crm_core::context::AppContext;
use crm_core::db::Db;
use crm_core::pagination::PageRequest;
use crm_core::principal::Principal;
use crm_core::visible::{Seen, Visible};
use crm_service::domain::SurveyChannel;
use crm_service::entity::{nps_answer, nps_survey};
use crm_service::inputs::{AnswerNpsLinkInput, AnswerNpsSurveyInput, CreateNpsSurveyInput};
use crm_service::nps::{self, NpsTally};
use std::collections::HashMap;
use uuid::Uuid;

fn id(uuid: Uuid) -> ID {
    ID(uuid.to_string())
}

/// An NPS survey with its results (staff who read the satisfaction figures).
#[derive(Clone)]
pub struct NpsSurvey(pub Visible<nps_survey::Model>);

/// An NPS survey with its results (staff who read the satisfaction figures).
#[Object]
impl NpsSurvey {
    /// Unique id (UUIDv7).
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// What the company calls it.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// What the customers are asked, 0–10.
    async fn question(&self) -> &str {
        &self.0.question
    }
    /// Answers are taken until then.
    async fn closes_at(&self) -> DateTime<Utc> {
        self.0.closes_at
    }
    /// When it was sent.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Who sent it.
    async fn created_by(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(key) = self.0.seen(|r| r.created_by_id) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
    /// How many customers it was sent to.
    async fn recipients(&self) -> i32 {
        self.0.recipients
    }
    /// Answers of 9 or 10.
    async fn promoters(&self, ctx: &Context<'_>) -> Result<i64> {
        Ok(self.tally(ctx).await?.promoters)
    }
    /// Answers of 7 or 8.
    async fn passives(&self, ctx: &Context<'_>) -> Result<i64> {
        Ok(self.tally(ctx).await?.passives)
    }
    /// Answers of 0 to 6.
    async fn detractors(&self, ctx: &Context<'_>) -> Result<i64> {
        Ok(self.tally(ctx).await?.detractors)
    }
    /// Customers who answered.
    async fn answered(&self, ctx: &Context<'_>) -> Result<i64> {
        Ok(self.tally(ctx).await?.answers())
    }
    /// The Net Promoter Score: the promoters' share minus the detractors', in points from
    /// -100 to 100; null until someone answers.
    async fn score(&self, ctx: &Context<'_>) -> Result<Option<f64>> {
        Ok(self.tally(ctx).await?.score())
    }
    /// The latest answers, newest first (at most 100).
    async fn latest_answers(&self, ctx: &Context<'_>, #[graphql(default = 20)] first: i32) -> Result<Vec<NpsAnswer>> {
        let limit = u64::try_from(first.clamp(1, 100)).unwrap_or(20);
        let answers = loader::<LatestAnswersOfSurvey>(ctx)?.load_one((self.0.key(|r| r.id), limit)).await?;
        Ok(answers.unwrap_or_default().into_iter().map(NpsAnswer).collect())
    }
}

impl NpsSurvey {
    async fn tally(&self, ctx: &Context<'_>) -> Result<NpsTally> {
        Ok(loader::<TallyOfSurvey>(ctx)?.load_one(self.0.id).await?.unwrap_or_default())
    }
}

/// The tally of each survey of a page, in one statement.
pub struct TallyOfSurvey {
    db: Db,
}

impl RequestLoader for TallyOfSurvey {
    fn new(app: &AppContext, _: Option<&Principal>) -> Self {
        Self { db: app.db.clone() }
    }
}

impl Loader<Uuid> for TallyOfSurvey {
    type Value = NpsTally;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, NpsTally>, Self::Error> {
        Ok(nps::tallies(&self.db.read, keys).await?)
    }
}

/// The latest answers of each survey of a page, in one statement per number asked (a page
/// asks one).
pub struct LatestAnswersOfSurvey {
    db: Db,
}

impl RequestLoader for LatestAnswersOfSurvey {
    fn new(app: &AppContext, _: Option<&Principal>) -> Self {
        Self { db: app.db.clone() }
    }
}

impl Loader<(Seen<nps_survey::Model>, u64)> for LatestAnswersOfSurvey {
    type Value = Vec<Visible<nps_answer::Model>>;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[(Seen<nps_survey::Model>, u64)],
    ) -> Result<HashMap<(Seen<nps_survey::Model>, u64), Self::Value>, Self::Error> {
        let mut found = HashMap::new();
        let limits: std::collections::BTreeSet<u64> = keys.iter().map(|(_, limit)| *limit).collect();
        for limit in limits {
            let surveys: Vec<_> = keys.iter().filter(|(_, l)| *l == limit).map(|(survey, _)| *survey).collect();
            let mut answers = nps::latest_answers_of(&self.db.read, &surveys, limit).await?;
            for survey in surveys {
                found.insert((survey, limit), answers.remove(&survey.id()).unwrap_or_default());
            }
        }
        Ok(found)
    }
}

/// One customer's answer to an NPS survey.
pub struct NpsAnswer(Visible<nps_answer::Model>);

/// One customer's answer to an NPS survey.
#[Object]
impl NpsAnswer {
    /// The customer who answered.
    async fn customer(&self, ctx: &Context<'_>) -> Result<Option<Customer>> {
        Ok(loader::<CustomerById>(ctx)?.load_one(self.0.customer_id).await?.map(Customer::from))
    }
    /// 0 (not at all likely) to 10 (extremely likely).
    async fn score(&self) -> Option<i32> {
        self.0.score
    }
    /// Why, in the customer's words.
    async fn comment(&self) -> Option<&str> {
        self.0.comment.as_deref()
    }
    /// How it was answered.
    async fn channel(&self) -> Option<SurveyChannel> {
        self.0.channel
    }
    /// When.
    async fn answered_at(&self) -> Option<DateTime<Utc>> {
        self.0.answered_at
    }
}

/// An NPS survey waiting for the signed-in customer's answer.
pub struct OpenNpsSurvey(Visible<nps_survey::Model>);

/// An NPS survey waiting for the signed-in customer's answer.
#[Object]
impl OpenNpsSurvey {
    /// Unique id (UUIDv7).
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// What the customer is asked, 0–10.
    async fn question(&self) -> &str {
        &self.0.question
    }
    /// Answers are taken until then.
    async fn closes_at(&self) -> DateTime<Utc> {
        self.0.closes_at
    }
}

connection!(NpsSurveyConnection, NpsSurveyEdge, NpsSurvey, nps_survey::Entity, "NPS surveys");

/// A link to one customer's NPS survey: the token for the survey page's address, shown once.
#[derive(SimpleObject)]
pub struct NpsLink {
    /// The token (43 characters, URL-safe); an earlier link for the customer stops working.
    pub token: String,
    /// The survey's page on this server, to put in the email after its origin
    /// (`/survey/<token>`): the customer answers there without signing in.
    pub path: String,
    /// Until when it can be used: when the survey closes.
    pub expires_at: DateTime<Utc>,
}

/// Result of createNpsSurvey.
#[derive(SimpleObject)]
pub struct NpsSurveyPayload {
    /// The survey as sent.
    pub survey: NpsSurvey,
}

/// Result of answerNpsSurvey and answerNpsLink.
#[derive(SimpleObject)]
pub struct AnswerNpsPayload {
    /// Always true: a refused answer is an error (`SURVEY_CLOSED` once answered or closed).
    pub answered: bool,
}

#[derive(Default)]
pub struct NpsQuery;

#[Object]
impl NpsQuery {
    /// The NPS surveys, newest first, with their results (the service desk, sales managers,
    /// analysts and admins).
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    async fn nps_surveys(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<NpsSurveyConnection> {
        let page = PageRequest::from_relay(first, after, last, before)?;
        let (page, all) = nps::list(app(ctx)?, caller(ctx)?, &page).await?;
        Ok(NpsSurveyConnection::new(page, all, NpsSurvey))
    }

    /// One NPS survey with its results (as `npsSurveys`).
    async fn nps_survey(&self, ctx: &Context<'_>, id: ID) -> Result<NpsSurvey> {
        Ok(NpsSurvey(nps::find(app(ctx)?, caller(ctx)?, &id).await?))
    }

    /// The open NPS surveys sent to the signed-in customer and not answered yet (customer
    /// users).
    async fn my_nps_surveys(&self, ctx: &Context<'_>) -> Result<Vec<OpenNpsSurvey>> {
        Ok(nps::open_for_customer(app(ctx)?, caller(ctx)?).await?.into_iter().map(OpenNpsSurvey).collect())
    }
}

#[derive(Default)]
pub struct NpsMutation;

#[Object]
impl NpsMutation {
    /// Sends an NPS survey to the customers `audience` selects (at most 10,000): each may
    /// answer once until it closes (admins, service and sales managers).
    async fn create_nps_survey(&self, ctx: &Context<'_>, input: CreateNpsSurveyInput) -> Result<NpsSurveyPayload> {
        Ok(NpsSurveyPayload { survey: NpsSurvey(nps::create(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// A new link to one customer's NPS survey, for the email that asks it (as
    /// `createNpsSurvey`). Valid until the survey closes, single-use; an earlier link stops
    /// working.
    async fn issue_nps_link(&self, ctx: &Context<'_>, survey_id: ID, customer_id: ID) -> Result<NpsLink> {
        let (token, expires_at) = nps::issue_link(app(ctx)?, caller(ctx)?, &survey_id, &customer_id).await?;
        Ok(NpsLink { path: format!("/survey/{token}"), token, expires_at })
    }

    /// The signed-in customer answers an NPS survey sent to it, once (customer users).
    async fn answer_nps_survey(&self, ctx: &Context<'_>, input: AnswerNpsSurveyInput) -> Result<AnswerNpsPayload> {
        nps::answer_signed_in(app(ctx)?, caller(ctx)?, input).await?;
        Ok(AnswerNpsPayload { answered: true })
    }

    /// Answers an NPS survey through its link; needs no sign-in (the token is the proof). A
    /// used, expired or unknown token is refused with `SURVEY_CLOSED`.
    async fn answer_nps_link(&self, ctx: &Context<'_>, input: AnswerNpsLinkInput) -> Result<AnswerNpsPayload> {
        nps::answer_with_link(app(ctx)?, input).await?;
        Ok(AnswerNpsPayload { answered: true })
    }
}
