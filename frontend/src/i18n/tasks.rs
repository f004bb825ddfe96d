//! Texts of the tasks: the tasks page, a record's tasks and the home's. Reached as
//! `i18n.of::<tasks::Texts>()`, out of the shell (see `Split`).

use crate::api::types::{TaskOrigin, TaskPriority, TaskSubject};

pub struct Texts {
    pub title: &'static str,
    pub my_tasks: &'static str,
    pub new_task: &'static str,
    pub what: &'static str,
    pub due: &'static str,
    pub priority: &'static str,
    pub owner: &'static str,
    pub me: &'static str,
    pub add: &'static str,
    pub edit: &'static str,
    pub save: &'static str,
    pub none: &'static str,
    pub show_done: &'static str,
    pub overdue: &'static str,
    pub mark_done: fn(&str) -> String,
    pub reopen: fn(&str) -> String,
    pub due_at: fn(&str) -> String,
    pub reminder: fn(&str) -> String,
    pub priority_label: fn(TaskPriority) -> &'static str,
    pub subject_label: fn(TaskSubject) -> &'static str,
    pub origin_label: fn(TaskOrigin) -> &'static str,
}

impl super::Split for Texts {
    fn tables() -> [&'static Self; 2] {
        [&EN, &IT]
    }
}

pub static EN: Texts = Texts {
    title: "Tasks",
    my_tasks: "My tasks",
    new_task: "New task",
    what: "What to do",
    due: "Due",
    priority: "Priority",
    owner: "For",
    me: "Me",
    add: "Add task",
    edit: "Change",
    save: "Save",
    none: "No open tasks.",
    show_done: "Show done and cancelled",
    overdue: "Overdue",
    mark_done: |title| format!("Mark “{title}” done"),
    reopen: |title| format!("Reopen “{title}”"),
    due_at: |at| format!("due {at}"),
    reminder: |title| format!("Reminder: {title}"),
    priority_label: |priority| match priority {
        TaskPriority::Normal => "Normal",
        TaskPriority::Low => "Low",
        TaskPriority::High => "High",
    },
    subject_label: |subject| match subject {
        TaskSubject::Customer => "customer",
        TaskSubject::Contact => "contact",
        TaskSubject::Lead => "lead",
        TaskSubject::Opportunity => "deal",
        TaskSubject::Order => "order",
        TaskSubject::Ticket => "ticket",
    },
    origin_label: |origin| match origin {
        TaskOrigin::Manual => "",
        TaskOrigin::SatisfactionRecovery => "Low satisfaction score",
        TaskOrigin::NpsFollowUp => "NPS detractor",
    },
};

pub static IT: Texts = Texts {
    title: "Attività",
    my_tasks: "Le mie attività",
    new_task: "Nuova attività",
    what: "Cosa fare",
    due: "Scadenza",
    priority: "Priorità",
    owner: "Per",
    me: "Me",
    add: "Aggiungi attività",
    edit: "Modifica",
    save: "Salva",
    none: "Nessuna attività aperta.",
    show_done: "Mostra anche completate e annullate",
    overdue: "In ritardo",
    mark_done: |title| format!("Segna «{title}» come fatta"),
    reopen: |title| format!("Riapri «{title}»"),
    due_at: |at| format!("scade {at}"),
    reminder: |title| format!("Promemoria: {title}"),
    priority_label: |priority| match priority {
        TaskPriority::Normal => "Normale",
        TaskPriority::Low => "Bassa",
        TaskPriority::High => "Alta",
    },
    subject_label: |subject| match subject {
        TaskSubject::Customer => "cliente",
        TaskSubject::Contact => "contatto",
        TaskSubject::Lead => "lead",
        TaskSubject::Opportunity => "trattativa",
        TaskSubject::Order => "ordine",
        TaskSubject::Ticket => "ticket",
    },
    origin_label: |origin| match origin {
        TaskOrigin::Manual => "",
        TaskOrigin::SatisfactionRecovery => "Soddisfazione bassa",
        TaskOrigin::NpsFollowUp => "Detrattore NPS",
    },
};
