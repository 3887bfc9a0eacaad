//! A look-ahead peak limiter. Synthetic speech has a high crest factor (eSpeak NG's
//! peaks sit about 20 dB above its loudness), so reaching a spoken-word loudness with
//! a -3 dBTP peak ceiling needs the few loudest transients pulled down smoothly.

/// How long gain takes to come down before a peak (at most; shallower cuts take less).
const ATTACK_MS: f64 = 3.0;
/// How quickly gain recovers after a peak.
const RELEASE_MS: f64 = 60.0;

/// The limiter's plan for one track: the gain, and the gain curve where it is under 1
/// (only near peaks: elsewhere the curve is exactly 1 and is not stored), so a
/// two-hour chapter needs no second copy of its length.
pub struct Plan {
    gain: f32,
    /// Runs of the curve below 1: first sample and the curve from there.
    runs: Vec<(usize, Vec<f32>)>,
    release: f32,
}

impl Plan {
    /// The plan to scale `input` by `gain` and limit it so no sample exceeds `ceiling`
    /// (in sample units, e.g. 0.63 * 32767).
    ///
    /// The gain curve is the lowest of: what each sample needs on its own; a linear
    /// ramp down into every peak (run backwards, so it starts before the peak); and an
    /// exponential recovery after it (applied as the samples are written).
    pub fn new(input: &[i16], gain: f64, ceiling: f64, rate: u32) -> Plan {
        let (gain, ceiling) = (gain as f32, ceiling as f32);
        let step = (1000.0 / (ATTACK_MS * f64::from(rate))) as f32;
        let release = (1.0 - (-1000.0 / (RELEASE_MS * f64::from(rate))).exp()) as f32;
        // What each sample needs, with the attack ramp folded in backwards; kept in
        // runs (built back to front) where it is under 1.
        let mut runs: Vec<(usize, Vec<f32>)> = Vec::new();
        let mut open: Option<(usize, Vec<f32>)> = None;
        let mut next = 1.0f32;
        for (i, &s) in input.iter().enumerate().rev() {
            let level = (f32::from(s) * gain).abs();
            let need = if level > ceiling {
                ceiling / level
            } else {
                1.0
            };
            next = need.min(next + step).min(1.0);
            if next < 1.0 {
                let run = open.get_or_insert_with(|| (i, Vec::new()));
                run.0 = i;
                run.1.push(next);
            } else if let Some((start, mut values)) = open.take() {
                values.reverse();
                runs.push((start, values));
            }
        }
        if let Some((start, mut values)) = open.take() {
            values.reverse();
            runs.push((start, values));
        }
        runs.reverse();
        Plan {
            gain,
            runs,
            release,
        }
    }

    /// Give each output sample of `input`, in order, to `emit`.
    pub fn run(&self, input: &[i16], mut emit: impl FnMut(i16)) {
        let mut at = Cursor::default();
        for (i, &s) in input.iter().enumerate() {
            emit(self.output(&mut at, i, s));
        }
    }

    /// Write the output over `samples` (the input the plan was made for): each output
    /// sample depends only on its own input sample and the curve.
    pub fn apply(&self, samples: &mut [i16]) {
        let mut at = Cursor::default();
        for (i, s) in samples.iter_mut().enumerate() {
            *s = self.output(&mut at, i, *s);
        }
    }

    /// Output sample `i` (input `s`), with the recovery carried in `at`.
    fn output(&self, at: &mut Cursor, i: usize, s: i16) -> i16 {
        while self
            .runs
            .get(at.run)
            .is_some_and(|(start, v)| start + v.len() <= i)
        {
            at.run += 1;
        }
        let gn = match self.runs.get(at.run) {
            Some((start, v)) if *start <= i => v[i - start],
            _ => 1.0,
        };
        at.current = if gn < at.current {
            gn
        } else {
            at.current + (gn - at.current) * self.release
        };
        let y = (f32::from(s) * self.gain * at.current).round();
        y.clamp(f32::from(i16::MIN), f32::from(i16::MAX)) as i16
    }
}

/// Where a pass over a track is: the next run of the curve, and the gain reached.
struct Cursor {
    run: usize,
    current: f32,
}

impl Default for Cursor {
    fn default() -> Self {
        Cursor {
            run: 0,
            current: 1.0,
        }
    }
}

/// Scale `input` by `gain` and limit it so no sample exceeds `ceiling`, as a new track
/// (see [`Plan::new`]).
pub fn gain_and_limit(input: &[i16], gain: f64, ceiling: f64, rate: u32) -> Vec<i16> {
    let mut out = Vec::with_capacity(input.len());
    Plan::new(input, gain, ceiling, rate).run(input, |y| out.push(y));
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

    /// The limiter as it was, holding the whole gain curve: the plan gives the same
    /// samples, bit for bit.
    fn whole_curve(input: &[i16], gain: f64, ceiling: f64, rate: u32) -> Vec<i16> {
        let (gain, ceiling) = (gain as f32, ceiling as f32);
        let step = (1000.0 / (ATTACK_MS * f64::from(rate))) as f32;
        let release = (1.0 - (-1000.0 / (RELEASE_MS * f64::from(rate))).exp()) as f32;
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
        let mut current = 1.0f32;
        g.iter()
            .zip(input)
            .map(|(&gn, &s)| {
                current = if gn < current {
                    gn
                } else {
                    current + (gn - current) * release
                };
                let y = (f32::from(s) * gain * current).round();
                y.clamp(f32::from(i16::MIN), f32::from(i16::MAX)) as i16
            })
            .collect()
    }

    #[test]
    fn the_plan_gives_what_the_whole_curve_gave_in_place_too() {
        let rate = 22050;
        let mut seed = 7u64;
        let pcm: Vec<i16> = (0..rate as usize * 3)
            .map(|i| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let burst = if (i / 3000) % 5 == 0 { 12000.0 } else { 1500.0 };
                ((i as f64 * 0.07).sin() * burst + (seed % 2000) as f64 - 1000.0) as i16
            })
            .collect();
        for (gain, ceiling) in [(2.5, 20000.0), (1.0, 32767.0), (6.0, 9000.0)] {
            let want = whole_curve(&pcm, gain, ceiling, rate);
            assert_eq!(gain_and_limit(&pcm, gain, ceiling, rate), want);
            let mut inplace = pcm.clone();
            Plan::new(&pcm, gain, ceiling, rate).apply(&mut inplace);
            assert_eq!(inplace, want);
        }
    }

    #[test]
    fn nothing_to_limit_is_plain_gain() {
        let pcm = [100i16, -200, 300];
        assert_eq!(gain_and_limit(&pcm, 1.5, 32767.0, 22050), [150, -300, 450]);
    }
}
