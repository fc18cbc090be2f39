//! A report's life: stored before its row is saved (locally and in a real S3-compatible store),
//! regenerated from its frozen data, previewed without a trace, downloaded by the right people,
//! shared through expiring links, and held back by the pre-send check.

use app::types::report::SectionKey;
use app::types::{Actor, ErrorCode};
use server::config::{DatabaseUrl, ObjectStoreConfig};
use server::reports::brand::Theme;
use server::reports::generate::ReportRequest;
use server::reports::lifecycle::{self, generate, preview, regenerate};
use server::reports::period::Period;
use server::seed::{CLIENT_EMAIL, STAFF_EMAIL};

use crate::both;
use crate::servers::{LogoServer, S3Server};
use crate::support::{Kind, TestApp, stored_files};

const AGENCY_EMAIL: &str = "admin@northstar-digital.example";

pub async fn actor(app: &TestApp, email: &str) -> Actor {
    let id = app.id_where("igny8_users", "email", email).await;
    let mut pooled = app.state.conn().await.unwrap();
    server::auth::actor_for_user(&mut pooled.conn(), id).await.unwrap()
}

fn input(site_id: i64, branding_id: Option<i64>) -> ReportRequest {
    ReportRequest {
        site_id,
        period: Period::parse("2026-10").unwrap(),
        report_type: "monthly",
        sections: SectionKey::ALL.to_vec(),
        branding_id,
        template_id: None,
        theme: Some(Theme::Light),
    }
}

async fn report(app: &TestApp, id: i64) -> server::db::models::report::ServiceReport {
    let mut pooled = app.state.conn().await.unwrap();
    server::db::models::report::ServiceReport::find(&mut pooled.conn(), id)
        .await
        .unwrap()
}

