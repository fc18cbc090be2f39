//! Section 2, Content Performance: articles published by type, words, images.
//! No data when the site has no published content up to the end of the period; otherwise a
//! quiet month is a real 0.

use app::types::report::{ArticleRow, Compare, ContentSection, Count, SectionStatus};
use chrono::NaiveDateTime;
use diesel::{ExpressionMethods, QueryDsl};
use diesel_async::RunQueryDsl;
use std::collections::BTreeMap;

use super::{Scope, round};
use crate::db::DbConn;
use crate::db::schema::igny8_content as t;
use crate::db_run;
use crate::error::AppResult;

pub async fn collect(conn: &mut DbConn<'_>, s: &Scope) -> AppResult<ContentSection> {
    let (from, _) = s.instants(&s.previous);
    let (_, until) = s.instants(&s.period);
    let rows: Vec<(String, String, i32, i32, Option<NaiveDateTime>)> = db_run!(conn, |c| t::table
        .filter(t::site_id.eq(s.site_id))
        .filter(t::status.eq("published"))
        .filter(t::published_at.ge(from))
        .filter(t::published_at.lt(until))
        .select((
            t::title,
            t::content_type,
            t::word_count,
            t::images_count,
            t::published_at
        ))
        .order((t::published_at.desc(), t::id.desc()))
        .load(c)
        .await)?;
    let ever: i64 = db_run!(conn, |c| t::table
        .filter(t::site_id.eq(s.site_id))
        .filter(t::status.eq("published"))
        .filter(t::published_at.lt(until))
        .count()
        .get_result(c)
        .await)?;

    let (mut n, mut words, mut images) = ([0i64; 2], [0i64; 2], [0i64; 2]);
    let mut by_type: BTreeMap<String, i64> = BTreeMap::new();
    let mut recent = Vec::new();
    for (title, kind, w, img, published) in rows {
        let Some(day) = published.map(|p| s.local_day(p)) else {
            continue;
        };
        let i = usize::from(!s.period.contains(day));
        n[i] += 1;
        words[i] += i64::from(w);
        images[i] += i64::from(img);
        if i == 0 {
            *by_type.entry(kind.clone()).or_default() += 1;
            if recent.len() < 10 {
                recent.push(ArticleRow {
                    title,
                    content_type: kind,
                    words: i64::from(w),
                    published_on: day.to_string(),
                });
            }
        }
    }
    let has_data = ever > 0;
    let figure = |x: i64| has_data.then_some(x as f64);
    Ok(ContentSection {
        status: if has_data {
            SectionStatus::Ok
        } else {
            SectionStatus::NoData
        },
        articles_published: Compare::new(figure(n[0]), figure(n[1])),
        by_type: by_type
            .into_iter()
            .map(|(label, value)| Count { label, value })
            .collect(),
        words: Compare::new(figure(words[0]), figure(words[1])),
        average_words: (n[0] > 0).then(|| round(words[0] as f64 / n[0] as f64, 0)),
        images_created: Compare::new(figure(images[0]), figure(images[1])),
        recent,
    })
}
