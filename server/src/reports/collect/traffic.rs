//! Section 5, Organic Traffic: Search Console totals — clicks, impressions, CTR and the
//! impression-weighted average position — for the period and the previous one, plus daily clicks.
//! When the subscription targets countries and the data has countries (imported by country),
//! the figures are those countries' only, and the section says which. Whole months come from
//! their nightly aggregates when current (`months`).

use app::types::report::{Compare, Point, TrafficSection};
use chrono::NaiveDate;
use diesel::{ExpressionMethods, QueryDsl};
use diesel_async::RunQueryDsl;

use serde_json::{Value, json};

use super::months::{self, Monthly, bits, unbits};
use super::{Scope, covering, round};
use crate::db::DbConn;
use crate::db::schema::{igny8_gsc_metrics_cache as t, igny8_gsc_range_metrics as r};
use crate::db_run;
use crate::error::AppResult;
use crate::reports::period::Period;

/// Sums of one period's daily totals (or of its figures over exactly its days).
#[derive(Default)]
struct Totals {
    days: i64,
    /// Summed from figures over the period's days (imported without days).
    ranged: bool,
    clicks: i64,
    impressions: i64,
    weighted_position: f64,
    position_weight: i64,
}

impl Totals {
    /// Adds a day's figures.
    fn add(&mut self, clicks: i64, impressions: i64, position: Option<f64>) {
        self.days += 1;
        self.sum(clicks, impressions, position);
    }

    /// Adds figures (of a day, or of a country over the period).
    fn sum(&mut self, clicks: i64, impressions: i64, position: Option<f64>) {
        self.clicks += clicks;
        self.impressions += impressions;
        if let Some(p) = position.filter(|_| impressions > 0) {
            self.weighted_position += p * impressions as f64;
            self.position_weight += impressions;
        }
    }

    fn has(&self) -> bool {
        self.days > 0 || self.ranged
    }

    fn ctr_pct(&self) -> Option<f64> {
        (self.impressions > 0).then(|| round(self.clicks as f64 * 100.0 / self.impressions as f64, 2))
    }

    fn position(&self) -> Option<f64> {
        (self.position_weight > 0).then(|| round(self.weighted_position / self.position_weight as f64, 1))
    }
}

/// One day's figures: (day, clicks, impressions, average position).
type Day = (NaiveDate, i64, i64, Option<f64>);

/// The daily figures a period's traffic is added up from: the site's totals, or the target
/// countries' rows with each day's countries added up (the position weighted by impressions).
pub(crate) enum Daily<'a> {
    Total,
    Countries(&'a [String]),
}

impl Monthly for Daily<'_> {
    type Figures = Vec<Day>;

    fn key(&self) -> String {
        match self {
            Daily::Total => "total".into(),
            Daily::Countries(c) => format!("country:{}", c.join(",")),
        }
    }

    fn rows(&self) -> (&'static str, Option<&[String]>) {
        match self {
            Daily::Total => ("total", None),
            Daily::Countries(c) => ("country", Some(c)),
        }
    }

    async fn compute(&self, conn: &mut DbConn<'_>, site_id: i64, p: Period) -> AppResult<Vec<Day>> {
        let Daily::Countries(countries) = self else {
            return Ok(db_run!(conn, |c| t::table
                .filter(t::site_id.eq(site_id))
                .filter(t::dimension.eq("total"))
                .filter(t::metric_date.ge(p.start))
                .filter(t::metric_date.le(p.end))
                .select((t::metric_date, t::clicks, t::impressions, t::position))
                .order(t::metric_date)
                .load(c)
                .await)?);
        };
        let rows: Vec<Day> = db_run!(conn, |c| t::table
            .filter(t::site_id.eq(site_id))
            .filter(t::dimension.eq("country"))
            .filter(t::dimension_value.eq_any(*countries))
            .filter(t::metric_date.ge(p.start))
            .filter(t::metric_date.le(p.end))
            .select((t::metric_date, t::clicks, t::impressions, t::position))
            .order((t::metric_date, t::id))
            .load(c)
            .await)?;
        let mut days: Vec<Day> = Vec::new();
        let mut weights: Vec<(f64, i64)> = Vec::new();
        for (day, clicks, impressions, position) in rows {
            if days.last().is_none_or(|d| d.0 != day) {
                days.push((day, 0, 0, None));
                weights.push((0.0, 0));
            }
            let (d, w) = (days.last_mut().expect("pushed"), weights.last_mut().expect("pushed"));
            d.1 += clicks;
            d.2 += impressions;
            if let Some(p) = position.filter(|_| impressions > 0) {
                w.0 += p * impressions as f64;
                w.1 += impressions;
                d.3 = Some(w.0 / w.1 as f64);
            }
        }
        Ok(days)
    }

    fn encode(days: &Vec<Day>) -> Value {
        Value::Array(
            days.iter()
                .map(|(d, clicks, impressions, position)| json!([d.to_string(), clicks, impressions, bits(*position)]))
                .collect(),
        )
    }

    fn decode(stored: &Value) -> Option<Vec<Day>> {
        stored
            .as_array()?
            .iter()
            .map(|d| {
                Some((
                    d.get(0)?.as_str()?.parse().ok()?,
                    d.get(1)?.as_i64()?,
                    d.get(2)?.as_i64()?,
                    unbits(d.get(3)?)?,
                ))
            })
            .collect()
    }
}

