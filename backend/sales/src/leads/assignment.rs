//! Lead routing: assignment rules, evaluated on create and on demand, and the assignment
//! history that every (re)assignment appends to.
//!
//! Rules are tried by position; the first active rule whose criteria (country, region,
//! source; empty matches any) fit the lead assigns it: to the next member of a sales team in
//! turn, to one salesperson, or to a partner organisation. A team rule without active
//! members is skipped. The round-robin counter moves with an `UPDATE … SET counter = counter
//! + 1` inside the assigning transaction, so concurrent leads never get the same turn.

use super::domain::AssignmentTarget;
use super::entity::{assignment_rule, lead, lead_assignment};
use super::inputs::{CreateAssignmentRuleInput, UpdateAssignmentRuleInput};
use super::repo;
use crate::access::LeadRouting;
use chrono::{DateTime, Utc};
use crm_core::audit::{self, AuditAction, Diff, Subject};
use crm_core::clock::new_id_at;
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::parse_id;
use crm_core::principal::Caller;
use crm_core::values::{optional_text, required_text, CountryCode};
use crm_core::versioned::{self, Change};
use crm_core::visible::Visible;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, TransactionTrait};
use uuid::Uuid;

/// Who a lead goes to, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Assignee {
    pub owner_id: Option<Uuid>,
    pub partner_id: Option<Uuid>,
    pub rule_id: Option<Uuid>,
}

fn matches(rule: &assignment_rule::Model, lead: &lead::Model) -> bool {
    rule.active
        && rule.country_code.as_ref().is_none_or(|c| lead.country_code.as_ref() == Some(c))
        && rule.region.as_ref().is_none_or(|r| lead.region.as_ref().is_some_and(|l| l.eq_ignore_ascii_case(r)))
        && rule.source.is_none_or(|s| s == lead.source)
}

/// The assignee `rules` (all of them, in order: `repo::rules`) give `lead`, moving a team
/// rule's turn; `None` when no rule fits.
pub async fn route(txn: &impl ConnectionTrait, rules: &[assignment_rule::Model], lead: &lead::Model) -> AppResult<Option<Assignee>> {
    for rule in rules.iter().filter(|r| matches(r, lead)) {
        let assignee = match rule.target {
            AssignmentTarget::User => rule.user_id.map(|id| Assignee { owner_id: Some(id), partner_id: None, rule_id: Some(rule.id) }),
            AssignmentTarget::Partner => {
                rule.partner_id.map(|id| Assignee { owner_id: None, partner_id: Some(id), rule_id: Some(rule.id) })
            }
            AssignmentTarget::Team => {
                next_member(txn, rule).await?.map(|id| Assignee { owner_id: Some(id), partner_id: None, rule_id: Some(rule.id) })
            }
        };
        if assignee.is_some() {
            return Ok(assignee);
        }
    }
    Ok(None)
}

async fn next_member(txn: &impl ConnectionTrait, rule: &assignment_rule::Model) -> AppResult<Option<Uuid>> {
    let Some(team) = rule.sales_team_id else { return Ok(None) };
    let members = crm_identity::users::active_members_of_team(txn, team).await?;
    if members.is_empty() {
        return Ok(None);
    }
    assignment_rule::Entity::update_many()
        .col_expr(assignment_rule::Column::Counter, Expr::col(assignment_rule::Column::Counter).add(1))
        .filter(assignment_rule::Column::Id.eq(rule.id))
        .exec(txn)
        .await?;
    let counter = repo::find_rule(txn, rule.id).await?.map(|r| r.counter).unwrap_or(1);
    let turn = (counter - 1).rem_euclid(members.len() as i64) as usize;
    Ok(Some(members[turn]))
}

