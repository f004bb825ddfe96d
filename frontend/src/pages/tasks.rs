//! Tasks: the person's own on the tasks page (soonest due first, late ones flagged, done ones
//! on request), and a record's on its page (a customer's gathers those about its contacts,
//! deals, orders and tickets). A tick marks one done, "Change" renames, reschedules or (staff)
//! hands it over; a form opens a new one, for the person or (staff) a colleague, due at a date
//! and time of the person's day. The tasks page hears reminders live.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::live::{self, Live};
use crate::api::ops::task_list::{TaskAboutInput, TaskFilter, TaskListTasksNodes, TaskStatusFilter, Variables};
use crate::api::ops::{
    add_task, my_task_reminders, set_task_status, update_task, AddTask, MyTaskReminders, PrincipalKind, SetTaskStatus, StaffRole, TaskList,
    TaskPriority, TaskStatus, TaskSubject, UpdateTask,
};
use crate::api::{call, ApiError};
use crate::app::use_viewer;
use crate::components::{loaded, ErrorBox};
use crate::format;
use crate::i18n::tasks::Texts;
use crate::i18n::{tr_of, use_i18n};
use crate::pages::customers::options::use_assignment_options;

/// How many tasks a list shows.
const PAGE: i64 = 50;

/// Which tasks a list shows.
#[derive(Clone, Debug, PartialEq)]
pub enum TasksOf {
    /// The person's own.
    Mine,
    /// Those about a customer and its contacts, deals, orders and tickets.
    Customer(String),
    /// Those about one record.
    Record(TaskSubject, String),
}

impl TasksOf {
    fn filter(&self, done_too: bool) -> TaskFilter {
        let status = (!done_too).then(|| TaskStatusFilter { in_: vec![TaskStatus::Open] });
        let mut filter = TaskFilter { status, ..TaskFilter::default() };
        match self {
            Self::Mine => filter.mine = Some(true),
            Self::Customer(id) => filter.customer_id = Some(id.clone()),
            Self::Record(subject, id) => filter.about = Some(TaskAboutInput { subject: *subject, id: id.clone() }),
        }
        filter
    }

    /// What a new task is about (none: a personal to-do).
    fn about(&self) -> Option<add_task::TaskAboutInput> {
        match self {
            Self::Mine => None,
            Self::Customer(id) => Some(add_task::TaskAboutInput { subject: TaskSubject::Customer, id: id.clone() }),
            Self::Record(subject, id) => Some(add_task::TaskAboutInput { subject: *subject, id: id.clone() }),
        }
    }
}

/// Whether the person opens tasks (mirrors the server: staff but analysts, partner users).
fn opens_tasks(kind: PrincipalKind, role: Option<StaffRole>) -> bool {
    match kind {
        PrincipalKind::Staff => role != Some(StaffRole::Analyst),
        PrincipalKind::Partner => true,
        _ => false,
    }
}

/// The tasks page: the person's own. A reminder reaching the person while it is open says so
/// at the top, and the list is read again.
#[component]
pub fn TasksPage() -> impl IntoView {
    let i18n = use_i18n();
    let reminded = RwSignal::new(None::<String>);
    let reload = RwSignal::new(0u32);
    let live: StoredValue<Option<Live>, LocalStorage> = StoredValue::new_local(None);
    let heard = move |data: Result<serde_json::Value, ApiError>| {
        if let Some(title) = data.ok().and_then(|data| data.pointer("/myTaskReminders/title").and_then(|t| t.as_str()).map(str::to_owned)) {
            reminded.set(Some(title));
            reload.update(|n| *n += 1);
        }
    };
    live.set_value(Some(live::subscribe::<MyTaskReminders>(my_task_reminders::Variables {}, heard, |_| ())));
    on_cleanup(move || live.set_value(None));
    view! {
        <section class="page tasks-page" aria-labelledby="tasks-title">
            <div class="page-header">
                <h1 id="tasks-title">{tr_of::<Texts>(|t| t.my_tasks)}</h1>
            </div>
            <p class="alert reminder" role="status" hidden=move || reminded.get().is_none()>
                {move || reminded.get().map(|title| (i18n.of::<Texts>().reminder)(&title))}
            </p>
            <Tasks of=TasksOf::Mine reload=reload />
        </section>
    }
}

/// A record's tasks, as a card on its page.
#[component]
pub fn TasksSection(of: TasksOf) -> impl IntoView {
    view! {
        <section class="card tasks-section" aria-labelledby="tasks-title">
            <h2 id="tasks-title">{tr_of::<Texts>(|t| t.title)}</h2>
            <Tasks of=of reload=RwSignal::new(0) />
        </section>
    }
}

