//! The notes section of a record's page: pinned notes first, then the newest, each with its
//! author, time, what it is about (a customer's page gathers the notes on its contacts, deals
//! and orders too), its text as the server renders it from Markdown, and whom it mentions; a
//! form to add one (staff pin it, share it with the partner, mention colleagues); its author
//! edits the text, its author or a manager pins and archives it.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::ops::note_list::{NoteAboutInput, NoteFilter, NoteListNotesNodes, Variables};
use crate::api::ops::{
    add_note, archive_note, update_note, AddNote, ArchiveNote, NoteList, NoteSubject, PrincipalKind, StaffRole, UpdateNote,
};
use crate::api::{call, ApiError};
use crate::app::use_viewer;
use crate::components::{loaded, ErrorBox};
use crate::format;
use crate::i18n::{tr, use_i18n};
use crate::pages::customers::options::use_assignment_options;
use crate::pages::note_editor::NoteEditor;

/// How many unpinned notes show at first, and how many more each "Show older" adds.
const STEP: i64 = 20;
/// Pinned notes all show (a record has few).
const PINNED: i64 = 50;

/// Which notes a page shows and what a new one may be about.
#[derive(Clone, Debug, PartialEq)]
pub struct NotesOf {
    /// `Some(customer id)`: the customer's notes with those on its contacts, deals and orders;
    /// `None`: those on the first of `about`.
    pub customer: Option<String>,
    /// What a new note may be about (kind, id, name), the page's own record first.
    pub about: Vec<(NoteSubject, String, String)>,
}

impl NotesOf {
    /// The notes of one record.
    pub fn record(subject: NoteSubject, id: String, name: String) -> Self {
        Self { customer: None, about: vec![(subject, id, name)] }
    }

    fn filter(&self, pinned: bool) -> NoteFilter {
        let about = match (&self.customer, self.about.first()) {
            (None, Some((subject, id, _))) => Some(NoteAboutInput { subject: *subject, id: id.clone() }),
            _ => None,
        };
        NoteFilter { about, customer_id: self.customer.clone(), pinned: Some(pinned), mentions_me: None, archived: None }
    }
}

/// Whether the person writes notes (mirrors the server: staff but analysts, partner users).
fn writes_notes(kind: PrincipalKind, role: Option<StaffRole>) -> bool {
    match kind {
        PrincipalKind::Staff => role != Some(StaffRole::Analyst),
        PrincipalKind::Partner => true,
        _ => false,
    }
}

#[component]
pub fn NotesSection(of: NotesOf) -> impl IntoView {
    let viewer = use_viewer();
    let writes = writes_notes(viewer.kind, viewer.role);
    let staff = viewer.kind == PrincipalKind::Staff;
    let reload = RwSignal::new(0u32);
    let shown = RwSignal::new(STEP);
    let of = StoredValue::new(of);
    let pinned = LocalResource::new(move || {
        reload.track();
        let variables = Variables { filter: of.with_value(|of| of.filter(true)), first: Some(PINNED), after: None };
        async move { call::<NoteList>(variables).await.map(|data| data.notes) }
    });
    let recent = LocalResource::new(move || {
        reload.track();
        let variables = Variables { filter: of.with_value(|of| of.filter(false)), first: Some(shown.get()), after: None };
        async move { call::<NoteList>(variables).await.map(|data| data.notes) }
    });
    let changed = Callback::new(move |()| reload.update(|n| *n += 1));
    let page_subject = StoredValue::new(of.with_value(|of| of.about.first().map(|(subject, id, _)| (*subject, id.clone()))));
    let list = move |notes: Vec<NoteListNotesNodes>| {
        let page_subject = page_subject.get_value();
        notes
            .into_iter()
            .map(|note| {
                let own_record = page_subject.as_ref().is_some_and(|(subject, id)| *subject == note.subject && *id == note.subject_id);
                view! { <NoteView note=note own_record=own_record changed=changed /> }
            })
            .collect_view()
    };
    view! {
        <section class="card notes-section" aria-labelledby="notes-title">
            <h2 id="notes-title">{tr(|t| t.notes.title)}</h2>
            {writes.then(|| view! { <Composer of=of.get_value() staff=staff added=changed /> })}
            {move || loaded(pinned.get(), |notes| view! { <div class="notes pinned-notes">{list(notes.nodes)}</div> }.into_any())}
            {move || {
                loaded(
                    recent.get(),
                    |notes| {
                        let more = notes.page_info.has_next_page;
                        let empty = notes.nodes.is_empty() && pinned.get().and_then(Result::ok).is_some_and(|p| p.nodes.is_empty());
                        view! {
                            {empty.then(|| view! { <p class="empty">{tr(|t| t.notes.none)}</p> })}
                            <div class="notes">{list(notes.nodes)}</div>
                            {more
                                .then(|| {
                                    view! {
                                        <button type="button" class="link-button" id="older-notes" on:click=move |_| shown.update(|n| *n = (*n + STEP).min(250))>
                                            {tr(|t| t.notes.older)}
                                        </button>
                                    }
                                })}
                        }
                        .into_any()
                    },
                )
            }}
        </section>
    }
}

