//! Loudness levelling for spoken word: one gain for the tracks given together, aiming
//! at an integrated loudness, with the loudest transients limited so the true peak
//! stays under its ceiling. The narration levels each chapter on its own, as ACX
//! measures each chapter file, so only the chapters in progress are held in memory.

use super::limiter::{self, Plan};
use ebur128::{EbuR128, Mode};

/// Why a chapter could not be levelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LoudnessError {
    /// The loudness meter refused the audio (the meter's message).
    #[error("{0}")]
    Meter(#[from] ebur128::Error),
    /// Audible speech came out silent.
    #[error("levelling made the speech silent (check audio.loudness_lufs and audio.true_peak_db)")]
    Silenced,
    /// Audible speech came out at full scale for most of it.
    #[error(
        "levelling clipped the speech throughout (check audio.loudness_lufs and \
         audio.true_peak_db)"
    )]
    Clipped,
}

/// Limit sample peaks this far under the true-peak ceiling: peaks between samples and
/// MP3 coding can add a little.
const MARGIN_DB: f64 = 1.0;

/// Integrated loudness (LUFS) and true peak (linear) of `tracks` played in a row,
/// metered per track in parallel and then combined.
pub fn measure(tracks: &[&[i16]], rate: u32, true_peak: bool) -> Result<(f64, f64), LoudnessError> {
    use rayon::prelude::*;
    let mode = if true_peak {
        Mode::I | Mode::TRUE_PEAK
    } else {
        Mode::I
    };
    let meters = tracks
        .par_iter()
        .map(|t| {
            let mut m = EbuR128::new(1, rate, mode)?;
            m.add_frames_i16(t)?;
            Ok(m)
        })
        .collect::<Result<Vec<EbuR128>, ebur128::Error>>()?;
    let loudness = EbuR128::loudness_global_multiple(meters.iter())?;
    let mut peak = 0.0f64;
    if true_peak {
        for m in &meters {
            peak = peak.max(m.true_peak(0)?);
        }
    }
    Ok((loudness, peak))
}

/// The gain is searched on a sample only: every `SAMPLE_EVERY`th piece of
/// `PIECE_SECONDS`; the limiter takes loudness from a sample of speech the way it does
/// from the whole, and the result is checked on the whole afterwards.
const SAMPLE_EVERY: usize = 4;
const PIECE_SECONDS: usize = 5;

/// Every `SAMPLE_EVERY`th piece of the tracks (all of them when they are short).
fn sample_of(tracks: &[Vec<i16>], rate: u32) -> Vec<&[i16]> {
    let piece = PIECE_SECONDS * rate as usize;
    let pieces: Vec<&[i16]> = tracks.iter().flat_map(|t| t.chunks(piece.max(1))).collect();
    if pieces.len() < 2 * SAMPLE_EVERY {
        return pieces;
    }
    pieces.into_iter().step_by(SAMPLE_EVERY).collect()
}

/// Bring the chapters to `target_lufs` together (one gain, so they match), limiting
/// peaks so the true peak is at most `max_peak_db`. Returns the loudness reached.
pub fn level(
    chapters: &mut [Vec<i16>],
    rate: u32,
    target_lufs: f64,
    max_peak_db: f64,
) -> Result<f64, LoudnessError> {
    use rayon::prelude::*;
    fn refs(c: &[Vec<i16>]) -> Vec<&[i16]> {
        c.iter().map(|t| t.as_slice()).collect()
    }
    let (start, _) = measure(&refs(chapters), rate, false)?;
    if !start.is_finite() {
        return Ok(start); // silence
    }
    let ceiling = 10f64.powf((max_peak_db - MARGIN_DB) / 20.0) * 32767.0;
    let sample = sample_of(chapters, rate);
    let (sample_start, _) = measure(&sample, rate, false)?;
    let mut gain_db = target_lufs - start;
    if sample_start.is_finite() {
        // The sample should move by as much as all the tracks have to.
        gain_db = find_gain(&sample, rate, ceiling, sample_start + gain_db, gain_db)?;
    }
    // The limiter's plans are small (the gain curve only near peaks), so the levelled
    // audio is metered as it is computed and written over the chapters only once the
    // gain is settled: no second copy of a chapter is held.
    let plan_all = |gain_db: f64| -> Vec<Plan> {
        let gain = 10f64.powf(gain_db / 20.0);
        chapters
            .par_iter()
            .map(|c| Plan::new(c, gain, ceiling, rate))
            .collect()
    };
    let mut plans = plan_all(gain_db);
    let (mut reached, mut peak) = measure_planned(chapters, &plans, rate)?;
    if (reached - target_lufs).abs() > 0.3 {
        // The sample was not typical of the whole; one plain correction.
        gain_db += target_lufs - reached;
        plans = plan_all(gain_db);
        (reached, peak) = measure_planned(chapters, &plans, rate)?;
    }
    chapters
        .par_iter_mut()
        .zip(&plans)
        .for_each(|(c, p)| p.apply(c));
    let peak_db = 20.0 * peak.log10();
    if peak_db > max_peak_db {
        let cut = 10f64.powf((max_peak_db - peak_db) / 20.0);
        chapters.par_iter_mut().for_each(|c| apply(c, cut));
        reached += max_peak_db - peak_db;
    }
    Ok(reached)
}

