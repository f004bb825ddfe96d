//! The authentication API: login, token refresh, logout, `me`, and API key administration.
//! In cookie mode (`X-CRM-Session: cookie`, see `browser`) the refresh token travels in the
//! HttpOnly `crm_refresh` cookie instead of the payload.

use crate::connection;
use crate::connection::page_cost;
use crate::customers::loaders::CustomerById;
use crate::customers::Customer;
use crate::identity::PartnerById;
use crate::identity::UserById;
use crate::identity::{PartnerOrganization, User};
use crate::request::{loader, state};
use crate::{app, caller};
use async_graphql::{Context, InputObject, Object, Result, SimpleObject, ID};
use chrono::{DateTime, Utc};
use crm_core::access::require_admin;
use crm_core::error::{AppError, InputReason};
use crm_core::pagination::PageRequest;
use crm_core::visible::{Seen, Visible};
use crm_identity::auth::browser::BrowserSession;
use crm_identity::auth::entity::api_key;
use crm_identity::auth::sessions::{AuthService, IssuedTokens};
use crm_identity::auth::{api_keys, ApiScope, Principal, PrincipalKind};
use crm_identity::domain::StaffRole;

/// Tokens of a signed-in session.
#[derive(SimpleObject)]
pub struct AuthPayload {
    /// Short-lived bearer token for `Authorization: Bearer …`.
    pub access_token: String,
    /// When the access token expires.
    pub expires_at: DateTime<Utc>,
    /// Single-use token for `refreshToken`; rotates on every use. Null in cookie mode (request
    /// header `X-CRM-Session: cookie`): the browser holds it in the HttpOnly `crm_refresh`
    /// cookie instead, out of reach of the page's scripts.
    pub refresh_token: Option<String>,
    /// When the refresh token expires.
    pub refresh_expires_at: DateTime<Utc>,
    /// The signed-in user.
    pub user: User,
}

impl From<IssuedTokens> for AuthPayload {
    fn from(t: IssuedTokens) -> Self {
        Self {
            access_token: t.access_token,
            expires_at: t.access_expires_at,
            refresh_token: Some(t.refresh_token),
            refresh_expires_at: t.refresh_expires_at,
            user: User::from(t.user),
        }
    }
}

/// Result of logout.
#[derive(SimpleObject)]
pub struct LogoutPayload {
    /// Always true: the session is over (also when it already was).
    pub success: bool,
}

/// The caller of the request.
pub struct Viewer(Principal);

/// The caller of the request: who it is, its kind, roles, and organisation or customer.
#[Object]
impl Viewer {
    /// Staff, partner, customer or integration.
    async fn kind(&self) -> PrincipalKind {
        self.0.kind()
    }
    /// The user account, for people.
    async fn user(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(own) = Seen::own_account(&self.0) else { return Ok(None) };
        Ok(loader::<UserById>(ctx)?.load_one(own).await?.map(User::from))
    }
    /// Roles of a staff user (one today; a list so more can follow).
    async fn roles(&self) -> Vec<StaffRole> {
        self.0.role().into_iter().collect()
    }
    /// The organisation a partner user belongs to.
    async fn partner_organization(&self, ctx: &Context<'_>) -> Result<Option<PartnerOrganization>> {
        let Some(own) = Seen::own_partner(&self.0) else { return Ok(None) };
        Ok(loader::<PartnerById>(ctx)?.load_one(own).await?.map(PartnerOrganization::from))
    }
    /// The customer a customer user acts for.
    async fn customer(&self, ctx: &Context<'_>) -> Result<Option<Customer>> {
        let Principal::Customer { customer_id, .. } = &self.0 else { return Ok(None) };
        Ok(loader::<CustomerById>(ctx)?.load_one(*customer_id).await?.map(Customer::from))
    }
    /// The API key an integration calls with.
    async fn api_key(&self, ctx: &Context<'_>) -> Result<Option<ApiKey>> {
        Ok(api_keys::calling_key(&app(ctx)?.db, &self.0).await?.map(ApiKey))
    }
    /// Scopes of an API key.
    async fn scopes(&self) -> Vec<ApiScope> {
        match &self.0 {
            Principal::Integration { scopes, .. } => scopes.clone(),
            _ => Vec::new(),
        }
    }
}

