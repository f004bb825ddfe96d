//! A quote's page (`/quotes/:id`, and `/me/quotes/:id` in a customer's self-service area):
//! number, revision, status, lines and the server's totals, terms and validity; the actions
//! its status and the viewer allow (edit and send a draft, revise, accept or reject with a
//! confirmation), the order an acceptance placed, and the PDF (preview and download).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::client::{blob_url, fetch_document};
use crate::api::ops::quote_detail::{QuoteDetailQuote, Variables};
use crate::api::ops::{
    accept_quote, approve_quote_discount, reject_quote, return_quote_for_discount, revise_quote, send_quote, AcceptQuote,
    ApproveQuoteDiscount, OrderStatus, QuoteDetail, QuoteStatus, RejectQuote, ReturnQuoteForDiscount, ReviseQuote, SendQuote,
};
use crate::api::{call, ApiError};
use crate::app::use_viewer;
use crate::components::{loaded, ErrorBox};
use crate::format;
use crate::i18n::{tr, use_i18n};
use crate::pages::customers::contacts::FormErrors;
use crate::pages::pipeline::is_stale;
use crate::pages::quotes::QuoteStatusBadge;
use crate::recent::{self, RecordKind};

#[component]
pub fn QuotePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let customer_user = use_viewer().customer.is_some();
    let id = move || params.with(|params| params.get("id").unwrap_or_default());
    let quote = LocalResource::new(move || {
        let id = id();
        async move { call::<QuoteDetail>(Variables { id }).await.map(|data| data.quote) }
    });
    let reload = Callback::new(move |()| quote.refetch());
    // The order an acceptance placed, told above the reloaded quote.
    let placed = RwSignal::new(None::<(String, OrderStatus)>);
    view! {
        <div class="page quote-page">
            {customer_user
                .then(|| {
                    view! {
                        <p class="breadcrumb">
                            <A href="/me">{tr(|t| t.sales().back_to_my_area)}</A>
                        </p>
                    }
                })}
            {move || {
                placed
                    .get()
                    .map(|(number, status)| {
                        let text = if status == OrderStatus::CreditHold {
                            (i18n.t().sales().quote_accepted_held)(&number)
                        } else {
                            (i18n.t().sales().quote_accepted_placed)(&number)
                        };
                        view! { <p class="alert alert-success" role="status" id="quote-accepted">{text}</p> }
                    })
            }}
            {move || loaded(quote.get(), move |quote| view! { <Quote quote=quote reload=reload placed=placed /> }.into_any())}
        </div>
    }
}

#[component]
fn Quote(quote: QuoteDetailQuote, reload: Callback<()>, placed: RwSignal<Option<(String, OrderStatus)>>) -> impl IntoView {
    let i18n = use_i18n();
    recent::remember(&use_viewer(), RecordKind::Quote, format!("/quotes/{}", quote.id), quote.number.clone());
    let status = quote.status;
    let (number, revision) = (quote.number.clone(), quote.revision);
    let title = {
        let number = number.clone();
        move || (i18n.t().sales().quote_title)(&number)
    };
    let breadcrumb = quote.opportunity.clone().map(|opportunity| {
        view! {
            <p class="breadcrumb">
                <A href=format!("/opportunities/{}", opportunity.id)>{opportunity.name.clone()}</A>
            </p>
        }
    });
    view! {
        {breadcrumb}
        <article class="quote" aria-labelledby="quote-title" data-status=status.as_api()>
            <header class="page-header">
                <div>
                    <h1 id="quote-title">{title}</h1>
                    <p class="subtitle">
                        <span id="quote-revision">{move || (i18n.t().sales().quote_revision_label)(revision)}</span>
                        " "
                        <QuoteStatusBadge status=status id="quote-status" />
                    </p>
                </div>
                <QuoteActions quote=quote.clone() reload=reload placed=placed />
            </header>
            <DiscountApproval quote=quote.clone() reload=reload />
            <div class="sections">
                <QuoteFacts quote=quote.clone() />
                <QuoteLines quote=quote.clone() />
                <QuoteTotals quote=quote.clone() />
                <section class="card terms-section" aria-labelledby="terms-title">
                    <h2 id="terms-title">{tr(|t| t.sales().quote_terms)}</h2>
                    <p class="multiline" id="quote-terms">
                        {quote.terms.clone().unwrap_or_else(|| i18n.t().sales().quote_no_terms.to_owned())}
                    </p>
                </section>
                <PdfSection path=quote.pdf_url.clone() number=number />
            </div>
        </article>
    }
}

