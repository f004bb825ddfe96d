//! Runs of published scripts: an agent's inside a call or a ticket, the chatbot's with a
//! customer. Each node reached is a step row; each answer is taken only at the node the run is
//! at (a second click, another tab: CONFLICT), and an end closes the run with its outcome in
//! the same change; a hand-off opens the ticket that carries the path so far, or notes it on
//! the run's ticket and moves it to the end's queue. This module is the repository of the run
//! tables.

#![allow(clippy::disallowed_methods)]

use crate::access::{script_runner, RunScope, ScriptRunner, ScriptScope};
use crate::domain::{ScriptChannel, ScriptEnding, ScriptNodeKind, ScriptRunStatus};
use crate::entity::{call_script, call_script_version, script_run, script_run_step};
use crate::inputs::{AnswerScriptRunInput, StartScriptRunInput};
use crate::scripts::{self, parse_tree};
use crate::tree::{Node, StepError, Tree};
use async_graphql::ID;
use chrono::{DateTime, Duration, Utc};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::parse_id;
use crm_core::principal::Caller;
use crm_core::visible::Visible;
use crm_service::access::{CallScope, TicketScope};
use crm_service::domain::InteractionChannel;
use crm_service::inputs::OpenTicketInput;
use crm_service::{calls, tickets};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    TransactionTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

/// A run left this long without a step counts as dropped at its node in the analytics.
pub const IDLE_DROP: Duration = Duration::minutes(30);

/// Starts a run of a script's published version: an agent's (in the call or on the ticket
/// given, which the agent must see), or the chatbot's with the customer calling.
pub async fn start(ctx: &AppContext, caller: &Caller, input: StartScriptRunInput) -> AppResult<Visible<script_run::Model>> {
    let runner = script_runner(&caller.principal)?;
    let scope = ScriptScope::of(&caller.principal)?;
    let script =
        scripts::find(&ctx.db.write, &scope, parse_id(&input.script_id, "scriptId")?).await?.ok_or(AppError::NotFound("call script"))?;
    let Some(version_id) = script.published_version_id else {
        return Err(AppError::invalid("scriptId", InputReason::NotApplicable.with_message("the script has no published version yet")));
    };
    let (call_id, ticket_id, customer_id) = interaction(ctx, caller, &runner, &input).await?;
    let version =
        call_script_version::Entity::find_by_id(version_id).one(&ctx.db.write).await?.ok_or(AppError::NotFound("script version"))?;
    let tree = parse_tree(&version.tree)?;
    let now = ctx.clock.now();
    let run = script_run::Model {
        id: new_id_at(now),
        script_id: script.id,
        version_id,
        channel: runner.channel,
        status: ScriptRunStatus::Active,
        user_id: Some(runner.user_id),
        customer_id,
        call_id,
        ticket_id,
        current_node: tree.start.clone(),
        ending: None,
        handoff_ticket_id: None,
        steps: 1,
        started_at: now,
        updated_at: now,
        ended_at: None,
    };
    let txn = ctx.db.write.begin().await?;
    let mut run = run.into_active_model().reset_all().insert(&txn).await?;
    insert_step(&txn, &run, 0, &tree.start, now).await?;
    let start = tree.node(&tree.start).ok_or_else(|| AppError::Internal(anyhow::anyhow!("a published script starts at no node")))?;
    if start.kind == ScriptNodeKind::End {
        run = end_run(&txn, caller, &script, &version, &tree, run, start, now).await?;
    }
    txn.commit().await?;
    Ok(Visible::vouched(run))
}

/// The call, ticket and customer a run is about: an agent's call and ticket, read through
/// the agent's scope; the chatbot's customer.
async fn interaction(
    ctx: &AppContext,
    caller: &Caller,
    runner: &ScriptRunner,
    input: &StartScriptRunInput,
) -> AppResult<(Option<Uuid>, Option<Uuid>, Option<Uuid>)> {
    if runner.channel == ScriptChannel::Bot {
        for (given, field) in [(&input.call_id, "callId"), (&input.ticket_id, "ticketId")] {
            if given.is_some() {
                return Err(AppError::invalid(field, InputReason::NotApplicable.with_message("the chatbot runs on its own")));
            }
        }
        return Ok((None, None, runner.customer_id));
    }
    let call = match &input.call_id {
        Some(id) => {
            let scope = CallScope::of(&caller.principal)?;
            Some(calls::repo::find(&ctx.db.write, &scope, parse_id(id, "callId")?).await?.ok_or(AppError::NotFound("call"))?)
        }
        None => None,
    };
    let ticket = match &input.ticket_id {
        Some(id) => {
            let scope = TicketScope::of(&caller.principal)?;
            Some(tickets::find(&ctx.db.write, &scope, parse_id(id, "ticketId")?).await?.ok_or(AppError::NotFound("ticket"))?)
        }
        None => None,
    };
    // A call about a ticket runs on that ticket too.
    let ticket_id = ticket.as_ref().map(|t| t.id).or_else(|| call.as_ref().and_then(|c| c.ticket_id));
    let customer_id = ticket.as_ref().map(|t| t.customer_id).or_else(|| call.as_ref().and_then(|c| c.customer_id));
    Ok((call.map(|c| c.id), ticket_id, customer_id))
}

