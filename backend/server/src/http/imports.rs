//! `POST /imports/files?name=customers.csv`: uploads a file to import (the body, any content
//! type, up to 1 GiB), streamed into the database a chunk at a time, with the API's
//! `Authorization: Bearer` of someone who may import. Answers `{"id", "name", "size",
//! "sha256"}`; the id goes to the API's `importFile` and `startImport`.
//!
//! `GET /imports/{id}/report.csv`: a job's report as CSV (row, outcome, field, reason,
//! message, record id), streamed page by page, for whoever may read the job.

use super::graphql::bearer;
use super::{error, refused, HttpState};
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use crm_core::error::AppError;
use crm_core::pagination::PageRequest;
use crm_core::principal::Caller;
use futures::StreamExt;
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

#[derive(Deserialize)]
pub struct UploadQuery {
    name: Option<String>,
}

async fn authenticated(state: &HttpState, req: &HttpRequest) -> Result<Caller, HttpResponse> {
    let Some(token) = bearer(req) else { return Err(error(StatusCode::UNAUTHORIZED, AppError::Unauthenticated)) };
    state.auth.authenticate(token, None).await.map_err(|_| error(StatusCode::UNAUTHORIZED, AppError::Unauthenticated))
}

pub async fn upload(state: web::Data<HttpState>, req: HttpRequest, query: web::Query<UploadQuery>, mut body: web::Payload) -> HttpResponse {
    let caller = match authenticated(&state, &req).await {
        Ok(caller) => caller,
        Err(response) => return response,
    };
    if let Err(retry_after) = state.limiter.check(&caller.principal.rate_limit_key()) {
        return error(StatusCode::TOO_MANY_REQUESTS, AppError::RateLimited { retry_after_secs: retry_after });
    }
    let db = &state.app.db.write;
    let name = query.name.clone().unwrap_or_default();
    let mut upload = match crm_imports::files::begin(db, &caller, &name, state.app.clock.now()).await {
        Ok(upload) => upload,
        Err(err) => return refused(err),
    };
    while let Some(piece) = body.next().await {
        let bytes = match piece {
            Ok(bytes) => bytes,
            Err(err) => {
                return error(
                    StatusCode::BAD_REQUEST,
                    AppError::invalid("file", crm_core::error::InputReason::InvalidRequest.with_message(err.to_string())),
                )
            }
        };
        if let Err(err) = upload.push(db, &bytes).await {
            return refused(err);
        }
    }
    match upload.finish(db).await {
        Ok(file) => HttpResponse::Created().json(json!({ "id": file.id, "name": file.name, "size": file.size, "sha256": file.sha256 })),
        Err(err) => refused(err),
    }
}

pub async fn report(state: web::Data<HttpState>, req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    let caller = match authenticated(&state, &req).await {
        Ok(caller) => caller,
        Err(response) => return response,
    };
    let Ok(id) = Uuid::parse_str(&path) else { return HttpResponse::NotFound().finish() };
    let db = state.app.db.read.clone();
    let job = match crm_imports::jobs::find(&db, &caller, id).await {
        Ok(job) => job,
        Err(err) => return refused(err),
    };
    // One page of the report per piece of the response: a report of millions of rows starts
    // downloading at once and is never held whole.
    let header_line = web::Bytes::from_static(b"row,outcome,field,reason,message,record_id\r\n");
    let pages = futures::stream::unfold(Some(None::<String>), move |after| {
        let db = db.clone();
        async move {
            let after = after?;
            let page = PageRequest::from_relay(Some(250), after, None, None);
            let found = match page {
                Ok(request) => crm_imports::report::page(&db, job.id, &[], &request).await,
                Err(err) => Err(err),
            };
            let (page, _) = match found {
                Ok(found) => found,
                Err(err) => return Some((Err(actix_web::error::ErrorInternalServerError(format!("{err:?}"))), None)),
            };
            let next = page.has_next_page.then(|| page.end_cursor()).flatten();
            let mut out = csv::Writer::from_writer(Vec::new());
            for (_, line) in &page.rows {
                let record = [
                    line.row.to_string(),
                    line.outcome.as_api().to_owned(),
                    line.field.clone().unwrap_or_default(),
                    line.reason.clone().unwrap_or_default(),
                    line.message.clone().unwrap_or_default(),
                    line.record_id.map(|id| id.to_string()).unwrap_or_default(),
                ];
                if out.write_record(&record).is_err() {
                    break;
                }
            }
            let bytes = out.into_inner().unwrap_or_default();
            Some((Ok::<_, actix_web::Error>(web::Bytes::from(bytes)), next.map(Some)))
        }
    });
    let body = futures::stream::once(async move { Ok::<_, actix_web::Error>(header_line) }).chain(pages);
    let name = job.file_name.replace(['"', '\\', '\r', '\n'], "_");
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"report-{name}\"")))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .streaming(body)
}
