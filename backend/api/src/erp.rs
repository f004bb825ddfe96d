//! The ERP hand-off in the API: each order's delivery with its attempts, the list of
//! deliveries for admins (failed ones first to look at), and their replay.

use crate::connection;
use crate::connection::page_cost;
use crate::loaders::OrderById;
use crate::payload;
use crate::request::loader;
use crate::{app, caller};
use async_graphql::{Context, InputObject, Object, Result, SimpleObject, ID};
use chrono::{DateTime, Utc};
use crm_core::access::require_admin;
use crm_core::filters::parse_id;
use crm_core::pagination::PageRequest;
use crm_core::visible::{Seen, Visible};
use crm_sales::erp::deliveries::{self, DeliveryState};
use crm_sales::erp::entity::{delivery, event};
use crm_sales::orders::entity::order;

/// The hand-off of one event (an order) to the ERP.
#[derive(Clone)]
pub struct ErpDelivery(Visible<event::Model>);

impl From<Visible<event::Model>> for ErpDelivery {
    fn from(row: Visible<event::Model>) -> Self {
        Self(row)
    }
}

/// The hand-off of one event (an order) to the ERP.
#[Object]
impl ErpDelivery {
    /// The event id, sent as the idempotency key.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// `order.placed`.
    async fn topic(&self) -> &str {
        &self.0.topic
    }
    /// The order's id.
    async fn order_id(&self) -> ID {
        ID(self.0.aggregate_id.to_string())
    }
    /// The order (when the caller may see it).
    async fn order(&self, ctx: &Context<'_>) -> Result<Option<crate::orders::Order>> {
        Ok(loader::<OrderById>(ctx)?.load_one(self.0.aggregate_id).await?.map(crate::orders::Order::from))
    }
    /// Where it stands.
    async fn state(&self) -> DeliveryState {
        deliveries::state_of(&self.0)
    }
    /// Attempts so far (since the last replay).
    async fn attempts(&self) -> i32 {
        self.0.attempts
    }
    /// When the next attempt is due (pending only).
    async fn next_attempt_at(&self) -> Option<DateTime<Utc>> {
        (self.0.delivered_at.is_none() && self.0.failed_at.is_none()).then_some(self.0.available_at)
    }
    /// Why the last attempt failed.
    async fn last_error(&self) -> Option<&str> {
        self.0.last_error.as_deref()
    }
    /// When the ERP accepted it.
    async fn delivered_at(&self) -> Option<DateTime<Utc>> {
        self.0.delivered_at
    }
    /// When it was written (with the order).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Every attempt, first to last.
    async fn log(&self, ctx: &Context<'_>) -> Result<Vec<DeliveryAttempt>> {
        let rows = loader::<AttemptsByDelivery>(ctx)?.load_one(self.0.key(|r| r.id)).await?.unwrap_or_default();
        Ok(rows.into_iter().map(|r| DeliveryAttempt::from(r.into_inner())).collect())
    }
}

/// One attempt to deliver an event.
#[derive(SimpleObject, Clone)]
pub struct DeliveryAttempt {
    /// 1 for the first attempt (numbering restarts after a replay).
    pub attempt: i32,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// How long it took.
    pub duration_ms: i64,
    /// The ERP's HTTP status, when it answered.
    pub status_code: Option<i32>,
    /// Why it failed.
    pub error: Option<String>,
}

impl From<delivery::Model> for DeliveryAttempt {
    fn from(d: delivery::Model) -> Self {
        Self { attempt: d.attempt, started_at: d.started_at, duration_ms: d.duration_ms, status_code: d.status_code, error: d.error }
    }
}

/// Typed filter of the deliveries list.
#[derive(InputObject, Debug, Clone, Default)]
pub struct ErpDeliveryFilter {
    /// Only this state.
    pub state: Option<DeliveryState>,
}

/// Input of replayErpDelivery.
#[derive(InputObject, Debug, Clone)]
pub struct ReplayErpDeliveryInput {
    /// The event (delivery) id.
    pub id: ID,
}

