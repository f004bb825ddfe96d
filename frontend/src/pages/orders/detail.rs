//! An order's page: its status and progress (PLACED → … → PAID), customer, quote, lines and
//! totals. A held order shows why; a manager releases it (it is placed and queued for the ERP)
//! or cancels it with a reason. Staff see the hand-off to the ERP with every attempt; admins
//! replay a failed delivery and report a status by hand, as the ERP would.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::ops::order_detail::{OrderDetailOrder, OrderDetailOrderErpDelivery, Variables};
use crate::api::ops::NoteSubject;
use crate::api::ops::{
    cancel_order, release_credit_hold, replay_erp_delivery, report_order_status, CancelOrder, DeliveryState, OrderDetail, OrderStatus,
    PrincipalKind, ReleaseCreditHold, ReplayErpDelivery, ReportOrderStatus,
};
use crate::api::{call, ApiError};
use crate::app::use_viewer;
use crate::components::{loaded, non_empty, ErrorBox, SelectField, TextField};
use crate::format;
use crate::i18n::{tr, use_i18n, Texts};
use crate::pages::admin::RecordFormErrors;
use crate::pages::notes::{NotesOf, NotesSection};
use crate::pages::orders::{DeliveryBadge, StatusBadge, STEPS};
use crate::recent::{self, RecordKind};

#[component]
pub fn OrderPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|params| params.get("id").unwrap_or_default());
    let order = LocalResource::new(move || {
        let id = id();
        async move { call::<OrderDetail>(Variables { id }).await.map(|data| data.order) }
    });
    let reload = Callback::new(move |()| order.refetch());
    // A customer user reads its orders from its self-service area.
    let back = if use_viewer().customer.is_some() {
        view! { <A href="/me">{tr(|t| t.nav_my_profile)}</A> }.into_any()
    } else {
        view! { <A href="/orders">{tr(|t| t.sales().back_to_orders)}</A> }.into_any()
    };
    view! {
        <div class="page order-page">
            <p class="breadcrumb">{back}</p>
            {move || loaded(order.get(), |order| view! { <Order order=order reload=reload /> }.into_any())}
        </div>
    }
}

/// An exact decimal without the trailing zeros of its scale (`2.5000` → `2.5`, `10.00` → `10`).
pub fn plain_decimal(value: &str) -> String {
    if value.contains('.') {
        value.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        value.to_owned()
    }
}

#[component]
fn Order(order: OrderDetailOrder, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    recent::remember(&use_viewer(), RecordKind::Order, format!("/orders/{}", order.id), order.number.clone());
    let viewer = use_viewer();
    let staff = viewer.kind == PrincipalKind::Staff;
    let admin = viewer.is_admin();
    let status = order.status;
    let since = order.status_changed_at.clone();
    let since_at = since.clone();
    // The credit hold's handling and the notes are the company's; a customer sees the status.
    let workspace = viewer.uses_customer_workspace();
    let held = workspace && status == OrderStatus::CreditHold;
    let reportable = admin && STEPS.contains(&status) && status != OrderStatus::Paid;
    let number = order.number.clone();
    view! {
        <article class="order" aria-labelledby="order-number">
            <header class="page-header">
                <div>
                    <h1 id="order-number">{move || (i18n.t().sales().order_title)(&number)}</h1>
                    <p class="subtitle">
                        <StatusBadge status=status id="order-status" />
                        " "
                        <time datetime=since_at>{move || (i18n.t().sales().status_since)(&format::date_time(i18n.tag(), &since))}</time>
                    </p>
                </div>
            </header>
            <Progress status=status />
            <div class="sections">
                {held.then(|| view! { <CreditHold order=order.clone() reload=reload /> })}
                <Facts order=order.clone() />
                <Lines order=order.clone() />
                {staff.then(|| view! { <ErpPanel order=order.clone() admin=admin reload=reload /> })}
                {reportable.then(|| view! { <ReportStatus order=order.clone() reload=reload /> })}
                {workspace.then(|| view! { <NotesSection of=NotesOf::record(NoteSubject::Order, order.id.clone(), order.number.clone()) /> })}
            </div>
        </article>
    }
}

