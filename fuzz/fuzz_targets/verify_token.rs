//! Token verification on arbitrary input: any outcome but a panic is fine.
#![no_main]

use libfuzzer_sys::fuzz_target;
use onlyoffice_jwt::{jws, Algorithm, Key, KeySet, Secret, Validation};

fuzz_target!(|data: &[u8]| {
    let Ok(token) = std::str::from_utf8(data) else {
        return;
    };
    let keys: KeySet = Key::new(Secret::from_text("secret").unwrap()).into();
    let options = Validation { now: Some(1_700_000_000.0), ..Validation::new(&Algorithm::ALL) };
    let _ = jws::verify(token, &keys, &options);
    let _ = jws::decode_header(token);
});
