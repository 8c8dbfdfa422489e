//! Compact JWS signing and verification (RFC 7515 section 7.1) for HMAC algorithms.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine as _};
use base64_simd::AsOut as _;

use crate::algorithm::Algorithm;
use crate::error::{quoted, Error, Result};
use crate::json::{self, Build, Object, Value, ValueBuilder};
use crate::key::{Key, KeySet};
use crate::validation::Validation;

/// Base64url without padding; decoding rejects padding and non-canonical trailing bits.
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(false),
);

/// A token whose signature and claims were verified.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    /// The algorithm the token was signed with.
    pub algorithm: Algorithm,
    /// The decoded JOSE header.
    pub header: Object,
    /// The decoded claims.
    pub claims: Object,
    /// The payload bytes exactly as signed.
    pub payload: Vec<u8>,
    /// The signature bytes as received.
    pub signature: Vec<u8>,
}

/// A token decoded without checking its signature or claims: only for inspection.
#[derive(Debug, Clone, PartialEq)]
pub struct Unverified {
    /// The decoded JOSE header.
    pub header: Object,
    /// The decoded claims.
    pub claims: Object,
    /// The signature bytes as received, empty when the segment is empty.
    pub signature: Vec<u8>,
    /// The header JSON as received, already accepted by the strict reader.
    pub header_json: Vec<u8>,
    /// The payload JSON as received, already accepted by the strict reader. A binding whose
    /// strings can hold lone surrogates reads the claims from here when
    /// [`json::has_surrogate_escape`] finds one.
    pub payload_json: Vec<u8>,
}

/// Encodes bytes as base64url without padding.
#[must_use]
pub fn base64url(bytes: &[u8]) -> String {
    base64_simd::URL_SAFE_NO_PAD.encode_to_string(bytes)
}

/// Returns the header every token of this crate carries: `{"alg":...,"typ":"JWT"}`.
#[must_use]
pub fn standard_header(alg: Algorithm) -> String {
    standard_header_json(alg).to_owned()
}

/// Returns [`standard_header`] without allocating.
pub(crate) fn standard_header_json(alg: Algorithm) -> &'static str {
    match alg {
        Algorithm::HS256 => r#"{"alg":"HS256","typ":"JWT"}"#,
        Algorithm::HS384 => r#"{"alg":"HS384","typ":"JWT"}"#,
        Algorithm::HS512 => r#"{"alg":"HS512","typ":"JWT"}"#,
    }
}

/// Signs exact header and payload JSON bytes. The caller is responsible for the header
/// naming `alg`.
#[must_use]
pub fn sign_raw(key: &Key, alg: Algorithm, header_json: &[u8], payload_json: &[u8]) -> String {
    let header_len = base64_len(header_json.len());
    let payload_len = base64_len(payload_json.len());
    let mut token = String::with_capacity(header_len + payload_len + base64_len(alg.tag_len()) + 2);
    // base64-simd writes the same text as `BASE64URL` (the test `simd_encoder_same_text`
    // compares them) in less time; bench/PROFILING.md has the measurements.
    base64_simd::URL_SAFE_NO_PAD.encode_append(header_json, &mut token);
    token.push('.');
    base64_simd::URL_SAFE_NO_PAD.encode_append(payload_json, &mut token);
    let tag = key.tag(alg, token.as_bytes());
    token.push('.');
    base64_simd::URL_SAFE_NO_PAD.encode_append(tag.as_slice(), &mut token);
    token
}

/// Signs JSON claims with the standard header for `alg`.
#[must_use]
pub fn sign(key: &Key, alg: Algorithm, claims: &Object) -> String {
    sign_raw(
        key,
        alg,
        standard_header_json(alg).as_bytes(),
        claims.to_json().as_bytes(),
    )
}

/// Signs any serializable value as the claims, with the standard header for `alg`.
///
/// # Errors
/// [`Error::JsonInvalid`] when the value cannot be serialized as JSON, such as a map with
/// non-string keys.
#[cfg(feature = "serde")]
pub fn sign_serialize<T: serde::Serialize + ?Sized>(
    key: &Key,
    alg: Algorithm,
    claims: &T,
) -> Result<String> {
    let payload = serde_json::to_vec(claims)
        .map_err(|err| Error::json(format!("cannot serialize the claims: {err}")))?;
    if payload.first() != Some(&b'{') {
        return Err(Error::json("the claims must serialize to a JSON object"));
    }
    Ok(sign_raw(
        key,
        alg,
        standard_header_json(alg).as_bytes(),
        &payload,
    ))
}

