//! Notes on customers, contacts, leads, opportunities and orders: who reads them is the
//! notes domain's call (`crm_notes::access`), what they are about is named through the
//! scoped loaders of each kind.

use crate::connection;
use crate::connection::page_cost;
use crate::customers::loaders::CustomerById;
use crate::identity::{User, UserById};
use crate::loaders::{ContactById, LeadById, OpportunityById, OrderById};
use crate::payload;
use crate::request::{loader, RequestLoader};
use crate::{app, caller};
use async_graphql::dataloader::Loader;
use async_graphql::{Context, Object, Result, ID};
use chrono::{DateTime, Utc};
use crm_core::context::AppContext;
use crm_core::db::Db;
use crm_core::inputs::VersionedId;
use crm_core::pagination::PageRequest;
use crm_core::principal::Principal;
use crm_core::visible::{Seen, Visible};
use crm_identity::entity::user;
use crm_notes::access::{note_edit, note_writer};
use crm_notes::domain::NoteSubject;
use crm_notes::entity::note;
use crm_notes::inputs::{AddNoteInput, NoteFilter, UpdateNoteInput};
use crm_notes::{render, service};
use std::collections::HashMap;

/// What someone wrote down about a customer, contact, lead, opportunity or order.
#[derive(Clone)]
pub struct Note(Visible<note::Model>);

/// What someone wrote down about a customer, contact, lead, opportunity or order.
#[Object]
impl Note {
    /// Unique id (UUIDv7).
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The kind of record it is about.
    async fn subject(&self) -> NoteSubject {
        self.0.subject_type
    }
    /// The id of the record it is about.
    async fn subject_id(&self) -> ID {
        ID(self.0.subject_id.to_string())
    }
    /// The name of the record it is about (a customer's or contact's name, a lead's full
    /// name, an opportunity's name, an order's number).
    async fn subject_name(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        let id = self.0.subject_id;
        Ok(match self.0.subject_type {
            NoteSubject::Customer => loader::<CustomerById>(ctx)?.load_one(id).await?.map(|row| row.name.clone()),
            NoteSubject::Contact => {
                loader::<ContactById>(ctx)?.load_one(id).await?.map(|row| format!("{} {}", row.first_name, row.last_name))
            }
            NoteSubject::Lead => loader::<LeadById>(ctx)?.load_one(id).await?.map(|row| format!("{} {}", row.first_name, row.last_name)),
            NoteSubject::Opportunity => loader::<OpportunityById>(ctx)?.load_one(id).await?.map(|row| row.name.clone()),
            NoteSubject::Order => loader::<OrderById>(ctx)?.load_one(id).await?.map(|row| row.number.clone()),
        })
    }
    /// The customer the record belongs to (none for a lead).
    async fn customer_id(&self) -> Option<ID> {
        self.0.customer_id.map(|id| ID(id.to_string()))
    }
    /// The text as written, in Markdown.
    async fn body(&self) -> &str {
        &self.0.body
    }
    /// The text as HTML, safe to show as it is: HTML written in the note is shown as text,
    /// links go only to http(s) and mailto addresses, images are left out.
    async fn body_html(&self) -> String {
        render::to_html(&self.0.body)
    }
    /// Shown above the record's other notes.
    async fn pinned(&self) -> bool {
        self.0.pinned
    }
    /// Whether partner users who see the record see it (a partner user's notes always are).
    async fn shared_with_partner(&self) -> bool {
        self.0.shared_with_partner
    }
    /// Who wrote it.
    async fn author(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(key) = self.0.seen(|r| Some(r.author_id)) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(key).await?.map(User::from))
    }
    /// The staff users it mentions, by name.
    async fn mentions(&self, ctx: &Context<'_>) -> Result<Vec<User>> {
        let key = self.0.key(|r| r.id);
        Ok(loader::<MentionsOfNote>(ctx)?.load_one(key).await?.unwrap_or_default().into_iter().map(User::from).collect())
    }
    /// When it was written.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When it last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// When it was archived.
    async fn archived_at(&self) -> Option<DateTime<Utc>> {
        self.0.archived_at
    }
    /// Increases with every change; send it back with updates.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Whether the caller may pin, share or archive it (its author, sales managers, admins).
    async fn viewer_can_edit(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(note_writer(&caller(ctx)?.principal).and_then(|writer| note_edit(&writer, &self.0)).is_ok())
    }
    /// Whether the caller may change its text and mentions (its author).
    async fn viewer_can_edit_text(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(note_writer(&caller(ctx)?.principal).and_then(|writer| note_edit(&writer, &self.0)).is_ok_and(|right| right.text))
    }
}

/// The users each note mentions.
pub struct MentionsOfNote {
    db: Db,
}

impl RequestLoader for MentionsOfNote {
    fn new(app: &AppContext, _: Option<&Principal>) -> Self {
        Self { db: app.db.clone() }
    }
}

impl Loader<Seen<note::Model>> for MentionsOfNote {
    type Value = Vec<Visible<user::Model>>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Seen<note::Model>]) -> Result<HashMap<Seen<note::Model>, Self::Value>, Self::Error> {
        let mut by_note = service::mentioned_users(&self.db.read, keys).await?;
        Ok(keys.iter().map(|key| (*key, by_note.remove(&key.id()).unwrap_or_default())).collect())
    }
}

connection!(NoteConnection, NoteEdge, Note, note::Entity, "notes");
payload!(NotePayload, note, Note, "Result of a note mutation.");

#[derive(Default)]
pub struct NoteQuery;

#[Object]
impl NoteQuery {
    /// Notes the caller may read, newest first: on one record (`filter.about`), on a customer
    /// and its contacts, opportunities and orders (`filter.customerId`), or those that mention
    /// the caller. Staff and partner users (these only the notes shared with the partner);
    /// FORBIDDEN for customer users and API keys.
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    async fn notes(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<NoteFilter>,
    ) -> Result<NoteConnection> {
        let page = PageRequest::from_relay(first, after, last, before)?;
        let (page, all) = service::list(app(ctx)?, caller(ctx)?, &filter.unwrap_or_default(), &page).await?;
        Ok(NoteConnection::new(page, all, Note))
    }
}

#[derive(Default)]
pub struct NoteMutation;

#[Object]
impl NoteMutation {
    /// Adds a note to a record the caller sees (NOT_FOUND otherwise). Staff (not analysts) and
    /// partner users; a partner user's note is shared with the partner.
    async fn add_note(&self, ctx: &Context<'_>, input: AddNoteInput) -> Result<NotePayload> {
        Ok(NotePayload { note: Note(service::add(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Changes a note: its text and mentions (its author), pinned or shared (its author, a
    /// sales manager or an admin).
    async fn update_note(&self, ctx: &Context<'_>, input: UpdateNoteInput) -> Result<NotePayload> {
        Ok(NotePayload { note: Note(service::update(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Archives a note (its author, a sales manager or an admin); it leaves the record's page.
    async fn archive_note(&self, ctx: &Context<'_>, input: VersionedId) -> Result<NotePayload> {
        Ok(NotePayload { note: Note(service::set_archived(app(ctx)?, caller(ctx)?, &input.id, input.version, true).await?) })
    }

    /// Restores an archived note.
    async fn restore_note(&self, ctx: &Context<'_>, input: VersionedId) -> Result<NotePayload> {
        Ok(NotePayload { note: Note(service::set_archived(app(ctx)?, caller(ctx)?, &input.id, input.version, false).await?) })
    }
}
