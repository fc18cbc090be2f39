//! Generating and downloading reports: the PDF is stored before its row is saved, downloads are
//! for the account's owners and admins (and staff), other accounts get "not found".

use app::types::Actor;
use app::types::report::SectionKey;
use server::reports::brand::Theme;
use server::reports::generate::ReportRequest;
use server::reports::lifecycle::generate;
use server::reports::period::Period;
use server::seed::{CLIENT_EMAIL, STAFF_EMAIL};

use crate::both;
use crate::support::TestApp;

async fn actor(app: &TestApp, email: &str) -> Actor {
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
        theme: Theme::Light,
    }
}

fn stored_files(app: &TestApp) -> usize {
    fn walk(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| if e.path().is_dir() { walk(&e.path()) } else { 1 })
                    .sum()
            })
            .unwrap_or(0)
    }
    walk(&app.state.config.object_store)
}

both!(reports_are_stored_then_recorded_and_downloads_are_authorized, |app| {
    let site = app.id_where("igny8_sites", "domain", "brightsmiledental.com").await;
    let staff = actor(&app, STAFF_EMAIL).await;
    let id = generate(&app.state, Some(&staff), input(site, None)).await.unwrap();
    assert_eq!(app.count("igny8_service_reports").await, 1);
    assert_eq!(stored_files(&app), 1);
    let url = format!("/reports/{id}/pdf");
    assert_eq!(app.id_where("igny8_service_reports", "report_pdf_url", &url).await, id);

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
    assert_eq!(e.code(), app::types::ErrorCode::NotFound, "another account's site");

    // a branding of another account is "not found" too
    let owner = actor(&app, CLIENT_EMAIL).await;
    let agency_branding = app
        .id_where("igny8_agency_branding", "brand_name", "Northstar Digital")
        .await;
    let e = generate(&app.state, Some(&owner), input(brightsmile, Some(agency_branding)))
        .await
        .unwrap_err();
    assert_eq!(e.code(), app::types::ErrorCode::NotFound);

    // an account whose plan has no reports gate
    let fresh = actor(&app, "owner@fresh-start.example").await;
    let site = app.id_where("igny8_sites", "domain", "freshstartcleaning.com").await;
    let e = generate(&app.state, Some(&fresh), input(site, None)).await.unwrap_err();
    assert_eq!(e.code(), app::types::ErrorCode::Forbidden);

    assert!(generate(&app.state, None, input(brightsmile, None)).await.is_err());
    assert_eq!(app.count("igny8_service_reports").await, 0);
    assert_eq!(stored_files(&app), 0);

    // the account's own owner may, and a white-label report names only the agency
    let agency = actor(&app, "admin@northstar-digital.example").await;
    let lakeside = app.id_where("igny8_sites", "domain", "lakesidebakery.com").await;
    let id = generate(&app.state, Some(&agency), input(lakeside, Some(agency_branding)))
        .await
        .unwrap();
    let (name, pdf) = server::reports::lifecycle::pdf(&app.state, Some(&agency), id)
        .await
        .unwrap();
    assert!(!name.to_lowercase().contains("igny8") && !name.to_lowercase().contains("alorig"));
    assert!(pdf.starts_with(b"%PDF-"));
});