/// Integrated loudness and true peak of `chapters` as `plans` would level them, metered
/// in pieces as the levelled samples are made (what [`measure`] gives on the result).
fn measure_planned(
    chapters: &[Vec<i16>],
    plans: &[Plan],
    rate: u32,
) -> Result<(f64, f64), LoudnessError> {
    use rayon::prelude::*;
    const PIECE: usize = 1 << 16;
    let meters = chapters
        .par_iter()
        .zip(plans)
        .map(|(c, plan)| {
            let mut m = EbuR128::new(1, rate, Mode::I | Mode::TRUE_PEAK)?;
            let mut piece = Vec::with_capacity(PIECE);
            let mut failed = None;
            plan.run(c, |y| {
                piece.push(y);
                if piece.len() == PIECE {
                    if let Err(e) = m.add_frames_i16(&piece) {
                        failed.get_or_insert(e);
                    }
                    piece.clear();
                }
            });
            if let Some(e) = failed {
                return Err(e);
            }
            m.add_frames_i16(&piece)?;
            Ok(m)
        })
        .collect::<Result<Vec<EbuR128>, ebur128::Error>>()?;
    let loudness = EbuR128::loudness_global_multiple(meters.iter())?;
    let mut peak = 0.0f64;
    for m in &meters {
        peak = peak.max(m.true_peak(0)?);
    }
    Ok((loudness, peak))
}

/// The gain (dB) that brings `tracks`, limited at `ceiling`, to `target` LUFS.
/// Limiting takes more loudness away the more gain there is, so the gain is found by
/// the secant method, starting from `first_db`; three or four tries land within 0.1 LU.
fn find_gain(
    tracks: &[&[i16]],
    rate: u32,
    ceiling: f64,
    target: f64,
    first_db: f64,
) -> Result<f64, LoudnessError> {
    use rayon::prelude::*;
    let loudness_at = |gain_db: f64| -> Result<f64, LoudnessError> {
        let gain = 10f64.powf(gain_db / 20.0);
        let out: Vec<Vec<i16>> = tracks
            .par_iter()
            .map(|c| limiter::gain_and_limit(c, gain, ceiling, rate))
            .collect();
        let refs: Vec<&[i16]> = out.iter().map(|t| t.as_slice()).collect();
        Ok(measure(&refs, rate, false)?.0)
    };
    let mut gain_db = first_db;
    let mut reached = loudness_at(gain_db)?;
    let mut slope = 1.0;
    for _ in 0..4 {
        if (reached - target).abs() < 0.1 {
            break;
        }
        let next_db = gain_db + (target - reached) / slope;
        let next = loudness_at(next_db)?;
        let s = (next - reached) / (next_db - gain_db);
        // A slope outside (0.1, 1] would be a bad estimate; keep the last good one.
        if (0.1..=1.0).contains(&s) {
            slope = s;
        }
        (gain_db, reached) = (next_db, next);
    }
    Ok(gain_db)
}

/// The gain (linear) that brings `tracks` to `target_lufs` with true peak at most
/// `max_peak_db` dBTP. Silence gets gain 1.
pub fn gain(
    tracks: &[&[i16]],
    rate: u32,
    target_lufs: f64,
    max_peak_db: f64,
) -> Result<f64, LoudnessError> {
    let mut meter = EbuR128::new(1, rate, Mode::I | Mode::TRUE_PEAK)?;
    for t in tracks {
        meter.add_frames_i16(t)?;
    }
    let loudness = meter.loudness_global()?;
    let peak = meter.true_peak(0)?;
    Ok(gain_for(loudness, peak, target_lufs, max_peak_db))
}

/// The gain for measured `loudness` (LUFS) and true `peak` (linear, 1.0 = full scale).
pub fn gain_for(loudness: f64, peak: f64, target_lufs: f64, max_peak_db: f64) -> f64 {
    if !loudness.is_finite() || peak <= 0.0 {
        return 1.0;
    }
    let wanted_db = target_lufs - loudness;
    let peak_db = 20.0 * peak.log10();
    let allowed_db = max_peak_db - peak_db;
    10f64.powf(wanted_db.min(allowed_db) / 20.0)
}

/// Multiply every sample by `gain`, rounding and saturating.
pub fn apply(samples: &mut [i16], gain: f64) {
    if (gain - 1.0).abs() < 1e-9 {
        return;
    }
    for s in samples {
        *s = (f64::from(*s) * gain)
            .round()
            .clamp(f64::from(i16::MIN), f64::from(i16::MAX)) as i16;
    }
}

/// Samples quieter than this (about -60 dBFS) count as silence.
const SILENT: u16 = 33;

/// How loud a chapter's samples are: the peak and how many samples are audible or at
/// full scale. Taken before and after levelling, so a levelled chapter that is silent
/// or clipped throughout (from a wrong gain) is refused instead of written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meter {
    /// The largest magnitude.
    pub peak: u16,
    /// Samples at least [`SILENT`].
    pub audible: usize,
    /// Samples at full scale.
    pub clipped: usize,
}

