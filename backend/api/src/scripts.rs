//! Call scripts over GraphQL: the scripts and their trees (working copy with its problems,
//! published versions, path analytics), and runs: an agent's in a call or on a ticket, the
//! self-service chatbot's with a customer, both through `startScriptRun` and
//! `answerScriptRun`. The rules are `crm_scripts`'.

use crate::customers::loaders::CustomerById;
use crate::customers::Customer;
use crate::identity::{User, UserById};
use crate::knowledge::{KnowledgeArticle, KnowledgeProduct, KnowledgeProductById};
use crate::loaders::{ArticleById, ScriptById, TicketById};
use crate::request::{loader, RequestLoader};
use crate::service::{QueueById, ServiceQueue, Ticket};
use crate::{app, caller, payload};
use async_graphql::dataloader::Loader;
use async_graphql::{Context, Object, Result, SimpleObject, ID};
use chrono::{DateTime, Utc};
use crm_core::context::AppContext;
use crm_core::db::Db;
use crm_core::error::AppError;
use crm_core::filters::parse_id;
use crm_core::principal::Principal;
use crm_core::visible::{Seen, Visible};
use crm_scripts::access::{script_keeping, RunScope, ScriptScope};
use crm_scripts::analytics;
use crm_scripts::domain::{ArticleLocale, ScriptChannel, ScriptEnding, ScriptNodeKind, ScriptProblemCode, ScriptRunStatus};
use crm_scripts::entity::{call_script, call_script_version, script_run, script_run_step};
use crm_scripts::inputs::{
    AnswerScriptRunInput, CreateCallScriptInput, PublishCallScriptInput, StartScriptRunInput, UpdateCallScriptInput,
};
use crm_scripts::tree::{self, Tree};
use crm_scripts::{runs, scripts};
use crm_service::entity::{call, ticket};
use std::collections::HashMap;
use std::sync::Arc;

fn id(uuid: uuid::Uuid) -> ID {
    ID(uuid.to_string())
}

/// A tree and the visible record it was read from (a script's working copy, or a published
/// version): what its nodes' articles, products and queues are seen through.
pub struct LoadedTree {
    owner: Owner,
    tree: Tree,
}

pub enum Owner {
    Draft(Visible<call_script::Model>),
    Version(Visible<call_script_version::Model>),
}

impl LoadedTree {
    fn seen<T>(&self, id: Option<uuid::Uuid>) -> Option<Seen<T>> {
        match &self.owner {
            Owner::Draft(row) => row.seen(|_| id),
            Owner::Version(row) => row.seen(|_| id),
        }
    }

    fn node(self: &Arc<Self>, key: &str) -> Option<ScriptNode> {
        self.tree.nodes.iter().position(|n| n.key == key).map(|index| ScriptNode { tree: self.clone(), index })
    }
}

/// A call script: a decision tree an agent follows in a call or a ticket, and the
/// self-service chatbot runs for customers. Its working copy is edited freely; published
/// versions never change and are what runs.
#[derive(Clone)]
pub struct CallScript(Visible<call_script::Model>);

