//! The pipeline's stages with their default win probability (admins).

use leptos::prelude::*;
use serde_json::json;

use crate::api::ops::stage_settings::StageSettingsPipelineStages;
use crate::api::ops::{stage_settings, update_stage_probability, StageSettings, UpdateStageProbability};
use crate::api::{call, ApiError};
use crate::components::loaded;
use crate::i18n::{tr, use_i18n};
use crate::pages::admin::{admin_only, local_input_error, RecordFormErrors};

#[component]
pub fn PipelineStagesPage() -> impl IntoView {
    admin_only(|| view! { <PipelineStages /> }.into_any())
}

#[component]
fn PipelineStages() -> impl IntoView {
    let i18n = use_i18n();
    let list = LocalResource::new(move || async move { call::<StageSettings>(stage_settings::Variables {}).await });
    let refresh = Callback::new(move |()| list.refetch());
    view! {
        <section class="page" aria-labelledby="stages-title">
            <div class="page-header">
                <h1 id="stages-title">{tr(|t| t.sales().nav_pipeline_settings)}</h1>
            </div>
            <p class="lead">{tr(|t| t.sales().pipeline_settings_lead)}</p>
            {move || loaded(list.get(), |data| view! {
                <div class="table-wrap">
                    <table class="stages">
                        <thead>
                            <tr>
                                <th scope="col">{i18n.t().sales_labels.stage}</th>
                                <th scope="col">{i18n.t().sales_labels.status}</th>
                                <th scope="col">{i18n.t().sales().probability}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {data.pipeline_stages.into_iter().map(|stage| view! { <StageRow stage=stage on_reload=refresh /> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any())}
        </section>
    }
}

#[component]
fn StageRow(stage: StageSettingsPipelineStages, on_reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let probability = RwSignal::new(stage.probability.to_string());
    let version = RwSignal::new(stage.version);
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let (which, closed) = (stage.stage, stage.closed);
    let input_id = format!("probability-{}", which.as_api());
    let error_id = format!("{input_id}-error");
    let message = move || error.get().and_then(|error| error.field_message(i18n.t(), "probability"));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let value = match probability.get_untracked().trim().parse::<i64>() {
            Ok(value) if (0..=100).contains(&value) => value,
            _ => {
                error.set(Some(local_input_error("probability", "OUT_OF_RANGE", json!({"min": 0, "max": 100}))));
                return;
            }
        };
        let input =
            update_stage_probability::UpdatePipelineStageInput { stage: which, version: version.get_untracked(), probability: value };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = call::<UpdateStageProbability>(update_stage_probability::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(data) => {
                    let stage = data.update_pipeline_stage.pipeline_stage;
                    version.set(stage.version);
                    probability.set(stage.probability.to_string());
                    error.set(None);
                    saved.set(true);
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let described_by = {
        let error_id = error_id.clone();
        move || message().is_some().then(|| error_id.clone())
    };
    view! {
        <tr data-stage=which.as_api()>
            <th scope="row">{move || (i18n.t().sales_labels.stage_label)(which)}</th>
            <td>{move || if closed { i18n.t().sales().stage_closes } else { i18n.t().sales().stage_open }}</td>
            <td>
                <form class="stage-form" novalidate on:submit=submit>
                    <label for=input_id.clone() class="visually-hidden">
                        {move || format!("{} – {}", i18n.t().sales().probability, (i18n.t().sales_labels.stage_label)(which))}
                    </label>
                    <input
                        id=input_id
                        name="probability"
                        type="number"
                        min="0"
                        max="100"
                        step="1"
                        required=true
                        aria-invalid=move || message().is_some().to_string()
                        aria-describedby=described_by
                        prop:value=move || probability.get()
                        on:input=move |ev| {
                            saved.set(false);
                            probability.set(event_target_value(&ev));
                        }
                    />
                    " "
                    <button type="submit" class="button-primary save-stage" disabled=move || busy.get()>{tr(|t| t.save)}</button>
                    {move || saved.get().then(|| view! { <span class="saved" role="status">{i18n.t().sales().saved}</span> })}
                    {move || message().map(|message| view! { <small id=error_id.clone() class="field-error">{message}</small> })}
                    <RecordFormErrors error=error fields=&["probability"] on_reload=on_reload />
                </form>
            </td>
        </tr>
    }
}
