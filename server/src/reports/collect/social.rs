//! Section 7, Social Media: posts published by platform, engagements (likes, comments, shares,
//! clicks) and their rate per impression, and the five best posts.

use std::collections::{BTreeMap, HashMap};

use app::types::report::{Compare, Count, SectionStatus, SocialSection, TopPost};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::{ExpressionMethods, QueryDsl};
use diesel_async::RunQueryDsl;

use super::{Scope, round};
use crate::db::DbConn;
use crate::db::schema::{igny8_social_engagements as eng, igny8_social_posts as posts};
use crate::db_run;
use crate::error::AppResult;

const TOP_POSTS: usize = 5;

pub async fn collect(conn: &mut DbConn<'_>, s: &Scope) -> AppResult<SocialSection> {
    let (from, _) = s.instants(&s.previous);
    let (_, until) = s.instants(&s.period);
    let rows: Vec<(i64, String, String, Option<NaiveDateTime>)> = db_run!(conn, |c| posts::table
        .filter(posts::site_id.eq(s.site_id))
        .filter(posts::status.eq("published"))
        .filter(posts::published_at.ge(from))
        .filter(posts::published_at.lt(until))
        .select((posts::id, posts::platform, posts::body, posts::published_at))
        .order((posts::published_at, posts::id))
        .load(c)
        .await)?;
    let ever: i64 = db_run!(conn, |c| posts::table
        .filter(posts::site_id.eq(s.site_id))
        .filter(posts::status.eq("published"))
        .filter(posts::published_at.lt(until))
        .count()
        .get_result(c)
        .await)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    // the latest engagement snapshot of each post (snapshots are cumulative)
    let snapshots: Vec<(i64, NaiveDate, i64, i32, i32, i32, i32)> = db_run!(conn, |c| eng::table
        .filter(eng::site_id.eq(s.site_id))
        .filter(eng::post_id.eq_any(&ids))
        .filter(eng::captured_on.le(s.period.end))
        .select((
            eng::post_id,
            eng::captured_on,
            eng::impressions,
            eng::likes,
            eng::comments,
            eng::shares,
            eng::clicks
        ))
        .order((eng::post_id, eng::captured_on))
        .load(c)
        .await)?;
    // snapshots are cumulative: a post's figures for a period are its latest snapshot by the
    // period's end (so the previous period does not borrow engagement gathered since)
    let mut at_end: HashMap<(i64, bool), (i64, i64)> = HashMap::new();
    for (post, day, impressions, likes, comments, shares, clicks) in snapshots {
        let figures = (impressions, i64::from(likes + comments + shares + clicks));
        at_end.insert((post, false), figures);
        if day <= s.previous.end {
            at_end.insert((post, true), figures);
        }
    }

    let mut posts_n = [0i64; 2];
    let mut engagements = [0i64; 2];
    let mut impressions = 0i64;
    let mut by_platform: BTreeMap<String, i64> = BTreeMap::new();
    let mut eng_by_platform: BTreeMap<String, i64> = BTreeMap::new();
    let mut top = Vec::new();
    for (id, platform, body, published) in rows {
        let Some(day) = published.map(|p| s.local_day(p)) else {
            continue;
        };
        let previous = !s.period.contains(day);
        let (imp, e) = at_end.get(&(id, previous)).copied().unwrap_or((0, 0));
        let i = usize::from(previous);
        posts_n[i] += 1;
        engagements[i] += e;
        if i == 0 {
            impressions += imp;
            *by_platform.entry(platform.clone()).or_default() += 1;
            *eng_by_platform.entry(platform.clone()).or_default() += e;
            let text: String = body.chars().take(140).collect();
            top.push(TopPost {
                platform,
                text,
                published_on: day.to_string(),
                engagements: e,
                impressions: imp,
            });
        }
    }
    top.sort_by(|a, b| {
        b.engagements
            .cmp(&a.engagements)
            .then_with(|| a.published_on.cmp(&b.published_on))
    });
    top.truncate(TOP_POSTS);
    let has_data = ever > 0;
    let fig = |x: i64| has_data.then_some(x as f64);
    let counts = |m: BTreeMap<String, i64>| m.into_iter().map(|(label, value)| Count { label, value }).collect();
    Ok(SocialSection {
        status: if has_data {
            SectionStatus::Ok
        } else {
            SectionStatus::NoData
        },
        posts: Compare::new(fig(posts_n[0]), fig(posts_n[1])),
        by_platform: counts(by_platform),
        engagements: Compare::new(fig(engagements[0]), fig(engagements[1])),
        engagement_rate_pct: (impressions > 0).then(|| round(engagements[0] as f64 * 100.0 / impressions as f64, 2)),
        engagements_by_platform: counts(eng_by_platform),
        top_posts: top,
    })
}
