//! Writing a note: a formatting toolbar over the Markdown the server renders (bold, italic,
//! a list, a link; also Ctrl+B and Ctrl+I), and mentions completed as one types `@` and the
//! start of a colleague's name. A completed mention writes the name in the text and adds
//! the colleague to the note's mentions.

use std::collections::BTreeSet;

use leptos::html::Textarea;
use leptos::prelude::*;

use crate::i18n::{tr, use_i18n, Texts};

/// A formatting the toolbar applies to the selection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Bold,
    Italic,
    List,
    Link,
}

/// Text with a selection, in characters.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Edit {
    text: String,
    start: usize,
    end: usize,
}

fn byte_at(text: &str, chars: usize) -> usize {
    text.char_indices().nth(chars).map_or(text.len(), |(i, _)| i)
}

/// `text` with `format` applied to the characters `start..end`, and the selection after it
/// (the words formatted, or the place to type the link's address).
fn apply(text: &str, start: usize, end: usize, format: Format) -> Edit {
    let (start, end) = (start.min(end), start.max(end));
    let (a, b) = (byte_at(text, start), byte_at(text, end));
    let (before, selected, after) = (&text[..a], &text[a..b], &text[b..]);
    let count = |s: &str| s.chars().count();
    match format {
        Format::Bold | Format::Italic => {
            let mark = if format == Format::Bold { "**" } else { "*" };
            let inner = if selected.is_empty() { "text" } else { selected };
            let start = start + count(mark);
            Edit { text: format!("{before}{mark}{inner}{mark}{after}"), start, end: start + count(inner) }
        }
        Format::List => {
            // From the start of the first selected line, each line an item.
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let lines: Vec<String> = text[line_start..b]
                .split('\n')
                .map(|line| if line.starts_with("- ") { line.to_owned() } else { format!("- {line}") })
                .collect();
            let listed = lines.join("\n");
            let head = count(&text[..line_start]);
            Edit { text: format!("{}{listed}{after}", &text[..line_start]), start: head, end: head + count(&listed) }
        }
        Format::Link => {
            let label = if selected.is_empty() { "link" } else { selected };
            let url_start = start + count(label) + 3;
            Edit { text: format!("{before}[{label}](https://){after}"), start: url_start, end: url_start + 8 }
        }
    }
}

/// The `@name` being typed just before `caret`: where its `@` is and what follows it. An `@`
/// counts at the start or after a space (not inside an email address).
fn mention_at(text: &str, caret: usize) -> Option<(usize, String)> {
    let typed: Vec<char> = text.chars().take(caret).collect();
    let at = typed.iter().rposition(|c| *c == '@')?;
    let query: String = typed[at + 1..].iter().collect();
    let starts_word = at == 0 || typed[at - 1].is_whitespace();
    // A first and a last name at most: a second space ends the mention.
    let typing_a_name = !query.starts_with(' ') && !query.contains('\n') && query.matches(' ').count() <= 1 && query.chars().count() <= 40;
    (starts_word && typing_a_name).then_some((at, query))
}

/// Colleagues whose name has a word starting with `query` (case aside), at most six.
fn suggestions(colleagues: &[(String, String)], query: &str) -> Vec<(String, String)> {
    let query = query.trim().to_lowercase();
    colleagues
        .iter()
        .filter(|(_, name)| {
            let name = name.to_lowercase();
            query.is_empty() || name.starts_with(&query) || name.split_whitespace().any(|word| word.starts_with(&query))
        })
        .take(6)
        .cloned()
        .collect()
}

/// `text` with the `@query` at `at..caret` replaced by `@name `; the caret after it.
fn complete(text: &str, at: usize, caret: usize, name: &str) -> (String, usize) {
    let (a, b) = (byte_at(text, at), byte_at(text, caret));
    let inserted = format!("@{name} ");
    (format!("{}{inserted}{}", &text[..a], &text[b..]), at + inserted.chars().count())
}

