//! The PDF and HTML of a real report from the demo data: valid, extractable, branded,
//! white-label clean, dark when asked, and byte-identical when regenerated.

use std::process::Command;

use app::types::report::{ReportData, SectionKey};
use server::reports::brand::{Brand, Theme};
use server::reports::period::Period;
use server::reports::{collect_data, document, render};

use crate::both;
use crate::support::demo_until;

async fn data(app: &crate::support::TestApp, sections: &[SectionKey]) -> ReportData {
    let site_id = app.id_where("igny8_sites", "domain", "brightsmiledental.com").await;
    let mut pooled = app.state.conn().await.unwrap();
    let mut conn = pooled.conn();
    let site = server::db::models::site::Site::find(&mut conn, site_id).await.unwrap();
    let generated_at = demo_until().and_hms_opt(23, 0, 0).unwrap();
    collect_data(
        &mut conn,
        &site,
        Period::parse("2026-10").unwrap(),
        "monthly",
        sections,
        generated_at,
    )
    .await
    .unwrap()
}

fn pdf_of(data: &ReportData, brand: &Brand, theme: Theme) -> Vec<u8> {
    let doc = document::build(data, brand, theme);
    let generated_at = demo_until().and_hms_opt(23, 0, 0).unwrap();
    render::pdf::render(&doc, generated_at, serde_json::to_string(data).unwrap().as_bytes()).unwrap()
}

