//! The report templates pages on a real server: the list, the editor with the built-in template
//! to start from, a refused template shown at its line with what was typed kept (nothing
//! written), a preview of the values as typed (nothing written) served in the template sandbox,
//! saving, "set as default", deleting (not while a client uses it); others are refused.

use server::seed::{CLIENT_EMAIL, STAFF_EMAIL};

use crate::both;

const AGENCY: &str = "admin@northstar-digital.example";
const SANDBOX: &str = "sandbox; default-src 'none'";

/// The draft token of an editor URL (`…?draft=T…`).
fn draft_of(to: &str) -> String {
    let at = to.find("draft=").expect("a draft") + "draft=".len();
    to[at..].split(['&', '#']).next().unwrap().to_owned()
}

both!(an_agency_writes_previews_and_manages_its_templates, |app| {
    let agency = app.signed_in(AGENCY).await;
    let account = app
        .scalar(&format!(
            "SELECT account_id AS n FROM igny8_users WHERE email = '{AGENCY}'"
        ))
        .await;
    let branding = app
        .id_where("igny8_agency_branding", "brand_name", "Northstar Digital")
        .await
        .to_string();

    // nothing yet: the list says reports use the built-in template; a new one starts from it
    let (status, _, html) = app.page(&agency, "/account/report-templates").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("No templates yet"), "{html}");
    assert!(html.contains("data-test=\"nav-templates\""), "in the sidebar");
    let (status, _, html) = app.page(&agency, "/account/report-templates/new").await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("{{#each sections}}"),
        "the built-in template to start from"
    );
    assert!(html.contains("src=\"/account/report-templates/preview\""), "{html}");
    assert!(html.contains("<code>sections[].blocks[].kind</code>"), "the variables");
    let r = agency
        .get(app.url("/account/report-templates/preview"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let csp = r.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.starts_with(SANDBOX), "{csp}");
    assert!(r.text().await.unwrap().contains("Sample Client"));

    // a variable no report has, on line 3: refused at its line, what was typed kept, nothing written
    let before = app.count("igny8_report_templates").await;
    let typed = "<h1>{{title}}</h1>\n<p>{{client}}</p>\n<p>{{headline}}</p>";
    let (_, to) = app
        .post_form(
            &agency,
            "save_template",
            &[
                ("id", ""),
                ("name", "Compact & clear"),
                ("theme", "dark"),
                ("template_html", typed),
                ("intent", "save"),
            ],
        )
        .await;
    assert!(to.starts_with("/account/report-templates/new?draft="), "{to}");
    assert_eq!(app.count("igny8_report_templates").await, before, "nothing written");
    let (status, _, html) = app.page(&agency, &to).await;
    assert_eq!(status, 422, "{html}");
    let at = html.find("data-field=\"template_html\"").unwrap();
    let field = &html[at..at + html[at..].find("</textarea>").unwrap() + 2000];
    assert!(
        field.contains("line 3, column 4: cannot render: `headline` is not in the report&#x27;s data")
            || field.contains("line 3, column 4: cannot render: `headline` is not in the report's data"),
        "{field}"
    );
    assert!(
        field.contains("<span class=\"err\">3</span>"),
        "the line marked: {field}"
    );
    assert!(
        html.contains("{{headline}}&lt;/p&gt;</textarea>"),
        "what was typed comes back"
    );
    assert!(html.contains("value=\"Compact &amp; clear\""), "the name too");
    assert!(html.contains("Nothing to preview"), "no preview of a refused template");

    // a preview of the values as typed writes nothing, in the draft's theme and branding's look
    let good = "<h1>{{client}} · {{brand.name}}</h1>\n{{#each sections}}<h2>{{title}}</h2>{{/each}}";
    let (_, to) = app
        .post_form(
            &agency,
            "save_template",
            &[
                ("id", ""),
                ("name", "Compact"),
                ("theme", "dark"),
                ("branding_id", &branding),
                ("template_html", good),
                ("template_css", "h1 { letter-spacing: .02em }"),
                ("intent", "preview"),
            ],
        )
        .await;
    assert!(to.contains("?draft=") && to.ends_with("#preview"), "{to}");
    let token = draft_of(&to);
    let (status, _, html) = app.page(&agency, &to).await;
    assert_eq!(status, 200, "{html}");
    let src = format!("src=\"/account/report-templates/preview?draft={token}\"");
    assert!(html.contains(&src), "{html}");
    let preview = agency
        .get(app.url(&format!("/account/report-templates/preview?draft={token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(preview.status(), 200);
    let page = preview.text().await.unwrap();
    assert!(page.contains("Sample Client · Northstar Digital"), "{page}");
    assert!(page.contains("theme-dark") && page.contains("letter-spacing"), "{page}");
    assert_eq!(
        app.count("igny8_report_templates").await,
        before,
        "previews write nothing"
    );
    // a draft is its author's: anyone else, and a forged token, get nothing
    let staff = app.signed_in(STAFF_EMAIL).await;
    let r = staff
        .get(app.url(&format!("/account/report-templates/preview?draft={token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(!r.text().await.unwrap().contains("Northstar"));
    let (status, _, html) = app.page(&agency, "/account/report-templates/new?draft=forged").await;
    assert_eq!(status, 200);
    assert!(html.contains("data-test=\"draft-lost\""), "{html}");

    // saved; a second, as the default; then the first made the default instead
    let save = |name: &'static str, default: bool| {
        let (agency, app, good, branding) = (&agency, &app, good, branding.clone());
        async move {
            let mut form = vec![
                ("id", String::new()),
                ("name", name.to_owned()),
                ("theme", "light".to_owned()),
                ("branding_id", branding),
                ("template_html", good.to_owned()),
            ];
            if default {
                form.push(("is_default", "on".to_owned()));
            }
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (_, to) = app.post_form(agency, "save_template", &pairs).await;
            assert!(to.ends_with("?done=saved"), "{to}");
            to.trim_start_matches("/account/report-templates/")
                .trim_end_matches("?done=saved")
                .parse::<i64>()
                .unwrap()
        }
    };
    let first = save("Compact", false).await;
    let second = save("Detailed", true).await;
    assert_eq!(app.count("igny8_report_templates").await, before + 2);
    let defaults = format!(
        "SELECT COALESCE(MAX(id), 0) + 1000 * COUNT(*) AS n FROM igny8_report_templates WHERE account_id = {account} AND is_default"
    );
    assert_eq!(app.scalar(&defaults).await, 1000 + second, "one default: the second");
    let (_, to) = app
        .post_form(&agency, "set_default_template", &[("id", &first.to_string())])
        .await;
    assert_eq!(to, format!("/account/report-templates?done=default%3A{first}"));
    assert_eq!(app.scalar(&defaults).await, 1000 + first, "one default: the first");
    let (status, _, html) = app.page(&agency, &to).await;
    assert_eq!(status, 200);
    assert_eq!(html.matches("data-test=\"template-row\"").count(), 2);
    assert!(html.contains("Compact is now the default template."), "{html}");
    assert_eq!(
        html.matches("data-test=\"set-default\"").count(),
        1,
        "only the other offers it"
    );

    // editing: a refused change keeps the stored template as it was
    let (_, to) = app
        .post_form(
            &agency,
            "save_template",
            &[
                ("id", &first.to_string()),
                ("name", "Compact"),
                ("template_html", "{{> header}}"),
            ],
        )
        .await;
    assert!(
        to.starts_with(&format!("/account/report-templates/{first}?draft=")),
        "{to}"
    );
    let (status, _, html) = app.page(&agency, &to).await;
    assert_eq!(status, 422);
    assert!(html.contains("line 1: partials"), "{html}");
    assert_eq!(
        app.count_where(
            "igny8_report_templates",
            &format!("id = {first} AND template_html LIKE '%brand.name%'")
        )
        .await,
        1
    );

    // a client's report settings name the second: it stays; the first goes
    let (sub, _) = app.white_label_subscription().await;
    app.exec(&format!(
        "UPDATE igny8_managed_service_subscriptions SET config = '{{\"template_id\": {second}}}' WHERE id = {sub}"
    ))
    .await;
    let (_, _, html) = app.page(&agency, "/account/report-templates").await;
    assert!(html.contains("1 client"), "who uses it");
    let (_, to) = app
        .post_form(&agency, "delete_template", &[("id", &second.to_string())])
        .await;
    assert!(to.contains("error=") && to.contains("subscription"), "{to}");
    let (_, _, html) = app
        .page(&agency, &format!("/account/report-templates?confirm=delete&id={first}"))
        .await;
    assert!(html.contains("Delete the template Compact?"), "{html}");
    let (_, to) = app
        .post_form(&agency, "delete_template", &[("id", &first.to_string())])
        .await;
    assert!(to.contains("done=deleted"), "{to}");
    assert_eq!(app.count("igny8_report_templates").await, before + 1);

    // another account's template is not found anywhere; a viewer may not manage templates
    let client = app.signed_in(CLIENT_EMAIL).await;
    for path in [
        format!("/account/report-templates/{second}"),
        "/account/report-templates/abc".to_owned(),
    ] {
        let (status, _, _) = app.page(&client, &path).await;
        assert_eq!(status, 404, "{path}");
    }
    let r = client
        .get(app.url(&format!("/account/report-templates/preview?id={second}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    for (function, form) in [
        (
            "save_template",
            vec![
                ("id", second.to_string()),
                ("name", "X".into()),
                ("template_html", "<p>{{client}}</p>".into()),
            ],
        ),
        ("set_default_template", vec![("id", second.to_string())]),
        ("delete_template", vec![("id", second.to_string())]),
    ] {
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, _) = app.post_form(&client, function, &pairs).await;
        assert_eq!(status, 404, "{function}");
    }
    let viewer = app.signed_in("analyst@northstar-digital.example").await;
    for path in ["/account/report-templates", "/account/report-templates/new"] {
        let (status, _, html) = app.page(&viewer, path).await;
        assert_eq!(status, 403, "{path}");
        assert!(!html.contains("data-test=\"nav-templates\""));
    }
    assert_eq!(app.count("igny8_report_templates").await, before + 1);
});

both!(templates_stay_safe_in_the_preview, |app| {
    // a template with a script, an event handler and a javascript: link is stored (its output
    // is cleaned), and its preview carries none of them
    let agency = app.signed_in(AGENCY).await;
    let hostile = "<h1 onclick=\"alert(1)\">{{client}}</h1>\n<script>alert(1)</script>\n<a href=\"javascript:alert(1)\">x</a><img src=\"x\" onerror=\"alert(1)\">";
    let (_, to) = app
        .post_form(
            &agency,
            "save_template",
            &[("id", ""), ("name", "Hostile"), ("template_html", hostile)],
        )
        .await;
    assert!(to.ends_with("?done=saved"), "{to}");
    let id = app.id_where("igny8_report_templates", "name", "Hostile").await;
    let page = agency
        .get(app.url(&format!("/account/report-templates/preview?id={id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Sample Client"), "{page}");
    for bad in ["<script", "onclick", "onerror", "javascript:"] {
        assert!(!page.to_ascii_lowercase().contains(bad), "{bad} in {page}");
    }
    // the editor shows the source as text, escaped
    let (_, _, html) = app.page(&agency, &format!("/account/report-templates/{id}")).await;
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
    assert!(!html.contains("<script>alert(1)"));
    // CSS that loads something is refused beside its field
    let (_, to) = app
        .post_form(
            &agency,
            "save_template",
            &[
                ("id", &id.to_string()),
                ("name", "Hostile"),
                ("template_html", "<p>{{client}}</p>"),
                (
                    "template_css",
                    "body { background: url(https://tracker.example/x.png) }",
                ),
            ],
        )
        .await;
    let (status, _, html) = app.page(&agency, &to).await;
    assert_eq!(status, 422);
    let at = html.find("data-field=\"template_css\"").unwrap();
    assert!(html[at..].contains("may load nothing"), "{}", &html[at..at + 1500]);
});

both!(no_textarea_is_ended_by_its_text, |app| {
    // a refused value comes back in its textarea; text that closes the textarea stays text
    let staff = app.signed_in(STAFF_EMAIL).await;
    let (sub, _) = app.white_label_subscription().await;
    let evil = "</textarea><form action=\"https://evil.example\"><b>x</b>";
    for (extra, key) in [("mode=json&field=json", "d_json"), ("field=recipients", "d_recipients")] {
        let path = format!(
            "/services/clients/{sub}?tab=config&{extra}&error=refused&{key}={}",
            urlencoding(evil)
        );
        let (status, _, html) = app.page(&staff, &path).await;
        assert_eq!(status, 200, "{path}");
        assert!(!html.contains("evil.example\"><b>"), "{key}: markup from the URL");
        assert!(html.contains("&lt;/textarea&gt;&lt;form"), "{key}: {html}");
    }
});

fn urlencoding(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}
