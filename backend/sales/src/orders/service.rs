//! Order rules: place an order from an accepted quote (`place_from_quote_in`) or directly,
//! check it against the customer's credit, release or cancel a held one, mark it sent when
//! the ERP has it, and move it by the status the ERP reports. Placing writes the ERP's
//! outbox event in the same transaction.

use super::credit;
use super::domain::{OrderStatus, OrderStatusRules};
use super::entity::{order, order_line};
use super::inputs::{CreateOrderInput, OrderActionInput, ReportOrderStatusInput};
use super::repo;
use crate::access::{order_create, order_edit, CreditRelease, OrderScope, OrderStatusReport};
use crate::catalog::repo as catalog;
use crate::erp::outbox::{self, ORDER_PLACED};
use crate::quotes::lines::{price_from_book, PricedLine};
use crate::quotes::pricing::{self, Priced};
use chrono::{DateTime, Datelike, Utc};
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::db::insert_chunked;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::parse_id;
use crm_core::numbering::next_number;
use crm_core::principal::Caller;
use crm_core::values::{from_scaled, optional_text, to_scaled};
use crm_core::versioned::{self, WriteRight};
use crm_core::visible::Visible;
use crm_customers::access::CustomerScope;
use crm_customers::entity::customer;
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, ConnectionTrait, IntoActiveModel, TransactionTrait};
use serde_json::json;
use uuid::Uuid;

/// What an order is made of, however it was made.
pub struct NewOrder {
    pub customer: customer::Model,
    pub quote_id: Option<Uuid>,
    pub opportunity_id: Option<Uuid>,
    pub owner_id: Option<Uuid>,
    pub partner_id: Option<Uuid>,
    pub currency: String,
    pub tax_percent: Decimal,
    pub lines: Vec<PricedLine>,
    pub priced: Priced,
}

fn subject(order: &order::Model) -> Subject {
    Subject::Order { id: order.id, customer_id: order.customer_id }
}

/// Writes an order in `txn`: credit check (CREDIT_HOLD or PLACED), lines, audit entry, and —
/// when placed — the ERP outbox event.
pub async fn place_in(txn: &impl ConnectionTrait, caller: &Caller, new: NewOrder, now: DateTime<Utc>) -> AppResult<order::Model> {
    let position = credit::exposure(txn, &new.customer).await?;
    let hold_reason = credit::hold_reason(position.as_ref(), &new.currency, new.priced.total);
    let model = order::Model {
        id: new_id_at(now),
        number: next_number(txn, "O", now.year()).await?,
        customer_id: new.customer.id,
        quote_id: new.quote_id,
        opportunity_id: new.opportunity_id,
        owner_id: new.owner_id,
        partner_id: new.partner_id,
        currency: new.currency,
        status: if hold_reason.is_some() { OrderStatus::CreditHold } else { OrderStatus::Placed },
        tax_percent: to_scaled(new.tax_percent),
        list_total: to_scaled(new.priced.list_total),
        subtotal: to_scaled(new.priced.subtotal),
        tax_amount: to_scaled(new.priced.tax_amount),
        total: to_scaled(new.priced.total),
        hold_reason,
        released_by: None,
        released_by_id: None,
        release_note: None,
        erp_reference: None,
        cancel_reason: None,
        status_changed_at: now,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let created = model.into_active_model().reset_all().insert(txn).await?;
    let lines: Vec<order_line::Model> = new
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| order_line::Model {
            id: new_id_at(now),
            order_id: created.id,
            position: i as i32,
            product_id: l.product_id,
            sku: l.sku.clone(),
            name: l.name.clone(),
            unit: l.unit,
            quantity: to_scaled(l.quantity),
            list_price: to_scaled(l.list_price),
            discount_percent: to_scaled(l.discount_percent),
            net: to_scaled(l.net),
        })
        .collect();
    insert_chunked::<order_line::Entity, _>(txn, lines.iter().cloned().map(|l| l.into_active_model().reset_all()).collect()).await?;
    let mut diff = Diff::new();
    diff.created("number", &created.number)
        .created("customerId", &created.customer_id)
        .created("quoteId", &created.quote_id)
        .created("status", &created.status)
        .created("currency", &created.currency)
        .created("total", &from_scaled(created.total))
        .created("holdReason", &created.hold_reason);
    audit::record(txn, caller, now, AuditAction::Create, subject(&created), diff).await?;
    crate::timeline::order_placed(txn, &caller.principal, &created).await?;
    if created.status == OrderStatus::Placed {
        enqueue(txn, &created, &new.customer, &lines, now).await?;
    }
    Ok(created)
}

