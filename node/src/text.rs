//! Strings across the napi boundary without V8's UTF-8 conversions.
//!
//! Reading a string with napi's UTF-8 function makes V8 walk it twice (once for the length,
//! once to copy), and creating one from UTF-8 makes V8 decode it. Reading UTF-16 and creating
//! Latin-1 strings are plain copies for V8, so the conversion happens here instead, with a
//! fast path for ASCII, which is what tokens and most JSON consist of. One measurement on the
//! machine of bench/RESULTS.md (Node 20) used the editor-config workload of bench/, 1.2 KB of
//! JSON with Cyrillic text. Reading it as UTF-16 and converting it here took about 0.5 µs,
//! and napi's UTF-8 read took 1.5 µs.

use std::borrow::Cow;
use std::cell::RefCell;
use std::ptr;

use napi::bindgen_prelude::{FromNapiValue, ToNapiValue, TypeName, ValidateNapiValue};
use napi::{sys, Error, Status, ValueType};
use zeroize::{Zeroize, Zeroizing};

/// Bytes of a machine word, the unit of the ASCII scans.
const WORD: usize = 8;

/// Spare buffers kept per thread for [`Text`]: enough for the strings of one call.
const SPARE_COUNT: usize = 4;

/// Largest buffer, in elements, kept for the next call, so that one huge string does not stay
/// in memory.
const SPARE_CAPACITY: usize = 64 * 1024;

thread_local! {
    /// UTF-16 units of the string being read.
    static UNITS: RefCell<Vec<u16>> = const { RefCell::new(Vec::new()) };
    /// Buffers of dropped [`Text`]s, so that reading a string usually allocates nothing.
    static SPARE: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// A JavaScript string read as UTF-16 and converted to UTF-8. Lone surrogates become
/// U+FFFD, as napi's own UTF-8 conversion makes them.
#[derive(Debug)]
pub struct Text(String);

impl Text {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl Drop for Text {
    fn drop(&mut self) {
        let mut buffer = std::mem::take(&mut self.0);
        if buffer.capacity() > SPARE_CAPACITY {
            return;
        }
        buffer.clear();
        SPARE.with(|spare| {
            if let Ok(mut spare) = spare.try_borrow_mut() {
                if spare.len() < SPARE_COUNT {
                    spare.push(buffer);
                }
            }
        });
    }
}

impl TypeName for Text {
    fn type_name() -> &'static str {
        "String"
    }

    fn value_type() -> ValueType {
        ValueType::String
    }
}

impl ValidateNapiValue for Text {
    unsafe fn validate(
        env: sys::napi_env,
        value: sys::napi_value,
    ) -> napi::Result<sys::napi_value> {
        // SAFETY: forwarded from napi-rs, which passes a live `env` and `value`.
        unsafe { expect_string(env, value) }
    }
}

impl FromNapiValue for Text {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        let mut text = SPARE
            .with(|spare| {
                spare
                    .try_borrow_mut()
                    .ok()
                    .and_then(|mut spare| spare.pop())
            })
            .unwrap_or_default();
        // SAFETY: forwarded from napi-rs, which passes a live `env` and `value`.
        unsafe { read_string(env, value, &mut text, false) }?;
        Ok(Self(text))
    }
}

/// A secret given as a JavaScript string, read as [`Text`] is, and zeroed when dropped.
#[derive(Debug)]
pub struct SecretText(Zeroizing<String>);

impl SecretText {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl TypeName for SecretText {
    fn type_name() -> &'static str {
        "String"
    }

    fn value_type() -> ValueType {
        ValueType::String
    }
}

impl ValidateNapiValue for SecretText {
    unsafe fn validate(
        env: sys::napi_env,
        value: sys::napi_value,
    ) -> napi::Result<sys::napi_value> {
        // SAFETY: forwarded from napi-rs, which passes a live `env` and `value`.
        unsafe { expect_string(env, value) }
    }
}

/// Checks that `value` is a string, as napi-rs's default check does, but without formatting
/// a message: `Either` arguments try the string first and drop the error for a Buffer.
///
/// # Safety
/// `env` and `value` must be live napi handles of the current call.
unsafe fn expect_string(
    env: sys::napi_env,
    value: sys::napi_value,
) -> napi::Result<sys::napi_value> {
    let mut kind = 0;
    // SAFETY: the caller passes live handles.
    let status = unsafe { sys::napi_typeof(env, value, ptr::addr_of_mut!(kind)) };
    check(status, "cannot read the type of a value")?;
    if kind != sys::ValueType::napi_string {
        return Err(Error::new(Status::StringExpected, String::new()));
    }
    Ok(ptr::null_mut())
}

