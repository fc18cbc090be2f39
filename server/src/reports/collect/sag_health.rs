//! Section 8, SAG Health: the site's active blueprint — completion (published ÷ target articles
//! over its clusters), clusters by status, the authority (health) score 0–100, top content gaps.
//! The platform keeps no history of a blueprint: the blueprint and clusters that existed by the
//! end of the period are read as they are now, and the report says so.

use std::collections::BTreeMap;

use app::types::report::{ContentGap, Count, SagSection, SectionStatus};
use diesel::{ExpressionMethods, OptionalExtension, QueryDsl};
use diesel_async::RunQueryDsl;

use super::{Scope, round};
use crate::db::DbConn;
use crate::db::schema::{igny8_sag_blueprints as bp, igny8_sag_clusters as cl};
use crate::db_run;
use crate::error::{AppError, AppResult};

const GAPS: usize = 5;
const CLUSTER_STATUSES: [&str; 3] = ["complete", "in-progress", "planned"];

pub async fn collect(conn: &mut DbConn<'_>, s: &Scope) -> AppResult<SagSection> {
    let (_, until) = s.instants(&s.period);
    let blueprint: Option<(i64, Option<f64>, String)> = db_run!(conn, |c| bp::table
        .filter(bp::site_id.eq(s.site_id))
        .filter(bp::status.eq("active"))
        .filter(bp::created_at.lt(until))
        .select((bp::id, bp::sag_health_score, bp::content_gaps))
        .order((bp::version.desc(), bp::id.desc()))
        .first(c)
        .await
        .optional())?;
    let Some((id, score, gaps)) = blueprint else {
        return Ok(SagSection {
            status: SectionStatus::NoData,
            completion_pct: None,
            clusters_by_status: Vec::new(),
            authority_score: None,
            content_gaps: Vec::new(),
        });
    };
    let clusters: Vec<(String, i32, i32)> = db_run!(conn, |c| cl::table
        .filter(cl::blueprint_id.eq(id))
        .filter(cl::site_id.eq(s.site_id))
        .filter(cl::created_at.lt(until))
        .select((cl::status, cl::target_articles, cl::published_articles))
        .load(c)
        .await)?;
    let mut by_status: BTreeMap<&str, i64> = BTreeMap::new();
    let (mut target, mut published) = (0i64, 0i64);
    for (status, t, p) in &clusters {
        if let Some(k) = CLUSTER_STATUSES.iter().find(|k| **k == status) {
            *by_status.entry(k).or_default() += 1;
        }
        target += i64::from(*t);
        published += i64::from((*p).min(*t));
    }
    let gaps: Vec<ContentGap> = serde_json::from_str::<Vec<serde_json::Value>>(&gaps)
        .map_err(|e| AppError::internal(format!("SAG blueprint {id}: content_gaps is not a JSON array ({e})")))?
        .iter()
        .filter_map(|g| {
            Some(ContentGap {
                topic: g.get("topic")?.as_str()?.to_owned(),
                cluster: g.get("cluster").and_then(|v| v.as_str()).unwrap_or_default().to_owned(),
                priority: g
                    .get("priority")
                    .and_then(|v| v.as_str())
                    .unwrap_or("medium")
                    .to_owned(),
            })
        })
        .take(GAPS)
        .collect();
    Ok(SagSection {
        status: SectionStatus::Ok,
        completion_pct: (target > 0).then(|| round(published as f64 * 100.0 / target as f64, 1)),
        clusters_by_status: CLUSTER_STATUSES
            .iter()
            .map(|k| Count {
                label: (*k).to_owned(),
                value: by_status.get(k).copied().unwrap_or(0),
            })
            .collect(),
        authority_score: score.map(|x| round(x, 1)),
        content_gaps: gaps,
    })
}
