//! Section 1, Executive Summary: written from the other included sections, deterministically.
//! Every sentence quotes a figure that is in `report_data` (tested), so a reader can check it.

use app::types::report::{Compare, Kpi, ReportData, SectionStatus, SummarySection};

/// `1234567` → `1,234,567`.
pub fn thousands(x: f64) -> String {
    let n = x.round() as i64;
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0 { format!("−{out}") } else { out }
}

/// `12.345` → `+12.3%`, `-4` → `−4.0%`.
pub fn signed_pct(x: f64) -> String {
    if x < 0.0 {
        format!("−{:.1}%", -x)
    } else {
        format!("+{x:.1}%")
    }
}

/// `3` → `+3`, `-0.46` → `−0.5`.
fn signed_number(d: f64) -> String {
    let body = if d.fract() == 0.0 {
        format!("{:.0}", d.abs())
    } else {
        format!("{:.1}", d.abs())
    };
    if d < 0.0 {
        format!("−{body}")
    } else {
        format!("+{body}")
    }
}

/// A KPI with its change against the previous period: in percent, or as a plain difference
/// when `absolute` (ratings, positions) or when the previous value was 0. `up` says whether the
/// change is good news (a falling average position is).
pub fn kpi(label: &str, c: &Compare, value: String, higher_is_better: bool, absolute: bool) -> Kpi {
    let (change, delta) = match (c.change, c.change_pct) {
        (Some(_), Some(p)) if !absolute => (signed_pct(p), p),
        (Some(d), _) => (signed_number(d), d),
        _ => {
            return Kpi {
                label: label.to_owned(),
                value,
                change: String::new(),
                up: None,
            };
        }
    };
    if delta.abs() < 0.05 {
        return Kpi {
            label: label.to_owned(),
            value,
            change: "±0".to_owned(),
            up: None,
        };
    }
    Kpi {
        label: label.to_owned(),
        value,
        change,
        up: Some((delta > 0.0) == higher_is_better),
    }
}

/// Builds the summary from the sections present in `data`.
pub fn summarize(data: &ReportData) -> SummarySection {
    let mut wins = Vec::new();
    let mut kpis = Vec::new();

    if let Some(t) = &data.traffic {
        if let Some(clicks) = t.clicks.current {
            kpis.push(kpi("Organic clicks", &t.clicks, thousands(clicks), true, false));
            match t.clicks.change_pct {
                Some(p) if p > 0.0 => wins.push(format!(
                    "Organic clicks grew {} to {}.",
                    signed_pct(p),
                    thousands(clicks)
                )),
                _ => {}
            }
        }
        if let Some(impr) = t.impressions.current {
            kpis.push(kpi("Impressions", &t.impressions, thousands(impr), true, false));
        }
    }
    if let Some(c) = &data.content
        && let (Some(n), Some(words)) = (c.articles_published.current, c.words.current)
    {
        kpis.push(kpi(
            "Articles published",
            &c.articles_published,
            thousands(n),
            true,
            false,
        ));
        if n > 0.0 {
            wins.push(format!(
                "Published {} articles ({} words).",
                thousands(n),
                thousands(words)
            ));
        }
    }
    if let Some(b) = &data.backlinks
        && let Some(n) = b.links_built.current
    {
        kpis.push(kpi("New backlinks", &b.links_built, thousands(n), true, false));
        if n > 0.0 {
            match b.average_dr {
                Some(dr) => wins.push(format!(
                    "Built {} new backlinks with an average DR of {dr:.1}.",
                    thousands(n)
                )),
                None => wins.push(format!("Built {} new backlinks.", thousands(n))),
            }
        }
    }
    if let Some(r) = &data.rankings {
        if let Some(dr) = r.domain_rating.current {
            kpis.push(kpi("Domain Rating", &r.domain_rating, format!("{dr:.1}"), true, true));
            if let Some(prev) = r.domain_rating.previous.filter(|p| dr > *p) {
                wins.push(format!("Domain Rating rose from {prev:.1} to {dr:.1}."));
            }
        }
        if let (Some(now), Some(d)) = (r.top10.current, r.top10.change)
            && d > 0.0
        {
            wins.push(format!(
                "{} queries now rank in the top 10 ({} more than before).",
                thousands(now),
                thousands(d)
            ));
        }
    }
    if let Some(i) = &data.indexing
        && let Some(pct) = i.indexed_pct
        && pct >= 50.0
    {
        wins.push(format!("{pct:.1}% of inspected pages are indexed."));
    }
    if let Some(s) = &data.social
        && let (Some(e), Some(p)) = (s.engagements.current, s.posts.current)
        && e > 0.0
    {
        wins.push(format!(
            "{} social engagements across {} posts.",
            thousands(e),
            thousands(p)
        ));
    }
    // further good news, for periods where the headline figures did not move
    if let Some(t) = &data.traffic {
        if let (Some(now), Some(p)) = (t.impressions.current, t.impressions.change_pct)
            && p > 0.0
        {
            wins.push(format!("Impressions grew {} to {}.", signed_pct(p), thousands(now)));
        }
        if let (Some(now), Some(before)) = (t.average_position.current, t.average_position.previous)
            && now < before - 0.05
        {
            wins.push(format!("Average position improved from {before:.1} to {now:.1}."));
        }
    }
    if let Some(b) = &data.backlinks
        && let (Some(now), Some(before)) = (b.referring_domains.current, b.referring_domains.previous)
        && now > before
    {
        wins.push(format!(
            "Referring domains grew from {} to {}.",
            thousands(before),
            thousands(now)
        ));
    }
    if let Some(m) = data.rankings.as_ref().and_then(|r| r.movers_up.first()) {
        wins.push(format!(
            "“{}” climbed from position {:.1} to {:.1}.",
            m.query, m.previous_position, m.position
        ));
    }
    wins.truncate(5);

    let next_step = next_step(data);
    let status = if kpis.is_empty() && wins.is_empty() {
        SectionStatus::NoData
    } else if [
        data.traffic.as_ref().map(|t| t.status),
        data.rankings.as_ref().map(|r| r.status),
        data.indexing.as_ref().map(|i| i.status),
    ]
    .contains(&Some(SectionStatus::Provisional))
    {
        SectionStatus::Provisional
    } else {
        SectionStatus::Ok
    };
    SummarySection {
        status,
        wins,
        kpis,
        next_step,
    }
}