/// A call script: a decision tree an agent follows in a call or a ticket, and the
/// self-service chatbot runs for customers. Its working copy is edited freely; published
/// versions never change and are what runs.
#[Object]
impl CallScript {
    /// Unique id (UUIDv7).
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// Unique name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// What it is for and when to use it.
    async fn description(&self) -> &str {
        &self.0.description
    }
    /// The language it is written in.
    async fn locale(&self) -> ArticleLocale {
        self.0.locale
    }
    /// Offered to customers as the self-service chatbot.
    async fn self_service(&self) -> bool {
        self.0.self_service
    }
    /// The number of the published version that runs; null before the first publication.
    async fn published_number(&self) -> Option<i32> {
        self.0.published_number
    }
    /// The published version that runs, with its tree: the service desk (customers meet it
    /// one node at a time, through a run).
    async fn published(&self, ctx: &Context<'_>) -> Result<Option<ScriptVersion>> {
        if !ScriptScope::of(&caller(ctx)?.principal)?.reads_tree() {
            return Ok(None);
        }
        let Some(key) = self.0.seen(|r| r.published_version_id) else { return Ok(None) };
        Ok(loader::<ScriptVersionById>(ctx)?.load_one(key).await?.and_then(ScriptVersion::of))
    }
    /// The working copy's tree: admins and service managers (null for others).
    async fn draft(&self, ctx: &Context<'_>) -> Result<Option<ScriptTree>> {
        if !ScriptScope::of(&caller(ctx)?.principal)?.reads_drafts() {
            return Ok(None);
        }
        let tree = scripts::parse_tree(&self.0.draft)?;
        Ok(Some(ScriptTree(Arc::new(LoadedTree { owner: Owner::Draft(self.0.clone()), tree }))))
    }
    /// What keeps the working copy from being published (empty: it may be): admins and
    /// service managers. One statement per script.
    #[graphql(complexity = "5 * child_complexity")]
    async fn draft_problems(&self, ctx: &Context<'_>) -> Result<Vec<ScriptProblem>> {
        if !ScriptScope::of(&caller(ctx)?.principal)?.reads_drafts() {
            return Ok(Vec::new());
        }
        let tree = scripts::parse_tree(&self.0.draft)?;
        let problems = scripts::draft_problems(&app(ctx)?.db.read, &tree, self.0.self_service).await?;
        Ok(problems.into_iter().map(ScriptProblem::from).collect())
    }
    /// Every published version, newest first: admins and service managers.
    #[graphql(complexity = "5 * child_complexity")]
    async fn versions(&self, ctx: &Context<'_>) -> Result<Vec<ScriptVersion>> {
        if !ScriptScope::of(&caller(ctx)?.principal)?.reads_drafts() {
            return Ok(Vec::new());
        }
        let rows = scripts::versions_of(&app(ctx)?.db.read, &self.0).await?;
        let mut versions = Vec::with_capacity(rows.len());
        for row in rows {
            versions.extend(ScriptVersion::of(Arc::new(loaded_version(row)?)));
        }
        Ok(versions)
    }
    /// When it was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When it last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Increases with every change; send it back with changes.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Whether the caller may change and publish it (admins and service managers).
    async fn viewer_can_edit(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(script_keeping(&caller(ctx)?.principal).is_ok())
    }
}

fn loaded_version(row: Visible<call_script_version::Model>) -> Result<LoadedTree> {
    let tree = scripts::parse_tree(&row.tree)?;
    Ok(LoadedTree { owner: Owner::Version(row), tree })
}

/// A published version of a script: its tree as published, never changed.
pub struct ScriptVersion {
    row: call_script_version::Model,
    tree: Arc<LoadedTree>,
}

impl ScriptVersion {
    /// The version a loaded tree was read from (none for a working copy's).
    fn of(tree: Arc<LoadedTree>) -> Option<Self> {
        match &tree.owner {
            Owner::Version(row) => Some(Self { row: (**row).clone(), tree: tree.clone() }),
            Owner::Draft(_) => None,
        }
    }

    fn row(&self) -> &call_script_version::Model {
        &self.row
    }
}