both!(reports_are_stored_then_recorded_and_downloads_are_authorized, |app| {
    let site = app.id_where("igny8_sites", "domain", "brightsmiledental.com").await;
    let staff = actor(&app, STAFF_EMAIL).await;
    let id = generate(&app.state, Some(&staff), input(site, None)).await.unwrap();
    assert_eq!(app.count("igny8_service_reports").await, 1);
    assert_eq!(stored_files(&app.state), 1);
    let url = format!("/reports/{id}/pdf");
    assert_eq!(app.id_where("igny8_service_reports", "report_pdf_url", &url).await, id);
    let row = report(&app, id).await;
    assert_eq!(row.hold_reason, None, "a complete report passes the pre-send check");
    assert_eq!(row.warnings, "[]");
    assert!(lifecycle::ensure_sendable(&row).is_ok());

    let owner = app.signed_in(CLIENT_EMAIL).await;
    let r = owner.get(app.url(&url)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let disposition = r.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(
        disposition.contains("brightsmiledental.com-monthly-2026-10-01.pdf"),
        "{disposition}"
    );
    assert!(r.bytes().await.unwrap().starts_with(b"%PDF-"));

    let other = app.signed_in("owner@harbor-legal.example").await;
    assert_eq!(other.get(app.url(&url)).send().await.unwrap().status(), 404);
    assert_eq!(app.client().get(app.url(&url)).send().await.unwrap().status(), 401);
    assert_eq!(
        owner.get(app.url("/reports/999999/pdf")).send().await.unwrap().status(),
        404
    );
    assert_eq!(
        owner
            .get(app.url("/reports/1%20OR%201=1/pdf"))
            .send()
            .await
            .unwrap()
            .status(),
        422
    );
});

both!(generating_for_a_site_one_may_not_touch_writes_nothing, |app| {
    let brightsmile = app.id_where("igny8_sites", "domain", "brightsmiledental.com").await;
    let harbor = actor(&app, "owner@harbor-legal.example").await;
    let e = generate(&app.state, Some(&harbor), input(brightsmile, None))
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound, "another account's site");

    // a branding of one's own account needs the white_label gate
    let owner = actor(&app, CLIENT_EMAIL).await;
    let agency_branding = app
        .id_where("igny8_agency_branding", "brand_name", "Northstar Digital")
        .await;
    let owner_account = app.id_where("igny8_users", "email", CLIENT_EMAIL).await;
    app.exec(&format!(
        "INSERT INTO igny8_agency_branding (account_id, brand_name, primary_color, secondary_color, created_at, updated_at) \
         SELECT account_id, 'Own Brand', '#112233', '#445566', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM igny8_users WHERE id = {owner_account}"
    ))
    .await;
    let own_branding = app.id_where("igny8_agency_branding", "brand_name", "Own Brand").await;
    let e = generate(&app.state, Some(&owner), input(brightsmile, Some(own_branding)))
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Forbidden, "no white_label gate");
    let e = generate(&app.state, Some(&owner), input(brightsmile, Some(agency_branding)))
        .await
        .unwrap_err();
    assert_eq!(
        e.code(),
        ErrorCode::Forbidden,
        "the gate is asked before any branding is looked up"
    );

    // a branding of another account is refused as one that does not exist (the same words:
    // ids leak nothing), beside its field, even with the gate
    let agency = actor(&app, AGENCY_EMAIL).await;
    let lakeside = app.id_where("igny8_sites", "domain", "lakesidebakery.com").await;
    let foreign = generate(&app.state, Some(&agency), input(lakeside, Some(own_branding)))
        .await
        .unwrap_err();
    let missing = generate(&app.state, Some(&agency), input(lakeside, Some(999_999)))
        .await
        .unwrap_err();
    assert_eq!(foreign.field(), Some("branding_id"), "{foreign}");
    assert_eq!(
        foreign.to_string().replace(&own_branding.to_string(), "N"),
        missing.to_string().replace("999999", "N")
    );

    // an account whose plan has no reports gate
    let fresh = actor(&app, "owner@fresh-start.example").await;
    let site = app.id_where("igny8_sites", "domain", "freshstartcleaning.com").await;
    let e = generate(&app.state, Some(&fresh), input(site, None)).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Forbidden);

    // bad input is refused before anything is written, naming the field
    let mut bad = input(brightsmile, None);
    bad.template_id = Some(999_999);
    let e = generate(&app.state, Some(&owner), bad).await.unwrap_err();
    assert_eq!(e.field(), Some("template_id"), "unknown template: {e}");
    app.exec(&format!(
        "UPDATE igny8_agency_branding SET primary_color = 'red####' WHERE id = {own_branding}"
    ))
    .await;
    let staff = actor(&app, STAFF_EMAIL).await;
    let e = generate(&app.state, Some(&staff), input(brightsmile, Some(own_branding)))
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("primary_color"), "{e}");

    assert!(generate(&app.state, None, input(brightsmile, None)).await.is_err());
    assert_eq!(app.count("igny8_service_reports").await, 0);
    assert_eq!(stored_files(&app.state), 0);

    // the agency's own admin may, and a white-label report names only the agency
    let id = generate(&app.state, Some(&agency), input(lakeside, Some(agency_branding)))
        .await
        .unwrap();
    let download = lifecycle::pdf(&app.state, Some(&agency), id).await.unwrap();
    let name = download.name.clone();
    let pdf = download.bytes().await.unwrap();
    assert!(!name.to_lowercase().contains("igny8") && !name.to_lowercase().contains("alorig"));
    assert!(pdf.starts_with(b"%PDF-"));
});

