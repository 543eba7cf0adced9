//! NumericDate (RFC 7519 §2) and the one place the library reads the system clock.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, ErrorKind};

/// The earliest NumericDate accepted: 0001-01-01T00:00:00Z.
const MIN_SECONDS: f64 = -62_135_596_800.0;
/// The latest NumericDate accepted: 9999-12-31T23:59:59Z.
const MAX_SECONDS: f64 = 253_402_300_799.0;

/// A time as RFC 7519 §2 writes it: seconds since 1970-01-01T00:00:00Z UTC, ignoring
/// leap seconds, possibly fractional.
///
/// Values are finite and lie between the years 1 and 9999; anything else in a token is
/// an `invalid_claim` rather than being clamped (a clamped `exp` would never expire).
/// In JSON a whole value is written as an integer and any other as a decimal number;
/// strings are never accepted.
///
/// ```
/// # use jwt_core as jwt_strict;
/// use jwt_strict::NumericDate;
/// use std::time::Duration;
///
/// let issued = NumericDate::from_unix_seconds(1_300_819_380)?;
/// assert_eq!(issued.to_string(), "2011-03-22T18:43:00Z");
/// let expires = issued.checked_add(Duration::from_secs(3600)).unwrap();
/// assert_eq!(expires.as_unix_seconds(), 1_300_822_980);
/// assert_eq!(serde_json::to_string(&expires).unwrap(), "1300822980");
/// # Ok::<(), jwt_strict::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct NumericDate(f64);

impl NumericDate {
    /// The current time in whole seconds (rounded down), from the system clock, so the
    /// tokens made with it carry integer dates as every other library writes them.
    /// This is the only place the library reads the clock; [`crate::decode_at`] takes
    /// the time from its caller instead.
    ///
    /// A system clock set outside the years 1970 to 9999 reads as the nearest end.
    pub fn now() -> NumericDate {
        let since_epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or(Duration::ZERO);
        #[expect(
            clippy::cast_precision_loss,
            reason = "whole seconds below 2^53 are exact in an f64"
        )]
        let seconds = since_epoch.as_secs() as f64;
        NumericDate(seconds.min(MAX_SECONDS))
    }

    /// A whole number of seconds since the epoch.
    ///
    /// # Errors
    ///
    /// `invalid_claim` when the time lies outside the years 1 to 9999.
    pub fn from_unix_seconds(seconds: i64) -> Result<NumericDate, Error> {
        #[expect(
            clippy::cast_precision_loss,
            reason = "every i64 in the accepted range is exact in an f64"
        )]
        NumericDate::from_f64(seconds as f64)
    }

    /// A possibly fractional number of seconds since the epoch.
    ///
    /// # Errors
    ///
    /// `invalid_claim` when the value is not finite or lies outside the years 1 to 9999.
    pub fn from_f64(seconds: f64) -> Result<NumericDate, Error> {
        if seconds.is_finite() && (MIN_SECONDS..=MAX_SECONDS).contains(&seconds) {
            // -0.0 and 0.0 are the same instant; keep one spelling.
            Ok(NumericDate(seconds + 0.0))
        } else {
            Err(Error::new(
                ErrorKind::InvalidClaim,
                format!(
                    "a NumericDate must be a number of seconds between {MIN_SECONDS} (year 1) \
                     and {MAX_SECONDS} (year 9999), found {seconds}"
                ),
            ))
        }
    }

    /// The seconds since the epoch, with any fraction.
    pub fn as_f64(self) -> f64 {
        self.0
    }

    /// The whole seconds since the epoch, rounded down.
    pub fn as_unix_seconds(self) -> i64 {
        #[expect(
            clippy::cast_possible_truncation,
            reason = "the value is finite and within ±2^38, so the cast is exact after floor"
        )]
        let seconds = self.0.floor() as i64;
        seconds
    }

    /// This time plus `duration`, or `None` past the year 9999.
    pub fn checked_add(self, duration: Duration) -> Option<NumericDate> {
        NumericDate::from_f64(self.0 + duration.as_secs_f64()).ok()
    }

    /// This time minus `duration`, or `None` before the year 1.
    pub fn checked_sub(self, duration: Duration) -> Option<NumericDate> {
        NumericDate::from_f64(self.0 - duration.as_secs_f64()).ok()
    }

    /// Whether the value has no fractional part.
    fn is_whole(self) -> bool {
        self.0.fract() == 0.0
    }
}

impl TryFrom<SystemTime> for NumericDate {
    type Error = Error;

    /// # Errors
    ///
    /// `invalid_claim` when the time lies outside the years 1 to 9999.
    fn try_from(time: SystemTime) -> Result<Self, Self::Error> {
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => NumericDate::from_f64(after.as_secs_f64()),
            Err(before) => NumericDate::from_f64(-before.duration().as_secs_f64()),
        }
    }
}