/// A published version of a script: its tree as published, never changed.
#[Object]
impl ScriptVersion {
    /// Unique id (UUIDv7).
    async fn id(&self) -> ID {
        id(self.row().id)
    }
    /// 1, 2, … in order of publication.
    async fn number(&self) -> i32 {
        self.row().number
    }
    /// When it was published.
    async fn published_at(&self) -> DateTime<Utc> {
        self.row().published_at
    }
    /// Who published it.
    async fn published_by(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(key) = self.tree.seen(self.row.published_by_id) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
    /// Its tree.
    async fn tree(&self) -> ScriptTree {
        ScriptTree(self.tree.clone())
    }
    /// Its paths: how many runs reached each node, ended there or were dropped there (left,
    /// or idle for 30 minutes), and the resolution rate; all runs or one channel's. Admins and
    /// service managers. Three statements per version.
    #[graphql(complexity = 20)]
    async fn figures(&self, ctx: &Context<'_>, channel: Option<ScriptChannel>) -> Result<ScriptFigures> {
        let right = script_keeping(&caller(ctx)?.principal)?;
        let app = app(ctx)?;
        let figures = analytics::of_version(&app.db.read, &right, self.row().id, &self.tree.tree, channel, app.clock.now()).await?;
        let nodes = figures
            .nodes
            .iter()
            .map(|n| ScriptNodeFigures {
                key: n.key.clone(),
                text: self.tree.tree.node(&n.key).map(|node| node.text.clone()).unwrap_or_default(),
                reached: n.reached,
                ended: n.ended,
                dropped: n.dropped,
            })
            .collect();
        Ok(ScriptFigures {
            runs: figures.runs,
            resolved: figures.resolved,
            handed_off: figures.handed_off,
            dropped: figures.dropped,
            active: figures.active,
            resolution_rate: figures.resolution_rate(),
            nodes,
        })
    }
}

/// The paths of a version's runs.
#[derive(SimpleObject)]
pub struct ScriptFigures {
    /// Runs started.
    pub runs: i64,
    /// Ended with a resolution, an article or an offer.
    pub resolved: i64,
    /// Ended handing over to a person.
    pub handed_off: i64,
    /// Left before an end, or idle for 30 minutes.
    pub dropped: i64,
    /// Under way.
    pub active: i64,
    /// Resolved among the finished (resolved, handed off, dropped), 0–1; null before any
    /// finished.
    pub resolution_rate: Option<f64>,
    /// Per node, in the tree's order.
    pub nodes: Vec<ScriptNodeFigures>,
}

/// The runs of a version at one node.
#[derive(SimpleObject)]
pub struct ScriptNodeFigures {
    /// The node's key.
    pub key: String,
    /// The node's text.
    pub text: String,
    /// Runs that reached it.
    pub reached: i64,
    /// Runs that ended there.
    pub ended: i64,
    /// Runs dropped there.
    pub dropped: i64,
}

/// A decision tree.
pub struct ScriptTree(Arc<LoadedTree>);

/// A decision tree: where it starts and its nodes.
#[Object]
impl ScriptTree {
    /// The key of the first node.
    async fn start(&self) -> &str {
        &self.0.tree.start
    }
    /// The nodes, in the editor's order.
    async fn nodes(&self) -> Vec<ScriptNode> {
        (0..self.0.tree.nodes.len()).map(|index| ScriptNode { tree: self.0.clone(), index }).collect()
    }
}

/// A node of a script: a question with its answers, a statement, or an end with its outcome.
pub struct ScriptNode {
    tree: Arc<LoadedTree>,
    index: usize,
}

impl ScriptNode {
    fn node(&self) -> &tree::Node {
        &self.tree.tree.nodes[self.index]
    }
}

/// A node of a script: a question with its answers, a statement, or an end with its outcome.
#[Object]
impl ScriptNode {
    /// Unique in the tree: what answers lead to.
    async fn key(&self) -> &str {
        &self.node().key
    }
    /// A question, a statement, or an end.
    async fn kind(&self) -> ScriptNodeKind {
        self.node().kind
    }
    /// What the agent says or the bot writes.
    async fn text(&self) -> &str {
        &self.node().text
    }
    /// The answers to choose from (a statement's one way on).
    async fn answers(&self) -> Vec<ScriptAnswer> {
        self.node().answers.iter().map(ScriptAnswer::from).collect()
    }
    /// An end's outcome.
    async fn ending(&self) -> Option<ScriptEnding> {
        self.node().ending
    }
    /// An ARTICLE end's article, when the caller reads it.
    async fn article(&self, ctx: &Context<'_>) -> Result<Option<KnowledgeArticle>> {
        let Some(article) = self.node().article_id else { return Ok(None) };
        Ok(loader::<ArticleById>(ctx)?.load_one(article).await?.map(KnowledgeArticle::from))
    }
    /// The product an OFFER end proposes.
    async fn product(&self, ctx: &Context<'_>) -> Result<Option<KnowledgeProduct>> {
        let Some(key) = self.tree.seen(self.node().product_id) else { return Ok(None) };
        Ok(loader::<KnowledgeProductById>(ctx)?.load_one(key).await?.map(KnowledgeProduct::from))
    }
    /// The queue a HAND_OFF end hands over to: the service desk (null for others, and for the
    /// default queue).
    async fn queue(&self, ctx: &Context<'_>) -> Result<Option<ServiceQueue>> {
        if !ScriptScope::of(&caller(ctx)?.principal)?.reads_tree() {
            return Ok(None);
        }
        let Some(key) = self.tree.seen(self.node().queue_id) else { return Ok(None) };
        Ok(loader::<QueueById>(ctx)?.load_one(key).await?.map(ServiceQueue::from))
    }
}

/// An answer of a node.
#[derive(SimpleObject)]
pub struct ScriptAnswer {
    /// Unique among the node's answers: what `answerScriptRun` takes.
    pub key: String,
    /// What is chosen (may be empty on a statement: "Continue").
    pub label: String,
    /// The key of the node it leads to.
    pub next: String,
    /// Goes back to an earlier node on purpose.
    pub loops_back: bool,
}

/// Why a working copy cannot be published, and where.
#[derive(SimpleObject)]
pub struct ScriptProblem {
    /// The node's key (null: the tree as a whole).
    pub node: Option<String>,
    /// What kind of problem.
    pub code: ScriptProblemCode,
    /// What is wrong, in English.
    pub detail: String,
}

impl From<&tree::Answer> for ScriptAnswer {
    fn from(a: &tree::Answer) -> Self {
        Self { key: a.key.clone(), label: a.label.clone(), next: a.next.clone(), loops_back: a.loops_back }
    }
}

impl From<tree::Problem> for ScriptProblem {
    fn from(p: tree::Problem) -> Self {
        Self { node: p.node, code: p.code, detail: p.detail }
    }
}

/// A run of a script: an agent's in a call or on a ticket, or the chatbot's with a customer.
/// `currentNode` is where it is (for the chatbot, what to show next); once ended, `status`,
/// `ending` and the end node say how.
#[derive(Clone)]
pub struct ScriptRun(Visible<script_run::Model>);

impl From<Visible<script_run::Model>> for ScriptRun {
    fn from(row: Visible<script_run::Model>) -> Self {
        Self(row)
    }
}

impl ScriptRun {
    async fn tree(&self, ctx: &Context<'_>) -> Result<Arc<LoadedTree>> {
        let key: Option<Seen<call_script_version::Model>> = self.0.seen(|r| Some(r.version_id));
        let key = key.ok_or(AppError::NotFound("script version"))?;
        loader::<ScriptVersionById>(ctx)?.load_one(key).await?.ok_or_else(|| AppError::NotFound("script version").into())
    }
}

/// A run of a script: an agent's in a call or on a ticket, or the chatbot's with a customer.
/// `currentNode` is where it is (for the chatbot, what to show next); once ended, `status`,
/// `ending` and the end node say how.
#[Object]
impl ScriptRun {
    /// Unique id (UUIDv7).
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// The script run.
    async fn script(&self, ctx: &Context<'_>) -> Result<Option<CallScript>> {
        Ok(loader::<ScriptById>(ctx)?.load_one(self.0.script_id).await?.map(CallScript))
    }
    /// The number of the version it follows.
    async fn version_number(&self, ctx: &Context<'_>) -> Result<i32> {
        let tree = self.tree(ctx).await?;
        Ok(match &tree.owner {
            Owner::Version(row) => row.number,
            Owner::Draft(_) => 0,
        })
    }
    /// An agent's, or the chatbot's.
    async fn channel(&self) -> ScriptChannel {
        self.0.channel
    }
    /// Under way, or how it ended.
    async fn status(&self) -> ScriptRunStatus {
        self.0.status
    }
    /// The node it is at: the one to answer while ACTIVE, the end once ended (or where it was
    /// left).
    async fn current_node(&self, ctx: &Context<'_>) -> Result<Option<ScriptNode>> {
        Ok(self.tree(ctx).await?.node(&self.0.current_node))
    }
    /// The path so far: each node reached and the answer given there, in order.
    #[graphql(complexity = "10 * child_complexity")]
    async fn path(&self, ctx: &Context<'_>) -> Result<Vec<ScriptRunStep>> {
        let tree = self.tree(ctx).await?;
        let steps = loader::<StepsOfRun>(ctx)?.load_one(self.0.key(|r| r.id)).await?.unwrap_or_default();
        Ok(steps
            .into_iter()
            .filter_map(|step| {
                let node = tree.node(&step.node_key)?;
                let answer =
                    step.answer_key.as_deref().and_then(|key| node.node().answers.iter().find(|a| a.key == key)).map(ScriptAnswer::from);
                Some(ScriptRunStep { node, answer, reached_at: step.reached_at })
            })
            .collect())
    }
    /// How it ended (null while under way or when left).
    async fn ending(&self) -> Option<ScriptEnding> {
        self.0.ending
    }
    /// The ticket a hand-off opened, or the run's ticket it handed over.
    async fn handoff_ticket(&self, ctx: &Context<'_>) -> Result<Option<Ticket>> {
        let Some(ticket) = self.0.handoff_ticket_id else { return Ok(None) };
        Ok(loader::<TicketById>(ctx)?.load_one(ticket).await?.map(Ticket::from))
    }
    /// The ticket it is run on.
    async fn ticket(&self, ctx: &Context<'_>) -> Result<Option<Ticket>> {
        let Some(ticket) = self.0.ticket_id else { return Ok(None) };
        Ok(loader::<TicketById>(ctx)?.load_one(ticket).await?.map(Ticket::from))
    }
    /// The id of the call it is run in.
    async fn call_id(&self) -> Option<ID> {
        self.0.call_id.map(id)
    }
    /// The customer it is about, when the caller sees it.
    async fn customer(&self, ctx: &Context<'_>) -> Result<Option<Customer>> {
        let Some(customer) = self.0.customer_id else { return Ok(None) };
        Ok(loader::<CustomerById>(ctx)?.load_one(customer).await?.map(Customer::from))
    }
    /// Who runs it: the agent, or the customer's user.
    async fn run_by(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(key) = self.0.seen(|r| r.user_id) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
    /// When it started.
    async fn started_at(&self) -> DateTime<Utc> {
        self.0.started_at
    }
    /// When it last moved.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// When it ended or was left.
    async fn ended_at(&self) -> Option<DateTime<Utc>> {
        self.0.ended_at
    }
}

/// A node a run reached, and the answer given there.
#[derive(SimpleObject)]
pub struct ScriptRunStep {
    /// The node.
    pub node: ScriptNode,
    /// The answer given (null at the node it is at, and at an end).
    pub answer: Option<ScriptAnswer>,
    /// When it got there.
    pub reached_at: DateTime<Utc>,
}

/// Published versions with their parsed trees, by id (reached through a visible script or
/// run).
pub struct ScriptVersionById {
    db: Db,
}

impl RequestLoader for ScriptVersionById {
    fn new(app: &AppContext, _: Option<&Principal>) -> Self {
        Self { db: app.db.clone() }
    }
}

impl Loader<Seen<call_script_version::Model>> for ScriptVersionById {
    type Value = Arc<LoadedTree>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Seen<call_script_version::Model>]) -> Result<HashMap<Seen<call_script_version::Model>, Self::Value>> {
        let rows = scripts::versions_by_ids(&self.db.read, keys.iter().copied()).await?;
        let mut by_id = HashMap::new();
        for row in rows {
            by_id.insert(row.id, Arc::new(loaded_version(row)?));
        }
        Ok(keys.iter().filter_map(|key| by_id.get(&key.id()).map(|tree| (*key, tree.clone()))).collect())
    }
}

