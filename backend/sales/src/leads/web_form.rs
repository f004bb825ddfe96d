//! Web-to-lead: what a company's website form posts to (`POST /web-to-lead`, see
//! `http::web_to_lead`). The form is public, so it is defended here and at the HTTP layer:
//! - a honeypot field (`website`), invisible to people and filled by bots: such submissions
//!   are answered like any other and dropped;
//! - a per-IP rate limit (HTTP layer);
//! - the same validation as every lead, and routing by the assignment rules.
//!
//! Products of interest come as SKUs; unknown or withdrawn ones are ignored rather than
//! refusing a prospect over a stale form.

use super::entity::lead;
use super::inputs::CreateLeadInput;
use super::service::create_lead_in;
use crate::catalog::repo as catalog;
use crate::pipeline::domain::LeadSource;
use async_graphql::ID;
use crm_core::context::AppContext;
use crm_core::error::AppResult;
use crm_core::principal::Caller;
use sea_orm::TransactionTrait;
use serde::Deserialize;

/// The fields a web form may post (form-encoded or JSON); names as the API spells them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebLeadForm {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub company: Option<String>,
    pub job_title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub country: Option<String>,
    pub region: Option<String>,
    pub city: Option<String>,
    pub message: Option<String>,
    pub campaign: Option<String>,
    /// Comma-separated SKUs of products of interest.
    pub products: Option<String>,
    /// The honeypot: a hidden field people leave empty.
    pub website: Option<String>,
    /// Where to send the browser afterwards (only to an allowed origin; see the HTTP layer).
    pub redirect: Option<String>,
}

/// What became of a submission.
#[derive(Debug)]
pub enum Submission {
    Stored(Box<lead::Model>),
    /// The honeypot was filled: nothing stored, and the sender is not told.
    Dropped,
}

/// Most SKUs one submission may name.
const MAX_SKUS: usize = 20;

pub async fn submit(ctx: &AppContext, form: WebLeadForm) -> AppResult<Submission> {
    if form.website.as_deref().is_some_and(|w| !w.trim().is_empty()) {
        tracing::info!("web-to-lead: honeypot filled, submission dropped");
        return Ok(Submission::Dropped);
    }
    let caller = Caller::system("web form");
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let skus: Vec<String> = form
        .products
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .map(|s| s.trim().to_uppercase())
        .filter(|s| !s.is_empty())
        .take(MAX_SKUS)
        .collect();
    let product_ids = if skus.is_empty() {
        Vec::new()
    } else {
        catalog::active_products_with_skus(&txn, skus).await?.into_iter().map(|p| ID(p.id.to_string())).collect()
    };
    let input = CreateLeadInput {
        first_name: form.first_name.unwrap_or_default(),
        last_name: form.last_name.unwrap_or_default(),
        company: form.company,
        job_title: form.job_title,
        email: form.email,
        phone: form.phone,
        country: form.country,
        region: form.region,
        city: form.city,
        source: Some(LeadSource::WebForm),
        campaign: form.campaign,
        message: form.message,
        product_ids: Some(product_ids),
        owner_id: None,
        partner_id: None,
    };
    let created = create_lead_in(&txn, &caller, input, now).await?;
    txn.commit().await?;
    Ok(Submission::Stored(Box::new(created.into_inner())))
}
