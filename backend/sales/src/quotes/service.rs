//! Quote rules: prepare a DRAFT from an opportunity and a price book, change it while it is a
//! draft, send it (it no longer changes), revise it (a new version, the old one superseded),
//! and let the customer accept it (placing the order and winning the deal, in one
//! transaction) or reject it. A SENT quote past its validity date is EXPIRED.

use super::discounts;
use super::domain::{QuoteStatus, QuoteStatusRules};
use super::entity::{quote, quote_line};
use super::inputs::{CreateQuoteInput, QuoteActionInput, QuoteLineInput, ReturnQuoteInput, UpdateQuoteInput};
use super::lines::{price_from_book, PricedLine};
use super::pricing::{self, Priced};
use super::repo;
use crate::access::{discount_approve, opportunity_edit, quote_decide, quote_edit, OpportunityScope, QuoteScope};
use crate::catalog::repo as catalog;
use crate::orders::entity::order;
use crate::orders::service::{place_in, NewOrder};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::db::insert_chunked;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::parse_id;
use crm_core::numbering::next_number;
use crm_core::principal::Caller;
use crm_core::values::{from_scaled, optional_text, to_scaled};
use crm_core::versioned::{self, Change, WriteRight};
use crm_core::visible::Visible;
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, TransactionTrait};
use uuid::Uuid;

fn subject(quote: &quote::Model) -> Subject {
    Subject::Quote { id: quote.id, customer_id: quote.customer_id }
}

fn status_name(status: QuoteStatus) -> String {
    status.as_api().to_owned()
}

fn wrong_status(status: QuoteStatus) -> AppError {
    AppError::invalid("id", InputReason::WrongStatus { status: status_name(status) })
}

fn valid_until(date: NaiveDate, today: NaiveDate) -> AppResult<NaiveDate> {
    if date < today {
        return Err(AppError::invalid("validUntil", InputReason::NotInFuture.with_message("the offer must hold until today or later")));
    }
    if (date - today).num_days() > 366 {
        return Err(AppError::invalid(
            "validUntil",
            InputReason::OutOfRange { min: 0, max: 366 }.with_message("an offer holds at most a year"),
        ));
    }
    Ok(date)
}

fn line_rows(quote_id: Uuid, lines: &[PricedLine], at: DateTime<Utc>) -> Vec<quote_line::ActiveModel> {
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            quote_line::Model {
                id: new_id_at(at),
                quote_id,
                position: i as i32,
                product_id: l.product_id,
                sku: l.sku.clone(),
                name: l.name.clone(),
                unit: l.unit,
                quantity: to_scaled(l.quantity),
                list_price: to_scaled(l.list_price),
                discount_percent: to_scaled(l.discount_percent),
                net: to_scaled(l.net),
            }
            .into_active_model()
            .reset_all()
        })
        .collect()
}

fn set_totals(quote: &mut quote::Model, tax_percent: Decimal, priced: &Priced) {
    quote.tax_percent = to_scaled(tax_percent);
    quote.list_total = to_scaled(priced.list_total);
    quote.subtotal = to_scaled(priced.subtotal);
    quote.tax_amount = to_scaled(priced.tax_amount);
    quote.total = to_scaled(priced.total);
}

