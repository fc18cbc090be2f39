//! The newcomer's first run: the real `igny8` binary started in a fresh, empty working directory
//! with no environment beyond PATH and HOME (and, for `serve`, a free port), on the embedded
//! defaults. Every command must create what it needs (`./data`, its objects and outbox) or say
//! exactly which setting and path stop it, leaving nothing half-made.

use std::path::Path;
use std::process::{Command, Output};

use crate::servers::DemoServer;

/// `igny8 ARGS` in `dir` with only PATH and HOME (plus `extra`).
fn igny8_in(dir: &Path, args: &[&str], extra: &[(&str, &str)]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_igny8"));
    c.args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", dir);
    for (k, v) in extra {
        c.env(k, v);
    }
    c
}

fn run(dir: &Path, args: &[&str], extra: &[(&str, &str)]) -> Output {
    igny8_in(dir, args, extra).output().expect("the igny8 binary")
}

fn text(out: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The entries of a directory, sorted (to show what a command left behind).
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn assert_data_dirs(dir: &Path) {
    for sub in ["data/igny8.db", "data/objects", "data/outbox"] {
        assert!(dir.join(sub).exists(), "{sub} was not created in {}", dir.display());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_demo_in_an_empty_directory_answers_ready_and_serves_the_login_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = DemoServer::start(dir.path(), &[]).await;
    assert_data_dirs(dir.path());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    let login = client.get(server.url("/login")).send().await.unwrap();
    assert_eq!(login.status(), 200);
    let html = login.text().await.unwrap();
    assert!(
        html.contains("data-test=\"login-form\"") && html.contains("Sign in"),
        "{html}"
    );
    // its stylesheet is compiled into the binary: served from the empty directory too
    let css = html
        .split("href=\"")
        .map(|s| s.split('"').next().unwrap())
        .find(|h| h.starts_with("/style/main."))
        .expect("a stylesheet link")
        .to_owned();
    let r = client.get(server.url(&css)).send().await.unwrap();
    assert_eq!(r.status(), 200);

    let r = client.get(server.url("/services")).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/login?next=%2Fservices");

    let status = server.stop().await;
    assert!(status.success(), "exit after SIGTERM: {status}\n{}", server.log());
}

#[test]
fn every_command_works_in_an_empty_directory() {
    // migrate
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["migrate"], &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("is up to date"));
    assert_data_dirs(dir.path());

    // seed --demo, then a report from the seeded data to a directory that does not exist yet
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        &["seed", "--demo", "--months", "2", "--until", "2026-10-31"],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_data_dirs(dir.path());
    let out = run(
        dir.path(),
        &[
            "report",
            "generate",
            "--site",
            "1",
            "--period",
            "2026-10",
            "--out",
            "reports/october.pdf",
        ],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        std::fs::read(dir.path().join("reports/october.pdf"))
            .unwrap()
            .starts_with(b"%PDF-")
    );

    // report generate in an empty directory: the database is made, the site is not there
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        &[
            "report",
            "generate",
            "--site",
            "1",
            "--period",
            "2026-10",
            "--out",
            "report.pdf",
        ],
        &[],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no such site 1"), "{}", text(&out));
    assert_data_dirs(dir.path());

    // jobs run
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["jobs", "run", "check_overdue_deliverables"], &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert_data_dirs(dir.path());
}

#[test]
fn a_path_that_cannot_be_used_names_the_setting_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a-file"), b"x").unwrap();
    let cases: [(&str, &str, &str); 4] = [
        (
            "DATABASE_URL",
            "sqlite:///proc/nope/x.db",
            "cannot create directory /proc/nope",
        ),
        ("IGNY8_OBJECT_STORE", "a-file", "a-file is a file, not a directory"),
        ("IGNY8_OUTBOX_DIR", "a-file/outbox", "a-file is a file, not a directory"),
        ("IGNY8_OUTBOX_DIR", "/proc", "cannot write in /proc"),
    ];
    for (key, value, why) in cases {
        let out = run(dir.path(), &["migrate"], &[(key, value)]);
        assert!(!out.status.success(), "{key}={value}: {}", text(&out));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
        assert!(
            stderr.starts_with(&format!("igny8: configuration error: {key}: ")) && stderr.contains(why),
            "{key}={value}: {stderr}"
        );
        // the directories made before the refusal (./data for the database) are gone again
        assert_eq!(entries(dir.path()), ["a-file"], "{key}={value} left files behind");
    }
}

