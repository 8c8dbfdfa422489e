//! Header lookup with arbitrary names, values and prefixes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use onlyoffice_jwt::docserver::headers::find_token;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\u{0}');
    let prefix = parts.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = parts
        .map(|line| match line.split_once(':') {
            Some((name, value)) => (name.to_owned(), value.to_owned()),
            None => (line.to_owned(), String::new()),
        })
        .collect();
    let _ = find_token(&headers, "Authorization", &prefix);
});
