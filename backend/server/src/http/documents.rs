//! `GET /quotes/{id}/pdf`: the quote as the PDF the customer receives, for whoever may see
//! the quote (same `Authorization: Bearer` as the API: staff, the partner, the customer's
//! own users, API keys with `sales:read`). An invisible quote is 404, like the API's NOT_FOUND.

use super::HttpState;
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use crm_sales::access::QuoteScope;
use crm_sales::quotes::domain::QuoteStatusRules;
use crm_sales::quotes::pdf::{self, QuoteDocument};
use crm_sales::quotes::repo;
use uuid::Uuid;

pub async fn quote_pdf(state: web::Data<HttpState>, req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    let Some(token) = super::graphql::bearer(&req) else {
        return HttpResponse::Unauthorized().insert_header((header::WWW_AUTHENTICATE, "Bearer")).finish();
    };
    let Ok(caller) = state.auth.authenticate(token, None).await else {
        return HttpResponse::Unauthorized().insert_header((header::WWW_AUTHENTICATE, "Bearer")).finish();
    };
    let Ok(id) = Uuid::parse_str(&path) else { return HttpResponse::NotFound().finish() };
    let Ok(scope) = QuoteScope::of(&caller.principal) else { return HttpResponse::NotFound().finish() };
    let db = &state.app.db.read;
    let found = async {
        let Some(quote) = repo::find_quote(db, &scope, id).await? else { return Ok(None) };
        let lines = repo::lines_of(db, &[quote.id]).await?;
        let customer = crm_customers::repo::customer_unscoped(db, quote.customer_id).await?;
        let company = crm_company::profile::profile(db).await?;
        crm_core::error::AppResult::Ok(customer.map(|c| (quote, lines, c, company)))
    }
    .await;
    match found {
        Ok(Some((quote, lines, customer, company))) => {
            let status = quote.status.as_of(quote.valid_until, state.app.clock.now().date_naive());
            let logo = company.logo.as_deref().and_then(crm_company::logo::for_pdf);
            let document =
                QuoteDocument { quote: &quote, lines: &lines, customer: &customer, status, company: &company, logo: logo.as_ref() };
            let bytes = pdf::render(&document);
            HttpResponse::Ok()
                .content_type("application/pdf")
                .insert_header((header::CONTENT_DISPOSITION, format!("inline; filename=\"{}-r{}.pdf\"", quote.number, quote.revision)))
                .insert_header((header::CACHE_CONTROL, "private, no-store"))
                .body(bytes)
        }
        Ok(None) => HttpResponse::NotFound().finish(),
        Err(err) => {
            tracing::error!(error = ?err, "rendering a quote PDF");
            HttpResponse::InternalServerError().finish()
        }
    }
}