/// Appends to a lead's assignment history.
pub async fn record(txn: &impl ConnectionTrait, caller: &Caller, lead_id: Uuid, assignee: Assignee, at: DateTime<Utc>) -> AppResult<()> {
    lead_assignment::Model {
        id: new_id_at(at),
        lead_id,
        owner_id: assignee.owner_id,
        partner_id: assignee.partner_id,
        rule_id: assignee.rule_id,
        assigned_at: at,
        actor_label: caller.principal.label(),
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    Ok(())
}

pub async fn create_rule(
    ctx: &AppContext,
    caller: &Caller,
    rights: &LeadRouting,
    input: CreateAssignmentRuleInput,
) -> AppResult<Visible<assignment_rule::Model>> {
    let now = ctx.clock.now();
    let name = required_text(&input.name, 200).map_err(|why| AppError::invalid("name", why))?;
    let country_code = match input.country.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => Some(CountryCode::parse(code).map_err(|why| AppError::invalid("country", why))?.as_str().to_owned()),
        None => None,
    };
    let region = optional_text(input.region.as_deref(), 100).map_err(|why| AppError::invalid("region", why))?;
    let id_of = |raw: &Option<async_graphql::ID>, field: &str| raw.as_ref().map(|id| parse_id(id, field)).transpose();
    let (team, user_id, partner) =
        (id_of(&input.sales_team_id, "salesTeamId")?, id_of(&input.user_id, "userId")?, id_of(&input.partner_id, "partnerId")?);
    let required =
        |field: &str| AppError::invalid(field, InputReason::Required.with_message(format!("a {:?} rule needs `{field}`", input.target)));
    let txn = ctx.db.write.begin().await?;
    match input.target {
        AssignmentTarget::Team => {
            crm_identity::teams::ensure_active(&txn, team.ok_or_else(|| required("salesTeamId"))?, "salesTeamId").await?
        }
        AssignmentTarget::User => {
            crm_identity::users::ensure_active_staff(&txn, &[user_id.ok_or_else(|| required("userId"))?], "userId").await?
        }
        AssignmentTarget::Partner => {
            crm_identity::partners::ensure_active(&txn, &[partner.ok_or_else(|| required("partnerId"))?], "partnerId").await?
        }
    }
    let position = match input.position {
        Some(p) => p,
        None => repo::rules(&txn).await?.last().map_or(10, |r| r.position + 10),
    };
    let rule = assignment_rule::Model {
        id: new_id_at(now),
        name,
        position,
        active: true,
        country_code,
        region,
        source: input.source,
        target: input.target,
        sales_team_id: team.filter(|_| input.target == AssignmentTarget::Team),
        user_id: user_id.filter(|_| input.target == AssignmentTarget::User),
        partner_id: partner.filter(|_| input.target == AssignmentTarget::Partner),
        counter: 0,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let created = rule.into_active_model().reset_all().insert(&txn).await?;
    let mut diff = Diff::new();
    diff.created("name", &created.name)
        .created("position", &created.position)
        .created("country", &created.country_code)
        .created("region", &created.region)
        .created("source", &created.source)
        .created("target", &created.target)
        .created("salesTeamId", &created.sales_team_id)
        .created("userId", &created.user_id)
        .created("partnerId", &created.partner_id);
    audit::record(&txn, caller, now, AuditAction::Create, Subject::AssignmentRule(created.id), diff).await?;
    txn.commit().await?;
    Visible::written(created, rights)
}

pub async fn update_rule(
    ctx: &AppContext,
    caller: &Caller,
    rights: &LeadRouting,
    input: UpdateAssignmentRuleInput,
) -> AppResult<Visible<assignment_rule::Model>> {
    let id = parse_id(&input.id, "id")?;
    let now = ctx.clock.now();
    let txn = ctx.db.write.begin().await?;
    let current = repo::find_rule(&txn, id).await?.ok_or(AppError::NotFound("assignment rule"))?;
    let current = versioned::at_version::<assignment_rule::Entity>(current, input.version)?;
    let mut next = current.clone();
    if let Some(name) = &input.name {
        next.name = required_text(name, 200).map_err(|why| AppError::invalid("name", why))?;
    }
    if let Some(position) = input.position {
        next.position = position;
    }
    if let Some(active) = input.active {
        next.active = active;
    }
    let mut diff = Diff::new();
    diff.field("name", &current.name, &next.name).field("position", &current.position, &next.position).field(
        "active",
        &current.active,
        &next.active,
    );
    if diff.is_empty() {
        return Visible::written(current, rights);
    }
    let saved = versioned::save::<assignment_rule::Entity>(
        &txn,
        rights,
        caller,
        now,
        AuditAction::Update,
        Change { current: &current, next, diff },
    )
    .await?;
    txn.commit().await?;
    Visible::written(saved, rights)
}
