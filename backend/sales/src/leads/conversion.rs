//! Lead conversion: a QUALIFIED lead becomes a customer (or a new contact of an existing
//! one), its contact and, unless declined, an opportunity carrying the lead's source and
//! products of interest. One transaction: all of it, or nothing.
//!
//! The new customer goes through the same duplicate check as any other: a contact with the
//! lead's email or phone is a CONFLICT naming the existing customer, so the person can attach
//! the lead to it instead (`customerId`) or create a new one anyway (`allowDuplicate`).

use super::entity::lead;
use super::inputs::ConvertLeadInput;
use super::repo;
use super::service::editable;
use crate::access::opportunity_manage;
use crate::leads::domain::LeadStatus;
use crate::pipeline::entity::opportunity;
use crate::pipeline::inputs::CreateOpportunityInput;
use crate::pipeline::service as pipeline;
use async_graphql::ID;
use chrono::{DateTime, Days, Utc};
use crm_core::audit::{AuditAction, Diff};
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::parse_id;
use crm_core::principal::Caller;
use crm_core::versioned::{self, Change};
use crm_core::visible::Visible;
use crm_customers::access::{customer_manage, CustomerScope};
use crm_customers::domain::{CustomerKind, Lifecycle};
use crm_customers::entity::{contact, customer};
use crm_customers::inputs::{AddressInput, ContactInput, CreateContactInput, CreateCustomerInput, EmailInput, MoneyInput, PhoneInput};
use crm_customers::{contacts, repo as customer_repo, service as customers};
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, TransactionTrait};

/// Days from conversion to an opportunity's default expected close date.
const DEFAULT_CLOSE_DAYS: u64 = 90;

/// What a conversion made.
pub struct Converted {
    pub lead: Visible<lead::Model>,
    pub customer: Visible<customer::Model>,
    pub contact: Visible<contact::Model>,
    pub opportunity: Option<Visible<opportunity::Model>>,
}

pub async fn convert_lead(ctx: &AppContext, caller: &Caller, input: ConvertLeadInput) -> AppResult<Converted> {
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let (current, right) = editable(&txn, caller, &input.lead_id, input.version).await.map_err(|e| match e {
        AppError::BadInput { invalid, .. } => AppError::BadInput { field: Some("leadId".into()), invalid },
        other => other,
    })?;
    if current.status != LeadStatus::Qualified {
        return Err(AppError::invalid("leadId", InputReason::LeadNotQualified));
    }
    let (customer, contact) = match &input.customer_id {
        Some(raw) => attach_to_customer(&txn, caller, &current, raw, now).await?,
        None => new_customer(&txn, caller, &current, input.allow_duplicate, now).await?,
    };
    let opportunity = if input.create_opportunity.unwrap_or(true) {
        Some(new_opportunity(&txn, caller, &current, &customer, &input, now).await?)
    } else {
        None
    };
    let mut next = current.clone();
    next.converted_at = Some(now);
    next.customer_id = Some(customer.id);
    next.contact_id = Some(contact.id);
    next.opportunity_id = opportunity.as_ref().map(|o| o.id);
    let mut diff = Diff::new();
    diff.field("convertedAt", &current.converted_at, &next.converted_at)
        .field("customerId", &current.customer_id, &next.customer_id)
        .field("contactId", &current.contact_id, &next.contact_id)
        .field("opportunityId", &current.opportunity_id, &next.opportunity_id);
    let lead =
        versioned::save::<lead::Entity>(&txn, &right, caller, now, AuditAction::Update, Change { current: &current, next, diff }).await?;
    txn.commit().await?;
    Ok(Converted { lead: Visible::written(lead, &right)?, customer, contact, opportunity })
}

fn contact_input(lead: &lead::Model) -> ContactInput {
    ContactInput {
        first_name: lead.first_name.clone(),
        last_name: lead.last_name.clone(),
        job_title: lead.job_title.clone(),
        emails: lead.email.iter().map(|address| EmailInput { address: address.clone(), label: None }).collect(),
        phones: lead.phone.iter().map(|number| PhoneInput { number: number.clone(), label: None }).collect(),
        preferred_channel: None,
        consents: Vec::new(),
    }
}