#[component]
fn Tasks(of: TasksOf, reload: RwSignal<u32>) -> impl IntoView {
    let viewer = use_viewer();
    let opens = opens_tasks(viewer.kind, viewer.role);
    let staff = viewer.kind == PrincipalKind::Staff;
    let done_too = RwSignal::new(false);
    let of = StoredValue::new(of);
    let tasks = LocalResource::new(move || {
        reload.track();
        let variables = Variables { filter: of.with_value(|of| of.filter(done_too.get())), first: Some(PAGE), after: None };
        async move { call::<TaskList>(variables).await.map(|data| data.tasks.nodes) }
    });
    let changed = Callback::new(move |()| reload.update(|n| *n += 1));
    let own_record = of.with_value(|of| match of {
        TasksOf::Record(subject, id) => Some((*subject, id.clone())),
        _ => None,
    });
    let own_record = StoredValue::new(own_record);
    view! {
        {opens.then(|| view! { <NewTask about=of.with_value(TasksOf::about) staff=staff added=changed /> })}
        <label class="check">
            <input type="checkbox" id="tasks-done-too" prop:checked=move || done_too.get() on:change=move |ev| done_too.set(event_target_checked(&ev)) />
            {tr_of::<Texts>(|t| t.show_done)}
        </label>
        {move || {
            loaded(
                tasks.get(),
                |tasks| {
                    if tasks.is_empty() {
                        return view! { <p class="empty">{tr_of::<Texts>(|t| t.none)}</p> }.into_any();
                    }
                    let own = own_record.get_value();
                    view! {
                        <ul class="plain-list tasks">
                            {tasks.into_iter().map(|task| view! { <TaskItem task=task own_record=own.clone() changed=changed /> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                },
            )
        }}
    }
}

/// The page of the record a task is about, when it has one.
fn subject_href(subject: TaskSubject, id: &str) -> Option<String> {
    let base = match subject {
        TaskSubject::Customer => "customers",
        TaskSubject::Lead => "leads",
        TaskSubject::Opportunity => "opportunities",
        TaskSubject::Order => "orders",
        TaskSubject::Ticket => "tickets",
        TaskSubject::Contact => return None,
    };
    Some(format!("/{base}/{id}"))
}

/// One task: a tick to mark it done (or open it again), what to do, what it is about, when it
/// is due and for whom.
#[component]
fn TaskItem(task: TaskListTasksNodes, own_record: Option<(TaskSubject, String)>, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let done = task.status != TaskStatus::Open;
    let (id, version) = (task.id.clone(), task.version);
    let toggle = move |_| {
        let input =
            set_task_status::SetTaskStatusInput { id: id.clone(), version, status: if done { TaskStatus::Open } else { TaskStatus::Done } };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = call::<SetTaskStatus>(set_task_status::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(_) => changed.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let title = task.title.clone();
    let label = move || {
        let t = i18n.of::<Texts>();
        if done {
            (t.reopen)(&title)
        } else {
            (t.mark_done)(&title)
        }
    };
    let about = match (task.subject, task.subject_id.clone(), task.subject_name.clone()) {
        (Some(subject), Some(id), Some(name)) if own_record.as_ref() != Some(&(subject, id.clone())) => {
            let text = move || format!("{} {name}", (i18n.of::<Texts>().subject_label)(subject));
            Some(match subject_href(subject, &id) {
                Some(href) => view! { <A href=href>{text}</A> }.into_any(),
                None => view! { <span>{text}</span> }.into_any(),
            })
        }
        _ => None,
    };
    let due = task.due_at.clone();
    let origin = task.origin;
    let priority = task.priority;
    view! {
        <li class="task" class:done=done class:overdue=task.overdue>
            <input type="checkbox" class="task-done" prop:checked=done disabled=move || busy.get() || !task.viewer_can_edit
                aria-label=label on:change=toggle />
            <div class="task-body">
                <span class="task-title">{task.title.clone()}</span>
                {(priority == TaskPriority::High).then(|| view! { <span class="badge high">{move || (i18n.of::<Texts>().priority_label)(priority)}</span> })}
                {task.overdue.then(|| view! { <span class="badge overdue">{tr_of::<Texts>(|t| t.overdue)}</span> })}
                <div class="task-meta">
                    <span>{move || (i18n.of::<Texts>().due_at)(&format::date_time(i18n.tag(), &due))}</span>
                    {about}
                    {task.owner.as_ref().map(|owner| view! { <span>{owner.display_name.clone()}</span> })}
                    {(origin != crate::api::ops::TaskOrigin::Manual).then(|| view! { <span class="task-origin">{move || (i18n.of::<Texts>().origin_label)(origin)}</span> })}
                </div>
                {task.details.clone().map(|details| view! { <p class="task-details">{details}</p> })}
                {(task.viewer_can_edit && !done).then(|| view! { <EditTask task=task.clone() changed=changed /> })}
                <ErrorBox error=error />
            </div>
        </li>
    }
}

/// Changing an open task: what to do, when, and (staff) for whom.
#[component]
fn EditTask(task: TaskListTasksNodes, changed: Callback<()>) -> impl IntoView {
    let staff = use_viewer().kind == PrincipalKind::Staff;
    let title = RwSignal::new(task.title.clone());
    let due = RwSignal::new(local_input(&task.due_at));
    let owner = RwSignal::new(task.owner.as_ref().map(|owner| owner.id.clone()).unwrap_or_default());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let colleagues = use_assignment_options(staff).owners;
    let (id, version, owner_before) = (task.id.clone(), task.version, owner.get_untracked());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let owner_id = Some(owner.get_untracked()).filter(|id| !id.is_empty() && *id != owner_before);
        let input = update_task::UpdateTaskInput {
            id: id.clone(),
            version,
            title: Some(title.get_untracked()),
            due_at: instant(&due.get_untracked()),
            owner_id,
            ..Default::default()
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = call::<UpdateTask>(update_task::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(_) => changed.run(()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let owner_choice = staff.then(|| {
        view! {
            <div class="field">
                <label for=format!("task-owner-{}", task.id)>{tr_of::<Texts>(|t| t.owner)}</label>
                <select id=format!("task-owner-{}", task.id) class="task-owner" on:change=move |ev| owner.set(event_target_value(&ev))>
                    {move || {
                        colleagues
                            .get()
                            .into_iter()
                            .map(|(id, name)| {
                                let selected = id == owner.get_untracked();
                                view! { <option value=id selected=selected>{name}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
        }
    });
    view! {
        <details class="edit-task">
            <summary>{tr_of::<Texts>(|t| t.edit)}</summary>
            <form class="new-task" on:submit=submit>
                <div class="field grow">
                    <label for=format!("task-title-{}", task.id)>{tr_of::<Texts>(|t| t.what)}</label>
                    <input id=format!("task-title-{}", task.id) class="task-title-input" type="text" required maxlength="200"
                        prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for=format!("task-due-{}", task.id)>{tr_of::<Texts>(|t| t.due)}</label>
                    <input id=format!("task-due-{}", task.id) class="task-due" type="datetime-local" required
                        prop:value=move || due.get() on:input=move |ev| due.set(event_target_value(&ev)) />
                </div>
                {owner_choice}
                <button type="submit" class="button save-task" disabled=move || busy.get()>{tr_of::<Texts>(|t| t.save)}</button>
                <ErrorBox error=error />
            </form>
        </details>
    }
}

/// An instant (RFC 3339) as a `datetime-local` value in the person's time zone.
pub(crate) fn local_input(rfc3339: &str) -> String {
    let date = js_sys::Date::new(&rfc3339.into());
    if date.get_time().is_nan() {
        return String::new();
    }
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

/// Tomorrow at 09:00 in the person's time zone, as a `datetime-local` value.
fn tomorrow_morning() -> String {
    let date = js_sys::Date::new_0();
    date.set_date(date.get_date() + 1);
    format!("{:04}-{:02}-{:02}T09:00", date.get_full_year(), date.get_month() + 1, date.get_date())
}

/// A `datetime-local` value (the person's time zone) as RFC 3339 (UTC).
pub(crate) fn instant(local: &str) -> Option<String> {
    let date = js_sys::Date::new(&local.into());
    (!date.get_time().is_nan()).then(|| String::from(date.to_iso_string()))
}

/// The form of a new task.
#[component]
fn NewTask(about: Option<add_task::TaskAboutInput>, staff: bool, added: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let title = RwSignal::new(String::new());
    let due = RwSignal::new(tomorrow_morning());
    let high = RwSignal::new(false);
    let owner = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let colleagues = use_assignment_options(staff).owners;
    let about = StoredValue::new(about);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(due_at) = instant(&due.get_untracked()) else { return };
        let owner_id = Some(owner.get_untracked()).filter(|id| !id.is_empty());
        let input = add_task::AddTaskInput {
            title: title.get_untracked(),
            details: None,
            about: about.get_value(),
            owner_id,
            due_at,
            remind_at: None,
            priority: if high.get_untracked() { TaskPriority::High } else { TaskPriority::Normal },
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = call::<AddTask>(add_task::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    title.set(String::new());
                    high.set(false);
                    error.set(None);
                    added.run(());
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let owner_choice = staff.then(|| {
        view! {
            <div class="field">
                <label for="task-owner">{tr_of::<Texts>(|t| t.owner)}</label>
                <select id="task-owner" on:change=move |ev| owner.set(event_target_value(&ev))>
                    <option value="">{tr_of::<Texts>(|t| t.me)}</option>
                    {move || colleagues.get().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </select>
            </div>
        }
    });
    view! {
        <form class="new-task" on:submit=submit aria-label={tr_of::<Texts>(|t| t.new_task)}>
            <div class="field grow">
                <label for="task-title">{tr_of::<Texts>(|t| t.what)}</label>
                <input id="task-title" type="text" required maxlength="200" prop:value=move || title.get()
                    on:input=move |ev| title.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="task-due">{tr_of::<Texts>(|t| t.due)}</label>
                <input id="task-due" type="datetime-local" required prop:value=move || due.get() on:input=move |ev| due.set(event_target_value(&ev)) />
            </div>
            {owner_choice}
            <label class="check">
                <input type="checkbox" id="task-high" prop:checked=move || high.get() on:change=move |ev| high.set(event_target_checked(&ev)) />
                {move || (i18n.of::<Texts>().priority_label)(TaskPriority::High)}
            </label>
            <button type="submit" class="button" id="add-task" disabled=move || busy.get()>{tr_of::<Texts>(|t| t.add)}</button>
            <ErrorBox error=error />
        </form>
    }
}
