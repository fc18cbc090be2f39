//! A headline figure with its change against the previous period: direction, and whether the
//! change is good or bad news (more revenue is good; more overdue work is not).

use leptos::prelude::*;

/// The change of a figure against what it was.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// `▲ 12.5%`, `▼ $40.00`, `no change`
    pub text: String,
    /// good, bad or flat (the CSS class)
    pub tone: &'static str,
    /// `vs $2,800.00 in November`
    pub was: String,
}

impl Change {
    /// The change from `before` to `now`; `up_is_good` says which way is good news.
    pub fn of(now: i64, before: i64, up_is_good: bool, was: String) -> Change {
        let diff = now - before;
        let tone = match diff.signum() {
            0 => "flat",
            1 if up_is_good => "good",
            -1 if !up_is_good => "good",
            _ => "bad",
        };
        let text = if diff == 0 {
            "no change".to_owned()
        } else if before == 0 {
            format!("{} new", if diff > 0 { "▲" } else { "▼" })
        } else {
            let pct = diff as f64 * 100.0 / before.abs() as f64;
            format!("{} {:.1}%", if diff > 0 { "▲" } else { "▼" }, pct.abs())
        };
        Change { text, tone, was }
    }
}

#[component]
pub fn Kpi(
    #[prop(into)] label: String,
    #[prop(into)] value: String,
    #[prop(optional)] change: Option<Change>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] test: Option<String>,
) -> impl IntoView {
    let value_test = test.as_ref().map(|t| format!("{t}-value"));
    view! {
        <div class="kpi" data-test=test.clone()>
            <span class="label">{label}</span>
            <span class="value" data-test=value_test>{value}</span>
            {change.map(|c| {
                let tone = format!("change {}", c.tone);
                view! {
                    <span class=tone>
                        {c.text}
                        " "
                        <span class="was">{c.was}</span>
                    </span>
                }
            })}
            {hint.map(|h| view! { <span class="label">{h}</span> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_say_direction_and_whether_it_is_good() {
        let c = Change::of(110, 100, true, String::new());
        assert_eq!((c.text.as_str(), c.tone), ("▲ 10.0%", "good"));
        let c = Change::of(90, 100, true, String::new());
        assert_eq!((c.text.as_str(), c.tone), ("▼ 10.0%", "bad"));
        let c = Change::of(3, 5, false, String::new());
        assert_eq!(c.tone, "good", "fewer overdue items is good news");
        assert_eq!(Change::of(5, 5, true, String::new()).tone, "flat");
        assert_eq!(Change::of(5, 0, true, String::new()).text, "▲ new");
    }
}