fn base64_len(len: usize) -> usize {
    (len * 4).div_ceil(3)
}

/// The three segments of a compact token.
struct Segments<'a> {
    header: &'a str,
    payload: &'a str,
    signature: &'a str,
    signing_input: &'a str,
}

/// Splits a token into its three segments, rejecting any other number of segments.
fn split(token: &str, max_len: usize) -> Result<Segments<'_>> {
    let segments = split_outer(token, max_len)?;
    if segments.payload.contains('.') {
        return Err(segment_count_error(token));
    }
    Ok(segments)
}

/// Splits a token at its first and last dots, without looking for more dots in the payload
/// segment between them. The caller must reject a payload segment that contains a dot with
/// [`segment_count_error`] before reporting any other error, as [`split`] does.
fn split_outer(token: &str, max_len: usize) -> Result<Segments<'_>> {
    if token.is_empty() {
        return Err(Error::malformed("the token is empty"));
    }
    if token.len() > max_len {
        return Err(Error::malformed(format!(
            "the token is {} bytes, more than the limit of {max_len}",
            token.len()
        )));
    }
    let (Some(first), Some(second)) = (token.find('.'), token.rfind('.')) else {
        return Err(segment_count_error(token));
    };
    if first == second {
        return Err(segment_count_error(token));
    }
    Ok(Segments {
        header: &token[..first],
        payload: &token[first + 1..second],
        signature: &token[second + 1..],
        signing_input: &token[..second],
    })
}

fn segment_count_error(token: &str) -> Error {
    let dots = token.bytes().filter(|&byte| byte == b'.').count();
    Error::malformed(format!(
        "expected 3 segments separated by dots, found {}",
        dots + 1
    ))
}

fn decode_segment(segment: &str, name: &str) -> Result<Vec<u8>> {
    if segment.is_empty() {
        return Err(Error::malformed(format!("the {name} segment is empty")));
    }
    // base64-simd decodes with SIMD instructions chosen at run time: 0.34 µs against 1.1 µs
    // for `BASE64URL` on a 2102-character segment with AVX2. It is as strict: no padding, no
    // characters outside the alphabet and no non-zero unused bits (the test
    // `simd_decoder_as_strict` compares the two). On failure, `BASE64URL` decodes again to
    // word the error.
    if let Ok(bytes) = base64_simd::URL_SAFE_NO_PAD.decode_to_vec(segment.as_bytes()) {
        return Ok(bytes);
    }
    BASE64URL.decode(segment).map_err(|err| {
        let detail = match err {
            base64::DecodeError::InvalidByte(offset, byte) => {
                format!(
                    "character {} at offset {offset} is outside the base64url alphabet",
                    describe_byte(byte)
                )
            }
            base64::DecodeError::InvalidLength(len) => {
                format!("{len} characters cannot be base64url")
            }
            base64::DecodeError::InvalidLastSymbol(offset, _) => {
                format!("the last character at offset {offset} has non-zero unused bits")
            }
            base64::DecodeError::InvalidPadding => "padding is not allowed".to_owned(),
        };
        Error::malformed(format!(
            "the {name} segment is not base64url without padding: {detail}"
        ))
    })
}

/// Describes one byte of a token for a message: printable ASCII quoted, anything else in hex.
fn describe_byte(byte: u8) -> String {
    match byte {
        b'!'..=b'~' => format!("'{}'", char::from(byte)),
        b' ' => "' ' (space)".to_owned(),
        other => format!("0x{other:02X}"),
    }
}

/// Maximum header segment length, in base64url characters: 16 KiB.
///
/// The header is parsed before the signature is checked, so its size bounds the work an
/// unauthenticated token can cause. The header `{"alg":"HS256","typ":"JWT"}` that
/// jsonwebtoken and PyJWT write is 36 characters.
pub const MAX_HEADER_SEGMENT_LEN: usize = 16 * 1024;

