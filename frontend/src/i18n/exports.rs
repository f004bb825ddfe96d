//! Texts of the export page (the customers list as a CSV file). Reached as
//! `i18n.of::<exports::Texts>()`, out of the shell (see `Split`): they travel with the export
//! page.

pub struct Texts {
    pub title: &'static str,
    pub intro: &'static str,
    /// What the file will hold, given the list's count ("1,234 customers").
    pub holds: fn(&str) -> String,
    pub filtered: &'static str,
    pub everything: &'static str,
    pub download: &'static str,
    /// Until when the link works (a time in the reader's format).
    pub valid_until: fn(&str) -> String,
    pub back: &'static str,
}

impl super::Split for Texts {
    fn tables() -> [&'static Self; 2] {
        [&EN, &IT]
    }
}

pub static EN: Texts = Texts {
    title: "Export customers",
    intro: "A CSV file of the customers in the list, each with its main contact. It opens in any spreadsheet, and imports back as it is.",
    holds: |count| format!("The file will hold {count}."),
    filtered: "Only those the list's search and filters show.",
    everything: "Every customer you can see.",
    download: "Download CSV",
    valid_until: |time| format!("The link works until {time}, while you stay signed in."),
    back: "Back to the list",
};

pub static IT: Texts = Texts {
    title: "Esporta clienti",
    intro: "Un file CSV dei clienti dell'elenco, ciascuno con il suo contatto principale. Si apre con qualsiasi foglio di calcolo e si reimporta così com'è.",
    holds: |count| format!("Il file conterrà {count}."),
    filtered: "Solo quelli che mostrano la ricerca e i filtri dell'elenco.",
    everything: "Tutti i clienti che puoi vedere.",
    download: "Scarica CSV",
    valid_until: |time| format!("Il link funziona fino al {time}, finché resti collegato."),
    back: "Torna all'elenco",
};
