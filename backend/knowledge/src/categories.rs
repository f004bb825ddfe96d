//! The knowledge base's categories (a handful, read whole). The repository of
//! `kb_categories`.

#![allow(clippy::disallowed_methods)]

use crate::access::{knowledge_publish, KnowledgeScope};
use crate::entity::kb_category;
use crate::inputs::{CreateKnowledgeCategoryInput, RenameKnowledgeCategoryInput};
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason, Refused};
use crm_core::filters::parse_id;
use crm_core::principal::Caller;
use crm_core::values::required_text;
use crm_core::versioned::{self, Change};
use crm_core::visible::Visible;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, TransactionTrait};
use uuid::Uuid;

fn name(raw: &str) -> AppResult<String> {
    required_text(raw, 100).map_err(|why| AppError::invalid("name", why))
}

/// Adds a category (admins, service managers).
pub async fn create(ctx: &AppContext, caller: &Caller, input: CreateKnowledgeCategoryInput) -> AppResult<Visible<kb_category::Model>> {
    let right = knowledge_publish(&caller.principal)?;
    let name = name(&input.name)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let row = kb_category::Model { id: new_id_at(now), name, created_at: now, updated_at: now, version: 1 };
    let row = row.into_active_model().reset_all().insert(&txn).await.taken_as("name", || InputReason::AlreadyExists)?;
    let mut diff = Diff::new();
    diff.created("name", &row.name);
    audit::record(&txn, caller, now, AuditAction::Create, Subject::KnowledgeCategory(row.id), diff).await?;
    txn.commit().await?;
    Ok(Visible::created(row, &right))
}

/// Renames a category (admins, service managers).
pub async fn rename(ctx: &AppContext, caller: &Caller, input: RenameKnowledgeCategoryInput) -> AppResult<Visible<kb_category::Model>> {
    let right = knowledge_publish(&caller.principal)?;
    let name = name(&input.name)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current =
        kb_category::Entity::find_by_id(parse_id(&input.id, "id")?).one(&txn).await?.ok_or(AppError::NotFound("knowledge category"))?;
    let current = versioned::at_version::<kb_category::Entity>(current, input.version)?;
    let mut next = current.clone();
    next.name = name;
    let mut diff = Diff::new();
    diff.field("name", &current.name, &next.name);
    if diff.is_empty() {
        return Visible::written(current, &right);
    }
    let saved =
        versioned::save::<kb_category::Entity>(&txn, &right, caller, now, AuditAction::Update, Change { current: &current, next, diff })
            .await
            .taken_as("name", || InputReason::AlreadyExists)?;
    txn.commit().await?;
    Visible::written(saved, &right)
}

/// Every category, by name: whoever reads the knowledge base sees its categories.
pub async fn list(db: &impl ConnectionTrait, _: &KnowledgeScope) -> AppResult<Vec<Visible<kb_category::Model>>> {
    Ok(Visible::vouched_all(kb_category::Entity::find().order_by_asc(kb_category::Column::Name).all(db).await?))
}

/// Categories by id.
pub async fn by_ids(db: &impl ConnectionTrait, ids: impl IntoIterator<Item = Uuid>) -> AppResult<Vec<Visible<kb_category::Model>>> {
    Ok(Visible::vouched_all(kb_category::Entity::find().filter(kb_category::Column::Id.is_in(ids)).all(db).await?))
}
