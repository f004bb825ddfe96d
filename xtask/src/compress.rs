//! Precompression: `<file>.br` and `<file>.gz` beside every file of the bundle.
//!
//! Compressing once at build time lets us use the slowest, smallest settings (brotli 11 is far
//! too slow to run per request, and noticeably smaller than what a server does on the fly);
//! the server just picks the variant the browser accepts.

use std::io::Write;

use anyhow::{Context, Result};
use brotli::enc::BrotliEncoderParams;
use flate2::write::GzEncoder;
use flate2::Compression;

/// Brotli's highest quality.
const BROTLI_QUALITY: i32 = 11;
/// A 4 MiB window (2^22 bytes), as large as the wasm: back-references can reach across the whole
/// module. Pinned so a change of the crate's defaults cannot silently grow the bundle.
const BROTLI_WINDOW_BITS: i32 = 22;

/// `bytes` compressed with brotli at its highest quality.
pub fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let params = BrotliEncoderParams { quality: BROTLI_QUALITY, lgwin: BROTLI_WINDOW_BITS, size_hint: bytes.len(), ..Default::default() };
    let mut output = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut output, &params).context("brotli compression failed")?;
    Ok(output)
}

/// `bytes` compressed with gzip at its highest level (for clients without brotli).
///
/// The gzip header carries no timestamp or name, so the same input always gives the same file.
pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes).context("gzip compression failed")?;
    encoder.finish().context("gzip compression failed")
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    const TEXT: &[u8] = b"<!doctype html><title>CRM</title><title>CRM</title><title>CRM</title><title>CRM</title>";

    #[test]
    fn brotli_round_trips() -> Result<()> {
        let compressed = brotli(TEXT)?;
        assert!(compressed.len() < TEXT.len());
        let mut decoded = Vec::new();
        brotli::Decompressor::new(&compressed[..], 4096).read_to_end(&mut decoded)?;
        assert_eq!(decoded, TEXT);
        Ok(())
    }

    #[test]
    fn gzip_round_trips_deterministically() -> Result<()> {
        let compressed = gzip(TEXT)?;
        assert_eq!(compressed, gzip(TEXT)?);
        let mut decoded = Vec::new();
        flate2::read::GzDecoder::new(&compressed[..]).read_to_end(&mut decoded)?;
        assert_eq!(decoded, TEXT);
        Ok(())
    }
}
