//! Inputs of the notes.

use crate::domain::NoteSubject;
use async_graphql::{InputObject, ID};

/// The record a note is about.
#[derive(InputObject, Debug, Clone)]
pub struct NoteAboutInput {
    /// Its kind.
    pub subject: NoteSubject,
    /// Its id.
    pub id: ID,
}

/// Input of addNote.
#[derive(InputObject, Debug, Clone)]
pub struct AddNoteInput {
    /// The record the note is about.
    pub about: NoteAboutInput,
    /// The text, in Markdown (1 to 10,000 characters; HTML is shown as text).
    pub body: String,
    /// Shown above the record's other notes. Default false.
    #[graphql(default)]
    pub pinned: bool,
    /// Staff notes: whether partner users who see the record see it too (default false:
    /// internal). A partner user's notes are always shared.
    #[graphql(default)]
    pub shared_with_partner: bool,
    /// Staff users the note mentions (at most 20): they find it on their home.
    #[graphql(default)]
    pub mention_ids: Vec<ID>,
}

/// Changes to a note: its text and mentions (its author), whether it is pinned or shared (its
/// author, a sales manager or an admin).
#[derive(InputObject, Debug, Clone)]
pub struct UpdateNoteInput {
    /// Id of the note.
    pub id: ID,
    /// The version the change is based on; a newer stored version is a CONFLICT.
    pub version: i32,
    /// The new text, in Markdown.
    pub body: Option<String>,
    /// Pinned above the record's other notes.
    pub pinned: Option<bool>,
    /// Shared with the record's partner (staff notes).
    pub shared_with_partner: Option<bool>,
    /// The staff users it mentions, replacing those it mentioned.
    pub mention_ids: Option<Vec<ID>>,
}

/// Filter of the notes list. Without `about`, `customerId` or `mentionsMe`, every note the
/// caller may read.
#[derive(InputObject, Debug, Clone, Default)]
pub struct NoteFilter {
    /// The notes on one record.
    pub about: Option<NoteAboutInput>,
    /// The notes on a customer and on its contacts, opportunities and orders.
    pub customer_id: Option<ID>,
    /// `true`: pinned notes only; `false`: the others.
    pub pinned: Option<bool>,
    /// `true`: the notes that mention the caller.
    pub mentions_me: Option<bool>,
    /// `false` (default): active notes; `true`: archived ones only.
    pub archived: Option<bool>,
}
