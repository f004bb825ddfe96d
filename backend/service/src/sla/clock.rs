//! One SLA clock (first response, next response or resolution of one ticket): how much of its
//! target the ticket has used in working time, and when it falls due. Pure: the service
//! stores the state and writes each transition as an event of the ticket's SLA timeline.

use super::calendar::Calendar;
use chrono::{DateTime, Utc};

/// A clock's state between two events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockState {
    /// The target, in working seconds.
    pub target: i64,
    /// Working seconds used up to the last pause (not counting the running stretch).
    pub used: i64,
    /// Since when it runs; `None` while paused or stopped.
    pub running_since: Option<DateTime<Utc>>,
    /// When it falls due (or fell due), while it runs.
    pub due_at: Option<DateTime<Utc>>,
    /// When it was met (it no longer runs).
    pub met_at: Option<DateTime<Utc>>,
    /// When it fell due without being met.
    pub breached_at: Option<DateTime<Utc>>,
}

impl ClockState {
    /// A clock started at `at` with `target` working seconds.
    pub fn start(calendar: &Calendar, target: i64, at: DateTime<Utc>) -> Self {
        Self { target, used: 0, running_since: Some(at), due_at: calendar.add_working(at, target), met_at: None, breached_at: None }
    }

    pub fn is_running(&self) -> bool {
        self.running_since.is_some()
    }

    /// Working seconds used by `at`.
    pub fn used_at(&self, calendar: &Calendar, at: DateTime<Utc>) -> i64 {
        self.used + self.running_since.map_or(0, |since| calendar.working_seconds(since, at))
    }

    /// Stops the clock at `at` (a pause); false when it was not running.
    pub fn pause(&mut self, calendar: &Calendar, at: DateTime<Utc>) -> bool {
        if !self.is_running() {
            return false;
        }
        self.used = self.used_at(calendar, at);
        self.running_since = None;
        self.due_at = None;
        true
    }

    /// Runs the clock again from `at`; the time due moves by the paused time. A clock already
    /// past its target stays due when it fell due. False when it was running or is met.
    pub fn resume(&mut self, calendar: &Calendar, at: DateTime<Utc>) -> bool {
        if self.is_running() || self.met_at.is_some() {
            return false;
        }
        self.running_since = Some(at);
        let remaining = self.target - self.used;
        self.due_at = if remaining > 0 { calendar.add_working(at, remaining) } else { self.breached_at.or(Some(at)) };
        true
    }

    /// Meets the clock at `at`: whether within its target. False (and no change) when it was
    /// not running.
    pub fn meet(&mut self, calendar: &Calendar, at: DateTime<Utc>) -> Option<bool> {
        if !self.is_running() {
            return None;
        }
        self.used = self.used_at(calendar, at);
        self.running_since = None;
        self.due_at = None;
        self.met_at = Some(at);
        Some(self.used <= self.target)
    }

    /// When the running clock warns that its time due is near: `lead` working seconds before
    /// it, but never before half its target has been used (a short target is not warned of
    /// as it starts); at once when less than that remains. `None` while it does not run, once
    /// its target is used up, or without a lead.
    pub fn warn_at(&self, calendar: &Calendar, lead: i64) -> Option<DateTime<Utc>> {
        let since = self.running_since?;
        let remaining = self.target - self.used;
        if remaining <= 0 || lead <= 0 {
            return None;
        }
        let lead = lead.min(self.target / 2);
        calendar.add_working(since, (remaining - lead).max(0))
    }