/// The ERP's copy of the order (the webhook body).
async fn enqueue(
    txn: &impl ConnectionTrait,
    order: &order::Model,
    customer: &customer::Model,
    lines: &[order_line::Model],
    now: DateTime<Utc>,
) -> AppResult<()> {
    let payload = json!({
        "event": ORDER_PLACED,
        "occurredAt": now,
        "order": {
            "id": order.id,
            "number": order.number,
            "customer": { "id": customer.id, "name": customer.name, "country": customer.country_code },
            "currency": order.currency,
            "lines": lines.iter().map(|l| json!({
                "sku": l.sku, "name": l.name, "unit": l.unit, "quantity": from_scaled(l.quantity).to_string(),
                "listPrice": from_scaled(l.list_price).to_string(), "discountPercent": from_scaled(l.discount_percent).to_string(),
                "net": from_scaled(l.net).to_string(),
            })).collect::<Vec<_>>(),
            "subtotal": from_scaled(order.subtotal).to_string(),
            "taxPercent": from_scaled(order.tax_percent).to_string(),
            "taxAmount": from_scaled(order.tax_amount).to_string(),
            "total": from_scaled(order.total).to_string(),
        },
    });
    outbox::enqueue(txn, ORDER_PLACED, order.id, &payload, now).await?;
    Ok(())
}

/// Enters an order without a quote, priced from a price book.
pub async fn create_order(ctx: &AppContext, caller: &Caller, input: CreateOrderInput) -> AppResult<Visible<order::Model>> {
    let right = order_create(&caller.principal)?;
    let scope = CustomerScope::of(&caller.principal)?;
    let now = ctx.clock.now();
    let tax_percent = pricing::percent(input.tax_percent.unwrap_or_default(), "taxPercent")?;
    let txn = ctx.db.write.begin().await?;
    let customer_id = parse_id(&input.customer_id, "customerId")?;
    let customer = crm_customers::repo::find_customer(&txn, &scope, customer_id)
        .await?
        .filter(|c| c.archived_at.is_none())
        .ok_or_else(|| AppError::invalid("customerId", InputReason::UnknownReference.with_message("no such customer")))?;
    let book = match &input.price_book_id {
        Some(raw) => {
            let id = parse_id(raw, "priceBookId")?;
            catalog::active_price_book(&txn, id).await?
        }
        None => {
            let currency = crm_core::values::Money::parse(Decimal::ZERO, input.currency.as_deref().unwrap_or("EUR"))
                .map_err(|why| AppError::invalid("currency", why))?;
            catalog::default_price_book(&txn, currency.currency_code()).await?
        }
    }
    .ok_or_else(|| AppError::invalid("priceBookId", InputReason::UnknownReference.with_message("no such active price book")))?;
    let (lines, priced) = price_from_book(&txn, &book, &input.lines, tax_percent).await?;
    let new = NewOrder {
        owner_id: caller.principal.user_id().filter(|_| caller.principal.role().is_some()).or(customer.owner_id),
        partner_id: customer.partner_id,
        customer: customer.into_inner(),
        quote_id: None,
        opportunity_id: None,
        currency: book.currency.clone(),
        tax_percent,
        lines,
        priced,
    };
    let created = place_in(&txn, caller, new, now).await?;
    txn.commit().await?;
    Ok(Visible::created(created, &right))
}

async fn at_version(txn: &impl ConnectionTrait, scope: &OrderScope, raw: &async_graphql::ID, version: i32) -> AppResult<order::Model> {
    let id = parse_id(raw, "id")?;
    let current = repo::find_order(txn, scope, id).await?.ok_or(AppError::NotFound("order"))?;
    let current = versioned::at_version::<order::Entity>(current.into_inner(), version)?;
    Ok(current)
}

/// A versioned write of an order that also dates a status move.
async fn save(
    txn: &impl ConnectionTrait,
    right: &impl WriteRight<order::Entity>,
    current: &order::Model,
    mut next: order::Model,
    now: DateTime<Utc>,
) -> AppResult<order::Model> {
    if next.status != current.status {
        next.status_changed_at = now;
    }
    versioned::write::<order::Entity>(txn, right, current, next, now).await
}

fn wrong_status(field: &str, status: OrderStatus) -> AppError {
    AppError::invalid(field, InputReason::WrongStatus { status: format!("{status:?}").to_uppercase() })
}

