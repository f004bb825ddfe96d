//! Tables of the catalog.
pub mod price_book;
pub mod price_book_entry;
pub mod product;

// How each mutable table is written (`crate::versioned`): its name in refusals and the
// audit subject of its changes.
use crate::audit::Subject;
crate::versioned!(product, "product", |row| Subject::Product(row.id));
crate::versioned!(price_book, "price book", |row| Subject::PriceBook(row.id));
