//! Behaviour of `DocumentServer` across its messages.

use onlyoffice_jwt::json::{self, Object, Value};
use onlyoffice_jwt::{
    jws, Algorithm, Body, DocumentServer, Key, KeySet, Operation, Secret, Service, Settings,
    TokenSource, Validation,
};

const NOW: f64 = 1_700_000_000.0;
const CB_FLAT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJrZXkiOiJkb2MtMSIsInN0YXR1cyI6MiwidXJsIjoiaHR0cHM6Ly9kcy5leGFtcGxlL2NhY2hlL2RvYy0xL291dHB1dC5kb2N4IiwidXNlcnMiOlsidTEiXSwiaWF0IjoxNzAwMDAwMDAwLCJleHAiOjE3MDAwMDAzMDB9.m1KCBT9rqWrU_oz0utxid-GZ1l1AAFZ9N_9VArpM0IA";
const CB_WRAPPED: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJwYXlsb2FkIjp7ImtleSI6ImRvYy0xIiwic3RhdHVzIjoyLCJ1cmwiOiJodHRwczovL2RzLmV4YW1wbGUvY2FjaGUvZG9jLTEvb3V0cHV0LmRvY3giLCJ1c2VycyI6WyJ1MSJdfSwiaWF0IjoxNzAwMDAwMDAwLCJleHAiOjE3MDAwMDAzMDB9.B0-dXfb3h8h_mCTReZpQSVDxh9BLHictP1La8QgGeNw";
const S32: &str = "0123456789abcdef0123456789abcdef";

fn server(secret: &str) -> DocumentServer {
    let mut settings = Settings::new(Secret::from_text(secret).unwrap());
    settings.now = Some(NOW);
    DocumentServer::new(settings).unwrap()
}

fn value(text: &str) -> Value {
    json::parse(text.as_bytes()).unwrap()
}

fn bearer(token: &str) -> Vec<(String, String)> {
    vec![("Authorization".to_owned(), format!("Bearer {token}"))]
}

const NO_HEADERS: [(&str, &str); 0] = [];

fn verify_claims(token: &str, secret: &str) -> Object {
    let keys: KeySet = Key::new(Secret::from_text(secret).unwrap()).into();
    let options = Validation {
        now: Some(NOW),
        ..Validation::default()
    };
    jws::verify(token, &keys, &options).unwrap().claims
}

#[test]
fn callback_body_and_header_give_same_fields() {
    let ds = server(S32);
    let body = value(&format!(
        r#"{{"key":"doc-1","status":2,"token":"{CB_FLAT}"}}"#
    ));
    let from_body = ds.verify_callback(Body::Json(&body), &NO_HEADERS).unwrap();
    let from_header = ds
        .verify_callback(Body::Raw(b"{}"), &bearer(CB_WRAPPED))
        .unwrap();
    assert_eq!(from_body.data, from_header.data);
    assert_eq!(from_body.source, TokenSource::Body);
    assert_eq!(from_header.source, TokenSource::Header);
    assert_eq!(from_body.iat, Some(NOW));
    assert_eq!(from_header.exp, Some(NOW + 300.0));
    assert!(!from_body.data.contains("iat"));
}

