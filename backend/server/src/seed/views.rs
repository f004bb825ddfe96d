//! The views the demo sales manager shares with the team, saved as the manager through the
//! same service the app uses: the first things a new colleague finds in the lists' menus.

use super::app;
use crm_core::context::AppContext;
use crm_core::principal::{Caller, Principal, StaffRole};
use crm_identity::domain::ViewList;
use crm_identity::entity::user;
use crm_identity::inputs::SaveViewInput;
use crm_identity::saved_views;

/// (list, name, the list's query string).
const TEAM_VIEWS: &[(ViewList, &str, &str)] = &[
    (ViewList::Customers, "Key accounts", "tags=key-account"),
    (ViewList::Customers, "Churn risk", "tags=churn-risk&lifecycle=CUSTOMER"),
    (ViewList::Opportunities, "In negotiation", "stage=NEGOTIATION"),
    (ViewList::Leads, "Leads to assign", "unassigned=1"),
    (ViewList::Orders, "Held for credit", "status=CREDIT_HOLD"),
    (ViewList::Tickets, "Printer trouble", "q=printer&status=ACTIVE"),
];

pub async fn share_team_views(ctx: &AppContext, manager: &user::Model) -> anyhow::Result<()> {
    let caller = Caller {
        principal: Principal::Staff { user_id: manager.id, email: manager.email.clone(), role: StaffRole::SalesManager },
        session_id: None,
        request_id: None,
    };
    for (list, name, query) in TEAM_VIEWS {
        let input = SaveViewInput { list: *list, name: (*name).into(), query: (*query).into(), shared: true };
        saved_views::save(ctx, &caller, input).await.map_err(app)?;
    }
    Ok(())
}
