//! The lead assignment rules (admins and sales managers), in evaluation order: what each
//! matches and whom it hands leads to; add one, rename or move it, turn it on or off.

use leptos::prelude::*;
use serde_json::json;

use crate::api::ops::assignment_rule_list::AssignmentRuleListAssignmentRules;
use crate::api::ops::{
    assignment_rule_list, create_assignment_rule, routing_options, update_assignment_rule, AssignmentRuleList, AssignmentTarget,
    CreateAssignmentRule, LeadSource, RoutingOptions, UpdateAssignmentRule,
};
use crate::api::{call, ApiError};
use crate::components::{loaded, non_empty, ErrorBox, FormActions, SelectField, TextField};
use crate::format;
use crate::i18n::{tr, use_i18n, Texts};
use crate::pages::admin::{local_input_error, routing_only, CheckField, RecordFormErrors};
use crate::pages::leads::source_options;

const FIELDS: &[&str] = &["name", "position", "country", "region", "source", "target", "salesTeamId", "userId", "partnerId"];
const EDIT_FIELDS: &[&str] = &["name", "position", "active"];

/// The largest position the form accepts (the rules are few; gaps of 10 leave room).
const MAX_POSITION: i64 = 100_000;

type Rule = AssignmentRuleListAssignmentRules;

#[component]
pub fn AssignmentRulesPage() -> impl IntoView {
    routing_only(|| view! { <AssignmentRules /> }.into_any())
}

/// Teams, salespeople and partners a rule can hand leads to, as `(id, name)` pairs.
#[derive(Clone, Copy)]
struct Targets {
    teams: Signal<Vec<(String, String)>>,
    users: Signal<Vec<(String, String)>>,
    partners: Signal<Vec<(String, String)>>,
}

fn use_targets() -> Targets {
    let loaded = LocalResource::new(|| async { call::<RoutingOptions>(routing_options::Variables {}).await.ok() });
    let data = move || loaded.get().flatten();
    Targets {
        teams: Signal::derive(move || {
            data().map(|d| d.sales_teams.nodes.into_iter().map(|team| (team.id, team.name)).collect()).unwrap_or_default()
        }),
        users: Signal::derive(move || {
            data().map(|d| d.users.nodes.into_iter().map(|user| (user.id, user.display_name)).collect()).unwrap_or_default()
        }),
        partners: Signal::derive(move || {
            data().map(|d| d.partner_organizations.nodes.into_iter().map(|org| (org.id, org.name)).collect()).unwrap_or_default()
        }),
    }
}

#[component]
fn AssignmentRules() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let rules = LocalResource::new(move || {
        reload.track();
        async move { call::<AssignmentRuleList>(assignment_rule_list::Variables {}).await.map(|data| data.assignment_rules) }
    });
    let creating = RwSignal::new(false);
    // The rule whose edit form is open (one at a time, so element ids stay unique).
    let open = RwSignal::new(None::<String>);
    let targets = use_targets();
    let refresh = Callback::new(move |()| reload.update(|n| *n += 1));
    view! {
        <section class="page" aria-labelledby="rules-title">
            <div class="page-header">
                <h1 id="rules-title">{tr(|t| t.sales().nav_assignment_rules)}</h1>
                <button type="button" class="button-primary" id="new-rule" on:click=move |_| creating.set(true)>
                    {tr(|t| t.sales().new_rule)}
                </button>
            </div>
            <p class="hint">{tr(|t| t.sales().rules_intro)}</p>
            {move || {
                creating
                    .get()
                    .then(|| {
                        view! {
                            <RuleForm
                                targets=targets
                                on_done=Callback::new(move |saved: bool| {
                                    creating.set(false);
                                    if saved {
                                        refresh.run(());
                                    }
                                })
                            />
                        }
                    })
            }}
            {move || {
                loaded(
                    rules.get(),
                    |rules| {
                        if rules.is_empty() {
                            return view! { <p class="empty">{tr(|t| t.sales().no_rules)}</p> }.into_any();
                        }
                        view! {
                            <div class="table-wrap">
                                <table class="assignment-rules">
                                    <thead>
                                        <tr>
                                            <th scope="col">{tr(|t| t.sales().position)}</th>
                                            <th scope="col">{tr(|t| t.sales().rule_name)}</th>
                                            <th scope="col">{tr(|t| t.sales().criteria)}</th>
                                            <th scope="col">{tr(|t| t.sales().target)}</th>
                                            <th scope="col">{tr(|t| t.sales().assigned_count)}</th>
                                            <th scope="col">{tr(|t| t.sales_labels.status)}</th>
                                            <th scope="col">
                                                <span class="visually-hidden">{tr(|t| t.edit)}</span>
                                            </th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {rules
                                            .into_iter()
                                            .map(|rule| view! { <RuleRow rule=rule open=open on_saved=refresh /> })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }
                            .into_any()
                    },
                )
            }}
        </section>
    }
}

