//! `GET /exports/customers.csv`: the customers list as CSV, with the list's filter and the
//! caller's scope row by row, streamed a page at a time (a million rows start downloading at
//! once and are never held whole). Either a download link's `?token=` (`customerExportLink`,
//! for a person's browser: it carries the filter, works for ten minutes and only while the
//! session lives), or `Authorization: Bearer` with `?filter=` (the list's `CustomerFilter`
//! as JSON) for programs. The columns are [`CUSTOMER_FILE_HEADER`], the ones an import maps
//! by itself, so a file exported here imports back as it is.

use super::graphql::bearer;
use super::{error, refused, HttpState};
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use async_graphql::InputType;
use crm_core::db::Db;
use crm_core::error::{AppError, InputReason};
use crm_core::filters::OrderDirection;
use crm_core::pagination::PageRequest;
use crm_core::principal::Caller;
use crm_customers::access::CustomerScope;
use crm_customers::entity::{contact, customer};
use crm_customers::inputs::{CustomerFilter, CustomerOrder, CustomerOrderField};
use crm_customers::repo;
use crm_identity::auth::jwt::CUSTOMERS_CSV;
use crm_imports::mapping::CUSTOMER_FILE_HEADER;
use futures::StreamExt;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
pub struct ExportQuery {
    token: Option<String>,
    filter: Option<String>,
}

/// The filter as the API's input, from its JSON. A field the filter does not have is refused,
/// as GraphQL refuses it: ignored, a misspelt condition would export everything.
pub fn parse_filter(json: serde_json::Value) -> Result<CustomerFilter, AppError> {
    let refused = |message: String| AppError::invalid("filter", InputReason::InvalidRequest.with_message(message));
    let value = async_graphql::Value::from_json(json.clone()).map_err(|e| refused(e.to_string()))?;
    let filter = CustomerFilter::parse(Some(value)).map_err(|e| refused(e.into_server_error(Default::default()).message))?;
    match unknown_field(&json, &filter.to_value()) {
        Some(path) => Err(refused(format!("the filter has no field `{path}`"))),
        None => Ok(filter),
    }
}

/// The first key of `json` (as a dotted path) that the parsed input's value does not hold.
fn unknown_field(json: &serde_json::Value, parsed: &async_graphql::Value) -> Option<String> {
    let (serde_json::Value::Object(given), async_graphql::Value::Object(known)) = (json, parsed) else { return None };
    given.iter().find_map(|(key, inner)| match known.get(key.as_str()) {
        None => Some(key.clone()),
        Some(known) => unknown_field(inner, known).map(|path| format!("{key}.{path}")),
    })
}

async fn caller_and_filter(state: &HttpState, req: &HttpRequest, query: &ExportQuery) -> Result<(Caller, CustomerFilter), HttpResponse> {
    let unauthenticated = || error(StatusCode::UNAUTHORIZED, AppError::Unauthenticated);
    let (caller, filter) = if let Some(token) = &query.token {
        let (caller, claims) = state.auth.authenticate_download(token).await.map_err(|_| unauthenticated())?;
        if claims.what != CUSTOMERS_CSV {
            return Err(unauthenticated());
        }
        (caller, claims.filter)
    } else {
        let token = bearer(req).ok_or_else(unauthenticated)?;
        let caller = state.auth.authenticate(token, None).await.map_err(|_| unauthenticated())?;
        let filter = match query.filter.as_deref().filter(|f| !f.trim().is_empty()) {
            Some(text) => serde_json::from_str(text)
                .map_err(|e| refused(AppError::invalid("filter", InputReason::InvalidRequest.with_message(format!("not JSON: {e}")))))?,
            None => serde_json::Value::Object(Default::default()),
        };
        (caller, filter)
    };
    Ok((caller, parse_filter(filter).map_err(refused)?))
}

pub async fn customers(state: web::Data<HttpState>, req: HttpRequest, query: web::Query<ExportQuery>) -> HttpResponse {
    let (caller, filter) = match caller_and_filter(&state, &req, &query).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    if let Err(retry_after) = state.limiter.check(&caller.principal.rate_limit_key()) {
        return error(StatusCode::TOO_MANY_REQUESTS, AppError::RateLimited { retry_after_secs: retry_after });
    }
    let scope = match CustomerScope::of(&caller.principal) {
        Ok(scope) => scope,
        Err(err) => return refused(err),
    };
    // The first page is read before answering, so that a bad filter is a 400, not a broken
    // download.
    let db = state.app.db.clone();
    let first = match page(&db, &scope, &filter, None).await {
        Ok(first) => first,
        Err(err) => return refused(err),
    };
    // A byte order mark first: without one, Excel reads UTF-8 as the local code page
    // (`Città` as `CittÃ `); the import skips it.
    let mut header = "\u{feff}".as_bytes().to_vec();
    header.extend(csv_lines(std::iter::once(CUSTOMER_FILE_HEADER.map(str::to_owned).to_vec())));
    // Each step yields a page read and reads the next; a read that fails ends the download
    // with an error after the pages before it, which the client sees as a broken transfer.
    let pages = futures::stream::unfold(Some(Ok(first)), move |next: Option<Result<Lines, AppError>>| {
        let (db, scope, filter) = (db.clone(), scope.clone(), filter.clone());
        async move {
            match next? {
                Err(err) => {
                    tracing::error!(error = ?err, "an export stopped");
                    Some((Err(actix_web::error::ErrorInternalServerError("the export stopped")), None))
                }
                Ok((lines, after)) => {
                    let following = match after {
                        Some(after) => Some(page(&db, &scope, &filter, Some(after)).await),
                        None => None,
                    };
                    Some((Ok::<_, actix_web::Error>(web::Bytes::from(lines)), following))
                }
            }
        }
    });
    let body = futures::stream::once(async move { Ok::<_, actix_web::Error>(web::Bytes::from(header)) }).chain(pages);
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, "attachment; filename=\"customers.csv\""))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .streaming(body)
}

