//! eSpeak NG through `libespeak-ng`, loaded at run time so building needs no system
//! package. Only the handful of calls below are used; their signatures follow
//! `speak_lib.h` (API revision 12).

use super::Voice;
use crate::error::Error;
use libloading::Library;
use std::ffi::{CStr, CString, c_char, c_int, c_short, c_uint, c_void};
use std::sync::{Mutex, OnceLock};

const ENGINE: &str = "eSpeak NG";
/// What to tell a user whose system lacks the library.
pub const INSTALL_HINT: &str = "install Debian/Ubuntu package espeak-ng \
    (apt-get install espeak-ng; it brings libespeak-ng1 and espeak-ng-data), \
    or point ALTFORMAT_ESPEAK_LIB at libespeak-ng";
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

type SynthCallback = extern "C" fn(*mut c_short, c_int, *mut c_void) -> c_int;
type TextToPhonemes = unsafe extern "C" fn(*mut *const c_void, c_int, c_int) -> *const c_char;

/// The library's entry points, copied out of the loaded library (which lives as long
/// as the process, so the pointers stay valid).
struct Api {
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
    /// `espeak_TextToPhonemes`; optional so synthesis works even if a build lacks it.
    text_to_phonemes: Option<TextToPhonemes>,
    sample_rate: u32,
    version: String,
    /// The voice selected last, so it is only switched when it changes.
    current_voice: Option<String>,
}

/// The engine keeps global state, so there is one per process, behind one lock.
static ENGINE_STATE: OnceLock<Result<Mutex<Api>, String>> = OnceLock::new();
/// Where the synthesis callback puts samples; only touched while the engine lock is held.
static SAMPLES: Mutex<Vec<i16>> = Mutex::new(Vec::new());

extern "C" fn on_samples(wav: *mut c_short, n: c_int, _events: *mut c_void) -> c_int {
    if !wav.is_null() && n > 0 {
        // SAFETY: the library hands us `n` valid samples at `wav` for this call.
        let chunk = unsafe { std::slice::from_raw_parts(wav, n as usize) };
        SAMPLES
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(chunk);
    }
    0 // keep going
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
        let rate = initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, std::ptr::null(), 0);
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

fn engine() -> Result<&'static Mutex<Api>, Error> {
    ENGINE_STATE
        .get_or_init(load)
        .as_ref()
        .map_err(|message| Error::Engine {
            engine: ENGINE,
            message: message.clone(),
        })
}

/// Voice settings for eSpeak NG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EspeakSettings {
    /// eSpeak voice name (e.g. `en-gb`); `None` picks one from the article language.
    pub voice: Option<String>,
    /// eSpeak voice variant (e.g. `f3`), appended as `voice+variant`.
    pub variant: Option<String>,
    /// Speaking rate in words per minute (80-450).
    pub rate: u32,
    /// Base pitch, 0-100 (50 is the voice's normal pitch).
    pub pitch: u32,
}

impl Default for EspeakSettings {
    fn default() -> Self {
        EspeakSettings {
            voice: None,
            variant: None,
            rate: 175,
            pitch: 50,
        }
    }
}

/// The eSpeak NG voice for one language and settings.
#[derive(Debug)]
pub struct Espeak {
    settings: EspeakSettings,
    voice: String,
    sample_rate: u32,
    version: String,
}

/// Volume given to the engine. 100 is its "normal full volume"; some voices then
/// reach full scale on stressed vowels, so a little headroom keeps every sentence clean
/// (loudness is normalised afterwards anyway).
const VOLUME: c_int = 75;

impl Espeak {
    /// Load the library (once per process) and check the voice for `lang` exists.
    /// Fails with an install hint when the library or its data is missing.
    pub fn new(settings: EspeakSettings, lang: &str) -> Result<Espeak, Error> {
        let state = engine()?;
        let mut api = state.lock().unwrap_or_else(|e| e.into_inner());
        let voice = pick_voice(&mut api, &settings, lang)?;
        Ok(Espeak {
            sample_rate: api.sample_rate,
            version: api.version.clone(),
            settings,
            voice,
        })
    }
}

