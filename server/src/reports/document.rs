//! The renderer-neutral document: headings, paragraphs, KPI tiles, tables and charts, built once
//! from `ReportData` with the branding applied. The PDF and HTML renderers both consume it, so
//! both show the same content.

use app::types::format_cents;
use app::types::report::{Compare, Kpi, Point, ReportData, SectionKey, SectionStatus};
use chrono::NaiveDate;

use super::brand::{Brand, Theme};
use super::summary::{kpi, thousands};

#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub title: String,
    pub client: String,
    pub domain: String,
    pub period_label: String,
    pub generated_on: String,
    pub brand: Brand,
    pub theme: Theme,
    pub sections: Vec<DocSection>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DocSection {
    pub key: SectionKey,
    pub title: String,
    /// Shown under the heading: "No data for this period", "Provisional: …".
    pub note: Option<String>,
    pub blocks: Vec<Block>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Paragraph(String),
    /// A short heading for the block after it (printed on the same page as that block).
    Label(String),
    Bullets(Vec<String>),
    Kpis(Vec<Kpi>),
    Table(Table),
    Chart(Chart),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Columns printed right-aligned (figures).
    pub numeric: Vec<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    pub title: String,
    pub kind: ChartKind,
    /// (label, value) in order: dates for lines, categories for bars.
    pub points: Vec<(String, f64)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    Line,
    Bars,
}

const MISSING: &str = "—";

impl Document {
    /// Every character the document's text holds — its fields, the brand's, every block — which
    /// is what a rendering of it can print besides the renderers' own fixed words and symbols.
    pub fn chars(&self) -> std::collections::BTreeSet<char> {
        let b = &self.brand;
        let mut texts: Vec<&str> = vec![
            &self.title,
            &self.client,
            &self.domain,
            &self.period_label,
            &self.generated_on,
            &b.name,
            &b.contact_email,
            &b.contact_phone,
            &b.website,
            &b.footer_text,
        ];
        for section in &self.sections {
            texts.push(&section.title);
            texts.extend(section.note.as_deref());
            for block in &section.blocks {
                match block {
                    Block::Paragraph(t) | Block::Label(t) => texts.push(t),
                    Block::Bullets(items) => texts.extend(items.iter().map(String::as_str)),
                    Block::Kpis(kpis) => {
                        for k in kpis {
                            texts.extend([k.label.as_str(), &k.value, &k.change]);
                        }
                    }
                    Block::Table(t) => {
                        texts.extend(t.headers.iter().map(String::as_str));
                        texts.extend(t.rows.iter().flatten().map(String::as_str));
                    }
                    Block::Chart(c) => {
                        texts.push(&c.title);
                        texts.extend(c.points.iter().map(|(label, _)| label.as_str()));
                    }
                }
            }
        }
        texts.iter().flat_map(|t| t.chars()).collect()
    }
}

/// ▲ for a rise, ▼ for a fall (the colour says whether that is good).
pub fn arrow(change: &str) -> &'static str {
    if change.starts_with('+') {
        "▲ "
    } else if change.starts_with('−') {
        "▼ "
    } else {
        ""
    }
}

fn fmt_count(x: Option<f64>) -> String {
    x.map_or_else(|| MISSING.to_owned(), thousands)
}

fn fmt_dec(x: Option<f64>, suffix: &str) -> String {
    x.map_or_else(|| MISSING.to_owned(), |v| format!("{v:.1}{suffix}"))
}

fn tile(label: &str, c: &Compare, value: String, higher_is_better: bool) -> Kpi {
    kpi(label, c, value, higher_is_better, false)
}

/// A tile whose change is a difference, not a percentage (ratings, positions).
fn tile_points(label: &str, c: &Compare, value: String, higher_is_better: bool) -> Kpi {
    kpi(label, c, value, higher_is_better, true)
}

fn series(points: &[Point]) -> Vec<(String, f64)> {
    points.iter().map(|p| (p.date.clone(), p.value)).collect()
}