/// Runs a poppler/qpdf tool on the PDF; returns its standard output.
fn tool(dir: &std::path::Path, pdf: &[u8], cmd: &str, args: &[&str]) -> String {
    let path = dir.join("report.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new(cmd)
        .args(args)
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} is not installed: {e}"));
    assert!(
        out.status.success(),
        "{cmd} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

both!(pdf_reports_are_valid_complete_and_deterministic, |app| {
    let dir = tempfile::tempdir().unwrap();
    let all = data(&app, &SectionKey::ALL).await;
    let pdf = pdf_of(&all, &Brand::igny8(), Theme::Light);
    assert!(pdf.starts_with(b"%PDF-"));
    tool(dir.path(), &pdf, "qpdf", &["--check"]);
    let text = {
        let path = dir.path().join("report.pdf");
        std::fs::write(&path, &pdf).unwrap();
        let out = Command::new("pdftotext").arg(&path).arg("-").output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    for key in SectionKey::ALL {
        assert!(text.contains(key.title()), "{} missing from the PDF text", key.title());
    }
    // each section's key figures, as the document formats them
    let figure = |x: Option<f64>| server::reports::summary::thousands(x.expect("a figure"));
    let traffic = all.traffic.as_ref().unwrap();
    let content = all.content.as_ref().unwrap();
    let indexing = all.indexing.as_ref().unwrap();
    let rankings = all.rankings.as_ref().unwrap();
    let backlinks = all.backlinks.as_ref().unwrap();
    let social = all.social.as_ref().unwrap();
    let sag = all.sag_health.as_ref().unwrap();
    for (what, printed) in [
        ("clicks", figure(traffic.clicks.current)),
        ("impressions", figure(traffic.impressions.current)),
        ("words", figure(content.words.current)),
        ("indexed pages", figure(indexing.indexed.current)),
        ("top-10 queries", figure(rankings.top10.current)),
        ("links built", figure(backlinks.links_built.current)),
        ("engagements", figure(social.engagements.current)),
        ("completion", format!("{:.1}%", sag.completion_pct.unwrap())),
        ("the plan's month", all.next_month.as_ref().unwrap().month.clone()),
        ("a platform", "LinkedIn".into()),
    ] {
        assert!(text.contains(&printed), "{what} ({printed}) is printed");
    }
    assert!(
        server::reports::check::read(&pdf).unwrap().unembedded.is_empty(),
        "every character printed has its glyph embedded"
    );
    assert!(text.contains("BrightSmile Dental") && text.contains("Page 1 of"));
    let pages = tool(dir.path(), &pdf, "pdfinfo", &[]);
    let n: usize = pages
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(
        text.contains(&format!("Page {n} of {n}")),
        "the last page says Page {n} of {n}"
    );
    assert!(pages.contains("Producer:") && pages.contains("IGNY8"));
    // the benchmark's shape: a cover and about 8 pages, at least 4 charts, at most 300 KB
    assert!((6..=9).contains(&n), "{n} pages");
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, &pdf).unwrap();
    for (i, (edge, mean)) in luminance(&path).iter().enumerate() {
        assert!(
            *edge > 240.0 && *mean > 200.0,
            "light page {}: edge {edge:.0}, mean {mean:.0}",
            i + 1
        );
    }
    assert!(pdf.len() <= 300 * 1024, "{} bytes", pdf.len());
    let charts = lopdf::Document::load_mem(&pdf)
        .unwrap()
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict
                .get(b"Subtype")
                .and_then(|t| t.as_name())
                .is_ok_and(|t| t == b"Form")
        })
        .filter(|s| s.dict.has(b"Resources"))
        .count();
    assert!(charts >= 4, "{charts} charts");
    assert!(
        text.contains('▲') || text.contains('▼'),
        "KPI tiles carry their direction"
    );
    let found = server::reports::check::read(&pdf).unwrap();
    assert_eq!(found.pages.len(), n);
    for (i, page) in found.pages.iter().enumerate() {
        assert!(
            page.contains("IGNY8") && page.contains(&format!("Page {} of {n}", i + 1)),
            "page {}",
            i + 1
        );
    }

    // the sections in the configured order, the cover listing them
    let order = [SectionKey::Social, SectionKey::Traffic, SectionKey::ExecutiveSummary];
    let reordered = data(&app, &order).await;
    let found = server::reports::check::read(&pdf_of(&reordered, &Brand::igny8(), Theme::Light)).unwrap();
    let body = format!("\n{}", found.pages[1..].concat());
    let at = |k: SectionKey| {
        body.find(&format!("\n{}\n", k.title()))
            .unwrap_or_else(|| panic!("{k:?} in {body}"))
    };
    assert!(at(order[0]) < at(order[1]) && at(order[1]) < at(order[2]), "{body}");
    assert!(found.pages[0].contains("1.  Social Media") && found.pages[0].contains("3.  Executive Summary"));

    // the HTML too is the same for the same data
    let html = |d: &ReportData| render::html::render(&document::build(d, &Brand::igny8(), Theme::Light), None).unwrap();
    assert!(html(&all) == html(&all), "the HTML changed between two renderings");

    // the same data renders the same bytes
    assert!(
        pdf == pdf_of(&all, &Brand::igny8(), Theme::Light),
        "regenerating gave different bytes"
    );

    // excluded sections leave no trace
    let some = data(&app, &[SectionKey::Traffic, SectionKey::Content]).await;
    let pdf = pdf_of(&some, &Brand::igny8(), Theme::Light);
    let path = dir.path().join("some.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let out = Command::new("pdftotext").arg(&path).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Organic Traffic") && text.contains("Content Performance"));
    for gone in [
        "Backlink Campaign",
        "Social Media",
        "SAG Health",
        "Next Month Plan",
        "Executive Summary",
        "Keyword Rankings",
    ] {
        assert!(!text.contains(gone), "{gone} is excluded but printed");
    }
});

