//! Downloading a schedule: one blocking HTTP(S) GET with a connect timeout and a total timeout,
//! a size cap, redirects followed only to http/https, gzip accepted, conditional requests
//! (`If-None-Match` / `If-Modified-Since`), and a progress callback for large downloads. TLS goes
//! through rustls, so no system library is needed; there is no async runtime.
//!
//! The domain side of "open a conference by its URL": [`crate::library`] keeps what a
//! [`Fetcher`] brings and refreshes it. Nothing here knows about the terminal: the CLI passes a
//! progress callback that draws on stderr when stderr is one.
//!
//! The size cap is shared with local files read from outside ([`local`]): a schedule, a notes
//! file or a backup is held to the same limit as a download.

pub mod local;
pub mod url;

use std::io::Read as _;
use std::time::{Duration, Instant};

pub use url::{is_http, is_url};

/// What hallway says it is, in every request.
pub const USER_AGENT: &str = concat!("hallway/", env!("CARGO_PKG_VERSION"));

/// Environment variable overriding the total timeout, in seconds (fractions allowed).
pub const ENV_TIMEOUT: &str = "HALLWAY_HTTP_TIMEOUT_SECS";
/// Environment variable overriding the connect timeout, in seconds (fractions allowed).
pub const ENV_CONNECT_TIMEOUT: &str = "HALLWAY_HTTP_CONNECT_TIMEOUT_SECS";
/// Environment variable overriding the size cap, in bytes: of downloads, and of the local
/// files read from outside ([`local`]).
pub const ENV_MAX_BYTES: &str = "HALLWAY_HTTP_MAX_BYTES";

/// Redirects followed before giving up.
pub const MAX_REDIRECTS: usize = 10;

/// Downloads smaller than this never show progress.
const LARGE: u64 = 1_000_000;
/// How often progress is reported at most.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// Limits of one download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchOptions {
    /// Time to set up the connection (DNS, TCP, TLS). Default 10 s.
    pub connect_timeout: Duration,
    /// Time for the whole download, redirects and body included. Default 60 s.
    pub timeout: Duration,
    /// Largest body accepted, after decompression; also the largest local file read from
    /// outside ([`local`]). Default 50 MB.
    pub max_bytes: u64,
}

impl Default for FetchOptions {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(60),
            max_bytes: 50_000_000,
        }
    }
}

impl FetchOptions {
    /// The defaults, overridden by [`ENV_TIMEOUT`], [`ENV_CONNECT_TIMEOUT`] and
    /// [`ENV_MAX_BYTES`] when set.
    ///
    /// # Errors
    /// A line naming the variable whose value is not a positive number.
    pub fn from_env() -> Result<Self, String> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`Self::from_env`] with the variables looked up by `var`.
    ///
    /// # Errors
    /// As [`Self::from_env`].
    pub fn from_lookup(var: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let mut options = Self::default();
        let secs = |name: &str| -> Result<Option<Duration>, String> {
            var(name)
                .map(|v| {
                    v.trim()
                        .parse::<f64>()
                        .ok()
                        .filter(|s| s.is_finite() && *s > 0.0 && *s < 1e9)
                        .map(Duration::from_secs_f64)
                        .ok_or_else(|| format!("{name}=\"{v}\" is not a number of seconds"))
                })
                .transpose()
        };
        if let Some(t) = secs(ENV_TIMEOUT)? {
            options.timeout = t;
        }
        if let Some(t) = secs(ENV_CONNECT_TIMEOUT)? {
            options.connect_timeout = t;
        }
        options.max_bytes = Self::max_bytes_from(var)?;
        Ok(options)
    }

    /// The size cap alone: [`ENV_MAX_BYTES`] as looked up by `var`, else the default.
    ///
    /// # Errors
    /// A line naming the variable when its value is not a positive number of bytes.
    pub fn max_bytes_from(var: impl Fn(&str) -> Option<String>) -> Result<u64, String> {
        match var(ENV_MAX_BYTES) {
            None => Ok(Self::default().max_bytes),
            Some(v) => v
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("{ENV_MAX_BYTES}=\"{v}\" is not a number of bytes")),
        }
    }
}

/// What an earlier download said about its content, for a conditional request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` header, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` header, sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

