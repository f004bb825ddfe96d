//! `GET /graphql/ws`: GraphQL subscriptions over WebSocket (the graphql-transport-ws protocol,
//! and the older graphql-ws). The connection is authenticated like a request, by the bearer
//! token in its `connection_init` payload (`{"authorization": "Bearer <token>"}`); a
//! connection without a valid one is refused. Each subscription resolves under that caller,
//! and stops when its credentials stop authenticating (`crm_api::live::SocketToken`).

use super::HttpState;
use actix_web::{web, HttpRequest, HttpResponse};
use async_graphql::Data;
use async_graphql_actix_web::GraphQLSubscription;
use crm_api::live::SocketToken;
use crm_api::RequestState;

pub async fn subscribe(state: web::Data<HttpState>, req: HttpRequest, payload: web::Payload) -> actix_web::Result<HttpResponse> {
    let app = state.app.clone();
    let auth = state.auth.clone();
    GraphQLSubscription::new(state.schema.clone())
        .on_connection_init(move |init| async move {
            let token = bearer_of(&init)
                .ok_or_else(|| async_graphql::Error::new("send {\"authorization\": \"Bearer <token>\"} in connection_init"))?;
            let caller = auth.authenticate(&token, None).await.map_err(|_| async_graphql::Error::new("invalid or expired credentials"))?;
            let mut data = Data::default();
            data.insert(RequestState::new(&app, Some(caller)));
            data.insert(SocketToken(token));
            Ok(data)
        })
        .start(&req, payload)
}

/// The token of `{"authorization": "Bearer <token>"}` (the key in any case).
fn bearer_of(init: &serde_json::Value) -> Option<String> {
    let value = init.as_object()?.iter().find(|(key, _)| key.eq_ignore_ascii_case("authorization"))?.1.as_str()?;
    let token = value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer ")).unwrap_or(value).trim();
    (!token.is_empty()).then(|| token.to_owned())
}
