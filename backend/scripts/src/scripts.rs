//! Call scripts and their versions: the working copy, changed freely and checked as it goes
//! ([`draft_problems`]), and publication, which freezes it as the next numbered version that
//! runs from then on. This module is the repository of the script tables.

#![allow(clippy::disallowed_methods)]

use crate::access::{script_keeping, ScriptScope};
use crate::domain::{ScriptEnding, ScriptNodeKind, ScriptProblemCode};
use crate::entity::{call_script, call_script_version};
use crate::inputs::{CreateCallScriptInput, PublishCallScriptInput, UpdateCallScriptInput};
use crate::tree::{Problem, Tree};
use async_graphql::ID;
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason, Refused};
use crm_core::filters::parse_id;
use crm_core::principal::Caller;
use crm_core::values::{optional_text, required_text};
use crm_core::versioned::{self, Change};
use crm_core::visible::{Seen, Visible};
use crm_knowledge::domain::{ArticleStatus, ArticleVisibility};
use crm_knowledge::entity::kb_article;
use crm_sales::catalog::entity::product;
use crm_service::entity::service_queue;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Most scripts a list returns (a desk has tens).
pub const MAX_SCRIPTS: u64 = 500;

fn name(raw: &str) -> AppResult<String> {
    required_text(raw, 100).map_err(|why| AppError::invalid("name", why))
}

fn description(raw: &str) -> AppResult<String> {
    Ok(optional_text(Some(raw), 500).map_err(|why| AppError::invalid("description", why))?.unwrap_or_default())
}

/// The tree stored as JSON.
pub fn parse_tree(json: &str) -> AppResult<Tree> {
    serde_json::from_str(json).map_err(|err| AppError::Internal(anyhow::anyhow!("a stored script tree does not parse: {err}")))
}

/// What the history says of a tree: its size and a digest telling versions apart
/// (`12 nodes · 3f2a9c1b`), not the whole tree.
fn fingerprint(json: &str) -> AppResult<String> {
    let digest = Sha256::digest(json.as_bytes());
    let short: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    Ok(format!("{} nodes · {short}", parse_tree(json)?.nodes.len()))
}

fn tree_json(tree: &Tree) -> AppResult<String> {
    serde_json::to_string(tree).map_err(|err| AppError::Internal(err.into()))
}