both!(regenerating_renders_the_frozen_data_again, |app| {
    let agency = actor(&app, AGENCY_EMAIL).await;
    let lakeside = app.id_where("igny8_sites", "domain", "lakesidebakery.com").await;
    let branding = app
        .id_where("igny8_agency_branding", "brand_name", "Northstar Digital")
        .await;
    let id = generate(&app.state, Some(&agency), input(lakeside, Some(branding)))
        .await
        .unwrap();
    let first = report(&app, id).await;
    // new upstream rows after generation do not change the report: its data is frozen
    app.exec(&format!(
        "UPDATE igny8_gsc_metrics_cache SET clicks = clicks + 1000 WHERE site_id = {lakeside}"
    ))
    .await;
    let same = regenerate(&app.state, Some(&agency), id).await.unwrap();
    assert_eq!(
        same.pdf_sha256, first.pdf_sha256,
        "same data, same look: the same bytes"
    );
    assert_eq!(same.report_data, first.report_data);
    assert_eq!(stored_files(&app.state), 1);

    // a changed brand colour gives a new file; the old one is removed
    app.exec(&format!(
        "UPDATE igny8_agency_branding SET primary_color = '#AA0000' WHERE id = {branding}"
    ))
    .await;
    let recoloured = regenerate(&app.state, Some(&agency), id).await.unwrap();
    assert_ne!(recoloured.pdf_sha256, first.pdf_sha256);
    assert_ne!(recoloured.pdf_object_key, first.pdf_object_key);
    assert_eq!(stored_files(&app.state), 1, "the replaced PDF is removed");
    assert!(app.state.storage.exists(&recoloured.pdf_object_key).await.unwrap());
    assert!(!app.state.storage.exists(&first.pdf_object_key).await.unwrap());

    // data of a newer schema than this server writes is refused, not misread
    let versioned = |v: u32| format!("\"schema_version\":{v}");
    app.exec(&format!(
        "UPDATE igny8_service_reports SET report_data = REPLACE(report_data, '{}', '{}') WHERE id = {id}",
        versioned(2),
        versioned(99)
    ))
    .await;
    let e = regenerate(&app.state, Some(&agency), id).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Conflict, "{e}");
    assert!(e.to_string().contains("schema_version 99"), "{e}");
    app.exec(&format!(
        "UPDATE igny8_service_reports SET report_data = REPLACE(report_data, '{}', '{}') WHERE id = {id}",
        versioned(99),
        versioned(2)
    ))
    .await;

    // a branding switched off, or deleted: never rendered again under IGNY8's name
    app.exec(&format!(
        "UPDATE igny8_agency_branding SET is_active = false WHERE id = {branding}"
    ))
    .await;
    let e = regenerate(&app.state, Some(&agency), id).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Conflict, "{e}");
    app.exec(&format!("DELETE FROM igny8_agency_branding WHERE id = {branding}"))
        .await;
    let e = regenerate(&app.state, Some(&agency), id).await.unwrap_err();
    assert!(e.to_string().contains("branding was deleted"), "{e}");
    assert!(
        app.state.storage.exists(&recoloured.pdf_object_key).await.unwrap(),
        "the file stays"
    );

    // other accounts may not
    let other = actor(&app, CLIENT_EMAIL).await;
    assert_eq!(
        regenerate(&app.state, Some(&other), id).await.unwrap_err().code(),
        ErrorCode::NotFound
    );
});

