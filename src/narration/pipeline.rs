//! The narration pipeline: voices say utterances, chapters are assembled in order, and
//! encoder threads level and encode each chapter while the voices go on with the next.
//!
//! Three kinds of thread share one [`Progress`]: [`voice_worker`]s (one per voice) fill
//! its slots, the [`assembler`] (the calling thread) waits for a chapter's slots, joins
//! them into a timed track and hands it to the [`encoder_worker`]s. Memory holds only
//! the chapters in progress (being said, waiting, being encoded), never the whole
//! article's PCM: a two-hour article is as light as a short one.

use super::cache::{Cache, Damaged};
use super::timeline::{self, Assembled};
use super::words::{self, TimedWord};
use super::{AudioOptions, Clip, Track, chapters, mp3};
use crate::error::Error;
use crate::speech::script::{Chapter, Script};
use crate::voice::{Speech, Voice};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

/// Voices may run this many chapters ahead of the one being assembled: enough to keep
/// every voice busy across a chapter boundary, few enough to bound memory.
const CHAPTERS_AHEAD: usize = 1;

/// What the voices, the assembler and the encoders share: the said utterances, how
/// far assembly has got, and the first error (everyone stops when it is set).
struct Progress {
    state: Mutex<State>,
    changed: Condvar,
}

/// An utterance said: its PCM and the times of its displayed words.
type Said = (Vec<i16>, Vec<TimedWord>);

struct State {
    /// Each utterance once said, by position in the whole script.
    slots: Vec<Option<Said>>,
    /// The chapter being assembled; voices wait before saying further ahead.
    assembling: usize,
    /// The first error.
    error: Option<Error>,
}

impl Progress {
    fn new(utterances: usize) -> Self {
        Progress {
            state: Mutex::new(State {
                slots: vec![None; utterances],
                assembling: 0,
                error: None,
            }),
            changed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Only this module's code holds the lock, and it never panics while holding
        // it; a poisoned lock still holds consistent state.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Wait while `ready` is false and nothing failed; the guard, or `None` on failure.
    fn wait_until(&self, ready: impl Fn(&State) -> bool) -> Option<MutexGuard<'_, State>> {
        let mut st = self.lock();
        while st.error.is_none() && !ready(&st) {
            st = self.changed.wait(st).unwrap_or_else(|p| p.into_inner());
        }
        st.error.is_none().then_some(st)
    }

    /// Record the first error and wake everyone. Also called while a thread unwinds,
    /// so it never panics.
    fn fail(&self, e: Error) {
        self.lock().error.get_or_insert(e);
        self.changed.notify_all();
    }

    /// A voice may say an utterance of `chapter` (false: something failed, stop).
    fn may_say(&self, chapter: usize) -> bool {
        self.wait_until(|st| chapter <= st.assembling + CHAPTERS_AHEAD)
            .is_some()
    }

    /// An utterance has been said.
    fn fill(&self, slot: usize, said: Said) {
        self.lock().slots[slot] = Some(said);
        self.changed.notify_all();
    }

    /// Wait for every utterance in `slots` and take them (`None`: something failed).
    fn take(&self, slots: Range<usize>) -> Option<Vec<Said>> {
        let mut st = self.wait_until(|st| st.slots[slots.clone()].iter().all(Option::is_some))?;
        Some(st.slots[slots].iter_mut().flat_map(Option::take).collect())
    }

    /// Chapter `index` is assembled: voices may go on to the chapters after it.
    fn assembled(&self, index: usize) {
        self.lock().assembling = index + 1;
        self.changed.notify_all();
    }

    fn into_error(self) -> Option<Error> {
        self.state
            .into_inner()
            .unwrap_or_else(|p| p.into_inner())
            .error
    }
}

/// Records an error if its thread panics, so the others stop waiting for work that
/// will never come (the panic itself is passed on when the threads are joined).
struct PanicGuard<'a>(&'a Progress);

impl Drop for PanicGuard<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.fail(super::narration_error(
                "a narration thread stopped unexpectedly",
            ));
        }
    }
}

/// One utterance of the script still to be said.
struct Item<'a> {
    chapter: usize,
    /// Its position among all the script's utterances.
    slot: usize,
    /// What is said.
    text: &'a str,
    /// What is shown, for the word times.
    display: &'a str,
}

/// What every thread of one run reads.
struct Run<'a> {
    script: &'a Script,
    opts: &'a AudioOptions,
    cache: Option<&'a Cache>,
    /// The voice's fingerprint, for the sentence cache.
    fingerprint: String,
    /// Each chapter's key in the chapter cache.
    keys: Vec<String>,
    rate: u32,
    /// Digits of the track numbers in file names.
    width: usize,
    warnings: &'a Mutex<Vec<String>>,
    said: &'a (dyn Fn() + Sync),
}

