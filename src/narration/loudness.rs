//! Loudness levelling for spoken word: one gain for the whole article (so chapters
//! match), aiming at an integrated loudness but never letting the true peak pass a limit.

use ebur128::{EbuR128, Mode};

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