/// An integration's API key. The secret itself is shown only once, by createApiKey.
#[derive(Clone)]
pub struct ApiKey(Visible<api_key::Model>);

impl From<Visible<api_key::Model>> for ApiKey {
    fn from(row: Visible<api_key::Model>) -> Self {
        Self(row)
    }
}

/// An integration's API key. The secret itself is shown only once, by createApiKey.
#[Object]
impl ApiKey {
    /// Unique id (UUIDv7).
    pub async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// What the key is for.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Public start of the key (`crm_<prefix>_…`), to recognise it.
    async fn prefix(&self) -> String {
        format!("crm_{}", self.0.prefix)
    }
    /// What the key may do.
    async fn scopes(&self) -> Vec<ApiScope> {
        api_keys::scopes_of(&self.0)
    }
    /// When the key was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When the key stops working by itself.
    async fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.0.expires_at
    }
    /// Last time the key was used (to the minute).
    async fn last_used_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_used_at
    }
    /// When the key was revoked.
    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at
    }
}

connection!(ApiKeyConnection, ApiKeyEdge, ApiKey, api_key::Entity, "API keys");

/// Input of createApiKey (admins).
#[derive(InputObject)]
pub struct CreateApiKeyInput {
    /// What the key is for, e.g. "ERP sync".
    pub name: String,
    /// What the key may do.
    pub scopes: Vec<ApiScope>,
    /// Optional expiry.
    pub expires_at: Option<DateTime<Utc>>,
}

/// Result of createApiKey: the only time the secret is shown.
#[derive(SimpleObject)]
pub struct CreateApiKeyPayload {
    /// The key's record.
    pub api_key: ApiKey,
    /// The full key to send as `Authorization: Bearer …`. Store it now: it is not kept.
    pub secret: String,
}

/// Input of revokeApiKey (admins).
#[derive(InputObject)]
pub struct RevokeApiKeyInput {
    /// Id of the record.
    pub id: ID,
}

/// Result of revokeApiKey.
#[derive(SimpleObject)]
pub struct RevokeApiKeyPayload {
    /// The revoked key.
    pub api_key: ApiKey,
}

#[derive(Default)]
pub struct AuthQuery;

#[Object]
impl AuthQuery {
    /// The caller: who it is, its kind, roles, and organisation or customer.
    async fn me(&self, ctx: &Context<'_>) -> Result<Viewer> {
        Ok(Viewer(caller(ctx)?.principal.clone()))
    }

    /// API keys (admins), newest first; revoked ones only when asked.
    #[graphql(complexity = "page_cost(first, last, child_complexity)")]
    async fn api_keys(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        #[graphql(default)] include_revoked: bool,
    ) -> Result<ApiKeyConnection> {
        let admin = require_admin(&caller(ctx)?.principal)?;
        let page = PageRequest::from_relay(first, after, last, before)?;
        let (page, all) = api_keys::list(&app(ctx)?.db, &admin, include_revoked, &page).await?;
        Ok(ApiKeyConnection::new(page, all, ApiKey))
    }
}

#[derive(Default)]
pub struct AuthMutation;

#[Object]
impl AuthMutation {
    /// Signs in with email and password. A wrong email and a wrong password fail alike. In
    /// cookie mode the refresh token is set as the `crm_refresh` cookie, not returned.
    async fn login(&self, ctx: &Context<'_>, email: String, password: String) -> Result<AuthPayload> {
        let auth = ctx.data::<AuthService>()?;
        let tokens = auth.login(&email, &password).await?;
        Ok(deliver(ctx, auth, tokens))
    }