/// Say the utterances of `script` with `voices` side by side (one thread per voice),
/// assemble each chapter, then level and encode it on one encoder thread per core.
/// Chapters the cache already holds are neither said nor encoded again; `said` is
/// called after each utterance.
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
    let keys = script
        .chapters
        .iter()
        .map(|c| chapters::key(&fingerprint, c, rate, opts))
        .collect();
    let run = Run {
        script,
        opts,
        cache,
        fingerprint,
        keys,
        rate,
        width: script.chapters.len().to_string().len().max(2),
        warnings,
        said,
    };
    let cached = run.cached_tracks();
    let (items, utterances) = run.items(&cached);
    let progress = Progress::new(utterances);
    let next = AtomicUsize::new(0);
    let encoders = std::thread::available_parallelism().map_or(2, |n| n.get());
    let (to_encode, jobs) = sync_channel::<(usize, Assembled)>(1);
    // Held by the encoders only: if they all stop, sending fails instead of blocking.
    let jobs = Arc::new(Mutex::new(jobs));
    let tracks = Mutex::new(Vec::with_capacity(script.chapters.len()));
    std::thread::scope(|s| {
        for voice in voices.iter_mut() {
            let (run, progress, items, next) = (&run, &progress, &items, &next);
            s.spawn(move || voice_worker(run, progress, items, next, &mut **voice));
        }
        for _ in 0..encoders {
            let (run, progress, jobs, tracks) = (&run, &progress, Arc::clone(&jobs), &tracks);
            s.spawn(move || encoder_worker(run, progress, &jobs, tracks));
        }
        drop(jobs);
        assembler(&run, &progress, cached, to_encode, &tracks);
    });
    if let Some(e) = progress.into_error() {
        return Err(e);
    }
    let mut tracks = tracks.into_inner().unwrap_or_else(|p| p.into_inner());
    tracks.sort_by_key(|(i, _)| *i);
    Ok(tracks.into_iter().map(|(_, t)| t).collect())
}

impl Run<'_> {
    /// Each chapter's track when the chapter cache holds it with the same words,
    /// voice and settings.
    fn cached_tracks(&self) -> Vec<Option<Track>> {
        let chapters = &self.script.chapters;
        if self.opts.keep_pcm {
            // The cache holds MP3s, not the PCM asked for: level and encode again
            // from the sentence cache (the same samples, so the same MP3 bytes).
            return vec![None; chapters.len()];
        }
        chapters
            .iter()
            .enumerate()
            .map(
                |(i, c)| match chapters::get(self.cache?, &self.keys[i], c) {
                    Ok(entry) => {
                        let (clips, mp3) = entry?;
                        track(i, c, clips, mp3, self.width).ok()
                    }
                    Err(damaged) => {
                        warn_damaged(self.warnings, damaged);
                        None
                    }
                },
            )
            .collect()
    }

    /// The utterances of the chapters not cached, and the number of utterances in all.
    fn items(&self, cached: &[Option<Track>]) -> (Vec<Item<'_>>, usize) {
        let mut items = Vec::new();
        let mut slot = 0;
        for (chapter, c) in self.script.chapters.iter().enumerate() {
            for u in &c.utterances {
                if cached[chapter].is_none() {
                    items.push(Item {
                        chapter,
                        slot,
                        text: &u.spoken,
                        display: &u.display,
                    });
                }
                slot += 1;
            }
        }
        (items, slot)
    }
}

/// Take the next utterance nobody has taken, wait until its chapter is near enough
/// to the one being assembled, say it and put its PCM in its slot; until none is left
/// or something failed.
fn voice_worker(
    run: &Run,
    progress: &Progress,
    items: &[Item],
    next: &AtomicUsize,
    voice: &mut dyn Voice,
) {
    let _guard = PanicGuard(progress);
    while let Some(item) = items.get(next.fetch_add(1, Ordering::Relaxed)) {
        if !progress.may_say(item.chapter) {
            return;
        }
        match say(run, voice, item.text) {
            Ok(Speech { pcm, words }) => {
                let words = words::align(item.display, item.text, &words, pcm.len());
                progress.fill(item.slot, (pcm, words));
                (run.said)();
            }
            Err(e) => return progress.fail(e),
        }
    }
}

/// Level and encode assembled chapters as they come, keeping each in the chapter
/// cache; until the assembler stops sending.
fn encoder_worker(
    run: &Run,
    progress: &Progress,
    jobs: &Mutex<Receiver<(usize, Assembled)>>,
    tracks: &Mutex<Vec<(usize, Track)>>,
) {
    let _guard = PanicGuard(progress);
    loop {
        let job = jobs.lock().unwrap_or_else(|p| p.into_inner()).recv();
        let Ok((index, assembled)) = job else { return };
        match encode(run, index, assembled) {
            Ok(track) => {
                if let Some(c) = run.cache
                    && let Err(e) =
                        c.put_bytes(&run.keys[index], &chapters::entry(&track.clips, &track.mp3))
                {
                    warn_once(run.warnings, e);
                }
                tracks
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push((index, track));
            }
            Err(e) => progress.fail(e),
        }
    }
}

