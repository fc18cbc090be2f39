//! The demo dataset. Everything derives from fixed tables below and one seeded generator, so
//! the same `--until` date always gives the same rows.

use app::types::{BillingInterval, Tier};
use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime};

use super::SeedArgs;
use super::bulk::Loader;
use super::rng::Rng;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::row;

pub const DEMO_PASSWORD: &str = "igny8-demo";
pub const STAFF_EMAIL: &str = "admin@alorig.example";
pub const CLIENT_EMAIL: &str = "owner@brightsmile-dental.example";
/// The agency's verified domain: its clients' white-label portal (with a Host header or an
/// /etc/hosts line pointing it at the server).
pub const AGENCY_DOMAIN: &str = "reports.northstar.example";
/// The agency's client, who signs in on `AGENCY_DOMAIN`.
pub const AGENCY_CLIENT_EMAIL: &str = "owner@lakesidebakery.example";

/// The logins printed after seeding.
pub const LOGINS: &[(&str, &str)] = &[
    (STAFF_EMAIL, "Alorig staff admin (Managed Services dashboard)"),
    (CLIENT_EMAIL, "managed client, Pro (client portal)"),
    ("owner@harbor-legal.example", "managed client, Lite"),
    (
        "viewer@summit-pt.example",
        "client viewer restricted to one of two sites",
    ),
    (
        "admin@northstar-digital.example",
        "agency admin (white-label, two brandings)",
    ),
    (
        AGENCY_CLIENT_EMAIL,
        "the agency's client: signs in on reports.northstar.example (white-label portal)",
    ),
    (
        "owner@fresh-start.example",
        "platform customer without a managed service",
    ),
];

#[derive(Clone, Copy)]
struct Plan {
    tier: &'static str,
    interval: &'static str,
    status: &'static str,
}

const PRO: Plan = Plan {
    tier: "pro",
    interval: "month",
    status: "active",
};
const LITE: Plan = Plan {
    tier: "lite",
    interval: "month",
    status: "active",
};

struct Client {
    name: &'static str,
    slug: &'static str,
    industry: &'static str,
    timezone: &'static str,
    /// (domain, managed plan)
    sites: &'static [(&'static str, Option<Plan>)],
}

/// About twelve managed clients, one agency, one customer without a managed service.
const CLIENTS: &[Client] = &[
    Client {
        name: "BrightSmile Dental",
        slug: "brightsmile-dental",
        industry: "dental",
        timezone: "America/New_York",
        sites: &[("brightsmiledental.com", Some(PRO))],
    },
    Client {
        name: "Harbor Legal Group",
        slug: "harbor-legal",
        industry: "legal",
        timezone: "America/Chicago",
        sites: &[("harborlegal.com", Some(LITE))],
    },
    Client {
        name: "Evergreen Landscaping",
        slug: "evergreen-landscaping",
        industry: "home services",
        timezone: "America/Denver",
        sites: &[("evergreenlandscaping.co", Some(LITE))],
    },
    Client {
        name: "Summit Physical Therapy",
        slug: "summit-pt",
        industry: "healthcare",
        timezone: "America/Denver",
        sites: &[("summitpt.com", Some(PRO)), ("summitpt-denver.com", Some(LITE))],
    },
    Client {
        name: "Copperline Coffee Roasters",
        slug: "copperline-coffee",
        industry: "ecommerce",
        timezone: "America/Los_Angeles",
        sites: &[(
            "copperlinecoffee.com",
            Some(Plan {
                tier: "lite",
                interval: "quarter",
                status: "active",
            }),
        )],
    },
    Client {
        name: "Nova Home Solar",
        slug: "nova-home-solar",
        industry: "energy",
        timezone: "America/Phoenix",
        sites: &[("novahomesolar.com", Some(PRO))],
    },
    Client {
        name: "Bluewater Marine Supply",
        slug: "bluewater-marine",
        industry: "ecommerce",
        timezone: "America/New_York",
        sites: &[(
            "bluewatermarine.com",
            Some(Plan {
                tier: "lite",
                interval: "month",
                status: "paused",
            }),
        )],
    },
    Client {
        name: "Urban Nest Realty",
        slug: "urban-nest-realty",
        industry: "real estate",
        timezone: "Europe/London",
        sites: &[(
            "urbannestrealty.com",
            Some(Plan {
                tier: "pro",
                interval: "year",
                status: "active",
            }),
        )],
    },
    Client {
        name: "Peak Performance Gym",
        slug: "peak-performance-gym",
        industry: "fitness",
        timezone: "Australia/Sydney",
        sites: &[("peakperformancegym.com", Some(LITE))],
    },
    Client {
        name: "Maple & Oak Furniture",
        slug: "maple-and-oak",
        industry: "ecommerce",
        timezone: "America/Toronto",
        sites: &[("mapleandoak.com", Some(PRO))],
    },
    Client {
        name: "Clearview Optometry",
        slug: "clearview-optometry",
        industry: "healthcare",
        timezone: "Europe/Berlin",
        sites: &[("clearviewoptometry.com", Some(LITE))],
    },
    Client {
        name: "Redwood Pet Clinic",
        slug: "redwood-pet-clinic",
        industry: "veterinary",
        timezone: "America/Los_Angeles",
        sites: &[(
            "redwoodpetclinic.com",
            Some(Plan {
                tier: "lite",
                interval: "month",
                status: "cancelled",
            }),
        )],
    },
];