    /// Whether the clock runs past its time due at `now` and was not yet marked breached.
    pub fn breaches_by(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match (self.running_since, self.due_at, self.breached_at) {
            (Some(_), Some(due), None) if due <= now => Some(due),
            _ => None,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::sla::calendar::{parse_minute, WorkingBlock};
    use chrono::{Duration, Weekday};
    use proptest::prelude::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    fn weekdays_nine_to_five() -> Calendar {
        let days = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri];
        let blocks: Vec<_> = days
            .iter()
            .map(|day| WorkingBlock { weekday: *day, start: parse_minute("09:00").unwrap(), end: parse_minute("17:00").unwrap() })
            .collect();
        Calendar::new("Europe/Rome", &blocks, &[]).unwrap()
    }

    #[test]
    fn a_pause_moves_the_time_due_by_the_working_time_paused() {
        let calendar = weekdays_nine_to_five();
        // Monday 7 December 2026, 10:00 in Rome; four working hours.
        let mut clock = ClockState::start(&calendar, 4 * 3600, utc("2026-12-07T09:00:00Z"));
        assert_eq!(clock.due_at, Some(utc("2026-12-07T13:00:00Z")));
        assert!(clock.pause(&calendar, utc("2026-12-07T10:00:00Z")));
        assert_eq!((clock.used, clock.due_at), (3600, None));
        // Resumed Tuesday at 9:00 local: three hours left; met at 11:00, three hours used.
        assert!(clock.resume(&calendar, utc("2026-12-08T08:00:00Z")));
        assert_eq!(clock.due_at, Some(utc("2026-12-08T11:00:00Z")));
        assert_eq!(clock.meet(&calendar, utc("2026-12-08T10:00:00Z")), Some(true));
        assert_eq!(clock.used, 3 * 3600);
        assert!(!clock.resume(&calendar, utc("2026-12-08T10:30:00Z")));
    }

    #[test]
    fn a_clock_met_late_is_not_within_target_and_a_breach_is_found_once() {
        let calendar = Calendar::always();
        let mut clock = ClockState::start(&calendar, 3600, utc("2026-12-07T09:00:00Z"));
        assert_eq!(clock.breaches_by(utc("2026-12-07T09:59:00Z")), None);
        assert_eq!(clock.breaches_by(utc("2026-12-07T10:30:00Z")), Some(utc("2026-12-07T10:00:00Z")));
        clock.breached_at = Some(utc("2026-12-07T10:00:00Z"));
        assert_eq!(clock.breaches_by(utc("2026-12-07T10:30:00Z")), None);
        assert!(clock.pause(&calendar, utc("2026-12-07T11:00:00Z")));
        assert!(clock.resume(&calendar, utc("2026-12-07T12:00:00Z")));
        assert_eq!(clock.due_at, Some(utc("2026-12-07T10:00:00Z")), "past its target, it stays due when it fell due");
        assert_eq!(clock.meet(&calendar, utc("2026-12-07T12:30:00Z")), Some(false));
    }

    #[test]
    fn a_clock_warns_before_its_time_due_and_not_while_paused_or_spent() {
        let calendar = weekdays_nine_to_five();
        // Monday 10:00 in Rome, eight working hours: due Tuesday 10:00; one working hour
        // before it is Monday's last working moment, 17:00 (the recipient hears at 9:00).
        let mut clock = ClockState::start(&calendar, 8 * 3600, utc("2026-12-07T09:00:00Z"));
        assert_eq!(clock.due_at, Some(utc("2026-12-08T09:00:00Z")));
        assert_eq!(clock.warn_at(&calendar, 3600), Some(utc("2026-12-07T16:00:00Z")));
        assert_eq!(calendar.next_working(utc("2026-12-07T16:00:00Z")), Some(utc("2026-12-08T08:00:00Z")));
        assert_eq!(calendar.next_working(utc("2026-12-07T15:00:00Z")), Some(utc("2026-12-07T15:00:00Z")));
        // A lead longer than half the target warns halfway.
        assert_eq!(clock.warn_at(&calendar, 6 * 3600), Some(utc("2026-12-07T13:00:00Z")));
        assert_eq!(clock.warn_at(&calendar, 0), None);
        clock.pause(&calendar, utc("2026-12-07T10:00:00Z"));
        assert_eq!(clock.warn_at(&calendar, 3600), None);
        clock.used = clock.target;
        clock.resume(&calendar, utc("2026-12-07T11:00:00Z"));
        assert_eq!(clock.warn_at(&calendar, 3600), None, "past its target: the breach, not a warning");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Pausing never shortens the time due, however long the pause and wherever it falls.
        #[test]
        fn pausing_never_shortens_the_time_due(start in 0i64..20_000, target in 1i64..3000, pause_after in 0i64..4000, paused_for in 0i64..6000) {
            let calendar = weekdays_nine_to_five();
            let start = utc("2026-03-02T00:00:00Z") + Duration::minutes(start);
            let unpaused = ClockState::start(&calendar, target * 60, start);
            let mut paused = unpaused.clone();
            let pause_at = start + Duration::minutes(pause_after);
            paused.pause(&calendar, pause_at);
            paused.resume(&calendar, pause_at + Duration::minutes(paused_for));
            prop_assert!(paused.due_at.unwrap() >= unpaused.due_at.unwrap());
        }

        /// The warning comes `lead` working minutes before the time due (at most half the
        /// target before it), never after it, and never before the clock ran.
        #[test]
        fn the_warning_leaves_the_lead_before_the_time_due(start in 0i64..20_000, target in 2i64..3000, lead in 1i64..600, used in 0i64..3000) {
            let calendar = weekdays_nine_to_five();
            let since = utc("2026-03-02T00:00:00Z") + Duration::minutes(start);
            let mut clock = ClockState::start(&calendar, target * 60, since);
            clock.used = (used * 60).min(target * 60 - 60);
            clock.due_at = calendar.add_working(since, clock.target - clock.used);
            let warn = clock.warn_at(&calendar, lead * 60).unwrap();
            let due = clock.due_at.unwrap();
            prop_assert!(since <= warn && warn <= due);
            let expected = (lead * 60).min(clock.target / 2).min(clock.target - clock.used);
            prop_assert_eq!(calendar.working_seconds(warn, due), expected);
        }
    }
}