impl FromNapiValue for SecretText {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        let mut text = Zeroizing::new(String::new());
        // SAFETY: forwarded from napi-rs, which passes a live `env` and `value`.
        unsafe { read_string(env, value, &mut text, true) }?;
        Ok(Self(text))
    }
}

/// Reads the JavaScript string `value` into `out` as UTF-8. With `wipe`, the UTF-16 copy is
/// zeroed afterwards.
///
/// # Safety
/// `env` and `value` must be live napi handles of the current call.
unsafe fn read_string(
    env: sys::napi_env,
    value: sys::napi_value,
    out: &mut String,
    wipe: bool,
) -> napi::Result<()> {
    let mut len = 0;
    // SAFETY: the caller passes live handles; a null buffer requests only the length.
    let status = unsafe {
        sys::napi_get_value_string_utf16(env, value, ptr::null_mut(), 0, ptr::addr_of_mut!(len))
    };
    check(status, "expected a string")?;

    UNITS.with(|units| {
        let mut units = units.try_borrow_mut().map_err(|_| {
            Error::new(
                Status::GenericFailure,
                "the UTF-16 buffer of this thread is already in use".to_owned(),
            )
        })?;
        units.clear();
        units.reserve(len + 1);
        let mut written = 0;
        // SAFETY: the buffer has room for `len` units and the terminating zero napi writes.
        let status = unsafe {
            sys::napi_get_value_string_utf16(
                env,
                value,
                units.as_mut_ptr(),
                len + 1,
                ptr::addr_of_mut!(written),
            )
        };
        check(status, "cannot read a string")?;
        // SAFETY: napi initialized the first `written` units, and `written <= len`.
        unsafe { units.set_len(written.min(len)) };
        if wipe {
            // Room for the worst case, so that no partial copy of the secret is left behind
            // by a reallocation.
            out.reserve(units.len() * 3);
        }
        push_utf16(&units, out);
        if wipe {
            units.as_mut_slice().zeroize();
        }
        if units.capacity() > SPARE_CAPACITY {
            *units = Vec::new();
        }
        Ok(())
    })
}

fn check(status: sys::napi_status, message: &str) -> napi::Result<()> {
    if status == sys::Status::napi_ok {
        return Ok(());
    }
    Err(Error::new(Status::from(status), message.to_owned()))
}

/// Converts UTF-16 to UTF-8, replacing lone surrogates with U+FFFD.
#[cfg(test)]
fn utf16_to_string(units: &[u16]) -> String {
    let mut out = String::new();
    push_utf16(units, &mut out);
    out
}

/// Appends UTF-16 text to `out` as UTF-8, replacing lone surrogates with U+FFFD.
fn push_utf16(units: &[u16], out: &mut String) {
    out.reserve(units.len());
    // SAFETY: the loop appends ASCII bytes and the UTF-8 encodings of whole characters only,
    // so `out` stays UTF-8.
    let bytes = unsafe { out.as_mut_vec() };
    let mut index = 0;
    while index < units.len() {
        let unit = units[index];
        if unit < 0x80 {
            let ascii = ascii_prefix_utf16(&units[index..]);
            bytes.extend(units[index..index + ascii].iter().map(|&unit| unit as u8));
            index += ascii;
            continue;
        }
        let pair = units
            .get(index + 1)
            .copied()
            .filter(|next| (0xD800..0xDC00).contains(&unit) && (0xDC00..0xE000).contains(next));
        let code = match pair {
            Some(low) => 0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00),
            None if (0xD800..0xE000).contains(&unit) => u32::from(char::REPLACEMENT_CHARACTER),
            None => u32::from(unit),
        };
        let c = char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER);
        let mut buffer = [0; 4];
        bytes.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
        index += if pair.is_some() { 2 } else { 1 };
    }
}

