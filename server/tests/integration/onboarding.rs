//! Client onboarding by Alorig staff over GraphQL, REST and the pages' form posts: an account,
//! its site, a subscription started, paused, resumed and cancelled — MRR moving at once, every
//! change audited, bad input named with nothing written, everyone else refused.

use serde_json::{Value, json};
use server::seed::{CLIENT_EMAIL, STAFF_EMAIL};

use crate::both;
use crate::support::{TestApp, send};

async fn mrr(app: &TestApp, c: &reqwest::Client) -> i64 {
    let (_, b) = app.graphql(c, "{ dashboard { summary { mrrCents } } }").await;
    b["data"]["dashboard"]["summary"]["mrrCents"]
        .as_i64()
        .unwrap_or_else(|| panic!("{b}"))
}

/// A due date three weeks from today (orders take dates within a year).
fn due() -> String {
    (chrono::Utc::now().date_naive() + chrono::Days::new(21)).to_string()
}

/// The REST error's field and message.
fn refused(b: &Value) -> (String, String) {
    (
        b["errors"][0]["field"].as_str().unwrap_or_default().to_owned(),
        b["message"].as_str().unwrap_or_default().to_owned(),
    )
}

both!(staff_onboard_a_client_and_mrr_follows_at_once, |app| {
    let staff = app.signed_in(STAFF_EMAIL).await;
    let before = mrr(&app, &staff).await;
    let audited = |action: &str| format!("igny8_audit_log WHERE action = '{action}'");

    // the account, over GraphQL
    let (_, b) = app
        .graphql(
            &staff,
            r#"mutation { createAccount(input: { name: "Cedar Ridge Dental", timezone: "America/Denver", featureGates: ["reports"] }) { id slug status timezone featureGates isAgency } }"#,
        )
        .await;
    let a = &b["data"]["createAccount"];
    assert_eq!(a["slug"], "cedar-ridge-dental", "{b}");
    assert_eq!(
        (a["status"].as_str(), a["timezone"].as_str()),
        (Some("active"), Some("America/Denver"))
    );
    assert_eq!(a["featureGates"], json!(["reports"]));
    let account: i64 = a["id"]
        .as_str()
        .map_or_else(|| a["id"].as_i64().unwrap(), |s| s.parse().unwrap());
    assert_eq!(app.count(&audited("account.create")).await, 1);
    // the same name again gets its own slug
    let (_, b) = app
        .graphql(
            &staff,
            r#"mutation { createAccount(input: { name: "Cedar Ridge Dental" }) { slug timezone } }"#,
        )
        .await;
    assert_eq!(b["data"]["createAccount"]["slug"], "cedar-ridge-dental-2", "{b}");
    assert_eq!(b["data"]["createAccount"]["timezone"], "UTC", "{b}");

    // its site, over REST; bad domains named, nothing written
    let sites = format!("/api/v1/services/accounts/{account}/sites/");
    for (domain, why) in [
        ("https://cedarridge.example", "has a scheme"),
        ("cedarridge.example/about", "has a path"),
        ("203.0.113.9", "no port or IP address"),
        ("cedar ridge", "is not a domain name"),
    ] {
        let (status, b) = send(&app, &staff, "POST", &sites, json!({ "domain": domain })).await;
        assert_eq!(status, 422, "{domain}: {b}");
        let (field, message) = refused(&b);
        assert_eq!(field, "domain", "{b}");
        assert!(message.contains(why), "{domain}: {message}");
    }
    assert_eq!(
        app.count_where("igny8_sites", &format!("account_id = {account}")).await,
        0
    );
    let (status, b) = send(
        &app,
        &staff,
        "POST",
        &sites,
        json!({ "domain": "CedarRidgeDental.example", "industry": "dental" }),
    )
    .await;
    assert_eq!(status, 201, "{b}");
    assert_eq!(b["data"]["domain"], "cedarridgedental.example");
    assert_eq!(
        b["data"]["name"], "cedarridgedental.example",
        "the name defaults to the domain"
    );
    let site = b["data"]["id"].as_i64().unwrap();
    let (status, b) = send(
        &app,
        &staff,
        "POST",
        &sites,
        json!({ "domain": "cedarridgedental.example" }),
    )
    .await;
    assert_eq!(
        (status, refused(&b).0.as_str()),
        (422, "domain"),
        "unique in the account: {b}"
    );

    // the subscription: a price that is not the tier's is refused, then the tier's terms
    let subs = "/api/v1/services/subscriptions/";
    let (status, b) = send(
        &app,
        &staff,
        "POST",
        subs,
        json!({ "site_id": site, "tier": "pro", "billing_interval": "quarter", "price_cents": 100_000 }),
    )
    .await;
    assert_eq!(status, 422, "{b}");
    let (field, message) = refused(&b);
    assert_eq!(field, "price_cents");
    assert!(message.contains("$1,197.00"), "names the right price: {message}");
    let (status, b) = send(&app, &staff, "POST", subs, json!({ "site_id": site, "tier": "gold" })).await;
    assert_eq!(status, 422, "{b}");
    assert_eq!(
        app.count_where("igny8_managed_service_subscriptions", &format!("site_id = {site}"))
            .await,
        0
    );
    let (status, b) = send(
        &app,
        &staff,
        "POST",
        subs,
        json!({ "site_id": site, "tier": "pro", "billing_interval": "quarter", "price_cents": 119_700 }),
    )
    .await;
    assert_eq!(status, 201, "{b}");
    let s = &b["data"];
    assert_eq!(
        (s["status"].as_str(), s["monthly_cents"].as_i64()),
        (Some("active"), Some(39_900)),
        "{b}"
    );
    assert_eq!(
        (s["articles_per_month"].as_i64(), s["backlinks_per_month"].as_i64()),
        (Some(12), Some(8))
    );
    assert_eq!(s["review_required"], true, "Pro is reviewed by default");
    let sub = s["id"].as_i64().unwrap();
    assert_eq!(mrr(&app, &staff).await, before + 39_900, "MRR counts it at once");
    let (status, b) = send(&app, &staff, "POST", subs, json!({ "site_id": site, "tier": "lite" })).await;
    assert_eq!((status, refused(&b).0.as_str()), (422, "site_id"), "one per site: {b}");

    // pause, pause again (a conflict), resume, cancel, resume
    let change = |verb: &str| format!("/api/v1/services/subscriptions/{sub}/{verb}/");
    let (status, b) = send(&app, &staff, "POST", &change("pause"), Value::Null).await;
    assert_eq!((status, b["data"]["status"].as_str()), (200, Some("paused")), "{b}");
    assert_eq!(mrr(&app, &staff).await, before);
    let (status, b) = send(&app, &staff, "POST", &change("pause"), Value::Null).await;
    assert_eq!(status, 409, "{b}");
    assert!(b["message"].as_str().unwrap().contains("is paused"), "{b}");
    let (_, b) = app
        .graphql(
            &staff,
            &format!(r#"mutation {{ changeSubscription(id: "{sub}", change: RESUME) {{ status monthlyCents }} }}"#),
        )
        .await;
    assert_eq!(b["data"]["changeSubscription"]["status"], "ACTIVE", "{b}");
    assert_eq!(mrr(&app, &staff).await, before + 39_900);
    let (status, _) = send(&app, &staff, "POST", &change("cancel"), Value::Null).await;
    assert_eq!(status, 200);
    assert_eq!(
        app.count_where(
            "igny8_managed_service_subscriptions",
            &format!("id = {sub} AND cancelled_at IS NOT NULL")
        )
        .await,
        1
    );
    assert_eq!(mrr(&app, &staff).await, before);
    let (status, _) = send(&app, &staff, "POST", &change("resume"), Value::Null).await;
    assert_eq!(status, 200);
    let (status, b) = send(&app, &staff, "POST", &change("archive"), Value::Null).await;
    assert_eq!((status, refused(&b).0.as_str()), (422, "change"), "{b}");
    for action in ["subscription.start", "subscription.pause", "subscription.cancel"] {
        assert_eq!(app.count(&audited(action)).await, 1, "{action}");
    }
    assert_eq!(app.count(&audited("subscription.resume")).await, 2);
    assert_eq!(app.count(&audited("site.create")).await, 1);

    // the account changed: bad values named, nothing written; then saved
    let path = format!("/api/v1/services/accounts/{account}/");
    for (body, field) in [
        (json!({ "timezone": "Mars/Olympus" }), "timezone"),
        (json!({ "feature_gates": ["reports", "teleport"] }), "feature_gates"),
        (json!({ "status": "deleted" }), "status"),
        (json!({ "name": "  " }), "name"),
        (json!({ "nickname": "x" }), "nickname"),
    ] {
        let (status, b) = send(&app, &staff, "PUT", &path, body.clone()).await;
        assert_eq!(status, 422, "{body}: {b}");
        assert!(refused(&b).0.starts_with(field), "{body}: {b}");
    }
    let (status, b) = send(
        &app,
        &staff,
        "PUT",
        &path,
        json!({ "is_agency": true, "feature_gates": ["reports", "white_label"] }),
    )
    .await;
    assert_eq!(status, 200, "{b}");
    assert_eq!(
        (
            b["data"]["name"].as_str(),
            b["data"]["is_agency"].as_bool(),
            b["data"]["timezone"].as_str()
        ),
        (Some("Cedar Ridge Dental"), Some(true), Some("America/Denver")),
        "what was left out stays: {b}"
    );
    assert_eq!(app.count(&audited("account.update")).await, 1);

    // the audit log names who did it
    let (_, b) = app
        .graphql(
            &staff,
            &format!(r#"{{ auditLog(accountId: "{account}") {{ total rows {{ who action }} }} }}"#),
        )
        .await;
    assert_eq!(b["data"]["auditLog"]["total"], 8, "{b}");
    assert_eq!(b["data"]["auditLog"]["rows"][0]["who"], STAFF_EMAIL, "{b}");
});

both!(only_staff_admins_onboard_clients, |app| {
    let owner = app.signed_in(CLIENT_EMAIL).await;
    let site = app.id_where("igny8_sites", "domain", "brightsmiledental.com").await;
    let account = app
        .scalar(&format!("SELECT account_id AS n FROM igny8_sites WHERE id = {site}"))
        .await;
    let (accounts, sites) = (app.count("igny8_accounts").await, app.count("igny8_sites").await);
    // a client's owner, even of their own account, and without reading the body
    for (method, path, body) in [
        (
            "POST",
            "/api/v1/services/accounts/".to_owned(),
            json!({ "name": "Mine" }),
        ),
        (
            "PUT",
            format!("/api/v1/services/accounts/{account}/"),
            json!({ "name": "Renamed" }),
        ),
        (
            "POST",
            format!("/api/v1/services/accounts/{account}/sites/"),
            json!({ "domain": "mine.example" }),
        ),
        (
            "POST",
            "/api/v1/services/subscriptions/".to_owned(),
            json!({ "site_id": site, "tier": "lite" }),
        ),
        (
            "POST",
            "/api/v1/services/subscriptions/1/cancel/".to_owned(),
            Value::Null,
        ),
        (
            "POST",
            "/api/v1/services/accounts/".to_owned(),
            json!("not even an object"),
        ),
    ] {
        let (status, b) = send(&app, &owner, method, &path, body).await;
        assert_eq!(status, 403, "{method} {path}: {b}");
    }
    let (_, b) = app
        .graphql(&owner, r#"mutation { createAccount(input: { name: "Mine" }) { id } }"#)
        .await;
    assert_eq!(b["errors"][0]["extensions"]["code"], "FORBIDDEN", "{b}");
    assert_eq!(
        (app.count("igny8_accounts").await, app.count("igny8_sites").await),
        (accounts, sites)
    );
    // the pages' forms too, before a field is read (a bad tier is not named to them)
    let (status, _) = app
        .post_form(
            &owner,
            "start_subscription",
            &[
                ("account", &account.to_string()),
                ("site_id", &site.to_string()),
                ("tier", "gold"),
                ("billing_interval", "month"),
            ],
        )
        .await;
    assert_eq!(status, 403);
    let (status, _, _) = app.page(&owner, "/services/accounts").await;
    assert_eq!(status, 403);
    let (status, _, _) = app.page(&owner, &format!("/services/accounts/{account}")).await;
    assert_eq!(status, 403);
});

both!(the_account_pages_work_with_plain_form_posts, |app| {
    let staff = app.signed_in(STAFF_EMAIL).await;
    // Alorig's own account is not a client: no owner invited into it, no sites added to it
    let own = app
        .scalar(&format!(
            "SELECT account_id AS n FROM igny8_users WHERE email = '{STAFF_EMAIL}'"
        ))
        .await;
    let invite = json!({ "email": "new.owner@alorig.example", "role": "owner" });
    let (status, b) = send(
        &app,
        &staff,
        "POST",
        &format!("/api/v1/services/accounts/{own}/invitations/"),
        invite,
    )
    .await;
    assert_eq!(status, 403, "{b}");
    let site = json!({ "domain": "alorig.example" });
    let (status, _) = send(
        &app,
        &staff,
        "POST",
        &format!("/api/v1/services/accounts/{own}/sites/"),
        site,
    )
    .await;
    assert_eq!(status, 403);
    // a refused New account form comes back with the error beside its field and the values kept
    let (status, location) = app
        .post_form(
            &staff,
            "create_account",
            &[
                ("name", "Juniper Law"),
                ("timezone", "Nowhere/City"),
                ("feature_gates[]", "reports"),
            ],
        )
        .await;
    assert_eq!(status, 302);
    assert!(location.starts_with("/services/accounts?new=1&"), "{location}");
    assert_eq!(app.count_where("igny8_accounts", "name = 'Juniper Law'").await, 0);
    let (status, _, html) = app.page(&staff, &location).await;
    assert_eq!(status, 200);
    assert!(html.contains("is not an IANA time zone"), "{html}");
    assert!(html.contains("value=\"Juniper Law\""), "the name is kept");
    assert!(html.contains("value=\"reports\" checked"), "the gate is kept");

    let (status, location) = app
        .post_form(
            &staff,
            "create_account",
            &[
                ("name", "Juniper Law"),
                ("timezone", "Europe/London"),
                ("feature_gates[]", "reports"),
            ],
        )
        .await;
    assert_eq!(status, 302);
    let account = app.id_where("igny8_accounts", "name", "Juniper Law").await;
    assert_eq!(location, format!("/services/accounts/{account}?done=created"));

    let (_, location) = app
        .post_form(
            &staff,
            "add_account_site",
            &[
                ("account", &account.to_string()),
                ("domain", "http://juniperlaw.example"),
            ],
        )
        .await;
    assert!(location.contains("field=domain"), "{location}");
    let (_, _, html) = app.page(&staff, &location).await;
    assert!(html.contains("has a scheme"), "{html}");
    let (_, location) = app
        .post_form(
            &staff,
            "add_account_site",
            &[
                ("account", &account.to_string()),
                ("domain", "juniperlaw.example"),
                ("name", "Juniper Law"),
            ],
        )
        .await;
    assert!(location.ends_with("done=site-added"), "{location}");
    let site = app.id_where("igny8_sites", "domain", "juniperlaw.example").await;
    let (_, location) = app
        .post_form(
            &staff,
            "start_subscription",
            &[
                ("account", &account.to_string()),
                ("site_id", &site.to_string()),
                ("tier", "lite"),
                ("billing_interval", "year"),
            ],
        )
        .await;
    assert!(location.ends_with("done=started"), "{location}");
    let sub = app
        .id_where("igny8_managed_service_subscriptions", "site_id", &site.to_string())
        .await;
    assert_eq!(
        app.count_where(
            "igny8_managed_service_subscriptions",
            &format!("id = {sub} AND price_cents = 108000 AND review_required = false AND status = 'active'")
        )
        .await,
        1,
        "a year of Lite, 10 % off"
    );

    // the account's page: the site, the subscription and MRR (a year ÷ 12) as the API says
    let (status, _, html) = app.page(&staff, &format!("/services/accounts/{account}")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("juniperlaw.example") && html.contains("MRR $90.00"),
        "{html}"
    );
    let (_, b) = app
        .graphql(&staff, "{ subscriptions { items { id monthlyCents } } }")
        .await;
    let monthly = b["data"]["subscriptions"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"].as_i64() == Some(sub))
        .map(|s| s["monthlyCents"].as_i64().unwrap());
    assert_eq!(monthly, Some(9_000), "{b}");

    // cancel asks first (a link), then the post
    assert!(html.contains(&format!("?confirm=cancel&amp;id={sub}")), "{html}");
    let (_, _, html) = app
        .page(&staff, &format!("/services/accounts/{account}?confirm=cancel&id={sub}"))
        .await;
    assert!(
        html.contains("Cancel the subscription of juniperlaw.example?"),
        "{html}"
    );
    let (_, location) = app
        .post_form(
            &staff,
            "change_subscription",
            &[
                ("account", &account.to_string()),
                ("id", &sub.to_string()),
                ("change", "cancel"),
            ],
        )
        .await;
    assert!(location.ends_with("done=cancelled"), "{location}");

    // the list: searched, sorted and paged through the URL; bad values named
    let (status, _, html) = app.page(&staff, "/services/accounts?q=juniper&sort=mrr&dir=desc").await;
    assert_eq!(status, 200);
    assert_eq!(html.matches("data-test=\"account-row\"").count(), 1, "{html}");
    let (status, _, html) = app.page(&staff, "/services/accounts?sort=age").await;
    assert_eq!(status, 422);
    assert!(html.contains("is not name, created, sites or mrr"), "{html}");
});

both!(an_invited_user_sets_a_password_once_and_sees_only_their_sites, |app| {
    use crate::servers::{SmtpServer, mailed_links};
    const ANA: &str = "ana.lopez@summit-pt.example";
    let smtp = SmtpServer::start().await;
    let staff = app.signed_in(STAFF_EMAIL).await;
    let denver = app.id_where("igny8_sites", "domain", "summitpt-denver.com").await;
    let account = app
        .scalar(&format!("SELECT account_id AS n FROM igny8_sites WHERE id = {denver}"))
        .await;
    let elsewhere = app.id_where("igny8_sites", "domain", "brightsmiledental.com").await;
    let invite = |email: &str, sites: &str| {
        format!(
            r#"mutation {{ inviteUser(accountId: "{account}", input: {{ email: "{email}", role: MEMBER{sites} }}) {{ id email role siteIds expiresAt acceptedAt }} }}"#
        )
    };
    let field = |b: &Value| {
        b["errors"][0]["extensions"]["field"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };

    // bad input: named, nothing written
    for (email, sites, expected) in [
        ("not-an-address", String::new(), "email"),
        ("owner@summit-pt.example", String::new(), "email"),
        (ANA, format!(", siteIds: [{elsewhere}]"), "siteIds"),
        (ANA, ", siteIds: []".to_owned(), "siteIds"),
    ] {
        let (_, b) = app.graphql(&staff, &invite(email, &sites)).await;
        assert_eq!(field(&b), expected, "{email} {sites}: {b}");
    }
    assert_eq!(app.count("igny8_invitations").await, 0);

    let (_, b) = app
        .graphql(&staff, &invite(ANA, &format!(", siteIds: [{denver}]")))
        .await;
    let i = &b["data"]["inviteUser"];
    assert_eq!(
        (i["role"].as_str(), i["siteIds"].clone()),
        (Some("MEMBER"), json!([denver])),
        "{b}"
    );
    assert!(i["acceptedAt"].is_null());
    let (_, b) = app.graphql(&staff, &invite(ANA, "")).await;
    assert!(
        b["errors"][0]["message"].as_str().unwrap().contains("invited already"),
        "{b}"
    );

    // the email, through a real SMTP server, carries the link; the page needs no sign-in
    let tokens = mailed_links(&app, &smtp, ANA, "/invitations/").await;
    assert_eq!(tokens.len(), 1, "{:?}", smtp.messages());
    let token = &tokens[0];
    let anon = app.client();
    let (status, _, html) = app.page(&anon, &format!("/invitations/{token}")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Welcome to Summit Physical Therapy") && html.contains(ANA),
        "{html}"
    );

    // a short password comes back beside its field, the name kept; nothing is made
    let users = app.count("igny8_users").await;
    let (status, location) = app
        .post_form(
            &anon,
            "accept_invitation",
            &[("token", token), ("first_name", "Ana"), ("password", "short")],
        )
        .await;
    assert_eq!(status, 302);
    assert!(
        location.contains("field=password") && location.contains("d_first=Ana"),
        "{location}"
    );
    let (_, _, html) = app.page(&anon, &location).await;
    assert!(
        html.contains("must be at least 8 characters") && html.contains("value=\"Ana\""),
        "{html}"
    );
    assert_eq!(app.count("igny8_users").await, users);

    let (status, location) = app
        .post_form(
            &anon,
            "accept_invitation",
            &[
                ("token", token),
                ("first_name", "Ana"),
                ("last_name", "López"),
                ("password", "a long passphrase"),
            ],
        )
        .await;
    assert_eq!(status, 302);
    assert_eq!(location, "/login?welcome=1&email=ana.lopez%40summit-pt.example");
    assert_eq!(app.count("igny8_users").await, users + 1);

    // once only: the link is gone, a second post makes nothing
    let (status, _, _) = app.page(&anon, &format!("/invitations/{token}")).await;
    assert_eq!(status, 404);
    let (status, _) = app
        .post_form(
            &anon,
            "accept_invitation",
            &[
                ("token", token),
                ("first_name", "Eve"),
                ("password", "another passphrase"),
            ],
        )
        .await;
    assert_eq!(status, 404);
    assert_eq!(app.count("igny8_users").await, users + 1);

    // Ana signs in with her password and sees only her site
    let ana = app.client();
    let r = app.post_login(&ana, ANA, "a long passphrase").await;
    assert_eq!(r.status(), 302);
    let (_, b) = app.graphql(&ana, "{ me { role firstName } sites { domain } }").await;
    assert_eq!(b["data"]["me"]["role"], "MEMBER", "{b}");
    assert_eq!(b["data"]["sites"], json!([{ "domain": "summitpt-denver.com" }]), "{b}");
    assert_eq!(
        app.count_where(
            "igny8_audit_log",
            &format!("action = 'user.create' AND account_id = {account} AND detail LIKE '%invitation%'")
        )
        .await,
        1
    );

    // a lapsed invitation's link is gone too
    let (_, b) = app.graphql(&staff, &invite("late@summit-pt.example", "")).await;
    assert!(b["errors"].is_null(), "{b}");
    let late = mailed_links(&app, &smtp, "late@summit-pt.example", "/invitations/").await;
    app.exec("UPDATE igny8_invitations SET expires_at = '2026-01-01 00:00:00' WHERE email = 'late@summit-pt.example'")
        .await;
    let (status, _, html) = app.page(&anon, &format!("/invitations/{}", late[0])).await;
    assert_eq!(status, 404);
    assert!(html.contains("This invitation no longer works"), "{html}");

    // an invitation revoked: its email is not sent, the address may be invited again at once
    let (_, b) = app.graphql(&staff, &invite("sam@summit-pt.example", "")).await;
    let sam = b["data"]["inviteUser"]["id"].as_i64().unwrap_or_else(|| panic!("{b}"));
    let (_, b) = app
        .graphql(
            &staff,
            &format!(r#"mutation {{ revokeInvitation(id: "{sam}") {{ open }} }}"#),
        )
        .await;
    assert_eq!(b["data"]["revokeInvitation"]["open"], false, "{b}");
    assert!(
        mailed_links(&app, &smtp, "sam@summit-pt.example", "/invitations/")
            .await
            .is_empty()
    );
    let (_, b) = app
        .graphql(
            &staff,
            &format!(r#"mutation {{ revokeInvitation(id: "{sam}") {{ open }} }}"#),
        )
        .await;
    assert_eq!(b["errors"][0]["extensions"]["code"], "CONFLICT", "{b}");
    let (_, b) = app.graphql(&staff, &invite("sam@summit-pt.example", "")).await;
    assert!(b["errors"].is_null(), "invited again: {b}");
    assert_eq!(
        app.count("igny8_audit_log WHERE action = 'user.invite_revoked'").await,
        1
    );

    // the account's page lists them
    let (_, _, html) = app.page(&staff, &format!("/services/accounts/{account}")).await;
    assert!(html.contains(ANA) && html.contains("late@summit-pt.example"), "{html}");
});

both!(staff_record_backlink_orders_and_their_links, |app| {
    let staff = app.signed_in(STAFF_EMAIL).await;
    let site = app.id_where("igny8_sites", "domain", "summitpt-denver.com").await;
    let margin = |b: &Value| {
        b["data"]["dashboard"]["summary"]["marginCents"]
            .as_i64()
            .unwrap_or_else(|| panic!("{b}"))
    };
    let (_, b) = app.graphql(&staff, "{ dashboard { summary { marginCents } } }").await;
    let before = margin(&b);
    let orders = app.count("igny8_backlink_service_orders").await;
    let good = json!({ "site_id": site, "package": "growth", "marketplace": "fatgrid", "links_ordered": 2,
        "price_cents": 60_000, "cost_cents": 35_000, "due_date": due(), "notes": "two DR50+ guest posts" });
    let with = |k: &str, v: Value| {
        let mut body = good.clone();
        body[k] = v;
        body
    };
    for (body, field) in [
        (with("package", json!("platinum")), "package"),
        (with("marketplace", json!("ebay")), "marketplace"),
        (with("links_ordered", json!(0)), "links_ordered"),
        (with("price_cents", json!(-1)), "price_cents"),
        (with("due_date", json!("31/12/2026")), "due_date"),
        (with("site_id", json!(999_999)), "site_id"),
    ] {
        let (status, b) = send(&app, &staff, "POST", "/api/v1/services/orders/", body).await;
        assert_eq!((status, refused(&b).0.as_str()), (422, field), "{b}");
    }
    assert_eq!(
        app.count("igny8_backlink_service_orders").await,
        orders,
        "nothing written"
    );
    let (status, b) = send(&app, &staff, "POST", "/api/v1/services/orders/", good).await;
    assert_eq!(status, 201, "{b}");
    assert_eq!(
        (b["data"]["status"].as_str(), b["data"]["margin_cents"].as_i64()),
        (Some("ordered"), Some(25_000))
    );
    let order = b["data"]["id"].as_i64().unwrap();
    let (_, b) = app.graphql(&staff, "{ dashboard { summary { marginCents } } }").await;
    assert_eq!(margin(&b), before + 25_000, "the month's margin counts it at once");

    // its links: to the order's site only, from a web page, to a hub page
    let links = format!("/api/v1/services/orders/{order}/links/");
    let link = json!({ "source_url": "https://healthnews.example/running-injuries", "target_url": "https://summitpt-denver.com/sports-rehab",
        "anchor_text": "sports rehab in Denver", "tier": 1, "domain_rating": 52.0, "cost_cents": 17_500 });
    let with = |k: &str, v: Value| {
        let mut body = link.clone();
        body[k] = v;
        body
    };
    for (body, field) in [
        (
            with("target_url", json!("https://brightsmiledental.com/")),
            "target_url",
        ),
        (with("source_url", json!("javascript:alert(1)")), "source_url"),
        (with("tier", json!(4)), "tier"),
        (with("domain_rating", json!(120.0)), "domain_rating"),
        (with("anchor_text", json!("  ")), "anchor_text"),
    ] {
        let (status, b) = send(&app, &staff, "POST", &links, body).await;
        assert_eq!((status, refused(&b).0.as_str()), (422, field), "{b}");
    }
    let (status, b) = send(&app, &staff, "POST", &links, link.clone()).await;
    assert_eq!(
        (status, b["data"]["status"].as_str()),
        (201, Some("in_progress")),
        "{b}"
    );
    let (_, b) = send(
        &app,
        &staff,
        "POST",
        &links,
        with("source_url", json!("https://www.runnersworld.example/knees")),
    )
    .await;
    assert_eq!(
        b["data"]["status"], "delivered",
        "its last link delivers the order: {b}"
    );
    assert_eq!(b["data"]["links"].as_array().unwrap().len(), 2);
    assert_eq!(b["data"]["links"][1]["source_domain"], "runnersworld.example", "{b}");
    assert!(b["data"]["delivered_at"].is_string(), "{b}");
    assert_eq!(
        app.count("igny8_audit_log WHERE action IN ('order.record', 'order.link')")
            .await,
        3
    );
    let (status, b) = send(
        &app,
        &staff,
        "POST",
        &links,
        with("source_url", json!("https://third.example/")),
    )
    .await;
    assert_eq!(status, 409, "a delivered order owes no more links: {b}");

    // the pages: the account's form posts in dollars, the order's page shows the links and its form
    let account = app
        .scalar(&format!("SELECT account_id AS n FROM igny8_sites WHERE id = {site}"))
        .await;
    let (_, location) = app
        .post_form(
            &staff,
            "record_order",
            &[
                ("account", &account.to_string()),
                ("site_id", &site.to_string()),
                ("package", "starter"),
                ("marketplace", "prnews"),
                ("links_ordered", "1"),
                ("price", "1,200.50"),
                ("cost", "abc"),
                ("due_date", &due()),
            ],
        )
        .await;
    assert!(
        location.starts_with(&format!("/services/accounts/{account}?")) && location.contains("field=cost_cents"),
        "{location}"
    );
    assert!(
        location.contains("d_price=1%2C200.50"),
        "the values are kept: {location}"
    );
    let (_, location) = app
        .post_form(
            &staff,
            "record_order",
            &[
                ("account", &account.to_string()),
                ("site_id", &site.to_string()),
                ("package", "starter"),
                ("marketplace", "prnews"),
                ("links_ordered", "1"),
                ("price", "1,200.50"),
                ("cost", "700"),
                ("due_date", &due()),
            ],
        )
        .await;
    assert!(location.ends_with("?done=recorded"), "{location}");
    let id = app
        .scalar("SELECT MAX(id) AS n FROM igny8_backlink_service_orders")
        .await;
    assert_eq!(
        app.count_where(
            "igny8_backlink_service_orders",
            &format!("id = {id} AND price_cents = 120050 AND cost_cents = 70000")
        )
        .await,
        1
    );
    let (status, _, html) = app.page(&staff, &format!("/services/orders/{order}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("runnersworld.example"), "{html}");
    assert!(
        !html.contains("data-test=\"link-form\""),
        "a delivered order owes no links: {html}"
    );
    let (_, _, html) = app.page(&staff, &location).await;
    assert!(
        html.contains("data-test=\"link-form\""),
        "an open order takes links: {html}"
    );
});

both!(two_tabs_accepting_one_invitation_make_one_user, |app| {
    const BO: &str = "bo.chen@summit-pt.example";
    let staff = app.signed_in(STAFF_EMAIL).await;
    let account = app
        .scalar("SELECT account_id AS n FROM igny8_sites WHERE domain = 'summitpt.com'")
        .await;
    let (_, b) = app
        .graphql(
            &staff,
            &format!(r#"mutation {{ inviteUser(accountId: "{account}", input: {{ email: "{BO}", role: VIEWER }}) {{ id }} }}"#),
        )
        .await;
    let id = b["data"]["inviteUser"]["id"].as_i64().unwrap_or_else(|| panic!("{b}"));
    let (token, _) = {
        let mut pooled = app.state.conn().await.unwrap();
        server::invitations::token_for_email(&mut pooled.conn(), id)
            .await
            .unwrap()
            .expect("an open invitation")
    };
    let users = app.count("igny8_users").await;
    let (a, b) = tokio::join!(
        server::invitations::accept(&app.state, &token, "Bo", "Chen", "first passphrase"),
        server::invitations::accept(&app.state, &token, "Bo", "Other", "second passphrase"),
    );
    assert_eq!(
        [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(),
        1,
        "exactly one succeeds: {a:?} {b:?}"
    );
    assert_eq!(app.count("igny8_users").await, users + 1);
    assert_eq!(app.count_where("igny8_users", &format!("email = '{BO}'")).await, 1);
});