/// What a rule matches, e.g. "Italy · Lombardia · Web form", or "Any lead".
fn criteria(t: &Texts, tag: &str, rule: &Rule) -> String {
    let mut parts = Vec::new();
    if let Some(country) = &rule.country {
        parts.push(format::country(tag, &country.code));
    }
    if let Some(region) = &rule.region {
        parts.push(region.clone());
    }
    if let Some(source) = rule.source {
        parts.push((t.sales().source_label)(source).to_owned());
    }
    if parts.is_empty() {
        t.sales().any_lead.to_owned()
    } else {
        parts.join(" · ")
    }
}

/// Whom a rule hands leads to, e.g. "A sales team in turn: Nord Italia".
fn target_text(t: &Texts, rule: &Rule) -> String {
    let name = match rule.target {
        AssignmentTarget::Team => rule.sales_team.as_ref().map(|team| team.name.clone()),
        AssignmentTarget::User => rule.user.as_ref().map(|user| user.display_name.clone()),
        AssignmentTarget::Partner => rule.partner.as_ref().map(|partner| partner.name.clone()),
    };
    format!("{}: {}", (t.sales().target_label)(rule.target), name.unwrap_or_else(|| t.none.to_owned()))
}

#[component]
fn RuleRow(rule: Rule, open: RwSignal<Option<String>>, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let (id, version, active) = (rule.id.clone(), rule.version, rule.active);
    let editing = {
        let id = id.clone();
        Signal::derive(move || open.get().as_deref() == Some(id.as_str()))
    };
    let toggle = {
        let id = id.clone();
        move |_| {
            let input =
                update_assignment_rule::UpdateAssignmentRuleInput { id: id.clone(), version, active: Some(!active), ..Default::default() };
            busy.set(true);
            leptos::task::spawn_local(async move {
                let result = call::<UpdateAssignmentRule>(update_assignment_rule::Variables { input }).await;
                busy.set(false);
                match result {
                    Ok(_) => on_saved.run(()),
                    Err(err) => error.set(Some(err)),
                }
            });
        }
    };
    let stored = StoredValue::new(rule.clone());
    let open_id = id.clone();
    let describe = {
        let rule = rule.clone();
        move || criteria(i18n.t(), i18n.tag(), &rule)
    };
    let target = {
        let rule = rule.clone();
        move || target_text(i18n.t(), &rule)
    };
    view! {
        <tr data-id=id.clone() data-active=active.to_string()>
            <td>{rule.position}</td>
            <th scope="row">{rule.name.clone()}</th>
            <td>{describe}</td>
            <td data-target=rule.target.as_api()>{target}</td>
            <td>{move || format::integer(i18n.tag(), rule.assigned_count)}</td>
            <td>{move || if active { i18n.t().active } else { i18n.t().inactive }}</td>
            <td class="row-actions">
                <button
                    type="button"
                    class="button-link edit-rule"
                    on:click=move |_| {
                        let id = open_id.clone();
                        open.update(|open| *open = if open.as_deref() == Some(id.as_str()) { None } else { Some(id) });
                    }
                >
                    {tr(|t| t.edit)}
                    <span class="visually-hidden">" " {rule.name.clone()}</span>
                </button>
                <button type="button" class="button-link toggle-rule" on:click=toggle disabled=move || busy.get()>
                    {move || if active { i18n.t().deactivate } else { i18n.t().activate }}
                </button>
                <ErrorBox error=error />
            </td>
        </tr>
        {move || {
            editing
                .get()
                .then(|| {
                    view! {
                        <tr class="edit-row">
                            <td colspan="7">
                                <RuleEditForm
                                    rule=stored.get_value()
                                    on_done=Callback::new(move |saved: bool| {
                                        open.set(None);
                                        if saved {
                                            on_saved.run(());
                                        }
                                    })
                                />
                            </td>
                        </tr>
                    }
                })
        }}
    }
}