both!(previews_save_nothing, |app| {
    let site = app.id_where("igny8_sites", "domain", "brightsmiledental.com").await;
    let owner = actor(&app, CLIENT_EMAIL).await;
    let p = preview(&app.state, Some(&owner), input(site, None), true)
        .await
        .unwrap();
    assert!(p.html.contains("Executive Summary") && p.html.contains("BrightSmile Dental"));
    assert!(p.pdf.as_ref().unwrap().starts_with(b"%PDF-"));
    assert_eq!(p.hold_reason, None);
    let html_only = preview(&app.state, Some(&owner), input(site, None), false)
        .await
        .unwrap();
    assert!(html_only.pdf.is_none());
    assert_eq!(app.count("igny8_service_reports").await, 0);
    assert_eq!(stored_files(&app.state), 0);
    let harbor = actor(&app, "owner@harbor-legal.example").await;
    assert_eq!(
        preview(&app.state, Some(&harbor), input(site, None), false)
            .await
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
});

both!(share_links_expire_and_can_be_revoked, |app| {
    let site = app.id_where("igny8_sites", "domain", "brightsmiledental.com").await;
    let owner = actor(&app, CLIENT_EMAIL).await;
    let id = generate(&app.state, Some(&owner), input(site, None)).await.unwrap();
    let day = chrono::Duration::days(1);
    let link = lifecycle::share(&app.state, Some(&owner), id, day).await.unwrap();
    assert!(link.path.starts_with("/reports/shared/"));
    let anonymous = app.client();
    let r = anonymous.get(app.url(&link.path)).send().await.unwrap();
    assert_eq!(r.status(), 200, "no sign-in needed");
    assert_eq!(r.headers()["cache-control"], "private, no-store");
    assert!(r.bytes().await.unwrap().starts_with(b"%PDF-"));
    assert_eq!(app.count("igny8_audit_log WHERE action = 'share_link.create'").await, 1);
    assert_eq!(
        app.count(&format!(
            "igny8_share_links WHERE token_hash LIKE '%{}%'",
            &link.path[16..]
        ))
        .await,
        0,
        "only the token's hash is stored"
    );

    // bounds, other accounts, viewers
    let e = lifecycle::share(&app.state, Some(&owner), id, chrono::Duration::days(91))
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("expires_in"));
    let harbor = actor(&app, "owner@harbor-legal.example").await;
    assert_eq!(
        lifecycle::share(&app.state, Some(&harbor), id, day)
            .await
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );

    // a forged, an expired and a revoked link are all "not found"
    for bad in [
        "/reports/shared/nope",
        "/reports/shared/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ] {
        assert_eq!(anonymous.get(app.url(bad)).send().await.unwrap().status(), 404, "{bad}");
    }
    let expiring = lifecycle::share(&app.state, Some(&owner), id, day).await.unwrap();
    app.exec(&format!(
        "UPDATE igny8_share_links SET expires_at = '2020-01-01 00:00:00' WHERE id = {}",
        expiring.id
    ))
    .await;
    assert_eq!(
        anonymous.get(app.url(&expiring.path)).send().await.unwrap().status(),
        404
    );
    lifecycle::revoke_share(&app.state, Some(&owner), link.id)
        .await
        .unwrap();
    lifecycle::revoke_share(&app.state, Some(&owner), link.id)
        .await
        .unwrap();
    assert_eq!(anonymous.get(app.url(&link.path)).send().await.unwrap().status(), 404);
    assert_eq!(app.count("igny8_audit_log WHERE action = 'share_link.revoke'").await, 1);
});

both!(the_pre_send_check_holds_reports_that_must_not_go_out, |app| {
    let site = app.id_where("igny8_sites", "domain", "brightsmiledental.com").await;
    let staff = actor(&app, STAFF_EMAIL).await;
    // a section whose upstream data is broken fails; the others still render
    app.exec(&format!(
        "UPDATE igny8_sag_blueprints SET content_gaps = '{{not json' WHERE site_id = {site}"
    ))
    .await;
    let id = generate(&app.state, Some(&staff), input(site, None)).await.unwrap();
    let row = report(&app, id).await;
    let hold = row.hold_reason.clone().expect("held back");
    assert!(hold.contains("section SAG Health failed"), "{hold}");
    let e = lifecycle::ensure_sendable(&row).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Conflict);
    let pdf = lifecycle::pdf(&app.state, Some(&staff), id)
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let text = server::reports::check::read(&pdf).unwrap().text;
    assert!(text.contains("This section could not be prepared"), "{text}");
    assert!(text.contains("Organic Traffic"), "the other sections are there");

    // a logo that cannot be loaded: the report renders without it, says why, and is held
    let agency = actor(&app, AGENCY_EMAIL).await;
    let lakeside = app.id_where("igny8_sites", "domain", "lakesidebakery.com").await;
    let branding = app
        .id_where("igny8_agency_branding", "brand_name", "Northstar Digital")
        .await;
    app.exec(&format!(
        "UPDATE igny8_agency_branding SET brand_logo_url = 'http://127.0.0.1:9/logo.png' WHERE id = {branding}"
    ))
    .await;
    let id = generate(&app.state, Some(&agency), input(lakeside, Some(branding)))
        .await
        .unwrap();
    let row = report(&app, id).await;
    assert!(row.warnings.contains("loopback address"), "{}", row.warnings);
    assert!(
        row.hold_reason
            .as_deref()
            .unwrap_or("")
            .contains("lacks the brand's logo"),
        "{:?}",
        row.hold_reason
    );
});

