//! Tables of the customers domain.
pub mod contact;
pub mod contact_point;
pub mod customer;
pub mod customer_tag;
pub mod search_token;
