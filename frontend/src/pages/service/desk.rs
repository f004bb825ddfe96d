//! The service desk at a glance: each person's presence, open tickets against their capacity,
//! skills and queues; a desk user sets their own presence here. Admins and service managers
//! also set capacities and skills, each queue's routing and members, and move an agent's open
//! tickets to someone else or back to the queue in one step.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::ops::service_desk::{ServiceDeskServiceAgents, ServiceDeskServiceQueues};
use crate::api::ops::{
    my_service_agent, reassign_tickets, service_desk, set_my_presence, update_queue_routing, update_service_agent, AgentPresence,
    MyServiceAgent, PrincipalKind, QueueRouting, ReassignTickets, ServiceDesk, SetMyPresence, StaffRole, UpdateQueueRouting,
    UpdateServiceAgent,
};
use crate::api::{call, ApiError};
use crate::app::use_viewer;
use crate::components::{loaded, option_list, ErrorBox};
use crate::i18n::{tr, use_i18n};
use crate::session::Viewer;

/// Whether the viewer is of the service desk (has a presence).
pub fn is_desk(viewer: &Viewer) -> bool {
    viewer.kind == PrincipalKind::Staff
        && matches!(viewer.role, Some(StaffRole::Admin | StaffRole::ServiceManager | StaffRole::ServiceAgent))
}

/// Whether the viewer sets the desk up (the server decides the same way).
fn manages_desk(viewer: &Viewer) -> bool {
    viewer.kind == PrincipalKind::Staff && matches!(viewer.role, Some(StaffRole::Admin | StaffRole::ServiceManager))
}

/// Words separated by commas, trimmed, empty ones left out.
fn words(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|word| !word.is_empty()).map(str::to_owned).collect()
}

#[component]
pub fn DeskPage() -> impl IntoView {
    let viewer = use_viewer();
    let manages = manages_desk(&viewer);
    let desk_user = is_desk(&viewer);
    let reload = RwSignal::new(0_u32);
    let changed = Callback::new(move |()| reload.update(|n| *n += 1));
    // What the last bulk move did: kept here, as the table is drawn again after it.
    let notice = RwSignal::new(None::<String>);
    let desk = LocalResource::new(move || {
        reload.track();
        async move { call::<ServiceDesk>(service_desk::Variables {}).await }
    });
    view! {
        <section class="page desk-page" aria-labelledby="desk-title">
            <p class="breadcrumb">
                <A href="/tickets">{tr(|t| t.service().back_to_tickets)}</A>
            </p>
            <h1 id="desk-title">{tr(|t| t.service().desk)}</h1>
            {desk_user.then(|| view! { <PresencePicker changed=changed /> })}
            <p id="desk-notice" class="done" role="status">{move || notice.get()}</p>
            {move || {
                loaded(
                    desk.get(),
                    move |data| {
                        let agents = data.service_agents;
                        let queues = data.service_queues;
                        let people: Vec<(String, String)> = agents.iter().map(|a| (a.user.id.clone(), a.user.display_name.clone())).collect();
                        let calendars: Vec<(String, String)> = data.service_calendars.into_iter().map(|c| (c.id, c.name)).collect();
                        view! {
                            <Agents agents=agents people=people.clone() calendars=calendars manages=manages changed=changed notice=notice />
                            {manages.then(|| view! { <Queues queues=queues people=people changed=changed /> })}
                        }
                            .into_any()
                    },
                )
            }}
        </section>
    }
}

