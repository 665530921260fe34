//! The little URL handling downloads need: telling an address from a path, its scheme, and where
//! a redirect's `Location` points (absolute, `//host/...`, `/path`, or relative).

/// The scheme of `text` (`https`, `file`, `ftp`...), lowercased, when it starts with one
/// followed by `:`. A Windows drive letter (`C:\...`) is not a scheme.
pub fn scheme(text: &str) -> Option<String> {
    let (head, rest) = text.split_once(':')?;
    let mut chars = head.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let drive = head.len() == 1 && (rest.starts_with('\\') || rest.starts_with('/'));
    (valid && !drive).then(|| head.to_ascii_lowercase())
}

/// Whether `text` names something on the web (`scheme://...`) rather than a file: what
/// `hallway import` and `--schedule` use to choose between downloading and reading.
pub fn is_url(text: &str) -> bool {
    scheme(text).is_some() && text.contains("://")
}

/// Whether hallway may fetch from `url`: http or https only.
pub fn is_http(url: &str) -> bool {
    matches!(scheme(url).as_deref(), Some("http" | "https"))
}

/// Why hallway will not hand `url` to the system's opener, or `None` when it will: only an
/// absolute http(s) address with a host is opened. `file:` (a local file), `javascript:`,
/// custom schemes (which start other programs), relative paths and text with spaces or control
/// characters are shown instead, never opened.
pub fn not_openable(url: &str) -> Option<&'static str> {
    if !is_http(url) {
        return Some("only http(s) links are opened");
    }
    let host = url.split_once("://").map_or("", |(_, rest)| {
        rest.split(['/', '?', '#']).next().unwrap_or("")
    });
    let host = host.rsplit('@').next().unwrap_or(host);
    if host.is_empty() || host.starts_with(':') {
        return Some("the link has no host");
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("the link holds spaces or control characters");
    }
    None
}

/// `scheme://authority` of an absolute URL.
fn origin(base: &str) -> Option<&str> {
    let after = base.find("://")? + 3;
    let end = base[after..]
        .find(['/', '?', '#'])
        .map_or(base.len(), |i| after + i);
    Some(&base[..end])
}

/// Where a redirect's `location` points, seen from `base`.
pub fn resolve(base: &str, location: &str) -> String {
    let location = location.trim();
    if scheme(location).is_some() {
        return location.to_owned();
    }
    let base = base.split('#').next().unwrap_or(base);
    if let Some(rest) = location.strip_prefix("//") {
        let scheme = scheme(base).unwrap_or_else(|| "http".to_owned());
        return format!("{scheme}://{rest}");
    }
    let Some(origin) = origin(base) else {
        return location.to_owned();
    };
    if location.starts_with('/') {
        return format!("{origin}{location}");
    }
    let path_and_query = &base[origin.len()..];
    let path = path_and_query.split('?').next().unwrap_or_default();
    if location.starts_with('?') {
        return format!("{origin}{path}{location}");
    }
    let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
    format!("{origin}{dir}{location}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absolute_http_links_with_a_host_are_openable() {
        for ok in [
            "https://fosdem.org/2025/",
            "http://x.org",
            "HTTPS://Example.com/a?b#c",
        ] {
            assert_eq!(not_openable(ok), None, "{ok}");
        }
        for bad in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "/etc/passwd",
            "./x.html",
            "vscode://file/etc",
            "ssh://host",
            "https://",
            "https:///etc/passwd",
            "https://user@/x",
            "http://a b",
            "-oProxyCommand=x",
            "",
        ] {
            assert!(not_openable(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn schemes_and_paths_are_told_apart() {
        assert_eq!(scheme("HTTPS://x").as_deref(), Some("https"));
        assert_eq!(scheme("file:///etc/passwd").as_deref(), Some("file"));
        assert_eq!(scheme("C:\\schedule.json"), None);
        assert_eq!(scheme("schedule.json"), None);
        assert!(is_url("https://pytorch2024.sched.com/all.ics"));
        assert!(is_url("ftp://example.org/x"));
        assert!(!is_url("./fosdem.xml"));
        assert!(!is_url("mailto:x@example.org"));
        assert!(is_http("http://127.0.0.1:8080/"));
        assert!(!is_http("ftp://example.org/x"));
        assert!(!is_http("file:///x"));
    }

    #[test]
    fn redirects_resolve_against_the_current_address() {
        let base = "http://127.0.0.1:8080/event/schedule.json?x=1";
        assert_eq!(
            resolve(base, "https://other.example/s.json"),
            "https://other.example/s.json"
        );
        assert_eq!(
            resolve(base, "//cdn.example/s.json"),
            "http://cdn.example/s.json"
        );
        assert_eq!(
            resolve(base, "/v2/s.json"),
            "http://127.0.0.1:8080/v2/s.json"
        );
        assert_eq!(
            resolve(base, "s2.json"),
            "http://127.0.0.1:8080/event/s2.json"
        );
        assert_eq!(
            resolve(base, "?x=2"),
            "http://127.0.0.1:8080/event/schedule.json?x=2"
        );
        assert_eq!(resolve("http://h", "a"), "http://h/a");
        assert_eq!(resolve(base, "file:///etc/passwd"), "file:///etc/passwd");
    }
}
