//! An opportunity's page: its fields, products of interest and stage history; edit, archive
//! and restore, a stage move, and for managers the review of a pending deal registration.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::ops::opportunity_detail::{OpportunityDetailOpportunity, Variables};
use crate::api::ops::opportunity_quote_totals::OpportunityQuoteTotalsQuotesNodes as QuoteTotal;
use crate::api::ops::NoteSubject;
use crate::api::ops::TaskSubject;
use crate::api::ops::{
    archive_opportunity, opportunity_quote_totals, restore_opportunity, review_deal_registration, ArchiveOpportunity, OpportunityDetail,
    OpportunityQuoteTotals, OpportunityStage, QuoteStatus, Registration, RestoreOpportunity, ReviewDealRegistration,
};
use crate::api::{call, ApiError};
use crate::app::use_viewer;
use crate::components::{loaded, non_empty, unclaimed_error, ErrorBox, SelectField, TextField};
use crate::format;
use crate::i18n::{tr, use_i18n};
use crate::pages::customers::contacts::FormErrors;
use crate::pages::customers::options::use_assignment_options;
use crate::pages::notes::{NotesOf, NotesSection};
use crate::pages::pipeline::people::PeopleSection;
use crate::pages::pipeline::{is_stale, move_to, stage_options, LostReasonForm};
use crate::pages::product_picker::{ProductsSection, ShownProduct};
use crate::pages::quotes::{QuoteScope, QuotesTable};
use crate::pages::tasks::{TasksOf, TasksSection};
use crate::recent::{self, RecordKind};

#[component]
pub fn OpportunityPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|params| params.get("id").unwrap_or_default());
    let opportunity = LocalResource::new(move || {
        let id = id();
        async move { call::<OpportunityDetail>(Variables { id }).await.map(|data| data.opportunity) }
    });
    let reload = Callback::new(move |()| opportunity.refetch());
    view! {
        <div class="page opportunity-page">
            <p class="breadcrumb">
                <A href="/pipeline">{tr(|t| t.sales().back_to_pipeline)}</A>
            </p>
            {move || loaded(opportunity.get(), |opportunity| view! { <Opportunity opportunity=opportunity reload=reload /> }.into_any())}
        </div>
    }
}

#[component]
fn Opportunity(opportunity: OpportunityDetailOpportunity, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let path = format!("/opportunities/{}", opportunity.id);
    recent::remember(&use_viewer(), RecordKind::Opportunity, path, opportunity.name.clone());
    let stage = opportunity.stage;
    let registration = opportunity.registration;
    let edit_href = format!("/opportunities/{}/edit", opportunity.id);
    let editable = opportunity.viewer_can_edit;
    let reviewable = opportunity.viewer_can_manage && registration == Some(Registration::Pending);
    let movable = editable && !opportunity.archived && registration.is_none_or(|r| r == Registration::Approved);
    view! {
        <article class="opportunity" aria-labelledby="opportunity-name">
            <header class="page-header">
                <div>
                    <h1 id="opportunity-name">{opportunity.name.clone()}</h1>
                    <p class="subtitle">
                        <span class="badge" data-stage=stage.as_api() id="opportunity-stage">
                            {move || (i18n.t().sales_labels.stage_label)(stage)}
                        </span>
                        {registration
                            .map(|registration| {
                                view! {
                                    " "
                                    <span class="badge" data-registration=registration.as_api() id="opportunity-registration">
                                        {move || (i18n.t().sales().registration_label)(registration)}
                                    </span>
                                }
                            })}
                    </p>
                    {opportunity.archived.then(|| view! { <p class="alert" role="status">{tr(|t| t.archived)}</p> })}
                </div>
                {editable
                    .then(|| {
                        view! {
                            <div class="page-actions">
                                {(!opportunity.archived)
                                    .then(|| {
                                        view! {
                                            <A href=edit_href attr:class="button" attr:id="edit-opportunity">
                                                {tr(|t| t.edit)}
                                            </A>
                                        }
                                    })}
                                <ArchiveButton
                                    id=opportunity.id.clone()
                                    version=opportunity.version
                                    archived=opportunity.archived
                                    reload=reload
                                />
                            </div>
                        }
                    })}
            </header>
            <StageProgress stage=stage />
            <div class="sections">
                <Facts opportunity=opportunity.clone() />
                {movable.then(|| view! { <MoveSection opportunity=opportunity.clone() reload=reload /> })}
                {reviewable.then(|| view! { <ReviewSection opportunity=opportunity.clone() reload=reload /> })}
                <PeopleSection opportunity=opportunity.clone() reload=reload />
                <ProductsSection products=shown_products(&opportunity.products) title_id="products-title" />
                <QuotesSection opportunity_id=opportunity.id.clone() may_create=editable && !opportunity.archived />
                <TasksSection of=TasksOf::Record(TaskSubject::Opportunity, opportunity.id.clone()) />
                <NotesSection of=NotesOf::record(NoteSubject::Opportunity, opportunity.id.clone(), opportunity.name.clone()) />
                <StageHistory opportunity=opportunity.clone() />
            </div>
        </article>
    }
}

