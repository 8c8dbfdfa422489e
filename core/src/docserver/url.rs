//! URL normalisation for binding download tokens to the requested URL.
//!
//! Document Server signs the URL string it was given and then requests a normalised form of
//! it. So the two are compared after the normalisation of RFC 3986 sections 6.2.2 and 6.2.3.
//! Scheme and host are lower-cased and the default port is dropped. An empty path becomes
//! `/`. Percent-encoded unreserved characters are decoded, and the hex digits of other
//! escapes are upper-cased. The query keeps its order. The fragment is dropped, because it
//! never reaches the server.

use std::fmt::Write as _;

/// A URL reduced to the parts that are compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NormalUrl {
    /// `scheme://authority` in normal form, empty for a path-only URL.
    pub origin: String,
    /// Path and query in normal form.
    pub target: String,
}

/// Normalises an absolute URL (`https://host/path?query`) or a request target (`/path?query`).
///
/// Returns `None` when the text is neither.
pub(crate) fn normalize(url: &str) -> Option<NormalUrl> {
    let url = url.split('#').next().unwrap_or_default();
    if url.starts_with('/') && !url.starts_with("//") {
        return Some(NormalUrl {
            origin: String::new(),
            target: normalize_target(url),
        });
    }
    let (scheme, rest) = url.split_once("://")?;
    if scheme.is_empty()
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    {
        return None;
    }
    let scheme = scheme.to_ascii_lowercase();
    let split_at = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, target) = rest.split_at(split_at);
    let origin = normalize_origin(&scheme, authority)?;

    let target = if target.is_empty() || target.starts_with('?') {
        format!("/{target}")
    } else {
        target.to_owned()
    };
    Some(NormalUrl {
        origin,
        target: normalize_target(&target),
    })
}

/// Normalises `scheme://authority`: host in lower case, leading zeros and the default port
/// dropped. Returns `None` without a host.
fn normalize_origin(scheme: &str, authority: &str) -> Option<String> {
    let (userinfo, host_port) = authority.rsplit_once('@').unwrap_or(("", authority));
    if host_port.is_empty() {
        return None;
    }
    let (host, port) = split_port(host_port);
    let default_port = match scheme {
        "http" | "ws" => Some("80"),
        "https" | "wss" => Some("443"),
        _ => None,
    };

    let mut origin = format!("{scheme}://");
    if !userinfo.is_empty() {
        origin.push_str(&normalize_target(userinfo));
        origin.push('@');
    }
    origin.push_str(&host.to_ascii_lowercase());
    let port = port.filter(|port| !port.is_empty()).map(|port| {
        let digits = port.trim_start_matches('0');
        if digits.is_empty() {
            "0"
        } else {
            digits
        }
    });
    if let Some(port) = port.filter(|port| Some(*port) != default_port) {
        origin.push(':');
        origin.push_str(port);
    }
    Some(origin)
}

/// Splits `host:port`, keeping bracketed IPv6 addresses whole.
fn split_port(host_port: &str) -> (&str, Option<&str>) {
    let port_start = if host_port.starts_with('[') {
        host_port.find("]:").map(|index| index + 1)
    } else {
        host_port.rfind(':')
    };
    match port_start {
        Some(index) => (&host_port[..index], Some(&host_port[index + 1..])),
        None => (host_port, None),
    }
}

fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// Decodes escapes of unreserved characters and upper-cases the hex digits of the others.
fn normalize_target(target: &str) -> String {
    let bytes = target.as_bytes();
    let mut out = String::with_capacity(target.len());
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        let escape = bytes
            .get(index + 1..index + 3)
            .filter(|hex| hex.iter().all(u8::is_ascii_hexdigit));
        if let (b'%', Some(hex)) = (byte, escape) {
            let hex =
                std::str::from_utf8(hex).unwrap_or_else(|_| unreachable!("hex digits are ASCII"));
            let decoded =
                u8::from_str_radix(hex, 16).unwrap_or_else(|_| unreachable!("checked hex digits"));
            if is_unreserved(decoded) {
                out.push(char::from(decoded));
            } else {
                out.push('%');
                out.push_str(&hex.to_ascii_uppercase());
            }
            index += 3;
            continue;
        }
        let c = target[index..].chars().next().unwrap_or_default();
        if c.is_ascii() && !c.is_ascii_control() && c != ' ' {
            out.push(c);
        } else {
            let mut buffer = [0u8; 4];
            for encoded in c.encode_utf8(&mut buffer).bytes() {
                let _ = write!(out, "%{encoded:02X}");
            }
        }
        index += c.len_utf8();
    }
    out
}

/// Returns `true` when `requested` is the URL `signed` after normalisation. A path-only
/// `requested` is compared with the path and query of `signed`.
pub(crate) fn same_resource(signed: &str, requested: &str) -> bool {
    match (normalize(signed), normalize(requested)) {
        (Some(signed), Some(requested)) if requested.origin.is_empty() => {
            signed.target == requested.target
        }
        (Some(signed), Some(requested)) => signed == requested,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_host_and_default_port_normalised() {
        assert!(same_resource(
            "HTTPS://Example.COM:443/doc.docx",
            "https://example.com/doc.docx"
        ));
        assert!(same_resource(
            "http://example.com:80",
            "http://example.com/"
        ));
        assert!(!same_resource(
            "https://example.com:8443/doc.docx",
            "https://example.com/doc.docx"
        ));
    }

    #[test]
    fn percent_encoding_normalised() {
        assert!(same_resource(
            "https://h/%7Euser/a%2fb",
            "https://h/~user/a%2Fb"
        ));
        assert!(same_resource(
            "https://h/Отчёт.docx",
            "https://h/%D0%9E%D1%82%D1%87%D1%91%D1%82.docx"
        ));
        assert!(!same_resource("https://h/a%2Fb", "https://h/a/b"));
        assert!(!same_resource("https://h/%aД", "https://h/%AД"));
        assert!(same_resource("https://h/%zz", "https://h/%zz"));
    }

    #[test]
    fn query_order_kept() {
        assert!(same_resource("https://h/f?a=1&b=2", "https://h/f?a=1&b=2"));
        assert!(!same_resource("https://h/f?a=1&b=2", "https://h/f?b=2&a=1"));
    }

    #[test]
    fn path_only_request_compares_target() {
        assert!(same_resource("https://h/files/1?sig=x", "/files/1?sig=x"));
        assert!(!same_resource("https://h/files/1", "/files/2"));
    }

    #[test]
    fn different_host_rejected() {
        assert!(!same_resource(
            "https://a.example/doc",
            "https://b.example/doc"
        ));
        assert!(!same_resource("not a url", "https://b.example/doc"));
        assert!(!same_resource(
            "https://user@a.example/doc",
            "https://a.example/doc"
        ));
    }
}
