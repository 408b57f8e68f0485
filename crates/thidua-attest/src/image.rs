//! A scan or photo as grey levels: PNG (any colour type or depth) and JPEG (baseline and
//! progressive), the two formats a phone, a scanner or poppler writes.

use std::io::Cursor;

use crate::AttestError;

/// The most pixels an image may have (a 48-megapixel phone photo), so a hostile file cannot
/// ask for gigabytes.
const MAX_PIXELS: usize = 48_000_000;

/// Grey levels, 0 black to 255 white, row by row from the top left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GreyImage {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

impl GreyImage {
    pub fn at(&self, x: usize, y: usize) -> u8 {
        self.pixels[y * self.width + x]
    }

    /// The image at half its size, each pixel the mean of four: a large photo reads faster and
    /// its noise averages out.
    pub fn half(&self) -> GreyImage {
        let (width, height) = (self.width / 2, self.height / 2);
        let mut pixels = Vec::with_capacity(width * height);
        for y in 0..height {
            for x in 0..width {
                let sum: u32 = [(0, 0), (1, 0), (0, 1), (1, 1)].iter().map(|(dx, dy)| u32::from(self.at(2 * x + dx, 2 * y + dy))).sum();
                pixels.push((sum / 4) as u8);
            }
        }
        GreyImage { width, height, pixels }
    }

    /// The image at twice its size, each new pixel interpolated from its four neighbours: a
    /// page scanned at 150 dpi gives a module 3.5 pixels, too few for the detector's sampling once
    /// the page is turned or blurred; at twice the size it reads.
    pub fn doubled(&self) -> GreyImage {
        let (width, height) = (self.width * 2, self.height * 2);
        let mut pixels = Vec::with_capacity(width * height);
        for y in 0..height {
            // The centre of the new pixel in the old image's coordinates.
            let sy = ((y as f32 + 0.5) / 2.0 - 0.5).max(0.0);
            let (y0, fy) = (sy as usize, sy.fract());
            let y1 = (y0 + 1).min(self.height - 1);
            for x in 0..width {
                let sx = ((x as f32 + 0.5) / 2.0 - 0.5).max(0.0);
                let (x0, fx) = (sx as usize, sx.fract());
                let x1 = (x0 + 1).min(self.width - 1);
                let top = f32::from(self.at(x0, y0)) * (1.0 - fx) + f32::from(self.at(x1, y0)) * fx;
                let bottom = f32::from(self.at(x0, y1)) * (1.0 - fx) + f32::from(self.at(x1, y1)) * fx;
                pixels.push((top * (1.0 - fy) + bottom * fy).round() as u8);
            }
        }
        GreyImage { width, height, pixels }
    }

    /// Black and white, cut at `share` of the way from the image's dark to its light (its 1st
    /// and 99th percentiles; 0.5 is halfway). A blurred symbol's edges turn grey, and a detector
    /// that adapts its threshold to a mostly white page then loses the modules; one global cut
    /// keeps them. Where exactly the cut falls decides a few modules of a blurred, turned photo,
    /// so [`crate::read_codes_in_image`] tries more than one.
    pub fn thresholded(&self, share: f32) -> GreyImage {
        let mut histogram = [0usize; 256];
        for &p in &self.pixels {
            histogram[usize::from(p)] += 1;
        }
        let percentile = |share: usize| {
            let target = self.pixels.len() * share / 100;
            let mut seen = 0;
            (0..256).find(|&v| {
                seen += histogram[v];
                seen > target
            })
        };
        let (dark, light) = (percentile(1).unwrap_or(0) as f32, percentile(99).unwrap_or(255) as f32);
        let cut = (dark + (light - dark) * share).round() as u8;
        GreyImage { width: self.width, height: self.height, pixels: self.pixels.iter().map(|&p| if p < cut { 0 } else { 255 }).collect() }
    }
}

/// Reads a PNG or JPEG file's bytes (told apart by their signatures, not the file's name).
pub fn read_image(bytes: &[u8]) -> Result<GreyImage, AttestError> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        read_png(bytes)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        read_jpeg(bytes)
    } else {
        Err(AttestError::Image("tệp không phải ảnh PNG hay JPEG (hãy chụp hoặc quét thành ảnh .png hay .jpg)".into()))
    }
}

fn read_png(bytes: &[u8]) -> Result<GreyImage, AttestError> {
    let broken = |e: png::DecodingError| AttestError::Image(format!("ảnh PNG bị hỏng ({e})"));
    let mut decoder = png::Decoder::new_with_limits(Cursor::new(bytes), png::Limits { bytes: MAX_PIXELS * 4 });
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(broken)?;
    let size = reader.output_buffer_size().ok_or_else(|| AttestError::Image("ảnh PNG quá lớn".into()))?;
    let mut buffer = vec![0; size];
    let info = reader.next_frame(&mut buffer).map_err(broken)?;
    let (width, height) = (info.width as usize, info.height as usize);
    if width * height > MAX_PIXELS {
        return Err(AttestError::Image("ảnh quá lớn (hơn 48 triệu điểm ảnh)".into()));
    }
    let channels = info.color_type.samples();
    let mut pixels = Vec::with_capacity(width * height);
    for row in buffer.chunks(info.line_size).take(height) {
        for px in row.chunks(channels).take(width) {
            pixels.push(match channels {
                1 | 2 => px[0],
                _ => luma(px[0], px[1], px[2]),
            });
        }
    }
    Ok(GreyImage { width, height, pixels })
}

fn read_jpeg(bytes: &[u8]) -> Result<GreyImage, AttestError> {
    use zune_jpeg::zune_core::{colorspace::ColorSpace, options::DecoderOptions};
    let options = DecoderOptions::default().jpeg_set_out_colorspace(ColorSpace::Luma).set_max_width(16_384).set_max_height(16_384);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(bytes, options);
    let pixels = decoder.decode().map_err(|e| AttestError::Image(format!("ảnh JPEG bị hỏng ({e:?})")))?;
    let (width, height) = decoder.dimensions().ok_or_else(|| AttestError::Image("ảnh JPEG không có kích thước".into()))?;
    if width * height > MAX_PIXELS || pixels.len() < width * height {
        return Err(AttestError::Image("ảnh JPEG quá lớn hoặc thiếu dữ liệu".into()));
    }
    Ok(GreyImage { width, height, pixels })
}

/// Rec. 601 luma, in integers.
fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b)) / 1000) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_not_an_image_is_refused_without_a_panic() {
        assert!(matches!(read_image(b"%PDF-1.7"), Err(AttestError::Image(_))));
        assert!(matches!(read_image(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Err(AttestError::Image(_))));
        assert!(matches!(read_image(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16]), Err(AttestError::Image(_))));
        assert!(matches!(read_image(&[]), Err(AttestError::Image(_))));
    }
}
