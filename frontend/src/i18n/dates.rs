//! Texts of date entry (`date_input.rs`). Reached as `i18n.of::<dates::Texts>()`, out of the shell (see `Split`).

pub struct Texts {
    /// What a day, a month and a year are called in a placeholder ("dd", "mm", "yyyy").
    pub letters: [&'static str; 3],
    pub choose: &'static str,
    pub previous_month: &'static str,
    pub next_month: &'static str,
    pub close: &'static str,
    /// A date that cannot be read, with the expected form ("dd/mm/yyyy").
    pub unreadable: fn(&str) -> String,
    /// Whether weeks start on Monday (else on Sunday).
    pub monday_first: bool,
}

impl super::Split for Texts {
    fn tables() -> [&'static Self; 2] {
        [&EN, &IT]
    }
}

pub static EN: Texts = Texts {
    letters: ["dd", "mm", "yyyy"],
    choose: "Choose a date",
    previous_month: "Previous month",
    next_month: "Next month",
    close: "Close",
    unreadable: |form| format!("Enter a date as {form}."),
    monday_first: false,
};

pub static IT: Texts = Texts {
    letters: ["gg", "mm", "aaaa"],
    choose: "Scegli una data",
    previous_month: "Mese precedente",
    next_month: "Mese successivo",
    close: "Chiudi",
    unreadable: |form| format!("Scrivi la data come {form}."),
    monday_first: true,
};
