//! Partner organisations (`crm_identity::domain` on the server; account kinds and staff roles
//! are in [`crate::principal`]).

#[cfg(feature = "server")]
use sea_orm::sea_query::StringLen;

api_enum! {
    /// How a partner organisation works with the company.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
    pub enum PartnerKind {
        /// Resells the company's products to its own customers.
        Reseller = "RESELLER",
        /// Distributes the company's products in a territory.
        Distributor = "DISTRIBUTOR",
    }
}
