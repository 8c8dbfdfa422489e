//! Criterion benchmarks of the core's compact JWS signing and verification, each beside a
//! floor measured in the same run. The floor is HMAC-SHA256 with a precomputed key schedule
//! and base64url of the same bytes, written with `hmac` 0.12 and `sha2` 0.10 (dev-dependencies
//! of the core) and with base64-simd, the base64url crate the core uses.
//!
//! Run with `cargo bench -p onlyoffice-jwt --bench jws`; `bench/run.sh` does, and
//! `bench/report.py` reads the results from Criterion's output folder.

use std::hint::black_box;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64_simd::URL_SAFE_NO_PAD;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use hmac::{Hmac, Mac};
use onlyoffice_jwt::json::{self, Number, Object, Value};
use onlyoffice_jwt::{jws, Algorithm, Body, DocumentServer, Key, KeySet, Secret, Validation};
use sha2_reference::Sha256;

/// 32 bytes, the same secret as the Python and Node benchmarks.
const SECRET: &str = "Xq7vR2mK9pL4wT8nB3cF6hJ1dS5gA0zE";
const HEADER: &[u8] = br#"{"alg":"HS256","typ":"JWT"}"#;

const WORKLOADS: [(&str, &[u8]); 3] = [
    (
        "editor_config",
        include_bytes!("../workloads/editor_config.json"),
    ),
    (
        "save_callback",
        include_bytes!("../workloads/save_callback.json"),
    ),
    ("tiny", include_bytes!("../workloads/tiny.json")),
];