/// The form of a new note.
#[component]
fn Composer(of: NotesOf, staff: bool, added: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let body = RwSignal::new(String::new());
    let about = RwSignal::new(0usize);
    let pin = RwSignal::new(false);
    let share = RwSignal::new(false);
    let mentioned = RwSignal::new(BTreeSet::<String>::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let colleagues = use_assignment_options(staff).owners;
    let choices = StoredValue::new(of.about.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((subject, id, _)) = choices.with_value(|choices| choices.get(about.get_untracked()).cloned()) else { return };
        let input = add_note::AddNoteInput {
            about: add_note::NoteAboutInput { subject, id },
            body: body.get_untracked(),
            pinned: pin.get_untracked(),
            shared_with_partner: share.get_untracked(),
            mention_ids: mentioned.get_untracked().into_iter().collect(),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = call::<AddNote>(add_note::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    body.set(String::new());
                    pin.set(false);
                    share.set(false);
                    mentioned.set(BTreeSet::new());
                    error.set(None);
                    added.run(());
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let about_choice = (of.about.len() > 1).then(|| {
        let options = of
            .about
            .iter()
            .enumerate()
            .map(|(i, (subject, _, name))| {
                let (subject, name) = (*subject, name.clone());
                view! { <option value=i.to_string()>{move || format!("{} · {name}", (i18n.t().notes.subject_label)(subject))}</option> }
            })
            .collect_view();
        view! {
            <div class="field">
                <label for="note-about">{tr(|t| t.notes.about)}</label>
                <select id="note-about" on:change=move |ev| about.set(event_target_value(&ev).parse().unwrap_or(0))>
                    {options}
                </select>
            </div>
        }
    });
    let staff_options = staff.then(|| {
        view! {
            <label class="check">
                <input type="checkbox" id="note-pinned" prop:checked=move || pin.get() on:change=move |ev| pin.set(event_target_checked(&ev)) />
                {tr(|t| t.notes.pin)}
            </label>
            <label class="check">
                <input type="checkbox" id="note-shared" prop:checked=move || share.get() on:change=move |ev| share.set(event_target_checked(&ev)) />
                {tr(|t| t.notes.share_with_partner)}
            </label>
            <details class="mention-picker">
                <summary>{tr(|t| t.notes.mention)}</summary>
                <ul class="plain-list">
                    {move || {
                        colleagues
                            .get()
                            .into_iter()
                            .map(|(id, name)| {
                                let key = id.clone();
                                let checked = move || mentioned.with(|m| m.contains(&key));
                                let toggle = move |ev| {
                                    let id = id.clone();
                                    mentioned.update(|m| {
                                        if event_target_checked(&ev) {
                                            m.insert(id);
                                        } else {
                                            m.remove(&id);
                                        }
                                    })
                                };
                                view! {
                                    <li>
                                        <label class="check">
                                            <input type="checkbox" class="mention" prop:checked=checked on:change=toggle />
                                            {name}
                                        </label>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </details>
        }
    });
    view! {
        <form class="note-composer" on:submit=submit>
            <label for="note-body">{tr(|t| t.notes.new_note)}</label>
            <NoteEditor body=body mentioned=mentioned colleagues=colleagues />
            {about_choice}
            <div class="note-options">{staff_options}</div>
            <ErrorBox error=error />
            <button type="submit" class="button button-primary" id="add-note" disabled=move || busy.get() || body.with(|b| b.trim().is_empty())>
                {tr(|t| t.notes.add)}
            </button>
        </form>
    }
}

/// The record a note is on, as a link, when it is not the page's own.
fn subject_link(subject: NoteSubject, id: &str, name: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let href = match subject {
        NoteSubject::Opportunity => Some(format!("/opportunities/{id}")),
        NoteSubject::Order => Some(format!("/orders/{id}")),
        NoteSubject::Lead => Some(format!("/leads/{id}")),
        NoteSubject::Customer => Some(format!("/customers/{id}")),
        // A contact is shown on its customer's page, where this note is.
        NoteSubject::Contact => None,
    };
    let name = name.unwrap_or_default();
    let kind = move || (i18n.t().notes.subject_label)(subject);
    view! {
        <span class="note-subject">
            {move || (i18n.t().notes.on)(kind(), "")}
            {match href {
                Some(href) => view! { <A href=href>{name}</A> }.into_any(),
                None => view! { <span>{name}</span> }.into_any(),
            }}
        </span>
    }
}

/// One note, with its actions.
#[component]
fn NoteView(note: NoteListNotesNodes, own_record: bool, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let draft = RwSignal::new(note.body.clone());
    let error = RwSignal::new(None::<ApiError>);
    let (id, version, pinned) = (note.id.clone(), note.version, note.pinned);
    let author = note.author.as_ref().map(|a| a.display_name.clone()).unwrap_or_default();
    let at = note.created_at.clone();
    let edited = note.updated_at != note.created_at && note.version > 1;
    let written = move || (i18n.t().notes.written)(&author, &format::date_time(i18n.tag(), &at));
    let mentions = (!note.mentions.is_empty()).then(|| {
        let names = note.mentions.iter().map(|m| m.display_name.clone()).collect::<Vec<_>>().join(", ");
        view! { <p class="note-mentions hint">{move || (i18n.t().notes.mentions)(&names)}</p> }
    });
    let update = move |input: update_note::UpdateNoteInput| {
        leptos::task::spawn_local(async move {
            match call::<UpdateNote>(update_note::Variables { input }).await {
                Ok(_) => {
                    editing.set(false);
                    changed.run(());
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let blank =
        update_note::UpdateNoteInput { id: id.clone(), version, body: None, pinned: None, shared_with_partner: None, mention_ids: None };
    let toggle_pin = {
        let blank = blank.clone();
        move |_| update(update_note::UpdateNoteInput { pinned: Some(!pinned), ..blank.clone() })
    };
    let save = {
        let blank = blank.clone();
        move |_| update(update_note::UpdateNoteInput { body: Some(draft.get_untracked()), ..blank.clone() })
    };
    let archive = {
        let id = id.clone();
        move |_| {
            let input = archive_note::RecordVersionInput { id: id.clone(), version };
            leptos::task::spawn_local(async move {
                match call::<ArchiveNote>(archive_note::Variables { input }).await {
                    Ok(_) => changed.run(()),
                    Err(err) => error.set(Some(err)),
                }
            });
        }
    };
    let body_html = note.body_html.clone();
    let subject = (!own_record).then(|| subject_link(note.subject, &note.subject_id, note.subject_name.clone()));
    let (can_edit, can_edit_text) = (note.viewer_can_edit, note.viewer_can_edit_text);
    view! {
        <article class="note" data-id=id.clone() data-pinned=pinned.to_string() data-shared=note.shared_with_partner.to_string()>
            <header class="note-header">
                <span class="note-author">{written}</span>
                {edited.then(|| view! { " · " <span class="hint">{tr(|t| t.notes.edited)}</span> })}
                {subject.map(|subject| view! { " · " {subject} })}
                {pinned.then(|| view! { <span class="badge">{tr(|t| t.notes.pinned)}</span> })}
                {note.shared_with_partner.then(|| view! { <span class="badge">{tr(|t| t.notes.shared)}</span> })}
            </header>
            {move || {
                if editing.get() {
                    view! {
                        <textarea class="note-edit" rows="4" aria-label=move || i18n.t().notes.edit prop:value=move || draft.get() on:input=move |ev| draft.set(event_target_value(&ev))></textarea>
                        <div class="note-actions">
                            <button type="button" class="button button-primary save-note" on:click=save.clone()>{tr(|t| t.notes.save)}</button>
                            <button type="button" class="button" on:click=move |_| editing.set(false)>{tr(|t| t.notes.cancel)}</button>
                        </div>
                    }
                        .into_any()
                } else {
                    view! { <div class="note-body" inner_html=body_html.clone()></div> }.into_any()
                }
            }}
            {mentions}
            <ErrorBox error=error />
            {can_edit
                .then(|| {
                    view! {
                        <div class="note-actions">
                            {can_edit_text
                                .then(|| view! { <button type="button" class="link-button edit-note" on:click=move |_| editing.set(true)>{tr(|t| t.notes.edit)}</button> })}
                            <button type="button" class="link-button pin-note" on:click=toggle_pin.clone()>
                                {move || if pinned { i18n.t().notes.unpin } else { i18n.t().notes.pin }}
                            </button>
                            {move || {
                                if confirming.get() {
                                    view! {
                                        <span class="inline-confirm" role="group">
                                            {tr(|t| t.notes.archive_confirm)}
                                            " "
                                            <button type="button" class="button button-danger confirm-archive-note" on:click=archive.clone()>
                                                {tr(|t| t.notes.yes_archive)}
                                            </button>
                                            <button type="button" class="button" on:click=move |_| confirming.set(false)>{tr(|t| t.notes.cancel)}</button>
                                        </span>
                                    }
                                        .into_any()
                                } else {
                                    view! { <button type="button" class="link-button archive-note" on:click=move |_| confirming.set(true)>{tr(|t| t.notes.archive)}</button> }.into_any()
                                }
                            }}
                        </div>
                    }
                })}
        </article>
    }
}