#[test]
fn callback_body_token_wins_over_header() {
    let ds = server(S32);
    let body = value(&format!(r#"{{"token":"{CB_FLAT}"}}"#));
    let callback = ds
        .verify_callback(Body::Json(&body), &bearer("not-a-token"))
        .unwrap();
    assert_eq!(callback.source, TokenSource::Body);
}

#[test]
fn callback_trimmed_plain_body_ignored() {
    let ds = server(S32);
    let body = value(&format!(
        r#"{{"key":"forged","status":6,"url":"https://evil.example","token":"{CB_FLAT}"}}"#
    ));
    let callback = ds.verify_callback(Body::Json(&body), &NO_HEADERS).unwrap();
    assert_eq!(callback.key, "doc-1");
    assert_eq!(callback.status, 2);
    assert_eq!(
        callback.url.as_deref(),
        Some("https://ds.example/cache/doc-1/output.docx")
    );
}

#[test]
fn callback_raw_body_rules() {
    let ds = server(S32);
    let flat =
        format!(r#" {{"history":{{"changes":[{{"user":{{"id":"u1"}}}}]}},"token":"{CB_FLAT}"}}"#);
    let callback = ds
        .verify_callback(Body::Raw(flat.as_bytes()), &NO_HEADERS)
        .unwrap();
    assert_eq!(callback.source, TokenSource::Body);

    let err = ds
        .verify_callback(Body::Raw(b" [1]"), &bearer(CB_WRAPPED))
        .unwrap_err();
    assert_eq!(err.code(), "ERR_DS_PAYLOAD_SHAPE");
    assert!(err.to_string().contains("is an array"), "{err}");

    let err = ds
        .verify_callback(Body::Raw(br#"{"token":5}"#), &bearer(CB_WRAPPED))
        .unwrap_err();
    assert_eq!(err.code(), "ERR_DS_PAYLOAD_SHAPE");
    assert!(err.to_string().contains("is a number"), "{err}");

    // A JSON body that breaks a rule of the strict reader, at any depth, is reported as that
    // fault, with or without a header token.
    for (body, code) in [
        (
            r#"{"a":{"b":1,"b":2},"token":"x"}"#,
            "ERR_JSON_DUPLICATE_MEMBER",
        ),
        (r#"{"token":"x","token":"y"}"#, "ERR_JSON_DUPLICATE_MEMBER"),
        ("{\"\\ud800\":1,\"token\":\"x\"}", "ERR_JSON_INVALID"),
    ] {
        let err = ds
            .verify_callback(Body::Raw(body.as_bytes()), &bearer(CB_WRAPPED))
            .unwrap_err();
        assert_eq!(err.code(), code, "{body}");
        let err = ds
            .verify_callback(Body::Raw(body.as_bytes()), &NO_HEADERS)
            .unwrap_err();
        assert_eq!(err.code(), code, "{body}");
    }

    // A body that is not JSON carries no token, so the header is read. A form feed is not
    // JSON whitespace, so a body that starts with one is not JSON either.
    for body in [&b"status=2&key=k1"[..], b"\x0c", b"\x0c{}"] {
        let callback = ds
            .verify_callback(Body::Raw(body), &bearer(CB_WRAPPED))
            .unwrap();
        assert_eq!(callback.source, TokenSource::Header);
    }

    // The reader's message names the body, so a caller can tell it from a token's payload.
    let err = ds
        .verify_callback(Body::Raw(br#"{"token":"x"} x"#), &bearer(CB_WRAPPED))
        .unwrap_err();
    assert!(err.to_string().contains("the callback body: "), "{err}");
}

#[test]
fn callback_without_token_missing() {
    let ds = server(S32);
    let err = ds
        .verify_callback(Body::Raw(br#"{"key":"doc-1","status":2}"#), &NO_HEADERS)
        .unwrap_err();
    assert_eq!(err.code(), "ERR_DS_TOKEN_MISSING");
    assert!(err.to_string().contains("Authorization"), "{err}");
}

#[test]
fn callback_config_token_rejected_as_purpose() {
    let ds = server(S32);
    let config = value(
        r#"{"document":{"key":"k","url":"https://h/f","permissions":{}},"editorConfig":{"mode":"edit"}}"#,
    );
    let signed = ds.sign_config(&config).unwrap();
    let body = Value::Object(signed);
    let err = ds
        .verify_callback(Body::Json(&body), &NO_HEADERS)
        .unwrap_err();
    assert_eq!(err.code(), "ERR_DS_TOKEN_PURPOSE");
}

#[test]
fn config_replaces_old_token() {
    let ds = server("secret");
    let config = value(
        r#"{"document":{"fileType":"docx","key":"k1","title":"Договор.docx","url":"https://h/f","permissions":{"edit":true}},
           "documentType":"word","editorConfig":{"callbackUrl":"https://h/cb","mode":"edit"},"token":"old"}"#,
    );
    let signed = ds.sign_config(&config).unwrap();
    let token = signed.get("token").and_then(Value::as_str).unwrap();
    assert_ne!(token, "old");
    let claims = verify_claims(token, "secret");
    assert!(!claims.contains("token"));
    assert_eq!(claims.get("iat"), Some(&Value::from(1_700_000_000)));
    assert_eq!(claims.get("exp"), Some(&Value::from(1_700_000_300)));
    assert_eq!(
        claims.get("document"),
        config.as_object().unwrap().get("document")
    );
}

#[test]
fn config_token_same_bytes_as_claims() {
    let ds = server("secret");
    let config = value(
        r#"{"iat":5,"document":{"fileType":"docx","key":"k1","title":"Отчёт \"Q1\"\n","url":"https://h/f","permissions":{"edit":true}},
           "token":"old","documentType":"word","exp":6,"editorConfig":{"callbackUrl":"https://h/cb","mode":"edit"},"n":1.50}"#,
    );
    // Expected claims: the config members except `token`, `iat` and `exp`, in their order,
    // then the new `iat` and `exp`.
    let mut claims = config.as_object().unwrap().clone();
    claims.remove("token");
    claims.remove("iat");
    claims.remove("exp");
    claims.insert("iat", Value::from(1_700_000_000));
    claims.insert("exp", Value::from(1_700_000_300));
    let key = Key::new(Secret::from_text("secret").unwrap());
    let expected = jws::sign(&key, Algorithm::HS256, &claims);

    assert_eq!(ds.sign_config_token(&config).unwrap(), expected);
    let signed = ds.sign_config(&config).unwrap();
    assert_eq!(
        signed.get("token").and_then(Value::as_str),
        Some(expected.as_str())
    );
    let names: Vec<&str> = signed.iter().map(|(name, _)| name).collect();
    assert_eq!(
        names,
        [
            "iat",
            "document",
            "documentType",
            "exp",
            "editorConfig",
            "n",
            "token"
        ]
    );
    assert_eq!(signed.get("iat"), Some(&Value::from(5)));
}

#[test]
fn config_missing_member_named() {
    let ds = server("secret");
    for (config, member) in [
        (
            r#"{"document":{"url":"u","permissions":{}}}"#,
            "document.key",
        ),
        (
            r#"{"document":{"key":"k","permissions":{}}}"#,
            "document.url",
        ),
        (
            r#"{"document":{"key":"k","url":"u"}}"#,
            "document.permissions",
        ),
        (
            r#"{"document":{"key":1,"url":"u","permissions":{}}}"#,
            "document.key",
        ),
        (
            r#"{"document":{"key":"k","url":"u","permissions":{}},"editorConfig":{"mode":1}}"#,
            "editorConfig.mode",
        ),
        (
            r#"{"document":{"key":"k","url":"u","permissions":{}},"url":"u"}"#,
            "\"url\"",
        ),
    ] {
        let err = ds.sign_config(&value(config)).unwrap_err();
        assert_eq!(err.code(), "ERR_DS_CONFIG_INVALID", "{config}");
        assert!(
            err.to_string().contains(member),
            "{err} should name {member}"
        );
        assert_eq!(err.ds_answer(Service::Editor), 4004);
    }
}

#[test]
fn request_signed_for_body_and_header() {
    let ds = server("secret");
    let request = value(r#"{"c":"forcesave","key":"k1"}"#);
    let signed = ds.sign_request(&request, Some(Operation::Command)).unwrap();
    let body_claims = verify_claims(
        signed.body.get("token").and_then(Value::as_str).unwrap(),
        "secret",
    );
    assert_eq!(body_claims.get("c"), Some(&Value::from("forcesave")));
    assert_eq!(body_claims.get("operation"), Some(&Value::from("command")));
    assert_eq!(signed.header_name, "Authorization");
    let header_token = signed.header_value.strip_prefix("Bearer ").unwrap();
    let header_claims = verify_claims(header_token, "secret");
    assert_eq!(header_claims.get("payload"), Some(&request));
}

#[test]
fn method_params_signed_flat() {
    let ds = server("secret");
    let params = value(r#"{"c":"add","images":[{"fileType":"png","url":"https://h/i.png"}]}"#);
    let signed = ds.sign_method(&params).unwrap();
    let claims = verify_claims(
        signed.get("token").and_then(Value::as_str).unwrap(),
        "secret",
    );
    assert_eq!(
        claims.get("images"),
        params.as_object().unwrap().get("images")
    );
}

fn download_token(url: &str) -> String {
    let key = Key::new(Secret::from_text("secret").unwrap());
    let payload = format!(r#"{{"payload":{{"url":"{url}"}},"iat":1700000000,"exp":1700000300}}"#);
    jws::sign_raw(
        &key,
        Algorithm::HS256,
        jws::standard_header(Algorithm::HS256).as_bytes(),
        payload.as_bytes(),
    )
}

#[test]
fn download_bound_to_requested_url() {
    let ds = server("secret");
    let headers = bearer(&download_token("https://example.com/doc.docx"));
    let download = ds
        .verify_download("HTTPS://EXAMPLE.com:443/doc.docx", &headers)
        .unwrap();
    assert_eq!(download.url, "https://example.com/doc.docx");
    let err = ds
        .verify_download("https://example.com/other.docx", &headers)
        .unwrap_err();
    assert_eq!(err.code(), "ERR_DS_URL_MISMATCH");
}

#[test]
fn download_ignores_body_placement() {
    let ds = server("secret");
    let err = ds
        .verify_download("https://example.com/doc.docx", &NO_HEADERS)
        .unwrap_err();
    assert_eq!(err.code(), "ERR_DS_TOKEN_MISSING");
}

#[test]
fn download_rejects_callback_token() {
    let ds = server(S32);
    let err = ds
        .verify_download(
            "https://ds.example/cache/doc-1/output.docx",
            &bearer(CB_WRAPPED),
        )
        .unwrap_err();
    assert_eq!(err.code(), "ERR_DS_TOKEN_PURPOSE");
}

#[test]
fn rotation_verifies_old_secret_and_signs_with_new() {
    let mut settings = Settings::new(Secret::from_text("new-secret").unwrap());
    settings.inbox_secrets.push(Secret::from_text(S32).unwrap());
    settings.now = Some(NOW);
    let ds = DocumentServer::new(settings).unwrap();
    let body = value(&format!(r#"{{"token":"{CB_FLAT}"}}"#));
    assert!(ds.verify_callback(Body::Json(&body), &NO_HEADERS).is_ok());
    let signed = ds.sign_method(&value(r#"{"c":"add"}"#)).unwrap();
    verify_claims(
        signed.get("token").and_then(Value::as_str).unwrap(),
        "new-secret",
    );
}

#[test]
fn expired_callback_maps_to_answers() {
    let mut settings = Settings::new(Secret::from_text(S32).unwrap());
    settings.now = Some(NOW + 400.0);
    let ds = DocumentServer::new(settings).unwrap();
    let body = value(&format!(r#"{{"token":"{CB_FLAT}"}}"#));
    let err = ds
        .verify_callback(Body::Json(&body), &NO_HEADERS)
        .unwrap_err();
    assert_eq!(err.code(), "ERR_JWT_EXPIRED");
    assert_eq!(err.ds_answer(Service::Command), 7);
}

#[test]
fn request_token_rejected_as_callback_and_download() {
    let ds = server("secret");
    let request = value(r#"{"key":"k1","status":2,"url":"https://example.com/doc.docx"}"#);
    let signed = ds
        .sign_request(&request, Some(Operation::Converter))
        .unwrap();
    let body = Value::Object(signed.body.clone());
    let err = ds
        .verify_callback(Body::Json(&body), &NO_HEADERS)
        .unwrap_err();
    assert_eq!(err.code(), "ERR_DS_TOKEN_PURPOSE");
    let headers = vec![(signed.header_name.clone(), signed.header_value.clone())];
    let err = ds
        .verify_download("https://example.com/doc.docx", &headers)
        .unwrap_err();
    assert_eq!(err.code(), "ERR_DS_TOKEN_PURPOSE");
}

/// A named change to default settings.
type SettingsCase = (&'static str, fn(&mut Settings));

#[test]
fn settings_without_meaning_rejected() {
    let secret = || Secret::from_text("secret").unwrap();
    let cases: [SettingsCase; 9] = [
        ("empty header", |s| s.header = String::new()),
        ("header with space", |s| s.header = "Bad Header".to_owned()),
        ("NaN leeway", |s| s.leeway = f64::NAN),
        ("negative leeway", |s| s.leeway = -1.0),
        ("infinite clock", |s| s.now = Some(f64::INFINITY)),
        ("clock past year 9999", |s| s.now = Some(1e300)),
        ("clock before year 1", |s| s.now = Some(-62_135_596_801.0)),
        ("expiry past year 9999", |s| s.now = Some(253_402_300_700.0)),
        ("no algorithms", |s| s.accepted_algorithms.clear()),
    ];
    for (case, change) in cases {
        let mut settings = Settings::new(secret());
        change(&mut settings);
        let err = DocumentServer::new(settings).unwrap_err();
        assert_eq!(err.code(), "ERR_DS_SETTINGS_INVALID", "{case}");
    }
}

#[test]
fn prefix_mismatch_does_not_echo_value() {
    let ds = server("secret");
    let headers = vec![("Authorization".to_owned(), "s3cr3t-value".to_owned())];
    let err = ds
        .verify_download("https://example.com/doc.docx", &headers)
        .unwrap_err();
    assert_eq!(err.code(), "ERR_DS_HEADER_INVALID");
    assert!(!err.to_string().contains("s3cr3t"), "{err}");
}

#[test]
fn non_json_body_reason_reported() {
    let ds = server("secret");
    let err = ds
        .verify_callback(Body::Raw(b"key=a&status=2"), &NO_HEADERS)
        .unwrap_err();
    assert_eq!(err.code(), "ERR_DS_TOKEN_MISSING");
    assert!(err.to_string().contains("not valid JSON"), "{err}");
}

#[test]
fn non_json_body_falls_back_to_header() {
    let callback = server(S32)
        .verify_callback(Body::Raw(b"key=a&status=2"), &bearer(CB_WRAPPED))
        .unwrap();
    assert_eq!(callback.source, TokenSource::Header);
}

#[test]
fn strict_json_fault_in_raw_body_reported() {
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let cases: [(&[u8], &str); 4] = [
        (br#"{"key":"a","key":"b"}"#, "ERR_JSON_DUPLICATE_MEMBER"),
        (br#" {"key\ud800":"a","status":1}"#, "ERR_JSON_INVALID"),
        (deep.as_bytes(), "ERR_JSON_INVALID"),
        (br#"{"key":"a","#, "ERR_JSON_INVALID"),
    ];
    for (body, code) in cases {
        let err = server(S32)
            .verify_callback(Body::Raw(body), &bearer(CB_WRAPPED))
            .unwrap_err();
        assert_eq!(err.code(), code, "{}", String::from_utf8_lossy(body));
    }
}

#[test]
fn parsed_body_depth_limited_as_raw() {
    let nested = |levels: usize| {
        format!(
            r#"{{"x":{}{}}}"#,
            "[".repeat(levels - 1),
            "]".repeat(levels - 1)
        )
    };
    let ds = server(S32);
    for (levels, accepted) in [(128, true), (129, false)] {
        let text = nested(levels);
        let raw = ds.verify_callback(Body::Raw(text.as_bytes()), &bearer(CB_WRAPPED));
        let parsed = json::parse_with_depth(text.as_bytes(), 1000).unwrap();
        let json = ds.verify_callback(Body::Json(&parsed), &bearer(CB_WRAPPED));
        assert_eq!(raw.is_ok(), accepted, "raw, {levels} levels");
        assert_eq!(json.is_ok(), accepted, "parsed, {levels} levels");
        if !accepted {
            assert_eq!(raw.unwrap_err().code(), "ERR_JSON_INVALID");
            assert_eq!(json.unwrap_err().code(), "ERR_JSON_INVALID");
        }
    }
}

#[test]
fn download_url_not_a_url_named() {
    let ds = server("secret");
    for url in ["javascript:alert(1)", ""] {
        let headers = bearer(&download_token(url));
        let err = ds.verify_download(url, &headers).unwrap_err();
        assert_eq!(err.code(), "ERR_DS_URL_MISMATCH");
        let message = err.to_string();
        assert!(!message.contains("but the request is for"), "{message}");
        assert!(
            message.starts_with("the requested download URL"),
            "{message}"
        );
    }
    let headers = bearer(&download_token("javascript:alert(1)"));
    let err = ds
        .verify_download("https://example.com/doc.docx", &headers)
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("the signed download URL \"javascript:alert(1)\" is neither"),
        "{err}"
    );
}

#[test]
fn method_token_rejected_as_callback() {
    let ds = server("secret");
    let params = value(r#"{"c":"add","images":[{"fileType":"png","url":"https://h/i.png"}]}"#);
    let body = Value::Object(ds.sign_method(&params).unwrap());
    let err = ds
        .verify_callback(Body::Json(&body), &NO_HEADERS)
        .unwrap_err();
    assert_eq!(err.code(), "ERR_DS_TOKEN_PURPOSE");
}

#[test]
fn flat_token_rejected_as_download() {
    let ds = server("secret");
    let params = value(r#"{"fileType":"png","url":"https://example.com/doc.docx"}"#);
    let signed = ds.sign_method(&params).unwrap();
    let token = signed.get("token").and_then(Value::as_str).unwrap();
    let err = ds
        .verify_download("https://example.com/doc.docx", &bearer(token))
        .unwrap_err();
    assert_eq!(err.code(), "ERR_DS_TOKEN_PURPOSE");
}

/// Signs the payload JSON text `payload` with the secret "secret", header as jsonwebtoken writes it.
fn sign_payload(payload: &str) -> String {
    let key = Key::new(Secret::from_text("secret").unwrap());
    jws::sign_raw(
        &key,
        Algorithm::HS256,
        jws::standard_header(Algorithm::HS256).as_bytes(),
        payload.as_bytes(),
    )
}

#[test]
fn callback_with_lone_surrogate_escape_accepted() {
    // `JSON.stringify('Anna 😀 Schmidt'.slice(0, 6))` writes "Anna \ud83d": the name was cut
    // inside a surrogate pair.
    let fields = r#"{"key":"doc-1","status":2,"url":"https://ds.example/out.docx","history":{"changes":[{"user":{"id":"u1","name":"Anna \ud83d"}}]}}"#;
    let ds = server("secret");
    let body_token =
        sign_payload(&fields.replacen('{', r#"{"iat":1700000000,"exp":1700000300,"#, 1));
    let header_token = sign_payload(&format!(
        r#"{{"payload":{fields},"iat":1700000000,"exp":1700000300}}"#
    ));
    let body = format!(r#"{{"key":"doc-1","status":2,"token":"{body_token}"}}"#);
    for (body, source) in [
        (body.as_bytes(), TokenSource::Body),
        (&b"{}"[..], TokenSource::Header),
    ] {
        let callback = ds
            .verify_callback(Body::Raw(body), &bearer(&header_token))
            .unwrap();
        assert_eq!(callback.source, source);
        assert_eq!(callback.key, "doc-1");
        let history = callback.data.get("history").unwrap().as_object().unwrap();
        assert_eq!(
            history.get("changes").unwrap().to_json(),
            r#"[{"user":{"id":"u1","name":"Anna �"}}]"#
        );
        assert_eq!(callback.data_json.as_deref(), Some(fields));
    }
    // A callback without surrogate escapes has no `data_json`.
    let callback = server(S32)
        .verify_callback(Body::Raw(b""), &bearer(CB_WRAPPED))
        .unwrap();
    assert_eq!(callback.data_json, None);
}

#[test]
fn callback_with_lone_surrogate_in_member_name_rejected() {
    let token = sign_payload(
        r#"{"payload":{"key":"doc-1","status":1,"x\udc00":1},"iat":1700000000,"exp":1700000300}"#,
    );
    let err = server("secret")
        .verify_callback(Body::Raw(b""), &bearer(&token))
        .unwrap_err();
    assert_eq!(err.code(), "ERR_JSON_INVALID");
    assert!(
        err.to_string()
            .contains("lone surrogate escape in a member name"),
        "{err}"
    );
}
