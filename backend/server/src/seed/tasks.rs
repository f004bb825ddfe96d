//! The demo's tasks, opened through the tasks service as the people who would open them: the
//! demo rep's follow-ups on its earliest-closing deals (one already late, one with a reminder
//! later today), a call to the portal customer and a personal to-do; the manager's review
//! handed to the rep; and the demo partner's user's visit to one of its customers. The
//! recovery tasks of low satisfaction scores and detractors' NPS answers come from the
//! service's seed, opened by the same rules as in use.

use super::app;
use super::notes::{caller, open_deals, staff};
use async_graphql::ID;
use chrono::{DateTime, Duration, Utc};
use crm_core::context::AppContext;
use crm_core::filters::OrderDirection;
use crm_core::pagination::PageRequest;
use crm_core::principal::{Caller, Principal, StaffRole};
use crm_customers::access::CustomerScope;
use crm_customers::inputs::{CustomerFilter, CustomerOrder, CustomerOrderField};
use crm_customers::repo as customers_repo;
use crm_identity::entity::user;
use crm_tasks::domain::{TaskPriority, TaskSubject};
use crm_tasks::inputs::{AddTaskInput, TaskAboutInput};
use crm_tasks::service;
use uuid::Uuid;

/// What a rep plans on a deal, and in how many hours it is due (negative: already late).
const DEAL_TASKS: &[(&str, i64)] = &[
    ("Chase the signed order form", -20),
    ("Send the revised quote", 5),
    ("Book the technical call with their IT team", 28),
    ("Check in after the demo", 75),
];

pub struct TaskPeople<'a> {
    pub rep: &'a user::Model,
    pub manager: &'a user::Model,
    pub partner_user: &'a user::Model,
    pub portal_customer: Uuid,
}

fn about(subject: TaskSubject, id: Uuid) -> Option<TaskAboutInput> {
    Some(TaskAboutInput { subject, id: ID(id.to_string()) })
}

fn task(title: &str, about: Option<TaskAboutInput>, due_at: DateTime<Utc>) -> AddTaskInput {
    AddTaskInput { title: title.into(), details: None, about, owner_id: None, due_at, remind_at: None, priority: TaskPriority::Normal }
}

async fn open(ctx: &AppContext, who: &Caller, input: AddTaskInput) -> anyhow::Result<()> {
    let scope = crm_service::access::task_scope(&who.principal).map_err(app)?;
    service::add(ctx, who, &scope, input).await.map_err(app)?;
    Ok(())
}

/// Opens the demo's tasks; returns how many.
pub async fn seed(ctx: &AppContext, people: &TaskPeople<'_>) -> anyhow::Result<usize> {
    let now = ctx.clock.now();
    let rep = staff(people.rep, StaffRole::SalesRep);
    let manager = staff(people.manager, StaffRole::SalesManager);
    let mut opened = 0;
    let deals = open_deals(ctx, &rep, OrderDirection::Asc, DEAL_TASKS.len()).await?;
    for (i, (deal, (title, hours))) in deals.iter().zip(DEAL_TASKS).enumerate() {
        let mut input = task(title, about(TaskSubject::Opportunity, deal.id), now + Duration::hours(*hours));
        if i == 1 {
            // Due later today: reminded an hour before.
            input.remind_at = Some(now + Duration::hours(hours - 1));
            input.priority = TaskPriority::High;
        }
        open(ctx, &rep, input).await?;
        opened += 1;
    }
    let mut call =
        task("Call purchasing about the quarterly order", about(TaskSubject::Customer, people.portal_customer), now + Duration::days(2));
    call.details = Some("They asked for the new price list before ordering.".into());
    open(ctx, &rep, call).await?;
    open(ctx, &rep, task("Update the territory plan", None, now + Duration::days(6))).await?;
    let mut review = task("Review the forecast for the quarter", None, now + Duration::days(3));
    review.owner_id = Some(ID(people.rep.id.to_string()));
    review.details = Some("Flag the deals that slipped since last week.".into());
    open(ctx, &manager, review).await?;
    opened += 3;

    if let Some(partner_id) = people.partner_user.partner_id {
        // The first of the partner's customers, read as its user reads them.
        let user = people.partner_user;
        let partner = caller(Principal::Partner { user_id: user.id, email: user.email.clone(), partner_id });
        let scope = CustomerScope::of(&partner.principal).map_err(app)?;
        let by_name = CustomerOrder { field: CustomerOrderField::Name, direction: OrderDirection::Asc };
        let (first, _) = customers_repo::list_customers(&ctx.db.read, &scope, &CustomerFilter::default(), &by_name, &PageRequest::first(1))
            .await
            .map_err(app)?;
        if let Some((_, customer)) = first.rows.into_iter().next() {
            let visit =
                task("Visit their buyer with the new catalogue", about(TaskSubject::Customer, customer.id), now + Duration::days(4));
            open(ctx, &partner, visit).await?;
            opened += 1;
        }
    }
    Ok(opened)
}
