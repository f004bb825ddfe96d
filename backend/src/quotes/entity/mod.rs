//! Tables of quotes.
pub mod quote;
pub mod quote_line;
