//! `json::parse_into` and `jws::verify_into` against `json::parse` and `jws::verify`: a
//! builder must see the same values, and the same tokens must be accepted and rejected with
//! the same errors.

use std::fmt::Write as _;

use onlyoffice_jwt::json::{self, Build, Number, Object, Value};
use onlyoffice_jwt::{jws, Algorithm, Error, Key, KeySet, Secret, Validation};
use proptest::prelude::*;

/// Builds `Value`s through the public `Build` trait and counts the calls.
#[derive(Default)]
struct Recorder {
    calls: usize,
    /// The `escaped` and `replaced` text of each string with a lone surrogate escape.
    lone: Vec<(String, String)>,
}

impl Build for Recorder {
    type Value = Value;
    type Array = Vec<Value>;
    type Object = Object;
    type Error = Error;

    fn null(&mut self) -> Result<Value, Error> {
        self.calls += 1;
        Ok(Value::Null)
    }

    fn boolean(&mut self, value: bool) -> Result<Value, Error> {
        self.calls += 1;
        Ok(Value::Bool(value))
    }

    fn number(&mut self, text: &str, integer: bool) -> Result<Value, Error> {
        self.calls += 1;
        let number = Number::from_text(text)?;
        assert_eq!(number.is_integer(), integer, "{text}");
        Ok(Value::Number(number))
    }

    fn string(&mut self, text: &str) -> Result<Value, Error> {
        self.calls += 1;
        Ok(Value::String(text.to_owned()))
    }

    fn string_with_lone_surrogates(
        &mut self,
        escaped: &str,
        replaced: &str,
    ) -> Result<Value, Error> {
        self.lone.push((escaped.to_owned(), replaced.to_owned()));
        self.string(replaced)
    }

    fn start_array(&mut self) -> Result<Vec<Value>, Error> {
        Ok(Vec::new())
    }

    fn push(&mut self, array: &mut Vec<Value>, item: Value) -> Result<(), Error> {
        array.push(item);
        Ok(())
    }

    fn end_array(&mut self, array: Vec<Value>) -> Result<Value, Error> {
        self.calls += 1;
        Ok(Value::Array(array))
    }

    fn start_object(&mut self) -> Result<Object, Error> {
        Ok(Object::new())
    }

    fn insert(&mut self, object: &mut Object, name: &str, value: Value) -> Result<(), Error> {
        assert!(!object.contains(name), "the reader passed {name:?} twice");
        object.insert(name, value);
        Ok(())
    }

    fn end_object(&mut self, object: Object) -> Result<Value, Error> {
        self.calls += 1;
        Ok(Value::Object(object))
    }
}

/// A builder that fails on the first string, to show that its error reaches the caller.
struct FailOnString;

#[derive(Debug, PartialEq)]
enum BuilderError {
    Reader(Error),
    Refused,
}

impl From<Error> for BuilderError {
    fn from(err: Error) -> Self {
        Self::Reader(err)
    }
}

impl Build for FailOnString {
    type Value = ();
    type Array = ();
    type Object = ();
    type Error = BuilderError;

    fn null(&mut self) -> Result<(), BuilderError> {
        Ok(())
    }

    fn boolean(&mut self, _: bool) -> Result<(), BuilderError> {
        Ok(())
    }

    fn number(&mut self, _: &str, _: bool) -> Result<(), BuilderError> {
        Ok(())
    }

    fn string(&mut self, _: &str) -> Result<(), BuilderError> {
        Err(BuilderError::Refused)
    }

    fn start_array(&mut self) -> Result<(), BuilderError> {
        Ok(())
    }

    fn push(&mut self, (): &mut (), (): ()) -> Result<(), BuilderError> {
        Ok(())
    }

    fn end_array(&mut self, (): ()) -> Result<(), BuilderError> {
        Ok(())
    }

    fn start_object(&mut self) -> Result<(), BuilderError> {
        Ok(())
    }

    fn insert(&mut self, (): &mut (), _: &str, (): ()) -> Result<(), BuilderError> {
        Ok(())
    }

