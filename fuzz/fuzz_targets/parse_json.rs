//! The strict JSON reader: never panics, and what it accepts is written back and read again
//! to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use onlyoffice_jwt::json;

fuzz_target!(|data: &[u8]| {
    if let Ok(value) = json::parse(data) {
        let text = value.to_json();
        assert_eq!(json::parse(text.as_bytes()).ok(), Some(value));
    }
});
