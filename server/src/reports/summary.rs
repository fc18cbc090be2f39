//! Section 1, Executive Summary: written from the other included sections, deterministically.
//! Every sentence quotes a figure that is in `report_data` (tested), so a reader can check it.
//! The wording follows the subscription's `tone` (professional, friendly or technical): one fixed
//! phrasing per tone for each sentence, so the same data always reads the same.

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

/// How the summary is worded (a subscription's `config.tone`; professional when unset).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tone {
    #[default]
    Professional,
    Friendly,
    Technical,
}

impl Tone {
    pub const NAMES: [&'static str; 3] = ["professional", "friendly", "technical"];

    pub fn parse(name: &str) -> Option<Tone> {
        match name {
            "professional" => Some(Tone::Professional),
            "friendly" => Some(Tone::Friendly),
            "technical" => Some(Tone::Technical),
            _ => None,
        }
    }

    /// The tone a subscription's config asks for (a config that does not say, or does not
    /// parse, reads as professional: configs are checked when they are saved).
    pub fn of_config(config: &str) -> Tone {
        serde_json::from_str::<serde_json::Value>(config)
            .ok()
            .and_then(|v| v["tone"].as_str().and_then(Tone::parse))
            .unwrap_or_default()
    }

    /// This tone's phrasing of a sentence, `{0}`, `{1}`… filled with `args`.
    fn say(self, [professional, friendly, technical]: [&str; 3], args: &[&str]) -> String {
        let phrasing = match self {
            Tone::Professional => professional,
            Tone::Friendly => friendly,
            Tone::Technical => technical,
        };
        // one pass, so an argument's own text ("{1}" in a search query) is never filled
        let mut out = String::with_capacity(phrasing.len() + 32);
        let mut rest = phrasing;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after
                .split_once('}')
                .and_then(|(n, tail)| Some((args.get(n.parse::<usize>().ok()?)?, tail)))
            {
                Some((arg, tail)) => {
                    out.push_str(arg);
                    rest = tail;
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// Builds the summary from the sections present in `data`.
pub fn summarize(data: &ReportData, tone: Tone) -> SummarySection {
    let mut wins = Vec::new();
    let mut kpis = Vec::new();

    if let Some(t) = &data.traffic {
        if let Some(clicks) = t.clicks.current {
            kpis.push(kpi("Organic clicks", &t.clicks, thousands(clicks), true, false));
            match t.clicks.change_pct {
                Some(p) if p > 0.0 => wins.push(tone.say(
                    [
                        "Organic clicks grew {0} to {1}.",
                        "Great news: organic clicks grew {0} to {1}!",
                        "Organic clicks: {1} ({0} on the previous period).",
                    ],
                    &[&signed_pct(p), &thousands(clicks)],
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
            wins.push(tone.say(
                [
                    "Published {0} articles ({1} words).",
                    "We published {0} articles for you ({1} words).",
                    "Articles published: {0} ({1} words).",
                ],
                &[&thousands(n), &thousands(words)],
            ));
        }
    }
    if let Some(b) = &data.backlinks
        && let Some(n) = b.links_built.current
    {
        kpis.push(kpi("New backlinks", &b.links_built, thousands(n), true, false));
        if n > 0.0 {
            wins.push(match b.average_dr {
                Some(dr) => tone.say(
                    [
                        "Built {0} new backlinks with an average DR of {1}.",
                        "We built {0} new backlinks for you, with an average DR of {1}.",
                        "New backlinks: {0}, mean DR {1}.",
                    ],
                    &[&thousands(n), &format!("{dr:.1}")],
                ),
                None => tone.say(
                    [
                        "Built {0} new backlinks.",
                        "We built {0} new backlinks for you.",
                        "New backlinks: {0}.",
                    ],
                    &[&thousands(n)],
                ),
            });
        }
    }
    if let Some(r) = &data.rankings {
        if let Some(dr) = r.domain_rating.current {
            kpis.push(kpi("Domain Rating", &r.domain_rating, format!("{dr:.1}"), true, true));
            if let Some(prev) = r.domain_rating.previous.filter(|p| dr > *p) {
                wins.push(tone.say(
                    [
                        "Domain Rating rose from {0} to {1}.",
                        "Your Domain Rating climbed from {0} to {1}.",
                        "Domain Rating: {0} → {1}.",
                    ],
                    &[&format!("{prev:.1}"), &format!("{dr:.1}")],
                ));
            }
        }
        if let (Some(now), Some(d)) = (r.top10.current, r.top10.change)
            && d > 0.0
        {
            wins.push(tone.say(
                [
                    "{0} queries now rank in the top 10 ({1} more than before).",
                    "{0} of your search queries now rank in the top 10, {1} more than before!",
                    "Top-10 queries: {0} ({1} more than the previous period).",
                ],
                &[&thousands(now), &thousands(d)],
            ));
        }
    }
    if let Some(i) = &data.indexing
        && let Some(pct) = i.indexed_pct
        && pct >= 50.0
    {
        wins.push(tone.say(
            [
                "{0}% of inspected pages are indexed.",
                "{0}% of the pages we checked are in Google's index.",
                "Indexed: {0}% of inspected URLs.",
            ],
            &[&format!("{pct:.1}")],
        ));
    }
    if let Some(s) = &data.social
        && let (Some(e), Some(p)) = (s.engagements.current, s.posts.current)
        && e > 0.0
    {
        wins.push(tone.say(
            [
                "{0} social engagements across {1} posts.",
                "Your {1} social posts earned {0} engagements.",
                "Social: {0} engagements over {1} posts.",
            ],
            &[&thousands(e), &thousands(p)],
        ));
    }
    // further good news, for periods where the headline figures did not move
    if let Some(t) = &data.traffic {
        if let (Some(now), Some(p)) = (t.impressions.current, t.impressions.change_pct)
            && p > 0.0
        {
            wins.push(tone.say(
                [
                    "Impressions grew {0} to {1}.",
                    "More people saw you in search: impressions grew {0} to {1}.",
                    "Impressions: {1} ({0} on the previous period).",
                ],
                &[&signed_pct(p), &thousands(now)],
            ));
        }
        if let (Some(now), Some(before)) = (t.average_position.current, t.average_position.previous)
            && now < before - 0.05
        {
            wins.push(tone.say(
                [
                    "Average position improved from {0} to {1}.",
                    "You moved up in search: your average position improved from {0} to {1}.",
                    "Mean position: {0} → {1}.",
                ],
                &[&format!("{before:.1}"), &format!("{now:.1}")],
            ));
        }
    }
    if let Some(b) = &data.backlinks
        && let (Some(now), Some(before)) = (b.referring_domains.current, b.referring_domains.previous)
        && now > before
    {
        wins.push(tone.say(
            [
                "Referring domains grew from {0} to {1}.",
                "More sites link to you: referring domains grew from {0} to {1}.",
                "Referring domains: {0} → {1}.",
            ],
            &[&thousands(before), &thousands(now)],
        ));
    }
    if let Some(m) = data.rankings.as_ref().and_then(|r| r.movers_up.first()) {
        wins.push(tone.say(
            [
                "“{0}” climbed from position {1} to {2}.",
                "Searches for “{0}” now find you higher: from position {1} to {2}.",
                "“{0}”: position {1} → {2}.",
            ],
            &[
                &m.query,
                &format!("{:.1}", m.previous_position),
                &format!("{:.1}", m.position),
            ],
        ));
    }
    wins.truncate(5);

    let next_step = next_step(data, tone);
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
fn next_step(data: &ReportData, tone: Tone) -> String {
    if let Some(p) = &data.next_month
        && p.pending_approvals > 0
    {
        return match p.pending_approvals {
            1 => tone.say(
                [
                    "1 item is waiting for your approval.",
                    "1 item is waiting for your OK.",
                    "Pending approvals: 1.",
                ],
                &[],
            ),
            n => tone.say(
                [
                    "{0} items are waiting for your approval.",
                    "{0} items are waiting for your OK.",
                    "Pending approvals: {0}.",
                ],
                &[&n.to_string()],
            ),
        };
    }
    if let Some(i) = &data.indexing
        && let Some(errors) = i.error.current.filter(|e| *e > 0.0)
    {
        return tone.say(
            [
                "{0} pages have indexing errors to fix.",
                "{0} pages have indexing errors; they are on our list to fix.",
                "Indexing errors: {0} pages.",
            ],
            &[&thousands(errors)],
        );
    }
    if let Some(b) = &data.backlinks
        && let Some(budget) = b.budget_cents.filter(|budget| b.spend_cents > *budget)
    {
        return tone.say(
            [
                "Backlink spend ({0}) is over the period's budget ({1}).",
                "Backlink spend ({0}) went over this period's budget ({1}).",
                "Backlink spend {0} exceeds the period's budget of {1}.",
            ],
            &[
                &app::types::format_cents(b.spend_cents, &b.currency),
                &app::types::format_cents(budget, &b.currency),
            ],
        );
    }
    if let Some(t) = &data.traffic
        && let Some(p) = t.clicks.change_pct.filter(|p| *p < 0.0)
    {
        return tone.say(
            [
                "Organic clicks fell {0}; next month's plan focuses on recovering them.",
                "Organic clicks dipped {0}; next month we focus on winning them back.",
                "Organic clicks {0} on the previous period; next month's plan targets recovery.",
            ],
            &[&signed_pct(p)],
        );
    }
    if let Some(topic) = data.next_month.as_ref().and_then(|p| p.upcoming_topics.first()) {
        return tone.say(["Next up: {0}.", "Coming next: {0}.", "Next: {0}."], &[topic]);
    }
    tone.say(
        [
            "Keep the current plan: no risks stand out this period.",
            "All is on track: we keep the current plan going.",
            "No risks flagged this period; plan unchanged.",
        ],
        &[],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_tone_has_its_own_wording_and_fills_arguments_once() {
        let phrasings = ["{0} of {1}.", "{1}, {0}!", "{0}/{1} {2}"];
        assert_eq!(Tone::Professional.say(phrasings, &["3", "{1}"]), "3 of {1}.");
        assert_eq!(Tone::Friendly.say(phrasings, &["3", "4"]), "4, 3!");
        assert_eq!(
            Tone::Technical.say(phrasings, &["3", "4"]),
            "3/4 {2}",
            "a missing argument stays as written"
        );
        assert_eq!(Tone::of_config(r#"{"tone":"technical"}"#), Tone::Technical);
        assert_eq!(Tone::of_config(r#"{"report_day":1}"#), Tone::Professional);
        assert_eq!(Tone::of_config("not json"), Tone::Professional);
    }

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