/// The same scenarios with the logo served over HTTP and the PDFs in a real S3-compatible store:
/// generated, downloaded over HTTP (streamed from the store), regenerated, shared.
async fn s3_and_logo(kind: Kind) {
    let s3 = S3Server::start().await;
    let logos = LogoServer::start().await;
    let Some(app) = TestApp::demo_with(kind, |config| {
        s3.configure(config, "tenant-files");
        config.logo_allow_private = true;
    })
    .await
    else {
        return;
    };
    let state = &app.state;

    let agency = actor(&app, AGENCY_EMAIL).await;
    let lakeside = app.id_where("igny8_sites", "domain", "lakesidebakery.com").await;
    let branding = app
        .id_where("igny8_agency_branding", "brand_name", "Northstar Digital")
        .await;
    app.exec(&format!(
        "UPDATE igny8_agency_branding SET brand_logo_url = '{}' WHERE id = {branding}",
        logos.url("/logo.png")
    ))
    .await;
    let mut req = input(lakeside, Some(branding));
    req.theme = Some(Theme::Dark);
    let id = generate(state, Some(&agency), req).await.unwrap();
    let row = report(&app, id).await;
    assert_eq!(row.hold_reason, None, "the logo is there: {:?}", row.warnings);
    assert!(state.storage.exists(&row.pdf_object_key).await.unwrap());
    let local =
        app.state_with(|c| c.object_store = ObjectStoreConfig::Local(c.outbox_dir.parent().unwrap().join("objects")));
    assert!(
        !local.storage.exists(&row.pdf_object_key).await.unwrap(),
        "not on the local disk"
    );
    let pdf = lifecycle::pdf(state, Some(&agency), id)
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let found = server::reports::check::read(&pdf).unwrap();
    assert!(found.has_image, "the logo is embedded");
    let text = found.text.to_lowercase();
    assert!(text.contains("northstar digital") && !text.contains("igny8") && !text.contains("alorig"));

    // over HTTP, streamed from the store: the stored bytes, with their length
    let client = app.signed_in(AGENCY_EMAIL).await;
    let r = client.get(app.url(&format!("/reports/{id}/pdf"))).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-length"], pdf.len().to_string().as_str());
    assert_eq!(r.bytes().await.unwrap().as_ref(), pdf.as_slice());

    // regenerated in another theme: a new object, the old one removed
    app.exec(&format!(
        "UPDATE igny8_service_reports SET theme = 'light' WHERE id = {id}"
    ))
    .await;
    let again = regenerate(state, Some(&agency), id).await.unwrap();
    assert_ne!(again.pdf_object_key, row.pdf_object_key);
    assert!(state.storage.exists(&again.pdf_object_key).await.unwrap());
    assert!(
        !state.storage.exists(&row.pdf_object_key).await.unwrap(),
        "the replaced PDF is removed"
    );

    // a share link reads it from the store too
    let link = lifecycle::share(state, Some(&agency), id, chrono::Duration::days(1))
        .await
        .unwrap();
    let r = app.client().get(app.url(&link.path)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let shared = r.bytes().await.unwrap();
    use sha2::Digest as _;
    assert_eq!(
        hex::encode(sha2::Sha256::digest(&shared)),
        again.pdf_sha256.clone().unwrap()
    );

    // a second report uses the cached logo
    generate(state, Some(&agency), input(lakeside, Some(branding)))
        .await
        .unwrap();
    assert_eq!(logos.logo_hits.load(std::sync::atomic::Ordering::SeqCst), 1);

    // the store down: nothing is recorded, no row points at a missing file
    let before = app.count("igny8_service_reports").await;
    let mut s3 = s3;
    s3.stop();
    let e = generate(state, Some(&agency), input(lakeside, Some(branding)))
        .await
        .unwrap_err();
    assert!(matches!(e, server::error::AppError::Unavailable(_)), "{e}");
    assert_eq!(app.count("igny8_service_reports").await, before);
}

mod s3_storage_and_fetched_logos {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        s3_and_logo(Kind::Sqlite).await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        s3_and_logo(Kind::Postgres).await
    }
}

