//! A look-ahead peak limiter. Synthetic speech has a high crest factor (eSpeak NG's
//! peaks sit about 20 dB above its loudness), so reaching a spoken-word loudness with
//! a -3 dBTP peak ceiling needs the few loudest transients pulled down smoothly.

/// How long gain takes to come down before a peak (at most; shallower cuts take less).
const ATTACK_MS: f64 = 3.0;
/// How quickly gain recovers after a peak.
const RELEASE_MS: f64 = 60.0;

/// Scale `input` by `gain` and limit it so no sample exceeds `ceiling` (in sample
/// units, e.g. 0.63 * 32767), returning 16-bit samples.
///
/// The gain curve is the lowest of: what each sample needs on its own; a linear ramp
/// down into every peak (run backwards, so it starts before the peak); and an
/// exponential recovery after it. Where nothing is too loud it stays exactly 1.
pub fn gain_and_limit(input: &[i16], gain: f64, ceiling: f64, rate: u32) -> Vec<i16> {
    let (gain, ceiling) = (gain as f32, ceiling as f32);
    let step = (1000.0 / (ATTACK_MS * f64::from(rate))) as f32;
    let release = (1.0 - (-1000.0 / (RELEASE_MS * f64::from(rate))).exp()) as f32;
    // What each sample needs, with the attack ramp folded in backwards.
    let mut g = vec![1.0f32; input.len()];
    let mut next = 1.0f32;
    for (gn, &s) in g.iter_mut().zip(input).rev() {
        let level = (f32::from(s) * gain).abs();
        let need = if level > ceiling {
            ceiling / level
        } else {
            1.0
        };
        next = need.min(next + step).min(1.0);
        *gn = next;
    }
    // Recovery, then the output.
    let mut out = Vec::with_capacity(input.len());
    let mut current = 1.0f32;
    for (&gn, &s) in g.iter().zip(input) {
        current = if gn < current {
            gn
        } else {
            current + (gn - current) * release
        };
        let y = (f32::from(s) * gain * current).round();
        out.push(y.clamp(f32::from(i16::MIN), f32::from(i16::MAX)) as i16);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peaks_never_pass_the_ceiling_and_quiet_parts_keep_their_gain() {
        let rate = 22050;
        let mut pcm: Vec<i16> = (0..rate as usize)
            .map(|i| ((i as f64 * 0.05).sin() * 2000.0) as i16)
            .collect();
        for s in &mut pcm[10000..10050] {
            *s = 30000;
        }
        let out = gain_and_limit(&pcm, 2.0, 20000.0, rate);
        assert!(out.iter().all(|s| s.unsigned_abs() <= 20000));
        // Before the click the gain of 2 is untouched; well after it, it has recovered.
        assert_eq!(out[2000], (f64::from(pcm[2000]) * 2.0).round() as i16);
        let after = f64::from(pcm[20000]) * 2.0;
        assert!((f64::from(out[20000]) - after).abs() <= after.abs() * 0.002 + 1.0);
        // Around the click the level is reduced, without a jump to silence, and the
        // gain was already coming down just before it.
        assert!(out[10000] > 15000);
        let before = f64::from(pcm[9990]) * 2.0;
        assert!(
            f64::from(out[9990]).abs() < before.abs() - 1.0,
            "{} vs {before}",
            out[9990]
        );
    }

    #[test]
    fn nothing_to_limit_is_plain_gain() {
        let pcm = [100i16, -200, 300];
        assert_eq!(gain_and_limit(&pcm, 1.5, 32767.0, 22050), [150, -300, 450]);
    }
}
