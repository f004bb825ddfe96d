//! Adding, changing, archiving and listing notes. This module is the repository of its own
//! tables (it has no separate `repo.rs`).

#![allow(clippy::disallowed_methods)]

use crate::access::{note_edit, note_writer, NoteEdit, NoteScope, NoteWriter};
use crate::domain::NoteSubject;
use crate::entity::{note, note_mention};
use crate::inputs::{AddNoteInput, NoteAboutInput, NoteFilter, UpdateNoteInput};
use async_graphql::ID;
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::parse_id;
use crm_core::pagination::{fetch_page, id_key, KeyKind, Keyset, Page, PageRequest, SortKey};
use crm_core::principal::{Caller, UserKind};
use crm_core::values::required_text;
use crm_core::versioned::{self, Change};
use crm_core::visible::{Seen, Visible};
use crm_customers::repo::{find_contact, find_customer};
use crm_identity::entity::user;
use crm_sales::leads::repo::find_lead;
use crm_sales::orders::repo::find_order;
use crm_sales::pipeline::repo::find_opportunity;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Select, TransactionTrait};
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

/// The longest note, in characters.
pub const MAX_BODY: usize = 10_000;
/// The most colleagues one note mentions.
pub const MAX_MENTIONS: usize = 20;

/// Newest first (ids are UUIDv7).
struct NewestFirst;

impl Keyset<note::Entity> for NewestFirst {
    fn name(&self) -> String {
        "notes_newest".into()
    }
    fn keys(&self) -> Vec<SortKey<note::Column>> {
        vec![SortKey { column: note::Column::Id, descending: true, kind: KeyKind::Id }]
    }
    fn values(&self, row: &note::Model) -> Vec<String> {
        vec![id_key(&row.id)]
    }
}

/// The record a note is about, once the caller was found to see it.
struct SubjectRecord {
    kind: NoteSubject,
    id: Uuid,
    customer_id: Option<Uuid>,
}

/// The record `about` names if the caller sees it (NOT_FOUND otherwise, as for a record that
/// does not exist).
async fn visible_subject(db: &impl ConnectionTrait, scope: &NoteScope, about: &NoteAboutInput) -> AppResult<SubjectRecord> {
    let id = parse_id(&about.id, "about.id")?;
    let customer_id = match about.subject {
        NoteSubject::Customer => find_customer(db, scope.customers(), id).await?.map(|row| Some(row.id)),
        NoteSubject::Contact => find_contact(db, scope.customers(), id).await?.map(|row| Some(row.customer_id)),
        NoteSubject::Lead => match scope.leads() {
            Some(leads) => find_lead(db, leads, id).await?.map(|_| None),
            None => None,
        },
        NoteSubject::Opportunity => match scope.opportunities() {
            Some(opportunities) => find_opportunity(db, opportunities, id).await?.map(|row| Some(row.customer_id)),
            None => None,
        },
        NoteSubject::Order => match scope.orders() {
            Some(orders) => find_order(db, orders, id).await?.map(|row| Some(row.customer_id)),
            None => None,
        },
    };
    let customer_id = customer_id.ok_or(AppError::NotFound("record"))?;
    Ok(SubjectRecord { kind: about.subject, id, customer_id })
}

fn note_body(raw: &str) -> AppResult<String> {
    required_text(raw, MAX_BODY).map_err(|why| AppError::invalid("body", why))
}

/// The distinct staff users `ids` name, all active (UNKNOWN_REFERENCE otherwise).
async fn mentioned_staff(db: &impl ConnectionTrait, ids: &[ID]) -> AppResult<Vec<Uuid>> {
    if ids.len() > MAX_MENTIONS {
        return Err(AppError::invalid("mentionIds", InputReason::TooMany { max: MAX_MENTIONS }));
    }
    let wanted: BTreeSet<Uuid> = ids.iter().map(|id| parse_id(id, "mentionIds")).collect::<AppResult<_>>()?;
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let found = user::Entity::find()
        .filter(user::Column::Id.is_in(wanted.iter().copied()))
        .filter(user::Column::Kind.eq(UserKind::Staff))
        .filter(user::Column::Active.eq(true))
        .all(db)
        .await?;
    if found.len() != wanted.len() {
        return Err(AppError::invalid(
            "mentionIds",
            InputReason::UnknownReference.with_message("a mentioned user is not an active staff user"),
        ));
    }
    Ok(wanted.into_iter().collect())
}