/// Decodes the header segment after checking its length against [`MAX_HEADER_SEGMENT_LEN`].
fn decode_header_segment(segment: &str) -> Result<Vec<u8>> {
    if segment.len() > MAX_HEADER_SEGMENT_LEN {
        return Err(Error::malformed(format!(
            "the header segment is {} characters, more than the limit of {MAX_HEADER_SEGMENT_LEN}",
            segment.len()
        )));
    }
    decode_segment(segment, "header")
}

/// Decodes the signature segment. An empty segment is well-formed (it is what `alg: none`
/// tokens carry) and fails the signature check instead.
fn decode_signature(segment: &str) -> Result<Vec<u8>> {
    if segment.is_empty() {
        return Ok(Vec::new());
    }
    decode_segment(segment, "signature")
}

/// Decoded signature bytes, kept on the stack when they fit the longest tag.
enum Signature {
    Inline {
        bytes: [u8; SIGNATURE_INLINE_LEN],
        len: usize,
    },
    Heap(Vec<u8>),
}

/// Room for the 64 bytes of an HS512 tag, the most that 86 base64url characters decode to.
const SIGNATURE_INLINE_LEN: usize = 64;

impl Signature {
    fn as_slice(&self) -> &[u8] {
        match self {
            Self::Inline { bytes, len } => &bytes[..*len],
            Self::Heap(bytes) => bytes,
        }
    }

    fn into_vec(self) -> Vec<u8> {
        match self {
            Self::Inline { bytes, len } => bytes[..len].to_vec(),
            Self::Heap(bytes) => bytes,
        }
    }
}

/// Decodes the signature segment as [`decode_signature`] does, without a heap allocation for
/// a segment no longer than an HS512 tag's.
fn decode_signature_inline(segment: &str) -> Result<Signature> {
    let mut bytes = [0u8; SIGNATURE_INLINE_LEN];
    if !segment.is_empty() && segment.len() <= base64_len(64) {
        // At most 86 characters decode to at most 64 bytes, so `bytes` is long enough for
        // `decode`, which panics when the buffer is shorter than the decoded length.
        let decoded =
            base64_simd::URL_SAFE_NO_PAD.decode(segment.as_bytes(), bytes.as_mut_slice().as_out());
        if let Ok(decoded) = decoded {
            let len = decoded.len();
            return Ok(Signature::Inline { bytes, len });
        }
    }
    // An empty, long or invalid segment takes the allocating path, which words the error.
    decode_signature(segment).map(Signature::Heap)
}

fn parse_object(bytes: &[u8], name: &str, max_depth: usize) -> Result<Object> {
    let (value, _) =
        json::parse_object_into(bytes, name, max_depth, &mut ValueBuilder, &|_| false)?;
    let Value::Object(object) = value else {
        return Err(Error::json(format!("the {name} is not a JSON object")));
    };
    Ok(object)
}

/// Decodes the header of a token without verifying anything else.
///
/// # Errors
/// [`Error::Malformed`], [`Error::JsonInvalid`] or [`Error::DuplicateMember`].
pub fn decode_header(token: &str) -> Result<Object> {
    decode_header_with_json(token).map(|(header, _)| header)
}

/// Decodes the header of a token as [`decode_header`] does, and also returns the header JSON
/// as received, for a binding that reads it itself when [`json::has_surrogate_escape`] finds
/// a surrogate escape.
///
/// # Errors
/// As [`decode_header`].
pub fn decode_header_with_json(token: &str) -> Result<(Object, Vec<u8>)> {
    let segments = split(token, crate::validation::DEFAULT_MAX_TOKEN_LEN)?;
    let bytes = decode_header_segment(segments.header)?;
    let header = parse_object(&bytes, "header", json::DEFAULT_MAX_DEPTH)?;
    Ok((header, bytes))
}

/// Decodes the header and claims of a token without checking the signature or any claim.
///
/// Only for inspection: nothing returned here can be trusted.
///
/// # Errors
/// [`Error::Malformed`], [`Error::JsonInvalid`] or [`Error::DuplicateMember`].
pub fn decode_unverified(token: &str) -> Result<(Object, Object)> {
    let segments = split(token, crate::validation::DEFAULT_MAX_TOKEN_LEN)?;
    parse_header_and_claims(&segments)
}