/// A body the server sent.
#[derive(Debug, Clone)]
pub struct Download {
    /// The address asked for.
    pub url: String,
    /// Where the body came from, after redirects.
    pub final_url: String,
    /// The body, decompressed.
    pub bytes: Vec<u8>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_type: Option<String>,
}

/// The answer to a GET.
#[derive(Debug, Clone)]
pub enum Fetched {
    /// 304: what was fetched before is still current.
    NotModified,
    /// 2xx with a body.
    Body(Download),
}

/// How far a large download has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Bytes received so far (decompressed).
    pub received: u64,
    /// The size the server announced, when it did (and the body is not compressed).
    pub total: Option<u64>,
    /// The download is over (successfully or not): clear whatever shows progress.
    pub done: bool,
}

/// Why a download failed. Each message is one line naming the address.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// Not an http or https address.
    #[error("{url}: hallway downloads only http:// and https:// addresses")]
    Scheme { url: String },
    /// An address that cannot be parsed.
    #[error("{url}: not a valid web address ({reason})")]
    BadUrl { url: String, reason: String },
    /// Nothing listens there.
    #[error("{url}: connection refused (is the server up, and the port right?)")]
    Refused { url: String },
    /// The host name does not resolve.
    #[error("{url}: cannot find the host (offline, or a typo in the address?)")]
    HostNotFound { url: String },
    /// Any other failure to connect.
    #[error("{url}: cannot connect: {reason}")]
    Connect { url: String, reason: String },
    /// Too slow.
    #[error("{url}: timed out: {what}")]
    Timeout { url: String, what: String },
    /// A status other than 2xx, 3xx with a location, or 304.
    #[error("{url}: the server answered {status}{}", reason_text(reason))]
    Status {
        url: String,
        status: u16,
        reason: String,
    },
    /// A redirect to something other than http/https.
    #[error("{url}: redirected to {target}, which is not an http or https address; not followed")]
    RedirectScheme { url: String, target: String },
    /// A redirect without a `Location`.
    #[error("{url}: the server answered {status} (a redirect) without saying where to")]
    RedirectNowhere { url: String, status: u16 },
    /// Redirects going round.
    #[error("{url}: more than {MAX_REDIRECTS} redirects; stopped at {last}")]
    TooManyRedirects { url: String, last: String },
    /// Over the size cap.
    #[error("{url}: larger than the size cap of {} ({ENV_MAX_BYTES} changes it)", size(*limit))]
    TooLarge { url: String, limit: u64 },
    /// The connection broke, or TLS failed, during the transfer.
    #[error("{url}: {reason}")]
    Transfer { url: String, reason: String },
}

fn reason_text(reason: &str) -> String {
    if reason.is_empty() {
        String::new()
    } else {
        format!(" {reason}")
    }
}

impl FetchError {
    /// The address was wrong from the start (not http/https, unparseable): the user's input,
    /// rather than the network or the server, is at fault.
    pub fn is_bad_address(&self) -> bool {
        matches!(self, FetchError::Scheme { .. } | FetchError::BadUrl { .. })
    }
}

/// `12.3 MB`, `512 kB`, `900 bytes`.
pub fn size(bytes: u64) -> String {
    #[allow(clippy::cast_precision_loss, reason = "a size shown to one decimal")]
    let b = bytes as f64;
    if bytes >= 1_000_000 {
        format!("{:.1} MB", b / 1e6).replace(".0 MB", " MB")
    } else if bytes >= 1_000 {
        format!("{} kB", bytes / 1_000)
    } else {
        format!("{bytes} bytes")
    }
}

/// A progress callback.
type ProgressFn = Box<dyn Fn(Progress) + Send + Sync>;

/// A configured HTTP client. Cheap to share (`&Fetcher` is all a download needs) and `Send +
/// Sync`, so the TUI can refresh from a worker thread.
pub struct Fetcher {
    agent: ureq::Agent,
    options: FetchOptions,
    progress: Option<ProgressFn>,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher")
            .field("options", &self.options)
            .field("progress", &self.progress.is_some())
            .finish_non_exhaustive()
    }
}