/// On the calling thread: take the chapters in order, cached ones as they are, the
/// others once all their utterances are said, joined with their pauses into a timed
/// track that goes to the encoders. Dropping `to_encode` at the end lets them finish.
fn assembler(
    run: &Run,
    progress: &Progress,
    cached: Vec<Option<Track>>,
    to_encode: SyncSender<(usize, Assembled)>,
    tracks: &Mutex<Vec<(usize, Track)>>,
) {
    let mut first = 0;
    for ((index, chapter), cached) in run.script.chapters.iter().enumerate().zip(cached) {
        let slots = first..first + chapter.utterances.len();
        first = slots.end;
        if let Some(track) = cached {
            tracks
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push((index, track));
            chapter.utterances.iter().for_each(|_| (run.said)());
            progress.assembled(index);
            continue;
        }
        let Some(pcms) = progress.take(slots) else {
            return;
        };
        let parts: Vec<timeline::Part> = chapter
            .utterances
            .iter()
            .zip(pcms)
            .map(|(u, (pcm, words))| timeline::Part {
                id: &u.id,
                pcm,
                display: &u.display,
                words,
                pause_ms: u.pause_after_ms,
            })
            .collect();
        let assembled = timeline::assemble(parts, run.rate, mp3::DECODER_DELAY);
        progress.assembled(index);
        if to_encode.send((index, assembled)).is_err() {
            return;
        }
    }
}

/// Level one chapter to the target loudness and encode it.
fn encode(run: &Run, index: usize, mut assembled: Assembled) -> Result<Track, Error> {
    use super::loudness::{self, Meter};
    let opts = run.opts;
    let chapter = &run.script.chapters[index];
    let before = Meter::of(&assembled.samples);
    loudness::level(
        std::slice::from_mut(&mut assembled.samples),
        run.rate,
        opts.loudness_lufs,
        opts.true_peak_db,
    )
    .and_then(|_| loudness::check_levelled(before, Meter::of(&assembled.samples)))
    .map_err(|message| super::narration_error(format!("chapter {:?}: {message}", chapter.title)))?;
    let mp3 = mp3::encode(&assembled.samples, run.rate, opts.bitrate_kbps)
        .map_err(super::narration_error)?;
    let mut track = track(index, chapter, assembled.clips, mp3, run.width)?;
    if opts.keep_pcm {
        track.pcm = Some(assembled.samples.into());
    }
    Ok(track)
}

/// Chapter `index`'s track from its clips and MP3.
fn track(
    index: usize,
    chapter: &Chapter,
    clips: Vec<Clip>,
    mp3: Vec<u8>,
    width: usize,
) -> Result<Track, Error> {
    let frames = mp3::frames(&mp3).map_err(super::narration_error)?;
    Ok(Track {
        chapter: chapter.id.clone(),
        title: chapter.title.clone(),
        file: format!("{:0width$}-{}.mp3", index + 1, chapter.id),
        duration: frames.seconds(),
        clips,
        mp3: mp3.into(),
        pcm: None,
    })
}

/// One utterance's speech, from the sentence cache when it is there.
fn say(run: &Run, voice: &mut dyn Voice, text: &str) -> Result<Speech, Error> {
    let key = Cache::key(&run.fingerprint, text);
    match run.cache.map(|c| c.get(&key)) {
        Some(Ok(Some(speech))) => return Ok(speech),
        Some(Err(damaged)) => warn_damaged(run.warnings, damaged),
        _ => {}
    }
    let speech = voice.synthesize_words(text, &run.script.lang)?;
    if let Some(c) = run.cache
        && let Err(e) = c.put(&key, &speech)
    {
        warn_once(run.warnings, e);
    }
    Ok(speech)
}

/// Say that the cache could not be written, once: the cause is the same every time.
fn warn_once(warnings: &Mutex<Vec<String>>, e: Error) {
    const NOT_WRITTEN: &str = "sentence cache not written";
    warn_first(warnings, NOT_WRITTEN, format!("{NOT_WRITTEN}: {e}"));
}

/// Say that damaged cache entries were found, removed and made again, once per
/// article, naming the first.
fn warn_damaged(warnings: &Mutex<Vec<String>>, damaged: Damaged) {
    const DAMAGED: &str = "damaged sentence cache entries were removed and made again";
    warn_first(warnings, DAMAGED, format!("{DAMAGED} (first {damaged})"));
}

/// Add `message` unless a warning starting with `what` is there already.
fn warn_first(warnings: &Mutex<Vec<String>>, what: &str, message: String) {
    let mut w = warnings.lock().unwrap_or_else(|p| p.into_inner());
    if !w.iter().any(|w| w.starts_with(what)) {
        w.push(message);
    }
}