async fn replace_mentions(txn: &impl ConnectionTrait, note_id: Uuid, users: &[Uuid]) -> AppResult<()> {
    note_mention::Entity::delete_many().filter(note_mention::Column::NoteId.eq(note_id)).exec(txn).await?;
    if users.is_empty() {
        return Ok(());
    }
    let rows = users.iter().map(|user_id| note_mention::Model { note_id, user_id: *user_id }.into_active_model());
    note_mention::Entity::insert_many(rows).exec(txn).await?;
    Ok(())
}

/// The ids the note mentions now.
async fn mention_ids(db: &impl ConnectionTrait, note_id: Uuid) -> AppResult<Vec<Uuid>> {
    let rows = note_mention::Entity::find().filter(note_mention::Column::NoteId.eq(note_id)).all(db).await?;
    let mut ids: Vec<Uuid> = rows.into_iter().map(|row| row.user_id).collect();
    ids.sort();
    Ok(ids)
}

pub async fn add(ctx: &AppContext, caller: &Caller, input: AddNoteInput) -> AppResult<Visible<note::Model>> {
    let writer = note_writer(&caller.principal)?;
    let scope = NoteScope::of(&caller.principal)?;
    let body = note_body(&input.body)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let subject = visible_subject(&txn, &scope, &input.about).await?;
    let mentions = mentioned_staff(&txn, &input.mention_ids).await?;
    let created = note::Model {
        id: new_id_at(now),
        subject_type: subject.kind,
        subject_id: subject.id,
        customer_id: subject.customer_id,
        author_id: writer.user_id,
        body,
        pinned: input.pinned,
        // A partner user writes for the partner's side: always shared.
        shared_with_partner: writer.partner || input.shared_with_partner,
        created_at: now,
        updated_at: now,
        archived_at: None,
        version: 1,
    };
    let created = created.into_active_model().reset_all().insert(&txn).await?;
    replace_mentions(&txn, created.id, &mentions).await?;
    let mut diff = Diff::new();
    diff.created("subject", &created.subject_type)
        .created("subjectId", &created.subject_id)
        .created("body", &created.body)
        .created("pinned", &created.pinned)
        .created("sharedWithPartner", &created.shared_with_partner);
    if !mentions.is_empty() {
        diff.created("mentions", &mentions);
    }
    audit::record(&txn, caller, now, AuditAction::Create, Subject::Note { id: created.id, customer_id: created.customer_id }, diff).await?;
    txn.commit().await?;
    Ok(Visible::created(created, &writer))
}

/// The note `id` at `version` if the caller reads it, with the caller's right to change it.
async fn load_for_edit(
    txn: &impl ConnectionTrait,
    writer: &NoteWriter,
    scope: &NoteScope,
    id: &ID,
    version: i32,
) -> AppResult<(note::Model, NoteEdit)> {
    let id = parse_id(id, "id")?;
    let current = note::Entity::find_by_id(id).filter(scope.condition()).one(txn).await?.ok_or(AppError::NotFound("note"))?;
    let right = note_edit(writer, &current)?;
    Ok((versioned::at_version::<note::Entity>(current, version)?, right))
}

pub async fn update(ctx: &AppContext, caller: &Caller, input: UpdateNoteInput) -> AppResult<Visible<note::Model>> {
    let writer = note_writer(&caller.principal)?;
    let scope = NoteScope::of(&caller.principal)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let (current, right) = load_for_edit(&txn, &writer, &scope, &input.id, input.version).await?;
    if (input.body.is_some() || input.mention_ids.is_some()) && !right.text {
        return Err(AppError::Forbidden("change the text of another person's note"));
    }
    if input.shared_with_partner == Some(false) && writer.partner {
        return Err(AppError::invalid("sharedWithPartner", InputReason::NotApplicable.with_message("a partner's notes are shared")));
    }
    let mut next = current.clone();
    if let Some(body) = &input.body {
        next.body = note_body(body)?;
    }
    if let Some(pinned) = input.pinned {
        next.pinned = pinned;
    }
    if let Some(shared) = input.shared_with_partner {
        next.shared_with_partner = shared;
    }
    let mut diff = Diff::new();
    diff.field("body", &current.body, &next.body).field("pinned", &current.pinned, &next.pinned).field(
        "sharedWithPartner",
        &current.shared_with_partner,
        &next.shared_with_partner,
    );
    if let Some(ids) = &input.mention_ids {
        let (before, after) = (mention_ids(&txn, current.id).await?, mentioned_staff(&txn, ids).await?);
        if before != after {
            replace_mentions(&txn, current.id, &after).await?;
            diff.field("mentions", &before, &after);
        }
    }
    if diff.is_empty() {
        return Visible::written(current, &right);
    }
    let saved =
        versioned::save::<note::Entity>(&txn, &right, caller, now, AuditAction::Update, Change { current: &current, next, diff }).await?;
    txn.commit().await?;
    Visible::written(saved, &right)
}