/// The days of the previous period and the period, in order.
async fn days(conn: &mut DbConn<'_>, s: &Scope, daily: &Daily<'_>) -> AppResult<Vec<Day>> {
    let mut out = Vec::new();
    for p in [s.previous, s.period] {
        out.extend(months::read(conn, s.site_id, p, daily).await?.into_iter().flatten());
    }
    Ok(out)
}

/// A period's figures over exactly its days (imported without days): the given countries' rows
/// added up, or the site's total (`None`).
async fn over_range(
    conn: &mut DbConn<'_>,
    site_id: i64,
    p: Period,
    countries: Option<&[String]>,
) -> AppResult<Option<Totals>> {
    let dimension = if countries.is_some() { "country" } else { "total" };
    let rows: Vec<(String, i64, i64, Option<f64>)> = db_run!(conn, |c| r::table
        .filter(r::site_id.eq(site_id))
        .filter(r::start_date.eq(p.start))
        .filter(r::end_date.eq(p.end))
        .filter(r::dimension.eq(dimension))
        .select((r::dimension_value, r::clicks, r::impressions, r::position))
        .order(r::id)
        .load(c)
        .await)?;
    let mut t = Totals {
        ranged: true,
        ..Totals::default()
    };
    let mut any = false;
    for (value, clicks, impressions, position) in rows {
        if countries.is_none_or(|c| c.contains(&value)) {
            t.sum(clicks, impressions, position);
            any = true;
        }
    }
    Ok(any.then_some(t))
}

/// `countries`: the subscription's target countries (ISO 3166-1 alpha-2, lower case); empty:
/// every country. The section is those countries' when the data has them for the period (by
/// day, or over exactly its days), the site's total otherwise, for both periods alike. A period
/// without rows by day takes figures imported over exactly its days.
pub async fn collect(conn: &mut DbConn<'_>, s: &Scope, countries: &[String]) -> AppResult<TrafficSection> {
    let mut rows = Vec::new();
    let mut only = None;
    if !countries.is_empty() {
        rows = days(conn, s, &Daily::Countries(countries)).await?;
        if rows.iter().any(|d| s.period.contains(d.0))
            || over_range(conn, s.site_id, s.period, Some(countries)).await?.is_some()
        {
            only = Some(countries);
        }
    }
    if only.is_none() {
        rows = days(conn, s, &Daily::Total).await?;
    }
    let (mut now, mut before) = (Totals::default(), Totals::default());
    let mut daily = Vec::new();
    for (day, clicks, impressions, position) in rows {
        if s.period.contains(day) {
            now.add(clicks, impressions, position);
            daily.push(Point {
                date: day.to_string(),
                value: clicks as f64,
            });
        } else {
            before.add(clicks, impressions, position);
        }
    }
    for (p, totals) in [(s.period, &mut now), (s.previous, &mut before)] {
        if !totals.has()
            && let Some(ranged) = over_range(conn, s.site_id, p, only).await?
        {
            *totals = ranged;
        }
    }
    let count = |t: &Totals, x: i64| t.has().then_some(x as f64);
    Ok(TrafficSection {
        status: s.gsc_status(now.has()),
        clicks: Compare::new(count(&now, now.clicks), count(&before, before.clicks)),
        impressions: Compare::new(count(&now, now.impressions), count(&before, before.impressions)),
        ctr_pct: Compare::new(now.ctr_pct(), before.ctr_pct()),
        average_position: Compare::new(now.position(), before.position()),
        daily_clicks: daily,
        days_with_data: now.days,
        countries: only.map(covering).unwrap_or_default(),
    })
}
