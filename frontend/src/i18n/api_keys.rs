//! Names of the API keys' scopes, for the admins' API key screen. Reached as
//! `i18n.t().api_keys()`, out of the shell's table: they travel in the admin module's chunk.

use crate::api::types::ApiScope;

pub struct Texts {
    pub scope_label: fn(ApiScope) -> &'static str,
}

pub static EN: Texts = Texts {
    scope_label: |v| match v {
        ApiScope::CustomersRead => "Read customers",
        ApiScope::CustomersWrite => "Change customers",
        ApiScope::SalesRead => "Read sales",
        ApiScope::SalesWrite => "Change sales",
        ApiScope::OrdersStatus => "Report order status (ERP)",
        ApiScope::ServiceRead => "Read tickets",
        ApiScope::ServiceWrite => "Open tickets and write to them",
        ApiScope::TelephonyEvents => "Report calls (telephony)",
        ApiScope::InteractionsRead => "Read customers' timelines",
        ApiScope::InteractionsWrite => "Log interactions (timelines)",
        ApiScope::EmailInbound => "Deliver received emails",
        ApiScope::SmsEvents => "Deliver received texts and delivery reports",
        ApiScope::Import => "Upload files and run imports",
    },
};

pub static IT: Texts = Texts {
    scope_label: |v| match v {
        ApiScope::CustomersRead => "Lettura clienti",
        ApiScope::CustomersWrite => "Modifica clienti",
        ApiScope::SalesRead => "Lettura vendite",
        ApiScope::SalesWrite => "Modifica vendite",
        ApiScope::OrdersStatus => "Stato ordini (ERP)",
        ApiScope::ServiceRead => "Lettura ticket",
        ApiScope::ServiceWrite => "Apertura e messaggi dei ticket",
        ApiScope::TelephonyEvents => "Segnalazione chiamate (centralino)",
        ApiScope::InteractionsRead => "Lettura della cronologia dei clienti",
        ApiScope::InteractionsWrite => "Registrazione dei contatti (cronologia)",
        ApiScope::EmailInbound => "Consegna delle email ricevute",
        ApiScope::SmsEvents => "Consegna degli SMS ricevuti e delle conferme di recapito",
        ApiScope::Import => "Caricamento di file e importazioni",
    },
};

impl super::Texts {
    /// The scopes' names in this language, loaded with the admin screens.
    pub fn api_keys(&self) -> &'static Texts {
        match self.locale {
            super::Locale::En => &EN,
            super::Locale::It => &IT,
        }
    }
}
