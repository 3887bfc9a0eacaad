//! The two liblouis calls altformat makes, loaded at run time (as libespeak-ng is), so
//! building needs no system package and only braille output needs `liblouis20`.

use libloading::Library;
use std::ffi::{CStr, CString, c_char, c_int, c_void};
use std::sync::{Mutex, OnceLock};

/// Environment variable naming the library file to load instead of the usual names.
pub const LIB_ENV: &str = "ALTFORMAT_LOUIS_LIB";

/// What to install when the library is missing.
pub const INSTALL_HINT: &str =
    "install liblouis (Debian/Ubuntu: apt-get install liblouis20 liblouis-data)";

/// Why liblouis could not be used or could not translate.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum LouisError {
    /// No library file could be loaded (the loader's last message).
    #[error("braille needs liblouis, which could not be loaded ({0}); {INSTALL_HINT}")]
    NotInstalled(String),
    /// The library loaded but lacks an entry point altformat calls.
    #[error("liblouis lacks a function: {0}")]
    MissingFunction(String),
    /// The library's characters are neither 2 nor 4 bytes wide.
    #[error("liblouis uses {0}-byte characters")]
    CharSize(usize),
    /// The table list holds a NUL byte.
    #[error("bad table name {0:?}")]
    BadTableName(String),
    /// liblouis refused to translate (usually a table that is not installed).
    #[error(
        "liblouis could not translate with {0} (is the table installed? Debian: liblouis-data)"
    )]
    Translate(String),
}

type Translate = unsafe extern "C" fn(
    *const c_char,
    *const c_void,
    *mut c_int,
    *mut c_void,
    *mut c_int,
    *mut c_void,
    *mut c_char,
    c_int,
) -> c_int;

/// The loaded library's entry points (the library lives as long as the process).
struct Api {
    translate: Translate,
    /// Bytes per `widechar`: 2 (UTF-16 builds) or 4 (UCS-4 builds, Debian's).
    char_size: usize,
    version: String,
}

/// liblouis keeps its compiled tables in global state and is not thread-safe, so
/// there is one per process, behind one lock.
static LOUIS: OnceLock<Result<Mutex<Api>, LouisError>> = OnceLock::new();

fn load() -> Result<Api, LouisError> {
    let names: Vec<String> = match std::env::var(LIB_ENV) {
        Ok(path) if !path.is_empty() => vec![path],
        _ => [
            "liblouis.so.20",
            "liblouis.so",
            "liblouis.20.dylib",
            "liblouis.dll",
        ]
        .map(String::from)
        .to_vec(),
    };
    let mut last = String::new();
    for name in &names {
        // SAFETY: loading liblouis runs no initialisers with preconditions.
        match unsafe { Library::new(name) } {
            Ok(lib) => return api(lib),
            Err(e) => last = e.to_string(),
        }
    }
    Err(LouisError::NotInstalled(last))
}

fn api(lib: Library) -> Result<Api, LouisError> {
    // The function pointers must outlive every call: keep the library for the process.
    let lib: &'static Library = Box::leak(Box::new(lib));
    let missing = |e: libloading::Error| LouisError::MissingFunction(e.to_string());
    // SAFETY: the signatures are liblouis.h's (3.x), unchanged since 2.6.
    let api = unsafe {
        let translate = *lib
            .get::<Translate>("lou_translateString")
            .map_err(missing)?;
        let char_size = *lib
            .get::<unsafe extern "C" fn() -> c_int>("lou_charSize")
            .map_err(missing)?;
        let version = *lib
            .get::<unsafe extern "C" fn() -> *const c_char>("lou_version")
            .map_err(missing)?;
        // Warnings about a table's own definitions ("Duplicate emphasis class") are
        // for table authors; errors still come through.
        const LOU_LOG_ERROR: c_int = 40000;
        if let Ok(set_level) = lib.get::<unsafe extern "C" fn(c_int)>("lou_setLogLevel") {
            set_level(LOU_LOG_ERROR);
        }
        let v = version();
        Api {
            translate,
            char_size: char_size() as usize,
            version: if v.is_null() {
                String::new()
            } else {
                CStr::from_ptr(v).to_string_lossy().into_owned()
            },
        }
    };
    if api.char_size != 2 && api.char_size != 4 {
        return Err(LouisError::CharSize(api.char_size));
    }
    Ok(api)
}

fn louis() -> Result<std::sync::MutexGuard<'static, Api>, LouisError> {
    match LOUIS.get_or_init(|| load().map(Mutex::new)) {
        Ok(m) => Ok(m.lock().unwrap_or_else(|e| e.into_inner())),
        Err(e) => Err(e.clone()),
    }
}

/// The liblouis version, or why it cannot be loaded.
pub fn version() -> Result<String, LouisError> {
    Ok(louis()?.version.clone())
}

/// Translate `text` with the table list `tables` (for example
/// `unicode.dis,en-ueb-g2.ctb`), returning what liblouis writes out.
pub fn translate(tables: &str, text: &str) -> Result<String, LouisError> {
    let api = louis()?;
    let list = CString::new(tables).map_err(|_| LouisError::BadTableName(tables.into()))?;
    let input: Vec<u32> = text.chars().map(u32::from).collect();
    let wide = |v: &[u32]| -> Vec<u8> {
        if api.char_size == 4 {
            v.iter().flat_map(|c| c.to_ne_bytes()).collect()
        } else {
            // UTF-16 builds: characters beyond the BMP become surrogate pairs.
            let s: String = v.iter().filter_map(|&c| char::from_u32(c)).collect();
            s.encode_utf16().flat_map(|u| u.to_ne_bytes()).collect()
        }
    };
    let inbuf = wide(&input);
    let in_chars = inbuf.len() / api.char_size;
    // Contractions shorten text and indicators lengthen it; retry if it did not fit.
    let mut room = in_chars * 3 + 64;
    loop {
        let mut out = vec![0u8; room * api.char_size];
        let mut inlen = in_chars as c_int;
        let mut outlen = room as c_int;
        // SAFETY: the buffers hold `inlen` and `outlen` widechars; typeform and
        // spacing may be null; liblouis writes at most `outlen` characters.
        let ok = unsafe {
            (api.translate)(
                list.as_ptr(),
                inbuf.as_ptr().cast(),
                &mut inlen,
                out.as_mut_ptr().cast(),
                &mut outlen,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                0,
            )
        };
        if ok == 0 {
            return Err(LouisError::Translate(tables.into()));
        }
        if (inlen as usize) < in_chars {
            room *= 2;
            continue;
        }
        out.truncate(outlen as usize * api.char_size);
        return Ok(decode(&out, api.char_size));
    }
}

fn decode(bytes: &[u8], size: usize) -> String {
    if size == 4 {
        bytes
            .chunks_exact(4)
            .filter_map(|b| char::from_u32(u32::from_ne_bytes([b[0], b[1], b[2], b[3]])))
            .collect()
    } else {
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|b| u16::from_ne_bytes([b[0], b[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    }
}
