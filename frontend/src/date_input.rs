//! Date entry in the app's language, not the browser's: a browser's own date input shows
//! "mm/dd/yyyy" to an Italian reading the app in Italian. Here the box takes the locale's
//! order ("gg/mm/aaaa" in Italian, "mm/dd/yyyy" in English; ISO `YYYY-MM-DD` is read too),
//! and a calendar beside it names months and weekdays in the app's language, weeks starting
//! as the locale's do. The value is always ISO `YYYY-MM-DD` (what the API takes) or empty.
//!
//! Kept out of the shared components so that only the screens with dates load it.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::field_id;
use crate::format;
use crate::i18n::dates::Texts as DateTexts;
use crate::i18n::use_i18n;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Day,
    Month,
    Year,
}

/// The order of a locale's numeric dates and their separator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Pattern {
    order: [Part; 3],
    separator: char,
}

const ISO: Pattern = Pattern { order: [Part::Year, Part::Month, Part::Day], separator: '-' };

impl Pattern {
    /// Reads the order and separator from 22 November 2033 as the locale writes it
    /// ([`format::numeric_date_sample`]); ISO when the sample says nothing.
    fn from_sample(sample: &str) -> Pattern {
        let (Some(day), Some(month), Some(year)) = (sample.find("22"), sample.find("11"), sample.find("2033")) else { return ISO };
        let mut parts = [(day, Part::Day), (month, Part::Month), (year, Part::Year)];
        parts.sort();
        let separator = sample.chars().find(|c| c.is_ascii_punctuation()).unwrap_or('/');
        Pattern { order: parts.map(|(_, part)| part), separator }
    }

    /// The form to type, from the locale's names of day, month and year ("dd/mm/yyyy").
    fn placeholder(&self, letters: [&str; 3]) -> String {
        let name = |part: Part| match part {
            Part::Day => letters[0],
            Part::Month => letters[1],
            Part::Year => letters[2],
        };
        self.order.map(name).join(&self.separator.to_string())
    }

    /// A typed date as `(year, month, day)`: three numbers in the locale's order, or ISO
    /// (a first number of four digits).
    fn parse(&self, text: &str) -> Option<(i32, u32, u32)> {
        self.read(text, false)
    }

    /// Like [`Pattern::parse`], also reading a two-digit year as this century's: once the
    /// person leaves the box (while typing, "30/06/20" is on its way to 2027).
    fn parse_finished(&self, text: &str) -> Option<(i32, u32, u32)> {
        self.read(text, true)
    }

    fn read(&self, text: &str, short_years: bool) -> Option<(i32, u32, u32)> {
        let numbers: Vec<&str> = text.split(|c: char| !c.is_ascii_digit()).filter(|n| !n.is_empty()).collect();
        let [first, _, _] = numbers[..] else { return None };
        let order = if first.len() == 4 { ISO.order } else { self.order };
        let (mut year, mut month, mut day) = (None, None, None);
        for (part, number) in order.iter().zip(&numbers) {
            let value: u32 = number.parse().ok()?;
            match part {
                Part::Day => day = Some(value),
                Part::Month => month = Some(value),
                Part::Year if number.len() <= 2 && short_years => year = Some(2000 + value as i32),
                Part::Year if number.len() == 4 => year = Some(value as i32),
                Part::Year => return None,
            }
        }
        let (year, month, day) = (year?, month?, day?);
        ((1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day)).then_some((year, month, day))
    }

    /// An ISO date as the locale writes it ("30/06/2027").
    fn show(&self, iso: &str) -> String {
        let Some((year, month, day)) = ISO.parse(iso) else { return iso.to_owned() };
        let text = |part: Part| match part {
            Part::Day => format!("{day:02}"),
            Part::Month => format!("{month:02}"),
            Part::Year => format!("{year:04}"),
        };
        self.order.map(text).join(&self.separator.to_string())
    }
}

