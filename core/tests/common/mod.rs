//! The runner of the shared vectors in `tests/vectors/*.json`, used by `vectors.rs` and
//! `hostile.rs`: loading the files, running each vector's kind against the core crate, and
//! comparing the outcome with the vector's `expect`.
#![allow(clippy::float_cmp, clippy::cast_sign_loss, dead_code)]

use std::path::{Path, PathBuf};

use onlyoffice_jwt::json::{self, Object, Value};
use onlyoffice_jwt::{
    jws, Algorithm, Body, DocumentServer, Error, Key, KeySet, MinLength, Operation, Secret,
    Settings, Validation,
};

/// The file of hostile inputs, run by `hostile.rs` with timing and panic checks.
pub const HOSTILE_FILE: &str = "hostile.json";

/// Nesting accepted when parsing a vector file: the expected claims of a vector may nest up to
/// the library's limit of 128 below the file's own four levels.
const VECTOR_FILE_MAX_DEPTH: usize = 256;

pub fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

/// Loads the vectors of every file in `tests/vectors` whose name `include` accepts, with each
/// pieces spec expanded.
pub fn load_vectors(include: impl Fn(&str) -> bool) -> Vec<(String, Object)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(vectors_dir())
        .expect("tests/vectors exists")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .filter(|path| include(&path.file_name().unwrap().to_string_lossy()))
        .collect();
    files.sort();
    let mut vectors = Vec::new();
    for path in files {
        let text = std::fs::read(&path).unwrap();
        let file = json::parse_with_depth(&text, VECTOR_FILE_MAX_DEPTH)
            .unwrap_or_else(|err| panic!("{}: {err}", path.display()));
        let list = match file.as_object().and_then(|object| object.get("vectors")) {
            Some(Value::Array(list)) => list.clone(),
            _ => panic!("{}: no \"vectors\" array", path.display()),
        };
        let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
        for vector in list {
            let vector = vector.as_object().expect("vector is an object");
            vectors.push((file_name.clone(), expand_vector(vector)));
        }
    }
    vectors
}

/// Returns the vector with the pieces specs of `token`, `body_raw` and the header values
/// replaced by their text.
fn expand_vector(vector: &Object) -> Object {
    let mut expanded = vector.clone();
    for name in ["token", "body_raw"] {
        if let Some(value) = vector.get(name) {
            expanded.insert(name, Value::String(expand_text(value)));
        }
    }
    if let Some(Value::Array(pairs)) = vector.get("headers") {
        let pairs = pairs
            .iter()
            .map(|pair| match pair {
                Value::Array(items) if items.len() == 2 => Value::Array(vec![
                    items[0].clone(),
                    Value::String(expand_text(&items[1])),
                ]),
                _ => panic!("a header is a [name, value] pair"),
            })
            .collect();
        expanded.insert("headers", Value::Array(pairs));
    }
    expanded
}

/// Returns a string member's text: the string itself, or the expansion of a pieces spec
/// `{"pieces": [piece, ...]}` whose pieces are strings or `{"repeat": text, "count": n}`.
pub fn expand_text(value: &Value) -> String {
    if let Value::String(text) = value {
        return text.clone();
    }
    let spec = value
        .as_object()
        .filter(|spec| spec.len() == 1)
        .and_then(|spec| spec.get("pieces"));
    let Some(Value::Array(pieces)) = spec else {
        panic!(
            "expected a string or a pieces spec, found {}",
            value.to_json()
        );
    };
    let mut text = String::new();
    for piece in pieces {
        match piece {
            Value::String(literal) => text.push_str(literal),
            Value::Object(run) if run.len() == 2 => {
                let unit = run
                    .get("repeat")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let count = run
                    .get("count")
                    .and_then(Value::as_number)
                    .and_then(onlyoffice_jwt::Number::as_i64)
                    .and_then(|count| usize::try_from(count).ok());
                match count {
                    Some(count) if !unit.is_empty() => text.push_str(&unit.repeat(count)),
                    _ => panic!("invalid repeat piece {}", piece.to_json()),
                }
            }
            other => panic!("invalid piece {}", other.to_json()),
        }
    }
    text
}

fn string<'a>(vector: &'a Object, name: &str) -> &'a str {
    vector
        .get(name)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("member {name} is a string"))
}

