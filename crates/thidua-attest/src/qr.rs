//! The code as a QR symbol, and finding it again in an image.

use qrcodegen::{QrCode, QrCodeEcc};

use crate::{AttestError, GreyImage, SignedStatement, statement::CODE_PREFIX};

/// A QR symbol's modules, row by row from the top left, without the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    pub size: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dark[y * self.size + x]
    }

    /// The symbol as an image: `scale` pixels a module and the four-module quiet zone the
    /// standard asks for around it.
    pub fn to_image(&self, scale: usize) -> GreyImage {
        let side = (self.size + 8) * scale;
        let mut pixels = vec![255u8; side * side];
        for y in 0..self.size {
            for x in (0..self.size).filter(|&x| self.is_dark(x, y)) {
                for py in (y + 4) * scale..(y + 5) * scale {
                    pixels[py * side + (x + 4) * scale..py * side + (x + 5) * scale].fill(0);
                }
            }
        }
        GreyImage { width: side, height: side, pixels }
    }
}

/// The QR symbol of a code, at error correction level M (15 % of the symbol may be lost to a
/// stain, a fold or the stamp's edge). A statement's code (about 210 characters) makes a
/// version 8 symbol: 49 modules a side.
pub fn qr_matrix(code: &str) -> Result<QrMatrix, AttestError> {
    let qr = QrCode::encode_text(code, QrCodeEcc::Medium).map_err(|_| AttestError::TooLong("mã QR"))?;
    let size = qr.size() as usize;
    let dark = (0..size).flat_map(|y| (0..size).map(move |x| (x, y))).map(|(x, y)| qr.get_module(x as i32, y as i32)).collect();
    Ok(QrMatrix { size, dark })
}

/// The first Thi đua code found in an image: a small one (a page at 150 dpi) tried first at
/// twice its size ([`GreyImage::doubled`]), then as it is and halved down (which also averages
/// out blur and grain in a large photo). Each size is read cut to black and white halfway
/// ([`GreyImage::thresholded`]) and as it is; only when no size reads are the other cuts tried
/// (a blurred photo's modules thin or thicken with the cut, and one cut may lose more of them
/// than the error correction restores where its neighbours do not). A QR that holds something
/// else is passed over; one that holds a Thi đua code cut short or altered gives that code's
/// error.
pub fn read_codes_in_image(image: &GreyImage) -> Result<SignedStatement, AttestError> {
    let doubled = (image.width.max(image.height) <= 2400).then(|| image.doubled());
    let halves = std::iter::successors(Some(image.clone()), |c| (c.width.min(c.height) >= 600).then(|| c.half()));
    let sizes: Vec<GreyImage> = doubled.into_iter().chain(halves).collect();
    let mut found_error = None;
    let first = sizes.iter().flat_map(|size| [size.thresholded(0.5), size.clone()]);
    let then = [0.35, 0.65, 0.25, 0.75].into_iter().flat_map(|share| sizes.iter().map(move |size| size.thresholded(share)));
    for attempt in first.chain(then) {
        let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(attempt.width, attempt.height, |x, y| attempt.at(x, y));
        for grid in prepared.detect_grids() {
            let Ok((_, text)) = grid.decode() else { continue };
            if !text.starts_with(CODE_PREFIX) {
                continue;
            }
            match SignedStatement::from_code(&text) {
                Ok(signed) => return Ok(signed),
                Err(e) => found_error = Some(e),
            }
        }
    }
    Err(found_error.unwrap_or(AttestError::NoCodeInImage))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read_image;
    use crate::statement::tests::sample;
    use thidua_bundle::KeyPair;

    #[test]
    fn a_code_drawn_as_a_symbol_reads_back_from_its_image() {
        let signed = sample().sign(&KeyPair::generate().unwrap()).unwrap();
        let matrix = qr_matrix(&signed.to_code().unwrap()).unwrap();
        assert!(matrix.size <= 49, "version 8 at most, {} modules", matrix.size);
        assert_eq!(read_codes_in_image(&matrix.to_image(4)).unwrap(), signed);
        // A blank page and a QR of something else: no code, said plainly.
        let blank = GreyImage { width: 300, height: 300, pixels: vec![255; 90_000] };
        assert_eq!(read_codes_in_image(&blank), Err(AttestError::NoCodeInImage));
        let other = qr_matrix("HTTPS://EXAMPLE.COM").unwrap().to_image(4);
        assert_eq!(read_codes_in_image(&other), Err(AttestError::NoCodeInImage));
    }

    /// A photo of a ward's signature page (poppler at 150 dpi, turned 8°, blurred 0.6, JPEG at
    /// 80) that the halfway cut alone lost a few modules of: one run in fifteen of the
    /// verification test drew such a code. The other cuts read it.
    #[test]
    fn a_photo_the_halfway_cut_loses_reads_at_another_cut() {
        let photo = read_image(include_bytes!("../tests/data/photo-150dpi-rotated-blurred.jpg")).unwrap();
        let doubled = photo.doubled();
        for attempt in [doubled.thresholded(0.5), doubled, photo.thresholded(0.5), photo.clone()] {
            let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(attempt.width, attempt.height, |x, y| attempt.at(x, y));
            assert!(
                prepared.detect_grids().iter().all(|grid| grid.decode().is_err()),
                "the halfway cut reads it: the sample no longer tests the others"
            );
        }
        let signed = read_codes_in_image(&photo).unwrap();
        assert_eq!(signed.statement.period, "2022-H1");
    }
}