/// The steps of visible runs.
pub struct StepsOfRun {
    db: Db,
}

impl RequestLoader for StepsOfRun {
    fn new(app: &AppContext, _: Option<&Principal>) -> Self {
        Self { db: app.db.clone() }
    }
}

impl Loader<Seen<script_run::Model>> for StepsOfRun {
    type Value = Vec<script_run_step::Model>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Seen<script_run::Model>]) -> Result<HashMap<Seen<script_run::Model>, Self::Value>> {
        let mut by_run = runs::steps_of_runs(&self.db.read, &keys.iter().map(Seen::id).collect::<Vec<_>>()).await?;
        Ok(keys.iter().filter_map(|key| by_run.remove(&key.id()).map(|steps| (*key, steps))).collect())
    }
}

/// The runs about visible calls or tickets that the caller reads.
pub struct RunsAbout {
    db: Db,
    scope: Option<RunScope>,
}

impl RequestLoader for RunsAbout {
    fn new(app: &AppContext, caller: Option<&Principal>) -> Self {
        Self { db: app.db.clone(), scope: caller.and_then(|p| RunScope::of(p).ok()) }
    }
}

/// A visible call or ticket whose runs are asked for.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum Interaction {
    Call(Seen<call::Model>),
    Ticket(Seen<ticket::Model>),
}

