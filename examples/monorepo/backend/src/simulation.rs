//! Simulated sensor readings, so the example runs without hardware.

use crate::contract::{DeviceState, DeviceStatus, Location, TelemetryReading};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The reading number `n` of a device: smooth, plausible values, deterministic in `n`.
pub fn reading(n: u32, at: SystemTime) -> TelemetryReading {
    let phase = f64::from(n) / 6.0;
    TelemetryReading {
        temperature: round1(21.0 + 2.5 * phase.sin()),
        humidity: round1(45.0 + 10.0 * phase.cos()),
        battery_percent: 100 - n % 100,
        measured_at: rfc3339(at),
        location: Some(Location {
            lat: 55.6761,
            lon: 12.5683,
            extra: Default::default(),
        }),
        // No properties beyond the schema's: the map keeps those a newer producer adds.
        extra: Default::default(),
    }
}

/// The status the agent reports for a device it runs.
pub fn status(state: DeviceState, uptime: Duration) -> DeviceStatus {
    DeviceStatus {
        state,
        firmware: env!("CARGO_PKG_VERSION").to_owned(),
        uptime_seconds: uptime.as_secs(),
        extra: Default::default(),
    }
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// `2024-05-01T12:00:00Z` (RFC 3339, UTC, whole seconds), without a date crate.
pub fn rfc3339(at: SystemTime) -> String {
    let secs = at.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to (year, month, day): Howard Hinnant's `civil_from_days`.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_rfc3339_utc() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        let leap_day = UNIX_EPOCH + Duration::from_secs(1_709_210_096);
        assert_eq!(rfc3339(leap_day), "2024-02-29T12:34:56Z");
        let end_of_century = UNIX_EPOCH + Duration::from_secs(4_102_444_799);
        assert_eq!(rfc3339(end_of_century), "2099-12-31T23:59:59Z");
    }

    #[test]
    fn readings_stay_inside_the_contracts_bounds() {
        for n in 0..500 {
            let r = reading(n, UNIX_EPOCH);
            assert!((0.0..=100.0).contains(&r.humidity), "{r:?}");
            assert!((0..=100).contains(&r.battery_percent), "{r:?}");
        }
    }
}
