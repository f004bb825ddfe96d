//! NPS surveys: on the satisfaction page, the surveys sent with their score (promoters minus
//! detractors), bands and latest comments, and a form that sends a new one to the customers
//! of a tag or a country; in the customer's own area, the surveys waiting for its answer,
//! 0 to 10.

use leptos::prelude::*;

use crate::api::ops::nps_surveys::NpsSurveysNpsSurveysNodes as Survey;
use crate::api::ops::{
    answer_nps_survey, create_nps_survey, my_nps_surveys, nps_surveys, AnswerNpsSurvey, CreateNpsSurvey, MyNpsSurveys, NpsSurveys,
    PrincipalKind, StaffRole,
};
use crate::api::{call, ApiError};
use crate::components::{loaded, non_empty, ErrorBox};
use crate::format;
use crate::i18n::{tr, use_i18n};
use crate::session::Viewer;

/// Whether the viewer sends NPS surveys (the server decides the same way).
pub fn sends_nps(viewer: &Viewer) -> bool {
    viewer.kind == PrincipalKind::Staff
        && matches!(viewer.role, Some(StaffRole::Admin | StaffRole::ServiceManager | StaffRole::SalesManager))
}

/// The NPS surveys sent, newest first, and (for those who send them) a new one.
#[component]
pub fn NpsSection(sends: bool) -> impl IntoView {
    let surveys = LocalResource::new(|| async { call::<NpsSurveys>(nps_surveys::Variables {}).await.map(|data| data.nps_surveys.nodes) });
    let sent = Callback::new(move |()| surveys.refetch());
    view! {
        <section class="card nps-section" aria-labelledby="nps-title">
            <h2 id="nps-title">{tr(|t| t.service().nps_title)}</h2>
            <p class="hint">{tr(|t| t.service().nps_hint)}</p>
            {sends.then(|| view! { <NewSurvey sent=sent /> })}
            {move || loaded(surveys.get(), |rows| view! { <Surveys rows=rows /> }.into_any())}
        </section>
    }
}

#[component]
fn Surveys(rows: Vec<Survey>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty" role="status">{tr(|t| t.service().nps_none)}</p> }.into_any();
    }
    view! { <ul class="nps-surveys">{rows.into_iter().map(|survey| view! { <SurveyCard survey=survey /> }).collect_view()}</ul> }.into_any()
}

/// One survey: its score and bands, how many answered, until when, the latest comments.
#[component]
fn SurveyCard(survey: Survey) -> impl IntoView {
    let i18n = use_i18n();
    let score = survey.score.map(|points| format!("{points:+.0}"));
    let Survey { name, question, closes_at, recipients, answered, promoters, passives, detractors, latest_answers, .. } = survey;
    let comments = latest_answers
        .into_iter()
        .filter_map(|answer| {
            let comment = answer.comment?;
            let who = answer.customer.map(|customer| customer.name).unwrap_or_default();
            Some(view! {
                <li>
                    <span class="badge">{answer.score.unwrap_or_default()}</span>
                    " "
                    <q>{comment}</q>
                    " — "
                    {who}
                </li>
            })
        })
        .collect_view();
    view! {
        <li class="nps-survey">
            <h3>{name}</h3>
            <p class="hint">{question}</p>
            <p class="nps-score">
                <span class="nps-points" data-score=score.clone().unwrap_or_default()>
                    {score.clone().unwrap_or_else(|| "—".to_owned())}
                </span>
                " "
                <span>{move || (i18n.t().service().nps_bands)(promoters, passives, detractors)}</span>
            </p>
            <p class="hint">
                {move || (i18n.t().service().nps_answered)(answered, recipients)}
                " · "
                {move || (i18n.t().service().nps_closes)(&format::date(i18n.tag(), &closes_at))}
            </p>
            <ul class="nps-comments">{comments}</ul>
        </li>
    }
}

