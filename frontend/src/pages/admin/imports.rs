//! Bulk import of customers (admins and sales managers): a CSV file is uploaded, its columns
//! are matched to fields (the server suggests a mapping from the headers, in English or
//! Italian), the file is checked (a dry run: the report of every row, nothing written) and
//! imported; the job's page follows its progress live (polled each second while it runs),
//! stops it, and shows and downloads its report. The jobs run on the server: closing the
//! page does not stop one.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::client::{blob_url, fetch_document, upload};
use crate::api::ops::import_file_preview::ImportFilePreviewImportFile as FilePreview;
use crate::api::ops::import_job_list::ImportJobListImportJobsNodes as JobListItem;
use crate::api::ops::import_job_view::{ImportJobViewImportJob as Job, ImportJobViewImportJobReportNodes as ReportLine};
use crate::api::ops::{
    cancel_import, import_file_preview, import_job_list, import_job_view, start_import, CancelImport, ImportFilePreview, ImportJobList,
    ImportJobView, StartImport,
};
use crate::api::types::{ImportField, ImportKind, ImportMatch, ImportOutcome, ImportStatus};
use crate::api::{call, ApiError};
use crate::app::use_viewer;
use crate::components::{loaded, TextField};
use crate::format;
use crate::i18n::imports::Texts as ImportTexts;
use crate::i18n::{tr_of, use_i18n};
use crate::pages::admin::{allowed_only, local_input_error};
use crate::pages::customers::contacts::FormErrors;

/// Rows of the report shown at a time.
const REPORT_PAGE: i64 = 50;
/// How often a running job's page asks for its progress.
const POLL_MS: u32 = 1000;