async fn new_customer(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    lead: &lead::Model,
    allow_duplicate: bool,
    now: DateTime<Utc>,
) -> AppResult<(Visible<customer::Model>, Visible<contact::Model>)> {
    // The lead's owner and partner carry over when the caller may assign them; otherwise the
    // caller's own defaults apply (a rep owns what it converts, a partner's stays its own).
    let may_assign = customer_manage(&caller.principal).is_ok();
    let input = CreateCustomerInput {
        kind: if lead.company.is_some() { CustomerKind::Company } else { CustomerKind::Person },
        name: lead.company.clone().unwrap_or_else(|| format!("{} {}", lead.first_name, lead.last_name)),
        external_id: None,
        lifecycle: Some(Lifecycle::Prospect),
        industry: None,
        tags: Vec::new(),
        address: Some(AddressInput {
            street: None,
            postal_code: None,
            city: lead.city.clone(),
            region: lead.region.clone(),
            country: lead.country_code.clone(),
        }),
        owner_id: lead.owner_id.filter(|_| may_assign).map(id),
        partner_id: lead.partner_id.filter(|_| may_assign).map(id),
        credit_limit: None,
        primary_contact: Some(contact_input(lead)),
        allow_duplicate,
    };
    let customer = customers::create_customers_in(txn, caller, vec![input], now)
        .await?
        .pop()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("conversion created no customer")))?;
    let scope = CustomerScope::of(&caller.principal)?;
    let contact = customer_repo::contacts_of_customers(txn, &scope, &[customer.id], false)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("conversion created no contact")))?;
    Ok((customer, contact))
}

/// The lead joins an existing customer: as the contact already holding its email or phone,
/// or as a new contact.
async fn attach_to_customer(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    lead: &lead::Model,
    raw: &ID,
    now: DateTime<Utc>,
) -> AppResult<(Visible<customer::Model>, Visible<contact::Model>)> {
    let scope = CustomerScope::of(&caller.principal)?;
    let customer_id = parse_id(raw, "customerId")?;
    let customer = customer_repo::find_customer(txn, &scope, customer_id)
        .await?
        .filter(|c| c.archived_at.is_none())
        .ok_or_else(|| AppError::invalid("customerId", InputReason::UnknownReference.with_message("no such customer")))?;
    let existing = customer_repo::contacts_of_customers(txn, &scope, &[customer.id], false).await?.into_iter().find(|c| {
        c.emails.0.iter().any(|e| Some(&e.address) == lead.email.as_ref())
            || c.phones.0.iter().any(|p| Some(&p.number) == lead.phone.as_ref())
    });
    let contact = match existing {
        Some(contact) => contact,
        None => {
            let input =
                CreateContactInput { customer_id: raw.clone(), contact: contact_input(lead), primary: false, allow_duplicate: true };
            contacts::create_contact_in(txn, caller, input, now).await?
        }
    };
    Ok((customer, contact))
}

async fn new_opportunity(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    lead: &lead::Model,
    customer: &customer::Model,
    input: &ConvertLeadInput,
    now: DateTime<Utc>,
) -> AppResult<Visible<opportunity::Model>> {
    let may_assign = opportunity_manage(&caller.principal).is_ok();
    let products = repo::products_of(txn, &[lead.id]).await?;
    let close = input.expected_close_date.unwrap_or_else(|| now.date_naive() + Days::new(DEFAULT_CLOSE_DAYS));
    let opportunity = CreateOpportunityInput {
        customer_id: id(customer.id),
        name: input.opportunity_name.clone().unwrap_or_else(|| customer.name.clone()),
        amount: input.amount.clone().unwrap_or(MoneyInput { amount: Decimal::ZERO, currency: "EUR".into() }),
        expected_close_date: close,
        stage: None,
        probability: None,
        owner_id: lead.owner_id.filter(|_| may_assign).map(id),
        partner_id: lead.partner_id.filter(|_| may_assign).map(id),
        source: Some(lead.source),
        product_ids: Some(products.into_iter().map(|p| id(p.product_id)).collect()),
        next_step: None,
        description: lead.message.clone(),
    };
    pipeline::create_opportunity_in(txn, caller, opportunity, now, Some(lead.id)).await
}

fn id(uuid: uuid::Uuid) -> ID {
    ID(uuid.to_string())
}