impl Loader<Interaction> for RunsAbout {
    type Value = Vec<Visible<script_run::Model>>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Interaction]) -> Result<HashMap<Interaction, Self::Value>> {
        let Some(scope) = &self.scope else { return Ok(HashMap::new()) };
        let calls: Vec<_> = keys.iter().filter_map(|k| if let Interaction::Call(c) = k { Some(c.id()) } else { None }).collect();
        let tickets: Vec<_> = keys.iter().filter_map(|k| if let Interaction::Ticket(t) = k { Some(t.id()) } else { None }).collect();
        let mut of_calls = if calls.is_empty() { HashMap::new() } else { runs::runs_of_calls(&self.db.read, scope, &calls).await? };
        let mut of_tickets =
            if tickets.is_empty() { HashMap::new() } else { runs::runs_of_tickets(&self.db.read, scope, &tickets).await? };
        Ok(keys
            .iter()
            .filter_map(|key| {
                let runs = match key {
                    Interaction::Call(c) => of_calls.remove(&c.id()),
                    Interaction::Ticket(t) => of_tickets.remove(&t.id()),
                };
                runs.map(|runs| (*key, runs))
            })
            .collect())
    }
}

/// The script runs of a visible call or ticket (`Call.scriptRuns`, `Ticket.scriptRuns`).
pub(crate) async fn runs_about(ctx: &Context<'_>, about: Interaction) -> Result<Vec<ScriptRun>> {
    Ok(loader::<RunsAbout>(ctx)?.load_one(about).await?.unwrap_or_default().into_iter().map(ScriptRun).collect())
}

