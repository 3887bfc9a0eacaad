//! The narration pipeline: voices say utterances, chapters are assembled in order, and
//! encoder threads level and encode each chapter while the voices go on with the next.
//!
//! Memory holds only the chapters in progress (being said, waiting, being encoded),
//! never the whole article's PCM: a two-hour article is as light as a short one.

use super::cache::Cache;
use super::timeline::{self, Assembled};
use super::{AudioOptions, Clip, Track, chapters, mp3};
use crate::error::Error;
use crate::speech::engine::Voice;
use crate::speech::script::{Chapter, Script};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::sync_channel;
use std::sync::{Arc, Condvar, Mutex};

/// Voices may run this many chapters ahead of the one being assembled: enough to keep
/// every voice busy across a chapter boundary, few enough to bound memory.
const CHAPTERS_AHEAD: usize = 1;

/// What a voice or an encoder shares with the others.
struct Shared {
    /// Each utterance's PCM once said, by position in the whole script.
    slots: Vec<Option<Vec<i16>>>,
    /// The chapter being assembled; voices wait before saying further ahead.
    assembling: usize,
    /// The first error; everyone stops when it is set.
    error: Option<Error>,
}

/// Sets the shared error if its thread panics, so the others stop waiting for work
/// that will never come (the panic itself is passed on when the threads are joined).
struct PanicGuard<'a>(&'a (dyn Fn(Error) + Sync));

impl Drop for PanicGuard<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            (self.0)(super::audio_error(
                "a narration thread stopped unexpectedly".into(),
            ));
        }
    }
}

/// One utterance of the script still to be said.
struct Item<'a> {
    chapter: usize,
    /// Its position among all the script's utterances.
    slot: usize,
    text: &'a str,
}

/// Say the utterances of `script` with `voices` side by side (one thread per voice),
/// assemble each chapter, then level and encode it on `encoders` threads. `say` gives
/// one utterance's PCM (from the cache or the voice); `said` is called after each.
pub(super) fn run(
    script: &Script,
    voices: &mut [&mut dyn Voice],
    opts: &AudioOptions,
    cache: Option<&Cache>,
    warnings: &Mutex<Vec<String>>,
    said: &(dyn Fn() + Sync),
) -> Result<Vec<Track>, Error> {
    // Copies of one voice: the first speaks for all of them.
    let rate = voices.first().map_or(22050, |v| v.sample_rate());
    let fingerprint = voices.first().map(|v| v.fingerprint()).unwrap_or_default();
    let width = script.chapters.len().to_string().len().max(2);
    // Chapters encoded before with the same words, voice and settings are taken as
    // they are; only the others are said and encoded.
    let keys: Vec<String> = script
        .chapters
        .iter()
        .map(|c| chapters::key(&fingerprint, c, rate, opts))
        .collect();
    let mut cached: Vec<Option<Track>> = script
        .chapters
        .iter()
        .enumerate()
        .map(|(i, c)| match chapters::get(cache?, &keys[i], c) {
            Ok(entry) => {
                let (clips, mp3) = entry?;
                track(i, c, clips, mp3, width).ok()
            }
            Err(damaged) => {
                warn_damaged(warnings, damaged);
                None
            }
        })
        .collect();
    let mut items = Vec::new();
    let mut slot = 0;
    for (chapter, c) in script.chapters.iter().enumerate() {
        for u in &c.utterances {
            if cached[chapter].is_none() {
                items.push(Item {
                    chapter,
                    slot,
                    text: &u.spoken,
                });
            }
            slot += 1;
        }
    }
    let shared = Mutex::new(Shared {
        slots: vec![None; slot],
        assembling: 0,
        error: None,
    });
    let changed = Condvar::new();
    let next = AtomicUsize::new(0);
    let fail = |e: Error| {
        // Also called while a thread unwinds: never panic here.
        let mut s = shared.lock().unwrap_or_else(|p| p.into_inner());
        s.error.get_or_insert(e);
        changed.notify_all();
    };
    let encoders = std::thread::available_parallelism().map_or(2, |n| n.get());
    let (to_encode, jobs) = sync_channel::<(usize, Assembled)>(1);
    // Held by the encoders only: if they all stop, sending fails instead of blocking.
    let jobs = Arc::new(Mutex::new(jobs));
    let tracks = Mutex::new(Vec::with_capacity(script.chapters.len()));
    std::thread::scope(|s| {
        for voice in voices.iter_mut() {
            let (items, shared, changed, next, fail) = (&items, &shared, &changed, &next, &fail);
            let fingerprint = &fingerprint;
            s.spawn(move || {
                let _guard = PanicGuard(fail);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { return };
                    {
                        let mut st = shared.lock().expect("narration state");
                        while st.error.is_none() && item.chapter > st.assembling + CHAPTERS_AHEAD {
                            st = changed.wait(st).expect("narration state");
                        }
                        if st.error.is_some() {
                            return;
                        }
                    }
                    match say(
                        &mut **voice,
                        cache,
                        fingerprint,
                        item.text,
                        &script.lang,
                        warnings,
                    ) {
                        Ok(pcm) => {
                            shared.lock().expect("narration state").slots[item.slot] = Some(pcm);
                            changed.notify_all();
                            said();
                        }
                        Err(e) => return fail(e),
                    }
                }
            });
        }
        for _ in 0..encoders {
            let (jobs, tracks, fail, keys) = (Arc::clone(&jobs), &tracks, &fail, &keys);
            s.spawn(move || {
                let _guard = PanicGuard(fail);
                loop {
                    let job = jobs.lock().expect("encoder queue").recv();
                    let Ok((index, assembled)) = job else { return };
                    match encode(index, assembled, script, opts, rate, width) {
                        Ok(track) => {
                            if let Some(c) = cache
                                && let Err(e) = c.put_bytes(
                                    &keys[index],
                                    &chapters::entry(&track.clips, &track.mp3),
                                )
                            {
                                warn_once(warnings, e);
                            }
                            tracks.lock().expect("tracks").push((index, track));
                        }
                        Err(e) => fail(e),
                    }
                }
            });
        }
        drop(jobs);
        // This thread assembles the chapters in order as their utterances come in.
        let mut first = 0;
        for (index, chapter) in script.chapters.iter().enumerate() {
            let end = first + chapter.utterances.len();
            if let Some(track) = cached[index].take() {
                tracks.lock().expect("tracks").push((index, track));
                chapter.utterances.iter().for_each(|_| said());
                let mut st = shared.lock().expect("narration state");
                st.assembling = index + 1;
                changed.notify_all();
                first = end;
                continue;
            }
            let pcms: Vec<Vec<i16>> = {
                let mut st = shared.lock().expect("narration state");
                while st.error.is_none() && st.slots[first..end].iter().any(Option::is_none) {
                    st = changed.wait(st).expect("narration state");
                }
                if st.error.is_some() {
                    break;
                }
                st.slots[first..end]
                    .iter_mut()
                    .flat_map(Option::take)
                    .collect()
            };
            let parts: Vec<timeline::Part> = chapter
                .utterances
                .iter()
                .zip(&pcms)
                .map(|(u, pcm)| timeline::Part {
                    id: &u.id,
                    pcm,
                    pause_ms: u.pause_after_ms,
                })
                .collect();
            let assembled = timeline::assemble(&parts, rate, mp3::DECODER_DELAY);
            drop(pcms);
            {
                shared.lock().expect("narration state").assembling = index + 1;
                changed.notify_all();
            }
            if to_encode.send((index, assembled)).is_err() {
                break;
            }
            first = end;
        }
        drop(to_encode);
    });
    if let Some(e) = shared.into_inner().expect("narration state").error {
        return Err(e);
    }
    let mut tracks = tracks.into_inner().expect("tracks");
    tracks.sort_by_key(|(i, _)| *i);
    Ok(tracks.into_iter().map(|(_, t)| t).collect())
}