/// The way forward as steps: those behind are done, the current one is marked. A held or
/// cancelled order has reached none of them.
#[component]
fn Progress(status: OrderStatus) -> impl IntoView {
    let i18n = use_i18n();
    let reached = STEPS.iter().position(|step| *step == status);
    let steps = STEPS
        .iter()
        .enumerate()
        .map(|(index, step)| {
            let step = *step;
            let done = reached.is_some_and(|reached| index < reached);
            let current = reached == Some(index);
            view! {
                <li class="step" class:done=done class:current=current data-step=step.as_api() aria-current=current.then_some("step")>
                    <span class="step-label">{move || (i18n.t().sales_labels.order_status_label)(step)}</span>
                    {done.then(|| view! { <span class="visually-hidden">{move || format!(" ({})", i18n.t().sales().step_done)}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <ol class="order-steps" aria-label=move || i18n.t().sales().order_progress data-status=status.as_api()>
            {steps}
        </ol>
    }
}

#[component]
fn Facts(order: OrderDetailOrder) -> impl IntoView {
    let i18n = use_i18n();
    let none = move || i18n.t().none.to_owned();
    let created = order.created_at.clone();
    let created_at = created.clone();
    let customer = match order.customer.clone() {
        Some(customer) => view! { <A href=format!("/customers/{}", customer.id) attr:id="order-customer">{customer.name}</A> }.into_any(),
        None => view! { <span>{tr(|t| t.sales().not_visible)}</span> }.into_any(),
    };
    let quote = match order.quote.clone() {
        Some(quote) => {
            let (number, revision) = (quote.number.clone(), quote.revision);
            view! {
                <A href=format!("/quotes/{}", quote.id) attr:id="order-quote">
                    {move || (i18n.t().sales().quote_revision)(&number, revision)}
                </A>
            }
            .into_any()
        }
        None => view! { <span>{tr(|t| t.sales().direct_entry)}</span> }.into_any(),
    };
    // A released order still says why it was held.
    // Who released it by name (the label of the moment when the account is gone), and why.
    let released = order.released_by.clone().map(|label| {
        let reason = order.hold_reason.clone().unwrap_or_else(none);
        let by = order.released_by_user.as_ref().map_or(label, |user| user.display_name.clone());
        let note = order.release_note.clone().map(|note| {
            view! {
                <dt>{tr(|t| t.sales().release_note_label)}</dt>
                <dd data-field="releaseNote">{note}</dd>
            }
        });
        view! {
            <dt>{tr(|t| t.sales().hold_reason)}</dt>
            <dd data-field="holdReason">{reason}</dd>
            <dt>{tr(|t| t.sales().released_by)}</dt>
            <dd data-field="releasedBy">{by}</dd>
            {note}
        }
    });
    let cancelled = order.cancel_reason.clone().map(|reason| {
        view! {
            <dt>{tr(|t| t.sales().cancelled_because)}</dt>
            <dd data-field="cancelReason" class="multiline">{reason}</dd>
        }
    });
    view! {
        <section class="card facts-section" aria-labelledby="order-facts-title">
            <h2 id="order-facts-title">{tr(|t| t.sales().details)}</h2>
            <dl class="facts">
                <dt>{tr(|t| t.customer)}</dt>
                <dd data-field="customer">{customer}</dd>
                <dt>{tr(|t| t.sales().order_quote)}</dt>
                <dd data-field="quote">{quote}</dd>
                <dt>{tr(|t| t.sales().order_date)}</dt>
                <dd>
                    <time datetime=created_at>{move || format::date_time(i18n.tag(), &created)}</time>
                </dd>
                <dt>{tr(|t| t.currency)}</dt>
                <dd data-field="currency">{order.currency.clone()}</dd>
                <dt>{tr(|t| t.sales().erp_reference)}</dt>
                <dd data-field="erpReference">{order.erp_reference.clone().unwrap_or_else(none)}</dd>
                {released}
                {cancelled}
            </dl>
        </section>
    }
}

#[component]
fn Lines(order: OrderDetailOrder) -> impl IntoView {
    let i18n = use_i18n();
    let money = move |amount: String, currency: String| move || format::money(i18n.tag(), &amount, &currency);
    let rows = order
        .lines
        .into_iter()
        .map(|line| {
            let unit = line.unit;
            view! {
                <tr data-sku=line.sku.clone()>
                    <th scope="row">
                        {line.name.clone()}
                        " "
                        <span class="sku">{line.sku.clone()}</span>
                    </th>
                    <td class="numeric" data-label=move || i18n.t().sales().order_quantity>
                        {plain_decimal(&line.quantity)}
                        " "
                        <small>{move || (i18n.t().sales().unit_label)(unit)}</small>
                    </td>
                    <td class="numeric money" data-label=move || i18n.t().sales().list_price>
                        {money(line.list_price.amount.clone(), line.list_price.currency.clone())}
                    </td>
                    <td class="numeric" data-label=move || i18n.t().sales().order_discount>{plain_decimal(&line.discount_percent)}</td>
                    <td class="numeric money" data-label=move || i18n.t().sales().order_net>
                        {money(line.net.amount.clone(), line.net.currency.clone())}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let rate = plain_decimal(&order.tax_percent);
    view! {
        <section class="card lines-section" aria-labelledby="order-lines-title">
            <h2 id="order-lines-title">{tr(|t| t.sales().order_lines)}</h2>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="order-lines-title">
                <table class="order-lines">
                    <thead>
                        <tr>
                            <th scope="col">{tr(|t| t.sales().product)}</th>
                            <th scope="col" class="numeric">{tr(|t| t.sales().order_quantity)}</th>
                            <th scope="col" class="numeric">{tr(|t| t.sales().list_price)}</th>
                            <th scope="col" class="numeric">{tr(|t| t.sales().order_discount)}</th>
                            <th scope="col" class="numeric">{tr(|t| t.sales().order_net)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                    <tfoot>
                        <tr>
                            <th scope="row" colspan="4">{tr(|t| t.sales().order_subtotal)}</th>
                            <td class="numeric money" id="order-subtotal">{money(order.subtotal.amount, order.subtotal.currency)}</td>
                        </tr>
                        <tr>
                            <th scope="row" colspan="4">{move || (i18n.t().sales().order_tax)(&rate)}</th>
                            <td class="numeric money" id="order-tax">{money(order.tax_amount.amount, order.tax_amount.currency)}</td>
                        </tr>
                        <tr class="total">
                            <th scope="row" colspan="4">{tr(|t| t.sales().order_total)}</th>
                            <td class="numeric money" id="order-total">{money(order.total.amount, order.total.currency)}</td>
                        </tr>
                    </tfoot>
                </table>
            </div>
        </section>
    }
}

/// Why the order is held; a manager releases it or cancels it (with a reason).
#[component]
fn CreditHold(order: OrderDetailOrder, reload: Callback<()>) -> impl IntoView {
    let reason = order.hold_reason.clone().unwrap_or_default();
    let actions = order.viewer_can_release.then(|| {
        view! {
            <ReleaseForm id=order.id.clone() version=order.version reload=reload />
            <CancelForm id=order.id.clone() version=order.version reload=reload />
        }
    });
    view! {
        <section class="card credit-hold-section" id="credit-hold" aria-labelledby="credit-hold-title">
            <h2 id="credit-hold-title">{tr(|t| t.sales().credit_hold_title)}</h2>
            <p>{tr(|t| t.sales().credit_hold_intro)}</p>
            <dl class="facts">
                <dt>{tr(|t| t.sales().hold_reason)}</dt>
                <dd id="hold-reason" data-field="holdReason">{reason}</dd>
            </dl>
            {actions}
        </section>
    }
}

#[component]
fn ReleaseForm(id: String, version: i64, reload: Callback<()>) -> impl IntoView {
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = release_credit_hold::OrderActionInput { id: id.clone(), version, reason: non_empty(note.get_untracked()) };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = call::<ReleaseCreditHold>(release_credit_hold::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(_) => reload.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    view! {
        <form class="release-form" novalidate on:submit=submit aria-labelledby="release-title">
            <h3 id="release-title">{tr(|t| t.sales().release_hold)}</h3>
            <div class="field">
                <label for="release-note">{tr(|t| t.sales().release_note)}</label>
                <input
                    id="release-note"
                    type="text"
                    autocomplete="off"
                    prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev))
                />
            </div>
            <RecordFormErrors error=error fields=&[] on_reload=reload reload_id="reload-release" />
            <div class="form-actions">
                <button type="submit" class="button-primary" id="release-hold" disabled=move || busy.get()>
                    {tr(|t| t.sales().release_hold)}
                </button>
            </div>
        </form>
    }
}

#[component]
fn CancelForm(id: String, version: i64, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = cancel_order::OrderActionInput { id: id.clone(), version, reason: Some(reason.get_untracked().trim().to_owned()) };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = call::<CancelOrder>(cancel_order::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(_) => reload.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    view! {
        <form class="cancel-form" novalidate on:submit=submit aria-labelledby="cancel-order-title">
            <h3 id="cancel-order-title">{tr(|t| t.sales().cancel_order)}</h3>
            <TextField label=label(|t| t.sales().cancel_reason) value=reason field="reason" error=error required=true multiline=true />
            <RecordFormErrors error=error fields=&["reason"] on_reload=reload reload_id="reload-cancel" />
            <div class="form-actions">
                <button type="submit" class="button-danger" id="cancel-order" disabled=move || busy.get()>
                    {tr(|t| t.sales().cancel_order)}
                </button>
            </div>
        </form>
    }
}

/// The hand-off to the ERP (staff): where it stands and every attempt; admins replay a
/// failed one.
#[component]
fn ErpPanel(order: OrderDetailOrder, admin: bool, reload: Callback<()>) -> impl IntoView {
    let body = match order.erp_delivery {
        Some(delivery) => view! { <Delivery delivery=delivery number=order.number.clone() admin=admin reload=reload /> }.into_any(),
        None => view! { <p class="empty" id="no-erp-delivery">{tr(|t| t.sales().no_erp_delivery)}</p> }.into_any(),
    };
    view! {
        <section class="card erp-section" id="erp-delivery" aria-labelledby="erp-delivery-title">
            <h2 id="erp-delivery-title">{tr(|t| t.sales().erp_delivery)}</h2>
            {body}
        </section>
    }
}

#[component]
fn Delivery(delivery: OrderDetailOrderErpDelivery, number: String, admin: bool, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let none = move || i18n.t().none.to_owned();
    let when = move |at: Option<String>| {
        move || at.as_ref().map(|at| format::date_time(i18n.tag(), at)).unwrap_or_else(|| i18n.t().none.to_owned())
    };
    let created = delivery.created_at.clone();
    let replay = (admin && delivery.state == DeliveryState::Failed)
        .then(|| view! { <ReplayButton id=delivery.id.clone() order=number.clone() on_done=reload button_id="replay-delivery" /> });
    let log = if delivery.log.is_empty() {
        view! { <p class="empty">{tr(|t| t.sales().no_attempts)}</p> }.into_any()
    } else {
        let rows = delivery
            .log
            .into_iter()
            .map(|attempt| {
                let started = attempt.started_at.clone();
                let started_at = started.clone();
                let duration = attempt.duration_ms;
                view! {
                    <tr data-attempt=attempt.attempt>
                        <th scope="row">{attempt.attempt}</th>
                        <td data-label=move || i18n.t().sales().attempt_started>
                            <time datetime=started_at>{move || format::date_time(i18n.tag(), &started)}</time>
                        </td>
                        <td class="numeric" data-label=move || i18n.t().sales().attempt_duration>
                            {move || (i18n.t().sales().duration_ms)(duration)}
                        </td>
                        <td data-label=move || i18n.t().sales().http_status>
                            {attempt.status_code.map(|code| code.to_string()).unwrap_or_else(none)}
                        </td>
                        <td data-label=move || i18n.t().sales().attempt_error>{attempt.error.clone().unwrap_or_else(none)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="attempt-log-title">
                <table class="attempt-log">
                    <thead>
                        <tr>
                            <th scope="col">{tr(|t| t.sales().attempt)}</th>
                            <th scope="col">{tr(|t| t.sales().attempt_started)}</th>
                            <th scope="col" class="numeric">{tr(|t| t.sales().attempt_duration)}</th>
                            <th scope="col">{tr(|t| t.sales().http_status)}</th>
                            <th scope="col">{tr(|t| t.sales().attempt_error)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <dl class="facts">
            <dt>{tr(|t| t.sales().delivery_state)}</dt>
            <dd>
                <DeliveryBadge state=delivery.state id="delivery-state" />
            </dd>
            <dt>{tr(|t| t.sales().delivery_topic)}</dt>
            <dd data-field="topic">{delivery.topic.clone()}</dd>
            <dt>{tr(|t| t.sales().delivery_attempts)}</dt>
            <dd data-field="attempts" id="delivery-attempts">{delivery.attempts}</dd>
            <dt>{tr(|t| t.sales().next_attempt)}</dt>
            <dd data-field="nextAttemptAt">{when(delivery.next_attempt_at.clone())}</dd>
            <dt>{tr(|t| t.sales().last_error)}</dt>
            <dd data-field="lastError" class="multiline">{delivery.last_error.clone().unwrap_or_else(none)}</dd>
            <dt>{tr(|t| t.sales().delivered_at)}</dt>
            <dd data-field="deliveredAt">{when(delivery.delivered_at.clone())}</dd>
            <dt>{tr(|t| t.sales().delivery_created)}</dt>
            <dd>{move || format::date_time(i18n.tag(), &created)}</dd>
        </dl>
        {replay}
        <h3 id="attempt-log-title">{tr(|t| t.sales().attempt_log)}</h3>
        {log}
    }
}

/// Queues a failed delivery again (admins); `order` names it for screen readers.
#[component]
pub fn ReplayButton(id: String, order: String, on_done: Callback<()>, #[prop(optional)] button_id: Option<&'static str>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let replay = move |_| {
        let input = replay_erp_delivery::ReplayErpDeliveryInput { id: id.clone() };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = call::<ReplayErpDelivery>(replay_erp_delivery::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(_) => on_done.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    view! {
        <button
            type="button"
            class="replay-delivery"
            id=button_id
            aria-label=move || (i18n.t().sales().replay_delivery_of)(&order)
            on:click=replay
            disabled=move || busy.get()
        >
            {tr(|t| t.sales().replay_delivery)}
        </button>
        <ErrorBox error=error />
    }
}

/// An admin reports a status by hand, as the ERP would: forward only, or cancelled until
/// paid (the server refuses anything else).
#[component]
fn ReportStatus(order: OrderDetailOrder, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let from = STEPS.iter().position(|step| *step == order.status).unwrap_or_default();
    // The ERP never reports PLACED; the current status stays on offer to set the reference.
    let choices: Vec<OrderStatus> =
        STEPS[from..].iter().copied().filter(|step| *step != OrderStatus::Placed).chain([OrderStatus::Cancelled]).collect();
    let first = STEPS.get(from + 1).copied().unwrap_or(order.status);
    let status = RwSignal::new(first.as_api().to_owned());
    let reference = RwSignal::new(order.erp_reference.clone().unwrap_or_default());
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let id = order.id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(next) = OrderStatus::from_api(&status.get_untracked()) else { return };
        let input = report_order_status::ReportOrderStatusInput {
            id: Some(id.clone()),
            number: None,
            status: next,
            erp_reference: non_empty(reference.get_untracked()),
        };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = call::<ReportOrderStatus>(report_order_status::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    done.set(true);
                    reload.run(());
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let options = Signal::derive(move || {
        let t = i18n.t();
        choices
            .iter()
            .map(|status| (status.as_api().to_owned(), (t.sales_labels.order_status_label)(*status).to_owned()))
            .collect::<Vec<_>>()
    });
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    view! {
        <form class="card report-status-form" novalidate on:submit=submit aria-labelledby="report-status-title">
            <h2 id="report-status-title">{tr(|t| t.sales().report_status)}</h2>
            <p class="hint">{tr(|t| t.sales().report_status_intro)}</p>
            <div class="form-grid">
                <SelectField label=label(|t| t.sales().new_status) value=status field="status" options=options error=error />
                <TextField label=label(|t| t.sales().erp_reference) value=reference field="erpReference" error=error />
            </div>
            {move || done.get().then(|| view! { <p class="alert" role="status">{i18n.t().sales().status_reported}</p> })}
            <RecordFormErrors error=error fields=&["status", "erpReference"] on_reload=reload reload_id="reload-report" />
            <div class="form-actions">
                <button type="submit" class="button-primary" id="report-status" disabled=move || busy.get()>
                    {tr(|t| t.sales().report)}
                </button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::plain_decimal;

    #[test]
    fn decimals_lose_their_trailing_zeros_only() {
        assert_eq!(plain_decimal("2.5000"), "2.5");
        assert_eq!(plain_decimal("10.00"), "10");
        assert_eq!(plain_decimal("100"), "100");
        assert_eq!(plain_decimal("0.25"), "0.25");
    }
}
