//! Section 4, Keyword Rankings: Search Console queries by their impression-weighted average
//! position in each period — how many are in the top 3 / 10 / 20 / 50, the biggest movers up and
//! down — and the Ahrefs Domain Rating with its trend. For a plan with target countries, the
//! positions are those countries' when the site has rows by query and country (imported from
//! the Search Analytics API), and the section says which. Whole months come from their nightly
//! aggregates when current (`months`).

use std::collections::BTreeMap;

use app::types::report::{Compare, Mover, Point, RankingsSection};
use chrono::NaiveDate;
use diesel::{ExpressionMethods, QueryDsl};
use diesel_async::RunQueryDsl;

use serde_json::{Value, json};

use super::months::{self, Monthly, bits, unbits};
use super::{Scope, covering, round};
use crate::db::DbConn;
use crate::db::schema::{
    igny8_ahrefs_domain_snapshots as ahrefs, igny8_gsc_metrics_cache as gsc, igny8_gsc_range_metrics as r,
};
use crate::db_run;
use crate::error::AppResult;
use crate::reports::period::Period;

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

/// The queries' positions, summed per month (`months`): of every country, or of the target
/// countries from the rows by query and country (`us:dentist near me`).
pub(crate) enum Queries<'a> {
    All,
    Countries(&'a [String]),
}

impl Monthly for Queries<'_> {
    type Figures = Positions;

    fn key(&self) -> String {
        match self {
            Queries::All => "query".into(),
            Queries::Countries(c) => format!("query_country:{}", c.join(",")),
        }
    }

    fn rows(&self) -> (&'static str, Option<&[String]>) {
        match self {
            Queries::All => ("query", None),
            Queries::Countries(_) => ("query_country", None),
        }
    }

    async fn compute(&self, conn: &mut DbConn<'_>, site_id: i64, p: Period) -> AppResult<Positions> {
        let (dimension, _) = self.rows();
        let rows: Vec<(String, i64, Option<f64>)> = db_run!(conn, |c| gsc::table
            .filter(gsc::site_id.eq(site_id))
            .filter(gsc::dimension.eq(dimension))
            .filter(gsc::metric_date.ge(p.start))
            .filter(gsc::metric_date.le(p.end))
            .select((gsc::dimension_value, gsc::impressions, gsc::position))
            .order(gsc::id)
            .load(c)
            .await)?;
        let mut out = Positions::new();
        for (value, impressions, position) in rows {
            let query = match self {
                Queries::All => value,
                Queries::Countries(countries) => match in_countries(&value, countries) {
                    Some(query) => query.to_owned(),
                    None => continue,
                },
            };
            if let Some(position) = position.filter(|_| impressions > 0) {
                add(&mut out, query, position * impressions as f64, impressions);
            }
        }
        Ok(out)
    }

    fn encode(positions: &Positions) -> Value {
        Value::Object(
            positions
                .iter()
                .map(|(q, (sum, weight))| (q.clone(), json!([bits(Some(*sum)), weight])))
                .collect(),
        )
    }

    fn decode(stored: &Value) -> Option<Positions> {
        stored
            .as_object()?
            .iter()
            .map(|(q, v)| Some((q.clone(), (unbits(v.get(0)?)??, v.get(1)?.as_i64()?))))
            .collect()
    }
}

/// The positions of a period without rows by day, from queries imported over exactly its days:
/// the target countries' when there are some, else every country's; and whether by country.
async fn over_range(
    conn: &mut DbConn<'_>,
    site_id: i64,
    p: Period,
    countries: &[String],
) -> AppResult<(Positions, bool)> {
    let rows: Vec<(String, String, i64, Option<f64>)> = db_run!(conn, |c| r::table
        .filter(r::site_id.eq(site_id))
        .filter(r::start_date.eq(p.start))
        .filter(r::end_date.eq(p.end))
        .filter(r::dimension.eq_any(["query", "query_country"]))
        .select((r::dimension, r::dimension_value, r::impressions, r::position))
        .order(r::id)
        .load(c)
        .await)?;
    let mut by_country = Positions::new();
    let mut every = Positions::new();
    for (dimension, value, impressions, position) in rows {
        let Some(position) = position.filter(|_| impressions > 0) else {
            continue;
        };
        let (into, query) = match dimension.as_str() {
            "query" => (&mut every, value),
            _ => match in_countries(&value, countries) {
                Some(query) => (&mut by_country, query.to_owned()),
                None => continue,
            },
        };
        add(into, query, position * impressions as f64, impressions);
    }
    Ok(if by_country.is_empty() {
        (every, false)
    } else {
        (by_country, true)
    })
}

/// Adds a query's Σ position × impressions and Σ impressions.
fn add(positions: &mut Positions, query: String, sum: f64, weight: i64) {
    let e = positions.entry(query).or_insert((0.0, 0));
    e.0 += sum;
    e.1 += weight;
}

/// The query of a row by query and country (`us:dentist near me`) when its country is one of
/// `countries`.
fn in_countries<'v>(value: &'v str, countries: &[String]) -> Option<&'v str> {
    let (code, query) = value.split_once(':')?;
    countries.iter().any(|c| c == code).then_some(query)
}

/// One period's positions: its months' sums added up in order.
async fn positions(conn: &mut DbConn<'_>, s: &Scope, p: Period, queries: &Queries<'_>) -> AppResult<Positions> {
    let mut out = Positions::new();
    for part in months::read(conn, s.site_id, p, queries).await? {
        for (query, (sum, weight)) in part {
            add(&mut out, query, sum, weight);
        }
    }
    Ok(out)
}

/// `countries`: the subscription's target countries (lower case); empty: every country. They
/// are read from the rows by query and country when the site has some for the periods, and
/// the section then says which countries it covers.
pub async fn collect(conn: &mut DbConn<'_>, s: &Scope, countries: &[String]) -> AppResult<RankingsSection> {
    let mut covered = Vec::new();
    let (mut now, mut before) = (Positions::new(), Positions::new());
    if !countries.is_empty() {
        let by_country = Queries::Countries(countries);
        now = positions(conn, s, s.period, &by_country).await?;
        before = positions(conn, s, s.previous, &by_country).await?;
        if !now.is_empty() || !before.is_empty() {
            covered = covering(countries);
        }
    }
    if covered.is_empty() {
        now = positions(conn, s, s.period, &Queries::All).await?;
        before = positions(conn, s, s.previous, &Queries::All).await?;
    }
    for (p, positions) in [(s.period, &mut now), (s.previous, &mut before)] {
        if positions.is_empty() {
            let (ranged, by_country) = over_range(conn, s.site_id, p, countries).await?;
            *positions = ranged;
            if by_country && p == s.period {
                covered = covering(countries);
            }
        }
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
        countries: covered,
    })
}
