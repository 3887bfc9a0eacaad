//! The one date reproducible outputs may carry: `SOURCE_DATE_EPOCH`, never the clock.

/// `SOURCE_DATE_EPOCH` as the caller found it (read once, by [`SourceDate::from_env`]
/// or given by a test), handed to every exporter in its context.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceDate {
    given: String,
}

impl SourceDate {
    /// The environment variable of the reproducible-builds convention.
    pub const VAR: &str = "SOURCE_DATE_EPOCH";

    /// The date `SOURCE_DATE_EPOCH` sets, or none when it is unset (or not Unicode).
    pub fn from_env() -> Self {
        SourceDate::new(std::env::var(Self::VAR).unwrap_or_default())
    }

    /// A date given as `SOURCE_DATE_EPOCH` would give it: seconds since 1970, or empty.
    pub fn new(given: impl Into<String>) -> Self {
        SourceDate {
            given: given.into(),
        }
    }

    /// The value as given (part of a batch's build key, even when it is not a number).
    pub fn given(&self) -> &str {
        &self.given
    }

    /// Is the value, when set, a whole number of seconds from 1970 up to
    /// 9999-12-31T23:59:59Z (dates in EPUB and PDF have four-digit years)? The error
    /// names the variable and the value.
    pub fn check(&self) -> Result<(), crate::Error> {
        const LATEST: i64 = 253_402_300_799;
        let value = self.given.trim();
        if value.is_empty() {
            return Ok(());
        }
        let bad = |problem: &'static str| crate::Error::Config {
            path: Self::VAR.into(),
            problem: crate::ConfigError::BadValue {
                value: value.to_string(),
                problem,
            },
        };
        let secs: i64 = value
            .parse()
            .map_err(|_| bad("is not a whole number of seconds since 1970-01-01"))?;
        if !(0..=LATEST).contains(&secs) {
            return Err(bad("lies outside 1970-01-01 to 9999-12-31"));
        }
        Ok(())
    }

    /// Seconds since 1970 (UTC), when the value is a number.
    pub fn seconds(&self) -> Option<i64> {
        self.given.trim().parse().ok()
    }
}

/// Seconds since 1970 (UTC) to year, month, day, hour, minute, second
/// (the days-to-civil algorithm of Howard Hinnant's date library).
pub fn civil(secs: i64) -> (i64, u32, u32, u32, u32, u32) {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400) as u32;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d, rem / 3600, rem / 60 % 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_value_and_seconds() {
        assert_eq!(SourceDate::default().seconds(), None);
        assert_eq!(
            SourceDate::new(" 1700000000\n").seconds(),
            Some(1_700_000_000)
        );
        let odd = SourceDate::new("yesterday");
        assert_eq!((odd.given(), odd.seconds()), ("yesterday", None));
    }

    /// Bug: `SOURCE_DATE_EPOCH=abc` was ignored and a date past 9999 made an invalid
    /// EPUB date.
    #[test]
    fn source_date_epoch_must_be_a_number_up_to_the_year_9999() {
        for ok in ["", " ", "0", "1700000000", "253402300799"] {
            assert!(SourceDate::new(ok).check().is_ok(), "{ok:?}");
        }
        for bad in ["abc", "1.5", "253402300800", "-1", "99999999999999999999"] {
            let err = SourceDate::new(bad).check().unwrap_err().to_string();
            assert!(
                err.contains("SOURCE_DATE_EPOCH") && err.contains(bad),
                "{err}"
            );
        }
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil(0), (1970, 1, 1, 0, 0, 0));
        assert_eq!(civil(1_700_000_000), (2023, 11, 14, 22, 13, 20));
        assert_eq!(civil(951_782_400), (2000, 2, 29, 0, 0, 0));
    }
}
