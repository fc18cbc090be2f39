//! Section 4, Keyword Rankings: Search Console queries by their impression-weighted average
//! position in each period — how many are in the top 3 / 10 / 20 / 50, the biggest movers up and
//! down — and the Ahrefs Domain Rating with its trend.

use std::collections::BTreeMap;

use app::types::report::{Compare, Mover, Point, RankingsSection};
use chrono::NaiveDate;
use diesel::{ExpressionMethods, QueryDsl};
use diesel_async::RunQueryDsl;

use super::{Scope, round};
use crate::db::DbConn;
use crate::db::schema::{igny8_ahrefs_domain_snapshots as ahrefs, igny8_gsc_metrics_cache as gsc};
use crate::db_run;
use crate::error::AppResult;

/// Movers listed each way.
const MOVERS: usize = 5;

/// query → (Σ position × impressions, Σ impressions) for one period.
type Positions = BTreeMap<String, (f64, i64)>;

fn average(p: &Positions) -> BTreeMap<&str, f64> {
    p.iter()
        .filter(|(_, (_, w))| *w > 0)
        .map(|(q, (sum, w))| (q.as_str(), sum / *w as f64))
        .collect()
}

fn buckets(avg: &BTreeMap<&str, f64>) -> [i64; 4] {
    let within = |n: f64| avg.values().filter(|p| **p <= n).count() as i64;
    [within(3.0), within(10.0), within(20.0), within(50.0)]
}

pub async fn collect(conn: &mut DbConn<'_>, s: &Scope) -> AppResult<RankingsSection> {
    let rows: Vec<(NaiveDate, String, i64, Option<f64>)> = db_run!(conn, |c| gsc::table
        .filter(gsc::site_id.eq(s.site_id))
        .filter(gsc::dimension.eq("query"))
        .filter(gsc::metric_date.ge(s.previous.start))
        .filter(gsc::metric_date.le(s.period.end))
        .select((gsc::metric_date, gsc::dimension_value, gsc::impressions, gsc::position))
        .order(gsc::id)
        .load(c)
        .await)?;
    let (mut now, mut before) = (Positions::new(), Positions::new());
    for (day, query, impressions, position) in rows {
        let Some(position) = position.filter(|_| impressions > 0) else {
            continue;
        };
        let bucket = if s.period.contains(day) { &mut now } else { &mut before };
        let e = bucket.entry(query).or_insert((0.0, 0));
        e.0 += position * impressions as f64;
        e.1 += impressions;
    }
    let (avg_now, avg_before) = (average(&now), average(&before));
    let (b_now, b_before) = (buckets(&avg_now), buckets(&avg_before));
    let fig = |has: bool, x: i64| has.then_some(x as f64);
    let (has_now, has_before) = (!avg_now.is_empty(), !avg_before.is_empty());
    let bucket = |i: usize| Compare::new(fig(has_now, b_now[i]), fig(has_before, b_before[i]));

    let mut movers: Vec<Mover> = avg_now
        .iter()
        .filter_map(|(q, p)| {
            avg_before.get(q).map(|prev| Mover {
                query: (*q).to_owned(),
                position: round(*p, 1),
                previous_position: round(*prev, 1),
                gain: round(prev - p, 1),
            })
        })
        .collect();
    // biggest gain first; ties by query for a stable order
    movers.sort_by(|a, b| b.gain.total_cmp(&a.gain).then_with(|| a.query.cmp(&b.query)));
    let movers_up: Vec<Mover> = movers.iter().filter(|m| m.gain > 0.0).take(MOVERS).cloned().collect();
    let movers_down: Vec<Mover> = movers
        .iter()
        .rev()
        .filter(|m| m.gain < 0.0)
        .take(MOVERS)
        .cloned()
        .collect();

    let snapshots: Vec<(NaiveDate, Option<f64>)> = db_run!(conn, |c| ahrefs::table
        .filter(ahrefs::site_id.eq(s.site_id))
        .filter(ahrefs::domain_rating.is_not_null())
        .filter(ahrefs::snapshot_date.ge(s.previous.start))
        .filter(ahrefs::snapshot_date.le(s.period.end))
        .select((ahrefs::snapshot_date, ahrefs::domain_rating))
        .order(ahrefs::snapshot_date)
        .load(c)
        .await)?;
    let dr_at = |end: NaiveDate, start: NaiveDate| {
        snapshots
            .iter()
            .rev()
            .find(|(d, _)| *d <= end && *d >= start)
            .and_then(|(_, dr)| dr.map(|dr| round(dr, 1)))
    };
    Ok(RankingsSection {
        status: s.gsc_status(has_now),
        top3: bucket(0),
        top10: bucket(1),
        top20: bucket(2),
        top50: bucket(3),
        movers_up,
        movers_down,
        domain_rating: Compare::new(
            dr_at(s.period.end, s.period.start),
            dr_at(s.previous.end, s.previous.start),
        ),
        dr_trend: snapshots
            .iter()
            .filter_map(|(d, dr)| {
                dr.map(|dr| Point {
                    date: d.to_string(),
                    value: round(dr, 1),
                })
            })
            .collect(),
    })
}