/// A database that refuses to record the report's URL (after its row was inserted).
async fn refuse_report_updates(app: &TestApp) {
    if matches!(app.state.config.database_url, DatabaseUrl::Postgres(_)) {
        app.exec(
            "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql",
        )
        .await;
        app.exec("CREATE TRIGGER refuse BEFORE UPDATE ON igny8_service_reports FOR EACH ROW EXECUTE FUNCTION refuse()")
            .await;
    } else {
        app.exec(
            "CREATE TRIGGER refuse BEFORE UPDATE ON igny8_service_reports BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
        )
        .await;
    }
}

both!(a_file_whose_row_failed_is_removed, |app| {
    let site = app.id_where("igny8_sites", "domain", "brightsmiledental.com").await;
    let staff = actor(&app, STAFF_EMAIL).await;
    let id = generate(&app.state, Some(&staff), input(site, None)).await.unwrap();
    let first = report(&app, id).await;
    // a different look, so that regenerating writes a new object
    app.exec(&format!(
        "UPDATE igny8_service_reports SET theme = 'dark' WHERE id = {id}"
    ))
    .await;
    refuse_report_updates(&app).await;

    // the row is inserted, then its URL fails: neither the row nor the file stays
    let mut other = input(site, None);
    other.period = Period::parse("2026-09").unwrap();
    let e = generate(&app.state, Some(&staff), other).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Internal, "{e}");
    assert_eq!(
        app.count("igny8_service_reports").await,
        1,
        "the insert was rolled back"
    );
    assert_eq!(stored_files(&app.state), 1, "the new file was removed");

    // regenerating cannot point the row at its new file: the file goes, the old one stays
    regenerate(&app.state, Some(&staff), id).await.unwrap_err();
    assert_eq!(stored_files(&app.state), 1);
    let kept = report(&app, id).await;
    assert_eq!(kept.pdf_object_key, first.pdf_object_key);
    assert!(app.state.storage.exists(&kept.pdf_object_key).await.unwrap());
});