/// The note's text box with its toolbar and, for staff, mention completion. `mentioned`
/// gathers the colleagues completed.
#[component]
pub fn NoteEditor(
    body: RwSignal<String>,
    mentioned: RwSignal<BTreeSet<String>>,
    /// `(id, name)` of the colleagues who may be mentioned; empty: no completion.
    #[prop(into)]
    colleagues: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let area = NodeRef::<Textarea>::new();
    let caret = RwSignal::new(0usize);
    let selection = move || {
        area.get_untracked().map(|el| (el.selection_start().ok().flatten().unwrap_or(0), el.selection_end().ok().flatten().unwrap_or(0)))
    };
    let select = move |start: usize, end: usize| {
        if let Some(el) = area.get_untracked() {
            let _ = el.focus();
            let _ = el.set_selection_range(start as u32, end as u32);
        }
    };
    let format = move |format: Format| {
        let (start, end) = selection().unwrap_or_default();
        let edit = apply(&body.get_untracked(), start as usize, end as usize, format);
        body.set(edit.text.clone());
        if let Some(el) = area.get_untracked() {
            el.set_value(&edit.text);
        }
        select(edit.start, edit.end);
    };
    let query = Memo::new(move |_| mention_at(&body.get(), caret.get()));
    let choices = move || match query.get() {
        Some((_, typed)) => suggestions(&colleagues.get(), &typed),
        None => Vec::new(),
    };
    let choose = move |(id, name): (String, String)| {
        let Some((at, _)) = query.get_untracked() else { return };
        let (text, after) = complete(&body.get_untracked(), at, caret.get_untracked(), &name);
        body.set(text.clone());
        if let Some(el) = area.get_untracked() {
            el.set_value(&text);
        }
        mentioned.update(|m| {
            m.insert(id);
        });
        caret.set(after);
        select(after, after);
    };
    let track_caret = move || {
        if let Some((_, end)) = selection() {
            caret.set(end as usize);
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.ctrl_key() || ev.meta_key() {
            let shortcut = match ev.key().as_str() {
                "b" => Some(Format::Bold),
                "i" => Some(Format::Italic),
                _ => None,
            };
            if let Some(shortcut) = shortcut {
                ev.prevent_default();
                format(shortcut);
            }
        } else if ev.key() == "Enter" {
            // Enter takes the first suggestion while a mention is being typed.
            if let Some(first) = choices().into_iter().next() {
                ev.prevent_default();
                choose(first);
            }
        }
    };
    let button = move |class: &'static str, label: fn(&Texts) -> &'static str, mark: &'static str, f: Format| {
        view! {
            <button type="button" class=format!("format-{class}") title=move || label(i18n.t()) on:click=move |_| format(f)>
                <span aria-hidden="true">{mark}</span>
                <span class="visually-hidden">{move || label(i18n.t())}</span>
            </button>
        }
    };
    view! {
        <div class="note-toolbar" role="toolbar" aria-label=move || i18n.t().notes.formatting aria-controls="note-body">
            {button("bold", |t| t.notes.bold, "B", Format::Bold)}
            {button("italic", |t| t.notes.italic, "I", Format::Italic)}
            {button("list", |t| t.notes.list, "•", Format::List)}
            {button("link", |t| t.notes.link, "🔗", Format::Link)}
        </div>
        <textarea
            id="note-body"
            node_ref=area
            rows="3"
            aria-describedby="note-body-hint"
            aria-autocomplete="list"
            prop:value=move || body.get()
            on:input=move |ev| {
                body.set(event_target_value(&ev));
                track_caret();
            }
            on:keyup=move |_| track_caret()
            on:click=move |_| track_caret()
            on:keydown=on_key
        ></textarea>
        {move || {
            let found = choices();
            (!found.is_empty()).then(|| view! {
                <ul class="mention-suggestions" aria-label=move || i18n.t().notes.mention>
                    {found
                        .into_iter()
                        .map(|(id, name)| {
                            let chosen = (id.clone(), name.clone());
                            view! {
                                <li>
                                    <button type="button" class="mention-suggestion" data-user=id on:click=move |_| choose(chosen.clone())>
                                        "@" {name}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            })
        }}
        <p class="hint" id="note-body-hint">{tr(|t| t.notes.body_hint)}</p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_toolbar_wraps_the_selection_in_markdown() {
        let bold = apply("call the buyer", 5, 8, Format::Bold);
        assert_eq!((bold.text.as_str(), bold.start, bold.end), ("call **the** buyer", 7, 10));
        let italic = apply("città", 0, 0, Format::Italic);
        assert_eq!((italic.text.as_str(), italic.start, italic.end), ("*text*città", 1, 5), "no selection: a word to type over");
        let list = apply("intro\nprice\nterms", 8, 14, Format::List);
        assert_eq!(list.text, "intro\n- price\n- terms");
        let link = apply("see the offer", 8, 13, Format::Link);
        assert_eq!((link.text.as_str(), link.start, link.end), ("see the [offer](https://)", 16, 24));
    }

    #[test]
    fn a_mention_is_typed_after_a_space_and_completed_with_the_name() {
        assert_eq!(mention_at("ask @mar", 8), Some((4, "mar".to_owned())));
        assert_eq!(mention_at("@", 1), Some((0, String::new())));
        assert_eq!(mention_at("mail mario@example.com", 22), None, "an email address is not a mention");
        let people = [("1".to_owned(), "Maria Rinaldi".to_owned()), ("2".to_owned(), "Luca Ferrari".to_owned())];
        assert_eq!(suggestions(&people, "rin"), [people[0].clone()]);
        assert_eq!(suggestions(&people, "").len(), 2);
        assert_eq!(complete("ask @mar today", 4, 8, "Maria Rinaldi"), ("ask @Maria Rinaldi  today".to_owned(), 19));
    }
}
