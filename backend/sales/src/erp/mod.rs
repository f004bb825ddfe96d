//! The hand-off of orders to the ERP, through a transactional outbox.
//!
//! Placing an order writes the order and an `order.placed` event in one transaction
//! (`outbox::enqueue`), so an order is never committed without its event or vice versa. A
//! background worker (`worker`) delivers due events to `CRM_ERP_WEBHOOK_URL` as signed JSON
//! webhooks (`webhook`), retrying with exponential backoff and jitter, and logs every
//! attempt. Delivery is at least once — a crash after the ERP answered but before the CRM
//! recorded it sends the event again — so every delivery carries the event's id as its
//! idempotency key, which the ERP uses to process each order once. Admins see failed
//! deliveries and replay them; the ERP reports status changes back with `reportOrderStatus`.

pub mod deliveries;
pub mod entity;
pub mod outbox;
pub mod webhook;
pub mod worker;
