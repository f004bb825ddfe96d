//! What a telephony event makes of a call: pure, so the rules are tested without a database.
//!
//! Telephony systems repeat events (a retried webhook) and deliver them out of order (the
//! end before the answer). A call only moves forward — RINGING, then ANSWERED, then ENDED or
//! MISSED — so an event that would move it back or leave it where it is changes nothing, and
//! the same event twice answers the same.

use crate::domain::{CallEventKind, CallStatus};

/// How far along a call is; a later status never gives way to an earlier one.
fn stage(status: CallStatus) -> u8 {
    match status {
        CallStatus::Ringing => 0,
        CallStatus::Answered => 1,
        CallStatus::Ended | CallStatus::Missed | CallStatus::Rejected => 2,
    }
}

/// The status `event` leads to from `current` (`None`: a call not heard of before), or `None`
/// when it changes nothing. `answered`: whether the call was answered before (or, heard of
/// first at its end, whether the telephony reports a duration of conversation): a call that
/// ends unanswered was missed.
pub fn next_status(current: Option<CallStatus>, event: CallEventKind, answered: bool) -> Option<CallStatus> {
    let target = match event {
        CallEventKind::Ringing => CallStatus::Ringing,
        CallEventKind::Answered => CallStatus::Answered,
        CallEventKind::Missed => CallStatus::Missed,
        CallEventKind::Ended if answered || current == Some(CallStatus::Answered) => CallStatus::Ended,
        CallEventKind::Ended => CallStatus::Missed,
    };
    match current {
        None => Some(target),
        Some(now) if stage(target) > stage(now) => Some(target),
        Some(_) => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use CallEventKind as E;
    use CallStatus as S;

    #[test]
    fn a_call_moves_forward_only() {
        assert_eq!(next_status(None, E::Ringing, false), Some(S::Ringing));
        assert_eq!(next_status(Some(S::Ringing), E::Answered, false), Some(S::Answered));
        assert_eq!(next_status(Some(S::Answered), E::Ended, false), Some(S::Ended));
        // Out of order: the answer arriving after the end changes nothing.
        assert_eq!(next_status(Some(S::Ended), E::Answered, true), None);
        assert_eq!(next_status(Some(S::Answered), E::Ringing, false), None);
    }

    #[test]
    fn a_repeated_event_changes_nothing() {
        for status in S::ALL {
            let event = match status {
                S::Ringing => E::Ringing,
                S::Answered => E::Answered,
                S::Ended => E::Ended,
                S::Missed | S::Rejected => E::Missed,
            };
            assert_eq!(next_status(Some(status), event, true), None, "{status:?} again");
        }
    }

    #[test]
    fn a_call_that_ends_unanswered_was_missed() {
        assert_eq!(next_status(Some(S::Ringing), E::Ended, false), Some(S::Missed));
        assert_eq!(next_status(None, E::Ended, false), Some(S::Missed));
        // First heard of at its end, with a conversation's duration: it was answered.
        assert_eq!(next_status(None, E::Ended, true), Some(S::Ended));
        assert_eq!(next_status(Some(S::Ringing), E::Missed, false), Some(S::Missed));
    }

    #[test]
    fn a_rejected_call_stays_rejected() {
        for event in E::ALL {
            assert_eq!(next_status(Some(S::Rejected), event, true), None, "{event:?}");
        }
    }
}