    /// Exchanges a refresh token for new tokens. Each refresh token works once; reusing one
    /// ends its session. In cookie mode omit `token`: the `crm_refresh` cookie is used and
    /// replaced, and the payload's refreshToken is null; a missing, invalid or reused cookie
    /// is UNAUTHENTICATED and clears the cookie. Omitting `token` outside cookie mode is
    /// BAD_USER_INPUT.
    async fn refresh_token(&self, ctx: &Context<'_>, token: Option<String>) -> Result<AuthPayload> {
        let auth = ctx.data::<AuthService>()?;
        let browser = ctx.data_opt::<BrowserSession>();
        let (token, from_cookie) = match (token, browser) {
            (Some(token), _) => (token, false),
            (None, Some(browser)) => match &browser.refresh_cookie {
                Some(cookie) => (cookie.clone(), true),
                None => {
                    ctx.append_http_header("set-cookie", browser.clear_cookie());
                    return Err(AppError::Unauthenticated.into());
                }
            },
            (None, None) => {
                return Err(AppError::invalid(
                    "token",
                    InputReason::Required.with_message("pass the refresh token, or send `X-CRM-Session: cookie` with the session cookie"),
                )
                .into())
            }
        };
        match auth.refresh(&token).await {
            Ok(tokens) => Ok(deliver(ctx, auth, tokens)),
            Err(err) => {
                if let (true, Some(browser), AppError::Unauthenticated) = (from_cookie, browser, &err) {
                    ctx.append_http_header("set-cookie", browser.clear_cookie());
                }
                Err(err.into())
            }
        }
    }

    /// Ends the session of the given refresh token, or else (cookie mode) that of the
    /// `crm_refresh` cookie, or else the caller's current session. Cookie mode clears the
    /// cookie.
    async fn logout(&self, ctx: &Context<'_>, refresh_token: Option<String>) -> Result<LogoutPayload> {
        let auth = ctx.data::<AuthService>()?;
        let caller = state(ctx)?.caller.as_ref();
        let browser = ctx.data_opt::<BrowserSession>();
        let refresh_token = refresh_token.or_else(|| browser.and_then(|b| b.refresh_cookie.clone()));
        if let Some(browser) = browser {
            ctx.append_http_header("set-cookie", browser.clear_cookie());
        }
        auth.logout(caller, refresh_token.as_deref()).await?;
        Ok(LogoutPayload { success: true })
    }

    /// Creates an API key (admins). The secret is in the payload and never shown again.
    async fn create_api_key(&self, ctx: &Context<'_>, input: CreateApiKeyInput) -> Result<CreateApiKeyPayload> {
        let caller = caller(ctx)?;
        let admin = require_admin(&caller.principal)?;
        let app = app(ctx)?;
        let created = api_keys::create(&app.db, &app.clock, caller, &admin, &input.name, &input.scopes, input.expires_at).await?;
        Ok(CreateApiKeyPayload { api_key: ApiKey(created.key), secret: created.plaintext })
    }

    /// Revokes an API key at once (admins).
    async fn revoke_api_key(&self, ctx: &Context<'_>, input: RevokeApiKeyInput) -> Result<RevokeApiKeyPayload> {
        let caller = caller(ctx)?;
        let admin = require_admin(&caller.principal)?;
        let app = app(ctx)?;
        let id = crm_core::filters::parse_id(&input.id, "id")?;
        Ok(RevokeApiKeyPayload { api_key: ApiKey(api_keys::revoke(&app.db, &app.clock, caller, &admin, id).await?) })
    }
}

/// Hands newly issued tokens to the client: in cookie mode the refresh token goes into the
/// `crm_refresh` cookie and leaves the payload.
fn deliver(ctx: &Context<'_>, auth: &AuthService, tokens: IssuedTokens) -> AuthPayload {
    let mut payload = AuthPayload::from(tokens);
    if let Some(browser) = ctx.data_opt::<BrowserSession>() {
        if let Some(token) = payload.refresh_token.take() {
            ctx.append_http_header("set-cookie", browser.set_cookie(&token, auth.refresh_ttl()));
        }
    }
    payload
}

crate::node_lookup!("API keys (admins only)", |db, principal, ids| {
    use crate::node::Node;
    let Ok(admin) = crm_core::access::require_admin(principal) else { return Ok(Vec::new()) };
    Ok(api_keys::by_ids(db, &admin, ids).await?.into_iter().map(|r| (r.id, Node::ApiKey(ApiKey(r)))).collect())
});
