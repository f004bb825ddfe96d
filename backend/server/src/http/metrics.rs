//! Prometheus metrics: GraphQL requests by operation and outcome, their latency, HTTP
//! responses by route and status, and database statement latency (see `crm_core::db`).

use actix_web::HttpResponse;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Installs the process-wide recorder once (tests start many servers in one process).
pub fn install() {
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets(&[0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0])
            .unwrap_or_else(|_| PrometheusBuilder::new());
        match builder.install_recorder() {
            Ok(handle) => Some(handle),
            Err(err) => {
                tracing::warn!(error = %err, "metrics recorder not installed");
                None
            }
        }
    });
}

pub async fn render() -> HttpResponse {
    match HANDLE.get().and_then(Option::as_ref) {
        Some(handle) => HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(handle.render()),
        None => HttpResponse::ServiceUnavailable().body("metrics disabled"),
    }
}

/// Operation names come from clients: keep only well-formed ones and at most a few hundred
/// distinct, so a client cannot blow up the metrics' cardinality.
pub fn operation_label(name: Option<&str>) -> String {
    const MAX_DISTINCT: usize = 500;
    static SEEN: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();
    let Some(name) = name.filter(|n| !n.is_empty() && n.len() <= 64 && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')) else {
        return "anonymous".into();
    };
    let mut seen = SEEN.get_or_init(Default::default).lock().unwrap_or_else(|p| p.into_inner());
    if seen.contains(name) || seen.len() < MAX_DISTINCT {
        seen.insert(name.to_owned());
        name.to_owned()
    } else {
        "other".into()
    }
}

/// Counts every HTTP response by route pattern (not raw path: bounded cardinality) and status.
pub async fn count_responses(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let route = req.match_pattern().unwrap_or_else(|| "unmatched".into());
    let response = next.call(req).await?;
    metrics::counter!("crm_http_responses_total", "route" => route, "status" => response.status().as_u16().to_string()).increment(1);
    Ok(response)
}
