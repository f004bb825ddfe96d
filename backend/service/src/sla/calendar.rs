//! Working time: when a queue's people work, in its own time zone, and how much of it lies
//! between two instants. Pure arithmetic (no database, no clock), so it is tested against a
//! brute-force count of minutes on random calendars.
//!
//! A minute is working time when its wall-clock time in the calendar's zone falls in one of
//! that weekday's blocks and its date is not a holiday. That one definition settles the
//! daylight-saving days: a block across the spring gap is an hour shorter, a block across
//! the autumn overlap counts the repeated hour twice, as a person at the desk would live it.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::str::FromStr;

/// Minutes in a day: a block may end at 24:00.
pub const DAY_MINUTES: u16 = 24 * 60;
/// The most blocks one calendar may have (seven days with lunch breaks and some).
pub const MAX_BLOCKS: usize = 50;
/// The most holidays one calendar may list.
pub const MAX_HOLIDAYS: usize = 500;
/// How far ahead a time due is looked for before the calendar is called one that never works
/// (every working day a holiday): ten years.
const HORIZON_WEEKS: i32 = 520;

/// One stretch of working time on a weekday, from `start` to `end` minutes after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkingBlock {
    pub weekday: Weekday,
    pub start: u16,
    pub end: u16,
}

/// Why a calendar was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarError {
    /// Not an IANA time zone name (`Europe/Rome`).
    UnknownZone(String),
    /// A block that ends before it starts, or after midnight.
    EmptyBlock(WorkingBlock),
    /// Two blocks of one weekday that overlap.
    Overlap(WorkingBlock, WorkingBlock),
    /// No working time at all.
    NoBlocks,
    TooManyBlocks,
    TooManyHolidays,
}

/// When a queue works.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    zone: Tz,
    /// Sorted, non-overlapping blocks per weekday, Monday first, as minute ranges.
    week: [Vec<(u16, u16)>; 7],
    holidays: BTreeSet<NaiveDate>,
}

impl Calendar {
    pub fn new(zone: &str, blocks: &[WorkingBlock], holidays: &[NaiveDate]) -> Result<Self, CalendarError> {
        let zone = Tz::from_str(zone).map_err(|_| CalendarError::UnknownZone(zone.to_owned()))?;
        if blocks.is_empty() {
            return Err(CalendarError::NoBlocks);
        }
        if blocks.len() > MAX_BLOCKS {
            return Err(CalendarError::TooManyBlocks);
        }
        if holidays.len() > MAX_HOLIDAYS {
            return Err(CalendarError::TooManyHolidays);
        }
        let mut week: [Vec<WorkingBlock>; 7] = Default::default();
        for block in blocks {
            if block.start >= block.end || block.end > DAY_MINUTES {
                return Err(CalendarError::EmptyBlock(*block));
            }
            week[block.weekday.num_days_from_monday() as usize].push(*block);
        }
        for day in &mut week {
            day.sort_by_key(|block| block.start);
            if let Some(pair) = day.windows(2).find(|pair| pair[1].start < pair[0].end) {
                return Err(CalendarError::Overlap(pair[0], pair[1]));
            }
        }
        Ok(Self {
            zone,
            week: week.map(|day| day.into_iter().map(|block| (block.start, block.end)).collect()),
            holidays: holidays.iter().copied().collect(),
        })
    }