/// `igny8 ARGS` in `dir` with `input` on stdin.
fn run_with_stdin(dir: &Path, args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = igny8_in(dir, args, &[])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the igny8 binary");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn refused(out: &Output, says: &str) {
    assert!(!out.status.success(), "should fail: {}", text(out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(says),
        "{says}: {}",
        text(out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fresh_install_without_the_demo_gets_its_first_staff_user_and_switches_the_dashboard_on() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        &["admin", "create", "--email", " Ola@Ops.Example ", "--first-name", "Ola"],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        stdout.contains("staff user ola@ops.example (id 1) created: owner of Alorig (new account)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("managed_services_enabled is off: the admin dashboard shows once you run `igny8 flags set managed_services_enabled on`"),
        "{stdout}"
    );
    let password = stdout
        .lines()
        .skip_while(|l| !l.starts_with("password (shown once"))
        .nth(1)
        .expect("the generated password")
        .to_owned();
    assert!(password.len() >= 32, "a long random password: {password}");

    // bad input: named, and nothing written (the next user is id 2)
    refused(
        &run(dir.path(), &["admin", "create", "--email", "OLA@ops.example"], &[]),
        "email: ola@ops.example already belongs to a user",
    );
    refused(
        &run(dir.path(), &["admin", "create", "--email", "not-an-address"], &[]),
        "email: `not-an-address` is not an email address",
    );
    refused(
        &run_with_stdin(
            dir.path(),
            &["admin", "create", "--email", "kim@ops.example", "--password-stdin"],
            "short\n",
        ),
        "password: must be at least 8 characters",
    );
    let out = run_with_stdin(
        dir.path(),
        &["admin", "create", "--email", "kim@ops.example", "--password-stdin"],
        "a chosen passphrase\n",
    );
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("kim@ops.example (id 2) created: admin of Alorig\n"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("shown once"),
        "a password read from stdin is not printed: {stdout}"
    );

    // the flag: listed off, bad names and states refused, then switched on
    let out = run(dir.path(), &["flags", "list"], &[]);
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .any(|l| l.starts_with("managed_services_enabled     off  ")),
        "{}",
        text(&out)
    );
    refused(
        &run(dir.path(), &["flags", "set", "dark_mode", "on"], &[]),
        "name: `dark_mode` is not a feature flag (known: managed_services_enabled)",
    );
    refused(
        &run(dir.path(), &["flags", "set", "managed_services_enabled", "maybe"], &[]),
        "state: `maybe` is not on or off",
    );
    let out = run(dir.path(), &["flags", "set", "managed_services_enabled", "on"], &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .any(|l| l.starts_with("managed_services_enabled     on   ")),
        "{}",
        text(&out)
    );

    // the server on this database: the first staff user signs in with the printed password and
    // sees the (empty) dashboard; the second one with theirs
    let mut server = DemoServer::start(dir.path(), &[]).await;
    assert!(server.log().contains("database already has data; demo not loaded"));
    let client = |server: &DemoServer| {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("origin", server.url("").parse().unwrap());
        reqwest::Client::builder()
            .cookie_store(true)
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    };
    for (email, password) in [
        ("ola@ops.example", password.as_str()),
        ("kim@ops.example", "a chosen passphrase"),
    ] {
        let c = client(&server);
        let r = c
            .post(server.url("/api/ui/login"))
            .header("accept", "text/html")
            .form(&[("email", email), ("password", password)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 302, "login of {email}");
        let r = c.get(server.url("/services")).send().await.unwrap();
        assert_eq!(r.status(), 200, "{email} sees the dashboard");
        // GraphQL: the flag as staff see it, and the audit trail of the switch and the users
        let r = c
            .post(server.url("/graphql"))
            .json(&serde_json::json!({ "query": "{ featureFlags { name enabled updatedAt } }" }))
            .send()
            .await
            .unwrap();
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["data"]["featureFlags"][0]["enabled"], true, "{body}");
        let r = c
            .post(server.url("/graphql"))
            .json(&serde_json::json!({
                "query": r#"{ auditLog(action: "feature_flag.set") { total rows { who detail } } }"#
            }))
            .send()
            .await
            .unwrap();
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(
            body["data"]["auditLog"]["total"], 1,
            "the switch is in the staff account's log: {body}"
        );
        assert_eq!(body["data"]["auditLog"]["rows"][0]["who"], "command line", "{body}");
    }
    let status = server.stop().await;
    assert!(status.success(), "{}", server.log());
}
