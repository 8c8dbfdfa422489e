//! Callback verification with an arbitrary body and one arbitrary header value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use onlyoffice_jwt::{Body, DocumentServer, Secret, Settings};

fuzz_target!(|data: &[u8]| {
    let (body, header) = match data.iter().position(|&byte| byte == 0) {
        Some(split) => (&data[..split], String::from_utf8_lossy(&data[split + 1..]).into_owned()),
        None => (data, String::new()),
    };
    let mut settings = Settings::new(Secret::from_text("secret").unwrap());
    settings.now = Some(1_700_000_000.0);
    let ds = DocumentServer::new(settings).unwrap();
    let headers = [("Authorization".to_owned(), header)];
    let _ = ds.verify_callback(Body::Raw(body), &headers);
});