pub async fn create_quote(ctx: &AppContext, caller: &Caller, input: CreateQuoteInput) -> AppResult<Visible<quote::Model>> {
    let scope = OpportunityScope::of(&caller.principal)?;
    let now = ctx.clock.now();
    let valid = valid_until(input.valid_until, now.date_naive())?;
    let tax_percent = pricing::percent(input.tax_percent.unwrap_or_default(), "taxPercent")?;
    let terms = optional_text(input.terms.as_deref(), 4000).map_err(|why| AppError::invalid("terms", why))?;
    let txn = ctx.db.write.begin().await?;
    let opportunity_id = parse_id(&input.opportunity_id, "opportunityId")?;
    let opportunity = crate::pipeline::repo::find_opportunity(&txn, &scope, opportunity_id)
        .await?
        .ok_or_else(|| AppError::invalid("opportunityId", InputReason::UnknownReference.with_message("no such opportunity")))?;
    let right = opportunity_edit(&caller.principal, &opportunity)?;
    let book = match &input.price_book_id {
        Some(raw) => catalog::active_price_book(&txn, parse_id(raw, "priceBookId")?).await?,
        None => catalog::default_price_book(&txn, &opportunity.currency).await?,
    }
    .ok_or_else(|| AppError::invalid("priceBookId", InputReason::UnknownReference.with_message("no such active price book")))?;
    let (lines, priced) = price_from_book(&txn, &book, &input.lines, tax_percent).await?;
    let mut model = quote::Model {
        id: new_id_at(now),
        number: next_number(&txn, "Q", now.year()).await?,
        revision: 1,
        previous_id: None,
        opportunity_id: opportunity.id,
        customer_id: opportunity.customer_id,
        owner_id: opportunity.owner_id,
        partner_id: opportunity.partner_id,
        price_book_id: book.id,
        currency: book.currency.clone(),
        status: QuoteStatus::Draft,
        valid_until: valid,
        terms,
        tax_percent: 0,
        list_total: 0,
        subtotal: 0,
        tax_amount: 0,
        total: 0,
        sent_at: None,
        decided_at: None,
        decided_by: None,
        discount_approved_by: None,
        discount_approved_at: None,
        approval_note: None,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    set_totals(&mut model, tax_percent, &priced);
    let created = model.into_active_model().reset_all().insert(&txn).await?;
    insert_chunked::<quote_line::Entity, _>(&txn, line_rows(created.id, &lines, now)).await?;
    let mut diff = Diff::new();
    diff.created("number", &created.number)
        .created("opportunityId", &created.opportunity_id)
        .created("priceBookId", &created.price_book_id)
        .created("currency", &created.currency)
        .created("validUntil", &created.valid_until)
        .created("lines", &lines.len())
        .created("total", &from_scaled(created.total));
    audit::record(&txn, caller, now, AuditAction::Create, subject(&created), diff).await?;
    txn.commit().await?;
    Ok(Visible::created(created, &right))
}

/// Reads the visible quote. Its version is checked after the caller's right to change it, so
/// a caller who may not is told FORBIDDEN, not CONFLICT.
async fn visible(txn: &impl ConnectionTrait, caller: &Caller, raw: &async_graphql::ID) -> AppResult<quote::Model> {
    let scope = QuoteScope::of(&caller.principal)?;
    repo::find_quote(txn, &scope, parse_id(raw, "id")?).await?.map(Visible::into_inner).ok_or(AppError::NotFound("quote"))
}

pub async fn update_quote(ctx: &AppContext, caller: &Caller, input: UpdateQuoteInput) -> AppResult<Visible<quote::Model>> {
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = visible(&txn, caller, &input.id).await?;
    let right = quote_edit(&caller.principal, &current)?;
    let current = versioned::at_version::<quote::Entity>(current, input.version)?;
    if current.status != QuoteStatus::Draft {
        return Err(wrong_status(current.status));
    }
    let mut next = current.clone();
    if let Some(date) = input.valid_until {
        next.valid_until = valid_until(date, now.date_naive())?;
    }
    if let Some(terms) = &input.terms {
        next.terms = optional_text(Some(terms), 4000).map_err(|why| AppError::invalid("terms", why))?;
    }
    let tax_percent = match input.tax_percent {
        Some(t) => pricing::percent(t, "taxPercent")?,
        None => from_scaled(current.tax_percent),
    };
    let new_lines = match &input.lines {
        Some(lines) => Some(lines.clone()),
        None if input.tax_percent.is_some() => Some(lines_as_inputs(&repo::lines_of(&txn, &[current.id]).await?)),
        None => None,
    };
    if let Some(lines) = &new_lines {
        let book = catalog::price_book_by_id(&txn, current.price_book_id).await?.ok_or(AppError::NotFound("price book"))?;
        let (priced_lines, priced) = price_from_book(&txn, &book, lines, tax_percent).await?;
        set_totals(&mut next, tax_percent, &priced);
        quote_line::Entity::delete_many().filter(quote_line::Column::QuoteId.eq(current.id)).exec(&txn).await?;
        insert_chunked::<quote_line::Entity, _>(&txn, line_rows(current.id, &priced_lines, now)).await?;
    }
    let mut diff = Diff::new();
    diff.field("validUntil", &current.valid_until, &next.valid_until)
        .field("terms", &current.terms, &next.terms)
        .field("taxPercent", &from_scaled(current.tax_percent), &from_scaled(next.tax_percent))
        .field("total", &from_scaled(current.total), &from_scaled(next.total));
    if new_lines.is_some() {
        diff.field("lines", &"previous", &"replaced");
    }
    let saved =
        versioned::save::<quote::Entity>(&txn, &right, caller, now, AuditAction::Update, Change { current: &current, next, diff }).await?;
    txn.commit().await?;
    Visible::written(saved, &right)
}

fn lines_as_inputs(lines: &[quote_line::Model]) -> Vec<QuoteLineInput> {
    lines
        .iter()
        .map(|l| QuoteLineInput {
            product_id: l.product_id.to_string().into(),
            quantity: from_scaled(l.quantity),
            discount_percent: Some(from_scaled(l.discount_percent)),
        })
        .collect()
}

/// The quote moved from one status to the next, in an open transaction: what `check` (the
/// rights and status check, returning the right it checked) allowed and `apply` did.
struct Transition<R> {
    txn: sea_orm::DatabaseTransaction,
    current: quote::Model,
    saved: quote::Model,
    now: DateTime<Utc>,
    right: R,
}

impl<R: WriteRight<quote::Entity>> Transition<R> {
    /// Records the status change, and any `more` fields, as the quote's audit entry, commits,
    /// and returns the quote as saved.
    async fn finish(self, caller: &Caller, more: impl FnOnce(&mut Diff, &quote::Model, &quote::Model)) -> AppResult<Visible<quote::Model>> {
        let Transition { txn, current, saved, now, right } = self;
        let mut diff = Diff::new();
        diff.field("status", &current.status, &saved.status);
        more(&mut diff, &current, &saved);
        audit::record(&txn, caller, now, AuditAction::Update, subject(&saved), diff).await?;
        crate::timeline::quote_changed(&txn, &caller.principal, &current, &saved, now).await?;
        txn.commit().await?;
        Visible::written(saved, &right)
    }
}

async fn transition<R: WriteRight<quote::Entity>>(
    ctx: &AppContext,
    caller: &Caller,
    input: &QuoteActionInput,
    check: impl FnOnce(&quote::Model, QuoteStatus) -> AppResult<R>,
    apply: impl FnOnce(&mut quote::Model, DateTime<Utc>),
) -> AppResult<Transition<R>> {
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = visible(&txn, caller, &input.id).await?;
    let right = check(&current, current.status.as_of(current.valid_until, now.date_naive()))?;
    let current = versioned::at_version::<quote::Entity>(current, input.version)?;
    let mut next = current.clone();
    apply(&mut next, now);
    let saved = versioned::write::<quote::Entity>(&txn, &right, &current, next, now).await?;
    Ok(Transition { txn, current, saved, now, right })
}

/// DRAFT → SENT: from now on the quote does not change. A line discount above the seller's
/// limit makes it PENDING_APPROVAL instead, until a sales manager decides.
pub async fn send_quote(ctx: &AppContext, caller: &Caller, input: QuoteActionInput) -> AppResult<Visible<quote::Model>> {
    let today = ctx.clock.now().date_naive();
    // Lines change only in a draft, under its version: the send below fails with CONFLICT if
    // they changed since they were read here.
    let quote_id = parse_id(&input.id, "id")?;
    let over_limit = match discounts::limit_for(&ctx.db.read, &caller.principal).await? {
        Some(limit) => discounts::max_discount(&ctx.db.read, quote_id).await? > limit,
        None => false,
    };
    transition(
        ctx,
        caller,
        &input,
        |q, status| {
            let right = quote_edit(&caller.principal, q)?;
            if status != QuoteStatus::Draft {
                return Err(wrong_status(status));
            }
            valid_until(q.valid_until, today).map(|_| right)
        },
        |q, now| {
            if over_limit {
                q.status = QuoteStatus::PendingApproval;
            } else {
                q.status = QuoteStatus::Sent;
                q.sent_at = Some(now);
            }
            q.approval_note = None;
        },
    )
    .await?
    .finish(caller, |_, _, _| {})
    .await
}

/// PENDING_APPROVAL → SENT: a sales manager lets the discount go to the customer.
pub async fn approve_discount(ctx: &AppContext, caller: &Caller, input: QuoteActionInput) -> AppResult<Visible<quote::Model>> {
    let today = ctx.clock.now().date_naive();
    let label = caller.principal.label();
    transition(
        ctx,
        caller,
        &input,
        |q, status| {
            let right = discount_approve(&caller.principal, q)?;
            if status != QuoteStatus::PendingApproval {
                return Err(wrong_status(status));
            }
            valid_until(q.valid_until, today).map(|_| right)
        },
        |q, now| {
            q.status = QuoteStatus::Sent;
            q.sent_at = Some(now);
            q.discount_approved_by = Some(label);
            q.discount_approved_at = Some(now);
        },
    )
    .await?
    .finish(caller, |diff, current, saved| {
        diff.field("discountApprovedBy", &current.discount_approved_by, &saved.discount_approved_by);
    })
    .await
}

/// PENDING_APPROVAL → DRAFT: a sales manager returns the quote to its seller with a note.
pub async fn return_for_discount(ctx: &AppContext, caller: &Caller, input: ReturnQuoteInput) -> AppResult<Visible<quote::Model>> {
    let note = crm_core::values::required_text(&input.note, 2000).map_err(|why| AppError::invalid("note", why))?;
    let action = QuoteActionInput { id: input.id.clone(), version: input.version };
    transition(
        ctx,
        caller,
        &action,
        |q, status| {
            let right = discount_approve(&caller.principal, q)?;
            if status != QuoteStatus::PendingApproval {
                return Err(wrong_status(status));
            }
            Ok(right)
        },
        |q, _| {
            q.status = QuoteStatus::Draft;
            q.approval_note = Some(note);
        },
    )
    .await?
    .finish(caller, |diff, current, saved| {
        diff.field("approvalNote", &current.approval_note, &saved.approval_note);
    })
    .await
}

/// The customer declines a sent quote.
pub async fn reject_quote(ctx: &AppContext, caller: &Caller, input: QuoteActionInput) -> AppResult<Visible<quote::Model>> {
    let label = caller.principal.label();
    transition(
        ctx,
        caller,
        &input,
        |q, status| {
            let decision = quote_decide(&caller.principal, q)?;
            if status != QuoteStatus::Sent {
                return Err(wrong_status(status));
            }
            Ok(decision)
        },
        |q, now| {
            q.status = QuoteStatus::Rejected;
            q.decided_at = Some(now);
            q.decided_by = Some(label);
        },
    )
    .await?
    .finish(caller, |_, _, _| {})
    .await
}

/// The customer accepts a sent, unexpired quote: in one transaction the quote is ACCEPTED,
/// the order is placed (credit-checked, queued for the ERP) and the opportunity is won.
pub async fn accept_quote(
    ctx: &AppContext,
    caller: &Caller,
    input: QuoteActionInput,
) -> AppResult<(Visible<quote::Model>, Visible<order::Model>)> {
    let label = caller.principal.label();
    let Transition { txn, current, saved, now, right: decision } = transition(
        ctx,
        caller,
        &input,
        |q, status| {
            let decision = quote_decide(&caller.principal, q)?;
            if status != QuoteStatus::Sent {
                return Err(wrong_status(status));
            }
            Ok(decision)
        },
        |q, now| {
            q.status = QuoteStatus::Accepted;
            q.decided_at = Some(now);
            q.decided_by = Some(label.clone());
        },
    )
    .await?;
    let customer = crm_customers::repo::customer_unscoped(&txn, saved.customer_id).await?.ok_or(AppError::NotFound("customer"))?;
    let lines = repo::lines_of(&txn, &[saved.id]).await?;
    let figures: Vec<PricedLine> = lines
        .iter()
        .map(|l| PricedLine {
            product_id: l.product_id,
            sku: l.sku.clone(),
            name: l.name.clone(),
            unit: l.unit,
            quantity: from_scaled(l.quantity),
            list_price: from_scaled(l.list_price),
            discount_percent: from_scaled(l.discount_percent),
            net: from_scaled(l.net),
        })
        .collect();
    let priced = Priced {
        nets: figures.iter().map(|l| l.net).collect(),
        list_total: from_scaled(saved.list_total),
        subtotal: from_scaled(saved.subtotal),
        tax_amount: from_scaled(saved.tax_amount),
        total: from_scaled(saved.total),
    };
    // The order is the system's doing on the customer's word; the audit entry says who.
    let new = NewOrder {
        customer,
        quote_id: Some(saved.id),
        opportunity_id: Some(saved.opportunity_id),
        owner_id: saved.owner_id,
        partner_id: saved.partner_id,
        currency: saved.currency.clone(),
        tax_percent: from_scaled(saved.tax_percent),
        lines: figures,
        priced,
    };
    let order = place_in(&txn, caller, new, now).await?;
    crate::pipeline::service::win_by_acceptance_in(&txn, &decision, saved.opportunity_id, &label, now).await?;
    let mut diff = Diff::new();
    diff.field("status", &current.status, &saved.status).created("orderId", &order.id);
    audit::record(&txn, caller, now, AuditAction::Update, subject(&saved), diff).await?;
    crate::timeline::quote_changed(&txn, &caller.principal, &current, &saved, now).await?;
    txn.commit().await?;
    Ok((Visible::written(saved, &decision)?, Visible::created(order, &decision)))
}

/// A new DRAFT version of a sent, rejected or expired quote, with the same number, lines and
/// terms (prices are taken again from the book); a still-SENT original is SUPERSEDED.
pub async fn revise_quote(ctx: &AppContext, caller: &Caller, input: QuoteActionInput) -> AppResult<Visible<quote::Model>> {
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = visible(&txn, caller, &input.id).await?;
    let right = quote_edit(&caller.principal, &current)?;
    let current = versioned::at_version::<quote::Entity>(current, input.version)?;
    let status = current.status.as_of(current.valid_until, now.date_naive());
    if !matches!(status, QuoteStatus::Sent | QuoteStatus::Rejected | QuoteStatus::Expired) {
        return Err(wrong_status(status));
    }
    if repo::later_revision(&txn, &current.number, current.revision).await?.is_some() {
        return Err(wrong_status(QuoteStatus::Superseded));
    }
    let book = catalog::price_book_by_id(&txn, current.price_book_id).await?.ok_or(AppError::NotFound("price book"))?;
    let tax_percent = from_scaled(current.tax_percent);
    let (lines, priced) = price_from_book(&txn, &book, &lines_as_inputs(&repo::lines_of(&txn, &[current.id]).await?), tax_percent).await?;
    if current.status == QuoteStatus::Sent {
        let mut old = current.clone();
        old.status = QuoteStatus::Superseded;
        versioned::write::<quote::Entity>(&txn, &right, &current, old, now).await?;
    }
    let mut model = quote::Model {
        id: new_id_at(now),
        revision: current.revision + 1,
        previous_id: Some(current.id),
        status: QuoteStatus::Draft,
        valid_until: current.valid_until.max(now.date_naive()),
        sent_at: None,
        decided_at: None,
        decided_by: None,
        discount_approved_by: None,
        discount_approved_at: None,
        approval_note: None,
        created_at: now,
        updated_at: now,
        version: 1,
        ..current.clone()
    };
    set_totals(&mut model, tax_percent, &priced);
    let created = model.into_active_model().reset_all().insert(&txn).await?;
    insert_chunked::<quote_line::Entity, _>(&txn, line_rows(created.id, &lines, now)).await?;
    let mut diff = Diff::new();
    diff.created("number", &created.number).created("revision", &created.revision).created("previousId", &created.previous_id);
    audit::record(&txn, caller, now, AuditAction::Create, subject(&created), diff).await?;
    txn.commit().await?;
    Ok(Visible::created(created, &right))
}