/// Sends a survey to the customers with a tag and/or in a country, open for some days.
#[component]
fn NewSurvey(sent: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let tag = RwSignal::new(String::new());
    let country = RwSignal::new(String::new());
    let days = RwSignal::new("30".to_owned());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let done = RwSignal::new(None::<i64>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let days: f64 = days.get_untracked().trim().parse().unwrap_or(0.0);
        let closes_at =
            js_sys::Date::new(&(js_sys::Date::now() + days * 86_400_000.0).into()).to_iso_string().as_string().unwrap_or_default();
        let tags = non_empty(tag.get_untracked()).map(|tag| create_nps_survey::TagFilter { any_of: Some(vec![tag]), ..Default::default() });
        let country = non_empty(country.get_untracked().to_uppercase()).map(|code| create_nps_survey::StringFilter { in_: vec![code] });
        let input = create_nps_survey::CreateNpsSurveyInput {
            name: name.get_untracked(),
            question: None,
            audience: create_nps_survey::CustomerFilter { tags, country, ..Default::default() },
            closes_at,
        };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = call::<CreateNpsSurvey>(create_nps_survey::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(data) => {
                    done.set(Some(data.create_nps_survey.survey.recipients));
                    name.set(String::new());
                    sent.run(());
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    view! {
        <details class="nps-new">
            <summary>{tr(|t| t.service().nps_new)}</summary>
            <form class="form-grid" novalidate on:submit=submit>
                <div class="field">
                    <label for="nps-name">{tr(|t| t.service().nps_name)}</label>
                    <input id="nps-name" required prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="nps-tag">{tr(|t| t.service().nps_audience_tag)}</label>
                    <input id="nps-tag" prop:value=move || tag.get() on:input=move |ev| tag.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="nps-country">{tr(|t| t.service().nps_audience_country)}</label>
                    <input
                        id="nps-country"
                        maxlength="2"
                        autocomplete="off"
                        prop:value=move || country.get()
                        on:input=move |ev| country.set(event_target_value(&ev))
                    />
                </div>
                <div class="field">
                    <label for="nps-days">{tr(|t| t.service().nps_open_days)}</label>
                    <input id="nps-days" type="number" min="1" max="365" prop:value=move || days.get() on:input=move |ev| days.set(event_target_value(&ev)) />
                </div>
                <ErrorBox error=error />
                <button type="submit" class="button-primary" id="send-nps" disabled=move || busy.get()>
                    {tr(|t| t.service().nps_send)}
                </button>
                {move || done.get().map(|count| view! { <p role="status" class="saved">{(i18n.t().service().nps_sent)(count)}</p> })}
            </form>
        </details>
    }
}

/// The newest survey waiting for the signed-in customer's answer (nothing when there is
/// none; the next one shows once this one is answered).
#[component]
pub fn MyNpsSurveysSection() -> impl IntoView {
    let waiting = LocalResource::new(|| async { call::<MyNpsSurveys>(my_nps_surveys::Variables {}).await.map(|data| data.my_nps_surveys) });
    view! {
        {move || {
            loaded(waiting.get(), |surveys| match surveys.into_iter().next() {
                Some(survey) => view! { <AnswerCard survey_id=survey.id question=survey.question /> }.into_any(),
                None => ().into_any(),
            })
        }}
    }
}

/// The question and, until answered, the form; then thanks.
#[component]
fn AnswerCard(survey_id: String, question: String) -> impl IntoView {
    let answered = RwSignal::new(false);
    view! {
        <section class="card nps-answer" aria-labelledby="nps-answer-title">
            <h2 id="nps-answer-title">{tr(|t| t.service().nps_asked)}</h2>
            {move || {
                if answered.get() {
                    view! { <p role="status" class="saved">{tr(|t| t.service().nps_thanks)}</p> }.into_any()
                } else {
                    view! { <AnswerForm survey_id=survey_id.clone() question=question.clone() answered=answered /> }.into_any()
                }
            }}
        </section>
    }
}

/// 0 to 10 and a comment.
#[component]
fn AnswerForm(survey_id: String, question: String, answered: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let score = RwSignal::new(None::<i64>);
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(value) = score.get_untracked() else { return };
        let input = answer_nps_survey::AnswerNpsSurveyInput {
            survey_id: survey_id.clone(),
            score: value,
            comment: non_empty(comment.get_untracked()),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = call::<AnswerNpsSurvey>(answer_nps_survey::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(_) => answered.set(true),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let choices = (0..=10_i64)
        .map(|value| {
            view! {
                <label class="score-choice nps-choice">
                    <input type="radio" name="nps-score" id=format!("nps-score-{value}") value=value on:change=move |_| score.set(Some(value)) />
                    {value}
                </label>
            }
        })
        .collect_view();
    view! {
        <form class="rate-form" novalidate on:submit=submit>
            <fieldset>
                <legend>{question}</legend>
                <div class="score-choices nps-scale">{choices}</div>
                <p class="hint nps-ends">{move || i18n.t().service().nps_ends}</p>
            </fieldset>
            <div class="field">
                <label for="nps-comment">{tr(|t| t.service().nps_why)}</label>
                <textarea id="nps-comment" rows="3" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
            </div>
            <ErrorBox error=error />
            <button type="submit" class="button-primary" id="send-nps-answer" disabled=move || busy.get() || score.get().is_none()>
                {tr(|t| t.service().rate)}
            </button>
        </form>
    }
}