/// Everything that keeps a working copy from being published: the tree's own problems, and
/// ends naming an article that is not published (or not PUBLIC in a self-service script), a
/// product no longer sold, or a queue that is gone.
pub async fn draft_problems(db: &impl ConnectionTrait, tree: &Tree, self_service: bool) -> AppResult<Vec<Problem>> {
    let mut problems = tree.problems();
    let ends: Vec<_> = tree.nodes.iter().filter(|n| n.kind == ScriptNodeKind::End).collect();
    let articles: HashMap<Uuid, kb_article::Model> = kb_article::Entity::find()
        .filter(kb_article::Column::Id.is_in(ends.iter().filter_map(|n| n.article_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let products: HashSet<Uuid> = product::Entity::find()
        .filter(product::Column::Id.is_in(ends.iter().filter_map(|n| n.product_id)))
        .filter(product::Column::Active.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let queues: HashSet<Uuid> = service_queue::Entity::find()
        .filter(service_queue::Column::Id.is_in(ends.iter().filter_map(|n| n.queue_id)))
        .filter(service_queue::Column::ArchivedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|q| q.id)
        .collect();
    for node in ends {
        let wrong = match (node.ending, node.article_id, node.product_id, node.queue_id) {
            (Some(ScriptEnding::Article), Some(id), _, _) => match articles.get(&id) {
                None => Some("the article does not exist"),
                Some(a) if a.status != ArticleStatus::Published => Some("the article is not published"),
                Some(a) if self_service && a.visibility != ArticleVisibility::Public => {
                    Some("customers read only PUBLIC articles: the chatbot cannot show this one")
                }
                Some(_) => None,
            },
            (Some(ScriptEnding::Offer), _, Some(id), _) if !products.contains(&id) => {
                Some("the product does not exist or is no longer sold")
            }
            (Some(ScriptEnding::HandOff), _, _, Some(id)) if !queues.contains(&id) => Some("the queue does not exist or is archived"),
            _ => None,
        };
        if let Some(detail) = wrong {
            problems.push(Problem { node: Some(node.key.clone()), code: ScriptProblemCode::BadReference, detail: detail.into() });
        }
    }
    Ok(problems)
}

/// A new script, its working copy as given (admins and service managers).
pub async fn create(ctx: &AppContext, caller: &Caller, input: CreateCallScriptInput) -> AppResult<Visible<call_script::Model>> {
    let right = script_keeping(&caller.principal)?;
    let tree = input.tree.into_tree()?;
    let now = ctx.clock.now();
    let row = call_script::Model {
        id: new_id_at(now),
        name: name(&input.name)?,
        description: description(&input.description)?,
        locale: input.locale,
        self_service: input.self_service,
        draft: tree_json(&tree)?,
        published_number: None,
        published_version_id: None,
        created_by_id: right.user_id,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let txn = ctx.db.write.begin().await?;
    let row = row.into_active_model().reset_all().insert(&txn).await.taken_as("name", || InputReason::AlreadyExists)?;
    let mut diff = Diff::new();
    diff.created("name", &row.name)
        .created("locale", &row.locale)
        .created("selfService", &row.self_service)
        .created("tree", &fingerprint(&row.draft)?);
    audit::record(&txn, caller, now, AuditAction::Create, Subject::CallScript(row.id), diff).await?;
    txn.commit().await?;
    Ok(Visible::created(row, &right))
}

async fn load_for_write(db: &impl ConnectionTrait, id: &ID, version: i32) -> AppResult<call_script::Model> {
    let current = call_script::Entity::find_by_id(parse_id(id, "id")?).one(db).await?.ok_or(AppError::NotFound("call script"))?;
    versioned::at_version::<call_script::Entity>(current, version)
}

/// Changes a script's working copy and facts (admins and service managers).
pub async fn update(ctx: &AppContext, caller: &Caller, input: UpdateCallScriptInput) -> AppResult<Visible<call_script::Model>> {
    let right = script_keeping(&caller.principal)?;
    let tree = input.tree.map(|t| t.into_tree()).transpose()?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = load_for_write(&txn, &input.id, input.version).await?;
    let mut next = current.clone();
    if let Some(raw) = &input.name {
        next.name = name(raw)?;
    }
    if let Some(raw) = &input.description {
        next.description = description(raw)?;
    }
    if let Some(locale) = input.locale {
        next.locale = locale;
    }
    if let Some(self_service) = input.self_service {
        next.self_service = self_service;
    }
    let mut diff = Diff::new();
    if let Some(tree) = &tree {
        next.draft = tree_json(tree)?;
        diff.field("tree", &fingerprint(&current.draft)?, &fingerprint(&next.draft)?);
    }
    diff.field("name", &current.name, &next.name)
        .field("description", &current.description, &next.description)
        .field("locale", &current.locale, &next.locale)
        .field("selfService", &current.self_service, &next.self_service);
    if diff.is_empty() {
        return Visible::written(current, &right);
    }
    let saved =
        versioned::save::<call_script::Entity>(&txn, &right, caller, now, AuditAction::Update, Change { current: &current, next, diff })
            .await
            .taken_as("name", || InputReason::AlreadyExists)?;
    txn.commit().await?;
    Visible::written(saved, &right)
}

/// Publishes the working copy as the next version, when it has no problems (admins and
/// service managers): runs started from now on follow it; runs under way finish on theirs.
pub async fn publish(ctx: &AppContext, caller: &Caller, input: PublishCallScriptInput) -> AppResult<Visible<call_script::Model>> {
    let right = script_keeping(&caller.principal)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = load_for_write(&txn, &input.id, input.version).await?;
    let tree = parse_tree(&current.draft)?;
    let problems = draft_problems(&txn, &tree, current.self_service).await?;
    if let Some(first) = problems.first() {
        let at = first.node.as_deref().map(|key| format!(" (node {key})")).unwrap_or_default();
        let message = format!("{} problem(s) to fix first; the first: {}{at}", problems.len(), first.detail);
        return Err(AppError::invalid("tree", InputReason::ScriptInvalid { problems: problems.len() }.with_message(message)));
    }
    if let Some(published) = current.published_version_id {
        let same = call_script_version::Entity::find_by_id(published).one(&txn).await?.is_some_and(|v| v.tree == current.draft);
        if same {
            return Err(AppError::invalid(
                "id",
                InputReason::NotApplicable.with_message("this working copy is already the published version"),
            ));
        }
    }
    let number = current.published_number.unwrap_or(0) + 1;
    let version = call_script_version::Model {
        id: new_id_at(now),
        script_id: current.id,
        number,
        tree: current.draft.clone(),
        published_by_id: right.user_id,
        published_at: now,
    }
    .into_active_model()
    .reset_all()
    .insert(&txn)
    .await?;
    let mut next = current.clone();
    next.published_number = Some(number);
    next.published_version_id = Some(version.id);
    let mut diff = Diff::new();
    diff.field("publishedNumber", &current.published_number, &next.published_number);
    let saved =
        versioned::save::<call_script::Entity>(&txn, &right, caller, now, AuditAction::Update, Change { current: &current, next, diff })
            .await?;
    txn.commit().await?;
    Visible::written(saved, &right)
}

/// A script the caller reads.
pub async fn find(db: &impl ConnectionTrait, scope: &ScriptScope, id: Uuid) -> AppResult<Option<Visible<call_script::Model>>> {
    Ok(call_script::Entity::find_by_id(id).filter(scope.condition()).one(db).await?.map(Visible::vouched))
}

/// The scripts among `ids` that the caller reads.
pub async fn scripts_by_ids(db: &impl ConnectionTrait, scope: &ScriptScope, ids: &[Uuid]) -> AppResult<Vec<Visible<call_script::Model>>> {
    let rows =
        call_script::Entity::find().filter(call_script::Column::Id.is_in(ids.iter().copied())).filter(scope.condition()).all(db).await?;
    Ok(Visible::vouched_all(rows))
}

/// The scripts the caller reads, by name (at most [`MAX_SCRIPTS`]); only those offered to
/// customers when `self_service`.
pub async fn list(db: &impl ConnectionTrait, scope: &ScriptScope, self_service: bool) -> AppResult<Vec<Visible<call_script::Model>>> {
    let mut select = call_script::Entity::find().filter(scope.condition());
    if self_service {
        select = select.filter(call_script::Column::SelfService.eq(true)).filter(call_script::Column::PublishedVersionId.is_not_null());
    }
    let rows = select.order_by_asc(call_script::Column::Name).limit(MAX_SCRIPTS).all(db).await?;
    Ok(Visible::vouched_all(rows))
}

/// A script's published versions, newest first.
pub async fn versions_of(
    db: &impl ConnectionTrait,
    script: &Visible<call_script::Model>,
) -> AppResult<Vec<Visible<call_script_version::Model>>> {
    let rows = call_script_version::Entity::find()
        .filter(call_script_version::Column::ScriptId.eq(script.id))
        .order_by_desc(call_script_version::Column::Number)
        .all(db)
        .await?;
    Ok(Visible::vouched_all(rows))
}

/// Versions by id, as seen through a script or a run the caller reads (a version is never
/// read on its own).
pub async fn versions_by_ids(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Seen<call_script_version::Model>>,
) -> AppResult<Vec<Visible<call_script_version::Model>>> {
    let rows = call_script_version::Entity::find()
        .filter(call_script_version::Column::Id.is_in(ids.into_iter().map(|id| id.id())))
        .all(db)
        .await?;
    Ok(Visible::vouched_all(rows))
}
