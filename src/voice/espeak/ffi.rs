//! The few libespeak-ng calls altformat makes, declared by hand from `speak_lib.h`
//! (API revision 12) and loaded at run time, so building needs no system package.

use super::INSTALL_HINT;
use crate::error::Error;
use libloading::Library;
use std::ffi::{CStr, CString, c_char, c_int, c_short, c_uint, c_void};
use std::sync::{Mutex, OnceLock};

/// Environment variable naming the library file to load instead of the usual names.
pub const LIB_ENV: &str = "ALTFORMAT_ESPEAK_LIB";

// Values from speak_lib.h.
const AUDIO_OUTPUT_SYNCHRONOUS: c_int = 2;
const POS_CHARACTER: c_int = 1;
const ESPEAK_CHARS_UTF8: c_uint = 1;
/// Text inside `[[...]]` is read as eSpeak phoneme codes (for the lexicon).
const ESPEAK_PHONEMES: c_uint = 0x100;
const PARAM_RATE: c_int = 1;
const PARAM_VOLUME: c_int = 2;
const PARAM_PITCH: c_int = 3;
const EE_OK: c_int = 0;
/// Return an error instead of exiting the process when the voice data is missing.
const INITIALIZE_DONT_EXIT: c_int = 0x8000;

type SynthCallback = extern "C" fn(*mut c_short, c_int, *mut Event) -> c_int;

/// `espeak_EVENT` of speak_lib.h. Every list of events the library passes ends with
/// one of kind 0 that carries the `user_data` given to `espeak_Synth`; word events
/// (kind 1) give the word's place in the text and in the audio.
#[repr(C)]
#[allow(dead_code)] // the C layout in full, though only some fields are read
struct Event {
    kind: c_int,
    unique_identifier: c_uint,
    text_position: c_int,
    length: c_int,
    audio_position: c_int,
    sample: c_int,
    user_data: *mut c_void,
    id: EventId,
}

/// The union that ends `espeak_EVENT`.
#[repr(C)]
#[allow(dead_code)] // present for the size and alignment of `Event`, never read
union EventId {
    number: c_int,
    name: *const c_char,
    string: [c_char; 8],
}

/// `espeakEVENT_LIST_TERMINATED`.
const EVENT_LIST_TERMINATED: c_int = 0;
/// `espeakEVENT_WORD`: a word starts.
const EVENT_WORD: c_int = 1;

/// What one synthesis collects through the callback: the samples, and each word's
/// start as the library reports it.
#[derive(Debug, Default)]
pub(super) struct Collected {
    /// The samples, in order.
    pub(super) samples: Vec<i16>,
    /// Each word: its first character in the text (from 1, as eSpeak counts), its
    /// length in characters, and its start in the audio in milliseconds.
    pub(super) words: Vec<(usize, usize, u32)>,
}
type TextToPhonemes = unsafe extern "C" fn(*mut *const c_void, c_int, c_int) -> *const c_char;
/// `phonememode` bit asking `espeak_TextToPhonemes` for IPA.
const PHONEMES_IPA: c_int = 0x02;

/// The library's entry points, copied out of the loaded library (which lives as long
/// as the process, so the pointers stay valid).
pub(super) struct Api {
    set_voice_by_name: unsafe extern "C" fn(*const c_char) -> c_int,
    set_parameter: unsafe extern "C" fn(c_int, c_int, c_int) -> c_int,
    #[allow(clippy::type_complexity)] // the C signature, spelled out once
    synth: unsafe extern "C" fn(
        *const c_void,
        usize,
        c_uint,
        c_int,
        c_uint,
        c_uint,
        *mut c_uint,
        *mut c_void,
    ) -> c_int,
    synchronize: unsafe extern "C" fn() -> c_int,
    /// `espeak_TextToPhonemes` (for Piper); optional so synthesis works without it.
    text_to_phonemes: Option<TextToPhonemes>,
    pub(super) sample_rate: u32,
    pub(super) version: String,
    /// The voice selected last, so it is only switched when it changes.
    current_voice: Option<String>,
}