/// The configured voice, else the language tag, else its primary subtag. eSpeak names
/// voices by file (`en` is British English, `en-us` American), so a few tags that have
/// no file of their own are mapped to the file that speaks them.
fn voice_candidates(settings: &EspeakSettings, lang: &str) -> Vec<String> {
    let with_variant = |v: &str| match &settings.variant {
        Some(var) if !var.is_empty() => format!("{v}+{var}"),
        _ => v.to_string(),
    };
    if let Some(v) = &settings.voice {
        return vec![with_variant(v)];
    }
    let lang = lang.trim().to_ascii_lowercase().replace('_', "-");
    let lang = match lang.as_str() {
        "en-gb" | "en-uk" => "en".to_string(),
        "zh" | "zh-cn" | "zh-hans" | "zh-tw" | "zh-hant" => "cmn".to_string(),
        "zh-hk" => "yue".to_string(),
        _ => lang,
    };
    let primary = lang.split('-').next().unwrap_or("").to_string();
    let mut names = vec![lang.clone()];
    if primary != lang {
        names.push(primary);
    }
    names
        .into_iter()
        .filter(|n| !n.is_empty())
        .map(|n| with_variant(&n))
        .collect()
}

fn pick_voice(api: &mut Api, settings: &EspeakSettings, lang: &str) -> Result<String, Error> {
    let names = voice_candidates(settings, lang);
    for name in &names {
        if select(api, name).is_ok() {
            return Ok(name.clone());
        }
    }
    Err(Error::Engine {
        engine: ENGINE,
        message: format!(
            "no eSpeak NG voice for language {lang:?} (tried {}); set [audio] voice, \
             see `espeak-ng --voices` for the list",
            names.join(", ")
        ),
    })
}

fn select(api: &mut Api, name: &str) -> Result<(), ()> {
    if api.current_voice.as_deref() == Some(name) {
        return Ok(());
    }
    let c = CString::new(name).map_err(|_| ())?;
    // SAFETY: a valid NUL-terminated string; the engine lock is held by the caller.
    let rc = unsafe { (api.set_voice_by_name)(c.as_ptr()) };
    if rc != EE_OK {
        api.current_voice = None;
        return Err(());
    }
    api.current_voice = Some(name.to_string());
    Ok(())
}

impl Voice for Espeak {
    fn name(&self) -> String {
        format!("{ENGINE} {}", self.voice)
    }

    fn fingerprint(&self) -> String {
        format!(
            "espeak-ng {} voice={} rate={} pitch={} volume={VOLUME} rate_hz={}",
            self.version, self.voice, self.settings.rate, self.settings.pitch, self.sample_rate
        )
    }

    fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    fn synthesize(&mut self, text: &str, _lang: &str) -> Result<Vec<i16>, Error> {
        // The voice was chosen for the article language in `new`.
        let text: String = text.chars().filter(|&c| c != '\0').collect();
        if text.trim().is_empty() {
            return Ok(Vec::new());
        }
        let c = CString::new(text).expect("NULs removed above");
        let mut api = engine()?.lock().unwrap_or_else(|e| e.into_inner());
        let failed = |what: &str, rc: c_int| Error::Engine {
            engine: ENGINE,
            message: format!("{what} failed (code {rc})"),
        };
        select(&mut api, &self.voice).map_err(|()| failed("selecting the voice", -1))?;
        SAMPLES.lock().unwrap_or_else(|e| e.into_inner()).clear();
        // SAFETY: the engine lock is held; `c` outlives the synchronous call; the size
        // includes the terminating NUL as speak_lib.h asks.
        unsafe {
            for (param, value) in [
                (PARAM_RATE, self.settings.rate.clamp(80, 450) as c_int),
                (PARAM_PITCH, self.settings.pitch.min(100) as c_int),
                (PARAM_VOLUME, VOLUME),
            ] {
                let rc = (api.set_parameter)(param, value, 0);
                if rc != EE_OK {
                    return Err(failed("setting a voice parameter", rc));
                }
            }
            let bytes = c.as_bytes_with_nul();
            let rc = (api.synth)(
                bytes.as_ptr().cast(),
                bytes.len(),
                0,
                POS_CHARACTER,
                0,
                ESPEAK_CHARS_UTF8 | ESPEAK_PHONEMES,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            );
            if rc != EE_OK {
                return Err(failed("espeak_Synth", rc));
            }
            (api.synchronize)();
        }
        Ok(std::mem::take(
            &mut *SAMPLES.lock().unwrap_or_else(|e| e.into_inner()),
        ))
    }
}