/// The viewer's own presence, changed on selection.
#[component]
pub fn PresencePicker(#[prop(optional)] changed: Option<Callback<()>>) -> impl IntoView {
    let i18n = use_i18n();
    let current = RwSignal::new(None::<AgentPresence>);
    let error = RwSignal::new(None::<ApiError>);
    leptos::task::spawn_local(async move {
        if let Ok(data) = call::<MyServiceAgent>(my_service_agent::Variables {}).await {
            current.set(data.my_service_agent.map(|me| me.presence));
        }
    });
    let choose = move |ev: leptos::ev::Event| {
        let Some(presence) = AgentPresence::from_api(&event_target_value(&ev)) else { return };
        error.set(None);
        leptos::task::spawn_local(async move {
            match call::<SetMyPresence>(set_my_presence::Variables { presence }).await {
                Ok(data) => {
                    current.set(Some(data.set_my_presence.agent.presence));
                    if let Some(changed) = changed {
                        changed.run(());
                    }
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    view! {
        <div class="field presence-picker">
            <label for="my-presence">{tr(|t| t.service().my_presence)}</label>
            <select id="my-presence" on:change=choose data-presence=move || current.get().map(|p| p.as_api())>
                {move || {
                    AgentPresence::ALL
                        .iter()
                        .map(|presence| {
                            view! {
                                <option value=presence.as_api() selected=move || current.get() == Some(*presence)>
                                    {move || (i18n.t().service().presence_label)(*presence)}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <ErrorBox error=error />
        </div>
    }
}

#[component]
fn Agents(
    agents: Vec<ServiceDeskServiceAgents>,
    people: Vec<(String, String)>,
    calendars: Vec<(String, String)>,
    manages: bool,
    changed: Callback<()>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = agents
        .into_iter()
        .map(|agent| {
            let presence = agent.presence;
            let load = (i18n.t().service().load_of)(agent.open_tickets, agent.capacity);
            let queues = agent.queues.iter().map(|q| q.name.clone()).collect::<Vec<_>>().join(", ");
            let skills = [agent.languages.join(", "), agent.categories.join(", ")];
            let others: Vec<(String, String)> = people.iter().filter(|(id, _)| *id != agent.user.id).cloned().collect();
            let id = agent.user.id.clone();
            let hours = agent.calendar.as_ref().map(|calendar| calendar.name.clone());
            let calendars = calendars.clone();
            view! {
                <tr data-id=id>
                    <th scope="row">{agent.user.display_name.clone()}</th>
                    <td data-label=move || i18n.t().service().presence>
                        <span class="badge presence" data-presence=presence.as_api()>
                            {move || (i18n.t().service().presence_label)(presence)}
                        </span>
                    </td>
                    <td data-label=move || i18n.t().service().load class="load">{load}</td>
                    <td data-label=move || i18n.t().service().languages>{skills[0].clone()}</td>
                    <td data-label=move || i18n.t().service().categories>{skills[1].clone()}</td>
                    <td data-label=move || i18n.t().service().queues>{queues}</td>
                    <td data-label=move || i18n.t().service().extension class="extension">{agent.extension.clone()}</td>
                    <td data-label=move || i18n.t().service().working_hours class="hours">
                        {move || hours.clone().unwrap_or_else(|| i18n.t().service().queue_hours.to_owned())}
                    </td>
                    {manages
                        .then(|| view! { <td><AgentTools agent=agent.clone() others=others calendars=calendars changed=changed notice=notice /></td> })}
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="list desk-agents">
            <thead>
                <tr>
                    <th scope="col">{tr(|t| t.service().agent)}</th>
                    <th scope="col">{tr(|t| t.service().presence)}</th>
                    <th scope="col">{tr(|t| t.service().load)}</th>
                    <th scope="col">{tr(|t| t.service().languages)}</th>
                    <th scope="col">{tr(|t| t.service().categories)}</th>
                    <th scope="col">{tr(|t| t.service().queues)}</th>
                    <th scope="col">{tr(|t| t.service().extension)}</th>
                    <th scope="col">{tr(|t| t.service().working_hours)}</th>
                    {manages.then(|| view! { <th scope="col">{tr(|t| t.service().changes)}</th> })}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// A manager's changes to one agent: capacity and skills, and moving their open tickets.
#[component]
fn AgentTools(
    agent: ServiceDeskServiceAgents,
    others: Vec<(String, String)>,
    calendars: Vec<(String, String)>,
    changed: Callback<()>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = agent.user.id.clone();
    let capacity = RwSignal::new(agent.capacity.to_string());
    let languages = RwSignal::new(agent.languages.join(", "));
    let categories = RwSignal::new(agent.categories.join(", "));
    let extension = RwSignal::new(agent.extension.clone().unwrap_or_default());
    let hours = RwSignal::new(agent.calendar.as_ref().map(|calendar| calendar.id.clone()).unwrap_or_default());
    let target = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let (user_id, version) = (agent.user.id.clone(), agent.version);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = update_service_agent::UpdateServiceAgentInput {
            user_id: user_id.clone(),
            version,
            capacity: capacity.get_untracked().trim().parse().ok(),
            languages: Some(words(&languages.get_untracked())),
            categories: Some(words(&categories.get_untracked())),
            extension: Some(extension.get_untracked()),
            // An empty id: the queue's hours.
            calendar_id: Some(hours.get_untracked()),
        };
        error.set(None);
        leptos::task::spawn_local(async move {
            match call::<UpdateServiceAgent>(update_service_agent::Variables { input }).await {
                Ok(_) => changed.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let from = agent.user.id.clone();
    let reassign = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let to = target.get_untracked();
        let input = reassign_tickets::ReassignTicketsInput {
            from_assignee_id: Some(from.clone()),
            assignee_id: (!to.is_empty()).then_some(to),
            ..reassign_tickets::ReassignTicketsInput::default()
        };
        error.set(None);
        leptos::task::spawn_local(async move {
            match call::<ReassignTickets>(reassign_tickets::Variables { input }).await {
                Ok(data) => {
                    notice.set(Some((i18n.locale.get_untracked().texts().service().moved)(data.reassign_tickets.count)));
                    changed.run(());
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let field = move |name: &str| format!("{name}-{key}");
    let mut hour_choices = vec![(String::new(), i18n.locale.get_untracked().texts().service().queue_hours.to_owned())];
    hour_choices.extend(calendars);
    let mut targets = vec![(String::new(), i18n.locale.get_untracked().texts().service().back_to_queue.to_owned())];
    targets.extend(others);
    view! {
        <details class="agent-tools">
            <summary>{tr(|t| t.service().change)}</summary>
            <form class="agent-profile" on:submit=save>
                <div class="field">
                    <label for=field("capacity")>{tr(|t| t.service().capacity)}</label>
                    <input id=field("capacity") type="number" min="1" max="200" prop:value=move || capacity.get() on:input=move |ev| capacity.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for=field("languages")>{tr(|t| t.service().languages)}</label>
                    <input id=field("languages") prop:value=move || languages.get() on:input=move |ev| languages.set(event_target_value(&ev)) />
                    <p class="hint">{tr(|t| t.service().skills_hint)}</p>
                </div>
                <div class="field">
                    <label for=field("categories")>{tr(|t| t.service().categories)}</label>
                    <input id=field("categories") prop:value=move || categories.get() on:input=move |ev| categories.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for=field("extension")>{tr(|t| t.service().extension)}</label>
                    <input id=field("extension") inputmode="tel" prop:value=move || extension.get() on:input=move |ev| extension.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for=field("hours")>{tr(|t| t.service().working_hours)}</label>
                    <select id=field("hours") on:change=move |ev| hours.set(event_target_value(&ev))>
                        {option_list(&hours.get_untracked(), hour_choices)}
                    </select>
                </div>
                <button type="submit" class="save-agent">{tr(|t| t.service().save_agent)}</button>
            </form>
            <form class="agent-reassign" on:submit=reassign>
                <div class="field">
                    <label for=field("move-to")>{tr(|t| t.service().move_open_tickets)}</label>
                    <select id=field("move-to") on:change=move |ev| target.set(event_target_value(&ev))>
                        {option_list("", targets)}
                    </select>
                </div>
                <button type="submit" class="reassign-agent">{tr(|t| t.service().move_tickets)}</button>
            </form>
            <ErrorBox error=error />
        </details>
    }
}

#[component]
fn Queues(queues: Vec<ServiceDeskServiceQueues>, people: Vec<(String, String)>, changed: Callback<()>) -> impl IntoView {
    let cards = queues.into_iter().map(|queue| view! { <QueueCard queue=queue people=people.clone() changed=changed /> }).collect_view();
    view! {
        <section class="desk-queues" aria-labelledby="desk-queues-title">
            <h2 id="desk-queues-title">{tr(|t| t.service().queues)}</h2>
            {cards}
        </section>
    }
}

/// One queue's routing and members, saved together.
#[component]
fn QueueCard(queue: ServiceDeskServiceQueues, people: Vec<(String, String)>, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let routing = RwSignal::new(queue.routing);
    let members = RwSignal::new(queue.members.iter().map(|m| m.id.clone()).collect::<Vec<_>>());
    let address = RwSignal::new(queue.email_address.clone().unwrap_or_default());
    let error = RwSignal::new(None::<ApiError>);
    let (id, version) = (queue.id.clone(), queue.version);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = update_queue_routing::UpdateServiceQueueInput {
            id: id.clone(),
            version,
            routing: Some(routing.get_untracked()),
            member_ids: Some(members.get_untracked()),
            email_address: Some(address.get_untracked()),
            ..update_queue_routing::UpdateServiceQueueInput::default()
        };
        error.set(None);
        leptos::task::spawn_local(async move {
            match call::<UpdateQueueRouting>(update_queue_routing::Variables { input }).await {
                Ok(_) => changed.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let key = queue.id.clone();
    let routing_id = format!("routing-{key}");
    let address_id = format!("queue-address-{key}");
    let hint_id = format!("queue-address-hint-{key}");
    let boxes = people
        .into_iter()
        .map(|(user, name)| {
            let box_id = format!("member-{key}-{user}");
            let checked = members.with_untracked(|list| list.contains(&user));
            view! {
                <label class="check">
                    <input
                        type="checkbox"
                        id=box_id
                        checked=checked
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            let user = user.clone();
                            members.update(|list| {
                                list.retain(|id| *id != user);
                                if on {
                                    list.push(user);
                                }
                            });
                        }
                    />
                    {name}
                </label>
            }
        })
        .collect_view();
    view! {
        <form class="card queue-routing" data-id=queue.id.clone() on:submit=save>
            <h3>{queue.name.clone()}</h3>
            <div class="field">
                <label for=routing_id.clone()>{tr(|t| t.service().routing)}</label>
                <select id=routing_id on:change=move |ev| routing.set(QueueRouting::from_api(&event_target_value(&ev)).unwrap_or_default())>
                    {QueueRouting::ALL
                        .iter()
                        .map(|r| {
                            view! {
                                <option value=r.as_api() selected=routing.get_untracked() == *r>
                                    {move || (i18n.t().service().routing_label)(*r)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for=address_id.clone()>{move || i18n.t().email().address}</label>
                <input
                    type="email"
                    id=address_id
                    class="queue-address"
                    aria-describedby=hint_id.clone()
                    prop:value=move || address.get()
                    on:input=move |ev| address.set(event_target_value(&ev))
                />
                <p class="hint" id=hint_id>{move || i18n.t().email().address_hint}</p>
            </div>
            <fieldset class="queue-members">
                <legend>{tr(|t| t.service().members)}</legend>
                {boxes}
            </fieldset>
            <ErrorBox error=error />
            <button type="submit" class="save-queue">{tr(|t| t.service().save_queue)}</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn skills_are_the_words_between_commas() {
        assert_eq!(words(" it, en ,,billing "), vec!["it", "en", "billing"]);
        assert!(words(" , ").is_empty());
    }
}