fn number(vector: &Object, name: &str) -> Option<f64> {
    vector
        .get(name)
        .and_then(Value::as_number)
        .map(onlyoffice_jwt::Number::as_f64)
}

fn object<'a>(vector: &'a Object, name: &str) -> &'a Object {
    vector
        .get(name)
        .and_then(Value::as_object)
        .unwrap_or_else(|| panic!("member {name} is an object"))
}

fn strings(vector: &Object, name: &str) -> Vec<String> {
    match vector.get(name) {
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| item.as_str().unwrap().to_owned())
            .collect(),
        _ => Vec::new(),
    }
}

fn secret_bytes(spec: &Object) -> Vec<u8> {
    if let Some(text) = spec.get("utf8").and_then(Value::as_str) {
        return text.as_bytes().to_vec();
    }
    let hex = spec
        .get("hex")
        .and_then(Value::as_str)
        .expect("secret is utf8 or hex");
    (0..hex.len())
        .step_by(2)
        .map(|index| u8::from_str_radix(&hex[index..index + 2], 16).unwrap())
        .collect()
}

fn secret(spec: &Object) -> Result<Secret, Error> {
    Secret::from_bytes(&secret_bytes(spec))
}

fn algorithms(vector: &Object) -> Vec<Algorithm> {
    strings(vector, "algorithms")
        .iter()
        .map(|name| Algorithm::from_name(name).unwrap())
        .collect()
}

/// The outcome of one vector: the JSON it produced, or the error code.
pub type Outcome = Result<Value, Error>;

fn run_verify(vector: &Object) -> Outcome {
    let keys: KeySet = Key::new(secret(object(vector, "secret"))?).into();
    let options = Validation {
        algorithms: algorithms(vector),
        leeway: number(vector, "leeway").unwrap_or(0.0),
        validate_iat: matches!(vector.get("verify_iat"), Some(Value::Bool(true))),
        required: strings(vector, "require"),
        now: number(vector, "now"),
        ..Validation::default()
    };
    let token = string(vector, "token");
    let verified = jws::verify(token, &keys, &options);
    // The bytes-only path must reach the same outcome as the full one on every vector.
    let as_bytes = jws::verify_to_bytes(token, &keys, &options);
    match (&verified, &as_bytes) {
        (Ok(full), Ok(bytes)) => assert_eq!(
            full.payload, bytes.payload,
            "verify_to_bytes payload differs"
        ),
        (Err(full), Err(bytes)) => {
            assert_eq!(full.code(), bytes.code(), "verify_to_bytes error differs");
        }
        _ => panic!("verify and verify_to_bytes disagree: {verified:?} against {as_bytes:?}"),
    }
    let verified = verified?;
    let mut result = Object::new();
    result.insert("header", Value::Object(verified.header));
    result.insert("claims", Value::Object(verified.claims));
    Ok(Value::Object(result))
}

fn run_sign(vector: &Object) -> Outcome {
    let key = Key::new(secret(object(vector, "secret"))?);
    let alg = Algorithm::from_name(string(vector, "alg"))?;
    let token = jws::sign_raw(
        &key,
        alg,
        string(vector, "header_json").as_bytes(),
        string(vector, "payload_json").as_bytes(),
    );
    let mut result = Object::new();
    result.insert("token", Value::String(token));
    Ok(Value::Object(result))
}

fn run_key(vector: &Object) -> Outcome {
    let secret = secret(object(vector, "secret"))?;
    let alg = Algorithm::from_name(string(vector, "alg"))?;
    MinLength::from_name(string(vector, "policy"))?.check(secret.len(), alg)?;
    let mut result = Object::new();
    result.insert("ok", Value::Bool(true));
    Ok(Value::Object(result))
}

fn document_server(vector: &Object) -> Result<DocumentServer, Error> {
    let spec = object(vector, "settings");
    let mut settings = Settings::new(secret(object(spec, "secret"))?);
    if let Some(header) = spec.get("header").and_then(Value::as_str) {
        header.clone_into(&mut settings.header);
    }
    if let Some(prefix) = spec.get("prefix").and_then(Value::as_str) {
        prefix.clone_into(&mut settings.prefix);
    }
    if let Some(leeway) = number(spec, "leeway") {
        settings.leeway = leeway;
    }
    if let Some(expires_in) = number(spec, "expires_in") {
        settings.expires_in = Some(expires_in as u64);
    }
    settings.now = number(vector, "now");
    DocumentServer::new(settings)
}

