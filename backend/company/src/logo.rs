//! The company's logo: uploaded as a PNG or JPEG data URL, checked by decoding it (a file
//! that only claims to be an image is refused), and turned into the pixels a PDF embeds.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use crm_core::error::{InputReason, Invalid};
use flate2::write::ZlibEncoder;
use flate2::Compression;
use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use std::io::{Cursor, Write};

/// Largest logo file accepted: a logo this size prints sharply on A4.
pub const MAX_BYTES: usize = 128 * 1024;
/// Largest width and height, in pixels.
pub const MAX_PIXELS: u32 = 1024;

/// A checked logo file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    pub bytes: Vec<u8>,
    /// `image/png` or `image/jpeg`.
    pub content_type: &'static str,
}

fn refused() -> Invalid {
    InputReason::InvalidImage { max_bytes: MAX_BYTES, max_pixels: MAX_PIXELS }.into()
}

/// A logo from a data URL (`data:image/png;base64,…`, what a browser's file reader gives) or
/// from bare base64.
pub fn parse(data: &str) -> Result<Logo, Invalid> {
    let encoded = match data.trim().strip_prefix("data:") {
        Some(rest) => rest.split_once(";base64,").map(|(_, payload)| payload).ok_or_else(refused)?,
        None => data.trim(),
    };
    // Base64 is 4/3 of the bytes; refuse an oversized upload before decoding it.
    if encoded.len() > MAX_BYTES / 3 * 4 + 4 {
        return Err(refused());
    }
    let bytes = STANDARD.decode(encoded.as_bytes()).map_err(|_| refused())?;
    let (format, _) = decode(&bytes).ok_or_else(refused)?;
    let content_type = match format {
        ImageFormat::Png => "image/png",
        _ => "image/jpeg",
    };
    Ok(Logo { bytes, content_type })
}

/// A stored logo as a data URL, to show it in a page.
pub fn data_url(bytes: &[u8], content_type: &str) -> String {
    format!("data:{content_type};base64,{}", STANDARD.encode(bytes))
}

/// The image in `bytes` when it is a PNG or JPEG within the limits.
fn decode(bytes: &[u8]) -> Option<(ImageFormat, DynamicImage)> {
    if bytes.len() > MAX_BYTES {
        return None;
    }
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().ok()?;
    let format = reader.format().filter(|f| matches!(f, ImageFormat::Png | ImageFormat::Jpeg))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_PIXELS);
    limits.max_image_height = Some(MAX_PIXELS);
    reader.limits(limits);
    Some((format, reader.decode().ok()?))
}

/// A logo as a PDF image: zlib-compressed 8-bit RGB samples and, for a transparent logo, its
/// alpha channel as a soft mask.
pub struct PdfImage {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
    pub alpha: Option<Vec<u8>>,
}

/// The PDF image of a stored logo; `None` if it no longer decodes.
pub fn for_pdf(bytes: &[u8]) -> Option<PdfImage> {
    let (_, image) = decode(bytes)?;
    let (width, height) = (image.width(), image.height());
    let alpha = image.color().has_alpha().then(|| image.to_rgba8().pixels().map(|p| p.0[3]).collect::<Vec<u8>>());
    let rgb = deflate(image.to_rgb8().as_raw())?;
    let alpha = match alpha {
        Some(samples) => Some(deflate(&samples)?),
        None => None,
    };
    Some(PdfImage { width, height, rgb, alpha })
}

fn deflate(data: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(data).ok()?;
    encoder.finish().ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::panic)]
    use super::*;
    use image::{Rgba, RgbaImage};

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = RgbaImage::from_pixel(width, height, Rgba([13, 114, 100, 128]));
        let mut out = Cursor::new(Vec::new());
        image.write_to(&mut out, ImageFormat::Png).expect("encodes");
        out.into_inner()
    }

    #[test]
    fn a_png_data_url_is_a_logo_with_a_soft_mask() {
        let bytes = png(40, 20);
        let logo = parse(&format!("data:image/png;base64,{}", STANDARD.encode(&bytes))).expect("a logo");
        assert_eq!(logo.content_type, "image/png");
        assert_eq!(logo.bytes, bytes);
        let pdf = for_pdf(&logo.bytes).expect("embeds");
        assert_eq!((pdf.width, pdf.height), (40, 20));
        assert!(pdf.alpha.is_some());
    }

    #[test]
    fn what_is_not_a_small_png_or_jpeg_is_refused() {
        let reason = |data: &str| parse(data).map(|_| ()).map_err(|e| e.reason);
        let expected = Err(InputReason::InvalidImage { max_bytes: MAX_BYTES, max_pixels: MAX_PIXELS });
        assert_eq!(reason("data:image/png;base64,bm90IGFuIGltYWdl"), expected, "not an image");
        assert_eq!(reason("data:text/plain,hello"), expected, "not base64");
        assert_eq!(reason(&STANDARD.encode(png(MAX_PIXELS + 1, 1))), expected, "too wide");
        let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;";
        assert_eq!(reason(&STANDARD.encode(gif)), expected, "another format");
    }
}