#[component]
fn Facts(opportunity: OpportunityDetailOpportunity) -> impl IntoView {
    let i18n = use_i18n();
    let none = move || i18n.t().none.to_owned();
    let text = move |value: &Option<String>| value.clone().unwrap_or_else(none);
    let customer = opportunity.customer.clone();
    let (amount, weighted) = (opportunity.amount.clone(), opportunity.weighted_amount.clone());
    let close = opportunity.expected_close_date.clone();
    let (created, updated) = (opportunity.created_at.clone(), opportunity.updated_at.clone());
    let closed_at = opportunity.closed_at.clone();
    let probability = opportunity.probability;
    let source = opportunity.source;
    view! {
        <section class="card facts-section" aria-labelledby="facts-title">
            <h2 id="facts-title">{tr(|t| t.sales().details)}</h2>
            <dl class="facts">
                <dt>{tr(|t| t.customer)}</dt>
                <dd data-field="customer">
                    {match customer {
                        Some(customer) => {
                            view! { <A href=format!("/customers/{}", customer.id)>{customer.name.clone()}</A> }.into_any()
                        }
                        None => view! { <span>{tr(|t| t.sales().customer_hidden)}</span> }.into_any(),
                    }}
                </dd>
                <dt>{tr(|t| t.sales_labels.amount)}</dt>
                <dd data-field="amount">
                    {
                        let amount = amount.clone();
                        move || format::money(i18n.tag(), &amount.amount, &amount.currency)
                    }
                    <QuoteComparison opportunity_id=opportunity.id.clone() amount=amount.amount.clone() currency=amount.currency.clone() />
                </dd>
                <dt>{tr(|t| t.sales().win_probability)}</dt>
                <dd data-field="probability">{move || (i18n.t().sales().probability_value)(probability)}</dd>
                <dt>{tr(|t| t.sales().weighted_amount)}</dt>
                <dd data-field="weightedAmount">{move || format::money(i18n.tag(), &weighted.amount, &weighted.currency)}</dd>
                <dt>{tr(|t| t.sales().expected_close)}</dt>
                <dd data-field="expectedCloseDate">{move || format::calendar_date(i18n.tag(), &close)}</dd>
                <dt>{tr(|t| t.sales().source)}</dt>
                <dd data-field="source">{move || (i18n.t().sales().source_label)(source)}</dd>
                <dt>{tr(|t| t.owner)}</dt>
                <dd data-field="owner">{opportunity.owner.as_ref().map(|owner| owner.display_name.clone()).unwrap_or_else(none)}</dd>
                <dt>{tr(|t| t.partner)}</dt>
                <dd data-field="partner">{opportunity.partner.as_ref().map(|partner| partner.name.clone()).unwrap_or_else(none)}</dd>
                <dt>{tr(|t| t.sales().next_step)}</dt>
                <dd data-field="nextStep">{text(&opportunity.next_step)}</dd>
                {opportunity
                    .lost_reason
                    .clone()
                    .map(|reason| {
                        view! {
                            <dt>{tr(|t| t.sales().lost_reason)}</dt>
                            <dd data-field="lostReason">{reason}</dd>
                        }
                    })}
                <dt>{tr(|t| t.sales().description)}</dt>
                <dd data-field="description" class="multiline">{text(&opportunity.description)}</dd>
                {opportunity
                    .registration_note
                    .clone()
                    .map(|note| {
                        view! {
                            <dt>{tr(|t| t.sales().registration_note)}</dt>
                            <dd data-field="registrationNote">{note}</dd>
                        }
                    })}
                {closed_at
                    .map(|at| {
                        view! {
                            <dt>{tr(|t| t.sales().closed_at)}</dt>
                            <dd>{move || format::date_time(i18n.tag(), &at)}</dd>
                        }
                    })}
                <dt>{tr(|t| t.created)}</dt>
                <dd>{move || format::date_time(i18n.tag(), &created)}</dd>
                <dt>{tr(|t| t.updated)}</dt>
                <dd>{move || format::date_time(i18n.tag(), &updated)}</dd>
            </dl>
        </section>
    }
}