both!(
    a_report_without_a_template_uses_the_brandings_then_the_accounts_default,
    |app| {
        let site = app.id_where("igny8_sites", "domain", "lakesidebakery.com").await;
        let account = app
            .scalar(&format!("SELECT account_id AS n FROM igny8_sites WHERE id = {site}"))
            .await;
        let northstar = app
            .id_where("igny8_agency_branding", "brand_name", "Northstar Digital")
            .await;
        let lakeside = app
            .id_where("igny8_agency_branding", "brand_name", "Lakeside Growth Partners")
            .await;
        let agency = actor(&app, AGENCY_EMAIL).await;
        let req = |branding_id: Option<i64>, template_id: Option<i64>| ReportRequest {
            theme: None,
            template_id,
            ..input(site, branding_id)
        };
        // none yet: the built-in template
        let id = generate(&app.state, Some(&agency), req(None, None)).await.unwrap();
        assert_eq!(
            (report(&app, id).await.template_id, report(&app, id).await.theme),
            (None, "light".into())
        );

        let add = |name: &str, html: &str, theme: &str, default: bool, branding: Option<i64>| {
            format!(
                "INSERT INTO igny8_report_templates (account_id, name, template_html, template_css, theme, is_default, branding_id, created_at, updated_at) \
             VALUES ({account}, '{name}', '{html}', '', '{theme}', {default}, {}, '2026-11-01 00:00:00', '2026-11-01 00:00:00')",
                branding.map_or("NULL".into(), |b| b.to_string())
            )
        };
        app.exec(&add("House", "<h1>HOUSE {{client}}</h1>", "light", true, None))
            .await;
        let house = app.id_where("igny8_report_templates", "name", "House").await;
        app.exec(&add(
            "For Northstar",
            "<h1>NORTHSTAR {{client}}</h1>",
            "dark",
            false,
            Some(northstar),
        ))
        .await;
        let of_northstar = app.id_where("igny8_report_templates", "name", "For Northstar").await;

        for (branding, explicit, expected, theme) in [
            (None, None, house, "light"),
            (Some(northstar), None, of_northstar, "dark"),
            (Some(lakeside), None, house, "light"),
            (Some(northstar), Some(house), house, "light"),
        ] {
            let id = generate(&app.state, Some(&agency), req(branding, explicit))
                .await
                .unwrap();
            let row = report(&app, id).await;
            assert_eq!(
                (row.template_id, row.theme.as_str()),
                (Some(expected), theme),
                "branding {branding:?}, template {explicit:?}"
            );
        }
        let shown = preview(&app.state, Some(&agency), req(Some(northstar), None), false)
            .await
            .unwrap();
        assert!(shown.html.contains("<h1>NORTHSTAR "), "the branding's template renders");
    }
);

/// The figures a sentence quotes, as written ("1,234", "12.5"), sorted.
fn figures_of(sentence: &str) -> Vec<String> {
    let mut out: Vec<String> = sentence
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .map(|s| s.trim_matches(|c| c == '.' || c == ','))
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    out.sort();
    out
}

both!(the_summary_is_worded_in_the_subscriptions_tone, |app| {
    let site = app.id_where("igny8_sites", "domain", "brightsmiledental.com").await;
    let staff = actor(&app, STAFF_EMAIL).await;
    let summary = || async {
        preview(&app.state, Some(&staff), input(site, None), false)
            .await
            .unwrap()
            .data
            .summary
            .unwrap()
    };
    let professional = summary().await;
    assert!(professional.wins.len() >= 3, "{:?}", professional.wins);
    let mut seen = vec![professional.wins.clone()];
    for tone in ["friendly", "technical"] {
        app.exec(&format!(
            "UPDATE igny8_managed_service_subscriptions SET config = REPLACE(config, '\"tone\":\"professional\"', '\"tone\":\"{tone}\"') WHERE site_id = {site}"
        ))
        .await;
        let worded = summary().await;
        assert!(
            !seen.contains(&worded.wins),
            "{tone} has its own wording: {:?}",
            worded.wins
        );
        assert_ne!(worded.next_step, professional.next_step, "{tone}");
        // the same facts: sentence by sentence, the same figures
        assert_eq!(worded.wins.len(), professional.wins.len());
        for (a, b) in worded.wins.iter().zip(&professional.wins) {
            assert_eq!(figures_of(a), figures_of(b), "{tone}: “{a}” against “{b}”");
        }
        assert_eq!(
            worded.kpis, professional.kpis,
            "the headline figures do not depend on the tone"
        );
        seen.push(worded.wins.clone());
        app.exec(&format!(
            "UPDATE igny8_managed_service_subscriptions SET config = REPLACE(config, '\"tone\":\"{tone}\"', '\"tone\":\"professional\"') WHERE site_id = {site}"
        ))
        .await;
    }
});
