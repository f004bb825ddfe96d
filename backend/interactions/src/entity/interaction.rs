use crate::domain::{InteractionChannel, InteractionDirection, InteractionKind};
use sea_orm::entity::prelude::*;

/// One contact between the company and a customer.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "interactions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub customer_id: Uuid,
    /// The customer's person it was with, if known.
    pub contact_id: Option<Uuid>,
    pub channel: InteractionChannel,
    pub direction: InteractionDirection,
    pub kind: InteractionKind,
    /// One line: what it was about (a ticket's or quote's number and title for the modules').
    pub subject: String,
    pub summary: Option<String>,
    /// How it ended: free text for what people log; an API value for the modules' (a quote's
    /// ACCEPTED, an order's SHIPPED).
    pub outcome: Option<String>,
    pub started_at: DateTimeUtc,
    pub ended_at: Option<DateTimeUtc>,
    /// Among the company's people only: hidden from customers, partners and API keys.
    pub internal: bool,
    /// The company's person in it.
    pub staff_user_id: Option<Uuid>,
    /// The partner organisation in it (its users logged it, or it sold the deal).
    pub partner_id: Option<Uuid>,
    /// Who logged it by hand; none when a module recorded it.
    pub logged_by_id: Option<Uuid>,
    pub ticket_id: Option<Uuid>,
    pub opportunity_id: Option<Uuid>,
    pub quote_id: Option<Uuid>,
    pub order_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