/// Where the quote stands with discount approval: waiting for a sales manager (who approves
/// it or returns it with a note, here), returned with the manager's note, or approved.
#[component]
fn DiscountApproval(quote: QuoteDetailQuote, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let returning = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    let (id, version) = (quote.id.clone(), quote.version);
    let finish = move |result: Result<(), ApiError>| {
        busy.set(false);
        match result {
            Ok(()) => reload.run(()),
            Err(err) => error.set(Some(err)),
        }
    };
    let approve = {
        let id = id.clone();
        move |_| {
            busy.set(true);
            error.set(None);
            let input = approve_quote_discount::QuoteActionInput { id: id.clone(), version };
            leptos::task::spawn_local(async move {
                finish(call::<ApproveQuoteDiscount>(approve_quote_discount::Variables { input }).await.map(drop));
            });
        }
    };
    let send_back = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let input = return_quote_for_discount::ReturnQuoteInput { id: id.clone(), version, note: note.get_untracked() };
        leptos::task::spawn_local(async move {
            finish(call::<ReturnQuoteForDiscount>(return_quote_for_discount::Variables { input }).await.map(drop));
        });
    };
    let largest = quote.max_discount_percent.clone();
    let pending = (quote.status == QuoteStatus::PendingApproval).then(|| {
        let largest = largest.clone();
        let decide = quote.viewer_can_approve_discount.then(|| {
            view! {
                <div class="form-actions">
                    <button type="button" class="button button-primary" id="approve-discount" on:click=approve disabled=move || busy.get()>
                        {tr(|t| t.discounts.approve)}
                    </button>
                    <button type="button" class="button" id="return-quote" on:click=move |_| returning.set(true) disabled=move || busy.get()>
                        {tr(|t| t.discounts.return_to_draft)}
                    </button>
                </div>
                {move || {
                    returning
                        .get()
                        .then(|| {
                            view! {
                                <form class="return-form" on:submit=send_back.clone()>
                                    <label for="return-note">{tr(|t| t.discounts.return_note)}</label>
                                    <textarea id="return-note" rows="2" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                                    <div class="form-actions">
                                        <button type="submit" class="button" id="confirm-return" disabled=move || busy.get() || note.with(|n| n.trim().is_empty())>
                                            {tr(|t| t.discounts.confirm_return)}
                                        </button>
                                        <button type="button" class="button" on:click=move |_| returning.set(false)>{tr(|t| t.discounts.cancel)}</button>
                                    </div>
                                </form>
                            }
                        })
                }}
            }
        });
        view! {
            <div class="alert alert-warning" role="status" id="discount-pending">
                <p>{move || (i18n.t().discounts.pending)(&format!("{} %", format::decimal(i18n.tag(), &largest)))}</p>
                {decide}
                <FormErrors error=error />
            </div>
        }
    });
    let returned = (quote.status == QuoteStatus::Draft).then_some(quote.approval_note.clone()).flatten().map(|note| {
        view! {
            <p class="alert" role="status" id="discount-returned">
                {move || (i18n.t().discounts.returned)(&note)}
            </p>
        }
    });
    let approved = quote.discount_approved_by.clone().zip(quote.discount_approved_at.clone()).map(|(who, at)| {
        view! {
            <p class="hint" id="discount-approved">
                {move || (i18n.t().discounts.approved)(&who, &format::date(i18n.tag(), &at))}
            </p>
        }
    });
    view! {
        {pending}
        {returned}
        {approved}
    }
}