/// How the hand-off to the ERP is going: what an admin has to look at.
#[derive(SimpleObject, Clone)]
pub struct ErpHealth {
    /// Deliveries whose attempts ran out, waiting for a replay.
    pub failed: u64,
    /// Deliveries overdue by more than 15 minutes that no server is delivering: the ERP's
    /// URL (`CRM_ERP_WEBHOOK_URL`) is set on no running server, or its worker is stuck.
    pub stalled: u64,
    /// Since when the oldest stalled delivery has been due.
    pub stalled_since: Option<DateTime<Utc>>,
    /// When the ERP last accepted a delivery (none yet: null).
    pub last_delivered_at: Option<DateTime<Utc>>,
    /// Failed or stalled deliveries: orders are not reaching the ERP.
    pub needs_attention: bool,
}

impl From<deliveries::Health> for ErpHealth {
    fn from(health: deliveries::Health) -> Self {
        Self {
            needs_attention: health.needs_attention(),
            failed: health.failed,
            stalled: health.stalled,
            stalled_since: health.stalled_since,
            last_delivered_at: health.last_delivered_at,
        }
    }
}

connection!(ErpDeliveryConnection, ErpDeliveryEdge, ErpDelivery, event::Entity, "ERP deliveries");
payload!(ReplayErpDeliveryPayload, delivery, ErpDelivery, "Result of replayErpDelivery.");

#[derive(Default)]
pub struct ErpQuery;

#[Object]
impl ErpQuery {
    /// Deliveries to the ERP, newest first (admins).
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    async fn erp_deliveries(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<ErpDeliveryFilter>,
    ) -> Result<ErpDeliveryConnection> {
        let admin = require_admin(&caller(ctx)?.principal)?;
        let page = PageRequest::from_relay(first, after, last, before)?;
        let (page, all) = deliveries::list(&app(ctx)?.db, &admin, filter.unwrap_or_default().state, &page).await?;
        Ok(ErpDeliveryConnection::new(page, all, ErpDelivery))
    }

    /// Whether orders are reaching the ERP (admins): failed and stalled deliveries, and the
    /// last one the ERP accepted.
    async fn erp_health(&self, ctx: &Context<'_>) -> Result<ErpHealth> {
        let admin = require_admin(&caller(ctx)?.principal)?;
        let app = app(ctx)?;
        Ok(deliveries::health(&app.db, &admin, app.clock.now()).await?.into())
    }
}

#[derive(Default)]
pub struct ErpMutation;

#[Object]
impl ErpMutation {
    /// Puts a failed or waiting delivery back in line at once (admins). The ERP deduplicates
    /// by the idempotency key, so replaying a delivered event is refused.
    async fn replay_erp_delivery(&self, ctx: &Context<'_>, input: ReplayErpDeliveryInput) -> Result<ReplayErpDeliveryPayload> {
        let caller = caller(ctx)?;
        let admin = require_admin(&caller.principal)?;
        let replayed = deliveries::replay(app(ctx)?, caller, &admin, parse_id(&input.id, "id")?).await?;
        Ok(ReplayErpDeliveryPayload { delivery: ErpDelivery(replayed) })
    }
}

/// The newest delivery of visible orders.
pub struct DeliveryByOrder {
    pub db: crm_core::db::Db,
}

impl async_graphql::dataloader::Loader<Seen<order::Model>> for DeliveryByOrder {
    type Value = Visible<event::Model>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Seen<order::Model>]) -> Result<std::collections::HashMap<Seen<order::Model>, Self::Value>, Self::Error> {
        Ok(deliveries::latest_of_orders(&self.db.read, keys).await?)
    }
}

/// The attempts of visible deliveries, first to last.
pub struct AttemptsByDelivery {
    pub db: crm_core::db::Db,
}

impl async_graphql::dataloader::Loader<Seen<event::Model>> for AttemptsByDelivery {
    type Value = Vec<Visible<delivery::Model>>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[Seen<event::Model>]) -> Result<std::collections::HashMap<Seen<event::Model>, Self::Value>, Self::Error> {
        Ok(deliveries::attempts_of_seen(&self.db.read, keys).await?)
    }
}

crate::db_loader!(DeliveryByOrder, AttemptsByDelivery);