/// Where the deal stands on the way to a close: the open stages in order, those passed marked
/// done, then how it closed (won or lost) once it has.
#[component]
fn StageProgress(stage: OpportunityStage) -> impl IntoView {
    let i18n = use_i18n();
    let open = [OpportunityStage::Prospecting, OpportunityStage::Qualification, OpportunityStage::Proposal, OpportunityStage::Negotiation];
    let reached = open.iter().position(|s| *s == stage).unwrap_or(open.len());
    let last = match stage {
        OpportunityStage::ClosedLost => OpportunityStage::ClosedLost,
        _ => OpportunityStage::ClosedWon,
    };
    let steps = open.into_iter().chain([last]).enumerate().map(|(index, step)| {
        let state = match index.cmp(&reached) {
            std::cmp::Ordering::Less => "done",
            std::cmp::Ordering::Equal => "current",
            std::cmp::Ordering::Greater => "todo",
        };
        view! {
            <li data-stage=step.as_api() data-state=state aria-current=(state == "current").then_some("step")>
                {move || (i18n.t().sales_labels.stage_label)(step)}
            </li>
        }
    });
    view! {
        <nav class="stage-progress" aria-label=tr(|t| t.sales().stage_progress)>
            <ol>{steps.collect_view()}</ol>
        </nav>
    }
}

/// The subtotal (before tax) of the quote that stands for the deal, beside its amount: the
/// accepted quote, else the newest one in play; a warning when the two differ, so that the
/// pipeline does not forecast one figure while the customer holds another.
#[component]
fn QuoteComparison(opportunity_id: String, amount: String, currency: String) -> impl IntoView {
    let i18n = use_i18n();
    let quotes = LocalResource::new(move || {
        let id = opportunity_id.clone();
        async move { call::<OpportunityQuoteTotals>(opportunity_quote_totals::Variables { id }).await.map(|data| data.quotes.nodes) }
    });
    move || {
        let quote = quotes.get()?.ok().and_then(standing_quote)?;
        let differs = quote.subtotal.currency != currency || !same_amount(&quote.subtotal.amount, &amount);
        let href = format!("/quotes/{}", quote.id);
        let label = format!("{} rev. {}", quote.number, quote.revision);
        let total = format::money(i18n.tag(), &quote.subtotal.amount, &quote.subtotal.currency);
        Some(view! {
            <p class="quote-comparison" data-differs=differs.to_string()>
                {(i18n.t().sales().standing_quote_subtotal)(&total)} " (" <A href=href>{label}</A> ")"
                {differs.then(|| view! { <span class="badge badge-warning" role="status">{i18n.t().sales().quote_differs}</span> })}
            </p>
        })
    }
}