/// Parses an optional position (`Some(None)`: empty); an invalid one is shown in `error`
/// and gives `None`.
fn parse_position(text: &str, error: RwSignal<Option<ApiError>>) -> Option<Option<i64>> {
    match non_empty(text.to_owned()) {
        None => Some(None),
        Some(text) => match text.parse::<i64>() {
            Ok(position) if (0..=MAX_POSITION).contains(&position) => Some(Some(position)),
            _ => {
                error.set(Some(local_input_error("position", "OUT_OF_RANGE", json!({"min": 0, "max": MAX_POSITION}))));
                None
            }
        },
    }
}

/// Renames, moves or turns on/off a rule at the version read.
#[component]
fn RuleEditForm(rule: Rule, on_done: Callback<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(rule.name.clone());
    let position = RwSignal::new(rule.position.to_string());
    let active = RwSignal::new(rule.active);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let (id, version) = (rule.id.clone(), rule.version);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(position) = parse_position(&position.get_untracked(), error) else { return };
        let input = update_assignment_rule::UpdateAssignmentRuleInput {
            id: id.clone(),
            version,
            name: Some(name.get_untracked().trim().to_owned()),
            position,
            active: Some(active.get_untracked()),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = call::<UpdateAssignmentRule>(update_assignment_rule::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(_) => on_done.run(true),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    view! {
        <form class="card rule-edit-form" novalidate on:submit=submit aria-labelledby="rule-edit-title">
            <h2 id="rule-edit-title">{tr(|t| t.sales().edit_rule)}</h2>
            <div class="form-grid">
                <TextField label=label(|t| t.sales().rule_name) value=name field="name" error=error required=true />
                <TextField label=label(|t| t.sales().position) value=position field="position" error=error input_type="number" />
                <CheckField label=label(|t| t.active) value=active field="active" />
            </div>
            <RecordFormErrors
                error=error
                fields=EDIT_FIELDS
                on_reload=Callback::new(move |()| on_done.run(true))
                reload_id="reload-rule"
            />
            <FormActions busy=busy on_cancel=Callback::new(move |()| on_done.run(false)) submit_class="save-rule" />
        </form>
    }
}

/// Adds a rule: what it matches and whom it hands leads to.
#[component]
fn RuleForm(targets: Targets, on_done: Callback<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let position = RwSignal::new(String::new());
    let country = RwSignal::new(String::new());
    let region = RwSignal::new(String::new());
    let source = RwSignal::new(String::new());
    let target = RwSignal::new(AssignmentTarget::Team.as_api().to_owned());
    let team = RwSignal::new(String::new());
    let user = RwSignal::new(String::new());
    let partner = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(position) = parse_position(&position.get_untracked(), error) else { return };
        let kind = AssignmentTarget::from_api(&target.get_untracked()).unwrap_or(AssignmentTarget::Team);
        let input = create_assignment_rule::CreateAssignmentRuleInput {
            name: name.get_untracked().trim().to_owned(),
            position,
            country: non_empty(country.get_untracked()),
            region: non_empty(region.get_untracked()),
            source: LeadSource::from_api(&source.get_untracked()),
            target: kind,
            sales_team_id: (kind == AssignmentTarget::Team).then(|| non_empty(team.get_untracked())).flatten(),
            user_id: (kind == AssignmentTarget::User).then(|| non_empty(user.get_untracked())).flatten(),
            partner_id: (kind == AssignmentTarget::Partner).then(|| non_empty(partner.get_untracked())).flatten(),
        };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = call::<CreateAssignmentRule>(create_assignment_rule::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(_) => on_done.run(true),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let countries = Signal::derive(move || {
        let tag = i18n.tag();
        format::COUNTRY_CODES.iter().map(|code| ((*code).to_owned(), format::country(tag, code))).collect::<Vec<_>>()
    });
    let sources = Signal::derive(move || source_options(i18n.t()));
    let kinds = Signal::derive(move || {
        let t = i18n.t();
        AssignmentTarget::ALL.iter().map(|kind| (kind.as_api().to_owned(), (t.sales().target_label)(*kind).to_owned())).collect::<Vec<_>>()
    });
    let label = move |f: fn(&Texts) -> &'static str| Signal::derive(move || f(i18n.t()));
    let chosen = move || AssignmentTarget::from_api(&target.get()).unwrap_or(AssignmentTarget::Team);
    view! {
        <form class="card create-form rule-form" novalidate on:submit=submit aria-labelledby="rule-form-title">
            <h2 id="rule-form-title">{tr(|t| t.sales().new_rule)}</h2>
            <div class="form-grid">
                <TextField label=label(|t| t.sales().rule_name) value=name field="name" error=error required=true />
                <TextField
                    label=label(|t| t.sales().position)
                    value=position
                    field="position"
                    error=error
                    input_type="number"
                    hint=label(|t| t.sales().position_hint)
                />
            </div>
            <fieldset class="form-section">
                <legend>{tr(|t| t.sales().criteria)}</legend>
                <div class="form-grid">
                    <SelectField
                        label=label(|t| t.country)
                        value=country
                        field="country"
                        options=countries
                        error=error
                        empty=label(|t| t.sales().any_country)
                    />
                    <TextField label=label(|t| t.region) value=region field="region" error=error hint=label(|t| t.sales().region_hint) />
                    <SelectField
                        label=label(|t| t.sales().source)
                        value=source
                        field="source"
                        options=sources
                        error=error
                        empty=label(|t| t.sales().any_source)
                    />
                </div>
            </fieldset>
            <fieldset class="form-section">
                <legend>{tr(|t| t.sales().target)}</legend>
                <div class="form-grid">
                    <SelectField label=label(|t| t.sales().target_kind) value=target field="target" options=kinds error=error />
                    {move || match chosen() {
                        AssignmentTarget::Team => {
                            view! {
                                <SelectField
                                    label=label(|t| t.sales().sales_team)
                                    value=team
                                    field="salesTeamId"
                                    options=targets.teams
                                    error=error
                                    empty=label(|t| t.sales().choose)
                                />
                            }
                                .into_any()
                        }
                        AssignmentTarget::User => {
                            view! {
                                <SelectField
                                    label=label(|t| t.sales().salesperson)
                                    value=user
                                    field="userId"
                                    options=targets.users
                                    error=error
                                    empty=label(|t| t.sales().choose)
                                />
                            }
                                .into_any()
                        }
                        AssignmentTarget::Partner => {
                            view! {
                                <SelectField
                                    label=label(|t| t.partner)
                                    value=partner
                                    field="partnerId"
                                    options=targets.partners
                                    error=error
                                    empty=label(|t| t.sales().choose)
                                />
                            }
                                .into_any()
                        }
                    }}
                </div>
            </fieldset>
            <RecordFormErrors error=error fields=FIELDS on_reload=Callback::new(move |()| on_done.run(true)) />
            <FormActions busy=busy on_cancel=Callback::new(move |()| on_done.run(false)) submit_class="save-rule" />
        </form>
    }
}
