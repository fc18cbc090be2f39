//! The brandings pages on a real server: an agency's brandings with their covers drawn in their
//! colours, a contrast warning below AA, a logo that does not load named; a preview writes
//! nothing; saving and deleting through plain form posts, refused input beside its field with
//! nothing written; staff see every account's, read only; others are refused.

use server::seed::{CLIENT_EMAIL, STAFF_EMAIL};

use crate::both;

const AGENCY: &str = "admin@northstar-digital.example";

both!(an_agency_manages_its_brandings_with_previews_and_warnings, |app| {
    let agency = app.signed_in(AGENCY).await;
    let account = app
        .scalar("SELECT account_id AS n FROM igny8_users WHERE email = 'admin@northstar-digital.example'")
        .await;
    let own = app
        .count_where("igny8_agency_branding", &format!("account_id = {account}"))
        .await;
    assert!(own > 0);

    // yellow fails contrast on white pages; a logo host that does not resolve is named
    let first = app
        .scalar(&format!(
            "SELECT MIN(id) AS n FROM igny8_agency_branding WHERE account_id = {account}"
        ))
        .await;
    app.exec(&format!(
        "UPDATE igny8_agency_branding SET primary_color = '#FFFF00', brand_logo_url = 'https://logo.invalid/mark.png' WHERE id = {first}"
    ))
    .await;
    let (status, _, html) = app.page(&agency, "/account/brandings").await;
    assert_eq!(status, 200, "{html}");
    assert_eq!(html.matches("data-test=\"branding-card\"").count() as i64, own);
    let at = html.find(&format!("data-branding=\"{first}\"")).unwrap();
    let card = &html[at..at + html[at..].find("</section>").unwrap()];
    assert_eq!(card.matches("<svg").count(), 2, "the cover in both themes");
    assert!(card.contains("fill=\"#FFFF00\""), "drawn in the brand's colour");
    assert!(
        card.contains("data-test=\"contrast-warning\"") && card.contains("on the light theme"),
        "{card}"
    );
    assert!(
        card.contains("data-test=\"logo-problem\"") && card.contains("logo.invalid"),
        "{card}"
    );

    // a preview writes nothing; a refused one is named beside its field with a 422
    let before = app.count("igny8_agency_branding").await;
    let (status, _, html) = app
        .page(
            &agency,
            "/account/brandings?edit=new&preview=1&brand_name=Acme%20%26%20Co&primary_color=%23123456&secondary_color=%23654321&is_active=on",
        )
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("data-test=\"branding-draft\""), "{html}");
    assert!(html.contains("Acme &amp; Co"), "the name, escaped in the SVG");
    let (status, _, html) = app
        .page(
            &agency,
            "/account/brandings?edit=new&preview=1&brand_name=Acme&primary_color=red&secondary_color=%23654321",
        )
        .await;
    assert_eq!(status, 422);
    let at = html.find("data-field=\"primary_color\"").unwrap();
    assert!(
        html[at..at + 600].contains("is not a colour"),
        "{}",
        &html[at..at + 600]
    );
    assert_eq!(
        app.count("igny8_agency_branding").await,
        before,
        "previews write nothing"
    );

    // save: refused input comes back with the values, nothing written; good input is saved
    let (_, to) = app
        .post_form(
            &agency,
            "save_branding",
            &[
                ("id", ""),
                ("brand_name", "Acme"),
                ("primary_color", "#12345"),
                ("secondary_color", "#654321"),
                ("contact_email", "hello@acme.example"),
            ],
        )
        .await;
    assert!(
        to.contains("field=primary_color") && to.contains("contact_email=hello%40acme.example"),
        "{to}"
    );
    assert_eq!(app.count("igny8_agency_branding").await, before);
    let (_, _, html) = app.page(&agency, &to).await;
    assert!(html.contains("value=\"hello@acme.example\""), "the values come back");
    let (_, to) = app
        .post_form(
            &agency,
            "save_branding",
            &[
                ("id", ""),
                ("brand_name", "Acme"),
                ("primary_color", "#123456"),
                ("secondary_color", "#654321"),
                ("is_active", "on"),
            ],
        )
        .await;
    assert!(to.contains("done=saved"), "{to}");
    assert_eq!(app.count("igny8_agency_branding").await, before + 1);
    let id = app
        .id_where("igny8_agency_branding", "brand_name", "Acme")
        .await
        .to_string();
    let (_, to) = app
        .post_form(
            &agency,
            "save_branding",
            &[
                ("id", &id),
                ("brand_name", "Acme Renamed"),
                ("primary_color", "#123456"),
                ("secondary_color", "#654321"),
            ],
        )
        .await;
    assert!(to.contains("done=saved"), "{to}");
    assert_eq!(
        app.count_where(
            "igny8_agency_branding",
            &format!("id = {id} AND brand_name = 'Acme Renamed' AND is_active = false")
        )
        .await,
        1
    );

    // delete asks first; a branding in a client's report settings stays
    let (_, _, html) = app
        .page(&agency, &format!("/account/brandings?confirm=delete&id={id}"))
        .await;
    assert!(html.contains("Delete the branding Acme Renamed?"));
    let (sub, used) = app.white_label_subscription().await;
    let _ = sub;
    let (_, to) = app
        .post_form(&agency, "delete_branding", &[("id", &used.to_string())])
        .await;
    assert!(to.contains("error="), "{to}");
    let (_, to) = app.post_form(&agency, "delete_branding", &[("id", &id)]).await;
    assert!(to.contains("done=deleted"), "{to}");
    assert_eq!(app.count("igny8_agency_branding").await, before);

    // staff see every account's, read only
    let staff = app.signed_in(STAFF_EMAIL).await;
    let (status, _, html) = app.page(&staff, "/services/brandings").await;
    assert_eq!(status, 200);
    assert_eq!(
        html.matches("data-test=\"branding-card\"").count() as i64,
        app.count("igny8_agency_branding").await
    );
    assert!(!html.contains("data-test=\"edit-branding\""));
    assert!(html.contains("Northstar Digital"));

    // an account without the white-label gate, and clients, are refused
    let client = app.signed_in(CLIENT_EMAIL).await;
    for path in ["/account/brandings", "/services/brandings"] {
        let (status, _, _) = app.page(&client, path).await;
        assert_eq!(status, 403, "{path}");
    }
    let (status, _) = app
        .post_form(
            &client,
            "save_branding",
            &[
                ("brand_name", "X"),
                ("primary_color", "#111111"),
                ("secondary_color", "#222222"),
            ],
        )
        .await;
    assert_eq!(status, 403);
});