/// "1–31 October 2026", or "28 September 2026 – 4 October 2026" across months.
pub fn period_label(start: &str, end: &str) -> String {
    let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    match (parse(start), parse(end)) {
        (Some(a), Some(b)) if a.format("%Y-%m").to_string() == b.format("%Y-%m").to_string() => {
            format!("{}–{} {}", a.format("%-d"), b.format("%-d"), b.format("%B %Y"))
        }
        (Some(a), Some(b)) => format!("{} – {}", a.format("%-d %B %Y"), b.format("%-d %B %Y")),
        _ => format!("{start} – {end}"),
    }
}

fn note(status: SectionStatus) -> Option<String> {
    match status {
        SectionStatus::Ok => None,
        SectionStatus::NoData => Some("No data for this period.".into()),
        SectionStatus::Provisional => {
            Some("Provisional: the last days of the period are still being processed by Google.".into())
        }
    }
}

/// Builds the document from frozen report data.
pub fn build(data: &ReportData, brand: &Brand, theme: Theme) -> Document {
    let title = format!("{} SEO Report", capitalise(&data.report_type));
    let sections = data.sections.iter().filter_map(|k| section(data, *k)).collect();
    Document {
        title,
        client: data.site_name.clone(),
        domain: data.site_domain.clone(),
        period_label: period_label(&data.period_start, &data.period_end),
        generated_on: generated_on(data),
        brand: brand.clone(),
        theme,
        sections,
    }
}

/// A social platform as its owner writes it ("linkedin" → "LinkedIn", "twitter" → "Twitter/X").
fn platform_name(key: &str) -> String {
    match key {
        "linkedin" => "LinkedIn".into(),
        "tiktok" => "TikTok".into(),
        "twitter" => "Twitter/X".into(),
        other => capitalise(other),
    }
}

