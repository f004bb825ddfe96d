//! Login, refresh rotation, reuse detection, logout, deactivation, API keys.

use crate::db_test;
use crate::helpers::{code, ok, TestApp, PASSWORD};
use crm_identity::domain::StaffRole;
use serde_json::{json, Value};

const ME: &str = "{ me { kind roles user { id email } partnerOrganization { id } customer { id } scopes } }";

async fn login_refresh_and_logout(app: TestApp) {
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let me = app.gql(Some(&rep.token), ME, json!({})).await;
    assert_eq!(ok(&me)["me"]["kind"], "STAFF");
    assert_eq!(ok(&me)["me"]["roles"], json!(["SALES_REP"]));
    assert_eq!(ok(&me)["me"]["user"]["email"], "rep@example.com");

    // Refresh rotates: a new pair, and the old refresh token is spent.
    let q = "mutation($t: String!) { refreshToken(token: $t) { accessToken refreshToken } }";
    let refreshed = app.gql(None, q, json!({"t": rep.refresh})).await;
    let new_access = ok(&refreshed)["refreshToken"]["accessToken"].as_str().unwrap().to_owned();
    let new_refresh = ok(&refreshed)["refreshToken"]["refreshToken"].as_str().unwrap().to_owned();
    assert_ne!(new_refresh, rep.refresh);
    assert_eq!(ok(&app.gql(Some(&new_access), ME, json!({})).await)["me"]["kind"], "STAFF");

    // Reusing the spent token means it leaked: refused, and the whole session is revoked.
    assert_eq!(code(&app.gql(None, q, json!({"t": rep.refresh})).await), "UNAUTHENTICATED");
    assert_eq!(code(&app.gql(Some(&new_access), ME, json!({})).await), "UNAUTHENTICATED");
    assert_eq!(code(&app.gql(None, q, json!({"t": new_refresh})).await), "UNAUTHENTICATED");

    // A fresh login; logout ends that session's access and refresh tokens.
    let login = app.login("rep@example.com", PASSWORD).await;
    let access = ok(&login)["login"]["accessToken"].as_str().unwrap().to_owned();
    let refresh = ok(&login)["login"]["refreshToken"].as_str().unwrap().to_owned();
    let out = app.gql(Some(&access), "mutation { logout { success } }", json!({})).await;
    assert_eq!(ok(&out)["logout"]["success"], true);
    assert_eq!(code(&app.gql(Some(&access), ME, json!({})).await), "UNAUTHENTICATED");
    assert_eq!(code(&app.gql(None, q, json!({"t": refresh})).await), "UNAUTHENTICATED");
}
db_test!(login_refresh_and_logout);

async fn failed_logins_do_not_reveal_accounts(app: TestApp) {
    app.staff("known@example.com", StaffRole::Analyst).await;
    let wrong_password = app.login("known@example.com", "not the password").await;
    let unknown_email = app.login("nobody@example.com", PASSWORD).await;
    assert_eq!(code(&wrong_password), "UNAUTHENTICATED");
    assert_eq!(code(&unknown_email), "UNAUTHENTICATED");
    assert_eq!(wrong_password["errors"][0]["message"], unknown_email["errors"][0]["message"]);
    // Garbage and tampered tokens are refused the same way.
    assert_eq!(code(&app.gql(Some("not-a-jwt"), ME, json!({})).await), "UNAUTHENTICATED");
    assert_eq!(code(&app.gql(None, ME, json!({})).await), "UNAUTHENTICATED");
}
db_test!(failed_logins_do_not_reveal_accounts);

async fn deactivating_a_user_ends_its_sessions(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    let users =
        app.gql(Some(&admin.token), "{ users(filter: {search: \"rep@\"}) { nodes { id version active } totalCount } }", json!({})).await;
    assert_eq!(ok(&users)["users"]["totalCount"], 1);
    let version = ok(&users)["users"]["nodes"][0]["version"].clone();
    let q = "mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { active version } } }";
    let res = app.gql(Some(&admin.token), q, json!({"i": {"id": rep.id, "version": version, "active": false}})).await;
    assert_eq!(ok(&res)["updateUser"]["user"]["active"], false);
    assert_eq!(code(&app.gql(Some(&rep.token), ME, json!({})).await), "UNAUTHENTICATED");
    assert_eq!(code(&app.login("rep@example.com", PASSWORD).await), "UNAUTHENTICATED");
}
db_test!(deactivating_a_user_ends_its_sessions);