fn iso(year: i32, month: u32, day: u32) -> String {
    format!("{year:04}-{month:02}-{day:02}")
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The weekday of a date, Monday = 0 (Sakamoto's method).
fn weekday(year: i32, month: u32, day: u32) -> u32 {
    const OFFSETS: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if month < 3 { year - 1 } else { year };
    let sunday_based = (y + y / 4 - y / 100 + y / 400 + OFFSETS[month as usize - 1] + day as i32).rem_euclid(7);
    ((sunday_based + 6) % 7) as u32
}

/// The month before or after `(year, month)`.
fn step((year, month): (i32, u32), forward: bool) -> (i32, u32) {
    match (forward, month) {
        (true, 12) => (year + 1, 1),
        (true, _) => (year, month + 1),
        (false, 1) => (year - 1, 12),
        (false, _) => (year, month - 1),
    }
}

/// Today in the person's calendar.
fn today() -> (i32, u32, u32) {
    let now = js_sys::Date::new_0();
    (now.get_full_year() as i32, now.get_month() + 1, now.get_date())
}

/// A date box with its calendar. `value` is read (ISO or empty); every change the person
/// makes goes to `on_change`, ISO or empty (a date that cannot be read is empty, and the box
/// says how to write one).
#[component]
pub fn DateInput(
    id: String,
    #[prop(into)] value: Signal<String>,
    on_change: Callback<String>,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] described_by: MaybeProp<String>,
    #[prop(optional, into)] invalid: MaybeProp<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let pattern = Memo::new(move |_| Pattern::from_sample(&format::numeric_date_sample(i18n.tag())));
    let text = RwSignal::new(pattern.get_untracked().show(&value.get_untracked()));
    let unreadable = RwSignal::new(false);
    // A value set from elsewhere (a reset filter, a switch of language) shows in the box,
    // unless the box already says that date.
    Effect::new(move |_| {
        let (current, pattern) = (value.get(), pattern.get());
        let typed = text.get_untracked();
        if pattern.parse(&typed).map(|(y, m, d)| iso(y, m, d)) != Some(current.clone()) && !(current.is_empty() && typed.is_empty()) {
            text.set(pattern.show(&current));
        }
    });
    let open = RwSignal::new(false);
    let shown = RwSignal::new((0, 0));
    let set = move |date: String| {
        unreadable.set(false);
        if date != value.get_untracked() {
            on_change.run(date);
        }
    };
    let on_input = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        text.set(typed.clone());
        match pattern.get_untracked().parse(&typed) {
            Some((y, m, d)) => set(iso(y, m, d)),
            None if typed.trim().is_empty() => set(String::new()),
            None => {}
        }
    };
    let on_blur = move |_| {
        let typed = text.get_untracked();
        if typed.trim().is_empty() {
            return;
        }
        match pattern.get_untracked().parse_finished(&typed) {
            Some((y, m, d)) => {
                text.set(pattern.get_untracked().show(&iso(y, m, d)));
                set(iso(y, m, d));
            }
            None => {
                unreadable.set(true);
                if !value.get_untracked().is_empty() {
                    on_change.run(String::new());
                }
            }
        }
    };
    let toggle = move |_| {
        if !open.get_untracked() {
            let (y, m, _) = ISO.parse(&value.get_untracked()).unwrap_or_else(today);
            shown.set((y, m));
        }
        open.update(|open| *open = !*open);
    };
    let pick = Callback::new(move |date: String| {
        text.set(pattern.get_untracked().show(&date));
        set(date);
        open.set(false);
    });
    let form = move || pattern.get().placeholder(i18n.of::<DateTexts>().letters);
    let message_id = format!("{id}-unreadable");
    let calendar_id = format!("{id}-calendar");
    let describe = {
        let message_id = message_id.clone();
        move || {
            let ids: Vec<String> = described_by.get().into_iter().chain(unreadable.get().then(|| message_id.clone())).collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <span class="date-input">
            <input
                id=id
                type="text"
                inputmode="numeric"
                autocomplete="off"
                required=required
                placeholder=form
                aria-invalid=move || (unreadable.get() || invalid.get().unwrap_or(false)).to_string()
                aria-describedby=describe
                prop:value=move || text.get()
                on:input=on_input
                on:blur=on_blur
            />
            <button
                type="button"
                class="date-toggle"
                aria-expanded=move || open.get().to_string()
                aria-controls=calendar_id.clone()
                on:click=toggle
            >
                <span aria-hidden="true">"▦"</span>
                <span class="visually-hidden">{move || i18n.of::<DateTexts>().choose}</span>
            </button>
            {move || {
                open.get().then(|| view! { <Calendar id=calendar_id.clone() shown=shown selected=value pick=pick close=Callback::new(move |()| open.set(false)) /> })
            }}
            {move || unreadable.get().then(|| view! {
                <small id=message_id.clone() class="field-error">{(i18n.of::<DateTexts>().unreadable)(&form())}</small>
            })}
        </span>
    }
}

/// A month to pick a day from, in the app's language.
#[component]
fn Calendar(
    id: String,
    shown: RwSignal<(i32, u32)>,
    selected: Signal<String>,
    pick: Callback<String>,
    close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let grid = move || {
        let (year, month) = shown.get();
        let monday_first = i18n.of::<DateTexts>().monday_first;
        // Leading blanks before the 1st, in the locale's week.
        let first = weekday(year, month, 1);
        let blanks = if monday_first { first } else { (first + 1) % 7 };
        let (this_year, this_month, this_day) = today();
        let chosen = selected.get();
        let mut cells: Vec<Option<u32>> = vec![None; blanks as usize];
        cells.extend((1..=days_in_month(year, month)).map(Some));
        cells.resize(cells.len().div_ceil(7) * 7, None);
        let weeks = cells
            .chunks(7)
            .map(|week| {
                let days = week
                    .iter()
                    .map(|cell| match cell {
                        None => view! { <td></td> }.into_any(),
                        Some(day) => {
                            let date = iso(year, month, *day);
                            let is_today = (year, month, *day) == (this_year, this_month, this_day);
                            let label = format::long_date(i18n.tag(), year, month, *day);
                            let pressed = date == chosen;
                            view! {
                                <td>
                                    <button
                                        type="button"
                                        class="day"
                                        data-date=date.clone()
                                        aria-label=label
                                        aria-pressed=pressed.to_string()
                                        aria-current=is_today.then_some("date")
                                        on:click=move |_| pick.run(date.clone())
                                    >
                                        {*day}
                                    </button>
                                </td>
                            }
                            .into_any()
                        }
                    })
                    .collect_view();
                view! { <tr>{days}</tr> }
            })
            .collect_view();
        let weekdays = (0..7)
            .map(|i| if monday_first { i } else { (i + 6) % 7 })
            .map(|day| view! { <th scope="col">{format::weekday_short(i18n.tag(), day)}</th> })
            .collect_view();
        view! {
            <table class="calendar-days" role="presentation">
                <thead><tr>{weekdays}</tr></thead>
                <tbody>{weeks}</tbody>
            </table>
        }
    };
    let title = move || {
        let (year, month) = shown.get();
        format::month_title(i18n.tag(), year, month)
    };
    view! {
        <div
            id=id
            class="calendar"
            role="group"
            aria-label=title
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    close.run(());
                }
            }
        >
            <div class="calendar-header">
                <button type="button" class="previous-month" on:click=move |_| shown.update(|m| *m = step(*m, false))>
                    <span aria-hidden="true">"‹"</span>
                    <span class="visually-hidden">{move || i18n.of::<DateTexts>().previous_month}</span>
                </button>
                <strong aria-live="polite">{title}</strong>
                <button type="button" class="next-month" on:click=move |_| shown.update(|m| *m = step(*m, true))>
                    <span aria-hidden="true">"›"</span>
                    <span class="visually-hidden">{move || i18n.of::<DateTexts>().next_month}</span>
                </button>
            </div>
            {grid}
            <button type="button" class="calendar-close" on:click=move |_| close.run(())>{move || i18n.of::<DateTexts>().close}</button>
        </div>
    }
}

