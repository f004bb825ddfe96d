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

api_enum! {
    /// The lists of the app whose filters, search and sort a saved view keeps.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
    pub enum ViewList {
        /// Customers.
        Customers = "CUSTOMERS",
        /// Opportunities.
        Opportunities = "OPPORTUNITIES",
        /// Leads.
        Leads = "LEADS",
        /// Orders.
        Orders = "ORDERS",
        /// Products of the catalog.
        Products = "PRODUCTS",
        /// Price books.
        PriceBooks = "PRICE_BOOKS",
        /// User accounts.
        Users = "USERS",
        /// Partner organisations.
        Partners = "PARTNERS",
        /// API keys.
        ApiKeys = "API_KEYS",
        /// Sales teams.
        Teams = "TEAMS",
        /// Deliveries to the ERP.
        ErpDeliveries = "ERP_DELIVERIES",
        /// Service tickets.
        Tickets = "TICKETS",
    }
}