    fn end_object(&mut self, (): ()) -> Result<(), BuilderError> {
        Ok(())
    }
}

const NOW: f64 = 1_700_000_000.0;

fn keys(secret: &str) -> KeySet {
    Key::new(Secret::from_text(secret).unwrap()).into()
}

fn token(payload: &str) -> String {
    let key = Key::new(Secret::from_text("secret").unwrap());
    jws::sign_raw(
        &key,
        Algorithm::HS256,
        br#"{"alg":"HS256","typ":"JWT"}"#,
        payload.as_bytes(),
    )
}

fn at_now() -> Validation {
    Validation {
        now: Some(NOW),
        ..Validation::default()
    }
}

/// Checks that `verify_into` gives what `verify` gives for `token` under `options`.
fn assert_same_outcome(token: &str, options: &Validation) {
    let expected = jws::verify(token, &keys("secret"), options);
    let built = jws::verify_into(token, &keys("secret"), options, &mut Recorder::default());
    match (expected, built) {
        (Ok(expected), Ok(built)) => {
            assert_eq!(Value::Object(expected.claims), built.claims);
            let header = json::parse_into(&built.header_json, 128, &mut Recorder::default());
            assert_eq!(Value::Object(expected.header), header.unwrap());
            assert_eq!(expected.signature, built.signature);
            assert_eq!(expected.algorithm, built.algorithm);
        }
        (Err(expected), Err(built)) => assert_eq!(expected, built),
        (expected, built) => panic!("verify gave {expected:?}, verify_into gave {built:?}"),
    }
}

#[test]
fn parse_into_builds_each_value_once() {
    let text = br#" {"a":[1,-2.5e3,"x\u00e9\"",true,false,null],"b":{"c":{}},"d":[]} "#;
    let mut recorder = Recorder::default();
    let built = json::parse_into(text, 128, &mut recorder).unwrap();
    assert_eq!(built, json::parse(text).unwrap());
    assert_eq!(recorder.calls, 11);
}

#[test]
fn parse_into_rejects_what_parse_rejects() {
    let inputs: [&[u8]; 9] = [
        br#"{"a":1,"a":2}"#,
        br#"{"a":{"b":1,"b":2}}"#,
        br#"{"a\ud800":1}"#,
        br#"{"a":{"\udc00":"x"}}"#,
        b"\"\xc3\x28\"",
        br#"{"a":01}"#,
        b"[1,2",
        br#"{"a":"tab	inside"}"#,
        b"{} x",
    ];
    for input in inputs {
        let expected = json::parse(input).unwrap_err();
        let built = json::parse_into(input, 128, &mut Recorder::default()).unwrap_err();
        assert_eq!(expected, built, "{}", String::from_utf8_lossy(input));
    }
}