/// Decodes and parses the header and payload segments with the default depth limit.
fn parse_header_and_claims(segments: &Segments<'_>) -> Result<(Object, Object)> {
    let header = parse_object(
        &decode_header_segment(segments.header)?,
        "header",
        json::DEFAULT_MAX_DEPTH,
    )?;
    let claims = parse_object(
        &decode_segment(segments.payload, "payload")?,
        "payload",
        json::DEFAULT_MAX_DEPTH,
    )?;
    Ok((header, claims))
}

/// Decodes the header, the claims and the signature bytes of a token without checking the
/// signature, the algorithm or any claim. The form is checked as [`verify`] checks it, except
/// that the signature segment may be empty.
///
/// Only for inspection: nothing returned here can be trusted.
///
/// # Errors
/// [`Error::Malformed`], [`Error::JsonInvalid`] or [`Error::DuplicateMember`].
pub fn decode_unverified_parts(token: &str) -> Result<Unverified> {
    let segments = split(token, crate::validation::DEFAULT_MAX_TOKEN_LEN)?;
    let header_json = decode_header_segment(segments.header)?;
    let header = parse_object(&header_json, "header", json::DEFAULT_MAX_DEPTH)?;
    let payload_json = decode_segment(segments.payload, "payload")?;
    let claims = parse_object(&payload_json, "payload", json::DEFAULT_MAX_DEPTH)?;
    let signature = decode_signature(segments.signature)?;
    Ok(Unverified {
        header,
        claims,
        signature,
        header_json,
        payload_json,
    })
}