/// The quote that stands for the deal: the accepted one, else the newest still in play.
fn standing_quote(quotes: Vec<QuoteTotal>) -> Option<QuoteTotal> {
    let in_play = quotes.into_iter().filter(|quote| {
        matches!(quote.status, QuoteStatus::Draft | QuoteStatus::PendingApproval | QuoteStatus::Sent | QuoteStatus::Accepted)
    });
    in_play.max_by(|a, b| {
        let accepted = |quote: &QuoteTotal| quote.status == QuoteStatus::Accepted;
        accepted(a).cmp(&accepted(b)).then_with(|| a.created_at.cmp(&b.created_at))
    })
}

/// Whether two decimal amounts as the API writes them are the same number ("1200" and
/// "1200.00"), exactly: the app never turns money into floating point.
fn same_amount(a: &str, b: &str) -> bool {
    fn canonical(amount: &str) -> (bool, &str, &str) {
        let amount = amount.trim();
        let (negative, digits) = amount.strip_prefix('-').map_or((false, amount), |rest| (true, rest));
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let (whole, fraction) = (whole.trim_start_matches('0'), fraction.trim_end_matches('0'));
        // Zero has no sign.
        (negative && !(whole.is_empty() && fraction.is_empty()), whole, fraction)
    }
    canonical(a) == canonical(b)
}

