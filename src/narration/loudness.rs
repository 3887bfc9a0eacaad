//! Loudness levelling for spoken word: one gain for the whole article (so chapters
//! match), aiming at an integrated loudness, with the loudest transients limited so the
//! true peak stays under its ceiling.

use super::limiter;
use ebur128::{EbuR128, Mode};

/// Limit sample peaks this far under the true-peak ceiling: peaks between samples and
/// MP3 coding can add a little.
const MARGIN_DB: f64 = 1.0;

/// Integrated loudness (LUFS) and true peak (linear) of `tracks` played in a row,
/// metered per track in parallel and then combined.
pub fn measure(tracks: &[&[i16]], rate: u32, true_peak: bool) -> Result<(f64, f64), String> {
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
        .collect::<Result<Vec<EbuR128>, ebur128::Error>>()
        .map_err(|e| e.to_string())?;
    let loudness = EbuR128::loudness_global_multiple(meters.iter()).map_err(|e| e.to_string())?;
    let mut peak = 0.0f64;
    if true_peak {
        for m in &meters {
            peak = peak.max(m.true_peak(0).map_err(|e| e.to_string())?);
        }
    }
    Ok((loudness, peak))
}

/// Bring the chapters to `target_lufs` together (one gain, so they match), limiting
/// peaks so the true peak is at most `max_peak_db`. Returns the loudness reached.
pub fn level(
    chapters: &mut [Vec<i16>],
    rate: u32,
    target_lufs: f64,
    max_peak_db: f64,
) -> Result<f64, String> {
    use rayon::prelude::*;
    fn refs(c: &[Vec<i16>]) -> Vec<&[i16]> {
        c.iter().map(|t| t.as_slice()).collect()
    }
    let (start, _) = measure(&refs(chapters), rate, false)?;
    if !start.is_finite() {
        return Ok(start); // silence
    }
    let ceiling = 10f64.powf((max_peak_db - MARGIN_DB) / 20.0) * 32767.0;
    let limited = |gain_db: f64| -> Result<(Vec<Vec<i16>>, f64), String> {
        let gain = 10f64.powf(gain_db / 20.0);
        let out: Vec<Vec<i16>> = chapters
            .par_iter()
            .map(|c| limiter::gain_and_limit(c, gain, ceiling, rate))
            .collect();
        let loudness = measure(&refs(&out), rate, false)?.0;
        Ok((out, loudness))
    };
    // Limiting takes loudness away, more so the more gain there is, so the gain is
    // found by the secant method from two tries; three land within 0.1 LU in practice.
    let mut gain_db = target_lufs - start;
    let (mut levelled, mut reached) = limited(gain_db)?;
    let mut previous = (gain_db, reached);
    gain_db += target_lufs - reached;
    for _ in 0..3 {
        if (reached - target_lufs).abs() < 0.15 {
            break;
        }
        let (out, l) = limited(gain_db)?;
        (levelled, reached) = (out, l);
        let slope = (l - previous.1) / (gain_db - previous.0);
        previous = (gain_db, l);
        // A slope outside (0.1, 1] would mean a bad estimate; fall back to a plain step.
        let slope = if (0.1..=1.0).contains(&slope) {
            slope
        } else {
            1.0
        };
        gain_db += (target_lufs - l) / slope;
    }
    let (_, peak) = measure(&refs(&levelled), rate, true)?;
    let peak_db = 20.0 * peak.log10();
    if peak_db > max_peak_db {
        let cut = 10f64.powf((max_peak_db - peak_db) / 20.0);
        levelled.par_iter_mut().for_each(|c| apply(c, cut));
        reached += max_peak_db - peak_db;
    }
    for (c, l) in chapters.iter_mut().zip(levelled) {
        *c = l;
    }
    Ok(reached)
}

/// The gain (linear) that brings `tracks` to `target_lufs` with true peak at most
/// `max_peak_db` dBTP. Silence gets gain 1.
pub fn gain(
    tracks: &[&[i16]],
    rate: u32,
    target_lufs: f64,
    max_peak_db: f64,
) -> Result<f64, String> {
    let mut meter = EbuR128::new(1, rate, Mode::I | Mode::TRUE_PEAK).map_err(|e| e.to_string())?;
    for t in tracks {
        meter.add_frames_i16(t).map_err(|e| e.to_string())?;
    }
    let loudness = meter.loudness_global().map_err(|e| e.to_string())?;
    let peak = meter.true_peak(0).map_err(|e| e.to_string())?;
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
}
