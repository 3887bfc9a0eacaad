//! MP3 encoding (LAME, constant bit rate, mono) and reading frame headers back, so
//! durations and chapter times come from the frames actually written.

use mp3lame_encoder::{Bitrate, Builder, FlushGap, Mode, MonoPcm, Quality};

/// Samples LAME's output is delayed by when decoded without a gapless (LAME/Xing)
/// header: its encoder delay (576) plus the MP3 decoder's own (529). Our streams have
/// no such header because chapter streams are joined into one file, so clip times are
/// shifted by this much to match what players decode (checked with ffmpeg: a click at
/// sample 10000 decodes at sample 11105).
pub const DECODER_DELAY: usize = 576 + 529;

/// The MP3 bit rates LAME accepts, in kbit/s.
pub const BITRATES: [u32; 16] = [
    8, 16, 24, 32, 40, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
];

fn bitrate(kbps: u32) -> Option<Bitrate> {
    Some(match kbps {
        8 => Bitrate::Kbps8,
        16 => Bitrate::Kbps16,
        24 => Bitrate::Kbps24,
        32 => Bitrate::Kbps32,
        40 => Bitrate::Kbps40,
        48 => Bitrate::Kbps48,
        64 => Bitrate::Kbps64,
        80 => Bitrate::Kbps80,
        96 => Bitrate::Kbps96,
        112 => Bitrate::Kbps112,
        128 => Bitrate::Kbps128,
        160 => Bitrate::Kbps160,
        192 => Bitrate::Kbps192,
        224 => Bitrate::Kbps224,
        256 => Bitrate::Kbps256,
        320 => Bitrate::Kbps320,
        _ => return None,
    })
}

/// Encode mono PCM to constant-bit-rate MP3 frames, with no tag and no LAME/Xing header
/// frame, so streams can be joined end to end.
pub fn encode(samples: &[i16], rate: u32, kbps: u32) -> Result<Vec<u8>, Mp3Error> {
    let brate = bitrate(kbps).ok_or(Mp3Error::Bitrate(kbps))?;
    let mut b = Builder::new().ok_or(Mp3Error::NoEncoder)?;
    let cfg = |e: mp3lame_encoder::BuildError| Mp3Error::lame("setup", e);
    b.set_num_channels(1).map_err(cfg)?;
    b.set_sample_rate(rate).map_err(cfg)?;
    b.set_brate(brate).map_err(cfg)?;
    b.set_mode(Mode::Mono).map_err(cfg)?;
    b.set_quality(Quality::Ok).map_err(cfg)?;
    b.set_to_write_vbr_tag(false).map_err(cfg)?;
    let mut enc = b.build().map_err(cfg)?;
    let mut out = Vec::new();
    // Encode in slices so the output buffer stays modest; LAME needs the room reserved
    // up front (it writes into spare capacity, and an empty Vec crashed it).
    for chunk in samples.chunks(1 << 16) {
        out.reserve(mp3lame_encoder::max_required_buffer_size(chunk.len()));
        enc.encode_to_vec(MonoPcm(chunk), &mut out)
            .map_err(|e| Mp3Error::lame("encode", e))?;
    }
    out.reserve(7200);
    enc.flush_to_vec::<FlushGap>(&mut out)
        .map_err(|e| Mp3Error::lame("flush", e))?;
    Ok(out)
}

/// What the frame headers of an MP3 stream say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frames {
    /// Number of frames.
    pub count: usize,
    /// Decoded samples per frame (1152 for MPEG-1, 576 for MPEG-2 and 2.5 layer III).
    pub samples_per_frame: usize,
    /// Sample rate of the frames.
    pub rate: u32,
}

impl Frames {
    /// Decoded samples in the stream.
    pub fn samples(&self) -> usize {
        self.count * self.samples_per_frame
    }

    /// Decoded length in seconds.
    pub fn seconds(&self) -> f64 {
        if self.rate == 0 {
            return 0.0;
        }
        self.samples() as f64 / f64::from(self.rate)
    }

    /// Decoded length in whole milliseconds, rounded down.
    pub fn millis(&self) -> u64 {
        if self.rate == 0 {
            return 0;
        }
        self.samples() as u64 * 1000 / u64::from(self.rate)
    }
}

/// Why PCM could not be encoded, or bytes are not a stream of MP3 layer III frames
/// altformat can time.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum Mp3Error {
    /// The bit rate (kbit/s) is not one of [`BITRATES`].
    #[error("bit rate {0} kbit/s is not an MP3 rate; use one of {BITRATES:?}")]
    Bitrate(u32),
    /// LAME could not make an encoder.
    #[error("LAME could not allocate an encoder")]
    NoEncoder,
    /// LAME failed at a stage (`setup`, `encode`, `flush`), with its error.
    #[error("LAME {stage}: {detail}")]
    Lame {
        /// Where it failed.
        stage: &'static str,
        /// LAME's error, as its debug text.
        detail: String,
    },
    /// Fewer than four bytes are left where a frame header should start.
    #[error("truncated frame header at byte {0}")]
    TruncatedHeader(usize),
    /// The bytes at this offset are not a layer III frame header.
    #[error("no MP3 frame header at byte {0}")]
    NoHeader(usize),
    /// A frame at this offset has another sample rate or frame size than the first.
    #[error("frame format changes at byte {0}")]
    FormatChanges(usize),
    /// The last frame's header promises more bytes than there are.
    #[error("the last frame is truncated")]
    TruncatedFrame,
}