/// Archives (`archived`) or restores a note: its author, a sales manager or an admin.
pub async fn set_archived(ctx: &AppContext, caller: &Caller, id: &ID, version: i32, archived: bool) -> AppResult<Visible<note::Model>> {
    let writer = note_writer(&caller.principal)?;
    let scope = NoteScope::of(&caller.principal)?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let (current, right) = load_for_edit(&txn, &writer, &scope, id, version).await?;
    let saved = versioned::set_archived::<note::Entity>(&txn, &right, caller, now, current, archived).await?;
    txn.commit().await?;
    Visible::written(saved, &right)
}

/// The notes `filter` selects that the caller reads, newest first, plus the query that counts
/// them all.
pub async fn list(
    ctx: &AppContext,
    caller: &Caller,
    filter: &NoteFilter,
    page: &PageRequest,
) -> AppResult<(Page<Visible<note::Model>>, Select<note::Entity>)> {
    let scope = NoteScope::of(&caller.principal)?;
    let mut select = note::Entity::find().filter(scope.condition());
    if let Some(about) = &filter.about {
        let id = parse_id(&about.id, "filter.about.id")?;
        select = select.filter(note::Column::SubjectType.eq(about.subject)).filter(note::Column::SubjectId.eq(id));
    }
    if let Some(customer) = &filter.customer_id {
        select = select.filter(note::Column::CustomerId.eq(parse_id(customer, "filter.customerId")?));
    }
    if let Some(pinned) = filter.pinned {
        select = select.filter(note::Column::Pinned.eq(pinned));
    }
    if filter.mentions_me == Some(true) {
        let me = caller.principal.user_id().ok_or(AppError::Forbidden("read the notes that mention you (users only)"))?;
        let mentioning = sea_orm::sea_query::Query::select()
            .column(note_mention::Column::NoteId)
            .from(note_mention::Entity)
            .and_where(note_mention::Column::UserId.eq(me))
            .to_owned();
        select = select.filter(note::Column::Id.in_subquery(mentioning));
    }
    select = if filter.archived.unwrap_or(false) {
        select.filter(note::Column::ArchivedAt.is_not_null())
    } else {
        select.filter(note::Column::ArchivedAt.is_null())
    };
    let page = fetch_page(select.clone(), &NewestFirst, page, &ctx.db.read).await?;
    Ok((page.map(Visible::vouched), select))
}

/// The users each note mentions, by name (a loader's batch).
pub async fn mentioned_users(
    db: &impl ConnectionTrait,
    notes: &[Seen<note::Model>],
) -> AppResult<HashMap<Uuid, Vec<Visible<user::Model>>>> {
    let mentions = note_mention::Entity::find().filter(note_mention::Column::NoteId.is_in(notes.iter().map(Seen::id))).all(db).await?;
    let users: HashMap<Uuid, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(mentions.iter().map(|m| m.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|user| (user.id, user))
        .collect();
    let mut by_note: HashMap<Uuid, Vec<Visible<user::Model>>> = HashMap::new();
    for mention in mentions {
        if let Some(user) = users.get(&mention.user_id) {
            by_note.entry(mention.note_id).or_default().push(Visible::vouched(user.clone()));
        }
    }
    for users in by_note.values_mut() {
        users.sort_by(|a, b| a.display_name.cmp(&b.display_name));
    }
    Ok(by_note)
}
