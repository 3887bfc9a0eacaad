//! A small HTTP/1.1 server on 127.0.0.1 for the tests that fetch web addresses (never
//! the internet): each path answers with a fixed status, headers and body, or stalls.
//! It records the head of every request it is sent.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How one path answers.
#[derive(Debug, Clone, Default)]
pub struct Route {
    /// The status code.
    pub status: u16,
    /// Headers besides `Content-Length` and `Connection`.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// Send no `Content-Length`: the body ends when the connection closes.
    pub no_length: bool,
    /// Send the head and the first bytes of the body, then nothing for a minute.
    pub stall: bool,
    /// Close the connection after this many bytes of the body (the head still gives
    /// the whole length): a transfer that breaks off.
    pub cut: Option<usize>,
    /// Answer `Range: bytes=N-` with `206 Partial Content` and the rest from N.
    pub ranges: bool,
}

impl Route {
    /// 200 with a `Content-Type`.
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Route {
        Route {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            ..Route::default()
        }
    }

    /// A redirect (`status` 301, 302, 307 or 308) to `location`.
    pub fn redirect(status: u16, location: &str) -> Route {
        Route {
            status,
            headers: vec![("Location".into(), location.into())],
            ..Route::default()
        }
    }

    /// This route with one more header.
    pub fn with(mut self, name: &str, value: &str) -> Route {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// A running server; it stops with the test process.
pub struct Server {
    port: u16,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Serve `routes` (path → answer; any other path is a 404) on a free port.
    pub fn start(routes: HashMap<&'static str, Route>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&requests);
        let routes = Arc::new(routes);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let routes = Arc::clone(&routes);
                let seen = Arc::clone(&seen);
                std::thread::spawn(move || answer(stream, &routes, &seen));
            }
        });
        Server { port, requests }
    }

    /// The address of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The heads of the requests received so far, lower-cased.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

fn answer(stream: TcpStream, routes: &HashMap<&'static str, Route>, seen: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut head = String::new();
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) if line == "\r\n" => break,
            Ok(_) => head.push_str(&line),
        }
    }
    seen.lock().unwrap().push(head.to_lowercase());
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    let missing = Route {
        status: 404,
        body: b"not here".to_vec(),
        ..Route::default()
    };
    let route = routes.get(path.as_str()).unwrap_or(&missing);
    let from = head
        .lines()
        .find_map(|l| {
            l.to_lowercase()
                .strip_prefix("range: bytes=")
                .map(str::to_string)
        })
        .and_then(|r| r.trim().trim_end_matches('-').parse::<usize>().ok())
        .filter(|&n| route.ranges && n < route.body.len());
    let partial;
    let route = match from {
        Some(n) => {
            partial = Route {
                status: 206,
                body: route.body[n..].to_vec(),
                cut: None,
                ..route.clone()
            }
            .with(
                "Content-Range",
                &format!("bytes {n}-{}/{}", route.body.len() - 1, route.body.len()),
            );
            &partial
        }
        None => route,
    };
    let mut out = stream;
    let mut reply = format!("HTTP/1.1 {} Test\r\nConnection: close\r\n", route.status);
    for (name, value) in &route.headers {
        reply.push_str(&format!("{name}: {value}\r\n"));
    }
    if !route.no_length {
        reply.push_str(&format!("Content-Length: {}\r\n", route.body.len()));
    }
    reply.push_str("\r\n");
    if out.write_all(reply.as_bytes()).is_err() {
        return;
    }
    if route.stall {
        let _ = out.write_all(&route.body[..route.body.len().min(16)]);
        let _ = out.flush();
        std::thread::sleep(Duration::from_secs(60));
        return;
    }
    let body = &route.body[..route.cut.unwrap_or(route.body.len()).min(route.body.len())];
    let _ = out.write_all(body);
}