    /// Every minute of every day, in UTC: the clock of a queue without a calendar.
    pub fn always() -> Self {
        Self { zone: Tz::UTC, week: std::array::from_fn(|_| vec![(0, DAY_MINUTES)]), holidays: BTreeSet::new() }
    }

    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// Whether `date` (in the calendar's zone) is a holiday.
    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        self.holidays.contains(&date)
    }

    fn offset_seconds(&self, at: DateTime<Utc>) -> i64 {
        i64::from(self.zone.offset_from_utc_datetime(&at.naive_utc()).fix().local_minus_utc())
    }

    /// `[from, to)` cut where the zone's offset from UTC changes: each piece with its offset.
    fn constant_offset_spans(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<(DateTime<Utc>, DateTime<Utc>, i64)> {
        let mut spans = Vec::new();
        let mut start = from;
        while start < to {
            let offset = self.offset_seconds(start);
            let chunk_end = (start + Duration::days(1)).min(to);
            let last = chunk_end - Duration::seconds(1);
            // Zones change their offset at most twice a year, never twice in one day: an equal
            // offset at both ends of a day means none in between.
            let end = if self.offset_seconds(last) == offset {
                chunk_end
            } else {
                // The first second at the new offset, by bisection on whole seconds.
                let (mut lo, mut hi) = (start.timestamp(), last.timestamp());
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2;
                    if self.offset_seconds(second(mid)) == offset {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                second(hi)
            };
            spans.push((start, end, offset));
            start = end;
        }
        spans
    }

    /// The working stretches inside `[from, to)`, in order.
    pub fn working_intervals(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        let mut intervals = Vec::new();
        for (start, end, offset) in self.constant_offset_spans(from, to) {
            let shift = Duration::seconds(offset);
            let (local_start, local_end) = (start.naive_utc() + shift, end.naive_utc() + shift);
            let mut date = local_start.date();
            while date <= local_end.date() {
                if !self.is_holiday(date) {
                    for &(block_start, block_end) in &self.week[date.weekday().num_days_from_monday() as usize] {
                        let block_start = at_minute(date, block_start).max(local_start);
                        let block_end = at_minute(date, block_end).min(local_end);
                        if block_start < block_end {
                            intervals.push((Utc.from_utc_datetime(&(block_start - shift)), Utc.from_utc_datetime(&(block_end - shift))));
                        }
                    }
                }
                let Some(next) = date.succ_opt() else { break };
                date = next;
            }
        }
        intervals
    }

    /// Working seconds in `[from, to)` (zero when `to` is not after `from`).
    pub fn working_seconds(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        self.working_intervals(from, to).iter().map(|(start, end)| (*end - *start).num_seconds()).sum()
    }

    /// The first working instant at or after `from` (`from` itself during working hours):
    /// when a message held for someone's working hours reaches them. `None` only when the
    /// calendar has no working time in the next ten years.
    pub fn next_working(&self, from: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let mut window_start = from;
        for _ in 0..HORIZON_WEEKS {
            let window_end = window_start + Duration::weeks(1);
            if let Some((start, _)) = self.working_intervals(window_start, window_end).first() {
                return Some(*start);
            }
            window_start = window_end;
        }
        None
    }

    /// The instant `seconds` of working time after `from`; `from` itself for none. `None` only
    /// when the calendar has no working time in the next ten years.
    pub fn add_working(&self, from: DateTime<Utc>, seconds: i64) -> Option<DateTime<Utc>> {
        if seconds <= 0 {
            return Some(from);
        }
        let mut remaining = seconds;
        let mut window_start = from;
        for _ in 0..HORIZON_WEEKS {
            let window_end = window_start + Duration::weeks(1);
            for (start, end) in self.working_intervals(window_start, window_end) {
                let length = (end - start).num_seconds();
                if remaining <= length {
                    return Some(start + Duration::seconds(remaining));
                }
                remaining -= length;
            }
            window_start = window_end;
        }
        None
    }
}

fn second(timestamp: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(timestamp, 0).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

fn at_minute(date: NaiveDate, minute: u16) -> NaiveDateTime {
    date.and_time(chrono::NaiveTime::MIN) + Duration::minutes(i64::from(minute))
}

/// `"09:30"` → 570; `"24:00"` is the end of the day.
pub fn parse_minute(text: &str) -> Option<u16> {
    let (hours, minutes) = text.trim().split_once(':')?;
    let (hours, minutes): (u16, u16) = (hours.parse().ok()?, minutes.parse().ok()?);
    let total = hours.checked_mul(60)?.checked_add(minutes)?;
    (minutes < 60 && total <= DAY_MINUTES).then_some(total)
}

/// 570 → `"09:30"`.
pub fn format_minute(minute: u16) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    fn block(weekday: Weekday, start: &str, end: &str) -> WorkingBlock {
        WorkingBlock { weekday, start: parse_minute(start).unwrap(), end: parse_minute(end).unwrap() }
    }

    /// Monday to Friday 9–13 and 14–18 in Rome, 25 December a holiday.
    fn office() -> Calendar {
        let days = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri];
        let blocks: Vec<_> = days.iter().flat_map(|day| [block(*day, "09:00", "13:00"), block(*day, "14:00", "18:00")]).collect();
        Calendar::new("Europe/Rome", &blocks, &[NaiveDate::from_ymd_opt(2026, 12, 25).unwrap()]).unwrap()
    }

    #[test]
    fn a_lunch_break_and_a_weekend_are_not_working_time() {
        let calendar = office();
        // Friday 11 December 2026, 12:00 in Rome (UTC+1): one hour before lunch, four after,
        // then Monday morning.
        let friday_noon = utc("2026-12-11T11:00:00Z");
        assert_eq!(calendar.add_working(friday_noon, 3600), Some(utc("2026-12-11T12:00:00Z")));
        assert_eq!(calendar.add_working(friday_noon, 2 * 3600), Some(utc("2026-12-11T14:00:00Z")));
        assert_eq!(calendar.add_working(friday_noon, 6 * 3600), Some(utc("2026-12-14T09:00:00Z")));
        assert_eq!(calendar.working_seconds(friday_noon, utc("2026-12-14T09:00:00Z")), 6 * 3600);
    }

    #[test]
    fn holidays_are_skipped() {
        let calendar = office();
        // Thursday 24 December 17:00 local: one hour, then Christmas (holiday), then Monday
        // 28 (26–27 are a weekend).
        let christmas_eve = utc("2026-12-24T16:00:00Z");
        assert_eq!(calendar.add_working(christmas_eve, 2 * 3600), Some(utc("2026-12-28T09:00:00Z")));
    }

    #[test]
    fn daylight_saving_days_count_wall_clock_minutes() {
        // Rome moves from 02:00 to 03:00 on 29 March 2026 and from 03:00 back to 02:00 on
        // 25 October 2026 (both Sundays).
        let blocks = [block(Weekday::Sun, "01:00", "04:00")];
        let calendar = Calendar::new("Europe/Rome", &blocks, &[]).unwrap();
        let spring = calendar.working_seconds(utc("2026-03-28T00:00:00Z"), utc("2026-03-30T00:00:00Z"));
        let autumn = calendar.working_seconds(utc("2026-10-24T00:00:00Z"), utc("2026-10-26T00:00:00Z"));
        assert_eq!((spring / 60, autumn / 60), (120, 240));
    }

    #[test]
    fn refuses_what_is_not_a_calendar() {
        assert_eq!(
            Calendar::new("Mars/Olympus", &[block(Weekday::Mon, "09:00", "10:00")], &[]),
            Err(CalendarError::UnknownZone("Mars/Olympus".into()))
        );
        assert_eq!(Calendar::new("UTC", &[], &[]), Err(CalendarError::NoBlocks));
        let backwards = WorkingBlock { weekday: Weekday::Mon, start: 600, end: 540 };
        assert_eq!(Calendar::new("UTC", &[backwards], &[]), Err(CalendarError::EmptyBlock(backwards)));
        let (a, b) = (block(Weekday::Mon, "09:00", "12:00"), block(Weekday::Mon, "11:00", "13:00"));
        assert_eq!(Calendar::new("UTC", &[b, a], &[]), Err(CalendarError::Overlap(a, b)));
        assert_eq!(parse_minute("24:00"), Some(1440));
        assert_eq!(parse_minute("24:01"), None);
        assert_eq!(parse_minute("9:60"), None);
        assert_eq!(format_minute(570), "09:30");
    }

    #[test]
    fn a_calendar_of_holidays_only_never_comes_due() {
        let monday = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let calendar = Calendar::new("UTC", &[block(Weekday::Mon, "09:00", "10:00")], &[monday]).unwrap();
        assert_eq!(calendar.add_working(utc("2026-12-07T00:00:00Z"), 3600), Some(utc("2026-12-14T10:00:00Z")));
        assert!(Calendar::always().add_working(utc("2026-12-07T00:00:00Z"), 60).is_some());
    }

    /// Zones with and without daylight saving, one with a 30-minute shift.
    const ZONES: [&str; 5] = ["UTC", "Europe/Rome", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"];

    fn calendars() -> impl Strategy<Value = Calendar> {
        let blocks = prop::collection::vec((0u32..7, 0u16..96, 1u16..40), 1..12);
        let holidays = prop::collection::vec(0i64..40, 0..6);
        (0..ZONES.len(), blocks, holidays).prop_filter_map("overlapping blocks", |(zone, blocks, holidays)| {
            let blocks: Vec<WorkingBlock> = blocks
                .into_iter()
                .map(|(day, start, length)| {
                    let start = start * 15;
                    WorkingBlock { weekday: Weekday::try_from(day as u8).unwrap(), start, end: (start + length * 15).min(DAY_MINUTES) }
                })
                .collect();
            let first = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
            let holidays: Vec<NaiveDate> = holidays.into_iter().map(|days| first + Duration::days(days)).collect();
            Calendar::new(ZONES[zone], &blocks, &holidays).ok()
        })
    }

    /// Whole minutes from 1 March 2026 into the next two months: both spring changes inside.
    fn instants() -> impl Strategy<Value = DateTime<Utc>> {
        (0i64..60 * 24 * 60).prop_map(|minute| utc("2026-03-01T00:00:00Z") + Duration::minutes(minute))
    }

    /// The definition, one minute at a time.
    fn brute_force_minutes(calendar: &Calendar, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        let mut count = 0;
        let mut minute = from;
        while minute < to {
            let local = minute.with_timezone(&calendar.zone).naive_local();
            let of_day = (local.time() - chrono::NaiveTime::MIN).num_minutes() as u16;
            let weekday = local.date().weekday().num_days_from_monday() as usize;
            if !calendar.is_holiday(local.date()) && calendar.week[weekday].iter().any(|(start, end)| *start <= of_day && of_day < *end) {
                count += 1;
            }
            minute += Duration::minutes(1);
        }
        count
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn working_time_equals_a_minute_by_minute_count(calendar in calendars(), from in instants(), length in 0i64..6 * 24 * 60) {
            let to = from + Duration::minutes(length);
            prop_assert_eq!(calendar.working_seconds(from, to), brute_force_minutes(&calendar, from, to) * 60);
        }

        #[test]
        fn the_time_due_is_exactly_that_much_working_time_away(calendar in calendars(), from in instants(), minutes in 1i64..3000) {
            let due = calendar.add_working(from, minutes * 60).expect("every generated calendar works some day");
            prop_assert_eq!(brute_force_minutes(&calendar, from, due), minutes);
            // And not a minute later than needed: the last minute before it is working time.
            prop_assert_eq!(brute_force_minutes(&calendar, due - Duration::minutes(1), due), 1);
        }

        /// A notification held for working hours arrives at the first working minute: none
        /// between the moment it was made and then, and that minute is one.
        #[test]
        fn the_next_working_moment_is_the_first_working_minute(calendar in calendars(), from in instants()) {
            let next = calendar.next_working(from).expect("every generated calendar works some day");
            prop_assert!(next >= from);
            prop_assert_eq!(brute_force_minutes(&calendar, from, next), 0);
            prop_assert_eq!(brute_force_minutes(&calendar, next, next + Duration::minutes(1)), 1);
        }
    }
}
