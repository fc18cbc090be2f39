//! Sign-in, sessions, API tokens and their bad inputs: each gets a clear error and writes nothing.

use crate::both;
use crate::support::{TestApp, location};
use server::seed::{CLIENT_EMAIL, DEMO_PASSWORD, STAFF_EMAIL};

both!(login_sets_a_strict_cookie_and_logout_ends_the_session, |app| {
    let client = app.client();
    let r = app.post_login(&client, STAFF_EMAIL, DEMO_PASSWORD).await;
    assert_eq!(r.status(), 302);
    assert_eq!(location(&r), "/");
    let cookie = r.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
    for flag in ["session=", "HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(flag), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain http must not mark the cookie Secure");
    assert_eq!(app.get_json(&client, "/api/v1/services/dashboard/").await.0, 200);

    let r = client
        .post(app.url("/api/ui/logout"))
        .header("accept", "text/html")
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302);
    assert_eq!(location(&r), "/login");
    assert_eq!(app.count("igny8_sessions").await, 0, "logout deletes the session row");
    assert_eq!(app.get_json(&client, "/api/v1/services/dashboard/").await.0, 401);
});

both!(wrong_password_unknown_email_and_hostile_input_write_nothing, |app| {
    let client = app.client();
    let audit_before = app.count("igny8_audit_log").await;
    for (email, password) in [
        (STAFF_EMAIL, "not-the-password"),
        ("nobody@example.com", DEMO_PASSWORD),
        ("' OR 1=1 --@x.example", "' OR '1'='1"),
        ("admin@alorig.example'; DROP TABLE igny8_users; --", DEMO_PASSWORD),
        ("not-an-email", DEMO_PASSWORD),
        (STAFF_EMAIL, ""),
    ] {
        let r = app.post_login(&client, email, password).await;
        assert_eq!(r.status(), 302, "{email}");
        assert_eq!(location(&r), "/login?error=invalid", "{email}");
        assert!(r.headers().get("set-cookie").is_none(), "no cookie for {email}");
    }
    assert_eq!(app.count("igny8_sessions").await, 0);
    assert_eq!(app.count("igny8_audit_log").await, audit_before);
    assert!(app.count("igny8_users").await > 10, "the users table is intact");
    let (_, _, body) = app.page(&client, "/login?error=invalid").await;
    assert!(body.contains("Invalid email or password."));
});

