//! The knowledge base: articles in Markdown written by the service desk, published as
//! numbered versions to the readers their visibility names (customers, partners, staff), in
//! English and Italian variants; found by a full-text search that stems and folds accents
//! the same way on SQLite and PostgreSQL; linked to tickets and drafted from them; voted on
//! by readers; and measured by the tickets its suggestions saved.

pub mod access;
pub mod analysis;
pub mod articles;
pub mod categories;
pub mod domain;
pub mod entity;
pub mod feedback;
pub mod inputs;
pub mod links;
pub mod search;
pub mod snippet;