async fn api_keys_are_scoped_and_revocable(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    app.customer(&admin, json!({"name": "Keyed S.p.A."})).await;
    let create = "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id prefix scopes } } }";
    let res = app.gql(Some(&admin.token), create, json!({"i": {"name": "BI export", "scopes": ["CUSTOMERS_READ"]}})).await;
    let key = ok(&res)["createApiKey"]["secret"].as_str().unwrap().to_owned();
    let key_id = ok(&res)["createApiKey"]["apiKey"]["id"].as_str().unwrap().to_owned();
    assert!(key.starts_with(ok(&res)["createApiKey"]["apiKey"]["prefix"].as_str().unwrap()));

    let me = app.gql(Some(&key), ME, json!({})).await;
    assert_eq!(ok(&me)["me"]["kind"], "INTEGRATION");
    assert_eq!(ok(&me)["me"]["scopes"], json!(["CUSTOMERS_READ"]));
    let list = app.gql(Some(&key), "{ customers { totalCount } }", json!({})).await;
    assert_eq!(ok(&list)["customers"]["totalCount"], 1);
    // Read scope only: writing is forbidden, admin queries too.
    assert_eq!(code(&app.try_customer_with_token(&key).await), "FORBIDDEN");
    assert_eq!(code(&app.gql(Some(&key), "{ users { totalCount } }", json!({})).await), "FORBIDDEN");
    // The key list never shows secrets; revoking stops the key at once.
    let keys = app.gql(Some(&admin.token), "{ apiKeys { nodes { id name } } }", json!({})).await;
    assert_eq!(ok(&keys)["apiKeys"]["nodes"][0]["name"], "BI export");
    let revoke = app
        .gql(
            Some(&admin.token),
            "mutation($i: RevokeApiKeyInput!) { revokeApiKey(input: $i) { apiKey { revokedAt } } }",
            json!({"i": {"id": key_id}}),
        )
        .await;
    assert!(ok(&revoke)["revokeApiKey"]["apiKey"]["revokedAt"].is_string());
    assert_eq!(code(&app.gql(Some(&key), "{ customers { totalCount } }", json!({})).await), "UNAUTHENTICATED");
    // A made-up key is refused.
    assert_eq!(code(&app.gql(Some("crm_abc_def"), ME, json!({})).await), "UNAUTHENTICATED");
}
db_test!(api_keys_are_scoped_and_revocable);

impl TestApp {
    async fn try_customer_with_token(&self, token: &str) -> serde_json::Value {
        self.gql(
            Some(token),
            "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { customer { id } } }",
            json!({"i": {"kind": "COMPANY", "name": "Via Key S.r.l."}}),
        )
        .await
    }
}