both!(
    signing_in_leads_back_to_the_page_asked_for_and_only_on_this_site,
    |app| {
        let client = app.client();
        let (status, location, _) = app.page(&client, "/services?tier=pro&page=2").await;
        assert_eq!(status, 303);
        assert_eq!(location, "/login?next=%2Fservices%3Ftier%3Dpro%26page%3D2");
        let (status, _, body) = app.page(&client, &location).await;
        assert_eq!(status, 200);
        assert!(
            body.contains(r#"name="next" value="/services?tier=pro&amp;page=2""#),
            "{body}"
        );

        // a failure keeps `next`; the right password then goes there
        let login = |password: &'static str, next: &'static str| {
            let client = client.clone();
            let url = app.url("/api/ui/login");
            async move {
                client
                    .post(url)
                    .header("accept", "text/html")
                    .form(&[("email", STAFF_EMAIL), ("password", password), ("next", next)])
                    .send()
                    .await
                    .unwrap()
            }
        };
        let r = login("wrong", "/services?tier=pro&page=2").await;
        assert_eq!(
            location_of(&r),
            "/login?error=invalid&next=/services%3Ftier%3Dpro%26page%3D2"
        );
        let r = login(DEMO_PASSWORD, "/services?tier=pro&page=2").await;
        assert_eq!(location_of(&r), "/services?tier=pro&page=2");
        // signed in, the sign-in page sends people on
        let (status, location, _) = app.page(&client, "/login?next=%2Fmanaged-service").await;
        assert_eq!((status, location.as_str()), (303, "/managed-service"));

        // never to another site
        for next in [
            "//evil.example/",
            "https://evil.example/",
            "/\\evil.example",
            "javascript:alert(1)",
        ] {
            let c = app.client();
            let r = c
                .post(app.url("/api/ui/login"))
                .header("accept", "text/html")
                .form(&[("email", STAFF_EMAIL), ("password", DEMO_PASSWORD), ("next", next)])
                .send()
                .await
                .unwrap();
            assert_eq!(location_of(&r), "/", "{next}");
        }
    }
);

fn location_of(r: &reqwest::Response) -> String {
    crate::support::location(r)
}

both!(repeated_failures_lock_the_email_even_for_the_right_password, |app| {
    let client = app.client();
    for _ in 0..5 {
        let r = app.post_login(&client, CLIENT_EMAIL, "wrong-password").await;
        assert_eq!(location(&r), "/login?error=invalid");
    }
    let r = app.post_login(&client, CLIENT_EMAIL, DEMO_PASSWORD).await;
    assert_eq!(location(&r), "/login?error=throttled");
    assert_eq!(app.count("igny8_sessions").await, 0);
    let (_, _, body) = app.page(&client, "/login?error=throttled").await;
    assert!(body.contains("Too many sign-in attempts"));
    // other people are not locked out
    app.signed_in(STAFF_EMAIL).await;
});

both!(an_expired_session_is_anonymous, |app| {
    use server::db::models::session::{NewSession, Session};
    let user_id = app.id_where("igny8_users", "email", STAFF_EMAIL).await;
    let token = "expired-session-token-value";
    let past = server::db::now() - chrono::Duration::hours(1);
    let mut pooled = app.state.conn().await.unwrap();
    Session::insert(
        &mut pooled.conn(),
        &NewSession {
            user_id,
            token_hash: server::auth::secret::hash(token),
            created_at: past - chrono::Duration::days(14),
            expires_at: past,
            last_seen_at: past,
            user_agent: None,
            ip: None,
        },
    )
    .await
    .unwrap();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = client
        .get(app.url("/api/v1/services/dashboard/"))
        .header("cookie", format!("session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["success"], false);
    assert_eq!(body["code"], "UNAUTHENTICATED");
    let r = client
        .get(app.url("/services"))
        .header("cookie", format!("session={token}"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "pages send an expired session to the login page");
    assert_eq!(location(&r), "/login?next=%2Fservices");
});

both!(api_tokens_work_until_revoked_and_bad_tokens_are_refused, |app| {
    let user_id = app.id_where("igny8_users", "email", STAFF_EMAIL).await;
    let account_id = app.id_where("igny8_accounts", "slug", "alorig").await;
    let now = server::db::now();
    let mut pooled = app.state.conn().await.unwrap();
    let token = server::auth::token::create(&mut pooled.conn(), account_id, user_id, "CI export", None, now)
        .await
        .unwrap();
    assert!(token.secret.starts_with("igny8_"));
    let expired = server::auth::token::create(
        &mut pooled.conn(),
        account_id,
        user_id,
        "old",
        Some(now + chrono::Duration::seconds(1)),
        now,
    )
    .await
    .unwrap();
    let bad_name = server::auth::token::create(&mut pooled.conn(), account_id, user_id, "  ", None, now).await;
    assert_eq!(
        bad_name.err().and_then(|e| e.field().map(str::to_owned)).as_deref(),
        Some("name")
    );

    let plain = reqwest::Client::new();
    let me = |secret: String| {
        let plain = plain.clone();
        let url = app.url("/graphql");
        async move {
            let r = plain
                .post(url)
                .header("authorization", format!("Bearer {secret}"))
                .json(&serde_json::json!({ "query": "{ me { email } }" }))
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.json::<serde_json::Value>().await.unwrap())
        }
    };
    let (status, body) = me(token.secret.clone()).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["me"]["email"], STAFF_EMAIL);

    for bad in ["igny8_doesnotexist", "x'; DROP TABLE igny8_api_tokens; --", ""] {
        let (status, body) = me(bad.to_owned()).await;
        assert_eq!(status, 401, "{bad}");
        assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    }
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(me(expired.secret).await.0, 401, "expired token");

    let revoked =
        server::db::models::token::ApiToken::revoke(&mut pooled.conn(), token.id, account_id, server::db::now())
            .await
            .unwrap();
    assert_eq!(revoked, 1);
    assert_eq!(me(token.secret).await.0, 401, "revoked token");
    assert_eq!(app.count("igny8_api_tokens").await, 2, "refused calls wrote nothing");
});

both!(users_of_suspended_accounts_cannot_sign_in, |app| {
    app.exec("UPDATE igny8_accounts SET status = 'suspended' WHERE slug = 'brightsmile-dental'")
        .await;
    let client = app.client();
    let r = app.post_login(&client, CLIENT_EMAIL, DEMO_PASSWORD).await;
    assert_eq!(location(&r), "/login?error=invalid");
    assert_eq!(app.count("igny8_sessions").await, 0);
    app.exec("UPDATE igny8_accounts SET status = 'suspended' WHERE slug = 'alorig'")
        .await;
    app.signed_in(STAFF_EMAIL).await;
});

/// Posts the sign-in form as a browser behind the trusted proxy at 127.0.0.1 whose client is `ip`.
async fn login_from(app: &TestApp, ip: &str, email: &str, password: &str) -> String {
    let r = app
        .client()
        .post(app.url("/api/ui/login"))
        .header("accept", "text/html")
        .header("x-forwarded-for", ip)
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap();
    location(&r)
}

mod throttle_by_email_and_address {
    use super::*;
    use crate::support::{Kind, TestApp};
    use server::auth::client::IpNet;

    async fn app(kind: Kind) -> Option<TestApp> {
        TestApp::demo_with(kind, |c| c.trusted_proxies = vec![IpNet::parse("127.0.0.1").unwrap()]).await
    }

    async fn run(app: TestApp) {
        // a stranger's wrong guesses lock the stranger out, not the staff member
        for _ in 0..5 {
            assert_eq!(
                login_from(&app, "203.0.113.5", STAFF_EMAIL, "guess").await,
                "/login?error=invalid"
            );
        }
        assert_eq!(
            login_from(&app, "203.0.113.5", STAFF_EMAIL, DEMO_PASSWORD).await,
            "/login?error=throttled",
            "locked at the stranger's address, even with the right password"
        );
        assert_eq!(login_from(&app, "198.51.100.7", STAFF_EMAIL, DEMO_PASSWORD).await, "/");

        // hopping between addresses of one IPv6 /64 does not reset the count
        for i in 1..=5 {
            let ip = format!("2001:db8:1:2::{i}");
            assert_eq!(
                login_from(&app, &ip, CLIENT_EMAIL, "guess").await,
                "/login?error=invalid"
            );
        }
        assert_eq!(
            login_from(&app, "2001:db8:1:2:ffff::9", CLIENT_EMAIL, DEMO_PASSWORD).await,
            "/login?error=throttled"
        );
        assert_eq!(
            login_from(&app, "2001:db8:1:3::1", CLIENT_EMAIL, DEMO_PASSWORD).await,
            "/"
        );

        // only failures count: signing in again and again is never throttled
        for _ in 0..8 {
            assert_eq!(
                login_from(&app, "192.0.2.10", "owner@harbor-legal.example", DEMO_PASSWORD).await,
                "/"
            );
        }

        // the lock is in the database: another replica (a throttle of its own) sees it
        let replica = app.state_with(|_| {});
        let mut pooled = replica.conn().await.unwrap();
        let refused = server::auth::session::login(
            &mut pooled.conn(),
            &replica.throttle,
            STAFF_EMAIL,
            DEMO_PASSWORD,
            &server::auth::session::ClientInfo {
                ip: Some("203.0.113.5".into()),
                user_agent: None,
            },
            1,
            false,
            None,
            server::db::now(),
        )
        .await
        .err()
        .expect("locked on the other replica too");
        assert!(
            matches!(refused, server::error::AppError::RateLimited { .. }),
            "{refused:?}"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        run(app(Kind::Sqlite).await.unwrap()).await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        if let Some(app) = app(Kind::Postgres).await {
            run(app).await
        }
    }
}