/// Returns how many leading units are ASCII.
fn ascii_prefix_utf16(units: &[u16]) -> usize {
    let mut index = 0;
    for chunk in units.chunks_exact(WORD) {
        if chunk.iter().fold(0, |bits, &unit| bits | unit) >= 0x80 {
            break;
        }
        index += WORD;
    }
    index
        + units[index..]
            .iter()
            .take_while(|&&unit| unit < 0x80)
            .count()
}

/// Returns how many leading bytes are ASCII.
fn ascii_prefix(bytes: &[u8]) -> usize {
    let mut index = 0;
    for chunk in bytes.chunks_exact(WORD) {
        let word = u64::from_ne_bytes(chunk.try_into().unwrap_or([0x80; WORD]));
        if word & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        index += WORD;
    }
    index
        + bytes[index..]
            .iter()
            .take_while(|byte| byte.is_ascii())
            .count()
}

/// Encodes UTF-8 JSON text in Latin-1, the one-byte form of V8 strings, by writing each
/// character beyond U+00FF as a `\u` escape (two for a character beyond U+FFFF).
///
/// The result parses to the same value: outside strings, JSON text is ASCII, so every such
/// character is inside a string, where the escape stands for it. `JSON.parse` reads one-byte
/// text faster than two-byte text, and V8 copies Latin-1 without decoding it. ASCII text is
/// returned as it is. The input is not validated again: the core's reader has accepted it,
/// and an invalid sequence would only become U+FFFD.
pub(crate) fn json_to_latin1(json: &[u8]) -> Cow<'_, [u8]> {
    let mut ascii = ascii_prefix(json);
    if ascii == json.len() {
        return Cow::Borrowed(json);
    }

    let mut out: Vec<u8> = Vec::with_capacity(json.len() + json.len() / 4);
    let mut position = 0;
    loop {
        out.extend_from_slice(&json[position..position + ascii]);
        position += ascii;
        if position == json.len() {
            break;
        }
        let (c, used) = decode_utf8(&json[position..]);
        if let Ok(byte) = u8::try_from(u32::from(c)) {
            out.push(byte);
        } else {
            let mut units = [0; 2];
            for &unit in c.encode_utf16(&mut units).iter() {
                out.extend_from_slice(b"\\u");
                out.extend([12, 8, 4, 0].map(|shift| HEX[usize::from(unit >> shift) & 0xF]));
            }
        }
        position += used;
        ascii = ascii_prefix(&json[position..]);
    }
    Cow::Owned(out)
}

