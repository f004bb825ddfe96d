//! Tables of the catalog.
pub mod price_book;
pub mod price_book_entry;
pub mod product;

// How each mutable table is written (`crm_core::versioned`): its name in refusals and the
// audit subject of its changes.
use crm_core::audit::Subject;
crm_core::versioned!(product, "product", |row| Subject::Product(row.id));
crm_core::versioned!(price_book, "price book", |row| Subject::PriceBook(row.id));
