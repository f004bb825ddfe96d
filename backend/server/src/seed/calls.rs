//! The demo's contact center, reported as the telephony would (`POST /telephony/events`'s own
//! function): each ticket that came in by phone starts with its call, answered at Davide's
//! extension and wrapped up with the ticket it opened; a few questions were settled on the
//! phone; this morning's missed calls wait in the callback queue (one from a number nobody
//! knows); and a nuisance number is on the block list, its last call rejected.

use super::{app, at};
use chrono::{DateTime, Duration, Utc};
use crm_core::context::AppContext;
use crm_core::principal::Caller;
use crm_service::access::CallScope;
use crm_service::calls::{desk, repo, telephony};
use crm_service::domain::{CallEventKind, CallOutcome};
use crm_service::inputs::{BlockNumberInput, TelephonyEvent, WrapUpCallInput};
use uuid::Uuid;

/// The switchboard's number, which customers call.
const SWITCHBOARD: &str = "+39 02 4000 1000";

/// A number that called in a loop last month.
const NUISANCE: &str = "+39 345 999 0000";

fn event(call_id: &str, kind: CallEventKind, from: Option<&str>, extension: Option<&str>, at: DateTime<Utc>) -> TelephonyEvent {
    TelephonyEvent {
        call_id: call_id.into(),
        event: kind,
        direction: None,
        from: from.map(str::to_owned),
        to: Some(SWITCHBOARD.into()),
        agent_extension: extension.map(str::to_owned),
        occurred_at: Some(at),
        duration_seconds: None,
        recording_url: None,
    }
}

/// A call from `from` answered at `extension` and ended `talk` later, as the telephony
/// reports it (ringing, answered, ended, with the recording); returns the call's id.
pub async fn answered_call(
    ctx: &AppContext,
    system: &Caller,
    call_id: &str,
    from: Option<&str>,
    extension: &str,
    rang: DateTime<Utc>,
    talk: Duration,
) -> anyhow::Result<Uuid> {
    let answered = rang + Duration::seconds(12);
    telephony::receive(&at(ctx, rang), system, event(call_id, CallEventKind::Ringing, from, Some(extension), rang)).await.map_err(app)?;
    let answer = event(call_id, CallEventKind::Answered, from, Some(extension), answered);
    telephony::receive(&at(ctx, answered), system, answer).await.map_err(app)?;
    let mut ended = event(call_id, CallEventKind::Ended, from, Some(extension), answered + talk);
    ended.duration_seconds = Some(talk.num_seconds());
    ended.recording_url = Some(format!("https://pbx.demo.example/recordings/{call_id}.mp3"));
    Ok(telephony::receive(&at(ctx, answered + talk), system, ended).await.map_err(app)?.call.id)
}

/// How an agent wraps up a call of the demo, at its current version.
pub async fn wrap_up(ctx: &AppContext, agent: &Caller, call: Uuid, outcome: CallOutcome, notes: &str) -> anyhow::Result<()> {
    let scope = CallScope::of(&agent.principal).map_err(app)?;
    let version = repo::find(&ctx.db.read, &scope, call).await.map_err(app)?.map_or(1, |row| row.version);
    let input = WrapUpCallInput { id: super::id(call), version, outcome, notes: Some(notes.into()), ticket_id: None };
    desk::wrap_up(ctx, agent, input).await.map_err(app)?;
    Ok(())
}

/// Questions settled on the phone, missed calls waiting to be called back, and the block
/// list. `callers`: numbers of the demo's customers' contacts.
pub async fn seed(ctx: &AppContext, system: &Caller, agent: &Caller, callers: &[String], now: DateTime<Utc>) -> anyhow::Result<()> {
    let settled = [
        ("Asked when the technician comes: Thursday morning, confirmed.", CallOutcome::InformationGiven),
        ("Wanted the IBAN for the bank transfer; given.", CallOutcome::InformationGiven),
        ("Could not print: the printer was offline; walked them through restarting it.", CallOutcome::Resolved),
        ("Interested in the Laser 300 for the second office: asked sales to send a quote.", CallOutcome::FollowUp),
    ];
    for (i, (notes, outcome)) in settled.into_iter().enumerate() {
        let Some(number) = callers.get(i) else { break };
        let rang = now - Duration::days(3 * i as i64 + 1) - Duration::hours(2);
        let talk = Duration::seconds(140 + 60 * i as i64);
        let call = answered_call(ctx, system, &format!("demo-settled-{i}"), Some(number), "201", rang, talk).await?;
        wrap_up(&at(ctx, rang + talk + Duration::minutes(2)), agent, call, outcome, notes).await?;
    }
    // This morning's missed calls: known customers and a number nobody knows yet.
    let mut missed: Vec<Option<&str>> = callers.iter().skip(4).take(3).map(|n| Some(n.as_str())).collect();
    missed.push(Some("+39 333 765 4321"));
    for (i, from) in missed.into_iter().enumerate() {
        let rang = now - Duration::minutes(35 + 50 * i as i64);
        let call_id = format!("demo-missed-{i}");
        telephony::receive(&at(ctx, rang), system, event(&call_id, CallEventKind::Ringing, from, Some("202"), rang)).await.map_err(app)?;
        let gave_up = rang + Duration::seconds(40);
        telephony::receive(&at(ctx, gave_up), system, event(&call_id, CallEventKind::Ended, from, None, gave_up)).await.map_err(app)?;
    }
    let block = BlockNumberInput { number: NUISANCE.into(), reason: "Automated sales calls, several a day.".into() };
    desk::block_number(&at(ctx, now - Duration::days(12)), system, block).await.map_err(app)?;
    let rang = now - Duration::hours(5);
    telephony::receive(&at(ctx, rang), system, event("demo-rejected-0", CallEventKind::Ringing, Some(NUISANCE), None, rang))
        .await
        .map_err(app)?;
    Ok(())
}