/// Decodes the UTF-8 sequence that starts `bytes`, which is not empty. Returns the character
/// and the sequence's length, or U+FFFD and 1 for a byte that starts no valid sequence.
fn decode_utf8(bytes: &[u8]) -> (char, usize) {
    const INVALID: (char, usize) = (char::REPLACEMENT_CHARACTER, 1);
    let first = bytes[0];
    let (len, bits) = match first {
        0x00..=0x7F => return (char::from(first), 1),
        0xC2..=0xDF => (2, first & 0x1F),
        0xE0..=0xEF => (3, first & 0x0F),
        0xF0..=0xF4 => (4, first & 0x07),
        _ => return INVALID,
    };
    let Some(tail) = bytes.get(1..len) else {
        return INVALID;
    };
    let mut code = u32::from(bits);
    for &byte in tail {
        if byte & 0xC0 != 0x80 {
            return INVALID;
        }
        code = (code << 6) | u32::from(byte & 0x3F);
    }
    char::from_u32(code).map_or(INVALID, |c| (c, len))
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Creates a one-byte JavaScript string from Latin-1 bytes.
pub(crate) fn create_latin1(env: sys::napi_env, bytes: &[u8]) -> napi::Result<sys::napi_value> {
    let len = isize::try_from(bytes.len())
        .map_err(|_| Error::new(Status::InvalidArg, "the string is too long".to_owned()))?;
    let mut value = ptr::null_mut();
    // SAFETY: `env` comes from napi, and the pointer and length describe a live slice.
    let status = unsafe {
        sys::napi_create_string_latin1(env, bytes.as_ptr().cast(), len, ptr::addr_of_mut!(value))
    };
    check(status, "cannot create a string")?;
    Ok(value)
}

/// UTF-8 JSON text returned to JavaScript as a one-byte string (see [`json_to_latin1`]).
#[derive(Debug)]
pub struct JsonText(pub(crate) Vec<u8>);

impl From<String> for JsonText {
    fn from(json: String) -> Self {
        Self(json.into_bytes())
    }
}

impl ToNapiValue for JsonText {
    unsafe fn to_napi_value(env: sys::napi_env, json: Self) -> napi::Result<sys::napi_value> {
        create_latin1(env, &json_to_latin1(&json.0))
    }
}

/// ASCII text, such as a compact token, returned to JavaScript as a one-byte string.
#[derive(Debug)]
pub struct AsciiText(pub(crate) String);

impl ToNapiValue for AsciiText {
    unsafe fn to_napi_value(env: sys::napi_env, text: Self) -> napi::Result<sys::napi_value> {
        debug_assert!(text.0.is_ascii(), "AsciiText holds non-ASCII text");
        create_latin1(env, text.0.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(text: &str) -> Vec<u16> {
        text.encode_utf16().collect()
    }

    #[test]
    fn utf16_ascii_and_beyond_converted() {
        for text in [
            "",
            "eyJhbGciOiJIUzI1NiJ9.e30.sig",
            "Jürgen Groß",
            "Отчёт за квартал.docx",
            "emoji 😀 after sixteen ascii bytes",
            &"a".repeat(17),
        ] {
            assert_eq!(utf16_to_string(&units(text)), text);
        }
    }

    #[test]
    fn utf16_same_as_std_lossy() {
        // A fixed pseudo-random walk over units that mixes ASCII, two- and three-byte
        // characters, valid pairs and lone surrogates.
        let pool = [
            0x41, 0x7F, 0x80, 0xE9, 0x7FF, 0x800, 0x41F, 0xFFFD, 0xD83D, 0xDE00, 0xDBFF, 0xDC00,
        ];
        let mut state = 0x2545_F491_u32;
        for length in 0..200 {
            let units: Vec<u16> = (0..length)
                .map(|_| {
                    state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    pool[(state >> 16) as usize % pool.len()]
                })
                .collect();
            assert_eq!(
                utf16_to_string(&units),
                String::from_utf16_lossy(&units),
                "{units:x?}"
            );
        }
    }

    #[test]
    fn lone_surrogates_replaced() {
        let input = [0x61, 0xD800, 0x62, 0xDC00, 0xD83D];
        assert_eq!(utf16_to_string(&input), "a\u{FFFD}b\u{FFFD}\u{FFFD}");
    }

    #[test]
    fn ascii_json_borrowed() {
        let json = r#"{"key":"Khirz6zTPdfd7","status":2}"#;
        assert_eq!(
            json_to_latin1(json.as_bytes()),
            Cow::Borrowed(json.as_bytes())
        );
    }

    #[test]
    fn latin1_json_narrowed() {
        let json = r#"{"name":"Groß-Möller, Île-de-France"}"#;
        let expected: Vec<u8> = json
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap())
            .collect();
        assert_eq!(
            json_to_latin1(json.as_bytes()).as_ref(),
            expected.as_slice()
        );
    }

    #[test]
    fn wider_characters_escaped() {
        let json = r#"{"a":"Łódź ü","b":"😀","c":"Отчёт"}"#;
        let expected: &[u8] = b"{\"a\":\"\\u0141\xf3d\\u017a \xfc\",\"b\":\"\\ud83d\\ude00\",\"c\":\"\\u041e\\u0442\\u0447\\u0451\\u0442\"}";
        assert_eq!(json_to_latin1(json.as_bytes()).as_ref(), expected);
    }

    #[test]
    fn every_character_decoded() {
        for c in ('\u{0}'..='\u{10FFFF}').step_by(7).chain([
            '\u{80}',
            '\u{7FF}',
            '\u{800}',
            '\u{FFFF}',
            '\u{10000}',
        ]) {
            let mut buffer = [0; 4];
            let encoded = c.encode_utf8(&mut buffer);
            assert_eq!(decode_utf8(encoded.as_bytes()), (c, c.len_utf8()), "{c:?}");
        }
    }

    #[test]
    fn invalid_utf8_replaced() {
        for bytes in [
            &b"\x80"[..],
            b"\xC3",
            b"\xE2\x82",
            b"\xF5\x80\x80\x80",
            b"\xC3\x28",
            b"\xED\xA0\x80",
        ] {
            assert_eq!(
                decode_utf8(bytes),
                (char::REPLACEMENT_CHARACTER, 1),
                "{bytes:x?}"
            );
        }
    }
}