#[component]
fn QuoteFacts(quote: QuoteDetailQuote) -> impl IntoView {
    let i18n = use_i18n();
    let workspace = use_viewer().uses_customer_workspace();
    let none = move || i18n.t().none.to_owned();
    let (valid, created) = (quote.valid_until.clone(), quote.created_at.clone());
    let sent = quote.sent_at.clone();
    let decided = quote.decided_at.clone();
    let customer = quote.customer.clone().map(|customer| {
        if workspace {
            view! { <A href=format!("/customers/{}", customer.id)>{customer.name.clone()}</A> }.into_any()
        } else {
            view! { <span>{customer.name.clone()}</span> }.into_any()
        }
    });
    let order = quote.order.clone().map(|order| {
        let status: OrderStatus = order.status;
        let label = view! {
            {order.number.clone()}
            " "
            <span class="badge" data-status=status.as_api()>{move || (i18n.t().sales_labels.order_status_label)(status)}</span>
        };
        if workspace {
            view! { <A href=format!("/orders/{}", order.id) attr:id="quote-order">{label}</A> }.into_any()
        } else {
            view! {
                <span id="quote-order">{label}</span>
                " "
                <A href="/me">{tr(|t| t.sales().see_my_orders)}</A>
            }
            .into_any()
        }
    });
    view! {
        <section class="card facts-section" aria-labelledby="quote-facts-title">
            <h2 id="quote-facts-title">{tr(|t| t.sales().details)}</h2>
            <dl class="facts">
                <dt>{tr(|t| t.customer)}</dt>
                <dd data-field="customer">{customer.unwrap_or_else(|| view! { <span>{none()}</span> }.into_any())}</dd>
                {quote
                    .opportunity
                    .clone()
                    .map(|opportunity| {
                        view! {
                            <dt>{tr(|t| t.sales().quote_opportunity)}</dt>
                            <dd data-field="opportunity">
                                <A href=format!("/opportunities/{}", opportunity.id)>{opportunity.name.clone()}</A>
                            </dd>
                        }
                    })}
                <dt>{tr(|t| t.currency)}</dt>
                <dd data-field="currency">{quote.currency.clone()}</dd>
                <dt>{tr(|t| t.sales().valid_until)}</dt>
                <dd data-field="validUntil">{move || format::calendar_date(i18n.tag(), &valid)}</dd>
                <dt>{tr(|t| t.created)}</dt>
                <dd>{move || format::date_time(i18n.tag(), &created)}</dd>
                {sent
                    .map(|at| {
                        view! {
                            <dt>{tr(|t| t.sales().quote_sent_at)}</dt>
                            <dd data-field="sentAt">{move || format::date_time(i18n.tag(), &at)}</dd>
                        }
                    })}
                {decided
                    .map(|at| {
                        let by = quote.decided_by.clone().unwrap_or_default();
                        view! {
                            <dt>{tr(|t| t.sales().quote_decided)}</dt>
                            <dd data-field="decidedAt">{move || format::date_time(i18n.tag(), &at)} " · " {by}</dd>
                        }
                    })}
                {order
                    .map(|order| {
                        view! {
                            <dt>{tr(|t| t.sales().quote_order)}</dt>
                            <dd data-field="order">{order}</dd>
                        }
                    })}
            </dl>
        </section>
    }
}