/// Level one chapter to the target loudness and encode it.
fn encode(
    index: usize,
    mut assembled: Assembled,
    script: &Script,
    opts: &AudioOptions,
    rate: u32,
    width: usize,
) -> Result<Track, Error> {
    use super::loudness::{self, Meter};
    let chapter = &script.chapters[index];
    let before = Meter::of(&assembled.samples);
    loudness::level(
        std::slice::from_mut(&mut assembled.samples),
        rate,
        opts.loudness_lufs,
        opts.true_peak_db,
    )
    .and_then(|_| loudness::check_levelled(before, Meter::of(&assembled.samples)))
    .map_err(|message| super::audio_error(format!("chapter {:?}: {message}", chapter.title)))?;
    let mp3 =
        mp3::encode(&assembled.samples, rate, opts.bitrate_kbps).map_err(super::audio_error)?;
    track(index, chapter, assembled.clips, mp3, width)
}

/// Chapter `index`'s track from its clips and MP3.
fn track(
    index: usize,
    chapter: &Chapter,
    clips: Vec<Clip>,
    mp3: Vec<u8>,
    width: usize,
) -> Result<Track, Error> {
    let frames = mp3::frames(&mp3).map_err(super::audio_error)?;
    Ok(Track {
        chapter: chapter.id.clone(),
        title: chapter.title.clone(),
        file: format!("{:0width$}-{}.mp3", index + 1, chapter.id),
        duration: frames.seconds(),
        clips,
        mp3: mp3.into(),
    })
}

/// One utterance's PCM, from the cache when it is there.
fn say(
    voice: &mut dyn Voice,
    cache: Option<&Cache>,
    fingerprint: &str,
    text: &str,
    lang: &str,
    warnings: &Mutex<Vec<String>>,
) -> Result<Vec<i16>, Error> {
    let key = Cache::key(fingerprint, text);
    match cache.map(|c| c.get(&key)) {
        Some(Ok(Some(pcm))) => return Ok(pcm),
        Some(Err(damaged)) => warn_damaged(warnings, damaged),
        _ => {}
    }
    let pcm = voice.synthesize(text, lang)?;
    if let Some(c) = cache
        && let Err(e) = c.put(&key, &pcm)
    {
        warn_once(warnings, e);
    }
    Ok(pcm)
}

/// Say that the cache could not be written, once: the cause is the same every time.
fn warn_once(warnings: &Mutex<Vec<String>>, e: Error) {
    const NOT_WRITTEN: &str = "sentence cache not written";
    warn_first(warnings, NOT_WRITTEN, format!("{NOT_WRITTEN}: {e}"));
}

/// Say that damaged cache entries were found, removed and made again, once per
/// article, naming the first.
fn warn_damaged(warnings: &Mutex<Vec<String>>, damaged: String) {
    const DAMAGED: &str = "damaged sentence cache entries were removed and made again";
    warn_first(warnings, DAMAGED, format!("{DAMAGED} (first {damaged})"));
}

/// Add `message` unless a warning starting with `what` is there already.
fn warn_first(warnings: &Mutex<Vec<String>>, what: &str, message: String) {
    let mut w = warnings.lock().expect("warnings");
    if !w.iter().any(|w| w.starts_with(what)) {
        w.push(message);
    }
}