/// The loaded library's version (loading it if needed), or why it cannot be loaded.
pub fn library_version() -> Result<String, Error> {
    Ok(engine()?
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .version
        .clone())
}

/// `phonememode` bit asking `espeak_TextToPhonemes` for IPA (speak_lib.h).
const PHONEMES_IPA: c_int = 0x02;

/// The IPA phonemes eSpeak NG gives `text` with `voice` (an eSpeak voice name such as
/// `en-us`), as used by Piper voices. eSpeak returns one clause per call and drops the
/// clause punctuation, so the clauses of `text` are joined with a space; callers that
/// need the punctuation split the text into clauses first. Shares the engine's lock,
/// since eSpeak keeps its translation state in globals.
pub fn text_to_phonemes(text: &str, voice: &str) -> Result<String, Error> {
    let text: String = text.chars().filter(|&c| c != '\0').collect();
    if text.trim().is_empty() {
        return Ok(String::new());
    }
    let c = CString::new(text).expect("NULs removed above");
    let mut api = engine()?.lock().unwrap_or_else(|e| e.into_inner());
    let Some(to_phonemes) = api.text_to_phonemes else {
        return Err(Error::Engine {
            engine: ENGINE,
            message: "this libespeak-ng has no espeak_TextToPhonemes".into(),
        });
    };
    select(&mut api, voice).map_err(|()| Error::Engine {
        engine: ENGINE,
        message: format!("no eSpeak NG voice {voice:?}; see `espeak-ng --voices`"),
    })?;
    let mut clauses = Vec::new();
    let mut ptr: *const c_void = c.as_ptr().cast();
    // SAFETY: the engine lock is held; `c` outlives the loop; eSpeak advances `ptr`
    // within `c` and sets it to NULL at the end; the returned string lives in eSpeak's
    // buffer until the next call, so it is copied at once.
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
    Ok(clauses.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_then_primary_subtag() {
        let s = EspeakSettings::default();
        assert_eq!(voice_candidates(&s, "en"), ["en"]);
        assert_eq!(voice_candidates(&s, "en-GB"), ["en"]);
        assert_eq!(voice_candidates(&s, "en-US"), ["en-us", "en"]);
        assert_eq!(voice_candidates(&s, "pt_BR"), ["pt-br", "pt"]);
    }

    #[test]
    fn configured_voice_and_variant_win() {
        let s = EspeakSettings {
            voice: Some("en-us".into()),
            variant: Some("f3".into()),
            ..EspeakSettings::default()
        };
        assert_eq!(voice_candidates(&s, "de"), ["en-us+f3"]);
    }

    /// Needs libespeak-ng: fails (does not skip) without it, saying what to install.
    #[test]
    fn says_a_sentence_cleanly() {
        let mut v = Espeak::new(EspeakSettings::default(), "en").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(v.sample_rate(), 22050);
        let pcm = v
            .synthesize("The Kremlin, grappling with a significant worker deficit, now brings in countless citizens.", "en")
            .unwrap();
        let secs = pcm.len() as f64 / 22050.0;
        assert!((3.0..10.0).contains(&secs), "{secs} s");
        let peak = pcm.iter().map(|s| s.unsigned_abs()).max().unwrap();
        let clipped = pcm.iter().filter(|s| s.unsigned_abs() >= 32767).count();
        assert_eq!(clipped, 0, "peak {peak}");
        assert!(peak > 3000, "too quiet: peak {peak}");
        assert!(v.synthesize("  ", "en").unwrap().is_empty());
        assert_eq!(v.name(), "eSpeak NG en");
        assert!(v.fingerprint().contains("rate=175"));
    }

    /// Needs libespeak-ng: fails (does not skip) without it, saying what to install.
    #[test]
    fn text_to_ipa_phonemes() {
        let ipa = text_to_phonemes("Hello world, this is a test.", "en-us")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ipa, "həlˈoʊ wˈɜːld ðɪs ɪz ɐ tˈɛst");
        assert_eq!(text_to_phonemes(" \0 ", "en-us").unwrap(), "");
        assert!(text_to_phonemes("Hello", "no-such-voice").is_err());
    }
}