async fn admins_manage_users_and_partner_organisations(app: TestApp) {
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let t = Some(admin.token.as_str());
    let partner = app.partner_org(&admin, "Nord Rivenditori").await;
    let create = "mutation($i: CreateUserInput!) { createUser(input: $i) { user { id email kind role partnerOrganization { name } } } }";
    let res = app.gql(t, create, json!({"i": {"email": "Sales@Nord.example", "displayName": "Nord Sales", "password": PASSWORD, "kind": "PARTNER", "partnerId": partner}})).await;
    let user = &ok(&res)["createUser"]["user"];
    assert_eq!(user["email"], "sales@nord.example");
    assert_eq!(user["partnerOrganization"]["name"], "Nord Rivenditori");
    let login = app.login("sales@nord.example", PASSWORD).await;
    assert!(ok(&login)["login"]["accessToken"].is_string());

    // Code, field, reason and params of each refusal.
    let bad = [
        (
            json!({"email": "x@nord.example", "displayName": "X", "password": PASSWORD, "kind": "STAFF"}),
            ("BAD_USER_INPUT", "role", "REQUIRED", Value::Null),
        ),
        (
            json!({"email": "x@nord.example", "displayName": "X", "password": "short", "kind": "STAFF", "role": "ANALYST"}),
            ("BAD_USER_INPUT", "password", "PASSWORD_TOO_SHORT", json!({"min": 10})),
        ),
        (
            json!({"email": "x@nord.example", "displayName": "X", "password": PASSWORD, "kind": "PARTNER"}),
            ("BAD_USER_INPUT", "partnerId", "REQUIRED", Value::Null),
        ),
        (
            json!({"email": "x@nord", "displayName": "X", "password": PASSWORD, "kind": "STAFF", "role": "ANALYST"}),
            ("BAD_USER_INPUT", "email", "INVALID_EMAIL", json!({"value": "x@nord"})),
        ),
        (
            json!({"email": "SALES@nord.example", "displayName": "X", "password": PASSWORD, "kind": "STAFF", "role": "ANALYST"}),
            ("CONFLICT", "email", "EMAIL_TAKEN", json!({"value": "sales@nord.example"})),
        ),
    ];
    for (input, (expected, field, reason, params)) in bad {
        let res = app.gql(t, create, json!({"i": input})).await;
        assert_eq!(code(&res), expected, "{input}");
        let extensions = &res["errors"][0]["extensions"];
        assert_eq!((&extensions["field"], &extensions["reason"], &extensions["params"]), (&json!(field), &json!(reason), &params), "{res}");
    }
    let res = app
        .gql(
            t,
            create,
            json!({"i": {"email": "SALES@nord.example", "displayName": "X", "password": PASSWORD, "kind": "STAFF", "role": "ANALYST"}}),
        )
        .await;
    assert_eq!(res["errors"][0]["message"], "a user with email sales@nord.example already exists");

    let update = "mutation($i: UpdatePartnerOrganizationInput!) { updatePartnerOrganization(input: $i) { partnerOrganization { name version country { code } } } }";
    let res = app.gql(t, update, json!({"i": {"id": partner, "version": 1, "name": "Nord Rivenditori S.p.A.", "country": "ch"}})).await;
    assert_eq!(
        ok(&res)["updatePartnerOrganization"]["partnerOrganization"],
        json!({"name": "Nord Rivenditori S.p.A.", "version": 2, "country": {"code": "CH"}})
    );
    assert_eq!(code(&app.gql(t, update, json!({"i": {"id": partner, "version": 1, "name": "Stale"}})).await), "CONFLICT");
    let archive = "mutation($i: RecordVersionInput!) { archivePartnerOrganization(input: $i) { partnerOrganization { archived } } }";
    ok(&app.gql(t, archive, json!({"i": {"id": partner, "version": 2}})).await);
    let list = app
        .gql(
            t,
            "{ partnerOrganizations { totalCount } archived: partnerOrganizations(filter: {archived: true}) { nodes { name } } }",
            json!({}),
        )
        .await;
    assert_eq!(ok(&list)["partnerOrganizations"]["totalCount"], 0);
    assert_eq!(ok(&list)["archived"]["nodes"], json!([{"name": "Nord Rivenditori S.p.A."}]));
    // An archived organisation takes no new customers.
    let res = app.try_customer(&admin, json!({"name": "Late", "partnerId": partner})).await;
    assert_eq!(code(&res), "BAD_USER_INPUT");
}
db_test!(admins_manage_users_and_partner_organisations);