async fn insert_step(txn: &impl ConnectionTrait, run: &script_run::Model, position: i32, node: &str, now: DateTime<Utc>) -> AppResult<()> {
    script_run_step::Model {
        id: new_id_at(now),
        run_id: run.id,
        version_id: run.version_id,
        position,
        node_key: node.to_owned(),
        answer_key: None,
        reached_at: now,
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    Ok(())
}

fn moved_on() -> AppError {
    AppError::Conflict { message: "the run has moved on since: read it again".into(), existing: None }
}

/// Loads a run the caller reads, still under way, for its next step.
async fn load_active(txn: &impl ConnectionTrait, caller: &Caller, id: &ID) -> AppResult<script_run::Model> {
    let scope = RunScope::of(&caller.principal)?;
    let run = script_run::Entity::find_by_id(parse_id(id, "runId")?)
        .filter(scope.condition())
        .one(txn)
        .await?
        .ok_or(AppError::NotFound("script run"))?;
    if run.status != ScriptRunStatus::Active {
        return Err(AppError::invalid("runId", InputReason::WrongStatus { status: run.status.as_api().into() }));
    }
    Ok(run)
}

/// Moves a run on by the answer given at its node; an end closes it (and hands off).
pub async fn answer(ctx: &AppContext, caller: &Caller, input: AnswerScriptRunInput) -> AppResult<Visible<script_run::Model>> {
    script_runner(&caller.principal)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let run = load_active(&txn, caller, &input.run_id).await?;
    if run.current_node != input.node {
        return Err(moved_on());
    }
    let version = call_script_version::Entity::find_by_id(run.version_id).one(&txn).await?.ok_or(AppError::NotFound("script version"))?;
    let tree = parse_tree(&version.tree)?;
    let (chosen, next) = tree.step(&run.current_node, input.answer.as_deref()).map_err(|err| match err {
        StepError::UnknownAnswer => AppError::invalid("answer", InputReason::UnknownReference.with_message("the node has no such answer")),
        StepError::AtEnd | StepError::UnknownNode => moved_on(),
    })?;
    // The step guard: only the answer given at this count of steps moves the run.
    let taken = script_run::Entity::update_many()
        .col_expr(script_run::Column::CurrentNode, Expr::value(next.key.clone()))
        .col_expr(script_run::Column::Steps, Expr::value(run.steps + 1))
        .col_expr(script_run::Column::UpdatedAt, Expr::value(now))
        .filter(script_run::Column::Id.eq(run.id))
        .filter(script_run::Column::Steps.eq(run.steps))
        .exec(&txn)
        .await?;
    if taken.rows_affected != 1 {
        return Err(moved_on());
    }
    script_run_step::Entity::update_many()
        .col_expr(script_run_step::Column::AnswerKey, Expr::value(chosen.key.clone()))
        .filter(script_run_step::Column::RunId.eq(run.id))
        .filter(script_run_step::Column::Position.eq(run.steps - 1))
        .exec(&txn)
        .await?;
    let mut moved = script_run::Model { current_node: next.key.clone(), steps: run.steps + 1, updated_at: now, ..run };
    insert_step(&txn, &moved, moved.steps - 1, &next.key, now).await?;
    if next.kind == ScriptNodeKind::End {
        let script = call_script::Entity::find_by_id(moved.script_id).one(&txn).await?.ok_or(AppError::NotFound("call script"))?;
        moved = end_run(&txn, caller, &script, &version, &tree, moved, next, now).await?;
    }
    txn.commit().await?;
    Ok(Visible::vouched(moved))
}

/// Leaves a run before its end (the agent closes the script, the customer the chat): it
/// counts as dropped at its node.
pub async fn abandon(ctx: &AppContext, caller: &Caller, run_id: &ID) -> AppResult<Visible<script_run::Model>> {
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let run = load_active(&txn, caller, run_id).await?;
    let ended = set_end(&txn, run, ScriptRunStatus::Abandoned, None, None, now).await?;
    txn.commit().await?;
    Ok(Visible::vouched(ended))
}

/// Closes a run at an end node: its status and ending, and a hand-off's ticket.
#[allow(clippy::too_many_arguments)]
async fn end_run(
    txn: &DatabaseTransaction,
    caller: &Caller,
    script: &call_script::Model,
    version: &call_script_version::Model,
    tree: &Tree,
    run: script_run::Model,
    end: &Node,
    now: DateTime<Utc>,
) -> AppResult<script_run::Model> {
    let ending = end.ending.unwrap_or(ScriptEnding::Resolution);
    if ending != ScriptEnding::HandOff {
        return set_end(txn, run, ScriptRunStatus::Resolved, Some(ending), None, now).await;
    }
    let path = transcript(txn, script, version, tree, run.id).await?;
    let handed = hand_off(txn, caller, script, &run, &path, end.queue_id, now).await?;
    set_end(txn, run, ScriptRunStatus::HandedOff, Some(ending), handed, now).await
}

async fn set_end(
    txn: &impl ConnectionTrait,
    run: script_run::Model,
    status: ScriptRunStatus,
    ending: Option<ScriptEnding>,
    handoff_ticket_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> AppResult<script_run::Model> {
    let ended = script_run::Model { status, ending, handoff_ticket_id, ended_at: Some(now), updated_at: now, ..run };
    let taken = script_run::Entity::update_many()
        .col_expr(script_run::Column::Status, Expr::value(status))
        .col_expr(script_run::Column::Ending, Expr::value(ending))
        .col_expr(script_run::Column::HandoffTicketId, Expr::value(handoff_ticket_id))
        .col_expr(script_run::Column::EndedAt, Expr::value(now))
        .col_expr(script_run::Column::UpdatedAt, Expr::value(now))
        .filter(script_run::Column::Id.eq(ended.id))
        .filter(script_run::Column::Steps.eq(ended.steps))
        .filter(script_run::Column::Status.eq(ScriptRunStatus::Active))
        .exec(txn)
        .await?;
    if taken.rows_affected != 1 {
        return Err(moved_on());
    }
    Ok(ended)
}

/// The path so far, for a person: each node's text and the answer given.
async fn transcript(
    txn: &impl ConnectionTrait,
    script: &call_script::Model,
    version: &call_script_version::Model,
    tree: &Tree,
    run_id: Uuid,
) -> AppResult<String> {
    let steps = steps_of_runs(txn, &[run_id]).await?.remove(&run_id).unwrap_or_default();
    let mut out = format!("{} (v{})\n", script.name, version.number);
    for step in steps {
        let Some(node) = tree.node(&step.node_key) else { continue };
        let answer = step.answer_key.as_deref().and_then(|key| node.answers.iter().find(|a| a.key == key));
        match answer {
            Some(answer) if !answer.label.is_empty() => out.push_str(&format!("\n- {}\n  → {}", node.text, answer.label)),
            _ => out.push_str(&format!("\n- {}", node.text)),
        }
    }
    Ok(out)
}

/// A hand-off: the run's ticket gets the path as an internal note and moves to the end's
/// queue; without a ticket, one is opened for the run's customer carrying the path (the
/// chatbot's as the customer's own, an agent's from the call). Nothing to hand over without a
/// customer (an unknown caller): the run just ends.
async fn hand_off(
    txn: &DatabaseTransaction,
    caller: &Caller,
    script: &call_script::Model,
    run: &script_run::Model,
    path: &str,
    queue: Option<Uuid>,
    now: DateTime<Utc>,
) -> AppResult<Option<Uuid>> {
    if let Some(ticket) = run.ticket_id {
        let note = format!("Handed over by a call script:\n\n{path}");
        return Ok(Some(tickets::hand_over_in(txn, caller, ticket, note, queue, now).await?.id));
    }
    let Some(customer) = run.customer_id else { return Ok(None) };
    let bot = run.channel == ScriptChannel::Bot;
    let input = OpenTicketInput {
        customer_id: (!bot).then(|| ID(customer.to_string())),
        contact_id: None,
        channel: Some(if bot { InteractionChannel::Chat } else { InteractionChannel::Phone }),
        category: None,
        subject: script.name.clone(),
        description: path.to_owned(),
        priority: None,
        // Customers do not choose queues: the chatbot's ticket is moved below.
        queue_id: if bot { None } else { queue.map(|q| ID(q.to_string())) },
        assignee_id: None,
        complaint: false,
        order_id: None,
        product_id: None,
        language: Some(script.locale.as_api().to_lowercase()),
        call_id: run.call_id.map(|c| ID(c.to_string())),
        tags: Vec::new(),
    };
    let ticket = tickets::open_in(txn, caller, input, now).await?;
    if bot && queue.is_some() {
        let note = format!("The chatbot handed this over at the end of \"{}\".", script.name);
        tickets::hand_over_in(txn, &Caller::system("chatbot hand-off"), ticket.id, note, queue, now).await?;
    }
    Ok(Some(ticket.id))
}

/// A run the caller reads.
pub async fn find(db: &impl ConnectionTrait, scope: &RunScope, id: Uuid) -> AppResult<Option<Visible<script_run::Model>>> {
    Ok(script_run::Entity::find_by_id(id).filter(scope.condition()).one(db).await?.map(Visible::vouched))
}

/// The runs among `ids` that the caller reads.
pub async fn runs_by_ids(db: &impl ConnectionTrait, scope: &RunScope, ids: &[Uuid]) -> AppResult<Vec<Visible<script_run::Model>>> {
    let rows =
        script_run::Entity::find().filter(script_run::Column::Id.is_in(ids.iter().copied())).filter(scope.condition()).all(db).await?;
    Ok(Visible::vouched_all(rows))
}

/// The runs in each of `calls` that the caller reads, oldest first.
pub async fn runs_of_calls(
    db: &impl ConnectionTrait,
    scope: &RunScope,
    calls: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<Visible<script_run::Model>>>> {
    let rows = script_run::Entity::find()
        .filter(script_run::Column::CallId.is_in(calls.iter().copied()))
        .filter(scope.condition())
        .order_by_asc(script_run::Column::Id)
        .all(db)
        .await?;
    Ok(group(rows, |row| row.call_id.into_iter().collect()))
}

/// The runs on each of `tickets`, or whose hand-off opened it, that the caller reads, oldest
/// first: the paths taken before and while it was worked.
pub async fn runs_of_tickets(
    db: &impl ConnectionTrait,
    scope: &RunScope,
    tickets: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<Visible<script_run::Model>>>> {
    let rows = script_run::Entity::find()
        .filter(
            Condition::any()
                .add(script_run::Column::TicketId.is_in(tickets.iter().copied()))
                .add(script_run::Column::HandoffTicketId.is_in(tickets.iter().copied())),
        )
        .filter(scope.condition())
        .order_by_asc(script_run::Column::Id)
        .all(db)
        .await?;
    // A run on a ticket that handed it over belongs to it once.
    Ok(group(rows, |row| {
        let mut about: Vec<Uuid> = row.ticket_id.into_iter().chain(row.handoff_ticket_id).collect();
        about.dedup();
        about
    }))
}

fn group(rows: Vec<script_run::Model>, about: impl Fn(&script_run::Model) -> Vec<Uuid>) -> HashMap<Uuid, Vec<Visible<script_run::Model>>> {
    let mut by_interaction: HashMap<Uuid, Vec<Visible<script_run::Model>>> = HashMap::new();
    for row in rows {
        for key in about(&row) {
            by_interaction.entry(key).or_default().push(Visible::vouched(row.clone()));
        }
    }
    by_interaction
}

/// The steps of runs already read, in order.
pub async fn steps_of_runs(db: &impl ConnectionTrait, runs: &[Uuid]) -> AppResult<HashMap<Uuid, Vec<script_run_step::Model>>> {
    let rows = script_run_step::Entity::find()
        .filter(script_run_step::Column::RunId.is_in(runs.iter().copied()))
        .order_by_asc(script_run_step::Column::RunId)
        .order_by_asc(script_run_step::Column::Position)
        .all(db)
        .await?;
    let mut by_run: HashMap<Uuid, Vec<script_run_step::Model>> = HashMap::new();
    for row in rows {
        by_run.entry(row.run_id).or_default().push(row);
    }
    Ok(by_run)
}