const AGENCY: Client = Client {
    name: "Northstar Digital",
    slug: "northstar-digital",
    industry: "agency",
    timezone: "America/New_York",
    sites: &[
        ("lakesidebakery.com", Some(PRO)),
        ("greenfieldaccounting.com", Some(LITE)),
        ("sunriseyoga.studio", Some(LITE)),
    ],
};

const FRESH: Client = Client {
    name: "Fresh Start Cleaning",
    slug: "fresh-start",
    industry: "home services",
    timezone: "UTC",
    sites: &[("freshstartcleaning.com", None)],
};

/// Price per billing interval (the tier's list price), and Alorig's delivery cost per interval.
fn price_and_cost(plan: Plan) -> (i64, i64) {
    let tier = Tier::parse(plan.tier).expect("a demo tier");
    let interval = BillingInterval::parse(plan.interval).expect("a demo interval");
    (tier.price_cents(interval), tier.cost_cents() * interval.months())
}

const TOPICS: &[&str] = &[
    "pricing",
    "near me",
    "best",
    "cost",
    "reviews",
    "how to choose",
    "guide",
    "checklist",
    "vs",
    "faq",
    "tips",
    "mistakes",
    "benefits",
    "emergency",
    "same day",
    "for beginners",
    "comparison",
    "what to expect",
];

const PLATFORMS: &[&str] = &["linkedin", "twitter", "facebook", "instagram", "tiktok"];
const STRUCTURES: &[&str] = &["article", "guide", "listicle", "comparison", "review"];
const CLUSTER_TYPES: &[&str] = &[
    "product_category",
    "condition_problem",
    "feature",
    "brand",
    "informational",
    "comparison",
];

fn at(day: NaiveDate, hour: u32) -> NaiveDateTime {
    day.and_hms_opt(hour, 0, 0).expect("valid hour")
}

fn months_between(start: NaiveDate, until: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut m = start.with_day(1).expect("day 1 exists");
    while m <= until {
        out.push(m);
        m = m + Months::new(1);
    }
    out
}

fn json_list(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

struct Ctx<'a> {
    l: Loader,
    rng: Rng,
    start: NaiveDate,
    until: NaiveDate,
    created: NaiveDateTime,
    password_hash: &'a str,
    queries_per_day: usize,
    pages_per_day: usize,
}

struct SiteInfo<'a> {
    account_id: i64,
    site_id: i64,
    domain: &'a str,
    industry: &'a str,
    plan: Option<Plan>,
    subscription_id: Option<i64>,
    approver: i64,
}

