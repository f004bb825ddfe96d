//! A small GraphQL-over-HTTP client, as the app and integrators talk to `/graphql`.

use anyhow::{bail, Context};
use serde_json::{json, Value};
use std::time::Duration;

/// Tokens of a signed-in session.
#[derive(Debug, Clone)]
pub struct Tokens {
    pub access: String,
    pub refresh: String,
}

/// Talks to one server. Cheap to clone (the connection pool is shared).
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
}

impl Client {
    /// A client of the server at `base_url` (`http://127.0.0.1:PORT`).
    pub fn new(base_url: &str) -> anyhow::Result<Self> {
        // The server closes idle keep-alive connections after 5 s; a pooled connection kept longer
        // can be reused just as the server closes it ("connection closed before message completed").
        let http = reqwest::Client::builder().timeout(Duration::from_secs(60)).pool_idle_timeout(Duration::from_secs(2)).build()?;
        Ok(Self { http, base_url: base_url.trim_end_matches('/').to_owned() })
    }

    /// The underlying HTTP client, for requests this type has no helper for.
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// The absolute URL of `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// `GET path`: the status code and the body.
    pub async fn get(&self, path: &str) -> anyhow::Result<(u16, String)> {
        let response = self.http.get(self.url(path)).send().await.with_context(|| format!("GET {path}"))?;
        let status = response.status().as_u16();
        Ok((status, response.text().await?))
    }

    /// Posts one operation and returns the whole response body (`data` and `errors`).
    /// Fails only when there is no GraphQL response at all (transport, not JSON).
    pub async fn post(&self, query: &str, variables: Value, token: Option<&str>) -> anyhow::Result<Value> {
        self.send(json!({ "query": query, "variables": variables }), token).await
    }

    /// Like [`Client::post`], with an `operationName` (what the metrics are labelled by).
    pub async fn post_named(&self, operation: &str, query: &str, variables: Value, token: Option<&str>) -> anyhow::Result<Value> {
        self.send(json!({ "query": query, "variables": variables, "operationName": operation }), token).await
    }

    async fn send(&self, body: Value, token: Option<&str>) -> anyhow::Result<Value> {
        let mut request = self.http.post(self.url("/graphql")).json(&body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.context("POST /graphql")?;
        let status = response.status();
        let text = response.text().await?;
        serde_json::from_str(&text).with_context(|| format!("POST /graphql answered {status} with a body that is not JSON: {text:.200}"))
    }

    /// Posts one operation and returns its `data`; any GraphQL error is an `Err`.
    pub async fn data(&self, query: &str, variables: Value, token: Option<&str>) -> anyhow::Result<Value> {
        let body = self.post(query, variables, token).await?;
        if has_errors(&body) {
            bail!("GraphQL errors: {}", body["errors"]);
        }
        Ok(body["data"].clone())
    }

    /// Signs in and returns both tokens.
    pub async fn login_tokens(&self, email: &str, password: &str) -> anyhow::Result<Tokens> {
        const LOGIN: &str = "mutation Login($email: String!, $password: String!) {
            login(email: $email, password: $password) { accessToken refreshToken }
        }";
        let data =
            self.data(LOGIN, json!({ "email": email, "password": password }), None).await.with_context(|| format!("login as {email}"))?;
        let field = |name: &str| data["login"][name].as_str().map(str::to_owned).with_context(|| format!("login answered no {name}"));
        Ok(Tokens { access: field("accessToken")?, refresh: field("refreshToken")? })
    }

    /// Signs in and returns the access token.
    pub async fn login(&self, email: &str, password: &str) -> anyhow::Result<String> {
        Ok(self.login_tokens(email, password).await?.access)
    }
}

/// True when a response body carries a non-empty `errors` array.
pub fn has_errors(body: &Value) -> bool {
    body["errors"].as_array().is_some_and(|errors| !errors.is_empty())
}

/// `extensions.code` of the first error of a response body, if any.
pub fn error_code(body: &Value) -> Option<&str> {
    body["errors"][0]["extensions"]["code"].as_str()
}