/// The day the report was generated, on the account's calendar (YYYY-MM-DD).
fn generated_on(data: &ReportData) -> String {
    let at = chrono::DateTime::parse_from_rfc3339(&data.generated_at);
    match (at, data.timezone.parse::<chrono_tz::Tz>()) {
        (Ok(at), Ok(tz)) => at.with_timezone(&tz).format("%Y-%m-%d").to_string(),
        _ => data.generated_at.get(..10).unwrap_or(&data.generated_at).to_owned(),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

fn section(data: &ReportData, key: SectionKey) -> Option<DocSection> {
    if data.failure(key).is_some() {
        // the reason stays in report_data for the team; the client reads a plain sentence
        return Some(DocSection {
            key,
            title: key.title().to_owned(),
            note: Some("This section could not be prepared for this period.".into()),
            blocks: Vec::new(),
        });
    }
    let mut blocks = Vec::new();
    let status = match key {
        SectionKey::ExecutiveSummary => {
            let s = data.summary.as_ref()?;
            blocks.push(Block::Kpis(s.kpis.clone()));
            if !s.wins.is_empty() {
                blocks.push(Block::Bullets(s.wins.clone()));
            }
            blocks.push(Block::Paragraph(format!("Next step: {}", s.next_step)));
            s.status
        }
        SectionKey::Content => {
            let s = data.content.as_ref()?;
            blocks.push(Block::Kpis(vec![
                tile(
                    "Articles published",
                    &s.articles_published,
                    fmt_count(s.articles_published.current),
                    true,
                ),
                tile("Words written", &s.words, fmt_count(s.words.current), true),
                tile(
                    "Images created",
                    &s.images_created,
                    fmt_count(s.images_created.current),
                    true,
                ),
            ]));
            if !s.by_type.is_empty() {
                blocks.push(Block::Table(Table {
                    headers: vec!["Type".into(), "Published".into()],
                    rows: s
                        .by_type
                        .iter()
                        .map(|c| vec![capitalise(&c.label), thousands(c.value as f64)])
                        .collect(),
                    numeric: vec![1],
                }));
            }
            if !s.recent.is_empty() {
                blocks.push(Block::Table(Table {
                    headers: vec![
                        "Recent article".into(),
                        "Type".into(),
                        "Words".into(),
                        "Published".into(),
                    ],
                    rows: s
                        .recent
                        .iter()
                        .map(|a| {
                            vec![
                                a.title.clone(),
                                a.content_type.clone(),
                                thousands(a.words as f64),
                                a.published_on.clone(),
                            ]
                        })
                        .collect(),
                    numeric: vec![2],
                }));
            }
            s.status
        }
        SectionKey::Indexing => {
            let s = data.indexing.as_ref()?;
            blocks.push(Block::Kpis(vec![
                tile("Indexed", &s.indexed, fmt_count(s.indexed.current), true),
                tile("Pending", &s.pending, fmt_count(s.pending.current), false),
                tile("Errors", &s.error, fmt_count(s.error.current), false),
                Kpi {
                    label: "Indexed share".into(),
                    value: fmt_dec(s.indexed_pct, "%"),
                    change: String::new(),
                    up: None,
                },
            ]));
            if !s.weekly.is_empty() {
                blocks.push(Block::Chart(Chart {
                    title: "Indexed pages by week".into(),
                    kind: ChartKind::Line,
                    points: s
                        .weekly
                        .iter()
                        .map(|w| (w.week_start.clone(), w.indexed as f64))
                        .collect(),
                }));
                blocks.push(Block::Table(Table {
                    headers: vec!["Week of".into(), "Indexed".into(), "Pending".into(), "Errors".into()],
                    rows: s
                        .weekly
                        .iter()
                        .map(|w| {
                            vec![
                                w.week_start.clone(),
                                thousands(w.indexed as f64),
                                thousands(w.pending as f64),
                                thousands(w.error as f64),
                            ]
                        })
                        .collect(),
                    numeric: vec![1, 2, 3],
                }));
            }
            s.status
        }
        SectionKey::Rankings => {
            let s = data.rankings.as_ref()?;
            if !s.countries.is_empty() {
                blocks.push(Block::Paragraph(format!(
                    "Positions in {} only: the plan's target countries.",
                    s.countries.join(", ")
                )));
            }
            blocks.push(Block::Kpis(vec![
                tile("Top 3", &s.top3, fmt_count(s.top3.current), true),
                tile("Top 10", &s.top10, fmt_count(s.top10.current), true),
                tile("Top 20", &s.top20, fmt_count(s.top20.current), true),
                tile_points(
                    "Domain Rating",
                    &s.domain_rating,
                    fmt_dec(s.domain_rating.current, ""),
                    true,
                ),
            ]));
            if s.top50.current.is_some() {
                blocks.push(Block::Chart(Chart {
                    title: "Queries by ranking position".into(),
                    kind: ChartKind::Bars,
                    points: [
                        ("Top 3", s.top3),
                        ("Top 10", s.top10),
                        ("Top 20", s.top20),
                        ("Top 50", s.top50),
                    ]
                    .into_iter()
                    .map(|(l, c)| (l.to_owned(), c.current.unwrap_or_default()))
                    .collect(),
                }));
            }
            let movers: Vec<Vec<String>> = s
                .movers_up
                .iter()
                .chain(&s.movers_down)
                .map(|m| {
                    let arrow = if m.gain > 0.0 { "▲" } else { "▼" };
                    vec![
                        m.query.clone(),
                        format!("{:.1}", m.position),
                        format!("{:.1}", m.previous_position),
                        format!("{arrow} {:.1}", m.gain.abs()),
                    ]
                })
                .collect();
            if !movers.is_empty() {
                blocks.push(Block::Table(Table {
                    headers: vec!["Query".into(), "Position".into(), "Before".into(), "Change".into()],
                    rows: movers,
                    numeric: vec![1, 2, 3],
                }));
            }
            if s.dr_trend.len() > 1 {
                blocks.push(Block::Chart(Chart {
                    title: "Domain Rating trend".into(),
                    kind: ChartKind::Line,
                    points: series(&s.dr_trend),
                }));
            }
            s.status
        }
        SectionKey::Traffic => {
            let s = data.traffic.as_ref()?;
            if !s.countries.is_empty() {
                blocks.push(Block::Paragraph(format!(
                    "Search in {} only: the plan's target countries.",
                    s.countries.join(", ")
                )));
            }
            blocks.push(Block::Kpis(vec![
                tile("Clicks", &s.clicks, fmt_count(s.clicks.current), true),
                tile("Impressions", &s.impressions, fmt_count(s.impressions.current), true),
                tile("CTR", &s.ctr_pct, fmt_dec(s.ctr_pct.current, "%"), true),
                tile_points(
                    "Avg. position",
                    &s.average_position,
                    fmt_dec(s.average_position.current, ""),
                    false,
                ),
            ]));
            if s.daily_clicks.len() > 1 {
                blocks.push(Block::Chart(Chart {
                    title: "Organic clicks per day".into(),
                    kind: ChartKind::Line,
                    points: series(&s.daily_clicks),
                }));
            }
            s.status
        }
        SectionKey::Backlinks => {
            let s = data.backlinks.as_ref()?;
            let money = |c: Option<i64>| c.map_or_else(|| MISSING.to_owned(), |c| format_cents(c, &s.currency));
            blocks.push(Block::Kpis(vec![
                tile("Links built", &s.links_built, fmt_count(s.links_built.current), true),
                tile(
                    "Referring domains",
                    &s.referring_domains,
                    fmt_count(s.referring_domains.current),
                    true,
                ),
                Kpi {
                    label: "Average DR".into(),
                    value: fmt_dec(s.average_dr, ""),
                    change: String::new(),
                    up: None,
                },
                Kpi {
                    label: "Average quality".into(),
                    value: fmt_dec(s.average_quality, ""),
                    change: String::new(),
                    up: None,
                },
            ]));
            blocks.push(Block::Table(Table {
                headers: vec![
                    "Spend".into(),
                    "Budget".into(),
                    "New referring domains".into(),
                    "Cost per new domain".into(),
                ],
                rows: vec![vec![
                    money(Some(s.spend_cents)),
                    money(s.budget_cents),
                    s.new_referring_domains
                        .map_or_else(|| MISSING.to_owned(), |n| thousands(n as f64)),
                    money(s.cost_per_referring_domain_cents),
                ]],
                numeric: vec![0, 1, 2, 3],
            }));
            if !s.campaigns.is_empty() {
                let with_change = |c: &Compare| {
                    let now = c.current.map_or_else(|| MISSING.to_owned(), thousands);
                    match c.change {
                        Some(d) if d != 0.0 => {
                            format!("{now} ({}{})", if d > 0.0 { "+" } else { "−" }, thousands(d.abs()))
                        }
                        _ => now,
                    }
                };
                blocks.push(Block::Table(Table {
                    headers: vec![
                        "Campaign".into(),
                        "Live links".into(),
                        "Referring domains".into(),
                        "Avg DR".into(),
                        "Organic clicks".into(),
                        "Tipping point".into(),
                    ],
                    rows: s
                        .campaigns
                        .iter()
                        .map(|c| {
                            vec![
                                c.name.clone(),
                                with_change(&c.links_live),
                                with_change(&c.referring_domains),
                                fmt_dec(c.average_dr, ""),
                                with_change(&c.organic_clicks),
                                if c.tipping_point_reached { "reached" } else { "not yet" }.into(),
                            ]
                        })
                        .collect(),
                    numeric: vec![1, 2, 3, 4],
                }));
            }
            if !s.other_currency_spend.is_empty() {
                let other: Vec<String> = s
                    .other_currency_spend
                    .iter()
                    .map(|c| format_cents(c.value, &c.label))
                    .collect();
                blocks.push(Block::Paragraph(format!(
                    "Also ordered in other currencies (not in the totals above): {}.",
                    other.join(", ")
                )));
            }
            if s.links_built.current.is_some_and(|n| n > 0.0) {
                blocks.push(Block::Chart(Chart {
                    title: "New links by Domain Rating".into(),
                    kind: ChartKind::Bars,
                    points: s
                        .dr_distribution
                        .iter()
                        .map(|c| (c.label.clone(), c.value as f64))
                        .collect(),
                }));
            }
            blocks.push(Block::Table(Table {
                headers: vec!["Link status".into(), "Links".into()],
                rows: s
                    .by_status
                    .iter()
                    .map(|c| vec![capitalise(&c.label), thousands(c.value as f64)])
                    .collect(),
                numeric: vec![1],
            }));
            s.status
        }
        SectionKey::Social => {
            let s = data.social.as_ref()?;
            blocks.push(Block::Kpis(vec![
                tile("Posts", &s.posts, fmt_count(s.posts.current), true),
                tile("Engagements", &s.engagements, fmt_count(s.engagements.current), true),
                Kpi {
                    label: "Engagement rate".into(),
                    value: fmt_dec(s.engagement_rate_pct, "%"),
                    change: String::new(),
                    up: None,
                },
            ]));
            if !s.engagements_by_platform.is_empty() {
                blocks.push(Block::Chart(Chart {
                    title: "Engagements by platform".into(),
                    kind: ChartKind::Bars,
                    points: s
                        .engagements_by_platform
                        .iter()
                        .map(|c| (platform_name(&c.label), c.value as f64))
                        .collect(),
                }));
            }
            let mut platforms: Vec<&str> = s.by_platform.iter().map(|c| c.label.as_str()).collect();
            for c in &s.engagements_by_platform {
                if !platforms.contains(&c.label.as_str()) {
                    platforms.push(&c.label);
                }
            }
            if !platforms.is_empty() {
                let of = |counts: &[app::types::report::Count], p: &str| {
                    thousands(counts.iter().find(|c| c.label == p).map_or(0, |c| c.value) as f64)
                };
                blocks.push(Block::Table(Table {
                    headers: vec!["Platform".into(), "Posts".into(), "Engagements".into()],
                    rows: platforms
                        .iter()
                        .map(|p| {
                            vec![
                                platform_name(p),
                                of(&s.by_platform, p),
                                of(&s.engagements_by_platform, p),
                            ]
                        })
                        .collect(),
                    numeric: vec![1, 2],
                }));
            }
            if !s.top_posts.is_empty() {
                blocks.push(Block::Table(Table {
                    headers: vec!["Top post".into(), "Platform".into(), "Engagements".into()],
                    rows: s
                        .top_posts
                        .iter()
                        .map(|p| {
                            vec![
                                p.text.clone(),
                                platform_name(&p.platform),
                                thousands(p.engagements as f64),
                            ]
                        })
                        .collect(),
                    numeric: vec![2],
                }));
            }
            s.status
        }
        SectionKey::SagHealth => {
            let s = data.sag_health.as_ref()?;
            if s.status != SectionStatus::NoData {
                // the platform keeps no history of a blueprint's score and cluster progress
                blocks.push(Block::Paragraph(format!(
                    "The blueprint as it stood when this report was prepared ({}).",
                    generated_on(data)
                )));
            }
            let none = Compare::new(None, None);
            blocks.push(Block::Kpis(vec![
                tile("Completion", &none, fmt_dec(s.completion_pct, "%"), true),
                tile("Authority score", &none, fmt_dec(s.authority_score, " / 100"), true),
            ]));
            if !s.clusters_by_status.is_empty() {
                blocks.push(Block::Table(Table {
                    headers: vec!["Clusters".into(), "Count".into()],
                    rows: s
                        .clusters_by_status
                        .iter()
                        .map(|c| vec![capitalise(&c.label), c.value.to_string()])
                        .collect(),
                    numeric: vec![1],
                }));
            }
            if !s.content_gaps.is_empty() {
                blocks.push(Block::Bullets(
                    s.content_gaps
                        .iter()
                        .map(|g| format!("{} ({} priority)", g.topic, g.priority))
                        .collect(),
                ));
            }
            s.status
        }
        SectionKey::NextMonth => {
            let s = data.next_month.as_ref()?;
            blocks.push(Block::Paragraph(format!("The plan for {}.", s.month)));
            for (heading, items) in [
                ("Upcoming content", &s.upcoming_topics),
                ("Backlink targets", &s.backlink_targets),
                ("Action items", &s.action_items),
            ] {
                if !items.is_empty() {
                    blocks.push(Block::Label(heading.to_owned()));
                    blocks.push(Block::Bullets(items.clone()));
                }
            }
            s.status
        }
    };
    if status == SectionStatus::NoData {
        // nothing measured: the tiles say "—"; a table or chart would only show zeros
        blocks.retain(|b| !matches!(b, Block::Table(_) | Block::Chart(_)));
    }
    Some(DocSection {
        key,
        title: key.title().to_owned(),
        note: note(status),
        blocks,
    })
}