/// The stage control: choose a stage and move (a loss asks for its reason).
#[component]
fn MoveSection(opportunity: OpportunityDetailOpportunity, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let stage = RwSignal::new(opportunity.stage.as_api().to_owned());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let losing = RwSignal::new(false);
    let (id, version, name) = (opportunity.id.clone(), opportunity.version, opportunity.name.clone());
    let send = move |target: OpportunityStage, lost_reason: Option<String>| {
        busy.set(true);
        error.set(None);
        let id = id.clone();
        leptos::task::spawn_local(async move {
            let result = move_to(id, version, target, lost_reason).await;
            busy.set(false);
            match result {
                Ok(()) => reload.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let send = StoredValue::new(send);
    let current = opportunity.stage;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match OpportunityStage::from_api(&stage.get_untracked()) {
            Some(target) if target == current => {}
            Some(OpportunityStage::ClosedLost) => losing.set(true),
            Some(target) => send.with_value(|send| send(target, None)),
            None => {}
        }
    };
    let options = Signal::derive(move || stage_options(i18n.t()));
    let field_error = Signal::derive(move || error.get().filter(|error| error.is_about("lostReason")));
    view! {
        <section class="card move-section" aria-labelledby="move-title">
            <h2 id="move-title">{tr(|t| t.sales_labels.stage)}</h2>
            <form class="inline-form" on:submit=submit>
                <SelectField label=Signal::derive(tr(|t| t.sales().move_to)) value=stage field="stage" options=options error=error />
                <div class="form-actions">
                    <button type="submit" id="move-opportunity" disabled=move || busy.get()>
                        {tr(|t| t.sales().move_button)}
                    </button>
                </div>
            </form>
            {move || {
                losing
                    .get()
                    .then(|| {
                        view! {
                            <LostReasonForm
                                name=name.clone()
                                error=field_error
                                busy=busy
                                on_submit=Callback::new(move |reason| send.with_value(|send| send(OpportunityStage::ClosedLost, reason)))
                                on_cancel=Callback::new(move |()| {
                                    losing.set(false);
                                    error.set(None);
                                })
                            />
                        }
                    })
            }}
            <ErrorBox error=Signal::derive(move || unclaimed_error(error.get(), &["lostReason", "stage"]).filter(|e| !is_stale(&Some(e.clone())))) />
            {move || {
                is_stale(&error.get())
                    .then(|| {
                        view! {
                            <div class="alert alert-error" role="alert" data-error-code="CONFLICT">
                                <p>{i18n.t().error_conflict}</p>
                                <button type="button" id="reload-opportunity" on:click=move |_| reload.run(())>
                                    {i18n.t().reload}
                                </button>
                            </div>
                        }
                    })
            }}
        </section>
    }
}

/// Approve (optionally naming the owner) or reject (with a note) a pending deal registration.
#[component]
fn ReviewSection(opportunity: OpportunityDetailOpportunity, reload: Callback<()>) -> impl IntoView {
    let options = use_assignment_options(true);
    let owner = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let (id, version) = (opportunity.id.clone(), opportunity.version);
    let review = move |approve: bool| {
        busy.set(true);
        error.set(None);
        let input = review_deal_registration::ReviewDealRegistrationInput {
            id: id.clone(),
            version,
            approve,
            owner_id: if approve { non_empty(owner.get_untracked()) } else { None },
            note: non_empty(note.get_untracked()),
        };
        leptos::task::spawn_local(async move {
            let result = call::<ReviewDealRegistration>(review_deal_registration::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(_) => reload.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let review = StoredValue::new(review);
    view! {
        <section class="card review-section" aria-labelledby="review-title">
            <h2 id="review-title">{tr(|t| t.sales().review_registration)}</h2>
            <form class="inline-form" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| ev.prevent_default()>
                <SelectField
                    label=Signal::derive(tr(|t| t.sales().review_owner))
                    value=owner
                    field="ownerId"
                    options=options.owners
                    error=error
                    empty=Signal::derive(tr(|t| t.not_assigned))
                />
                <TextField label=Signal::derive(tr(|t| t.sales().review_note)) value=note field="note" error=error multiline=true />
                <FormErrors error=Signal::derive(move || unclaimed_error(error.get(), &["ownerId", "note"])) />
                <div class="form-actions">
                    <button
                        type="button"
                        class="button-primary"
                        id="approve-registration"
                        disabled=move || busy.get()
                        on:click=move |_| review.with_value(|review| review(true))
                    >
                        {tr(|t| t.sales().approve)}
                    </button>
                    <button
                        type="button"
                        id="reject-registration"
                        disabled=move || busy.get()
                        on:click=move |_| review.with_value(|review| review(false))
                    >
                        {tr(|t| t.sales().reject)}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// The opportunity's quotes, newest first, and a link to build a new one.
#[component]
fn QuotesSection(opportunity_id: String, may_create: bool) -> impl IntoView {
    let new_href = format!("/opportunities/{opportunity_id}/quotes/new");
    view! {
        <section class="card quotes-section" aria-labelledby="quotes-title">
            <div class="section-header">
                <h2 id="quotes-title">{tr(|t| t.sales().quotes_section)}</h2>
                {may_create
                    .then(|| {
                        view! {
                            <A href=new_href attr:class="button" attr:id="new-quote">
                                {tr(|t| t.sales().new_quote)}
                            </A>
                        }
                    })}
            </div>
            <QuotesTable scope=QuoteScope::Opportunity(opportunity_id) />
        </section>
    }
}

#[component]
fn StageHistory(opportunity: OpportunityDetailOpportunity) -> impl IntoView {
    let i18n = use_i18n();
    let rows = opportunity
        .stage_history
        .into_iter()
        .map(|change| {
            let (event, from, to) = (change.event, change.from_stage, change.to_stage);
            let at = change.changed_at.clone();
            let datetime = at.clone();
            let amount = change.amount.clone();
            let probability = change.probability;
            view! {
                <tr data-to=to.as_api() data-event=event.as_api()>
                    <td>
                        <time datetime=datetime>{move || format::date_time(i18n.tag(), &at)}</time>
                    </td>
                    <td>{move || (i18n.t().sales().stage_event_label)(event)}</td>
                    <td>{move || from.map(|from| (i18n.t().sales_labels.stage_label)(from)).unwrap_or(i18n.t().none)}</td>
                    <td>{move || (i18n.t().sales_labels.stage_label)(to)}</td>
                    <td>{move || (i18n.t().sales().probability_value)(probability)}</td>
                    <td>{move || format::money(i18n.tag(), &amount.amount, &amount.currency)}</td>
                    <td>{change.actor_label.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card history-section" aria-labelledby="stage-history-title">
            <h2 id="stage-history-title">{tr(|t| t.sales().stage_history)}</h2>
            // Focusable, so that a keyboard can scroll a table wider than the screen.
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="stage-history-title">
                <table class="stage-history">
                    <thead>
                        <tr>
                            <th scope="col">{tr(|t| t.sales().changed_at)}</th>
                            <th scope="col">{tr(|t| t.sales().stage_event)}</th>
                            <th scope="col">{tr(|t| t.sales().from_stage)}</th>
                            <th scope="col">{tr(|t| t.sales().to_stage)}</th>
                            <th scope="col">{tr(|t| t.sales().win_probability)}</th>
                            <th scope="col">{tr(|t| t.sales_labels.amount)}</th>
                            <th scope="col">{tr(|t| t.sales().changed_by)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn ArchiveButton(id: String, version: i64, archived: bool, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let act = move |_| {
        if !archived && !window().confirm_with_message(i18n.t().sales().archive_opportunity_confirm).unwrap_or(false) {
            return;
        }
        busy.set(true);
        let id = id.clone();
        leptos::task::spawn_local(async move {
            let result = if archived {
                let input = restore_opportunity::RecordVersionInput { id, version };
                call::<RestoreOpportunity>(restore_opportunity::Variables { input }).await.map(drop)
            } else {
                let input = archive_opportunity::RecordVersionInput { id, version };
                call::<ArchiveOpportunity>(archive_opportunity::Variables { input }).await.map(drop)
            };
            busy.set(false);
            match result {
                Ok(()) => reload.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    view! {
        <button type="button" id="archive-opportunity" on:click=act disabled=move || busy.get()>
            {move || if archived { i18n.t().restore } else { i18n.t().archive }}
        </button>
        <FormErrors error=error />
    }
}

fn shown_products(products: &[crate::api::ops::opportunity_detail::OpportunityDetailOpportunityProducts]) -> Vec<ShownProduct> {
    products.iter().map(|p| ShownProduct { id: p.id.clone(), name: p.name.clone(), sku: p.sku.clone(), family: p.family.clone() }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ops::opportunity_quote_totals::OpportunityQuoteTotalsQuotesNodesSubtotal as Subtotal;

    fn quote(number: &str, status: QuoteStatus, created_at: &str) -> QuoteTotal {
        QuoteTotal {
            id: number.to_owned(),
            number: number.to_owned(),
            revision: 1,
            status,
            subtotal: Subtotal { amount: "100".to_owned(), currency: "EUR".to_owned() },
            created_at: created_at.to_owned(),
        }
    }

    #[test]
    fn the_accepted_quote_stands_for_the_deal_else_the_newest_in_play() {
        let older = quote("Q-1", QuoteStatus::Sent, "2026-11-01T10:00:00+00:00");
        let newer = quote("Q-2", QuoteStatus::Draft, "2026-11-20T10:00:00+00:00");
        let rejected = quote("Q-3", QuoteStatus::Rejected, "2026-11-30T10:00:00+00:00");
        let standing = standing_quote(vec![older.clone(), newer.clone(), rejected.clone()]).map(|q| q.number);
        assert_eq!(standing.as_deref(), Some("Q-2"));
        let accepted = quote("Q-0", QuoteStatus::Accepted, "2026-10-01T10:00:00+00:00");
        let standing = standing_quote(vec![older, accepted, newer]).map(|q| q.number);
        assert_eq!(standing.as_deref(), Some("Q-0"));
        assert!(standing_quote(vec![rejected]).is_none());
    }

    #[test]
    fn amounts_compare_as_numbers() {
        assert!(same_amount("1200", "1200.00"));
        assert!(same_amount(" 0120.50", "120.5"));
        assert!(!same_amount("99.995", "99.999"));
        assert!(same_amount("-0.00", "0"));
        assert!(!same_amount("1200", "1200.50"));
    }
}