/// A page of the file: its CSV lines, and the cursor after it when there is more.
type Lines = (Vec<u8>, Option<String>);

/// One page of the export (by name, then id: the list's keyset).
async fn page(db: &Db, scope: &CustomerScope, filter: &CustomerFilter, after: Option<String>) -> Result<Lines, AppError> {
    let order = CustomerOrder { field: CustomerOrderField::Name, direction: OrderDirection::Asc };
    let request = PageRequest::from_relay(Some(250), after, None, None)?;
    let (page, _) = repo::list_customers(&db.read, scope, filter, &order, &request).await?;
    let ids: Vec<uuid::Uuid> = page.rows.iter().map(|(_, c)| c.id).collect();
    let contacts = repo::contacts_of_customers(&db.read, scope, &ids, false).await?;
    let primary: HashMap<uuid::Uuid, &contact::Model> = contacts.iter().filter(|c| c.is_primary).map(|c| (c.customer_id, &**c)).collect();
    // Owners are seen through their customers, as `Customer.owner` sees them.
    let owner_refs: Vec<_> = page.rows.iter().filter_map(|(_, c)| c.seen(|r| r.owner_id)).collect();
    let owners: HashMap<uuid::Uuid, String> =
        crm_identity::users::referenced_users(&db.read, &owner_refs).await?.into_iter().map(|u| (u.id, u.email.clone())).collect();
    let next = page.has_next_page.then(|| page.end_cursor()).flatten();
    let lines = csv_lines(page.rows.iter().map(|(_, c)| {
        let owner = c.owner_id.and_then(|id| owners.get(&id)).cloned().unwrap_or_default();
        record(c, owner, primary.get(&c.id).copied())
    }));
    Ok((lines, next))
}

fn record(c: &customer::Model, owner: String, contact: Option<&contact::Model>) -> Vec<String> {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let first_email = contact.and_then(|p| p.emails.0.first()).map(|e| e.address.clone()).unwrap_or_default();
    let first_phone = contact.and_then(|p| p.phones.0.first()).map(|p| p.number.clone()).unwrap_or_default();
    vec![
        text(&c.external_id),
        c.name.clone(),
        c.kind.as_api().to_owned(),
        c.lifecycle.as_api().to_owned(),
        text(&c.industry),
        c.tags.0.join(", "),
        text(&c.street),
        text(&c.postal_code),
        text(&c.city),
        text(&c.region),
        text(&c.country_code),
        owner,
        text(&c.credit_limit_amount),
        text(&c.credit_limit_currency),
        contact.map(|p| p.first_name.clone()).unwrap_or_default(),
        contact.map(|p| p.last_name.clone()).unwrap_or_default(),
        contact.and_then(|p| p.job_title.clone()).unwrap_or_default(),
        first_email,
        first_phone,
        c.created_at.to_rfc3339(),
        c.updated_at.to_rfc3339(),
    ]
}

fn csv_lines(records: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    for record in records {
        // Writing to memory cannot fail.
        let _ = out.write_record(record.iter().map(|cell| defused(cell).into_owned()));
    }
    out.into_inner().unwrap_or_default()
}

/// A cell a spreadsheet would run as a formula (`=HYPERLINK(…)`, `@SUM(…)`, `+cmd|…`) is
/// written after an apostrophe, which spreadsheets show as text and the import drops again;
/// a number or phone number that starts with `+` or `-` (`+39 02 1234`, `-5`) is left alone.
fn defused(cell: &str) -> std::borrow::Cow<'_, str> {
    let Some(first) = cell.chars().next() else { return cell.into() };
    let numeric = |c: char| c.is_ascii_digit() || matches!(c, ' ' | '.' | ',' | '(' | ')' | '-' | '+' | '/');
    let formula = match first {
        '=' | '@' | '\t' | '\r' => true,
        '+' | '-' => !cell.chars().all(numeric),
        _ => false,
    };
    if formula {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::defused;

    #[test]
    fn formulas_are_written_as_text_and_numbers_as_they_are() {
        for formula in ["=HYPERLINK(\"http://x\")", "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "\t=1"] {
            assert_eq!(defused(formula), format!("'{formula}"), "{formula}");
        }
        for plain in ["+39 02 1234 5678", "-5", "-1.200,50", "(02) 1234", "Rossi = Bianchi", "", "'quoted"] {
            assert_eq!(defused(plain), plain, "{plain}");
        }
    }
}
