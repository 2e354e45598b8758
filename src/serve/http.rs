//! The connections of `serve`: HTTP/1.1 request heads read within limits, and only for this
//! computer's own host names.
//!
//! tiny_http 0.12 reads a request line and headers into memory with no bound (a 400 MB header
//! line grew the server to 444 MB; tiny-http#56 is open), and it gives no way in before it has
//! read them. So `serve` reads each head itself, a bounded line at a time: a request line over
//! [`MAX_REQUEST_LINE`] gets 414, headers over [`MAX_HEADER_BYTES`] or [`MAX_HEADERS`] get 431.
//! tiny_http's `Response` still writes every answer.
//!
//! A web page can make a browser send requests to `127.0.0.1` under a name the page controls
//! (DNS rebinding) and read the answers, drafts included. Such a request carries that name in
//! `Host`, so a `Host` that is not a loopback name or address, or the address `serve` was bound
//! to, gets 421 Misdirected Request. (An IP address cannot be rebound; with `--bind 0.0.0.0`
//! every address is this computer's, so any address is answered.)

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{HTTPVersion, Header, Method, Response};

/// The longest request line read; longer ones get 414 URI Too Long. Page URLs are far shorter
/// (and [`super::resolve`] refuses targets over 2 KB anyway).
pub const MAX_REQUEST_LINE: usize = 8 * 1024;
/// The most bytes of header lines one request may send; more gets 431.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;
/// The most header lines one request may send; more gets 431. Browsers send about 20.
pub const MAX_HEADERS: usize = 100;
/// Open connections beyond this get 503: each holds a thread.
const MAX_CONNECTIONS: usize = 512;
/// A connection that sends nothing for this long is closed.
const READ_TIMEOUT: Duration = Duration::from_secs(30);
/// After refusing a request, this much more of it is read and dropped before closing, so that
/// closing on unread data (which resets the connection) does not destroy the answer in flight.
const LINGER_BYTES: u64 = 1024 * 1024;

/// Which `Host` headers are this server's.
#[derive(Debug, Clone)]
pub struct HostPolicy {
    /// The `--bind` value when it is a host name (lower case).
    bind_name: Option<String>,
    /// The address the server listens on.
    bind_address: IpAddr,
}

impl HostPolicy {
    pub fn new(bind: &str, bind_address: IpAddr) -> Self {
        let bind = bind.trim_end_matches('.').to_ascii_lowercase();
        let bind_name = (bind.parse::<IpAddr>().is_err() && !bind.starts_with('[')).then_some(bind);
        HostPolicy { bind_name, bind_address }
    }

    /// Whether a `Host` header's value (a name or address, with or without a port) is ours.
    pub fn allows(&self, host: &str) -> bool {
        let Some(name) = host_name(host) else { return false };
        if let Some(address) = parse_address(&name) {
            let address = address.to_canonical();
            return address.is_loopback() || address == self.bind_address || self.bind_address.is_unspecified();
        }
        name == "localhost" || name.ends_with(".localhost") || self.bind_name.as_deref() == Some(name.as_str())
    }
}

/// The host part of a `Host` value, lower case and without a trailing dot: `[::1]:80` -> `[::1]`,
/// `LocalHost.:80` -> `localhost`. `None` when it is malformed.
fn host_name(host: &str) -> Option<String> {
    let host = host.trim();
    let name = if host.starts_with('[') {
        let end = host.find(']')?;
        let port = &host[end + 1..];
        if !(port.is_empty() || port.strip_prefix(':').is_some_and(|p| p.chars().all(|c| c.is_ascii_digit()))) {
            return None;
        }
        &host[..=end]
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
            Some(_) => return None,
            None => host,
        }
    };
    let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
    let valid = !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '[' | ']' | ':'));
    valid.then_some(name)
}

fn parse_address(name: &str) -> Option<IpAddr> {
    match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(v6) => v6.parse::<std::net::Ipv6Addr>().ok().map(IpAddr::V6),
        None => name.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4),
    }
}

/// A request whose head was read within the limits and whose `Host` is ours.
pub struct Request {
    method: Method,
    url: String,
    version: HTTPVersion,
    headers: Vec<Header>,
    stream: TcpStream,
    keep_alive: bool,
    /// Set once answered on a connection that may carry another request.
    reusable: Arc<AtomicBool>,
}

