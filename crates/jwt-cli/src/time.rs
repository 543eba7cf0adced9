//! Times on the command line: `30s`, `15m`, `2h`, `7d` from now, or a NumericDate.

use std::time::Duration;

use jwt_strict::NumericDate;

/// Parses DUR (`30s`, `15m`, `2h`, `7d`: that long from `now`) or DATE (a NumericDate,
/// seconds since the epoch, possibly fractional).
pub(crate) fn parse_time(text: &str, now: NumericDate) -> Result<NumericDate, String> {
    let unit = text.chars().last().and_then(|unit| match unit {
        's' => Some(1),
        'm' => Some(60),
        'h' => Some(3600),
        'd' => Some(86_400),
        _ => None,
    });
    if let (Some(seconds_per_unit), Some(count)) = (unit, text.get(..text.len().saturating_sub(1)))
    {
        let count: u64 = count
            .parse()
            .map_err(|_| format!("{text:?} is not a duration like 30s, 15m, 2h or 7d"))?;
        return count
            .checked_mul(seconds_per_unit)
            .and_then(|seconds| now.checked_add(Duration::from_secs(seconds)))
            .ok_or_else(|| format!("{text} from now is past the year 9999"));
    }
    let seconds: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is neither a duration (30s, 15m, 2h, 7d) nor a NumericDate (seconds since 1970)"))?;
    NumericDate::from_f64(seconds).map_err(|err| err.to_string())
}

/// Parses DATE alone (for `--now`).
pub(crate) fn parse_date(text: &str) -> Result<NumericDate, String> {
    let seconds: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a NumericDate (seconds since 1970)"))?;
    NumericDate::from_f64(seconds).map_err(|err| err.to_string())
}

/// How far `then` is from `now`, in words: `in 14m 50s`, `2h 3m ago`.
pub(crate) fn relative(then: NumericDate, now: NumericDate) -> String {
    let delta = then.as_f64() - now.as_f64();
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "bounded by the NumericDate range"
    )]
    let total = delta.abs().round() as u64;
    let (days, hours, minutes, seconds) = (
        total / 86_400,
        total % 86_400 / 3600,
        total % 3600 / 60,
        total % 60,
    );
    let mut parts = Vec::new();
    for (value, unit) in [(days, "d"), (hours, "h"), (minutes, "m"), (seconds, "s")] {
        if value > 0 && parts.len() < 2 {
            parts.push(format!("{value}{unit}"));
        }
    }
    if parts.is_empty() {
        return "now".to_owned();
    }
    if delta > 0.0 {
        format!("in {}", parts.join(" "))
    } else {
        format!("{} ago", parts.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: i64) -> NumericDate {
        NumericDate::from_unix_seconds(s).unwrap()
    }

    #[test]
    fn durations_and_dates() {
        let now = at(1_000);
        assert_eq!(parse_time("30s", now).unwrap(), at(1_030));
        assert_eq!(parse_time("15m", now).unwrap(), at(1_900));
        assert_eq!(parse_time("2h", now).unwrap(), at(8_200));
        assert_eq!(parse_time("7d", now).unwrap(), at(605_800));
        assert_eq!(parse_time("1700000000", now).unwrap(), at(1_700_000_000));
        assert_eq!(parse_time("1.5", now).unwrap().as_f64(), 1.5);
        for bad in ["", "s", "-5m", "5x", "tomorrow", "1e400", "99999999999999d"] {
            assert!(parse_time(bad, now).is_err(), "{bad}");
        }
        assert!(parse_date("30s").is_err());
    }

    #[test]
    fn relative_times() {
        assert_eq!(relative(at(1_890), at(1_000)), "in 14m 50s");
        assert_eq!(relative(at(1_000), at(8_380)), "2h 3m ago");
        assert_eq!(relative(at(5), at(5)), "now");
    }
}
