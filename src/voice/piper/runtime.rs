//! ONNX Runtime, loaded at run time (`ort` with `load-dynamic`), and one Piper model
//! session: phoneme ids in, 16-bit PCM out.

use crate::error::Error;
use ort::environment::Environment;
use ort::session::Session;
use ort::value::Tensor;
use std::path::Path;
use std::sync::OnceLock;

/// Engine name used in errors.
pub const ENGINE: &str = "Piper";
/// What to tell a user whose system lacks ONNX Runtime.
pub const RUNTIME_HINT: &str = "Piper voices need the ONNX Runtime library (1.17 or newer): \
    `pip install onnxruntime` ships it as onnxruntime/capi/libonnxruntime.so.*; point \
    ORT_DYLIB_PATH or `[piper] onnxruntime` in altformat.toml at that file \
    (in this repository: `bash .ci/install-tools.sh`)";

/// ONNX Runtime allows one environment per process, and the library once loaded stays.
static ENVIRONMENT: OnceLock<Result<Environment, String>> = OnceLock::new();

fn failed(message: impl std::fmt::Display) -> Error {
    Error::Engine {
        engine: ENGINE,
        message: message.to_string(),
    }
}

/// Load ONNX Runtime from `library` (once per process; later calls reuse the first
/// library whatever path they name) and return its environment.
fn environment(library: &Path) -> Result<&'static Environment, Error> {
    let loaded = ENVIRONMENT.get_or_init(|| {
        let builder = ort::init_from(library)
            .map_err(|e| format!("could not load ONNX Runtime: {e}; {RUNTIME_HINT}"))?;
        let env = builder
            .with_name("altformat")
            .build()
            .map_err(|e| format!("could not start ONNX Runtime: {e}"))?;
        Ok(env)
    });
    loaded.as_ref().map_err(failed)
}

/// A loaded Piper model.
pub struct Model {
    session: Session,
    output: String,
    /// The model has a speaker input (multi-speaker voices).
    speaker: Option<i64>,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("output", &self.output)
            .finish()
    }
}

impl Model {
    /// Load `model` with the ONNX Runtime at `library`, using `threads` threads for
    /// one synthesis (0: the runtime's default, one per core).
    pub fn load(
        library: &Path,
        model: &Path,
        threads: usize,
        speaker: Option<i64>,
    ) -> Result<Model, Error> {
        let env = environment(library)?;
        let on_model = |e: &dyn std::fmt::Display| failed(format!("{}: {e}", model.display()));
        let mut builder = Session::builder(env).map_err(|e| on_model(&e))?;
        if threads > 0 {
            builder = builder
                .with_intra_threads(threads)
                .map_err(|e| on_model(&e))?;
        }
        let session = builder.commit_from_file(model).map_err(|e| on_model(&e))?;
        let names: Vec<&str> = session.inputs().iter().map(|i| i.name()).collect();
        for needed in ["input", "input_lengths", "scales"] {
            if !names.contains(&needed) {
                return Err(on_model(&format!(
                    "not a Piper voice: no input named {needed:?} (inputs: {names:?})"
                )));
            }
        }
        let output = session
            .outputs()
            .first()
            .map(|o| o.name().to_string())
            .ok_or_else(|| on_model(&"the model has no output"))?;
        let speaker = speaker.filter(|_| names.contains(&"sid"));
        Ok(Model {
            session,
            output,
            speaker,
        })
    }

    /// Run the model on one sentence's ids with scales `[noise, length, noise_w]` and
    /// return its audio as floats (nominally -1..1).
    pub fn infer(&mut self, ids: Vec<i64>, scales: [f32; 3]) -> Result<Vec<f32>, Error> {
        let n = ids.len();
        let err = |e: ort::Error| failed(format!("synthesis failed: {e}"));
        let mut inputs = vec![
            (
                "input",
                Tensor::from_array(([1, n], ids)).map_err(err)?.upcast(),
            ),
            (
                "input_lengths",
                Tensor::from_array(([1], vec![n as i64]))
                    .map_err(err)?
                    .upcast(),
            ),
            (
                "scales",
                Tensor::from_array(([3], scales.to_vec()))
                    .map_err(err)?
                    .upcast(),
            ),
        ];
        if let Some(sid) = self.speaker {
            inputs.push((
                "sid",
                Tensor::from_array(([1], vec![sid])).map_err(err)?.upcast(),
            ));
        }
        let outputs = self.session.run(inputs).map_err(err)?;
        let audio = outputs
            .get(&self.output)
            .ok_or_else(|| failed("the model returned no audio"))?;
        let (_, samples) = audio.try_extract_tensor::<f32>().map_err(err)?;
        Ok(samples.to_vec())
    }
}

/// Float audio to 16-bit PCM as Piper does by default: scale the sentence so its peak
/// is full scale (silence stays silence), clip, multiply by 32767 and truncate.
pub fn to_pcm(audio: &[f32]) -> Vec<i16> {
    let peak = audio
        .iter()
        .filter(|s| s.is_finite())
        .fold(0.0f32, |m, s| m.max(s.abs()));
    if peak < 1e-8 {
        return vec![0; audio.len()];
    }
    audio
        .iter()
        .map(|&s| {
            let s = if s.is_finite() { s / peak } else { 0.0 };
            (s.clamp(-1.0, 1.0) * 32767.0) as i16
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pcm_is_peak_normalised_clipped_and_truncated() {
        assert_eq!(to_pcm(&[0.0, 0.25, -0.5]), [0, 16383, -32767]);
        assert_eq!(to_pcm(&[0.0; 3]), [0, 0, 0]);
        assert_eq!(to_pcm(&[1e-9, -1e-9]), [0, 0]);
        assert_eq!(to_pcm(&[2.0, -1.0, f32::NAN]), [32767, -16383, 0]);
        assert!(to_pcm(&[]).is_empty());
    }
}