payload!(CallScriptPayload, script, CallScript, "Result of a call script mutation.");
payload!(ScriptRunPayload, run, ScriptRun, "Result of a script run mutation.");

#[derive(Default)]
pub struct ScriptQuery;

#[Object]
impl ScriptQuery {
    /// The call scripts the caller reads, by name (at most 500): the service desk all the
    /// published ones (admins and service managers drafts too), customers the self-service
    /// ones; `selfService: true` lists only those offered to customers.
    async fn call_scripts(&self, ctx: &Context<'_>, #[graphql(default)] self_service: bool) -> Result<Vec<CallScript>> {
        let scope = ScriptScope::of(&caller(ctx)?.principal)?;
        Ok(scripts::list(&app(ctx)?.db.read, &scope, self_service).await?.into_iter().map(CallScript).collect())
    }

    /// A call script the caller reads (NOT_FOUND otherwise).
    async fn call_script(&self, ctx: &Context<'_>, id: ID) -> Result<CallScript> {
        let scope = ScriptScope::of(&caller(ctx)?.principal)?;
        let found = scripts::find(&app(ctx)?.db.read, &scope, parse_id(&id, "id")?).await?;
        Ok(CallScript(found.ok_or(AppError::NotFound("call script"))?))
    }

    /// A script run the caller reads: its own, or any for the service desk (NOT_FOUND
    /// otherwise).
    async fn script_run(&self, ctx: &Context<'_>, id: ID) -> Result<ScriptRun> {
        let scope = RunScope::of(&caller(ctx)?.principal)?;
        let found = runs::find(&app(ctx)?.db.read, &scope, parse_id(&id, "id")?).await?;
        Ok(ScriptRun(found.ok_or(AppError::NotFound("script run"))?))
    }
}

#[derive(Default)]
pub struct ScriptMutation;

#[Object]
impl ScriptMutation {
    /// A new script with its working copy (saved even with problems; `draftProblems` lists
    /// them). Admins and service managers.
    async fn create_call_script(&self, ctx: &Context<'_>, input: CreateCallScriptInput) -> Result<CallScriptPayload> {
        Ok(CallScriptPayload { script: CallScript(scripts::create(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Changes a script's working copy and facts; what runs stays the published version.
    /// Admins and service managers.
    async fn update_call_script(&self, ctx: &Context<'_>, input: UpdateCallScriptInput) -> Result<CallScriptPayload> {
        Ok(CallScriptPayload { script: CallScript(scripts::update(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Publishes the working copy as the next version (BAD_USER_INPUT `SCRIPT_INVALID` while
    /// it has problems): runs started from now on follow it. Admins and service managers.
    async fn publish_call_script(&self, ctx: &Context<'_>, input: PublishCallScriptInput) -> Result<CallScriptPayload> {
        Ok(CallScriptPayload { script: CallScript(scripts::publish(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Starts a run of a script's published version at its first node: the service desk in
    /// a call or on a ticket (optional), a customer with a self-service script (the
    /// chatbot).
    async fn start_script_run(&self, ctx: &Context<'_>, input: StartScriptRunInput) -> Result<ScriptRunPayload> {
        Ok(ScriptRunPayload { run: ScriptRun(runs::start(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Answers the node a run is at (CONFLICT when it has moved on): the run goes to the next
    /// node, or ends there; a hand-off opens a ticket carrying the path (the chatbot's, or an
    /// agent's for the call's customer) or notes it on the run's ticket and moves that to the
    /// end's queue.
    async fn answer_script_run(&self, ctx: &Context<'_>, input: AnswerScriptRunInput) -> Result<ScriptRunPayload> {
        Ok(ScriptRunPayload { run: ScriptRun(runs::answer(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Leaves a run before its end: it counts as dropped at its node.
    async fn abandon_script_run(&self, ctx: &Context<'_>, run_id: ID) -> Result<ScriptRunPayload> {
        Ok(ScriptRunPayload { run: ScriptRun(runs::abandon(app(ctx)?, caller(ctx)?, &run_id).await?) })
    }
}
