//! A small HTTP/1.1 server on 127.0.0.1 for the download tests: one thread accepting, one per
//! connection, every answer closing its connection. Handlers can stall (before the headers or
//! in the middle of the body), redirect, answer 304, or send no Content-Length. Nothing but the
//! loopback address is ever used, and every wait is bounded, so a test that fails cannot hang.
#![allow(dead_code)]

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What the client asked.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// A header's value (names compared without regard to case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What to answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// No Content-Length: the body ends when the connection closes.
    pub close_delimited: bool,
    /// Wait this long before sending anything.
    pub stall_before: Duration,
    /// Send the headers and this many bytes of the body, then wait this long.
    pub stall_body: Option<(usize, Duration)>,
}

impl Reply {
    /// 200 with a body of this content type.
    pub fn ok(body: impl Into<Vec<u8>>, content_type: &str) -> Self {
        Self::status(200)
            .header("Content-Type", content_type)
            .body(body)
    }

    /// An empty answer with this status.
    pub fn status(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            close_delimited: false,
            stall_before: Duration::ZERO,
            stall_body: None,
        }
    }

    /// 302 to `location`.
    pub fn redirect(location: &str) -> Self {
        Self::status(302).header("Location", location)
    }

    #[must_use]
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    #[must_use]
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Whatever",
    }
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

/// A running server; stops when dropped.
pub struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    log: Arc<Mutex<Vec<Request>>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Serves `handler` on 127.0.0.1, on a free port.
    pub fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Self {
        let listener =
            TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind 127.0.0.1: {e}"));
        let addr = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("local addr: {e}"));
        listener
            .set_nonblocking(true)
            .unwrap_or_else(|e| panic!("nonblocking: {e}"));
        let stop = Arc::new(AtomicBool::new(false));
        let log = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let thread = {
            let stop = Arc::clone(&stop);
            let log = Arc::clone(&log);
            std::thread::spawn(move || accept(&listener, &stop, &log, &handler))
        };
        Self {
            addr,
            stop,
            log,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT/path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}/{}", self.addr, path.trim_start_matches('/'))
    }

    /// Every request so far, oldest first.
    pub fn requests(&self) -> Vec<Request> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// An address on 127.0.0.1 where nothing listens (a port just freed).
pub fn refused_url() -> String {
    let listener =
        TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind 127.0.0.1: {e}"));
    let addr = listener
        .local_addr()
        .unwrap_or_else(|e| panic!("local addr: {e}"));
    drop(listener);
    format!("http://{addr}/schedule.json")
}

fn accept(
    listener: &TcpListener,
    stop: &Arc<AtomicBool>,
    log: &Arc<Mutex<Vec<Request>>>,
    handler: &Arc<Handler>,
) {
    while !stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) => {
                let (stop, log, handler) = (Arc::clone(stop), Arc::clone(log), Arc::clone(handler));
                std::thread::spawn(move || serve(stream, &stop, &log, &*handler));
            }
            Err(_) => std::thread::sleep(Duration::from_millis(5)),
        }
    }
}

/// Sleeps up to `d`, waking early when the server stops.
fn wait(d: Duration, stop: &AtomicBool) {
    let until = Instant::now() + d;
    while Instant::now() < until && !stop.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn serve(mut stream: TcpStream, stop: &AtomicBool, log: &Mutex<Vec<Request>>, handler: &Handler) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let Some(request) = read_request(&mut stream) else {
        return;
    };
    if let Ok(mut l) = log.lock() {
        l.push(request.clone());
    }
    let reply = handler(&request);
    wait(reply.stall_before, stop);
    let mut head = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if !reply.close_delimited && reply.status != 304 {
        head.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
    }
    head.push_str("Connection: close\r\n\r\n");
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    let body = if request.method == "HEAD" || reply.status == 304 {
        &[][..]
    } else {
        &reply.body[..]
    };
    let sent = match reply.stall_body {
        Some((n, d)) => {
            let n = n.min(body.len());
            let _ = stream.write_all(&body[..n]);
            let _ = stream.flush();
            wait(d, stop);
            n
        }
        None => 0,
    };
    let _ = stream.write_all(&body[sent..]);
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    while !data.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).ok()?;
        if n == 0 || data.len() > 64 * 1024 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&data);
    let mut lines = text.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_owned();
    let path = first.next()?.to_owned();
    let headers = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Some(Request {
        method,
        path,
        headers,
    })
}

/// A file served at one path with an ETag and a Last-Modified that change with each version,
/// answering 304 to a matching `If-None-Match`. Other paths are 404.
#[derive(Clone)]
pub struct Site {
    state: Arc<Mutex<SiteState>>,
}

struct SiteState {
    body: Vec<u8>,
    version: u32,
    content_type: String,
    /// When set, answer this instead (the failure being tested).
    instead: Option<Reply>,
}

impl Site {
    pub fn new(body: Vec<u8>, content_type: &str) -> Self {
        Self {
            state: Arc::new(Mutex::new(SiteState {
                body,
                version: 1,
                content_type: content_type.to_owned(),
                instead: None,
            })),
        }
    }

    /// Publishes a new version.
    pub fn publish(&self, body: Vec<u8>) {
        if let Ok(mut s) = self.state.lock() {
            s.body = body;
            s.version += 1;
        }
    }

    /// Answers `reply` to everything until [`Self::recover`].
    pub fn fail_with(&self, reply: Reply) {
        if let Ok(mut s) = self.state.lock() {
            s.instead = Some(reply);
        }
    }

    pub fn recover(&self) {
        if let Ok(mut s) = self.state.lock() {
            s.instead = None;
        }
    }

    /// The current ETag.
    pub fn etag(&self) -> String {
        self.state
            .lock()
            .map(|s| format!("\"v{}\"", s.version))
            .unwrap_or_default()
    }

    /// Serves the file at `/path`.
    pub fn serve(&self, path: &str) -> Server {
        let site = self.clone();
        let path = format!("/{}", path.trim_start_matches('/'));
        Server::start(move |req| site.answer(req, &path))
    }

    fn answer(&self, req: &Request, path: &str) -> Reply {
        let Ok(s) = self.state.lock() else {
            return Reply::status(500);
        };
        if let Some(reply) = &s.instead {
            return reply.clone();
        }
        if req.path != path {
            return Reply::status(404);
        }
        let etag = format!("\"v{}\"", s.version);
        let last_modified = format!("Tue, 27 Dec 2016 {:02}:00:00 GMT", s.version % 24);
        if req.header("If-None-Match") == Some(etag.as_str()) {
            return Reply::status(304).header("ETag", &etag);
        }
        Reply::ok(s.body.clone(), &s.content_type)
            .header("ETag", &etag)
            .header("Last-Modified", &last_modified)
    }
}
