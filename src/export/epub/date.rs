//! Dates that never come from the clock: `dcterms:modified` and zip entry times.

use crate::error::ConfigError;
use crate::export::date::civil;

/// Used when neither the config nor `SOURCE_DATE_EPOCH` gives a date: the start of the
/// zip epoch, the same instant the entries carry, so default builds are reproducible.
pub const FIXED_MODIFIED: &str = "1980-01-01T00:00:00Z";

/// `dcterms:modified`: the configured value, else `SOURCE_DATE_EPOCH`, else
/// [`FIXED_MODIFIED`]. A configured value must be `YYYY-MM-DDThh:mm:ssZ`.
pub fn modified(configured: Option<&str>, epoch: Option<i64>) -> Result<String, ConfigError> {
    match (configured, epoch) {
        (Some(c), _) if is_utc_stamp(c) => Ok(c.to_string()),
        (Some(c), _) => Err(ConfigError::invalid(
            "epub.modified",
            format!("= {c:?} is not a date and time of the form 2024-05-31T12:00:00Z"),
        )),
        (None, Some(secs)) => {
            let (y, mo, d, h, mi, s) = civil(secs);
            Ok(format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z"))
        }
        (None, None) => Ok(FIXED_MODIFIED.to_string()),
    }
}

/// Zip entry time: `SOURCE_DATE_EPOCH` clamped to what zip can store, else 1980-01-01.
pub fn zip_time(epoch: Option<i64>) -> zip::DateTime {
    let Some(secs) = epoch else {
        return zip::DateTime::default();
    };
    let (y, mo, d, h, mi, s) = civil(secs);
    let y = y.clamp(1980, 2107) as u16;
    zip::DateTime::from_date_and_time(y, mo as u8, d as u8, h as u8, mi as u8, s as u8)
        .unwrap_or_default()
}

/// `YYYY-MM-DDThh:mm:ssZ` naming a real instant (leap days included, no leap seconds).
fn is_utc_stamp(s: &str) -> bool {
    let pattern = b"dddd-dd-ddTdd:dd:ddZ";
    let shaped = s.len() == pattern.len()
        && s.bytes().zip(pattern).all(|(c, p)| {
            if *p == b'd' {
                c.is_ascii_digit()
            } else {
                c == *p
            }
        });
    if !shaped {
        return false;
    }
    let n = |range: std::ops::Range<usize>| s[range].parse::<u32>().unwrap_or(u32::MAX);
    let (y, mo, d) = (n(0..4), n(5..7), n(8..10));
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match mo {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=12).contains(&mo)
        && (1..=days).contains(&d)
        && n(11..13) < 24
        && n(14..16) < 60
        && n(17..19) < 60
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_to_date() {
        assert_eq!(modified(None, Some(0)).unwrap(), "1970-01-01T00:00:00Z");
        assert_eq!(
            modified(None, Some(1_700_000_000)).unwrap(),
            "2023-11-14T22:13:20Z"
        );
        assert_eq!(
            modified(None, Some(951_782_400)).unwrap(),
            "2000-02-29T00:00:00Z"
        );
        assert_eq!(modified(None, None).unwrap(), FIXED_MODIFIED);
    }

    #[test]
    fn configured_date_wins_and_is_checked() {
        let c = "2024-05-31T12:00:00Z";
        assert_eq!(modified(Some(c), Some(0)).unwrap(), c);
        assert!(modified(Some("2024-05-31"), None).is_err());
    }

    #[test]
    fn zip_times_are_clamped() {
        assert_eq!(zip_time(None), zip::DateTime::default());
        assert_eq!(zip_time(Some(0)).year(), 1980);
        assert_eq!(zip_time(Some(1_700_000_000)).year(), 2023);
    }
}
