//! The strict JSON reader on arbitrary bytes: the target asserts that what it accepts is
//! written back and read again to the same value, and libFuzzer reports any panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use onlyoffice_jwt::json;

fuzz_target!(|data: &[u8]| {
    if let Ok(value) = json::parse(data) {
        let text = value.to_json();
        assert_eq!(json::parse(text.as_bytes()).ok(), Some(value));
    }
});