/// Waits until the server caches credentials (on PostgreSQL, once its change listener is
/// connected; at once on SQLite).
async fn until_credentials_are_cached(app: &TestApp) {
    for _ in 0..200 {
        if app.db.credentials().is_listening() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the server never started caching credentials");
}

/// Statements one authenticated trivial request runs.
async fn statements_of_a_trivial_request(app: &TestApp, token: &str) -> u64 {
    let before = app.db.statement_count();
    ok(&app.gql(Some(token), "{ __typename }", json!({})).await);
    app.db.statement_count() - before
}

async fn a_checked_credential_is_not_read_again(app: TestApp) {
    until_credentials_are_cached(&app).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    assert_eq!(statements_of_a_trivial_request(&app, &rep.token).await, 1, "the first request reads the session");
    assert_eq!(statements_of_a_trivial_request(&app, &rep.token).await, 0, "the next ones do not");
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let create = "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }";
    let res = app.gql(Some(&admin.token), create, json!({"i": {"name": "ETL", "scopes": ["CUSTOMERS_READ"]}})).await;
    let key = ok(&res)["createApiKey"]["secret"].as_str().unwrap().to_owned();
    assert!(statements_of_a_trivial_request(&app, &key).await >= 1);
    // The first use is noted off the request path: wait for that write before counting.
    for _ in 0..200 {
        let keys = app.gql(Some(&admin.token), "{ apiKeys { nodes { lastUsedAt } } }", json!({})).await;
        if ok(&keys)["apiKeys"]["nodes"][0]["lastUsedAt"].is_string() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    // The write is counted when its statement returns, which can be after the read above
    // saw it: wait until nothing more is counted (for a second at most).
    let mut seen = app.db.statement_count();
    for _ in 0..20 {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let now = app.db.statement_count();
        if now == seen {
            break;
        }
        seen = now;
    }
    assert_eq!(statements_of_a_trivial_request(&app, &key).await, 0);
    // A tampered key with a known prefix is not served from the cache.
    let tampered = format!("{}x", &key[..key.len() - 1]);
    assert_eq!(code(&app.gql(Some(&tampered), "{ __typename }", json!({})).await), "UNAUTHENTICATED");
}
db_test!(a_checked_credential_is_not_read_again);

/// Every change that ends or narrows access holds from the very next request, although each
/// credential was checked (and cached) just before.
async fn cached_credentials_follow_every_change_at_once(app: TestApp) {
    until_credentials_are_cached(&app).await;
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    let t = Some(admin.token.as_str());
    let me = |token: &str| {
        let token = token.to_owned();
        let app = &app;
        async move { app.gql(Some(&token), ME, json!({})).await }
    };
    let update = "mutation($i: UpdateUserInput!) { updateUser(input: $i) { user { version } } }";
    let version_of = |id: &str| {
        let id = id.to_owned();
        let app = &app;
        async move {
            let res = app.gql(t, "query($id: ID!) { node(id: $id) { ... on User { version } } }", json!({"id": id})).await;
            ok(&res)["node"]["version"].clone()
        }
    };

    // Logout.
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    assert_eq!(ok(&me(&rep.token).await)["me"]["kind"], "STAFF");
    ok(&app.gql(Some(&rep.token), "mutation { logout { success } }", json!({})).await);
    assert_eq!(code(&me(&rep.token).await), "UNAUTHENTICATED", "after logout");

    // A spent refresh token presented again revokes the session.
    let login = app.login("rep@example.com", PASSWORD).await;
    let access = ok(&login)["login"]["accessToken"].as_str().unwrap().to_owned();
    let refresh = ok(&login)["login"]["refreshToken"].as_str().unwrap().to_owned();
    let rotate = "mutation($t: String!) { refreshToken(token: $t) { accessToken } }";
    let rotated = app.gql(None, rotate, json!({"t": refresh})).await;
    let rotated = ok(&rotated)["refreshToken"]["accessToken"].as_str().unwrap().to_owned();
    assert_eq!(ok(&me(&rotated).await)["me"]["kind"], "STAFF");
    assert_eq!(ok(&me(&access).await)["me"]["kind"], "STAFF", "the older access token of the session still works");
    assert_eq!(code(&app.gql(None, rotate, json!({"t": refresh})).await), "UNAUTHENTICATED");
    assert_eq!(code(&me(&rotated).await), "UNAUTHENTICATED", "after refresh-token reuse");

    // A new role shows at once.
    let fresh = app.login("rep@example.com", PASSWORD).await;
    let token = ok(&fresh)["login"]["accessToken"].as_str().unwrap().to_owned();
    assert_eq!(ok(&me(&token).await)["me"]["roles"], json!(["SALES_REP"]));
    let res = app.gql(t, update, json!({"i": {"id": rep.id, "version": version_of(&rep.id).await, "role": "ANALYST"}})).await;
    ok(&res);
    assert_eq!(ok(&me(&token).await)["me"]["roles"], json!(["ANALYST"]), "after a role change");

    // A new password ends the user's sessions.
    let res =
        app.gql(t, update, json!({"i": {"id": rep.id, "version": version_of(&rep.id).await, "password": "another-password-1"}})).await;
    ok(&res);
    assert_eq!(code(&me(&token).await), "UNAUTHENTICATED", "after a password change");

    // Deactivation.
    let login = app.login("rep@example.com", "another-password-1").await;
    let token = ok(&login)["login"]["accessToken"].as_str().unwrap().to_owned();
    assert_eq!(ok(&me(&token).await)["me"]["kind"], "STAFF");
    let res = app.gql(t, update, json!({"i": {"id": rep.id, "version": version_of(&rep.id).await, "active": false}})).await;
    ok(&res);
    assert_eq!(code(&me(&token).await), "UNAUTHENTICATED", "after deactivation");

    // A revoked API key.
    let create = "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id } } }";
    let res = app.gql(t, create, json!({"i": {"name": "ETL", "scopes": ["CUSTOMERS_READ"]}})).await;
    let key = ok(&res)["createApiKey"]["secret"].as_str().unwrap().to_owned();
    let key_id = ok(&res)["createApiKey"]["apiKey"]["id"].as_str().unwrap().to_owned();
    assert_eq!(ok(&me(&key).await)["me"]["kind"], "INTEGRATION");
    let revoke = "mutation($i: RevokeApiKeyInput!) { revokeApiKey(input: $i) { apiKey { id } } }";
    ok(&app.gql(t, revoke, json!({"i": {"id": key_id}})).await);
    assert_eq!(code(&me(&key).await), "UNAUTHENTICATED", "after revoking the key");
}
db_test!(cached_credentials_follow_every_change_at_once);

/// On PostgreSQL a change made by anyone else (another server instance, an operator's SQL)
/// reaches every server through `NOTIFY`: here, a session revoked by plain SQL on another
/// connection ends access within moments, although the server cached it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_servers_hear_changes_made_elsewhere() {
    use sea_orm::{ConnectionTrait, Database};
    if crate::helpers::postgres_url().is_none() {
        println!("CRM_TEST_POSTGRES_URL not set: skipped");
        return;
    }
    let app = crate::helpers::spawn(crate::helpers::Backend::Postgres, |_| {}).await;
    until_credentials_are_cached(&app).await;
    let rep = app.staff("rep@example.com", StaffRole::SalesRep).await;
    assert_eq!(ok(&app.gql(Some(&rep.token), ME, json!({})).await)["me"]["kind"], "STAFF");
    assert_eq!(statements_of_a_trivial_request(&app, &rep.token).await, 0, "the session is cached");

    let elsewhere = Database::connect(&app.url).await.unwrap();
    elsewhere.execute_unprepared("UPDATE users SET active = false WHERE email = 'rep@example.com'").await.unwrap();
    let started = std::time::Instant::now();
    while app.gql(Some(&rep.token), ME, json!({})).await["errors"][0]["extensions"]["code"] != "UNAUTHENTICATED" {
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "the server did not hear of the change");
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    // A change that does not touch authentication (a display name) keeps the cache.
    let admin = app.staff("admin@example.com", StaffRole::Admin).await;
    assert_eq!(statements_of_a_trivial_request(&app, &admin.token).await, 1);
    elsewhere.execute_unprepared("UPDATE users SET display_name = 'Renamed' WHERE email = 'admin@example.com'").await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(statements_of_a_trivial_request(&app, &admin.token).await, 0);
    elsewhere.close().await.unwrap();
}