/// The one risk or next step worth a reader's attention, most urgent first.
fn next_step(data: &ReportData) -> String {
    if let Some(p) = &data.next_month
        && p.pending_approvals > 0
    {
        return match p.pending_approvals {
            1 => "1 item is waiting for your approval.".to_owned(),
            n => format!("{n} items are waiting for your approval."),
        };
    }
    if let Some(i) = &data.indexing
        && let Some(errors) = i.error.current.filter(|e| *e > 0.0)
    {
        return format!("{} pages have indexing errors to fix.", thousands(errors));
    }
    if let Some(b) = &data.backlinks
        && let Some(budget) = b.budget_cents.filter(|budget| b.spend_cents > *budget)
    {
        return format!(
            "Backlink spend ({}) is over the period's budget ({}).",
            app::types::format_cents(b.spend_cents, &b.currency),
            app::types::format_cents(budget, &b.currency)
        );
    }
    if let Some(t) = &data.traffic
        && let Some(p) = t.clicks.change_pct.filter(|p| *p < 0.0)
    {
        return format!(
            "Organic clicks fell {}; next month's plan focuses on recovering them.",
            signed_pct(p)
        );
    }
    if let Some(topic) = data.next_month.as_ref().and_then(|p| p.upcoming_topics.first()) {
        return format!("Next up: {topic}.");
    }
    "Keep the current plan: no risks stand out this period.".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(thousands(1_234_567.4), "1,234,567");
        assert_eq!(thousands(-1500.0), "−1,500");
        assert_eq!(signed_pct(12.345), "+12.3%");
        assert_eq!(signed_pct(-4.0), "−4.0%");
    }

    #[test]
    fn kpi_changes() {
        let k = |c: Option<f64>, p: Option<f64>, higher: bool, abs: bool| {
            let k = kpi("x", &Compare::new(c, p), String::new(), higher, abs);
            (k.change, k.up)
        };
        assert_eq!(
            k(Some(3.0), Some(0.0), true, false),
            ("+3".into(), Some(true)),
            "from zero: the difference"
        );
        assert_eq!(k(Some(12.0), Some(10.0), true, false), ("+20.0%".into(), Some(true)));
        assert_eq!(
            k(Some(8.0), Some(10.0), false, false),
            ("−20.0%".into(), Some(true)),
            "fewer errors is good"
        );
        assert_eq!(k(Some(32.7), Some(32.2), true, true), ("+0.5".into(), Some(true)));
        assert_eq!(k(Some(5.0), Some(5.0), true, false), ("±0".into(), None));
        assert_eq!(k(Some(5.0), None, true, false), (String::new(), None));
    }
}
