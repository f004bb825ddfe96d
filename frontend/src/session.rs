//! Who is signed in, and what the app shows them.

use leptos::prelude::*;

use crate::api::ops::{current_viewer, sign_in, sign_out, CurrentViewer, PrincipalKind, SignIn, SignOut, StaffRole};
use crate::api::{call, call_anonymous, client, ApiError};

/// The signed-in person as the app needs it: identity, kind and what they may open.
#[derive(Clone, Debug, PartialEq)]
pub struct Viewer {
    pub kind: PrincipalKind,
    /// The user account's id (none for an API key, which never uses the app).
    pub id: String,
    pub role: Option<StaffRole>,
    pub display_name: String,
    pub email: String,
    /// Id and name of a partner user's organisation.
    pub partner: Option<(String, String)>,
    /// Id and name of the customer a self-service user acts for.
    pub customer: Option<(String, String)>,
}

impl Viewer {
    fn from_api(me: current_viewer::CurrentViewerMe) -> Self {
        let (id, display_name, email) = me.user.map(|user| (user.id, user.display_name, user.email)).unwrap_or_default();
        Viewer {
            kind: me.kind,
            id,
            role: me.roles.first().copied(),
            display_name,
            email,
            partner: me.partner_organization.map(|org| (org.id, org.name)),
            customer: me.customer.map(|customer| (customer.id, customer.name)),
        }
    }

    pub fn is_admin(&self) -> bool {
        self.role == Some(StaffRole::Admin)
    }

    /// The customer workspace is for staff and partner users; customers have their profile.
    pub fn uses_customer_workspace(&self) -> bool {
        matches!(self.kind, PrincipalKind::Staff | PrincipalKind::Partner)
    }

    /// Mirrors the server's create rule, only to decide whether to offer the button; the
    /// server decides.
    pub fn may_create_customers(&self) -> bool {
        match self.kind {
            PrincipalKind::Staff => matches!(
                self.role,
                Some(
                    StaffRole::Admin | StaffRole::SalesManager | StaffRole::SalesRep | StaffRole::ServiceAgent | StaffRole::ServiceManager
                )
            ),
            PrincipalKind::Partner => true,
            _ => false,
        }
    }

    /// Mirrors the server's catalog write rule (products, price books), only to decide
    /// whether to offer the screens; the server decides.
    pub fn may_manage_catalog(&self) -> bool {
        self.kind == PrincipalKind::Staff && matches!(self.role, Some(StaffRole::Admin | StaffRole::SalesManager))
    }

    /// Mirrors the server's import rule (admins and sales managers import customers), only to
    /// decide whether to offer the screen; the server decides.
    pub fn may_import(&self) -> bool {
        self.may_manage_catalog()
    }

    /// Mirrors the server's lead routing rule (bulk assignment, assignment rules), only to
    /// decide whether to offer the controls; the server decides.
    pub fn may_route_leads(&self) -> bool {
        self.may_manage_catalog()
    }

    /// Whether any administration screen is for this person (the menu's "Settings").
    pub fn has_settings(&self) -> bool {
        self.is_admin() || self.may_manage_catalog() || self.may_route_leads()
    }

    /// Change history is for staff.
    pub fn sees_history(&self) -> bool {
        self.kind == PrincipalKind::Staff
    }

    /// Where the app opens after sign-in.
    pub fn home(&self) -> &'static str {
        if self.uses_customer_workspace() {
            "/home"
        } else {
            "/me"
        }
    }
}

/// Where the session stands.
#[derive(Clone, Debug, PartialEq)]
pub enum SessionState {
    /// Exchanging the refresh cookie after a (re)load.
    Restoring,
    /// No session; `expired` when the server ended one (the login page says so).
    SignedOut {
        expired: bool,
    },
    SignedIn(Viewer),
}

/// The session, shared through the component tree.
#[derive(Clone, Copy)]
pub struct Session {
    pub state: RwSignal<SessionState>,
}

impl Session {
    /// Starts in `Restoring` and tries the refresh cookie, so a reload keeps the session.
    pub fn start() -> Self {
        let session = Session { state: RwSignal::new(SessionState::Restoring) };
        client::on_signed_out(move || session.state.set(SessionState::SignedOut { expired: true }));
        leptos::task::spawn_local(async move {
            let restored = match client::refresh().await {
                Ok(()) => load_viewer().await.ok(),
                Err(_) => None,
            };
            session.state.set(match restored {
                Some(viewer) => SessionState::SignedIn(viewer),
                None => SessionState::SignedOut { expired: false },
            });
        });
        session
    }

    pub fn viewer(&self) -> Option<Viewer> {
        match self.state.get() {
            SessionState::SignedIn(viewer) => Some(viewer),
            _ => None,
        }
    }

    /// Signs in with email and password; the server sets the refresh cookie.
    pub async fn sign_in(&self, email: String, password: String) -> Result<(), ApiError> {
        let data = call_anonymous::<SignIn>(sign_in::Variables { email, password }).await?;
        client::store_token(data.login.access_token, &data.login.expires_at);
        let viewer = load_viewer().await?;
        self.state.set(SessionState::SignedIn(viewer));
        Ok(())
    }

    /// Ends the session on the server (which clears the cookie) and forgets the token.
    pub async fn sign_out(&self) {
        // Signing out locally must happen even when the server cannot be reached.
        let _ = call::<SignOut>(sign_out::Variables {}).await;
        client::forget_token();
        crate::recent::forget_all();
        self.state.set(SessionState::SignedOut { expired: false });
    }
}

async fn load_viewer() -> Result<Viewer, ApiError> {
    let data = call::<CurrentViewer>(current_viewer::Variables {}).await?;
    Ok(Viewer::from_api(data.me))
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