/// Reads a workload, with `iat` set to now and `exp` an hour later where present.
fn claims(text: &[u8]) -> Object {
    let Value::Object(mut claims) = json::parse(text).expect("the workload is JSON") else {
        panic!("the workload is not a JSON object");
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_secs();
    let now = i64::try_from(now).expect("the time fits in i64");
    if claims.contains("iat") {
        claims.insert("iat", Value::Number(Number::from(now)));
    }
    if claims.contains("exp") {
        claims.insert("exp", Value::Number(Number::from(now + 3600)));
    }
    claims
}

/// Signs as the floor does: base64url of header and payload, then the tag of a cloned,
/// precomputed HMAC state.
fn floor_sign(state: &Hmac<Sha256>, header: &[u8], payload: &[u8]) -> String {
    let mut token = String::with_capacity((header.len() + payload.len() + 32) * 4 / 3 + 4);
    URL_SAFE_NO_PAD.encode_append(header, &mut token);
    token.push('.');
    URL_SAFE_NO_PAD.encode_append(payload, &mut token);
    let mut mac = state.clone();
    mac.update(token.as_bytes());
    let tag = mac.finalize().into_bytes();
    token.push('.');
    URL_SAFE_NO_PAD.encode_append(tag, &mut token);
    token
}

/// Verifies as the floor does: base64url-decodes the three segments and compares the tag of
/// the signing input in constant time. No JSON is read.
fn floor_verify(state: &Hmac<Sha256>, token: &str) -> (Vec<u8>, Vec<u8>) {
    let (signing_input, signature) = token.rsplit_once('.').expect("the token has a dot");
    let (header, payload) = signing_input
        .split_once('.')
        .expect("the token has two dots");
    let header = URL_SAFE_NO_PAD
        .decode_to_vec(header.as_bytes())
        .expect("base64url header");
    let payload = URL_SAFE_NO_PAD
        .decode_to_vec(payload.as_bytes())
        .expect("base64url payload");
    let signature = URL_SAFE_NO_PAD
        .decode_to_vec(signature.as_bytes())
        .expect("base64url signature");
    let mut mac = state.clone();
    mac.update(signing_input.as_bytes());
    mac.verify_slice(&signature)
        .expect("the floor token is valid");
    (header, payload)
}

fn jws_benchmarks(c: &mut Criterion) {
    let state = <Hmac<Sha256> as Mac>::new_from_slice(SECRET.as_bytes()).expect("any key length");
    let key = Key::new(Secret::from_text(SECRET).expect("non-empty secret"));
    let keys = KeySet::from(Key::new(
        Secret::from_text(SECRET).expect("non-empty secret"),
    ));
    let validation = Validation::new(&[Algorithm::HS256]);

    for (name, text) in WORKLOADS {
        let claims = claims(text);
        let payload = claims.to_json();
        let token = jws::sign_raw(&key, Algorithm::HS256, HEADER, payload.as_bytes());
        assert_eq!(token, floor_sign(&state, HEADER, payload.as_bytes()));
        assert_eq!(
            jws::verify(&token, &keys, &validation)
                .expect("the token verifies")
                .claims,
            claims
        );

        let mut sign = c.benchmark_group("sign");
        sign.bench_with_input(BenchmarkId::new("floor", name), &payload, |b, payload| {
            b.iter(|| floor_sign(&state, black_box(HEADER), black_box(payload.as_bytes())));
        });
        sign.bench_with_input(
            BenchmarkId::new("jws::sign_raw", name),
            &payload,
            |b, payload| {
                b.iter(|| {
                    jws::sign_raw(
                        &key,
                        Algorithm::HS256,
                        black_box(HEADER),
                        black_box(payload.as_bytes()),
                    )
                });
            },
        );
        sign.bench_with_input(BenchmarkId::new("jws::sign", name), &claims, |b, claims| {
            b.iter(|| jws::sign(&key, Algorithm::HS256, black_box(claims)));
        });
        sign.finish();

        let mut verify = c.benchmark_group("verify");
        verify.bench_with_input(BenchmarkId::new("floor", name), &token, |b, token| {
            b.iter(|| floor_verify(&state, black_box(token)));
        });
        verify.bench_with_input(
            BenchmarkId::new("jws::verify_to_bytes", name),
            &token,
            |b, token| {
                b.iter(|| jws::verify_to_bytes(black_box(token), &keys, &validation));
            },
        );
        verify.bench_with_input(BenchmarkId::new("jws::verify", name), &token, |b, token| {
            b.iter(|| jws::verify(black_box(token), &keys, &validation));
        });
        verify.finish();
    }
}

fn document_server_benchmarks(c: &mut Criterion) {
    let server = DocumentServer::with_secret(SECRET).expect("valid settings");
    let key = Key::new(Secret::from_text(SECRET).expect("non-empty secret"));

    let mut config = claims(WORKLOADS[0].1);
    config.remove("iat");
    config.remove("exp");
    let config = Value::Object(config);

    let callback = claims(WORKLOADS[1].1);
    let mut body = callback.clone();
    body.insert(
        "token",
        Value::String(jws::sign(&key, Algorithm::HS256, &callback)),
    );
    let body = body.to_json();
    let mut wrapped = Object::new();
    wrapped.insert("payload", Value::Object(callback.clone()));
    let authorization = format!("Bearer {}", jws::sign(&key, Algorithm::HS256, &wrapped));
    let headers = [
        ("Host", "host.example.com"),
        ("Content-Type", "application/json"),
        ("User-Agent", "Node.js/6.13"),
        ("Authorization", authorization.as_str()),
    ];
    let verified = server
        .verify_callback(Body::Raw(body.as_bytes()), &headers)
        .expect("the callback verifies");
    assert_eq!(verified.status, 2);

    let mut group = c.benchmark_group("document_server");
    group.bench_with_input(
        BenchmarkId::new("sign_config", "editor_config"),
        &config,
        |b, config| b.iter(|| server.sign_config(black_box(config))),
    );
    group.bench_with_input(
        BenchmarkId::new("verify_callback", "save_callback"),
        &body,
        |b, body| {
            b.iter(|| server.verify_callback(Body::Raw(black_box(body.as_bytes())), &headers));
        },
    );
    group.finish();
}

fn settings() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(1))
        .sample_size(50)
        .configure_from_args()
}

criterion_group! {
    name = benches;
    config = settings();
    targets = jws_benchmarks, document_server_benchmarks
}
criterion_main!(benches);