impl Request {
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The request target exactly as sent.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Answers the request; HEAD gets the headers only.
    pub fn respond<R: Read>(self, response: Response<R>) -> std::io::Result<()> {
        let response = match Header::from_bytes(&b"Connection"[..], &b"close"[..]) {
            Ok(close) if !self.keep_alive => response.with_header(close),
            _ => response,
        };
        let mut writer = std::io::BufWriter::new(&self.stream);
        let head_only = self.method == Method::Head;
        response.raw_print(&mut writer, self.version.clone(), &self.headers, head_only, None)?;
        writer.flush()?;
        drop(writer);
        self.reusable.store(self.keep_alive, Ordering::SeqCst);
        Ok(())
    }

    /// The connection, to write a streamed answer by hand (live reload); it carries nothing else.
    pub fn into_writer(self) -> Box<dyn Write + Send> {
        Box::new(self.stream)
    }
}

/// A request head refused before it reaches the handler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    pub reason: &'static str,
}

const fn refuse(status: u16, reason: &'static str) -> Refusal {
    Refusal { status, reason }
}

/// A request line and headers, as read.
#[derive(Debug)]
pub struct Head {
    pub method: Method,
    pub target: String,
    pub version: HTTPVersion,
    pub headers: Vec<Header>,
}

impl Head {
    fn header(&self, name: &'static str) -> impl Iterator<Item = &str> {
        self.headers.iter().filter(move |h| h.field.equiv(name)).map(|h| h.value.as_str())
    }
}

/// Reads one request head, never holding more than the limits allow. `Ok(None)`: the client
/// closed (or went quiet) between requests.
pub fn read_head(reader: &mut impl BufRead) -> Result<Option<Head>, Refusal> {
    // A few empty lines before a request are tolerated (RFC 9112, section 2.2).
    let mut line = Vec::new();
    for _ in 0..4 {
        match read_line(reader, MAX_REQUEST_LINE, &mut line) {
            Line::Read if line.is_empty() => continue,
            Line::Read => break,
            Line::TooLong => return Err(refuse(414, "URI Too Long")),
            Line::Closed if line.is_empty() => return Ok(None),
            Line::Closed => return Err(refuse(400, "Bad Request")),
        }
    }
    let (method, target, version) = request_line(&line)?;
    let mut headers = Vec::new();
    let mut budget = MAX_HEADER_BYTES;
    loop {
        match read_line(reader, budget, &mut line) {
            Line::Read if line.is_empty() => break,
            Line::Read => {}
            Line::TooLong => return Err(refuse(431, "Request Header Fields Too Large")),
            Line::Closed => return Err(refuse(400, "Bad Request")),
        }
        budget -= line.len();
        if headers.len() == MAX_HEADERS {
            return Err(refuse(431, "Request Header Fields Too Large"));
        }
        // Folded lines (obsolete) and anything but ASCII are refused, as RFC 9112 allows.
        let text = std::str::from_utf8(&line).ok().filter(|t| t.is_ascii() && !t.starts_with([' ', '\t']));
        let header = text.filter(|t| t.contains(':')).and_then(|t| t.parse::<Header>().ok());
        headers.push(header.ok_or(refuse(400, "Bad Request"))?);
    }
    Ok(Some(Head { method, target, version, headers }))
}

fn request_line(line: &[u8]) -> Result<(Method, String, HTTPVersion), Refusal> {
    let bad = refuse(400, "Bad Request");
    let text = std::str::from_utf8(line).map_err(|_| bad.clone())?;
    let mut parts = text.split(' ');
    let (Some(method), Some(target), Some(version), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad);
    };
    if target.is_empty() || !text.is_ascii() || text.chars().any(|c| c.is_ascii_control()) {
        return Err(bad);
    }
    let version = match version {
        "HTTP/1.1" => HTTPVersion(1, 1),
        "HTTP/1.0" => HTTPVersion(1, 0),
        v if v.starts_with("HTTP/") => return Err(refuse(505, "HTTP Version Not Supported")),
        _ => return Err(bad),
    };
    let method = method.parse::<Method>().map_err(|()| bad.clone())?;
    Ok((method, target.to_string(), version))
}

enum Line {
    /// A whole line, without its line end, is in the buffer.
    Read,
    /// The line is longer than the limit: no more of it was read than that.
    TooLong,
    /// The connection ended, failed or timed out (what was read of the line is in the buffer).
    Closed,
}

/// Reads a line ended by LF (or CRLF) into `line`, reading at most `limit` bytes of it plus the
/// line end.
fn read_line(reader: &mut impl BufRead, limit: usize, line: &mut Vec<u8>) -> Line {
    line.clear();
    let mut limited = reader.by_ref().take(limit as u64 + 2);
    if limited.read_until(b'\n', line).is_err() {
        return Line::Closed;
    }
    if line.last() != Some(&b'\n') {
        return if line.len() > limit { Line::TooLong } else { Line::Closed };
    }
    line.pop();
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    if line.len() > limit {
        Line::TooLong
    } else {
        Line::Read
    }
}

