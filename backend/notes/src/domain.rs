//! The notes' enums, declared in the contract shared with the app.

pub use crm_contract::notes::NoteSubject;
