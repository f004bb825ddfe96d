//! Texts of the bulk actions on a list's ticked rows (the customer list's). Reached as
//! `i18n.t().bulk()`, out of the shell's table.

pub struct Texts {
    pub title: &'static str,
    pub hint: &'static str,
    pub select_page: &'static str,
    /// The tick box of one row, with the row's name.
    pub select_row: fn(&str) -> String,
    pub selected: fn(usize) -> String,
    pub new_owner: &'static str,
    pub assign: &'static str,
    pub tag: &'static str,
    pub add_tag: &'static str,
    pub remove_tag: &'static str,
    pub archive: &'static str,
    pub archive_confirm: fn(usize) -> String,
    pub yes_archive: &'static str,
    pub cancel: &'static str,
    pub done: fn(usize) -> String,
}

pub static EN: Texts = Texts {
    title: "Selected customers",
    hint: "Tick customers in the table to reassign, tag or archive them together.",
    select_page: "Select every customer on this page",
    select_row: |name| format!("Select {name}"),
    selected: |n| if n == 1 { "1 customer selected".into() } else { format!("{n} customers selected") },
    new_owner: "New owner",
    assign: "Assign",
    tag: "Tag",
    add_tag: "Add tag",
    remove_tag: "Remove tag",
    archive: "Archive",
    archive_confirm: |n| if n == 1 { "Archive 1 customer?".into() } else { format!("Archive {n} customers?") },
    yes_archive: "Yes, archive",
    cancel: "Cancel",
    done: |n| if n == 1 { "1 customer updated.".into() } else { format!("{n} customers updated.") },
};

pub static IT: Texts = Texts {
    title: "Clienti selezionati",
    hint: "Spunta i clienti nella tabella per riassegnarli, etichettarli o archiviarli insieme.",
    select_page: "Seleziona tutti i clienti di questa pagina",
    select_row: |name| format!("Seleziona {name}"),
    selected: |n| if n == 1 { "1 cliente selezionato".into() } else { format!("{n} clienti selezionati") },
    new_owner: "Nuovo titolare",
    assign: "Assegna",
    tag: "Etichetta",
    add_tag: "Aggiungi etichetta",
    remove_tag: "Togli etichetta",
    archive: "Archivia",
    archive_confirm: |n| if n == 1 { "Archiviare 1 cliente?".into() } else { format!("Archiviare {n} clienti?") },
    yes_archive: "Sì, archivia",
    cancel: "Annulla",
    done: |n| if n == 1 { "1 cliente aggiornato.".into() } else { format!("{n} clienti aggiornati.") },
};

impl super::Texts {
    /// The bulk actions' texts in this language, loaded with the list that has them.
    pub fn bulk(&self) -> &'static Texts {
        match self.locale {
            super::Locale::En => &EN,
            super::Locale::It => &IT,
        }
    }
}