#[component]
pub fn ImportsPage() -> impl IntoView {
    allowed_only(use_viewer().may_import(), || {
        view! {
            <section class="page imports-page" aria-labelledby="imports-title">
                <div class="page-header">
                    <h1 id="imports-title">{tr_of(|t: &'static ImportTexts| t.title)}</h1>
                </div>
                <p class="lead">{tr_of(|t: &'static ImportTexts| t.intro)}</p>
                <NewImport />
                <RecentImports />
            </section>
        }
        .into_any()
    })
}

/// Upload, mapping and options, then a dry run or the import.
#[component]
fn NewImport() -> impl IntoView {
    let i18n = use_i18n();
    let preview = RwSignal::new(None::<FilePreview>);
    let uploading = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let choose = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        preview.set(None);
        error.set(None);
        uploading.set(true);
        leptos::task::spawn_local(async move {
            let path = format!("/imports/files?name={}", js_sys::encode_uri_component(&file.name()));
            let result = match upload(&path, &file).await {
                Ok(answer) => {
                    let id = answer["id"].as_str().unwrap_or_default().to_owned();
                    call::<ImportFilePreview>(import_file_preview::Variables { id }).await.map(|data| data.import_file)
                }
                Err(err) => Err(err),
            };
            uploading.set(false);
            match result {
                Ok(file) => preview.set(Some(file)),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    view! {
        <div class="card import-upload">
            <div class="field">
                <label for="import-file">{tr_of(|t: &'static ImportTexts| t.choose_file)}</label>
                <input id="import-file" type="file" accept=".csv,.txt,text/csv" aria-describedby="import-file-hint" on:change=choose />
                <small id="import-file-hint" class="hint">{tr_of(|t: &'static ImportTexts| t.file_hint)}</small>
            </div>
            {move || uploading.get().then(|| view! { <p role="status">{i18n.of::<ImportTexts>().uploading}</p> })}
            <FormErrors error=error />
        </div>
        {move || preview.get().map(|file| view! { <Mapping file=file /> })}
    }
}

/// The file's facts, its columns with their first values and fields, the options, and the
/// two ways on.
#[component]
fn Mapping(file: FilePreview) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let fields: Vec<RwSignal<String>> = (0..file.headers.len())
        .map(|column| {
            let suggested = file.suggested_mapping.iter().find(|m| m.column == column as i64).map(|m| m.field.as_api().to_owned());
            RwSignal::new(suggested.unwrap_or_default())
        })
        .collect();
    let on_match = RwSignal::new(ImportMatch::Update.as_api().to_owned());
    let (country, currency) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let file_id = file.id.clone();
    let mapping_signals = fields.clone();
    let start = move |dry_run: bool| {
        let mapping = mapping_signals
            .iter()
            .enumerate()
            .filter_map(|(column, field)| {
                let field = ImportField::from_api(&field.get_untracked())?;
                Some(start_import::ImportColumnInput { column: column as i64, field })
            })
            .collect();
        let text = |value: RwSignal<String>| Some(value.get_untracked().trim().to_owned()).filter(|v| !v.is_empty());
        let input = start_import::StartImportInput {
            file_id: file_id.clone(),
            kind: ImportKind::Customers,
            mapping,
            dry_run,
            on_match: ImportMatch::from_api(&on_match.get_untracked()).unwrap_or_default(),
            default_country: text(country),
            default_currency: text(currency),
        };
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = call::<StartImport>(start_import::Variables { input }).await;
            busy.set(false);
            match result {
                Ok(data) => navigate(&format!("/admin/imports/{}", data.start_import.job.id), Default::default()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let start_check = start.clone();
    let delimiter = file.delimiter.clone();
    let facts = {
        let (name, size, encoding) = (file.name.clone(), file.size, file.encoding.clone());
        move || {
            let t = i18n.of::<ImportTexts>();
            let separator = match delimiter.as_str() {
                ";" => t.semicolon,
                "\t" => t.tab,
                _ => t.comma,
            };
            (t.file_facts)(&name, &format::file_size(i18n.tag(), size), &encoding, separator)
        }
    };
    let rows = file
        .headers
        .iter()
        .enumerate()
        .map(|(column, header)| {
            let field = fields[column];
            let samples: Vec<String> = file.sample_rows.iter().filter_map(|row| row.get(column).cloned()).filter(|v| !v.is_empty()).collect();
            let id = format!("import-field-{column}");
            let options = move || {
                let t = i18n.of::<ImportTexts>();
                let current = field.get();
                std::iter::once(view! { <option value="" selected=current.is_empty()>{t.not_imported}</option> }.into_any())
                    .chain(ImportField::ALL.into_iter().map(|f| {
                        let value = f.as_api();
                        view! { <option value=value selected=current == value>{(t.field_label)(f)}</option> }.into_any()
                    }))
                    .collect_view()
            };
            view! {
                <tr data-column=column>
                    <th scope="row"><label for=id.clone()>{header.clone()}</label></th>
                    <td class="import-sample" data-label={move || i18n.of::<ImportTexts>().sample}>{samples.join(" · ")}</td>
                    <td data-label={move || i18n.of::<ImportTexts>().field}>
                        <select id=id prop:value=move || field.get() on:change=move |ev| field.set(event_target_value(&ev))>{options}</select>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let texts = move |f: fn(&ImportTexts) -> &'static str| Signal::derive(move || f(i18n.of::<ImportTexts>()));
    let err = Signal::derive(move || error.get());
    view! {
        <form class="card import-mapping" novalidate on:submit=move |ev| {
            ev.prevent_default();
            start(false);
        }>
            <p class="import-facts">{facts}</p>
            <h2 id="mapping-title">{tr_of(|t: &'static ImportTexts| t.mapping_title)}</h2>
            <p class="hint">{tr_of(|t: &'static ImportTexts| t.mapping_hint)}</p>
            <div class="table-wrap">
                <table class="list import-columns" aria-labelledby="mapping-title">
                    <thead>
                        <tr>
                            <th scope="col">{tr_of(|t: &'static ImportTexts| t.column)}</th>
                            <th scope="col">{tr_of(|t: &'static ImportTexts| t.sample)}</th>
                            <th scope="col">{tr_of(|t: &'static ImportTexts| t.field)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <div class="form-grid">
                <div class="field">
                    <label for="import-on-match">{tr_of(|t: &'static ImportTexts| t.on_match)}</label>
                    <select id="import-on-match" prop:value=move || on_match.get() on:change=move |ev| on_match.set(event_target_value(&ev))>
                        <option value="UPDATE">{tr_of(|t: &'static ImportTexts| t.on_match_update)}</option>
                        <option value="SKIP">{tr_of(|t: &'static ImportTexts| t.on_match_skip)}</option>
                    </select>
                </div>
                <TextField label=texts(|t| t.default_country) value=country field="defaultCountry" error=err hint=texts(|t| t.default_country_hint) />
                <TextField label=texts(|t| t.default_currency) value=currency field="defaultCurrency" error=err hint=texts(|t| t.default_currency_hint) />
            </div>
            <FormErrors error=Signal::derive(move || crate::components::unclaimed_error(error.get(), &["defaultCountry", "defaultCurrency"])) />
            <div class="form-actions">
                <button type="button" id="check-import" disabled=move || busy.get() on:click=move |_| start_check(true)>
                    {tr_of(|t: &'static ImportTexts| t.check)}
                </button>
                <button type="submit" class="button-primary" id="run-import" disabled=move || busy.get()>{tr_of(|t: &'static ImportTexts| t.import)}</button>
            </div>
        </form>
    }
}

/// The caller's latest imports (admins: everyone's).
#[component]
fn RecentImports() -> impl IntoView {
    let jobs = LocalResource::new(|| async { call::<ImportJobList>(import_job_list::Variables { first: Some(20), after: None }).await });
    view! {
        <section class="card import-jobs" aria-labelledby="import-jobs-title">
            <h2 id="import-jobs-title">{tr_of(|t: &'static ImportTexts| t.jobs_title)}</h2>
            {move || loaded(jobs.get(), |data| view! { <JobTable jobs=data.import_jobs.nodes /> }.into_any())}
        </section>
    }
}

#[component]
fn JobTable(jobs: Vec<JobListItem>) -> impl IntoView {
    let i18n = use_i18n();
    if jobs.is_empty() {
        return view! { <p class="empty">{tr_of(|t: &'static ImportTexts| t.no_jobs)}</p> }.into_any();
    }
    let rows = jobs
        .into_iter()
        .map(|job| {
            let href = format!("/admin/imports/{}", job.id);
            let when = job.created_at.clone();
            let (dry, status) = (job.dry_run, job.status);
            view! {
                <tr data-job=job.id.clone()>
                    <th scope="row"><A href=href>{move || format::date_time(i18n.tag(), &when)}</A></th>
                    <td data-label={move || i18n.of::<ImportTexts>().file}>{job.file_name.clone()}</td>
                    <td data-label={move || i18n.of::<ImportTexts>().by}>{job.started_by.clone()}</td>
                    <td data-label={move || i18n.of::<ImportTexts>().status}>
                        {move || {
                            let t = i18n.of::<ImportTexts>();
                            format!("{} · {}", if dry { t.dry_run } else { t.real_run }, (t.status_label)(status))
                        }}
                    </td>
                    <td data-label={move || i18n.of::<ImportTexts>().rows}>{move || format::integer(i18n.tag(), job.rows_read)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="list">
                <thead>
                    <tr>
                        <th scope="col">{tr_of(|t: &'static ImportTexts| t.when)}</th>
                        <th scope="col">{tr_of(|t: &'static ImportTexts| t.file)}</th>
                        <th scope="col">{tr_of(|t: &'static ImportTexts| t.by)}</th>
                        <th scope="col">{tr_of(|t: &'static ImportTexts| t.status)}</th>
                        <th scope="col">{tr_of(|t: &'static ImportTexts| t.rows)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn is_running(status: ImportStatus) -> bool {
    matches!(status, ImportStatus::Queued | ImportStatus::Running)
}

/// One import: its progress while it runs (asked for each second), then its counts and report.
#[component]
pub fn ImportJobPage() -> impl IntoView {
    allowed_only(use_viewer().may_import(), || view! { <JobView /> }.into_any())
}

#[component]
fn JobView() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let problems_only = RwSignal::new(true);
    let tick = RwSignal::new(0u32);
    let job = LocalResource::new(move || {
        tick.track();
        let outcomes = if problems_only.get() { vec![ImportOutcome::Skipped, ImportOutcome::Refused] } else { Vec::new() };
        let variables = import_job_view::Variables { id: id(), outcomes, first: Some(REPORT_PAGE), after: None };
        async move { call::<ImportJobView>(variables).await }
    });
    // While the job runs, its page asks again each second; a page left stops asking.
    Effect::new(move |_| {
        if let Some(Ok(data)) = job.get() {
            if is_running(data.import_job.status) {
                leptos::task::spawn_local(async move {
                    gloo_timers::future::TimeoutFuture::new(POLL_MS).await;
                    tick.try_update(|t| *t += 1);
                });
            }
        }
    });
    let refresh = Callback::new(move |()| tick.update(|t| *t += 1));
    view! {
        <section class="page import-job-page" aria-labelledby="import-job-title">
            <p><A href="/admin/imports">{tr_of(|t: &'static ImportTexts| t.back_to_imports)}</A></p>
            {move || loaded(job.get(), |data| view! { <JobSummary job=data.import_job problems_only=problems_only on_change=refresh /> }.into_any())}
        </section>
    }
}

#[component]
fn JobSummary(job: Job, problems_only: RwSignal<bool>, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<ApiError>);
    let running = is_running(job.status);
    let (status, dry_run, id) = (job.status, job.dry_run, job.id.clone());
    let title = {
        let name = job.file_name.clone();
        move || {
            let t = i18n.of::<ImportTexts>();
            format!("{} · {name}", if dry_run { t.dry_run } else { t.real_run })
        }
    };
    let cancel = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            leptos::task::spawn_local(async move {
                match call::<CancelImport>(cancel_import::Variables { id }).await {
                    Ok(_) => on_change.run(()),
                    Err(err) => error.set(Some(err)),
                }
            });
        }
    };
    let counts = [
        (ImportOutcome::Created, job.created),
        (ImportOutcome::Updated, job.updated),
        (ImportOutcome::Skipped, job.skipped),
        (ImportOutcome::Refused, job.refused),
    ]
    .into_iter()
    .map(|(outcome, n)| {
        view! {
            <div class="import-count" data-outcome=outcome.as_api()>
                <dt>{move || (i18n.of::<ImportTexts>().outcome_count)(outcome)}</dt>
                <dd>{move || format::integer(i18n.tag(), n)}</dd>
            </div>
        }
    })
    .collect_view();
    let pace = {
        let (rate, left) = (job.rows_per_second, job.seconds_left);
        move || rate.map(|rate| (i18n.of::<ImportTexts>().pace)(&format::integer(i18n.tag(), rate.round() as i64), left))
    };
    let progress = job.progress;
    let real_run = (dry_run && status == ImportStatus::Done).then(|| job.file_id.clone()).flatten().map(|file_id| {
        let mapping: Vec<start_import::ImportColumnInput> =
            job.mapping.iter().map(|m| start_import::ImportColumnInput { column: m.column, field: m.field }).collect();
        let input = start_import::StartImportInput {
            file_id,
            kind: ImportKind::Customers,
            mapping,
            dry_run: false,
            on_match: job.on_match,
            default_country: job.default_country.clone(),
            default_currency: job.default_currency.clone(),
        };
        let navigate = use_navigate();
        let go = move |_| {
            let (input, navigate) = (input.clone(), navigate.clone());
            leptos::task::spawn_local(async move {
                match call::<StartImport>(start_import::Variables { input }).await {
                    Ok(data) => navigate(&format!("/admin/imports/{}", data.start_import.job.id), Default::default()),
                    Err(err) => error.set(Some(err)),
                }
            });
        };
        view! {
            <div class="alert alert-info import-dry-run" role="status">
                <p>{tr_of(|t: &'static ImportTexts| t.dry_run_done)}</p>
                <button type="button" class="button-primary" id="import-for-real" on:click=go>{tr_of(|t: &'static ImportTexts| t.import_for_real)}</button>
            </div>
        }
    });
    let download = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            leptos::task::spawn_local(async move {
                match fetch_document(&format!("/imports/{id}/report.csv")).await {
                    Ok((bytes, kind)) => {
                        if let Some(url) = blob_url(&bytes, &kind) {
                            let _ = window().location().assign(&url);
                        }
                    }
                    Err(err) => error.set(Some(err)),
                }
            });
        }
    };
    let job_error = job.error.clone();
    view! {
        <div class="page-header">
            <h1 id="import-job-title">{title}</h1>
        </div>
        <p class="import-status" data-status=status.as_api() role="status">
            {move || (i18n.of::<ImportTexts>().status_label)(status)}
            {(job.cancel_requested && running).then(|| view! { " · " {tr_of(|t: &'static ImportTexts| t.cancelling)} })}
        </p>
        <div class="field">
            <label for="import-progress">{tr_of(|t: &'static ImportTexts| t.progress)}</label>
            <progress id="import-progress" max="1" value=progress.to_string()></progress>
            <small class="hint import-pace">{pace}</small>
        </div>
        <dl class="import-counts">{counts}</dl>
        {job_error.map(|error| view! {
            <p class="alert alert-error" role="alert">{tr_of(|t: &'static ImportTexts| t.stopped_because)} " " {error}</p>
        })}
        {real_run}
        <div class="form-actions">
            {(running && !job.cancel_requested).then(|| view! {
                <button type="button" id="cancel-import" on:click=cancel.clone()>{tr_of(|t: &'static ImportTexts| t.cancel)}</button>
            })}
            <button type="button" id="download-report" on:click=download>{tr_of(|t: &'static ImportTexts| t.download_report)}</button>
        </div>
        <FormErrors error=error />
        <Report job_id=id lines=job.report.nodes more=job.report.page_info.end_cursor.filter(|_| job.report.page_info.has_next_page) problems_only=problems_only />
    }
}

/// The report's lines: skipped and refused rows by default, every row on request, more rows
/// on request.
#[component]
fn Report(job_id: String, lines: Vec<ReportLine>, more: Option<String>, problems_only: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let extra = RwSignal::new(Vec::<ReportLine>::new());
    let next = RwSignal::new(more);
    let load_more = move |_| {
        let Some(after) = next.get_untracked() else { return };
        let outcomes = if problems_only.get_untracked() { vec![ImportOutcome::Skipped, ImportOutcome::Refused] } else { Vec::new() };
        let variables = import_job_view::Variables { id: job_id.clone(), outcomes, first: Some(REPORT_PAGE), after: Some(after) };
        leptos::task::spawn_local(async move {
            if let Ok(data) = call::<ImportJobView>(variables).await {
                let report = data.import_job.report;
                next.set(report.page_info.end_cursor.filter(|_| report.page_info.has_next_page));
                extra.update(|lines| lines.extend(report.nodes));
            }
        });
    };
    let empty = lines.is_empty();
    let first_rows = lines.into_iter().map(|line| view! { <ReportRow line=line /> }).collect_view();
    view! {
        <section class="card import-report" aria-labelledby="import-report-title">
            <h2 id="import-report-title">{tr_of(|t: &'static ImportTexts| t.report_title)}</h2>
            <p class="hint">{tr_of(|t: &'static ImportTexts| t.row_hint)}</p>
            <div class="field">
                <label for="import-report-filter">{tr_of(|t: &'static ImportTexts| t.outcome)}</label>
                <select
                    id="import-report-filter"
                    prop:value=move || if problems_only.get() { "problems" } else { "all" }
                    on:change=move |ev| problems_only.set(event_target_value(&ev) == "problems")
                >
                    <option value="problems">{tr_of(|t: &'static ImportTexts| t.only_problems)}</option>
                    <option value="all">{tr_of(|t: &'static ImportTexts| t.every_row)}</option>
                </select>
            </div>
            {if empty {
                view! { <p class="empty">{move || i18n.of::<ImportTexts>().no_problems}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="list import-report-lines">
                            <thead>
                                <tr>
                                    <th scope="col">{tr_of(|t: &'static ImportTexts| t.row)}</th>
                                    <th scope="col">{tr_of(|t: &'static ImportTexts| t.outcome)}</th>
                                    <th scope="col">{tr_of(|t: &'static ImportTexts| t.field)}</th>
                                    <th scope="col">{tr_of(|t: &'static ImportTexts| t.problem)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {first_rows}
                                <For each=move || extra.get() key=|line| line.row let:line>
                                    <ReportRow line=line />
                                </For>
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
            {move || next.get().is_some().then(|| view! {
                <button type="button" id="more-report" on:click=load_more.clone()>{tr_of(|t: &'static ImportTexts| t.more)}</button>
            })}
        </section>
    }
}

#[component]
fn ReportRow(line: ReportLine) -> impl IntoView {
    let i18n = use_i18n();
    let outcome = line.outcome;
    let field = line.field.clone().unwrap_or_default();
    let problem = line.reason.clone().map(|reason| {
        let refused = local_input_error(&field, &reason, line.params.clone().unwrap_or_default());
        let fallback = line.message.clone().unwrap_or_default();
        move || refused.input_text(i18n.t()).unwrap_or_else(|| fallback.clone())
    });
    // A duplicate names the earlier row it repeats ("the same as row 3").
    let earlier =
        line.message.as_deref().filter(|m| m.starts_with("the same")).and_then(|m| m.rsplit_once("row ").map(|(_, row)| row.to_owned()));
    view! {
        <tr data-row=line.row data-outcome=outcome.as_api()>
            <th scope="row">{line.row}</th>
            <td data-label={move || i18n.of::<ImportTexts>().outcome}>{move || (i18n.of::<ImportTexts>().outcome_label)(outcome)}</td>
            <td data-label={move || i18n.of::<ImportTexts>().field}><code>{field.clone()}</code></td>
            <td data-label={move || i18n.of::<ImportTexts>().problem}>
                {problem}
                {earlier.map(|row| view! { " " {move || (i18n.of::<ImportTexts>().same_as_row)(&row)} })}
                {line.record_id.map(|record| view! {
                    " " <A href=format!("/customers/{record}")>{tr_of(|t: &'static ImportTexts| t.open_record)}</A>
                })}
            </td>
        </tr>
    }
}