#[test]
fn lone_surrogate_strings_reach_builder_escaped() {
    let text =
        br#"{"a":["x\ud800y\u00e9","\u00e9"],"b":"\udc00\ud83d\ude00\n","c":"\ud83d\ude00"}"#;
    let mut recorder = Recorder::default();
    let built = json::parse_into(text, 128, &mut recorder).unwrap();
    assert_eq!(built, json::parse(text).unwrap());
    let expected = [
        (r"x\ud800y\u00e9", "x\u{FFFD}y\u{e9}"),
        (r"\udc00\ud83d\ude00\n", "\u{FFFD}\u{1F600}\n"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(escaped, replaced)| ((*escaped).to_owned(), (*replaced).to_owned()))
        .collect();
    assert_eq!(recorder.lone, expected);
}

#[test]
fn parse_into_depth_limit_same_as_parse() {
    let deep = format!("{}{}", "[".repeat(129), "]".repeat(129));
    let expected = json::parse_with_depth(deep.as_bytes(), 128).unwrap_err();
    let built = json::parse_into(deep.as_bytes(), 128, &mut Recorder::default()).unwrap_err();
    assert_eq!(expected, built);
}

#[test]
fn duplicate_after_nested_object_detected() {
    let err = json::parse_into(
        br#"{"a":{"x":1,"y":2},"b":2,"a":3}"#,
        128,
        &mut Recorder::default(),
    )
    .unwrap_err();
    assert_eq!(err, Error::DuplicateMember { name: "a".into() });
}

#[test]
fn duplicate_escaped_name_detected() {
    let err =
        json::parse_into(br#"{"ab":1,"a\u0062":2}"#, 128, &mut Recorder::default()).unwrap_err();
    assert_eq!(err, Error::DuplicateMember { name: "ab".into() });
}

#[test]
fn duplicate_in_large_object_detected() {
    let mut text = String::from("{");
    for index in 0..40 {
        write!(text, "\"m{index}\":{index},").unwrap();
    }
    text.push_str("\"m39\":0}");
    let err = json::parse_into(text.as_bytes(), 128, &mut Recorder::default()).unwrap_err();
    assert_eq!(err, Error::DuplicateMember { name: "m39".into() });
}

#[test]
fn string_stop_bytes_found_at_every_offset() {
    // Runs of plain text are skipped eight bytes at a time; a quote, backslash or control
    // character at any offset must still be seen.
    for offset in 0..20 {
        let plain = "é".repeat(offset / 2) + &"a".repeat(offset % 2);
        let escaped = format!("\"{plain}\\n{plain}\"");
        let value = json::parse_into(escaped.as_bytes(), 128, &mut Recorder::default()).unwrap();
        assert_eq!(value, Value::String(format!("{plain}\n{plain}")));
        let control = format!("\"{plain}\u{1f}\"");
        let err = json::parse_into(control.as_bytes(), 128, &mut Recorder::default()).unwrap_err();
        assert_eq!(err.code(), "ERR_JSON_INVALID", "{offset}");
        let unterminated = format!("\"{plain}");
        assert!(json::parse_into(unterminated.as_bytes(), 128, &mut Recorder::default()).is_err());
    }
}

#[test]
fn builder_error_reaches_caller() {
    let err = json::parse_into(br#"{"a":[1,"x"]}"#, 128, &mut FailOnString).unwrap_err();
    assert_eq!(err, BuilderError::Refused);
    let err = json::parse_into(br#"{"a":1,"a":2}"#, 128, &mut FailOnString).unwrap_err();
    assert_eq!(
        err,
        BuilderError::Reader(Error::DuplicateMember { name: "a".into() })
    );
}

#[test]
fn verify_into_same_claims_as_verify() {
    let token = token(r#"{"key":"k1","status":2,"users":["u1"],"exp":1700000300}"#);
    assert_same_outcome(&token, &at_now());
}

#[test]
fn verify_into_claim_errors_same_as_verify() {
    let cases = [
        (r#"{"exp":1699999999}"#, at_now()),
        (r#"{"exp":"1700000300"}"#, at_now()),
        (r#"{"nbf":1700000100}"#, at_now()),
        (
            r#"{"iat":1700000100}"#,
            Validation {
                validate_iat: true,
                ..at_now()
            },
        ),
        (
            r#"{"c":"info"}"#,
            Validation {
                required: vec!["exp".into(), "c".into()],
                ..at_now()
            },
        ),
        (
            r#"{"aud":["x","y"]}"#,
            Validation {
                audience: Some(vec!["ds".into()]),
                ..at_now()
            },
        ),
        (
            r#"{"aud":"ds"}"#,
            Validation {
                reject_unexpected_audience: true,
                ..at_now()
            },
        ),
        (
            r#"{"iss":"a","sub":"b"}"#,
            Validation {
                issuer: Some(vec!["host".into()]),
                ..at_now()
            },
        ),
        (
            r#"{"jti":7,"extra":{"jti":"nested claims are not read"}}"#,
            Validation {
                string_claims: vec!["jti".into()],
                ..at_now()
            },
        ),
        (
            r#"{"x":7}"#,
            Validation {
                string_claims: vec!["x".into()],
                ..at_now()
            },
        ),
    ];
    for (payload, options) in cases {
        let token = token(payload);
        assert!(
            jws::verify(&token, &keys("secret"), &options).is_err(),
            "{payload}"
        );
        assert_same_outcome(&token, &options);
    }
}

#[test]
fn verify_into_form_errors_same_as_verify() {
    let good = token(r#"{"a":1}"#);
    let cases = [
        String::new(),
        "a.b".to_owned(),
        "a.b.c.d".to_owned(),
        format!("{good}="),
        good.replacen('.', "..", 1),
        token("[1]"),
        token(r#"{"a":1,"a":2}"#),
        token("{\"a\":tru}"),
        jws::base64url(br#"{"alg":"none"}"#) + ".e30.",
    ];
    for token in cases {
        assert_same_outcome(&token, &at_now());
    }
    let wrong_key = jws::verify_into(&good, &keys("other"), &at_now(), &mut Recorder::default());
    assert_eq!(wrong_key.unwrap_err(), Error::SignatureInvalid);
}

#[test]
fn reads_claim_lists_what_check_claims_reads() {
    let options = Validation {
        required: vec!["key".into()],
        string_claims: vec!["name".into()],
        ..Validation::default()
    };
    for name in [
        "exp", "nbf", "iat", "aud", "iss", "sub", "jti", "key", "name",
    ] {
        assert!(options.reads_claim(name), "{name}");
    }
    for name in ["status", "payload", "EXP", ""] {
        assert!(!options.reads_claim(name), "{name}");
    }
}

fn claim_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("1700000300".to_owned()),
        Just("1699999000".to_owned()),
        Just("1700000000.5".to_owned()),
        Just("\"ds\"".to_owned()),
        Just("[\"ds\",\"x\"]".to_owned()),
        Just("null".to_owned()),
        Just("{\"exp\":1}".to_owned()),
        "[a-z]{0,4}".prop_map(|text| format!("\"{text}\"")),
        any::<i32>().prop_map(|number| number.to_string()),
    ]
}

fn claim_name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec!["exp", "nbf", "iat", "aud", "iss", "sub", "jti", "key"])
            .prop_map(str::to_owned),
        "[a-z]{1,3}",
    ]
}

fn validation() -> impl Strategy<Value = Validation> {
    (
        any::<(bool, bool, bool, bool)>(),
        prop::collection::vec(claim_name(), 0..3),
        prop::option::of(prop::collection::vec("ds|x|y", 1..3)),
        prop::option::of(prop::collection::vec("ds|host", 1..2)),
        prop::collection::vec(claim_name(), 0..2),
        prop::sample::select(vec![0.0, 60.0, 1000.0]),
    )
        .prop_map(
            |((exp, nbf, iat, reject_aud), required, audience, issuer, string_claims, leeway)| {
                Validation {
                    validate_exp: exp,
                    validate_nbf: nbf,
                    validate_iat: iat,
                    reject_unexpected_audience: reject_aud,
                    required,
                    audience,
                    issuer,
                    string_claims,
                    leeway,
                    now: Some(NOW),
                    ..Validation::default()
                }
            },
        )
}

proptest! {
    #[test]
    fn verify_into_agrees_with_verify(
        members in prop::collection::btree_map(claim_name(), claim_value(), 0..8),
        options in validation(),
    ) {
        let body: Vec<String> = members
            .iter()
            .map(|(name, value)| format!("\"{name}\":{value}"))
            .collect();
        let token = token(&format!("{{{}}}", body.join(",")));
        assert_same_outcome(&token, &options);
    }

    #[test]
    fn parse_into_agrees_with_parse(text in "[ -~\u{e9}\u{1F600}]{0,40}") {
        let quoted = format!("{{\"s\":\"{text}\",\"n\":[{text}]}}");
        let expected = json::parse(quoted.as_bytes());
        let built = json::parse_into(quoted.as_bytes(), 128, &mut Recorder::default());
        prop_assert_eq!(expected, built);
    }
}