/// The answer to a complete request head, before the handler sees it.
fn admit(head: &Head, hosts: &HostPolicy) -> Result<(), Refusal> {
    let mut hosts_sent = head.header("Host");
    match (hosts_sent.next(), hosts_sent.next()) {
        (Some(_), Some(_)) => Err(refuse(400, "Bad Request")),
        (Some(host), None) if !hosts.allows(host) => Err(refuse(421, "Misdirected Request")),
        (None, _) if head.version == HTTPVersion(1, 1) => Err(refuse(400, "Bad Request")),
        _ => Ok(()),
    }
}

/// Whether the connection may carry another request after this one's answer. Request bodies
/// are never read (only GET and HEAD are served), so a request with one ends the connection.
fn keeps_alive(head: &Head) -> bool {
    let close = head.header("Connection").any(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case("close")));
    let has_body =
        head.header("Transfer-Encoding").next().is_some() || head.header("Content-Length").any(|v| v.trim() != "0");
    head.version == HTTPVersion(1, 1) && !close && !has_body
}

/// A request handler: answers with [`Request::respond`] or takes the connection.
pub type Handler = dyn Fn(Request) + Send + Sync;

/// Accepts connections for ever, each on a thread of its own, and passes every admitted request
/// to `handler` on that thread.
pub fn serve(listener: TcpListener, hosts: HostPolicy, handler: Arc<Handler>) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors, most likely: wait for some to close.
            std::thread::sleep(Duration::from_millis(20));
            continue;
        };
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            refuse_and_close(&stream, &refuse(503, "Service Unavailable"));
            continue;
        }
        let (hosts, handler, count) = (hosts.clone(), Arc::clone(&handler), Arc::clone(&open));
        let spawned = std::thread::Builder::new().name("tierbook-connection".into()).spawn(move || {
            connection(stream, &hosts, &*handler);
            count.fetch_sub(1, Ordering::SeqCst);
        });
        if spawned.is_err() {
            open.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Reads and answers the requests of one connection, in order, until it closes.
fn connection(stream: TcpStream, hosts: &HostPolicy, handler: &Handler) {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let _ = stream.set_nodelay(true);
    let Ok(read_half) = stream.try_clone() else { return };
    let mut reader = BufReader::new(read_half);
    loop {
        let head = match read_head(&mut reader).and_then(|head| head.map(|h| admit(&h, hosts).map(|()| h)).transpose())
        {
            Ok(Some(head)) => head,
            Ok(None) => return,
            Err(refusal) => return refuse_and_close(&stream, &refusal),
        };
        let Ok(writer) = stream.try_clone() else { return };
        let reusable = Arc::new(AtomicBool::new(false));
        let keep_alive = keeps_alive(&head);
        let Head { method, target, version, headers } = head;
        handler(Request {
            method,
            url: target,
            version,
            headers,
            stream: writer,
            keep_alive,
            reusable: Arc::clone(&reusable),
        });
        if !reusable.load(Ordering::SeqCst) {
            return;
        }
    }
}

/// Answers a refused request and closes the connection.
fn refuse_and_close(stream: &TcpStream, refusal: &Refusal) {
    let body = format!("{} {}\n", refusal.status, refusal.reason);
    let mut writer = stream;
    let _ = write!(
        writer,
        "HTTP/1.1 {} {}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n{body}",
        refusal.status,
        refusal.reason,
        body.len()
    );
    let _ = writer.flush();
    let _ = stream.shutdown(std::net::Shutdown::Write);
    // Drop what the client is still sending, up to a bound, so the answer arrives whole.
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let _ = std::io::copy(&mut stream.take(LINGER_BYTES), &mut std::io::sink());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(bytes: &[u8]) -> Result<Option<Head>, Refusal> {
        read_head(&mut BufReader::new(bytes))
    }

    fn status(bytes: &[u8]) -> u16 {
        match head(bytes) {
            Ok(Some(_)) => 200,
            Ok(None) => 0,
            Err(refusal) => refusal.status,
        }
    }

    #[test]
    fn request_heads_are_read_within_their_limits() {
        let ok = head(b"\r\nGET /a?b HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\nGET / HTTP/1.1\r\n").ok().flatten();
        let ok = ok.expect("a head");
        assert_eq!((ok.method, ok.target.as_str(), ok.headers.len()), (Method::Get, "/a?b", 2));
        assert_eq!(status(b"GET / HTTP/1.0\n\n"), 200, "bare LF line ends are read");

        let long_target = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_REQUEST_LINE));
        assert_eq!(status(long_target.as_bytes()), 414);
        let fits = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_REQUEST_LINE - 15));
        assert_eq!(status(fits.as_bytes()), 200);
        let long_header = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEADER_BYTES));
        assert_eq!(status(long_header.as_bytes()), 431);
        let many: String = (0..=MAX_HEADERS).map(|i| format!("X-{i}: 1\r\n")).collect();
        assert_eq!(status(format!("GET / HTTP/1.1\r\n{many}\r\n").as_bytes()), 431);
        let spread: String = (0..MAX_HEADERS).map(|i| format!("X-{i}: {}\r\n", "a".repeat(400))).collect();
        assert_eq!(status(format!("GET / HTTP/1.1\r\n{spread}\r\n").as_bytes()), 431, "the total is bounded too");

        assert_eq!(status(b""), 0, "closed before a request");
        assert_eq!(status(b"GET / HT"), 400, "closed inside one");
        assert_eq!(status(b"GET / HTTP/2.0\r\n\r\n"), 505);
        for bad in [&b"GET /\r\n\r\n"[..], b"GET  / HTTP/1.1\r\n\r\n", b"GET / HTTP/1.1\r\nNo colon\r\n\r\n"] {
            assert_eq!(status(bad), 400, "{:?}", String::from_utf8_lossy(bad));
        }
        assert_eq!(status(b"GET / HTTP/1.1\r\nX: 1\r\n  folded\r\n\r\n"), 400);
        assert_eq!(status("GET /é HTTP/1.1\r\n\r\n".as_bytes()), 400);
    }

    #[test]
    fn an_endless_line_is_not_read_past_the_limit() {
        // A reader that never ends a line: reading stops at the limit.
        let mut endless = BufReader::new(std::io::repeat(b'a'));
        assert_eq!(read_head(&mut endless).err().map(|r| r.status), Some(414));
        let mut header = BufReader::new(b"GET / HTTP/1.1\r\nX: ".chain(std::io::repeat(b'a')));
        assert_eq!(read_head(&mut header).err().map(|r| r.status), Some(431));
    }

    #[test]
    fn only_our_own_host_names_are_answered() {
        let loopback = HostPolicy::new("127.0.0.1", "127.0.0.1".parse().expect("an address"));
        for host in [
            "127.0.0.1:1111",
            "localhost",
            "LOCALHOST.:1111",
            "a.localhost",
            "[::1]:1111",
            "127.8.9.1",
            "[::ffff:127.0.0.1]",
        ] {
            assert!(loopback.allows(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "10.0.0.5",
            "",
            "[::1",
            "a:b:c",
            "local host",
        ] {
            assert!(!loopback.allows(host), "{host}");
        }
        let lan = HostPolicy::new("0.0.0.0", "0.0.0.0".parse().expect("an address"));
        assert!(lan.allows("192.168.1.20:1111") && !lan.allows("evil.example"));
        let named = HostPolicy::new("Preview.Lan", "192.168.1.20".parse().expect("an address"));
        assert!(named.allows("preview.lan:1111") && named.allows("192.168.1.20") && !named.allows("10.0.0.1"));
    }

    #[test]
    fn host_is_required_once_and_bodies_end_the_connection() {
        let policy = HostPolicy::new("127.0.0.1", "127.0.0.1".parse().expect("an address"));
        let admitted = |bytes: &[u8]| head(bytes).ok().flatten().map(|h| admit(&h, &policy).map_err(|r| r.status));
        assert_eq!(admitted(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"), Some(Ok(())));
        assert_eq!(admitted(b"GET / HTTP/1.1\r\n\r\n"), Some(Err(400)));
        assert_eq!(admitted(b"GET / HTTP/1.0\r\n\r\n"), Some(Ok(())), "HTTP/1.0 may leave it out");
        assert_eq!(admitted(b"GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n\r\n"), Some(Err(400)));
        assert_eq!(admitted(b"GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n"), Some(Err(421)));

        let keeps = |bytes: &[u8]| head(bytes).ok().flatten().map(|h| keeps_alive(&h));
        assert_eq!(keeps(b"GET / HTTP/1.1\r\n\r\n"), Some(true));
        assert_eq!(keeps(b"GET / HTTP/1.1\r\nConnection: keep-alive, Close\r\n\r\n"), Some(false));
        assert_eq!(keeps(b"GET / HTTP/1.0\r\n\r\n"), Some(false));
        assert_eq!(keeps(b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n"), Some(false));
        assert_eq!(keeps(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"), Some(false));
    }
}