fn optional_seconds(value: Option<f64>) -> Value {
    value.map_or(Value::Null, |seconds| {
        Value::Number(onlyoffice_jwt::Number::from_f64(seconds).unwrap())
    })
}

fn header_pairs(vector: &Object) -> Vec<(String, String)> {
    match vector.get("headers") {
        Some(Value::Array(pairs)) => pairs
            .iter()
            .map(|pair| match pair {
                Value::Array(items) => (
                    items[0].as_str().unwrap().to_owned(),
                    items[1].as_str().unwrap().to_owned(),
                ),
                _ => panic!("a header is a [name, value] pair"),
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn run_callback(vector: &Object) -> Outcome {
    let ds = document_server(vector)?;
    let headers = header_pairs(vector);
    let raw;
    let body = match (vector.get("body"), vector.get("body_raw")) {
        (Some(value), _) => Body::Json(value),
        (None, Some(Value::String(text))) => {
            raw = text.clone();
            Body::Raw(raw.as_bytes())
        }
        _ => Body::Raw(b""),
    };
    let callback = ds.verify_callback(body, &headers)?;
    let mut result = Object::new();
    result.insert("data", Value::Object(callback.data));
    result.insert("iat", optional_seconds(callback.iat));
    result.insert("exp", optional_seconds(callback.exp));
    result.insert("source", Value::from(callback.source.name()));
    Ok(Value::Object(result))
}

fn run_config(vector: &Object) -> Outcome {
    let ds = document_server(vector)?;
    let config = vector.get("config").expect("config vector has a config");
    let signed = ds.sign_config(config)?;
    let token = signed
        .get("token")
        .and_then(Value::as_str)
        .expect("signed config has a token")
        .to_owned();
    let mut without_token = signed.clone();
    without_token.remove("token");
    let mut expected_config = config.as_object().cloned().unwrap_or_default();
    expected_config.remove("token");
    assert_eq!(
        without_token, expected_config,
        "sign_config changed the config members"
    );
    let spec = object(vector, "settings");
    let keys: KeySet = Key::new(secret(object(spec, "secret"))?).into();
    let options = Validation {
        now: number(vector, "now"),
        ..Validation::default()
    };
    let verified = jws::verify(&token, &keys, &options)?;
    let mut result = Object::new();
    result.insert("claims", Value::Object(verified.claims));
    Ok(Value::Object(result))
}

fn run_download(vector: &Object) -> Outcome {
    let ds = document_server(vector)?;
    let download = ds.verify_download(string(vector, "url"), &header_pairs(vector))?;
    let mut result = Object::new();
    result.insert("url", Value::String(download.url));
    result.insert("iat", optional_seconds(download.iat));
    result.insert("exp", optional_seconds(download.exp));
    Ok(Value::Object(result))
}

/// Verifies a token signed by the `DocumentServer` of a `request` or `method` vector with the
/// vector's secret and clock, and returns its claims.
fn signed_claims(vector: &Object, token: &str) -> Result<Object, Error> {
    let spec = object(vector, "settings");
    let keys: KeySet = Key::new(secret(object(spec, "secret"))?).into();
    let options = Validation {
        now: number(vector, "now"),
        ..Validation::default()
    };
    Ok(jws::verify(token, &keys, &options)?.claims)
}

/// Returns `input` as an object without its `token` member, the members a signer must keep.
fn without_token(input: &Value) -> Object {
    let mut members = input.as_object().cloned().unwrap_or_default();
    members.remove("token");
    members
}

fn run_request(vector: &Object) -> Outcome {
    let ds = document_server(vector)?;
    let request = vector.get("request").expect("request vector has a request");
    let operation = match vector.get("operation") {
        Some(Value::String(name)) => Some(Operation::from_name(name)?),
        _ => None,
    };
    let signed = ds.sign_request(request, operation)?;

    let mut body = signed.body.clone();
    let body_token = match body.remove("token") {
        Some(Value::String(token)) => token,
        other => panic!("the signed body has no string token: {other:?}"),
    };
    assert_eq!(
        body,
        without_token(request),
        "sign_request changed the request members"
    );

    // The header token follows the expected prefix. A value without it is reported whole as
    // the prefix, so the comparison with `expect` names the difference.
    let expect = object(vector, "expect");
    let expected_prefix = expect
        .get("header_prefix")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let (prefix, header_claims) = match signed.header_value.strip_prefix(expected_prefix) {
        Some(token) => (
            expected_prefix.to_owned(),
            Value::Object(signed_claims(vector, token)?),
        ),
        None => (signed.header_value.clone(), Value::Null),
    };

    let mut result = Object::new();
    result.insert(
        "body_claims",
        Value::Object(signed_claims(vector, &body_token)?),
    );
    result.insert("header_name", Value::String(signed.header_name));
    result.insert("header_prefix", Value::String(prefix));
    result.insert("header_claims", header_claims);
    Ok(Value::Object(result))
}

fn run_method(vector: &Object) -> Outcome {
    let ds = document_server(vector)?;
    let params = vector.get("params").expect("method vector has params");
    let mut signed = ds.sign_method(params)?;
    let token = match signed.remove("token") {
        Some(Value::String(token)) => token,
        other => panic!("the signed parameters have no string token: {other:?}"),
    };
    assert_eq!(
        signed,
        without_token(params),
        "sign_method changed the parameters"
    );
    let mut result = Object::new();
    result.insert("claims", Value::Object(signed_claims(vector, &token)?));
    Ok(Value::Object(result))
}

/// Compares numbers by value and everything else exactly.
pub fn same(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Number(a), Value::Number(b)) => {
            a.as_str() == b.as_str() || a.as_f64() == b.as_f64()
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b.iter())
                    .all(|((ka, va), (kb, vb))| ka == kb && same(va, vb))
        }
        _ => left == right,
    }
}

/// Runs one vector against the core crate and returns what it produced, `None` for an unknown
/// kind.
pub fn run(vector: &Object) -> Option<Outcome> {
    let outcome = match string(vector, "kind") {
        "verify" => run_verify(vector),
        "sign" => run_sign(vector),
        "key" => run_key(vector),
        "callback" => run_callback(vector),
        "config" => run_config(vector),
        "download" => run_download(vector),
        "request" => run_request(vector),
        "method" => run_method(vector),
        _ => return None,
    };
    Some(outcome)
}

/// Compares an outcome with the vector's `expect`, returning a message naming the vector on a
/// difference.
pub fn compare(file: &str, vector: &Object, outcome: Outcome) -> Result<(), String> {
    let name = string(vector, "name");
    let expect = object(vector, "expect");
    match (expect.get("error").and_then(Value::as_str), outcome) {
        (Some(code), Err(err)) if err.code() == code => Ok(()),
        (Some(code), Err(err)) => Err(format!(
            "{file}/{name}: expected {code}, got {} ({err})",
            err.code()
        )),
        (Some(code), Ok(value)) => Err(format!(
            "{file}/{name}: expected {code}, got success {}",
            value.to_json()
        )),
        (None, Err(err)) => Err(format!(
            "{file}/{name}: expected success, got {} ({err})",
            err.code()
        )),
        (None, Ok(Value::Object(actual))) => {
            for (member, expected) in expect.iter() {
                let got = actual.get(member).cloned().unwrap_or(Value::Null);
                if member == "ok" {
                    continue;
                }
                if !same(&got, expected) {
                    return Err(format!(
                        "{file}/{name}: {member} differs\n  expected {}\n  got      {}",
                        expected.to_json(),
                        got.to_json()
                    ));
                }
            }
            Ok(())
        }
        (None, Ok(other)) => Err(format!(
            "{file}/{name}: unexpected result {}",
            other.to_json()
        )),
    }
}

/// Runs one vector and compares its outcome with `expect`.
pub fn check(file: &str, vector: &Object) -> Result<(), String> {
    let Some(outcome) = run(vector) else {
        return Err(format!(
            "{file}/{}: unknown kind {}",
            string(vector, "name"),
            string(vector, "kind")
        ));
    };
    compare(file, vector, outcome)
}
