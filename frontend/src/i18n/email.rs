//! Texts of email on the ticket page and in the queues' setup. Reached as
//! `i18n.t().email()`, out of the shell's table: they travel in the service module's chunk.

use crate::api::types::{EmailDirection, EmailKind, EmailStatus};

pub struct Texts {
    pub emails: &'static str,
    pub received_from: fn(&str) -> String,
    pub sent_to: fn(&str) -> String,
    pub status_label: fn(EmailStatus) -> &'static str,
    pub kind_label: fn(EmailKind) -> &'static str,
    pub attempts: fn(i64) -> String,
    pub send_again: &'static str,
    pub download_failed: &'static str,
    pub address: &'static str,
    pub address_hint: &'static str,
    pub save_address: &'static str,
    pub saved: &'static str,
    pub direction_label: fn(EmailDirection) -> &'static str,
}

pub static EN: Texts = Texts {
    emails: "Emails",
    received_from: |from| format!("Received from {from}"),
    sent_to: |to| format!("Sent to {to}"),
    status_label: |status| match status {
        EmailStatus::Received => "Received",
        EmailStatus::Unmatched => "Unknown sender",
        EmailStatus::Queued => "Waiting to be sent",
        EmailStatus::Sent => "Sent",
        EmailStatus::Failed => "Not sent",
        EmailStatus::Refused => "Not sent: not allowed",
        EmailStatus::Interrupted => "Interrupted: check before sending again",
        EmailStatus::Bounced => "Bounced",
    },
    kind_label: |kind| match kind {
        EmailKind::Message => "Message",
        EmailKind::AutoReply => "Automatic reply",
        EmailKind::Bounce => "Delivery failure report",
    },
    attempts: |n| if n == 1 { "1 attempt".into() } else { format!("{n} attempts") },
    send_again: "Send again",
    download_failed: "The file could not be downloaded.",
    address: "Email address",
    address_hint: "Mail to this address opens tickets in the queue; its replies are sent from it.",
    save_address: "Save the address",
    saved: "Saved.",
    direction_label: |direction| match direction {
        EmailDirection::Inbound => "Received",
        EmailDirection::Outbound => "Sent",
    },
};

pub static IT: Texts = Texts {
    emails: "Email",
    received_from: |from| format!("Ricevuta da {from}"),
    sent_to: |to| format!("Inviata a {to}"),
    status_label: |status| match status {
        EmailStatus::Received => "Ricevuta",
        EmailStatus::Unmatched => "Mittente sconosciuto",
        EmailStatus::Queued => "In attesa di invio",
        EmailStatus::Sent => "Inviata",
        EmailStatus::Failed => "Non inviata",
        EmailStatus::Refused => "Non inviata: non consentito",
        EmailStatus::Interrupted => "Interrotta: verificare prima di reinviare",
        EmailStatus::Bounced => "Respinta",
    },
    kind_label: |kind| match kind {
        EmailKind::Message => "Messaggio",
        EmailKind::AutoReply => "Risposta automatica",
        EmailKind::Bounce => "Notifica di mancato recapito",
    },
    attempts: |n| if n == 1 { "1 tentativo".into() } else { format!("{n} tentativi") },
    send_again: "Invia di nuovo",
    download_failed: "Non è stato possibile scaricare il file.",
    address: "Indirizzo email",
    address_hint: "La posta a questo indirizzo apre ticket nella coda; le risposte partono da qui.",
    save_address: "Salva l'indirizzo",
    saved: "Salvato.",
    direction_label: |direction| match direction {
        EmailDirection::Inbound => "Ricevuta",
        EmailDirection::Outbound => "Inviata",
    },
};

impl super::Texts {
    /// The email texts in this language, loaded with the service screens.
    pub fn email(&self) -> &'static Texts {
        match self.locale {
            super::Locale::En => &EN,
            super::Locale::It => &IT,
        }
    }
}
