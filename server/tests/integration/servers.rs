//! Real servers the tests talk to: an S3-compatible object store (moto, from PyPI, one process per
//! test) and an HTTP server for brand logos (axum, in the test process).

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use server::config::{Config, ObjectStoreConfig};

/// A moto S3 server of this test's own, with one empty bucket; killed when dropped.
pub struct S3Server {
    child: Child,
    pub endpoint: String,
    pub bucket: String,
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl S3Server {
    pub async fn start() -> S3Server {
        S3Server::start_on(free_port()).await
    }

    /// A server on this port (one that a configuration already points at).
    pub async fn start_on(port: u16) -> S3Server {
        let child = Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server (pip install 'moto[server]'; scripts/install-deps.sh does)");
        let endpoint = format!("http://127.0.0.1:{port}");
        let bucket = "reports".to_owned();
        let client = reqwest::Client::new();
        let started = Instant::now();
        loop {
            if let Ok(r) = client.put(format!("{endpoint}/{bucket}")).send().await
                && r.status().is_success()
            {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "moto did not start on {endpoint}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        S3Server {
            child,
            endpoint,
            bucket,
        }
    }

    /// Points a configuration at this server's bucket under `prefix`.
    pub fn configure(&self, config: &mut Config, prefix: &str) {
        let vars = [
            ("IGNY8_OBJECT_STORE", format!("s3://{}/{prefix}", self.bucket)),
            ("IGNY8_S3_ENDPOINT", self.endpoint.clone()),
            ("IGNY8_S3_ACCESS_KEY_ID", "test".into()),
            ("IGNY8_S3_SECRET_ACCESS_KEY", "test".into()),
        ];
        let parsed = Config::from_vars(vars.map(|(k, v)| (k.to_owned(), v))).expect("S3 configuration");
        config.object_store = parsed.object_store;
        assert!(matches!(config.object_store, ObjectStoreConfig::S3 { .. }));
    }

    /// Stops the server (the store becomes unreachable).
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP server with logos good and bad; counts the requests for `/logo.png`.
pub struct LogoServer {
    pub base: String,
    pub logo_hits: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for LogoServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A 300×100 PNG: a solid red bar on a transparent background.
pub fn transparent_png() -> Vec<u8> {
    let mut img = image::RgbaImage::new(300, 100);
    for (x, y, px) in img.enumerate_pixels_mut() {
        *px = if (20..280).contains(&x) && (30..70).contains(&y) {
            image::Rgba([220, 20, 20, 255])
        } else {
            image::Rgba([0, 0, 0, 0])
        };
    }
    let mut out = Vec::new();
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut out, image::ImageOutputFormat::Png)
        .unwrap();
    out
}

fn jpeg() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(200, 80, image::Rgb([10, 60, 200]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageOutputFormat::Jpeg(85))
        .unwrap();
    out
}

fn bytes(content_type: &'static str, body: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

impl LogoServer {
    pub async fn start() -> LogoServer {
        let hits = Arc::new(AtomicUsize::new(0));
        let counter = hits.clone();
        let png = transparent_png();
        let app = Router::new()
            .route(
                "/logo.png",
                get(move || {
                    counter.fetch_add(1, Ordering::SeqCst);
                    let png = png.clone();
                    async move { bytes("image/png", png) }
                }),
            )
            .route("/logo.jpg", get(|| async { bytes("image/jpeg", jpeg()) }))
            .route(
                "/not-an-image.png",
                get(|| async { bytes("image/png", b"<html>hi</html>".to_vec()) }),
            )
            .route(
                "/logo.gif",
                get(|| async { bytes("image/gif", b"GIF89a\x01\x00\x01\x00".to_vec()) }),
            )
            .route(
                "/huge.png",
                get(|| async {
                    let mut body = transparent_png();
                    body.resize(3 * 1024 * 1024, 0);
                    bytes("image/png", body)
                }),
            )
            .route(
                "/huge-streamed.png",
                get(|| async {
                    // no Content-Length: chunks until well over the limit
                    let chunks = (0..64).map(|_| Ok::<_, std::io::Error>(vec![0u8; 64 * 1024]));
                    Response::builder()
                        .header(header::CONTENT_TYPE, "image/png")
                        .body(Body::from_stream(futures::stream::iter(chunks)))
                        .unwrap()
                }),
            )
            .route(
                "/slow.png",
                get(|| async {
                    tokio::time::sleep(Duration::from_secs(8)).await;
                    bytes("image/png", transparent_png())
                }),
            )
            .route(
                "/missing.png",
                get(|| async { (StatusCode::NOT_FOUND, "no such logo").into_response() }),
            )
            .route(
                "/moved",
                get(|| async { (StatusCode::FOUND, [(header::LOCATION, "/logo.jpg")]).into_response() }),
            )
            .route(
                "/loop",
                get(|| async { (StatusCode::FOUND, [(header::LOCATION, "/loop")]).into_response() }),
            );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr: SocketAddr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        LogoServer {
            base: format!("http://{addr}"),
            logo_hits: hits,
            task,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// A real SMTP server (aiosmtpd, from PyPI) that stores every message it accepts in a maildir;
/// it can be down (not started, or stopped) while its port stays reserved for it.
pub struct SmtpServer {
    child: Option<Child>,
    pub port: u16,
    pub maildir: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

impl SmtpServer {
    /// A port and a maildir, with no server listening yet.
    pub fn down() -> SmtpServer {
        let dir = tempfile::tempdir().expect("temp dir");
        SmtpServer {
            child: None,
            port: free_port(),
            maildir: dir.path().join("maildir"),
            _dir: dir,
        }
    }

    #[allow(dead_code)]
    pub async fn start() -> SmtpServer {
        let mut s = SmtpServer::down();
        s.up().await;
        s
    }

    /// Starts the server on its port and waits until it answers.
    pub async fn up(&mut self) {
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{}", self.port)])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&self.maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m aiosmtpd (pip install aiosmtpd; scripts/install-deps.sh does)");
        self.child = Some(child);
        let started = Instant::now();
        while tokio::net::TcpStream::connect(("127.0.0.1", self.port)).await.is_err() {
            assert!(started.elapsed() < Duration::from_secs(30), "aiosmtpd did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, as raw RFC 5322 text.
    pub fn messages(&self) -> Vec<String> {
        let mut out = Vec::new();
        for sub in ["new", "cur"] {
            if let Ok(entries) = std::fs::read_dir(self.maildir.join(sub)) {
                for e in entries.flatten() {
                    out.push(std::fs::read_to_string(e.path()).expect("a message"));
                }
            }
        }
        out
    }
}

/// The value of a header of a raw message (first occurrence, unfolded).
pub fn header(message: &str, name: &str) -> Option<String> {
    let head = message.split("\r\n\r\n").next().unwrap_or(message);
    let head = head.replace("\r\n ", " ").replace("\r\n\t", " ").replace("\n ", " ");
    let prefix = format!("{}:", name.to_ascii_lowercase());
    head.lines()
        .find(|l| l.to_ascii_lowercase().starts_with(&prefix))
        .map(|l| l[prefix.len()..].trim().to_owned())
}

/// A PostgreSQL cluster of this test's own (initdb + pg_ctl from the machine's PostgreSQL,
/// run as the `postgres` user when the tests run as root), so a test can restart it.
pub struct PgCluster {
    dir: tempfile::TempDir,
    pub port: u16,
    bin: std::path::PathBuf,
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let _ = self.pg_ctl(&["stop", "-m", "immediate"]);
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

impl PgCluster {
    /// A new cluster, started; `None` when this machine has no PostgreSQL server binaries.
    pub fn start() -> Option<PgCluster> {
        let bindir = Command::new("pg_config").arg("--bindir").output().ok()?;
        let bin = std::path::PathBuf::from(String::from_utf8_lossy(&bindir.stdout).trim());
        if !bin.join("initdb").exists() {
            return None;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        if is_root() {
            let ok = Command::new("chown")
                .args(["-R", "postgres"])
                .arg(dir.path())
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "chown the cluster directory to postgres");
        }
        let c = PgCluster {
            dir,
            port: free_port(),
            bin,
        };
        let data = c.dir.path().join("data");
        let out = c
            .command("initdb")
            .args(["-A", "trust", "-U", "postgres", "-D"])
            .arg(&data)
            .output()
            .expect("initdb");
        assert!(out.status.success(), "initdb: {}", String::from_utf8_lossy(&out.stderr));
        c.up();
        Some(c)
    }

    fn command(&self, tool: &str) -> Command {
        let path = self.bin.join(tool);
        if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        }
    }

    fn pg_ctl(&self, args: &[&str]) -> std::process::Output {
        self.command("pg_ctl")
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .args(args)
            .output()
            .expect("pg_ctl")
    }

    /// Starts the server and waits until it accepts connections.
    pub fn up(&self) {
        let opts = format!(
            "-p {} -c listen_addresses=127.0.0.1 -k {} -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        let log = self.dir.path().join("log");
        let out = self.pg_ctl(&["start", "-w", "-o", &opts, "-l", &log.to_string_lossy()]);
        assert!(
            out.status.success(),
            "pg_ctl start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Stops the server, closing every connection (`pg_ctl stop -m fast`).
    pub fn down(&self) {
        let out = self.pg_ctl(&["stop", "-w", "-m", "fast"]);
        assert!(
            out.status.success(),
            "pg_ctl stop: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

/// A server process of the `igny8` binary (`igny8 serve`) with this environment only; killed
/// (SIGKILL) when dropped.
pub struct ServerProcess {
    child: Child,
    pub log: std::path::PathBuf,
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

impl ServerProcess {
    pub fn spawn(env: &[(&str, String)], log: std::path::PathBuf) -> ServerProcess {
        let out = std::fs::File::create(&log).expect("log file");
        let child = Command::new(env!("CARGO_BIN_EXE_igny8"))
            .arg("serve")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdout(out.try_clone().expect("log file"))
            .stderr(out)
            .spawn()
            .expect("the igny8 binary");
        ServerProcess { child, log }
    }

    /// SIGKILL: no shutdown, no cleanup.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

/// The real `igny8` binary serving the demo (`serve --demo`) in a directory of its own, as a
/// newcomer starts it: only PATH, HOME, a free port and `env` set; killed when dropped.
pub struct DemoServer {
    child: Child,
    pub base: String,
    pub dir: std::path::PathBuf,
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl DemoServer {
    /// Starts `igny8 serve --demo` in `dir` on a free port and waits (up to 120 s) for `/readyz`.
    pub async fn start(dir: &std::path::Path, env: &[(&str, &str)]) -> DemoServer {
        let bind = format!("127.0.0.1:{}", free_port());
        let log = std::fs::File::create(dir.join("server.log")).expect("log file");
        let mut command = Command::new(env!("CARGO_BIN_EXE_igny8"));
        command
            .args(["serve", "--demo"])
            .current_dir(dir)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", dir)
            .env("IGNY8_BIND", &bind)
            .stdout(log.try_clone().expect("log file"))
            .stderr(log);
        for (k, v) in env {
            command.env(k, v);
        }
        let mut server = DemoServer {
            child: command.spawn().expect("the igny8 binary"),
            base: format!("http://{bind}"),
            dir: dir.to_path_buf(),
        };
        let client = reqwest::Client::new();
        let started = Instant::now();
        loop {
            if let Ok(r) = client.get(format!("{}/readyz", server.base)).send().await
                && r.status() == 200
            {
                return server;
            }
            if let Some(status) = server.child.try_wait().expect("server status") {
                panic!("the server exited with {status} before it was ready:\n{}", server.log());
            }
            assert!(started.elapsed() < Duration::from_secs(120), "not ready within 120 s");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default()
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().expect("server status").is_none()
    }

    /// SIGTERM, then the exit status (within 20 s).
    pub async fn stop(&mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(s) = self.child.try_wait().expect("server status") {
                return s;
            }
            assert!(Instant::now() < deadline, "no exit within 20 s of SIGTERM");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// Delivers the outbox's due email through `smtp`; returns the tokens of the links starting with
/// `path` in the messages to `to`.
pub async fn mailed_links(app: &crate::support::TestApp, smtp: &SmtpServer, to: &str, path: &str) -> Vec<String> {
    let relay = server::config::Config::from_vars([("IGNY8_SMTP_URL".to_owned(), smtp.url())])
        .expect("configuration")
        .email
        .smtp_url;
    let state = app.state_with(|c| c.email.smtp_url = relay);
    server::email::deliver::deliver_due(&state, chrono::Utc::now())
        .await
        .unwrap();
    smtp.messages()
        .iter()
        .filter(|m| header(m, "To").is_some_and(|t| t.contains(to)))
        .filter_map(|m| {
            // undo quoted-printable soft line breaks before looking for the link
            let m = m.replace("=\r\n", "").replace("=\n", "");
            let at = m.find(path)? + path.len();
            Some(
                m[at..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                    .collect(),
            )
        })
        .collect()
}