impl fmt::Display for NumericDate {
    /// RFC 3339 in UTC, e.g. `2026-11-28T10:00:00Z`, with a fraction only when there is one.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (seconds, micros) = self.rounded_to_micros();
        let days = seconds.div_euclid(86_400);
        let second_of_day = seconds.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            second_of_day / 3600,
            second_of_day % 3600 / 60,
            second_of_day % 60
        )?;
        if micros > 0 {
            let fraction = format!("{micros:06}");
            write!(f, ".{}", fraction.trim_end_matches('0'))?;
        }
        f.write_str("Z")
    }
}

impl NumericDate {
    /// The whole seconds and the microseconds of the value rounded to the nearest
    /// microsecond, carrying into the seconds when the fraction rounds up to a whole one
    /// (1.9999999 is 2 seconds and 0 microseconds, never 1 and 1 000 000).
    fn rounded_to_micros(self) -> (i64, u32) {
        let floor = self.as_unix_seconds();
        let fraction = self.0 - self.0.floor();
        // The fraction is in [0, 1), so the rounded microseconds are in [0, 1_000_000].
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "the rounded value is a whole number in [0, 1_000_000]"
        )]
        let micros = (fraction * 1e6).round() as u32;
        if micros >= 1_000_000 {
            (floor.saturating_add(1), 0)
        } else {
            (floor, micros)
        }
    }
}

/// The proleptic Gregorian (year, month, day) of a day count since 1970-01-01
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Formats a duration as seconds for messages: `0s`, `30s`, `1.5s`.
pub(crate) fn seconds(duration: Duration) -> String {
    if duration.subsec_nanos() == 0 {
        format!("{}s", duration.as_secs())
    } else {
        format!("{}s", duration.as_secs_f64())
    }
}

impl Serialize for NumericDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.is_whole() {
            serializer.serialize_i64(self.as_unix_seconds())
        } else {
            serializer.serialize_f64(self.0)
        }
    }
}

impl<'de> Deserialize<'de> for NumericDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NumericDateVisitor)
    }
}

struct NumericDateVisitor;

impl Visitor<'_> for NumericDateVisitor {
    type Value = NumericDate;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a NumericDate (a JSON number of seconds since 1970-01-01T00:00:00Z)")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<NumericDate, E> {
        NumericDate::from_unix_seconds(v).map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<NumericDate, E> {
        let v = i64::try_from(v).map_err(|_| E::custom(format!("NumericDate {v} is too large")))?;
        NumericDate::from_unix_seconds(v).map_err(E::custom)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<NumericDate, E> {
        NumericDate::from_f64(v).map_err(E::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: i64) -> NumericDate {
        NumericDate::from_unix_seconds(s).unwrap()
    }

    #[test]
    fn formats_rfc3339_utc() {
        assert_eq!(date(0).to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(date(1_300_819_380).to_string(), "2011-03-22T18:43:00Z");
        assert_eq!(date(951_782_400).to_string(), "2000-02-29T00:00:00Z");
        assert_eq!(date(-1).to_string(), "1969-12-31T23:59:59Z");
        assert_eq!(date(253_402_300_799).to_string(), "9999-12-31T23:59:59Z");
        assert_eq!(date(-62_135_596_800).to_string(), "0001-01-01T00:00:00Z");
        let half = NumericDate::from_f64(1_800_000_000.5).unwrap();
        assert_eq!(half.to_string(), "2027-01-15T08:00:00.5Z");
        let almost = NumericDate::from_f64(1_800_000_001.999_999_9).unwrap();
        assert_eq!(almost.to_string(), "2027-01-15T08:00:02Z");
        let micro = NumericDate::from_f64(1.000_001).unwrap();
        assert_eq!(micro.to_string(), "1970-01-01T00:00:01.000001Z");
        let below = NumericDate::from_f64(-0.000_000_1).unwrap();
        assert_eq!(below.to_string(), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn out_of_range_and_non_finite_are_invalid_claim() {
        for v in [f64::NAN, f64::INFINITY, 1e308, -1e12, 253_402_300_800.0] {
            let err = NumericDate::from_f64(v).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidClaim, "{v}");
        }
        assert!(NumericDate::from_unix_seconds(i64::MAX).is_err());
    }

    #[test]
    fn serde_writes_integers_when_whole_and_refuses_strings() {
        assert_eq!(serde_json::to_string(&date(42)).unwrap(), "42");
        let frac = NumericDate::from_f64(1.5).unwrap();
        assert_eq!(serde_json::to_string(&frac).unwrap(), "1.5");
        let back: NumericDate = serde_json::from_str("1.5").unwrap();
        assert_eq!(back, frac);
        assert!(serde_json::from_str::<NumericDate>("\"42\"").is_err());
        assert!(serde_json::from_str::<NumericDate>("18446744073709551615").is_err());
        assert!(serde_json::from_str::<NumericDate>("true").is_err());
    }

    #[test]
    fn checked_arithmetic_stops_at_the_range() {
        let max = date(253_402_300_799);
        assert!(max.checked_add(Duration::from_secs(1)).is_none());
        assert_eq!(
            date(10).checked_sub(Duration::from_secs(20)).unwrap(),
            date(-10)
        );
    }

    #[test]
    fn now_is_after_2026_in_whole_seconds() {
        let now = NumericDate::now();
        assert!(now > date(1_767_225_600));
        assert!(now.is_whole());
    }
}
