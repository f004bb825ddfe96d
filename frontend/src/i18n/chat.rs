//! Texts of live chat (the customer's "chat with us", the chat bar on a ticket's page, the
//! desk's list of live chats) and of a ticket's text messages. Reached as `i18n.t().chat()`,
//! out of the shell's table: they travel in the service module's chunk.

use crate::api::types::{ChatEnding, ChatStatus, SmsStatus};

pub struct Texts {
    pub start_title: &'static str,
    pub start_intro: &'static str,
    pub first_words: &'static str,
    pub start: &'static str,
    pub chat_now: &'static str,
    pub status_label: fn(ChatStatus) -> &'static str,
    pub ending_label: fn(ChatEnding) -> &'static str,
    pub with_agent: fn(&str) -> String,
    pub typing_agent: &'static str,
    pub typing_customer: &'static str,
    pub seen: &'static str,
    pub delivered: &'static str,
    pub end: &'static str,
    pub live_title: &'static str,
    pub none_live: &'static str,
    pub unread: &'static str,
    pub nobody_yet: &'static str,
    pub texts: &'static str,
    pub text_status: fn(SmsStatus) -> &'static str,
}

pub static EN: Texts = Texts {
    start_title: "Chat with us",
    start_intro: "Write to an agent now. If nobody is free, your message becomes a ticket and we answer it here.",
    first_words: "How can we help?",
    start: "Start the chat",
    chat_now: "Chat with an agent now",
    status_label: |status| match status {
        ChatStatus::Waiting => "Live chat: waiting for the agent's first words",
        ChatStatus::Active => "Live chat",
        ChatStatus::Ended => "Chat ended",
    },
    ending_label: |ending| match ending {
        ChatEnding::Customer => "Ended by the customer.",
        ChatEnding::Desk => "Ended by the agent.",
        ChatEnding::NoAgent => "No agent was free: the ticket is answered here as soon as someone is.",
        ChatEnding::Idle => "Ended after half an hour without a word: the ticket carries on here.",
    },
    with_agent: |name| format!("with {name}"),
    typing_agent: "The agent is typing…",
    typing_customer: "The customer is typing…",
    seen: "Seen",
    delivered: "Delivered",
    end: "End the chat",
    live_title: "Live chats",
    none_live: "No live chats right now.",
    unread: "New message",
    nobody_yet: "nobody yet",
    texts: "Text messages",
    text_status: |status| match status {
        SmsStatus::Received => "Received",
        SmsStatus::Unmatched => "Unknown sender",
        SmsStatus::Queued => "Waiting to be sent",
        SmsStatus::Sent => "Sent",
        SmsStatus::Delivered => "Delivered",
        SmsStatus::Failed => "Not sent",
        SmsStatus::Refused => "Not sent: not allowed",
        SmsStatus::Interrupted => "Interrupted: check before sending again",
    },
};

pub static IT: Texts = Texts {
    start_title: "Chatta con noi",
    start_intro: "Scrivi subito a un operatore. Se nessuno è libero, il messaggio diventa un ticket e ti rispondiamo qui.",
    first_words: "Come possiamo aiutarti?",
    start: "Avvia la chat",
    chat_now: "Chatta ora con un operatore",
    status_label: |status| match status {
        ChatStatus::Waiting => "Chat dal vivo: in attesa della risposta dell'operatore",
        ChatStatus::Active => "Chat dal vivo",
        ChatStatus::Ended => "Chat terminata",
    },
    ending_label: |ending| match ending {
        ChatEnding::Customer => "Terminata dal cliente.",
        ChatEnding::Desk => "Terminata dall'operatore.",
        ChatEnding::NoAgent => "Nessun operatore era libero: il ticket riceve risposta qui appena possibile.",
        ChatEnding::Idle => "Terminata dopo mezz'ora senza messaggi: il ticket prosegue qui.",
    },
    with_agent: |name| format!("con {name}"),
    typing_agent: "L'operatore sta scrivendo…",
    typing_customer: "Il cliente sta scrivendo…",
    seen: "Letto",
    delivered: "Consegnato",
    end: "Termina la chat",
    live_title: "Chat dal vivo",
    none_live: "Nessuna chat in corso.",
    unread: "Nuovo messaggio",
    nobody_yet: "ancora nessuno",
    texts: "SMS",
    text_status: |status| match status {
        SmsStatus::Received => "Ricevuto",
        SmsStatus::Unmatched => "Mittente sconosciuto",
        SmsStatus::Queued => "In attesa di invio",
        SmsStatus::Sent => "Inviato",
        SmsStatus::Delivered => "Consegnato",
        SmsStatus::Failed => "Non inviato",
        SmsStatus::Refused => "Non inviato: non consentito",
        SmsStatus::Interrupted => "Interrotto: verificare prima di reinviare",
    },
};

impl super::Texts {
    /// The chat texts in this language, loaded with the service screens.
    pub fn chat(&self) -> &'static Texts {
        match self.locale {
            super::Locale::En => &EN,
            super::Locale::It => &IT,
        }
    }
}