#[component]
fn QuoteLines(quote: QuoteDetailQuote) -> impl IntoView {
    let i18n = use_i18n();
    let rows = quote
        .lines
        .into_iter()
        .map(|line| {
            let (price, net) = (line.list_price.clone(), line.net.clone());
            let (quantity, discount) = (line.quantity.clone(), line.discount_percent.clone());
            let unit = line.unit;
            view! {
                <tr data-product=line.product_id.clone()>
                    <th scope="row">{line.name.clone()} " " <span class="sku">{line.sku.clone()}</span></th>
                    <td class="number">{move || super::exact_decimal(i18n.tag(), &quantity)} " " {move || (i18n.t().sales().unit_label)(unit)}</td>
                    <td class="number">{move || format::money(i18n.tag(), &price.amount, &price.currency)}</td>
                    <td class="number">{move || super::exact_decimal(i18n.tag(), &discount)}</td>
                    <td class="number" data-field="net">{move || format::money(i18n.tag(), &net.amount, &net.currency)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card lines-section" aria-labelledby="quote-lines-title">
            <h2 id="quote-lines-title">{tr(|t| t.sales().quote_lines)}</h2>
            // Focusable, so that a keyboard can scroll a table wider than the screen.
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="quote-lines-title">
                <table class="quote-lines">
                    <thead>
                        <tr>
                            <th scope="col">{tr(|t| t.sales().quote_product)}</th>
                            <th scope="col">{tr(|t| t.sales().quote_quantity)}</th>
                            <th scope="col">{tr(|t| t.sales().quote_list_price)}</th>
                            <th scope="col">{tr(|t| t.sales().quote_discount)}</th>
                            <th scope="col">{tr(|t| t.sales().quote_net)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn QuoteTotals(quote: QuoteDetailQuote) -> impl IntoView {
    let i18n = use_i18n();
    let money = move |amount: String, currency: String| move || format::money(i18n.tag(), &amount, &currency);
    let list_total = money(quote.list_total.amount, quote.list_total.currency);
    let discount_total = money(quote.discount_total.amount, quote.discount_total.currency);
    let subtotal = money(quote.subtotal.amount, quote.subtotal.currency);
    let tax = money(quote.tax_amount.amount, quote.tax_amount.currency);
    let total = money(quote.total.amount, quote.total.currency);
    let rate = quote.tax_percent.clone();
    view! {
        <section class="card totals-section" aria-labelledby="quote-totals-title">
            <h2 id="quote-totals-title">{tr(|t| t.sales().quote_totals)}</h2>
            <dl class="facts totals">
                <dt>{tr(|t| t.sales().quote_list_total)}</dt>
                <dd class="number" data-field="listTotal">{list_total}</dd>
                <dt>{tr(|t| t.sales().quote_discount_total)}</dt>
                <dd class="number" data-field="discountTotal">{discount_total}</dd>
                <dt>{tr(|t| t.sales().quote_subtotal)}</dt>
                <dd class="number" data-field="subtotal">{subtotal}</dd>
                <dt>{move || (i18n.t().sales().quote_tax)(&super::exact_decimal(i18n.tag(), &rate))}</dt>
                <dd class="number" data-field="taxAmount">{tax}</dd>
                <dt>{tr(|t| t.sales().quote_total)}</dt>
                <dd class="number total" data-field="total">{total}</dd>
            </dl>
        </section>
    }
}

/// What a confirmation is about.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Decision {
    Accept,
    Reject,
}

/// The actions the quote's status and the viewer allow.
#[component]
fn QuoteActions(quote: QuoteDetailQuote, reload: Callback<()>, placed: RwSignal<Option<(String, OrderStatus)>>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let confirming = RwSignal::new(None::<Decision>);
    let (id, version, status) = (quote.id.clone(), quote.version, quote.status);
    let editable = quote.viewer_can_edit;
    let draft = status == QuoteStatus::Draft;
    let revisable = editable && matches!(status, QuoteStatus::Sent | QuoteStatus::Rejected | QuoteStatus::Expired);
    let decidable = quote.viewer_can_decide && status == QuoteStatus::Sent;
    let total = quote.total.clone();
    let edit_href = format!("/quotes/{id}/edit");

    let send = {
        let id = id.clone();
        move |_| {
            busy.set(true);
            error.set(None);
            let input = send_quote::QuoteActionInput { id: id.clone(), version };
            leptos::task::spawn_local(async move {
                let result = call::<SendQuote>(send_quote::Variables { input }).await;
                busy.set(false);
                match result {
                    Ok(_) => reload.run(()),
                    Err(err) => error.set(Some(err)),
                }
            });
        }
    };
    let revise = {
        let id = id.clone();
        move |_| {
            busy.set(true);
            error.set(None);
            let input = revise_quote::QuoteActionInput { id: id.clone(), version };
            let navigate = navigate.clone();
            leptos::task::spawn_local(async move {
                match call::<ReviseQuote>(revise_quote::Variables { input }).await {
                    Ok(data) => navigate(&format!("/quotes/{}/edit", data.revise_quote.quote.id), Default::default()),
                    Err(err) => {
                        busy.set(false);
                        error.set(Some(err));
                    }
                }
            });
        }
    };
    let decide = move |decision: Decision| {
        busy.set(true);
        error.set(None);
        let id = id.clone();
        leptos::task::spawn_local(async move {
            let result = match decision {
                Decision::Accept => {
                    let input = accept_quote::QuoteActionInput { id, version };
                    call::<AcceptQuote>(accept_quote::Variables { input }).await.map(|data| {
                        let order = data.accept_quote.order;
                        placed.set(Some((order.number, order.status)));
                    })
                }
                Decision::Reject => {
                    let input = reject_quote::QuoteActionInput { id, version };
                    call::<RejectQuote>(reject_quote::Variables { input }).await.map(drop)
                }
            };
            busy.set(false);
            confirming.set(None);
            match result {
                Ok(()) => reload.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let decide = StoredValue::new(decide);
    let confirmation = move || {
        confirming.get().map(|decision| {
            let total = total.clone();
            let question = move || match decision {
                Decision::Accept => (i18n.t().sales().accept_quote_confirm)(&format::money(i18n.tag(), &total.amount, &total.currency)),
                Decision::Reject => i18n.t().sales().reject_quote_confirm.to_owned(),
            };
            let (confirm_id, confirm_label) = match decision {
                Decision::Accept => ("confirm-accept", i18n.t().sales().confirm_accept),
                Decision::Reject => ("confirm-reject", i18n.t().sales().confirm_reject),
            };
            view! {
                <div class="confirmation" role="group" aria-labelledby="decision-question">
                    <p id="decision-question">{question}</p>
                    <div class="form-actions">
                        <button
                            type="button"
                            class="button-primary"
                            id=confirm_id
                            disabled=move || busy.get()
                            on:click=move |_| decide.with_value(|decide| decide(decision))
                        >
                            {confirm_label}
                        </button>
                        <button type="button" id="cancel-decision" on:click=move |_| confirming.set(None)>
                            {tr(|t| t.cancel)}
                        </button>
                    </div>
                </div>
            }
        })
    };
    view! {
        <div class="page-actions quote-actions">
            {(editable && draft)
                .then(|| {
                    view! {
                        <A href=edit_href attr:class="button" attr:id="edit-quote">
                            {tr(|t| t.edit)}
                        </A>
                        <button
                            type="button"
                            class="button-primary"
                            id="send-quote"
                            aria-describedby="send-quote-hint"
                            disabled=move || busy.get()
                            on:click=send
                        >
                            {tr(|t| t.sales().send_quote)}
                        </button>
                        <small id="send-quote-hint" class="hint">{tr(|t| t.sales().send_quote_hint)}</small>
                    }
                })}
            {revisable
                .then(|| {
                    view! {
                        <button type="button" id="revise-quote" disabled=move || busy.get() on:click=revise>
                            {tr(|t| t.sales().revise_quote)}
                        </button>
                    }
                })}
            {decidable
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="button-primary"
                            id="accept-quote"
                            disabled=move || busy.get() || confirming.get().is_some()
                            on:click=move |_| confirming.set(Some(Decision::Accept))
                        >
                            {tr(|t| t.sales().accept_quote)}
                        </button>
                        <button
                            type="button"
                            id="reject-quote"
                            disabled=move || busy.get() || confirming.get().is_some()
                            on:click=move |_| confirming.set(Some(Decision::Reject))
                        >
                            {tr(|t| t.sales().reject_quote)}
                        </button>
                    }
                })}
        </div>
        {confirmation}
        <FormErrors error=Signal::derive(move || error.get().filter(|e| !is_stale(&Some(e.clone())))) />
        {move || {
            is_stale(&error.get())
                .then(|| {
                    view! {
                        <div class="alert alert-error" role="alert" data-error-code="CONFLICT">
                            <p>{i18n.t().error_conflict}</p>
                            <button type="button" id="reload-quote" on:click=move |_| reload.run(())>
                                {i18n.t().reload}
                            </button>
                        </div>
                    }
                })
        }}
    }
}

/// The PDF, fetched with the session's token on request: a preview in a frame and a
/// download link, both from a `blob:` URL released when the page goes.
#[component]
fn PdfSection(path: String, number: String) -> impl IntoView {
    let i18n = use_i18n();
    let url = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    on_cleanup(move || {
        if let Some(url) = url.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
    let load = move |_| {
        busy.set(true);
        error.set(None);
        let path = path.clone();
        leptos::task::spawn_local(async move {
            match fetch_document(&path).await {
                Ok((bytes, kind)) => match blob_url(&bytes, &kind) {
                    Some(blob) => url.set(Some(blob)),
                    None => error.set(Some(ApiError::Network("the document could not be opened".into()))),
                },
                Err(err) => error.set(Some(err)),
            }
            busy.set(false);
        });
    };
    let file_name = format!("{number}.pdf");
    let frame_title = move || (i18n.t().sales().pdf_preview_title)(&number);
    view! {
        <section class="card pdf-section" aria-labelledby="pdf-title">
            <h2 id="pdf-title">{tr(|t| t.sales().quote_pdf)}</h2>
            {move || {
                match url.get() {
                    None => {
                        view! {
                            <button type="button" id="show-pdf" disabled=move || busy.get() on:click=load.clone()>
                                {move || if busy.get() { i18n.t().loading } else { i18n.t().sales().show_pdf }}
                            </button>
                        }
                            .into_any()
                    }
                    Some(blob) => {
                        let file_name = file_name.clone();
                        let frame_title = frame_title.clone();
                        view! {
                            <p>
                                <a href=blob.clone() download=file_name id="download-pdf" class="button">
                                    {tr(|t| t.sales().download_pdf)}
                                </a>
                            </p>
                            <iframe class="pdf-preview" id="pdf-preview" src=blob title=frame_title></iframe>
                        }
                            .into_any()
                    }
                }
            }}
            <ErrorBox error=error />
        </section>
    }
}