/// The engine keeps global state, so there is one per process, behind one lock.
static ENGINE_STATE: OnceLock<Result<Mutex<Api>, String>> = OnceLock::new();
/// The synthesis callback: append the samples and word events to the [`Collected`]
/// whose address [`Api::say`] gave `espeak_Synth` as its user data.
extern "C" fn on_samples(wav: *mut c_short, n: c_int, events: *mut Event) -> c_int {
    if events.is_null() {
        return 0; // keep going
    }
    // SAFETY: the library passes a list of events ending with one of kind
    // LIST_TERMINATED, whose user data is the pointer `say` passed: a `Collected` it
    // holds exclusively (under the engine lock) until the synchronous call returns.
    // It hands us `n` valid samples at `wav` for this call (none when `wav` is null).
    unsafe {
        let mut words = Vec::new();
        let mut event = events;
        while (*event).kind != EVENT_LIST_TERMINATED {
            let e = &*event;
            if e.kind == EVENT_WORD && e.text_position > 0 {
                let ms = u32::try_from(e.audio_position).unwrap_or(0);
                words.push((e.text_position as usize, e.length.max(0) as usize, ms));
            }
            event = event.add(1);
        }
        let Some(out) = (*event).user_data.cast::<Collected>().as_mut() else {
            return 0;
        };
        out.words.extend(words);
        if !wav.is_null() && n > 0 {
            out.samples
                .extend_from_slice(std::slice::from_raw_parts(wav, n as usize));
        }
    }
    0
}

fn candidates() -> Vec<String> {
    match std::env::var(LIB_ENV) {
        Ok(path) if !path.is_empty() => vec![path],
        _ => vec![
            "libespeak-ng.so.1".into(),
            "libespeak-ng.so".into(),
            "libespeak-ng.1.dylib".into(),
            "libespeak-ng.dll".into(),
        ],
    }
}

/// Load libespeak-ng and look up every function used. Long only because it is the
/// list of symbols, one after another.
fn load() -> Result<Mutex<Api>, String> {
    let mut tried = Vec::new();
    let lib = candidates().into_iter().find_map(|name| {
        // SAFETY: loading runs the library's initialisers; libespeak-ng has none with
        // preconditions.
        match unsafe { Library::new(&name) } {
            Ok(lib) => Some(lib),
            Err(e) => {
                tried.push(format!("{name} ({e})"));
                None
            }
        }
    });
    let Some(lib) = lib else {
        return Err(format!(
            "the eSpeak NG library was not found; {INSTALL_HINT}. Tried: {}",
            tried.join("; ")
        ));
    };
    // The library must outlive every pointer taken from it: keep it for the process.
    let lib: &'static Library = Box::leak(Box::new(lib));
    // SAFETY: each symbol is declared with the signature in speak_lib.h.
    unsafe {
        let missing = |e: libloading::Error| format!("libespeak-ng lacks a function: {e}");
        let initialize = *lib
            .get::<unsafe extern "C" fn(c_int, c_int, *const c_char, c_int) -> c_int>(
                "espeak_Initialize",
            )
            .map_err(missing)?;
        let set_callback = *lib
            .get::<unsafe extern "C" fn(SynthCallback)>("espeak_SetSynthCallback")
            .map_err(missing)?;
        let info = lib
            .get::<unsafe extern "C" fn(*mut *const c_char) -> *const c_char>("espeak_Info")
            .ok()
            .map(|f| *f);
        let mut api = Api {
            set_voice_by_name: *lib.get("espeak_SetVoiceByName").map_err(missing)?,
            set_parameter: *lib.get("espeak_SetParameter").map_err(missing)?,
            synth: *lib.get("espeak_Synth").map_err(missing)?,
            synchronize: *lib.get("espeak_Synchronize").map_err(missing)?,
            text_to_phonemes: lib
                .get::<TextToPhonemes>("espeak_TextToPhonemes")
                .ok()
                .map(|f| *f),
            sample_rate: 0,
            version: String::new(),
            current_voice: None,
        };
        let rate = initialize(
            AUDIO_OUTPUT_SYNCHRONOUS,
            0,
            std::ptr::null(),
            INITIALIZE_DONT_EXIT,
        );
        if rate <= 0 {
            return Err(format!(
                "libespeak-ng could not start (no voice data?); {INSTALL_HINT}"
            ));
        }
        api.sample_rate = rate as u32;
        set_callback(on_samples);
        if let Some(info) = info {
            let v = info(std::ptr::null_mut());
            if !v.is_null() {
                api.version = CStr::from_ptr(v).to_string_lossy().into_owned();
            }
        }
        Ok(Mutex::new(api))
    }
}