pub async fn write(
    conn: &mut DbConn<'_>,
    args: &SeedArgs,
    until: NaiveDate,
    password_hash: &str,
) -> AppResult<Vec<(&'static str, u64)>> {
    let start = until - Months::new(args.months) + Days::new(1);
    let synthetic = args.sites > 0;
    let mut cx = Ctx {
        l: Loader::new(4_000),
        rng: Rng::new(0x1647_2026),
        start,
        until,
        created: at(start, 8),
        password_hash,
        // benchmark scale keeps the long tail smaller
        queries_per_day: if synthetic { 3 } else { 10 },
        pages_per_day: if synthetic { 2 } else { 5 },
    };

    for (name, slug, price, sites, credits) in [
        ("Free", "free", 0, Some(1), 100),
        ("Starter", "starter", 4_900, Some(3), 1_000),
        ("Growth", "growth", 14_900, Some(10), 5_000),
        ("Scale", "scale", 34_900, None, 25_000),
    ] {
        let id = cx.l.id("igny8_plans");
        let users = sites;
        let v = row!(
            id,
            name,
            slug,
            price as i64,
            "USD",
            sites,
            users,
            credits,
            true,
            cx.created
        );
        cx.l.push(conn, "igny8_plans", v).await?;
    }
    let flag = cx.l.id("igny8_feature_flags");
    let v = row!(
        flag,
        "managed_services_enabled",
        true,
        "Shows the Alorig Managed Services admin section",
        cx.created
    );
    cx.l.push(conn, "igny8_feature_flags", v).await?;

    let alorig = account(
        &mut cx,
        conn,
        "Alorig",
        "alorig",
        4,
        "UTC",
        r#"["reports","white_label"]"#,
        false,
    )
    .await?;
    user(
        &mut cx,
        conn,
        alorig,
        STAFF_EMAIL,
        "Ayesha",
        "Rahman",
        "owner",
        true,
        false,
    )
    .await?;
    user(
        &mut cx,
        conn,
        alorig,
        "ops@alorig.example",
        "Omar",
        "Siddiqui",
        "admin",
        true,
        false,
    )
    .await?;

    for client in CLIENTS {
        write_client(&mut cx, conn, client, 3, r#"["reports"]"#, false).await?;
    }
    write_client(&mut cx, conn, &AGENCY, 4, r#"["reports","white_label"]"#, true).await?;
    write_client(&mut cx, conn, &FRESH, 2, "[]", false).await?;

    for n in 1..=args.sites {
        let slug = format!("client-{n:05}");
        let name = format!("Client {n:05}");
        let domain = format!("client{n:05}.example");
        let plan = if n % 3 == 0 { PRO } else { LITE };
        let account_id = account(&mut cx, conn, &name, &slug, 3, "UTC", r#"["reports"]"#, false).await?;
        let owner = user(
            &mut cx,
            conn,
            account_id,
            &format!("owner@{slug}.example"),
            "Client",
            &format!("{n:05}"),
            "owner",
            false,
            false,
        )
        .await?;
        site(
            &mut cx,
            conn,
            account_id,
            &name,
            &domain,
            "general",
            Some(plan),
            owner,
            &format!("owner@{slug}.example"),
            None,
        )
        .await?;
    }

    cx.l.finish(conn).await
}

#[allow(clippy::too_many_arguments)]
async fn account(
    cx: &mut Ctx<'_>,
    conn: &mut DbConn<'_>,
    name: &str,
    slug: &str,
    plan_id: i64,
    timezone: &str,
    gates: &str,
    is_agency: bool,
) -> AppResult<i64> {
    let id = cx.l.id("igny8_accounts");
    let v = row!(
        id, name, slug, plan_id, "active", timezone, gates, is_agency, 1_000i64, cx.created, cx.created
    );
    cx.l.push(conn, "igny8_accounts", v).await?;
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
async fn user(
    cx: &mut Ctx<'_>,
    conn: &mut DbConn<'_>,
    account_id: i64,
    email: &str,
    first: &str,
    last: &str,
    role: &str,
    staff: bool,
    site_restricted: bool,
) -> AppResult<i64> {
    let id = cx.l.id("igny8_users");
    let v = row!(
        id,
        account_id,
        email,
        first,
        last,
        cx.password_hash,
        role,
        staff,
        site_restricted,
        true,
        None::<NaiveDateTime>,
        cx.created,
        cx.created
    );
    cx.l.push(conn, "igny8_users", v).await?;
    Ok(id)
}

async fn write_client(
    cx: &mut Ctx<'_>,
    conn: &mut DbConn<'_>,
    client: &Client,
    plan_id: i64,
    gates: &str,
    is_agency: bool,
) -> AppResult<i64> {
    let account_id = account(
        cx,
        conn,
        client.name,
        client.slug,
        plan_id,
        client.timezone,
        gates,
        is_agency,
    )
    .await?;
    let (owner_email, first) = if is_agency {
        (format!("admin@{}.example", client.slug), "Dana")
    } else {
        (format!("owner@{}.example", client.slug), "Sam")
    };
    let role = if is_agency { "admin" } else { "owner" };
    let owner = user(
        cx,
        conn,
        account_id,
        &owner_email,
        first,
        client.name.split(' ').next().unwrap_or("Owner"),
        role,
        false,
        false,
    )
    .await?;
    // the agency's sites report under its brandings: the first two under Northstar Digital (on its
    // own domain), the third under Lakeside Growth Partners
    let brands = if is_agency {
        brandings(cx, conn, account_id).await?
    } else {
        Vec::new()
    };
    let mut site_ids = Vec::new();
    for (i, (domain, plan)) in client.sites.iter().enumerate() {
        let branding = brands.get(if i < 2 { 0 } else { 1 }).copied();
        let name = if i == 0 {
            client.name.to_owned()
        } else {
            format!("{} ({domain})", client.name)
        };
        site_ids.push(
            site(
                cx,
                conn,
                account_id,
                &name,
                domain,
                client.industry,
                *plan,
                owner,
                &owner_email,
                branding,
            )
            .await?,
        );
    }
    if client.slug == "summit-pt" {
        // a viewer who may only see the second site
        let viewer = user(
            cx,
            conn,
            account_id,
            "viewer@summit-pt.example",
            "Vic",
            "Viewer",
            "viewer",
            false,
            true,
        )
        .await?;
        let id = cx.l.id("igny8_site_user_access");
        let v = row!(id, viewer, site_ids[1], cx.created);
        cx.l.push(conn, "igny8_site_user_access", v).await?;
    }
    if is_agency {
        user(
            cx,
            conn,
            account_id,
            "analyst@northstar-digital.example",
            "Ari",
            "Analyst",
            "viewer",
            false,
            false,
        )
        .await?;
        // the bakery's owner reads its reports on the agency's domain
        let client = user(
            cx,
            conn,
            account_id,
            AGENCY_CLIENT_EMAIL,
            "Lee",
            "Baker",
            "viewer",
            false,
            true,
        )
        .await?;
        let id = cx.l.id("igny8_site_user_access");
        let v = row!(id, client, site_ids[0], cx.created);
        cx.l.push(conn, "igny8_site_user_access", v).await?;
    }
    Ok(account_id)
}

/// The agency's brandings (their ids): Northstar Digital with its verified domain.
async fn brandings(cx: &mut Ctx<'_>, conn: &mut DbConn<'_>, account_id: i64) -> AppResult<Vec<i64>> {
    let mut ids = Vec::new();
    for (name, primary, secondary, email, site, footer, domain) in [
        (
            "Northstar Digital",
            "#1F3A93",
            "#F5A623",
            "reports@northstar-digital.example",
            "https://northstar-digital.example",
            "Northstar Digital · Growth marketing for local business",
            Some(AGENCY_DOMAIN),
        ),
        (
            "Lakeside Growth Partners",
            "#0E7C66",
            "#F2C14E",
            "hello@lakeside-growth.example",
            "https://lakeside-growth.example",
            "Prepared by Lakeside Growth Partners",
            None,
        ),
    ] {
        let id = cx.l.id("igny8_agency_branding");
        let v = row!(
            id,
            account_id,
            None::<i64>,
            name,
            "",
            primary,
            secondary,
            email,
            "+1 555 0100",
            site,
            footer,
            true,
            cx.created,
            cx.created,
            domain,
            // the token the domain answered when it was verified
            domain.map(|d| format!("demo-{d}")),
            domain.map(|_| cx.created)
        );
        cx.l.push(conn, "igny8_agency_branding", v).await?;
        ids.push(id);
    }
    Ok(ids)
}

#[allow(clippy::too_many_arguments)]
async fn site(
    cx: &mut Ctx<'_>,
    conn: &mut DbConn<'_>,
    account_id: i64,
    name: &str,
    domain: &str,
    industry: &str,
    plan: Option<Plan>,
    approver: i64,
    recipient: &str,
    branding: Option<i64>,
) -> AppResult<i64> {
    let site_id = cx.l.id("igny8_sites");
    let v = row!(
        site_id,
        account_id,
        name,
        domain,
        Some(industry),
        true,
        cx.created,
        cx.created
    );
    cx.l.push(conn, "igny8_sites", v).await?;

    let subscription_id = match plan {
        Some(plan) => {
            let id = cx.l.id("igny8_managed_service_subscriptions");
            let (price, cost) = price_and_cost(plan);
            let (articles, links) = Tier::parse(plan.tier).expect("a demo tier").targets();
            let renewal = match plan.interval {
                "quarter" => cx.until + Days::new(40),
                "year" => cx.until + Days::new(150),
                _ => cx.until + Days::new(u64::from(5 + (site_id as u32 * 7) % 25)),
            };
            let cancelled = (plan.status == "cancelled").then(|| at(cx.until - Days::new(20), 12));
            let recipients = json_list(&[recipient.to_owned()]);
            let mut config = serde_json::json!({
                "sections": ["executive_summary", "content", "indexing", "rankings", "traffic", "backlinks", "social", "sag_health", "next_month"],
                "report_day": 1,
                "target_countries": ["US"],
                "tone": "professional",
            });
            if let Some(b) = branding {
                config["branding_id"] = b.into();
            }
            let config = config.to_string();
            let v = row!(
                id,
                account_id,
                site_id,
                plan.tier,
                plan.status,
                price,
                cost,
                "USD",
                plan.interval,
                articles,
                links,
                plan.tier == "pro",
                cx.start,
                renewal,
                cancelled,
                recipients,
                config,
                cx.created,
                cx.created
            );
            cx.l.push(conn, "igny8_managed_service_subscriptions", v).await?;
            Some(id)
        }
        None => None,
    };
    let info = SiteInfo {
        account_id,
        site_id,
        domain,
        industry,
        plan,
        subscription_id,
        approver,
    };
    activity(cx, conn, &info).await?;
    Ok(site_id)
}

/// Everything that happens on a site over the history: content, search data, links, social…
async fn activity(cx: &mut Ctx<'_>, conn: &mut DbConn<'_>, s: &SiteInfo<'_>) -> AppResult<()> {
    let pro = s.plan.is_some_and(|p| p.tier == "pro");
    let managed = s.plan.is_some_and(|p| p.status != "cancelled");

    // sectors
    let sector = cx.l.id("igny8_sectors");
    let v = row!(
        sector,
        s.account_id,
        s.site_id,
        format!("{} services", s.industry),
        "",
        true,
        cx.created
    );
    cx.l.push(conn, "igny8_sectors", v).await?;

    // SAG blueprint and clusters
    let blueprint = cx.l.id("igny8_sag_blueprints");
    let health = cx.rng.float(42.0, 86.0);
    let gaps: Vec<serde_json::Value> = (0..cx.rng.range(3, 5))
        .map(|i| {
            let priority = ["high", "medium", "low"][i as usize % 3];
            serde_json::json!({
                "topic": format!("{} {}", s.industry, TOPICS[(s.site_id as usize + i as usize * 5) % TOPICS.len()]),
                "cluster": format!("Cluster {}", i + 1),
                "priority": priority,
            })
        })
        .collect();
    let v = row!(
        blueprint,
        s.account_id,
        s.site_id,
        format!("{} blueprint", s.domain),
        "active",
        2,
        Some((health * 10.0).round() / 10.0),
        Some(at(cx.until, 3)),
        serde_json::Value::from(gaps).to_string(),
        cx.created,
        cx.created
    );
    cx.l.push(conn, "igny8_sag_blueprints", v).await?;
    let mut clusters = Vec::new();
    for i in 0..8usize {
        let id = cx.l.id("igny8_sag_clusters");
        let status = match i {
            0..=2 => "complete",
            3..=5 => "in-progress",
            _ => "planned",
        };
        let target = 6 + (i as i32 % 3) * 2;
        let published = match status {
            "complete" => target,
            "in-progress" => target / 2,
            _ => 0,
        };
        let v = row!(
            id,
            blueprint,
            s.site_id,
            format!("{} {}", s.industry, TOPICS[i % TOPICS.len()]),
            CLUSTER_TYPES[i % CLUSTER_TYPES.len()],
            status,
            "cluster_hub",
            target,
            published,
            Some(cx.rng.float(0.3, 0.95)),
            cx.created,
            cx.created
        );
        cx.l.push(conn, "igny8_sag_clusters", v).await?;
        clusters.push(id);
    }

    // content, one URL inspection each
    let per_month = if !managed {
        2
    } else if pro {
        12
    } else {
        6
    };
    let mut published_pages = Vec::new();
    // (id, title, URL) of the latest articles: the approval queue's content items
    let mut articles: Vec<(i64, String, String)> = Vec::new();
    for month in months_between(cx.start, cx.until) {
        for k in 0..per_month {
            let day = month + Days::new((k * 28 / per_month) as u64 + cx.rng.range(0, 1) as u64);
            if day < cx.start || day > cx.until {
                continue;
            }
            let id = cx.l.id("igny8_content");
            let topic = cx.rng.pick(TOPICS);
            let title = format!("{} {} {}", capitalise(s.industry), topic, month.format("%B %Y"));
            let slug = format!("{}-{}-{}", s.industry.replace(' ', "-"), topic.replace(' ', "-"), id);
            let is_page = k % 9 == 8;
            let (ctype, structure) = if is_page {
                ("page", "service_page")
            } else {
                ("post", *cx.rng.pick(STRUCTURES))
            };
            let status = if day + Days::new(3) > cx.until {
                "review"
            } else {
                "published"
            };
            let url = format!("https://{}/{}", s.domain, slug);
            let published_at = (status == "published").then(|| at(day, 14));
            let v = row!(
                id,
                s.account_id,
                s.site_id,
                Some(sector),
                title,
                slug,
                ctype,
                structure,
                status,
                cx.rng.range(900, 2600) as i32,
                cx.rng.range(1, 6) as i32,
                Some(clusters[k % clusters.len()]),
                published_at.map(|_| url.clone()),
                published_at,
                at(day - Days::new(2), 10),
                at(day, 14)
            );
            cx.l.push(conn, "igny8_content", v).await?;
            if !is_page {
                articles.push((id, title.clone(), url.clone()));
            }
            if let Some(published) = published_at {
                published_pages.push(url.clone());
                let age = (cx.until - day).num_days();
                let (verdict, coverage, indexing) = if age > 14 && !cx.rng.chance(0.08) {
                    ("PASS", "Submitted and indexed", "INDEXING_ALLOWED")
                } else if cx.rng.chance(0.15) {
                    ("FAIL", "Crawled - currently not indexed", "INDEXING_ALLOWED")
                } else {
                    ("NEUTRAL", "Discovered - currently not indexed", "INDEXING_ALLOWED")
                };
                let inspected = published + chrono::Duration::days(age.min(10));
                let rid = cx.l.id("igny8_url_inspection_records");
                let crawl = (verdict != "NEUTRAL").then(|| published + chrono::Duration::days(age.min(4)));
                let v = row!(
                    rid,
                    s.account_id,
                    s.site_id,
                    Some(id),
                    url,
                    verdict,
                    Some(coverage),
                    Some(indexing),
                    crawl,
                    inspected,
                    inspected
                );
                cx.l.push(conn, "igny8_url_inspection_records", v).await?;
            }
        }
    }

    gsc(cx, conn, s, &published_pages).await?;
    ahrefs(cx, conn, s).await?;
    social(
        cx,
        conn,
        s,
        if !managed {
            0
        } else if pro {
            10
        } else {
            4
        },
    )
    .await?;
    if let (Some(plan), Some(subscription_id)) = (s.plan, s.subscription_id) {
        backlinks(cx, conn, s, plan, subscription_id, blueprint).await?;
        invoices(cx, conn, s, plan, subscription_id).await?;
        if plan.status != "cancelled" {
            let latest = articles.iter().rev().take(2).cloned().collect();
            upcoming(cx, conn, s, pro, blueprint, latest).await?;
        }
    }
    Ok(())
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Daily Search Console totals, plus the top queries and pages of each day.
async fn gsc(cx: &mut Ctx<'_>, conn: &mut DbConn<'_>, s: &SiteInfo<'_>, pages: &[String]) -> AppResult<()> {
    let base = cx.rng.float(40.0, 260.0);
    let growth = cx.rng.float(0.0008, 0.0035);
    let queries: Vec<String> = (0..cx.queries_per_day)
        .map(|i| format!("{} {}", s.industry, TOPICS[(i * 7 + s.site_id as usize) % TOPICS.len()]))
        .collect();
    let days = (cx.until - cx.start).num_days();
    for d in 0..=days {
        let day = cx.start + Days::new(d as u64);
        let weekday = day.weekday().num_days_from_monday();
        let weekly = if weekday >= 5 {
            0.72
        } else {
            1.0 + 0.04 * f64::from(weekday % 3)
        };
        let trend = (growth * d as f64).exp();
        let clicks = (base * trend * weekly * cx.rng.float(0.85, 1.15)).round() as i64;
        let ctr = cx.rng.float(0.018, 0.046);
        let impressions = ((clicks as f64) / ctr).round() as i64;
        let position = (28.0 - 14.0 * (d as f64 / days.max(1) as f64) + cx.rng.float(-1.5, 1.5)).max(1.0);
        let fetched = at(day + Days::new(2), 5);
        let id = cx.l.id("igny8_gsc_metrics_cache");
        let ctr_actual = if impressions > 0 {
            clicks as f64 / impressions as f64
        } else {
            0.0
        };
        let v = row!(
            id,
            s.account_id,
            s.site_id,
            day,
            "total",
            "",
            clicks,
            impressions,
            round4(ctr_actual),
            Some(round2(position)),
            fetched
        );
        cx.l.push(conn, "igny8_gsc_metrics_cache", v).await?;
        for (rank, q) in queries.iter().enumerate() {
            let share = 0.22 / (rank as f64 + 1.0);
            let qc = (clicks as f64 * share).round() as i64;
            let qi = (impressions as f64 * share * 1.4).round() as i64 + 1;
            let qpos = (1.5 + rank as f64 * 2.7 + (position - 14.0) * 0.4 + cx.rng.float(-0.8, 0.8)).clamp(1.0, 90.0);
            let id = cx.l.id("igny8_gsc_metrics_cache");
            let v = row!(
                id,
                s.account_id,
                s.site_id,
                day,
                "query",
                q.as_str(),
                qc,
                qi,
                round4(qc as f64 / qi as f64),
                Some(round2(qpos)),
                fetched
            );
            cx.l.push(conn, "igny8_gsc_metrics_cache", v).await?;
        }
        for rank in 0..cx.pages_per_day.min(pages.len().max(1)) {
            let page = pages
                .get(rank)
                .cloned()
                .unwrap_or_else(|| format!("https://{}/", s.domain));
            let share = 0.3 / (rank as f64 + 1.0);
            let pc = (clicks as f64 * share).round() as i64;
            let pi = (impressions as f64 * share).round() as i64 + 1;
            let id = cx.l.id("igny8_gsc_metrics_cache");
            let v = row!(
                id,
                s.account_id,
                s.site_id,
                day,
                "page",
                page,
                pc,
                pi,
                round4(pc as f64 / pi as f64),
                Some(round2(position * 0.8)),
                fetched
            );
            cx.l.push(conn, "igny8_gsc_metrics_cache", v).await?;
        }
    }
    Ok(())
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Weekly Ahrefs snapshots: DR and referring domains growing with the campaign.
async fn ahrefs(cx: &mut Ctx<'_>, conn: &mut DbConn<'_>, s: &SiteInfo<'_>) -> AppResult<()> {
    let dr0 = cx.rng.float(12.0, 30.0);
    let rd0 = cx.rng.range(40, 220);
    let mut day = cx.start;
    let mut week = 0i64;
    while day <= cx.until {
        let dr = (dr0 + week as f64 * 0.18 + cx.rng.float(-0.4, 0.4)).min(90.0);
        let rd = rd0 + week * 3 + cx.rng.range(0, 4);
        let traffic = 800 + week * 45 + cx.rng.range(0, 120);
        let id = cx.l.id("igny8_ahrefs_domain_snapshots");
        let v = row!(
            id,
            s.account_id,
            s.site_id,
            day,
            round2(dr),
            Some(4_000_000 - week * 9_000),
            rd as i32,
            rd * 9,
            (300 + week * 11) as i32,
            traffic,
            traffic * 85,
            at(day, 4)
        );
        cx.l.push(conn, "igny8_ahrefs_domain_snapshots", v).await?;
        day = day + Days::new(7);
        week += 1;
    }
    Ok(())
}

async fn social(cx: &mut Ctx<'_>, conn: &mut DbConn<'_>, s: &SiteInfo<'_>, per_month: u32) -> AppResult<()> {
    if per_month == 0 {
        return Ok(());
    }
    for month in months_between(cx.start, cx.until) {
        for k in 0..per_month {
            let day = month + Days::new(u64::from(k * 27 / per_month) + 1);
            if day < cx.start || day > cx.until + Days::new(10) {
                continue;
            }
            let platform = PLATFORMS[(k as usize + s.site_id as usize) % PLATFORMS.len()];
            let id = cx.l.id("igny8_social_posts");
            let published = day <= cx.until;
            let status = if published { "published" } else { "scheduled" };
            let body = format!(
                "New on the blog: {} {} tips for {}",
                s.industry,
                cx.rng.pick(TOPICS),
                month.format("%B")
            );
            let v = row!(
                id,
                s.account_id,
                s.site_id,
                None::<i64>,
                platform,
                body,
                status,
                Some(at(day, 15)),
                published.then(|| at(day, 15)),
                published.then(|| format!("https://{platform}.example/{}/posts/{id}", s.domain)),
                at(day, 9),
                at(day, 15)
            );
            cx.l.push(conn, "igny8_social_posts", v).await?;
            if published {
                let captured = (day + Days::new(7)).min(cx.until);
                let impressions = cx.rng.range(150, 6_000);
                let eid = cx.l.id("igny8_social_engagements");
                let v = row!(
                    eid,
                    id,
                    s.site_id,
                    captured,
                    impressions,
                    (impressions / cx.rng.range(25, 60)) as i32,
                    cx.rng.range(0, 25) as i32,
                    cx.rng.range(0, 18) as i32,
                    (impressions / cx.rng.range(40, 120)) as i32,
                    at(captured, 6)
                );
                cx.l.push(conn, "igny8_social_engagements", v).await?;
            }
        }
    }
    Ok(())
}

/// A campaign with monthly KPI snapshots, one order a month, and its links in every status.
async fn backlinks(
    cx: &mut Ctx<'_>,
    conn: &mut DbConn<'_>,
    s: &SiteInfo<'_>,
    plan: Plan,
    subscription_id: i64,
    blueprint: i64,
) -> AppResult<()> {
    let pro = plan.tier == "pro";
    let campaign = cx.l.id("igny8_sag_campaigns");
    let monthly_links = if pro { 8 } else { 3 };
    let status = if plan.status == "active" { "active" } else { "paused" };
    let v = row!(
        campaign,
        s.account_id,
        s.site_id,
        Some(blueprint),
        format!("{} hub links", s.domain),
        "US",
        status,
        monthly_links,
        i64::from(monthly_links) * 15_000,
        "USD",
        cx.start,
        None::<NaiveDate>,
        cx.created,
        cx.created
    );
    cx.l.push(conn, "igny8_sag_campaigns", v).await?;

    let mut live = 0i32;
    for (i, month) in months_between(cx.start, cx.until).into_iter().enumerate() {
        let ordered_day = month.max(cx.start) + Days::new(2);
        if ordered_day > cx.until {
            continue;
        }
        let age = (cx.until - ordered_day).num_days();
        let order_status = match age {
            a if a > 60 => "completed",
            a if a > 30 => "delivered",
            a if a > 8 => "in_progress",
            _ => "ordered",
        };
        let order = cx.l.id("igny8_backlink_service_orders");
        let package = if pro { "growth" } else { "starter" };
        let marketplace = if i % 2 == 0 { "fatgrid" } else { "prnews" };
        let delivered = matches!(order_status, "completed" | "delivered").then(|| at(ordered_day + Days::new(21), 12));
        let v = row!(
            order,
            s.account_id,
            s.site_id,
            Some(subscription_id),
            package,
            marketplace,
            order_status,
            monthly_links,
            i64::from(monthly_links) * 15_000,
            i64::from(monthly_links) * 9_000,
            "USD",
            at(ordered_day, 10),
            ordered_day + Days::new(30),
            delivered,
            "",
            at(ordered_day, 10),
            at(ordered_day, 10)
        );
        cx.l.push(conn, "igny8_backlink_service_orders", v).await?;

        for k in 0..monthly_links {
            let link_status = match order_status {
                "completed" if k == 0 && i % 3 == 0 => "lost",
                "completed" if k == 1 && i % 4 == 0 => "rejected",
                "completed" if k % 4 == 3 => "live",
                "completed" => "indexed",
                "delivered" if k % 2 == 0 => "live",
                "delivered" => "delivered",
                "in_progress" if k % 2 == 0 => "delivered",
                _ => "ordered",
            };
            let id = cx.l.id("igny8_sag_backlinks");
            let dr = cx.rng.float(22.0, 74.0);
            let source_domain = format!(
                "{}-{}.example",
                ["news", "blog", "guide", "review", "local"][k as usize % 5],
                cx.rng.range(100, 999)
            );
            let step = |days: u64| at(ordered_day + Days::new(days), 11);
            let delivered_at = matches!(link_status, "delivered" | "live" | "indexed" | "lost").then(|| step(18));
            let live_at = matches!(link_status, "live" | "indexed" | "lost").then(|| step(20));
            let indexed_at = (link_status == "indexed").then(|| step(27));
            let v = row!(
                id,
                s.account_id,
                s.site_id,
                Some(campaign),
                Some(order),
                format!("https://{}/", s.domain),
                format!("https://{source_domain}/articles/{id}"),
                source_domain,
                format!("{} {}", s.industry, cx.rng.pick(TOPICS)),
                Some(round2(dr)),
                1 + (k % 3),
                link_status,
                15_000i64,
                "USD",
                Some(round2(cx.rng.float(45.0, 95.0))),
                Some(at(ordered_day, 10)),
                delivered_at,
                live_at,
                indexed_at,
                Some(at(cx.until, 2)),
                at(ordered_day, 10),
                at(cx.until, 2)
            );
            cx.l.push(conn, "igny8_sag_backlinks", v).await?;
            if matches!(link_status, "live" | "indexed") {
                live += 1;
                let rid = cx.l.id("igny8_backlink_indexing_requests");
                let req_status = if link_status == "indexed" {
                    "indexed"
                } else if k % 3 == 0 {
                    "failed"
                } else {
                    "submitted"
                };
                let v = row!(
                    rid,
                    s.account_id,
                    s.site_id,
                    Some(id),
                    format!("https://{source_domain}/articles/{id}"),
                    "indexing_service",
                    req_status,
                    if req_status == "failed" { 3 } else { 1 },
                    live_at,
                    Some(at(cx.until, 1)),
                    indexed_at,
                    (req_status == "failed").then_some("not indexed after 3 checks"),
                    step(20),
                    at(cx.until, 1)
                );
                cx.l.push(conn, "igny8_backlink_indexing_requests", v).await?;
            }
        }
        let kpi = cx.l.id("igny8_campaign_kpi_snapshots");
        let snapshot = (month + Months::new(1) - Days::new(1)).min(cx.until);
        let v = row!(
            kpi,
            campaign,
            s.site_id,
            snapshot,
            live,
            40 + live * 2,
            Some(round2(cx.rng.float(30.0, 55.0))),
            cx.rng.range(1_000, 9_000),
            live > 40,
            at(snapshot, 3)
        );
        cx.l.push(conn, "igny8_campaign_kpi_snapshots", v).await?;
    }
    // next month's planned links
    for k in 0..2 {
        let id = cx.l.id("igny8_sag_backlinks");
        let v = row!(
            id,
            s.account_id,
            s.site_id,
            Some(campaign),
            None::<i64>,
            format!("https://{}/", s.domain),
            "",
            "",
            format!("{} guide", s.industry),
            None::<f64>,
            1 + k,
            "planned",
            15_000i64,
            "USD",
            None::<f64>,
            None::<NaiveDateTime>,
            None::<NaiveDateTime>,
            None::<NaiveDateTime>,
            None::<NaiveDateTime>,
            None::<NaiveDateTime>,
            at(cx.until, 2),
            at(cx.until, 2)
        );
        cx.l.push(conn, "igny8_sag_backlinks", v).await?;
    }
    Ok(())
}

/// One invoice per billing interval since the start, paid (the latest may still be pending).
async fn invoices(
    cx: &mut Ctx<'_>,
    conn: &mut DbConn<'_>,
    s: &SiteInfo<'_>,
    plan: Plan,
    subscription_id: i64,
) -> AppResult<()> {
    let (price, _) = price_and_cost(plan);
    let step = match plan.interval {
        "quarter" => 3,
        "year" => 12,
        _ => 1,
    };
    let months = months_between(cx.start, cx.until);
    for (i, month) in months.iter().enumerate().filter(|(i, _)| i % step == 0) {
        if plan.status == "cancelled" && i + 1 == months.len() {
            break;
        }
        let id = cx.l.id("igny8_invoices");
        let latest = i + step >= months.len();
        let paid = !(latest && s.site_id % 2 == 0);
        let issued = at((*month).max(cx.start), 9);
        let line = serde_json::json!([{ "description": format!("Managed {} — {}", capitalise(plan.tier), s.domain), "amount_cents": price }]).to_string();
        let v = row!(
            id,
            s.account_id,
            Some(subscription_id),
            format!("INV-{}-{id:06}", month.format("%Y%m")),
            "addon",
            if paid { "paid" } else { "pending" },
            "USD",
            price,
            0i64,
            price,
            issued,
            issued.date() + Days::new(14),
            paid.then(|| issued + chrono::Duration::days(3)),
            None::<NaiveDateTime>,
            None::<String>,
            line,
            "{}",
            issued,
            issued
        );
        cx.l.push(conn, "igny8_invoices", v).await?;
        if paid {
            let pid = cx.l.id("igny8_payments");
            let processed = issued + chrono::Duration::days(3);
            let v = row!(
                pid,
                s.account_id,
                id,
                price,
                "USD",
                "succeeded",
                if id % 3 == 0 { "paypal" } else { "stripe" },
                Some(format!("txn_{id:08}")),
                Some(processed),
                "{}",
                processed
            );
            cx.l.push(conn, "igny8_payments", v).await?;
        }
    }
    Ok(())
}

/// Next month's automation queue and the client's approval items.
async fn upcoming(
    cx: &mut Ctx<'_>,
    conn: &mut DbConn<'_>,
    s: &SiteInfo<'_>,
    pro: bool,
    blueprint: i64,
    articles: Vec<(i64, String, String)>,
) -> AppResult<()> {
    let next = cx.until.with_day(1).expect("day 1") + Months::new(1);
    for k in 0..if pro { 8 } else { 5 } {
        let id = cx.l.id("igny8_automation_queue");
        let (kind, title) = match k % 3 {
            0 => (
                "content",
                format!("Write: {} {}", s.industry, TOPICS[(k + 3) % TOPICS.len()]),
            ),
            1 => ("backlink", format!("Order hub link for {}", s.domain)),
            _ => (
                "social",
                format!("Share: {} {}", s.industry, TOPICS[(k + 5) % TOPICS.len()]),
            ),
        };
        let payload = serde_json::json!({ "topic": title }).to_string();
        let v = row!(
            id,
            s.account_id,
            s.site_id,
            kind,
            title,
            "scheduled",
            (k % 3) as i32 + 1,
            Some(next + Days::new((k * 3) as u64)),
            payload,
            at(cx.until, 7),
            at(cx.until, 7)
        );
        cx.l.push(conn, "igny8_automation_queue", v).await?;
    }
    // the blueprint, the latest article (in review, so pending) and the one before it (decided),
    // and next month's link targets
    let (newest, before) = (articles.first(), articles.get(1));
    let items = [
        (
            "blueprint",
            "approved",
            Some(blueprint),
            format!("Blueprint v2 for {}", s.domain),
            None,
            None,
        ),
        (
            "content",
            "approved",
            before.map(|a| a.0),
            before.map_or_else(String::new, |a| a.1.clone()),
            before.map(|a| a.2.clone()),
            before,
        ),
        (
            "content",
            "pending",
            newest.map(|a| a.0),
            newest.map_or_else(String::new, |a| a.1.clone()),
            newest.map(|a| format!("https://{}/?p={}&preview=true", s.domain, a.0)),
            newest,
        ),
        (
            "campaign",
            "pending",
            None,
            format!("Backlink targets for {}", next.format("%B %Y")),
            None,
            None,
        ),
    ];
    for (k, (kind, status, object, title, review_url, article)) in items.into_iter().enumerate() {
        // a plan without the client's review (Lite) sends no article to the client
        if kind == "content" && (article.is_none() || !pro) {
            continue;
        }
        let id = cx.l.id("igny8_approval_items");
        let requested = at(cx.until - Days::new(20 - k as u64 * 5), 10);
        let decided = (status == "approved").then(|| requested + chrono::Duration::days(1));
        let excerpt = match kind {
            "content" => Some(format!(
                "{title} — what {} clients ask most, answered in plain words: costs, timing, and what to expect at the first visit.",
                s.industry
            )),
            "campaign" => Some(format!(
                "{} guest posts and niche edits pointing at the hub pages of {}.",
                if pro { 8 } else { 3 },
                s.domain
            )),
            _ => Some("Eight topic clusters with their hub pages and planned articles.".to_owned()),
        };
        let v = row!(
            id,
            s.account_id,
            s.site_id,
            kind,
            object,
            title,
            status,
            requested,
            decided,
            decided.map(|_| s.approver),
            None::<String>,
            requested,
            requested,
            excerpt,
            review_url
        );
        cx.l.push(conn, "igny8_approval_items", v).await?;
    }
    Ok(())
}