/// Headers that most tokens carry byte for byte, with their algorithm: `alg` first as
/// jsonwebtoken, PyJWT and this crate write it, `typ` first as php-jwt writes it. Such a header
/// needs no JSON parse, because it has no `kid` and no `crit`.
const COMMON_HEADERS: [(&[u8], Algorithm); 6] = [
    (br#"{"alg":"HS256","typ":"JWT"}"#, Algorithm::HS256),
    (br#"{"alg":"HS384","typ":"JWT"}"#, Algorithm::HS384),
    (br#"{"alg":"HS512","typ":"JWT"}"#, Algorithm::HS512),
    (br#"{"typ":"JWT","alg":"HS256"}"#, Algorithm::HS256),
    (br#"{"typ":"JWT","alg":"HS384"}"#, Algorithm::HS384),
    (br#"{"typ":"JWT","alg":"HS512"}"#, Algorithm::HS512),
];

/// Returns the algorithm of a header that is one of [`COMMON_HEADERS`], and whether `alg`
/// comes first.
fn common_header(header_json: &[u8]) -> Option<(Algorithm, bool)> {
    COMMON_HEADERS
        .iter()
        .position(|(json, _)| *json == header_json)
        .map(|index| (COMMON_HEADERS[index].1, index < 3))
}

/// Builds the [`Object`] that parsing a header of [`COMMON_HEADERS`] gives.
fn common_header_object(alg: Algorithm, alg_first: bool) -> Object {
    let mut header = Object::new();
    let alg_member = ("alg".to_owned(), Value::String(alg.name().to_owned()));
    let typ_member = ("typ".to_owned(), Value::String("JWT".to_owned()));
    let (first, second) = if alg_first {
        (alg_member, typ_member)
    } else {
        (typ_member, alg_member)
    };
    header.push_unchecked(first.0, first.1);
    header.push_unchecked(second.0, second.1);
    header
}

/// Rejects an algorithm outside the caller's allow-list.
fn check_allowed(alg: Algorithm, allowed: &[Algorithm]) -> Result<()> {
    if allowed.contains(&alg) {
        Ok(())
    } else {
        Err(Error::AlgorithmNotAllowed {
            alg: quoted(alg.name()),
        })
    }
}

/// Reads and checks `alg` and `crit` of a decoded header.
fn header_algorithm(header: &Object, allowed: &[Algorithm]) -> Result<Algorithm> {
    let alg = match header.get("alg") {
        None => {
            return Err(Error::AlgorithmNotAllowed {
                alg: "(missing)".to_owned(),
            })
        }
        Some(Value::String(name)) => Algorithm::from_name(name)?,
        Some(other) => {
            return Err(Error::AlgorithmNotAllowed {
                alg: format!("({})", other.type_name()),
            })
        }
    };
    check_allowed(alg, allowed)?;
    if let Some(crit) = header.get("crit") {
        let names = match crit {
            Value::Array(items) => describe_crit(items),
            other => format!("({})", other.type_name()),
        };
        return Err(Error::CritUnsupported { names });
    }
    // RFC 7797 requires `b64` to be listed in `crit`. A verifier that ignored `b64: false`
    // would read the payload segment as base64url, while the signer meant its raw bytes: one
    // signed token with two readings.
    if matches!(header.get("b64"), Some(Value::Bool(false))) {
        return Err(Error::malformed(
            "the header sets \"b64\" to false without listing it in \"crit\"",
        ));
    }
    Ok(alg)
}

/// Lists the first few `crit` names for a message; hostile headers can list thousands.
fn describe_crit(items: &[Value]) -> String {
    const MAX_NAMES: usize = 5;
    let mut names: Vec<String> = items
        .iter()
        .take(MAX_NAMES)
        .map(|item| match item {
            Value::String(name) => quoted(name),
            other => format!("({})", other.type_name()),
        })
        .collect();
    if items.len() > MAX_NAMES {
        names.push(format!("and {} more", items.len() - MAX_NAMES));
    }
    if names.is_empty() {
        return "(an empty list)".to_owned();
    }
    names.join(", ")
}

/// Verifies a compact token: form, header, algorithm, signature, then claims.
///
/// The signature is checked over the received segments, never over re-encoded JSON, and
/// the tag comparison takes constant time.
///
/// # Errors
/// The first failure in this order: [`Error::Malformed`] for the token's form,
/// [`Error::JsonInvalid`] or [`Error::DuplicateMember`] in the header,
/// [`Error::AlgorithmNotAllowed`], [`Error::CritUnsupported`], [`Error::Malformed`] for the
/// base64url of the payload and signature, [`Error::SignatureInvalid`], errors of the payload
/// JSON, then the claim errors of [`Validation::check_claims`]. The payload JSON is parsed
/// only after the signature matched.
pub fn verify(token: &str, keys: &KeySet, options: &Validation) -> Result<Verified> {
    let verified = verify_signature(token, keys, options)?;
    options.check_claims(&verified.claims)?;
    Ok(verified)
}

/// Verifies form, header, algorithm and signature, and parses the claims, without claim rules.
///
/// # Errors
/// As [`verify`], without the claim errors.
pub fn verify_signature(token: &str, keys: &KeySet, options: &Validation) -> Result<Verified> {
    let signed = check_signature(token, keys, options, HeaderMembers::All)?;
    let claims = parse_object(&signed.payload, "payload", options.max_depth)?;
    Ok(Verified {
        algorithm: signed.algorithm,
        header: signed.header,
        claims,
        payload: signed.payload,
        signature: signed.signature.into_vec(),
    })
}

/// A token verified as [`verify`] does, with claims of the type a [`Build`] makes.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedInto<T> {
    /// The algorithm the token was signed with.
    pub algorithm: Algorithm,
    /// The JOSE header JSON as received, already accepted by the strict reader; read it with
    /// [`json::parse_into`] when its members are needed.
    pub header_json: Vec<u8>,
    /// The claims, as the builder made them.
    pub claims: T,
    /// The signature bytes as received.
    pub signature: Vec<u8>,
}

/// Verifies a compact token as [`verify`] does, building the claims with `builder` in the same
/// pass as the JSON checks, with no [`Value`] tree in between.
///
/// Language bindings use this to build their own objects. The claim rules read only the
/// registered claims and the claims `options` names, so only those are also kept as [`Value`]s,
/// and of the header only `alg`, `kid`, `crit` and `b64` are kept.
///
/// # Errors
/// As [`verify`], converted into `B::Error`, and the builder's own errors.
pub fn verify_into<B: Build>(
    token: &str,
    keys: &KeySet,
    options: &Validation,
    builder: &mut B,
) -> Result<VerifiedInto<B::Value>, B::Error> {
    let signed = check_signature(token, keys, options, HeaderMembers::Checked)?;
    let read_by_rules = |name: &str| options.reads_claim(name);
    let (claims, checked) = json::parse_object_into(
        &signed.payload,
        "payload",
        options.max_depth,
        builder,
        &read_by_rules,
    )?;
    options.check_claims(&checked)?;
    Ok(VerifiedInto {
        algorithm: signed.algorithm,
        header_json: signed.header_json,
        claims,
        signature: signed.signature.into_vec(),
    })
}

/// A token verified as [`verify`] does, returned as the exact payload bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedBytes {
    /// The algorithm the token was signed with.
    pub algorithm: Algorithm,
    /// The JOSE header JSON as received, already accepted by the strict reader.
    pub header_json: Vec<u8>,
    /// The payload bytes exactly as signed, already accepted by the strict reader.
    pub payload: Vec<u8>,
}

/// Verifies a compact token as [`verify`] does and returns the payload bytes without building
/// any claims: for callers that parse the JSON themselves, such as JavaScript's `JSON.parse`.
///
/// Every rule of [`verify`] applies, the strict JSON rules included. Only the registered
/// claims and the claims `options` names are kept while the payload is read.
///
/// # Errors
/// As [`verify`].
pub fn verify_to_bytes(token: &str, keys: &KeySet, options: &Validation) -> Result<VerifiedBytes> {
    let signed = check_signature(token, keys, options, HeaderMembers::Checked)?;
    let read_by_rules = |name: &str| options.reads_claim(name);
    let ((), checked) = json::parse_object_into(
        &signed.payload,
        "payload",
        options.max_depth,
        &mut json::NullBuilder,
        &read_by_rules,
    )?;
    options.check_claims(&checked)?;
    Ok(VerifiedBytes {
        algorithm: signed.algorithm,
        header_json: signed.header_json,
        payload: signed.payload,
    })
}

/// A token whose form, header, algorithm and signature were checked; the payload is not parsed.
struct Signed {
    algorithm: Algorithm,
    /// The header members that [`HeaderMembers`] asked for.
    header: Object,
    header_json: Vec<u8>,
    payload: Vec<u8>,
    signature: Signature,
}

/// The header members [`check_signature`] keeps as an [`Object`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum HeaderMembers {
    /// Every member.
    All,
    /// Only the members the checks read: `alg`, `kid`, `crit` and `b64`.
    Checked,
}

fn check_signature(
    token: &str,
    keys: &KeySet,
    options: &Validation,
    members: HeaderMembers,
) -> Result<Signed> {
    let segments = split_outer(token, options.max_token_len)?;
    // A decoded payload segment has no dot, because a dot is outside the base64url alphabet.
    // So the payload is searched for a dot only after an error, and the segment count error
    // still comes first, as `split` would give it.
    check_signed(&segments, keys, options, members).map_err(|err| {
        if segments.payload.contains('.') {
            segment_count_error(token)
        } else {
            err
        }
    })
}

fn check_signed(
    segments: &Segments<'_>,
    keys: &KeySet,
    options: &Validation,
    members: HeaderMembers,
) -> Result<Signed> {
    let header_json = decode_header_segment(segments.header)?;
    // A common header is depth 1, so the parse it skips could only fail with a zero limit.
    let common = common_header(&header_json).filter(|_| options.max_depth >= 1);
    let (algorithm, header) = if let Some((algorithm, alg_first)) = common {
        check_allowed(algorithm, &options.algorithms)?;
        let header = match members {
            HeaderMembers::All => common_header_object(algorithm, alg_first),
            HeaderMembers::Checked => Object::new(),
        };
        (algorithm, header)
    } else {
        let header = match members {
            HeaderMembers::All => parse_object(&header_json, "header", options.max_depth)?,
            HeaderMembers::Checked => {
                let checked = |name: &str| matches!(name, "alg" | "kid" | "crit" | "b64");
                let ((), header) = json::parse_object_into(
                    &header_json,
                    "header",
                    options.max_depth,
                    &mut json::NullBuilder,
                    &checked,
                )?;
                header
            }
        };
        (header_algorithm(&header, &options.algorithms)?, header)
    };
    let payload = decode_segment(segments.payload, "payload")?;
    let signature = decode_signature_inline(segments.signature)?;
    let kid = header.get("kid").and_then(Value::as_str);
    let signed_by_any = keys.candidates(kid).fold(false, |found, key| {
        key.verify(
            algorithm,
            segments.signing_input.as_bytes(),
            signature.as_slice(),
        ) | found
    });
    if !signed_by_any {
        return Err(Error::SignatureInvalid);
    }
    Ok(Signed {
        algorithm,
        header,
        header_json,
        payload,
        signature,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::Secret;

    fn keys(secret: &str) -> KeySet {
        Key::new(Secret::from_text(secret).unwrap()).into()
    }

    #[test]
    fn sign_then_verify_round_trip() {
        let key = Key::new(Secret::from_text("secret").unwrap());
        let mut claims = Object::new();
        claims.insert("key", Value::from("Khirz6zTPdfd7"));
        claims.insert("status", Value::from(2));
        for alg in Algorithm::ALL {
            let token = sign(&key, alg, &claims);
            let verified =
                verify(&token, &keys("secret"), &Validation::new(&Algorithm::ALL)).unwrap();
            assert_eq!(verified.claims, claims);
            assert_eq!(verified.algorithm, alg);
        }
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serializable_claims_signed() {
        #[derive(serde::Serialize)]
        struct Callback<'a> {
            key: &'a str,
            status: u8,
        }
        let key = Key::new(Secret::from_text("secret").unwrap());
        let token = sign_serialize(
            &key,
            Algorithm::HS256,
            &Callback {
                key: "k1",
                status: 2,
            },
        )
        .unwrap();
        let verified = verify(&token, &keys("secret"), &Validation::default()).unwrap();
        assert_eq!(verified.payload, br#"{"key":"k1","status":2}"#);
        assert!(sign_serialize(&key, Algorithm::HS256, &[1, 2]).is_err());
    }

    #[test]
    fn b64_false_without_crit_rejected() {
        let key = Key::new(Secret::from_text("secret").unwrap());
        let validation = Validation::new(&[Algorithm::HS256]);
        for header in [
            &br#"{"alg":"HS256","b64":false}"#[..],
            br#"{"b64":false,"alg":"HS256","typ":"JWT"}"#,
        ] {
            let token = sign_raw(&key, Algorithm::HS256, header, br#"{"a":1}"#);
            let err = verify(&token, &keys("secret"), &validation).unwrap_err();
            assert_eq!(err.code(), "ERR_JWT_MALFORMED", "{err}");
            assert!(err.to_string().contains("b64"), "{err}");
            let err = verify_to_bytes(&token, &keys("secret"), &validation).unwrap_err();
            assert_eq!(err.code(), "ERR_JWT_MALFORMED", "{err}");
        }
        let token = sign_raw(
            &key,
            Algorithm::HS256,
            br#"{"alg":"HS256","b64":true}"#,
            br#"{"a":1}"#,
        );
        assert!(verify(&token, &keys("secret"), &validation).is_ok());
    }

    #[test]
    fn unverified_parts_keep_signature_bytes() {
        let key = Key::new(Secret::from_text("secret").unwrap());
        let token = sign(&key, Algorithm::HS256, &Object::new());
        let verified = verify(&token, &keys("secret"), &Validation::default()).unwrap();
        let parts = decode_unverified_parts(&token).unwrap();
        assert_eq!(parts.signature, verified.signature);
        assert_eq!(parts.signature.len(), 32);
        let unsigned = decode_unverified_parts("eyJhbGciOiJub25lIn0.e30.").unwrap();
        assert!(unsigned.signature.is_empty());
        assert_eq!(
            decode_unverified_parts("e30.e30").unwrap_err().code(),
            "ERR_JWT_MALFORMED"
        );
    }

    #[test]
    fn secret_as_token_malformed() {
        let err = verify(
            "0123456789abcdef0123456789abcdef",
            &keys("s"),
            &Validation::default(),
        )
        .unwrap_err();
        assert_eq!(err.code(), "ERR_JWT_MALFORMED");
    }

    #[test]
    fn dot_in_payload_counted_first() {
        let key = Key::new(Secret::from_text("secret").unwrap());
        let token = sign(&key, Algorithm::HS256, &Object::new());
        let (header, rest) = token.split_once('.').unwrap();
        let extra_dot = format!("{header}.e.{rest}");
        let bad_header = format!("!.{}", &extra_dot[header.len() + 1..]);
        for token in [extra_dot, bad_header] {
            let err = verify(&token, &keys("secret"), &Validation::default()).unwrap_err();
            assert_eq!(err.code(), "ERR_JWT_MALFORMED");
            assert!(err.to_string().contains("found 4"), "{err}");
            let err = verify_to_bytes(&token, &keys("secret"), &Validation::default()).unwrap_err();
            assert!(err.to_string().contains("found 4"), "{err}");
        }
    }

    #[test]
    fn common_header_same_as_parsed() {
        let key = Key::new(Secret::from_text("secret").unwrap());
        for (json, alg) in COMMON_HEADERS {
            let token = sign_raw(&key, alg, json, b"{}");
            let verified =
                verify(&token, &keys("secret"), &Validation::new(&Algorithm::ALL)).unwrap();
            assert_eq!(
                verified.header,
                json::parse(json).unwrap().as_object().unwrap().clone()
            );
            assert_eq!(verified.algorithm, alg);
            let err = verify(&token, &keys("secret"), &Validation::new(&[])).unwrap_err();
            assert_eq!(err.code(), "ERR_JWT_ALG_NOT_ALLOWED");
            let mut depth_zero = Validation::new(&Algorithm::ALL);
            depth_zero.max_depth = 0;
            let err = verify_to_bytes(&token, &keys("secret"), &depth_zero).unwrap_err();
            assert_eq!(err.code(), "ERR_JSON_INVALID", "{err}");
            assert!(err.to_string().contains("nesting deeper than 0"), "{err}");
        }
    }

    proptest::proptest! {
        /// Valid base64url with one character replaced or not, and arbitrary text.
        #[test]
        fn simd_decoder_as_strict(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..48),
            at in proptest::prelude::any::<proptest::sample::Index>(),
            replacement in "[A-Za-z0-9_\\-+/=. ]?",
            other in "[A-Za-z0-9_\\-+/=. ]{0,12}",
        ) {
            let mut text = BASE64URL.encode(&bytes);
            if !text.is_empty() && !replacement.is_empty() {
                let index = at.index(text.len());
                text.replace_range(index..=index, &replacement);
            }
            for text in [text, other] {
                let simd = base64_simd::URL_SAFE_NO_PAD.decode_to_vec(text.as_bytes()).ok();
                proptest::prop_assert_eq!(simd, BASE64URL.decode(&text).ok(), "{}", text);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn simd_encoder_same_text(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200),
        ) {
            let mut simd = String::from("prefix.");
            base64_simd::URL_SAFE_NO_PAD.encode_append(&bytes, &mut simd);
            proptest::prop_assert_eq!(simd, format!("prefix.{}", BASE64URL.encode(&bytes)));
        }
    }

    #[test]
    fn simd_decoder_rejects_unused_bits() {
        for text in ["QR", "QUJ", "QQ==", "QUI=", "Q", "QU+I", "QU/I"] {
            assert!(decode_segment(text, "payload").is_err(), "{text}");
        }
        assert_eq!(decode_segment("QUI", "payload").unwrap(), b"AB");
    }

    #[test]
    fn padding_in_signature_malformed() {
        let key = Key::new(Secret::from_text("secret").unwrap());
        let token = sign(&key, Algorithm::HS256, &Object::new());
        let err = verify(
            &format!("{token}="),
            &keys("secret"),
            &Validation::default(),
        )
        .unwrap_err();
        assert_eq!(err.code(), "ERR_JWT_MALFORMED");
    }

    #[test]
    fn wrong_secret_signature_invalid() {
        let key = Key::new(Secret::from_text("secret").unwrap());
        let token = sign(&key, Algorithm::HS256, &Object::new());
        let err = verify(&token, &keys("other"), &Validation::default()).unwrap_err();
        assert_eq!(err, Error::SignatureInvalid);
    }

    #[test]
    fn algorithm_outside_allow_list_rejected() {
        let key = Key::new(Secret::from_text("secret").unwrap());
        let token = sign(&key, Algorithm::HS512, &Object::new());
        let err = verify(&token, &keys("secret"), &Validation::default()).unwrap_err();
        assert_eq!(err.code(), "ERR_JWT_ALG_NOT_ALLOWED");
    }
}