pub(super) fn engine() -> Result<&'static Mutex<Api>, Error> {
    ENGINE_STATE
        .get_or_init(load)
        .as_ref()
        .map_err(|message| Error::Engine {
            engine: super::ENGINE,
            message: message.clone(),
        })
}

impl Api {
    /// Make `name` the current voice (a no-op when it already is).
    pub(super) fn select(&mut self, name: &str) -> Result<(), ()> {
        if self.current_voice.as_deref() == Some(name) {
            return Ok(());
        }
        let c = CString::new(name).map_err(|_| ())?;
        // SAFETY: a valid NUL-terminated string; the engine lock is held by the caller.
        let rc = unsafe { (self.set_voice_by_name)(c.as_ptr()) };
        if rc != EE_OK {
            self.current_voice = None;
            return Err(());
        }
        self.current_voice = Some(name.to_string());
        Ok(())
    }

    /// Say `text` with the current voice at `rate` wpm, `pitch` and `volume`.
    /// `[[...]]` in the text is read as eSpeak phonemes. Errors name the failing call.
    pub(super) fn say(
        &mut self,
        text: &CStr,
        rate: c_int,
        pitch: c_int,
        volume: c_int,
    ) -> Result<Collected, (&'static str, c_int)> {
        let mut collected = Collected::default();
        // SAFETY: `&mut self` comes from the engine lock, so no other synthesis runs;
        // `text` outlives the synchronous call; the size includes the terminating NUL
        // as speak_lib.h asks.
        unsafe {
            for (param, value) in [
                (PARAM_RATE, rate),
                (PARAM_PITCH, pitch),
                (PARAM_VOLUME, volume),
            ] {
                let rc = (self.set_parameter)(param, value, 0);
                if rc != EE_OK {
                    return Err(("espeak_SetParameter", rc));
                }
            }
            let bytes = text.to_bytes_with_nul();
            let rc = (self.synth)(
                bytes.as_ptr().cast(),
                bytes.len(),
                0,
                POS_CHARACTER,
                0,
                ESPEAK_CHARS_UTF8 | ESPEAK_PHONEMES,
                std::ptr::null_mut(),
                (&raw mut collected).cast(),
            );
            if rc != EE_OK {
                return Err(("espeak_Synth", rc));
            }
            (self.synchronize)();
        }
        Ok(collected)
    }
}

impl Api {
    /// The IPA phonemes of `text` for the current voice, one string per clause
    /// (eSpeak drops the clause punctuation). `None` if the library lacks the call.
    pub(super) fn ipa_clauses(&mut self, text: &CStr) -> Option<Vec<String>> {
        let to_phonemes = self.text_to_phonemes?;
        let mut clauses = Vec::new();
        let mut ptr: *const c_void = text.as_ptr().cast();
        // SAFETY: `&mut self` comes from the engine lock; `text` outlives the loop;
        // eSpeak advances `ptr` within `text` and sets it to NULL at the end; the
        // returned string lives in eSpeak's buffer until the next call, so it is
        // copied at once.
        while !ptr.is_null() {
            let out = unsafe { to_phonemes(&mut ptr, ESPEAK_CHARS_UTF8 as c_int, PHONEMES_IPA) };
            if out.is_null() {
                break;
            }
            let phonemes = unsafe { CStr::from_ptr(out) }.to_string_lossy();
            if !phonemes.is_empty() {
                clauses.push(phonemes.into_owned());
            }
        }
        Some(clauses)
    }
}
