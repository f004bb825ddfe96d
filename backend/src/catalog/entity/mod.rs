//! Tables of the catalog.
pub mod price_book;
pub mod price_book_entry;
pub mod product;