both!(white_label_pdfs_carry_only_the_agency_and_dark_pages_are_dark, |app| {
    let dir = tempfile::tempdir().unwrap();
    let all = data(&app, &SectionKey::ALL).await;
    let brand = Brand::agency(
        "Northstar Digital",
        "#1F3A93",
        "#F5A623",
        "reports@northstar-digital.example",
        "+1 555 0100",
        "https://northstar-digital.example",
        "Growth marketing for local business",
    )
    .unwrap();
    let pdf = pdf_of(&all, &brand, Theme::Dark);
    tool(dir.path(), &pdf, "qpdf", &["--check"]);
    let path = dir.path().join("report.pdf");
    let text =
        String::from_utf8_lossy(&Command::new("pdftotext").arg(&path).arg("-").output().unwrap().stdout).to_lowercase();
    let info = tool(dir.path(), &pdf, "pdfinfo", &[]).to_lowercase();
    assert!(text.contains("northstar digital") && text.contains("reports@northstar-digital.example"));
    // every page carries the agency's whole footer: contact details and footer text
    let found = server::reports::check::read(&pdf).unwrap();
    for (i, page) in found.pages.iter().enumerate() {
        for part in [
            "Northstar Digital",
            "reports@northstar-digital.example",
            "+1 555 0100",
            "https://northstar-digital.example",
            "Growth marketing for local business",
        ] {
            assert!(page.contains(part), "page {} lacks {part}:\n{page}", i + 1);
        }
    }
    assert!(info.contains("author:") && info.contains("northstar digital"));
    // nowhere in the file either: every stream decompressed, every object as text
    let qdf = dir.path().join("qdf.pdf");
    let out = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(&path)
        .arg(&qdf)
        .output()
        .unwrap();
    assert!(out.status.success());
    let raw = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).to_lowercase();
    for name in ["igny8", "alorig"] {
        assert!(!text.contains(name), "{name} in the white-label PDF text");
        assert!(!info.contains(name), "{name} in the white-label PDF metadata:\n{info}");
        assert!(!raw.contains(name), "{name} somewhere in the white-label PDF's objects");
    }
    // every page is dark on the whole and at its edge
    let pages = luminance(&path);
    assert_eq!(pages.len(), found.pages.len(), "one image per page");
    for (i, (edge, mean)) in pages.iter().enumerate() {
        assert!(
            *edge < 60.0 && *mean < 80.0,
            "page {}: edge {edge:.0}, mean {mean:.0}",
            i + 1
        );
    }
});

/// Each page rendered small (pdftoppm): the luminance at its left edge and its mean (0–255).
fn luminance(pdf: &std::path::Path) -> Vec<(f64, f64)> {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("pdftoppm")
        .args(["-r", "20", "-png"])
        .arg(pdf)
        .arg(dir.path().join("page"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut pngs: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    pngs.sort();
    let grey = |p: &image::Rgb<u8>| p.0.iter().map(|c| f64::from(*c)).sum::<f64>() / 3.0;
    pngs.iter()
        .map(|png| {
            let img = image::open(png).unwrap().to_rgb8();
            let mean = img.pixels().map(grey).sum::<f64>() / f64::from(img.width() * img.height());
            (grey(img.get_pixel(2, img.height() / 2)), mean)
        })
        .collect()
}

/// The HTML with the charts' SVG and the logo's pixels replaced by their sizes, so the snapshot
/// shows the page and stays readable (the SVG has tests of its own).
fn readable(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").map_or(rest.len(), |e| start + e + 6);
        out.push_str(&rest[..start]);
        out.push_str(&format!("[chart: {} bytes of SVG]", end - start));
        rest = &rest[end..];
    }
    out.push_str(rest);
    match out.find("data:image/png;base64,") {
        Some(start) => {
            let end = out[start..].find('"').map_or(out.len(), |e| start + e);
            format!(
                "{}[logo: {} bytes of base64]{}",
                &out[..start],
                end - start,
                &out[end..]
            )
        }
        None => out,
    }
}

both!(html_renderings_match_their_snapshots, |app| {
    let all = data(&app, &SectionKey::ALL).await;
    let html = |brand: &Brand, theme: Theme, template: Option<(&str, &str)>| {
        let doc = document::build(&all, brand, theme);
        readable(&render::html::render(&doc, template).unwrap())
    };
    insta::assert_snapshot!("report_default_template", html(&Brand::igny8(), Theme::Light, None));
    let agency = Brand::agency(
        "Northstar Digital",
        "#1F3A93",
        "#F5A623",
        "reports@northstar-digital.example",
        "",
        "https://northstar-digital.example",
        "Growth marketing for local business",
    )
    .unwrap();
    let custom = (
        "<h1>{{brand.name}}: {{title}}</h1><p>{{client}}, {{period}}</p>{{styles}}\
         {{#each sections}}<h2 id=\"{{key}}\">{{title}}</h2>{{#each blocks}}{{#if (eq kind \"kpis\")}}\
         <ul>{{#each kpis}}<li>{{label}}: {{value}} {{change}}</li>{{/each}}</ul>{{/if}}{{/each}}{{/each}}",
        "h1 { color: #1F3A93 }",
    );
    insta::assert_snapshot!("report_custom_template_dark", html(&agency, Theme::Dark, Some(custom)));
});