impl Meter {
    /// Meter `samples`.
    pub fn of(samples: &[i16]) -> Meter {
        let mut m = Meter {
            peak: 0,
            audible: 0,
            clipped: 0,
        };
        for s in samples {
            let a = s.unsigned_abs();
            m.peak = m.peak.max(a);
            m.audible += usize::from(a >= SILENT);
            m.clipped += usize::from(a >= i16::MAX as u16);
        }
        m
    }
}

/// Is the levelled audio (`after`) still speech, given what the voice said (`before`)?
/// Refused: audible speech levelled to silence, or to full scale for most of it.
pub fn check_levelled(before: Meter, after: Meter) -> Result<(), LoudnessError> {
    if before.audible == 0 {
        return Ok(()); // the voice said nothing audible; there is nothing to lose
    }
    if after.peak < SILENT {
        return Err(LoudnessError::Silenced);
    }
    if after.clipped * 2 > before.audible {
        return Err(LoudnessError::Clipped);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(rate: u32, secs: f64, amp: f64) -> Vec<i16> {
        let n = (f64::from(rate) * secs) as usize;
        (0..n)
            .map(|i| {
                let t = i as f64 / f64::from(rate);
                (amp * 32767.0 * (2.0 * std::f64::consts::PI * 440.0 * t).sin()) as i16
            })
            .collect()
    }

    #[test]
    fn quiet_audio_is_raised_to_the_target() {
        let mut pcm = sine(22050, 5.0, 0.05);
        let g = gain(&[&pcm], 22050, -18.0, -3.0).unwrap();
        assert!(g > 1.0);
        apply(&mut pcm, g);
        let mut m = EbuR128::new(1, 22050, Mode::I).unwrap();
        m.add_frames_i16(&pcm).unwrap();
        let l = m.loudness_global().unwrap();
        assert!((l + 18.0).abs() < 0.2, "{l}");
    }

    #[test]
    fn peak_limit_wins_over_loudness() {
        // Loud enough already but peaking at full scale: the gain must cut to -3 dBTP.
        let g = gain_for(-18.0, 1.0, -18.0, -3.0);
        assert!((20.0 * g.log10() + 3.0).abs() < 1e-9);
        // Quiet but peaky: raise only as far as the peak allows.
        let g = gain_for(-30.0, 0.5, -18.0, -3.0);
        assert!((20.0 * g.log10() - (-3.0 - 20.0 * 0.5f64.log10())).abs() < 1e-9);
    }

    #[test]
    fn peaky_audio_reaches_the_target_under_the_ceiling() {
        // A quiet tone with sharp clicks: plain gain would hit the peak limit first.
        let mut a = sine(22050, 4.0, 0.02);
        for i in (0..a.len()).step_by(5000) {
            a[i] = 30000;
        }
        let mut chapters = vec![a, sine(22050, 2.0, 0.01)];
        let reached = level(&mut chapters, 22050, -18.0, -3.0).unwrap();
        assert!((reached + 18.0).abs() < 0.3, "{reached}");
        let refs: Vec<&[i16]> = chapters.iter().map(|c| c.as_slice()).collect();
        let (l, peak) = measure(&refs, 22050, true).unwrap();
        assert!((l + 18.0).abs() < 0.3, "{l}");
        assert!(20.0 * peak.log10() <= -3.0 + 1e-6);
    }

    #[test]
    fn silence_is_left_alone() {
        let pcm = vec![0i16; 22050];
        assert_eq!(gain(&[&pcm], 22050, -18.0, -3.0).unwrap(), 1.0);
    }

    #[test]
    fn apply_saturates() {
        let mut s = [20000i16, -20000, 3];
        apply(&mut s, 2.0);
        assert_eq!(s, [32767, -32768, 6]);
    }

    /// Bug: a NaN (or absurd) loudness setting gave MP3s of digital silence, exit 0.
    #[test]
    fn levelled_speech_that_is_silent_or_clipped_throughout_is_refused() {
        let speech: Vec<i16> = (0..22050)
            .map(|i| ((i as f64 * 0.05).sin() * 3000.0) as i16)
            .collect();
        let before = Meter::of(&speech);
        assert_eq!(check_levelled(before, before), Ok(()));
        let silent = Meter::of(&[0i16; 22050]);
        assert!(
            check_levelled(before, silent)
                .unwrap_err()
                .to_string()
                .contains("silent")
        );
        let mut loud = speech.clone();
        apply(&mut loud, 1000.0);
        assert!(
            check_levelled(before, Meter::of(&loud))
                .unwrap_err()
                .to_string()
                .contains("clipped")
        );
        // Silence in, silence out is no fault of the levelling.
        assert_eq!(check_levelled(silent, silent), Ok(()));
        for (target, peak) in [(f64::NAN, -3.0), (1e308, -1e308)] {
            let mut s = vec![speech.clone()];
            let _ = level(&mut s, 22050, target, peak);
            assert!(
                check_levelled(before, Meter::of(&s[0])).is_err(),
                "{target} LUFS, {peak} dBTP passed"
            );
        }
    }
}
