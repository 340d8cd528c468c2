//! RFC 6238 TOTP (HMAC-SHA1, 30-second steps, 6 digits) and the QR code image `totp.create`
//! returns. Tests check these codes against an independent implementation (`totp-lite`).

use base64::Engine;
use hmac::{Hmac, Mac};
use sha1::Sha1;

pub const STEP_SECONDS: i64 = 30;
/// Steps accepted either side of now, for clock skew between phone and server.
pub const SKEW_STEPS: i64 = 1;

pub fn new_secret() -> String {
    let bytes: [u8; 20] = rand::random();
    data_encoding::BASE32_NOPAD.encode(&bytes)
}

fn decode_secret(secret: &str) -> Option<Vec<u8>> {
    data_encoding::BASE32_NOPAD.decode(secret.trim_end_matches('=').as_bytes()).ok()
}

/// The code for one time step (RFC 4226 dynamic truncation).
pub fn code_at_step(key: &[u8], step: i64) -> String {
    let mut mac = Hmac::<Sha1>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(&(step as u64).to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[19] & 0x0f) as usize;
    let bin = u32::from_be_bytes([digest[offset], digest[offset + 1], digest[offset + 2], digest[offset + 3]]) & 0x7fff_ffff;
    format!("{:06}", bin % 1_000_000)
}

/// Returns the step the code belongs to if it is valid now and newer than `last_used_step`.
pub fn verify(secret: &str, code: &str, now: i64, last_used_step: Option<i64>) -> Option<i64> {
    let key = decode_secret(secret)?;
    let current = now.div_euclid(STEP_SECONDS);
    (current - SKEW_STEPS..=current + SKEW_STEPS)
        .filter(|step| last_used_step.is_none_or(|used| *step > used))
        .find(|step| constant_time_eq(code_at_step(&key, *step).as_bytes(), code.as_bytes()))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn otpauth_uri(issuer: &str, account: &str, secret: &str) -> String {
    use crate::text::percent_encode as pe;
    format!("otpauth://totp/{}:{}?secret={secret}&issuer={}&algorithm=SHA1&digits=6&period=30", pe(issuer), pe(account), pe(issuer))
}

/// Draws `text` as a QR code in a grayscale PNG, returned as a `data:` URL.
pub fn qr_png_data_url(text: &str) -> String {
    const SCALE: usize = 4;
    const QUIET: usize = 4;
    let code = qrcode::QrCode::new(text.as_bytes()).expect("otpauth URI fits a QR code");
    let modules = code.width();
    let colors = code.to_colors();
    let side = (modules + 2 * QUIET) * SCALE;
    let mut pixels = vec![255u8; side * side];
    for (i, color) in colors.iter().enumerate() {
        if *color == qrcode::Color::Dark {
            let (mx, my) = (i % modules + QUIET, i / modules + QUIET);
            for y in my * SCALE..(my + 1) * SCALE {
                pixels[y * side + mx * SCALE..y * side + (mx + 1) * SCALE].fill(0);
            }
        }
    }
    let mut png_bytes = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut png_bytes, side as u32, side as u32);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().expect("png header");
        writer.write_image_data(&pixels).expect("png data");
    }
    format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(png_bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 column (8-digit values; we keep the last 6).
    #[test]
    fn rfc6238_vectors() {
        let key = b"12345678901234567890";
        for (t, expected8) in [(59, "94287082"), (1111111109, "07081804"), (1234567890, "89005924"), (20000000000, "65353130")] {
            assert_eq!(code_at_step(key, t / 30), expected8[2..]);
        }
    }

    #[test]
    fn verify_accepts_skew_and_rejects_replay() {
        let secret = data_encoding::BASE32_NOPAD.encode(b"12345678901234567890");
        let now = 1111111109;
        let prev = code_at_step(b"12345678901234567890", now / 30 - 1);
        let step = verify(&secret, &prev, now, None).expect("previous step accepted");
        assert_eq!(verify(&secret, &prev, now, Some(step)), None, "replay refused");
        let far = code_at_step(b"12345678901234567890", now / 30 - 3);
        assert_eq!(verify(&secret, &far, now, None), None);
    }
}