/// Releases an order held for credit (managers): it is placed and queued for the ERP.
pub async fn release_hold(
    ctx: &AppContext,
    caller: &Caller,
    rights: &CreditRelease,
    input: OrderActionInput,
) -> AppResult<Visible<order::Model>> {
    let scope = OrderScope::of(&caller.principal)?;
    let note = optional_text(input.reason.as_deref(), 500).map_err(|why| AppError::invalid("reason", why))?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = at_version(&txn, &scope, &input.id, input.version).await?;
    if current.status != OrderStatus::CreditHold {
        return Err(wrong_status("id", current.status));
    }
    let mut next = current.clone();
    next.status = OrderStatus::Placed;
    next.released_by = Some(caller.principal.label());
    next.released_by_id = caller.principal.user_id();
    next.release_note = note;
    let mut diff = Diff::new();
    diff.field("status", &current.status, &next.status).field("releasedBy", &current.released_by, &next.released_by).field(
        "releaseNote",
        &current.release_note,
        &next.release_note,
    );
    let saved = save(&txn, rights, &current, next, now).await?;
    let customer = crm_customers::repo::customer_unscoped(&txn, saved.customer_id).await?.ok_or(AppError::NotFound("customer"))?;
    let lines = repo::lines_of(&txn, &[saved.id]).await?;
    enqueue(&txn, &saved, &customer, &lines, now).await?;
    audit::record(&txn, caller, now, AuditAction::Update, subject(&saved), diff).await?;
    txn.commit().await?;
    Visible::written(saved, rights)
}

/// Cancels an order held for credit (it never reached the ERP; after that, the ERP cancels).
pub async fn cancel(ctx: &AppContext, caller: &Caller, input: OrderActionInput) -> AppResult<Visible<order::Model>> {
    let scope = OrderScope::of(&caller.principal)?;
    let reason = optional_text(input.reason.as_deref(), 500)
        .map_err(|why| AppError::invalid("reason", why))?
        .ok_or_else(|| AppError::invalid("reason", InputReason::Required.with_message("say why the order is cancelled")))?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = at_version(&txn, &scope, &input.id, input.version).await?;
    let right = order_edit(&caller.principal, &current)?;
    if current.status != OrderStatus::CreditHold {
        return Err(wrong_status("id", current.status));
    }
    let mut next = current.clone();
    next.status = OrderStatus::Cancelled;
    next.cancel_reason = Some(reason);
    let mut diff = Diff::new();
    diff.field("status", &current.status, &next.status).field("cancelReason", &current.cancel_reason, &next.cancel_reason);
    let saved = save(&txn, &right, &current, next, now).await?;
    audit::record(&txn, caller, now, AuditAction::Update, subject(&saved), diff).await?;
    txn.commit().await?;
    Visible::written(saved, &right)
}

/// Marks a delivered order SENT_TO_ERP (the outbox worker, in its recording transaction).
/// An order the ERP already moved further keeps its status.
pub async fn mark_sent_in(
    txn: &impl ConnectionTrait,
    report: &OrderStatusReport,
    caller: &Caller,
    order_id: Uuid,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let Some(current) = repo::order_unscoped(txn, order_id).await? else { return Ok(()) };
    if current.status != OrderStatus::Placed {
        return Ok(());
    }
    let mut next = current.clone();
    next.status = OrderStatus::SentToErp;
    let mut diff = Diff::new();
    diff.field("status", &current.status, &next.status);
    let saved = save(txn, report, &current, next, now).await?;
    audit::record(txn, caller, now, AuditAction::Update, subject(&saved), diff).await
}

/// The ERP reports where an order is (forward only; repeating a status changes nothing).
pub async fn report_status(
    ctx: &AppContext,
    caller: &Caller,
    rights: &OrderStatusReport,
    input: ReportOrderStatusInput,
) -> AppResult<Visible<order::Model>> {
    let scope = OrderScope::of(&caller.principal)?;
    let erp_reference = optional_text(input.erp_reference.as_deref(), 100).map_err(|why| AppError::invalid("erpReference", why))?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = match (&input.id, &input.number) {
        (Some(raw), None) => repo::find_order(&txn, &scope, parse_id(raw, "id")?).await?,
        (None, Some(number)) => repo::find_by_number(&txn, &scope, number).await?,
        (Some(_), Some(_)) => return Err(AppError::invalid("number", InputReason::MutuallyExclusive { with: "id".into() })),
        (None, None) => return Err(AppError::invalid("id", InputReason::Required.with_message("name the order by id or number"))),
    }
    .map(Visible::into_inner)
    .ok_or(AppError::NotFound("order"))?;
    if !current.status.erp_may_move_to(input.status) {
        return Err(wrong_status("status", current.status));
    }
    let mut next = current.clone();
    next.status = input.status;
    if erp_reference.is_some() {
        next.erp_reference = erp_reference;
    }
    let mut diff = Diff::new();
    diff.field("status", &current.status, &next.status).field("erpReference", &current.erp_reference, &next.erp_reference);
    if diff.is_empty() {
        return Visible::written(current, rights);
    }
    let saved = save(&txn, rights, &current, next, now).await?;
    audit::record(&txn, caller, now, AuditAction::Update, subject(&saved), diff).await?;
    if saved.status != current.status {
        crate::timeline::order_progressed(&txn, &saved, now).await?;
    }
    txn.commit().await?;
    Visible::written(saved, rights)
}