impl Fetcher {
    /// A client with these limits. Proxies come from the usual environment variables
    /// (`HTTPS_PROXY`, `NO_PROXY`...).
    pub fn new(options: FetchOptions) -> Self {
        let agent = ureq::Agent::config_builder()
            .timeout_connect(Some(options.connect_timeout))
            .timeout_global(Some(options.timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(USER_AGENT)
            .build()
            .into();
        Self {
            agent,
            options,
            progress: None,
        }
    }

    /// Reports progress of downloads larger than 1 MB to `report`, at most ten times a second,
    /// and once more with `done` at the end.
    #[must_use]
    pub fn with_progress(mut self, report: impl Fn(Progress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Box::new(report));
        self
    }

    /// The limits in force.
    pub fn options(&self) -> &FetchOptions {
        &self.options
    }

    /// GETs `url`, following redirects to http/https addresses, conditionally when
    /// `validators` hold anything.
    ///
    /// # Errors
    /// A [`FetchError`] naming the address: not http/https, refused, timed out, a status other
    /// than 2xx/304, a redirect elsewhere than http/https, over the size cap.
    pub fn get(&self, url: &str, validators: &Validators) -> Result<Fetched, FetchError> {
        if !is_http(url) {
            return Err(FetchError::Scheme {
                url: url.to_owned(),
            });
        }
        let deadline = Instant::now() + self.options.timeout;
        let mut current = url.to_owned();
        for _ in 0..=MAX_REDIRECTS {
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(self.timed_out(url));
            }
            let mut request = self.agent.get(&current);
            if let Some(etag) = &validators.etag {
                request = request.header("If-None-Match", etag);
            }
            if let Some(date) = &validators.last_modified {
                request = request.header("If-Modified-Since", date);
            }
            let response = request
                .config()
                .timeout_global(Some(remaining))
                .build()
                .call()
                .map_err(|e| self.error(url, e))?;
            let status = response.status();
            if status.as_u16() == 304 {
                return Ok(Fetched::NotModified);
            }
            if status.is_redirection() {
                let location =
                    header(&response, "location").ok_or_else(|| FetchError::RedirectNowhere {
                        url: url.to_owned(),
                        status: status.as_u16(),
                    })?;
                let next = url::resolve(&current, &location);
                if !is_http(&next) {
                    return Err(FetchError::RedirectScheme {
                        url: url.to_owned(),
                        target: next,
                    });
                }
                current = next;
                continue;
            }
            if !status.is_success() {
                return Err(FetchError::Status {
                    url: url.to_owned(),
                    status: status.as_u16(),
                    reason: status.canonical_reason().unwrap_or_default().to_owned(),
                });
            }
            return self.body(url, current, response).map(Fetched::Body);
        }
        Err(FetchError::TooManyRedirects {
            url: url.to_owned(),
            last: current,
        })
    }

    /// Reads a 2xx body within the size cap.
    fn body(
        &self,
        url: &str,
        final_url: String,
        response: ureq::http::Response<ureq::Body>,
    ) -> Result<Download, FetchError> {
        let limit = self.options.max_bytes;
        let too_large = || FetchError::TooLarge {
            url: url.to_owned(),
            limit,
        };
        let etag = header(&response, "etag");
        let last_modified = header(&response, "last-modified");
        let content_type = header(&response, "content-type");
        let encoded = header(&response, "content-encoding").is_some_and(|e| e != "identity");
        let announced = header(&response, "content-length").and_then(|l| l.parse::<u64>().ok());
        if announced.is_some_and(|n| n > limit && !encoded) {
            return Err(too_large());
        }
        let total = announced.filter(|_| !encoded);
        let mut reader = response.into_body().into_reader();
        let mut bytes =
            Vec::with_capacity(usize::try_from(total.unwrap_or(0).min(limit)).unwrap_or_default());
        let mut buf = vec![0u8; 64 * 1024];
        let mut reporter = Reporter::new(self.progress.as_deref(), total);
        let result = loop {
            match reader.read(&mut buf) {
                Ok(0) => break Ok(()),
                Ok(n) => {
                    bytes.extend_from_slice(&buf[..n]);
                    if bytes.len() as u64 > limit {
                        break Err(too_large());
                    }
                    reporter.report(bytes.len() as u64);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => break Err(self.error(url, ureq::Error::from(e))),
            }
        };
        reporter.finish();
        result.map(|()| Download {
            url: url.to_owned(),
            final_url,
            bytes,
            etag,
            last_modified,
            content_type,
        })
    }

    fn timed_out(&self, url: &str) -> FetchError {
        FetchError::Timeout {
            url: url.to_owned(),
            what: format!(
                "no complete answer within {} ({ENV_TIMEOUT} changes it)",
                seconds(self.options.timeout)
            ),
        }
    }

    /// A ureq error as a [`FetchError`] about `url`.
    fn error(&self, url: &str, e: ureq::Error) -> FetchError {
        let url = url.to_owned();
        match e {
            ureq::Error::Timeout(ureq::Timeout::Connect) => FetchError::Timeout {
                url,
                what: format!(
                    "could not connect within {} ({ENV_CONNECT_TIMEOUT} changes it)",
                    seconds(self.options.connect_timeout)
                ),
            },
            ureq::Error::Timeout(_) => self.timed_out(&url),
            ureq::Error::HostNotFound => FetchError::HostNotFound { url },
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
                FetchError::Refused { url }
            }
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
                self.timed_out(&url)
            }
            ureq::Error::ConnectionFailed => FetchError::Connect {
                url,
                reason: "connection failed".to_owned(),
            },
            ureq::Error::BadUri(reason) => FetchError::BadUrl { url, reason },
            ureq::Error::Http(e) => FetchError::BadUrl {
                url,
                reason: e.to_string(),
            },
            ureq::Error::BodyExceedsLimit(limit) => FetchError::TooLarge { url, limit },
            other => FetchError::Transfer {
                url,
                reason: other.to_string(),
            },
        }
    }
}