/// A labelled date box showing the server's message for `field`, like `TextField`.
#[component]
pub fn DateField(
    #[prop(into)] label: Signal<&'static str>,
    value: RwSignal<String>,
    /// The input path the server uses in `extensions.field`, also the element id.
    field: &'static str,
    #[prop(into)] error: Signal<Option<ApiError>>,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] hint: Option<Signal<&'static str>>,
) -> impl IntoView {
    let id = field_id(field);
    let i18n = use_i18n();
    let message = move || error.get().and_then(|error| error.field_message(i18n.t(), field));
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        let has_hint = hint.is_some();
        Signal::derive(move || {
            let ids: Vec<&str> =
                [has_hint.then_some(hint_id.as_str()), message().is_some().then_some(error_id.as_str())].into_iter().flatten().collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        })
    };
    view! {
        <div class="field" class:has-error=move || message().is_some()>
            <label for=id.clone()>{move || label.get()}</label>
            <DateInput
                id=id
                value=value
                on_change=Callback::new(move |date| value.set(date))
                required=required
                described_by=described_by
                invalid=Signal::derive(move || message().is_some())
            />
            {hint.map(|hint| view! { <small id=hint_id class="hint">{move || hint.get()}</small> })}
            {move || message().map(|message| view! { <small id=error_id.clone() class="field-error">{message}</small> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ITALIAN: Pattern = Pattern { order: [Part::Day, Part::Month, Part::Year], separator: '/' };
    const ENGLISH: Pattern = Pattern { order: [Part::Month, Part::Day, Part::Year], separator: '/' };

    #[test]
    fn the_pattern_is_read_from_the_locale_s_sample() {
        assert_eq!(Pattern::from_sample("22/11/2033"), ITALIAN);
        assert_eq!(Pattern::from_sample("11/22/2033"), ENGLISH);
        assert_eq!(Pattern::from_sample("22.11.2033").separator, '.');
        assert_eq!(Pattern::from_sample(""), ISO);
        assert_eq!(ITALIAN.placeholder(["gg", "mm", "aaaa"]), "gg/mm/aaaa");
    }

    #[test]
    fn dates_are_read_in_the_locale_s_order_or_as_iso() {
        assert_eq!(ITALIAN.parse("30/06/2027"), Some((2027, 6, 30)));
        assert_eq!(ITALIAN.parse("1.7.27"), None, "not while typing: the year may go on");
        assert_eq!(ITALIAN.parse_finished("1.7.27"), Some((2027, 7, 1)));
        assert_eq!(ENGLISH.parse("06/30/2027"), Some((2027, 6, 30)));
        assert_eq!(ENGLISH.parse("2027-06-30"), Some((2027, 6, 30)), "ISO is read in every locale");
        assert_eq!(ENGLISH.parse("30/06/2027"), None, "no 30th month");
        assert_eq!(ITALIAN.parse("29/02/2027"), None, "2027 is not a leap year");
        assert_eq!(ITALIAN.parse("29/02/2028"), Some((2028, 2, 29)));
        assert_eq!(ITALIAN.parse("30/06"), None);
        assert_eq!(ITALIAN.parse("30/06/202"), None);
        assert_eq!(ITALIAN.show("2027-06-30"), "30/06/2027");
        assert_eq!(ENGLISH.show("2027-06-30"), "06/30/2027");
    }

    #[test]
    fn weekdays_and_months_step_right() {
        assert_eq!(weekday(2033, 1, 3), 0, "a Monday");
        assert_eq!(weekday(2026, 12, 3), 3, "a Thursday");
        assert_eq!(weekday(2000, 2, 29), 1, "a Tuesday");
        assert_eq!(step((2026, 12), true), (2027, 1));
        assert_eq!(step((2027, 1), false), (2026, 12));
    }
}