impl Mp3Error {
    fn lame(stage: &'static str, e: impl std::fmt::Debug) -> Self {
        Mp3Error::Lame {
            stage,
            detail: format!("{e:?}"),
        }
    }
}

/// Walk the layer III frame headers of `data` (no tags). Fails on anything else, which
/// would mean the encoder produced something we cannot time.
pub fn frames(data: &[u8]) -> Result<Frames, Mp3Error> {
    let mut pos = 0;
    let mut f = Frames {
        count: 0,
        samples_per_frame: 0,
        rate: 0,
    };
    while pos < data.len() {
        let h = data
            .get(pos..pos + 4)
            .ok_or(Mp3Error::TruncatedHeader(pos))?;
        let (len, spf, rate) = header(h).ok_or(Mp3Error::NoHeader(pos))?;
        if f.count > 0 && (spf, rate) != (f.samples_per_frame, f.rate) {
            return Err(Mp3Error::FormatChanges(pos));
        }
        f.samples_per_frame = spf;
        f.rate = rate;
        f.count += 1;
        pos += len;
    }
    if pos != data.len() {
        return Err(Mp3Error::TruncatedFrame);
    }
    Ok(f)
}

/// Length in bytes, samples per frame and sample rate of a layer III frame header.
fn header(h: &[u8]) -> Option<(usize, usize, u32)> {
    if h[0] != 0xFF || h[1] & 0xE0 != 0xE0 || (h[1] >> 1) & 3 != 1 {
        return None;
    }
    let version = (h[1] >> 3) & 3; // 0: MPEG-2.5, 2: MPEG-2, 3: MPEG-1
    let br_index = usize::from(h[2] >> 4);
    let sr_index = usize::from((h[2] >> 2) & 3);
    let padding = usize::from((h[2] >> 1) & 1);
    const V1: [u32; 15] = [
        0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
    ];
    const V2: [u32; 15] = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
    const RATES: [u32; 3] = [44100, 48000, 32000];
    if br_index == 0 || br_index == 15 || sr_index == 3 || version == 1 {
        return None;
    }
    let (kbps, rate, spf) = match version {
        3 => (V1[br_index], RATES[sr_index], 1152),
        2 => (V2[br_index], RATES[sr_index] / 2, 576),
        _ => (V2[br_index], RATES[sr_index] / 4, 576),
    };
    let len = (spf / 8) * kbps as usize * 1000 / rate as usize + padding;
    Some((len, spf, rate))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_stream_is_whole_frames_covering_the_input() {
        let pcm: Vec<i16> = (0..22050 * 2).map(|i| ((i % 100) * 100) as i16).collect();
        let mp3 = encode(&pcm, 22050, 64).unwrap();
        let f = frames(&mp3).unwrap();
        assert_eq!((f.samples_per_frame, f.rate), (576, 22050));
        // Every input sample plus the encoder delay fits, with less than two frames spare.
        assert!(f.samples() >= pcm.len() + DECODER_DELAY);
        assert!(
            f.samples() < pcm.len() + DECODER_DELAY + 2 * 576,
            "{}",
            f.samples()
        );
        // Constant bit rate: the size matches 64 kbit/s within a frame.
        let expect = f.seconds() * 64000.0 / 8.0;
        assert!((mp3.len() as f64 - expect).abs() < 210.0);
    }

    #[test]
    fn joined_streams_read_as_one() {
        let a = encode(&vec![0i16; 10000], 22050, 64).unwrap();
        let b = encode(&vec![100i16; 20000], 22050, 64).unwrap();
        let (fa, fb) = (frames(&a).unwrap(), frames(&b).unwrap());
        let joined = [a, b].concat();
        assert_eq!(frames(&joined).unwrap().count, fa.count + fb.count);
    }

    #[test]
    fn bad_rate_and_garbage_are_errors() {
        assert!(
            encode(&[0; 10], 22050, 65)
                .unwrap_err()
                .to_string()
                .contains("65")
        );
        assert!(frames(b"ID3\x04").is_err());
        assert!(frames(&[0xFF, 0xF3, 0x84, 0xC4, 0]).is_err()); // truncated
    }

    #[test]
    fn millis_round_down() {
        let f = Frames {
            count: 3,
            samples_per_frame: 576,
            rate: 22050,
        };
        assert_eq!(f.millis(), 78); // 1728 / 22050 s = 78.37 ms
    }
}