/// `60 s`, `1.5 s`.
fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{s:.1} s")
    }
}

fn header(response: &ureq::http::Response<ureq::Body>, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// Calls the progress callback for large downloads only, and not too often.
struct Reporter<'a> {
    report: Option<&'a (dyn Fn(Progress) + Send + Sync)>,
    total: Option<u64>,
    last: Option<Instant>,
    received: u64,
}

impl<'a> Reporter<'a> {
    fn new(report: Option<&'a (dyn Fn(Progress) + Send + Sync)>, total: Option<u64>) -> Self {
        Self {
            report,
            total,
            last: None,
            received: 0,
        }
    }

    fn report(&mut self, received: u64) {
        self.received = received;
        let Some(report) = self.report else { return };
        let large = received >= LARGE || self.total.is_some_and(|t| t >= LARGE);
        if !large || self.last.is_some_and(|t| t.elapsed() < PROGRESS_EVERY) {
            return;
        }
        self.last = Some(Instant::now());
        report(Progress {
            received,
            total: self.total,
            done: false,
        });
    }

    fn finish(&self) {
        if let (Some(report), Some(_)) = (self.report, self.last) {
            report(Progress {
                received: self.received,
                total: self.total,
                done: true,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_come_from_the_environment() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert_eq!(
            FetchOptions::from_lookup(vars(&[])),
            Ok(FetchOptions::default())
        );
        let o = FetchOptions::from_lookup(vars(&[
            (ENV_TIMEOUT, "1.5"),
            (ENV_CONNECT_TIMEOUT, "2"),
            (ENV_MAX_BYTES, "1000"),
        ]));
        assert_eq!(
            o,
            Ok(FetchOptions {
                connect_timeout: Duration::from_secs(2),
                timeout: Duration::from_millis(1500),
                max_bytes: 1000,
            })
        );
        let bad = FetchOptions::from_lookup(vars(&[(ENV_TIMEOUT, "soon")]));
        assert!(bad.is_err_and(|e| e.contains(ENV_TIMEOUT)));
        assert!(FetchOptions::from_lookup(vars(&[(ENV_MAX_BYTES, "-1")])).is_err());
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(size(50_000_000), "50 MB");
        assert_eq!(size(1_240_000), "1.2 MB");
        assert_eq!(size(100_000), "100 kB");
        assert_eq!(size(12), "12 bytes");
        assert_eq!(seconds(Duration::from_secs(60)), "60 s");
        assert_eq!(seconds(Duration::from_millis(1500)), "1.5 s");
    }

    #[test]
    fn only_http_and_https_are_fetched() {
        let f = Fetcher::new(FetchOptions::default());
        for url in ["ftp://example.org/s.json", "file:///etc/passwd"] {
            let e = f.get(url, &Validators::default());
            assert!(matches!(e, Err(FetchError::Scheme { .. })), "{url}: {e:?}");
        }
    }
}
