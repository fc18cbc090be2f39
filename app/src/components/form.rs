//! A form field: its label, the control, a hint, and the error next to it (linked with
//! `aria-describedby`, the control marked `aria-invalid`).

use leptos::prelude::*;

#[component]
pub fn Field(
    /// The control's id (the label points at it).
    #[prop(into)]
    id: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional_no_strip)] error: Option<String>,
    children: Children,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    view! {
        <div class="field" data-field=id.clone()>
            <label for=id.clone()>{label}</label>
            {children()}
            {hint.map(|h| view! { <span class="hint" id=hint_id>{h}</span> })}
            {error.map(|e| view! { <span class="error" id=error_id role="alert" data-test="field-error">{e}</span> })}
        </div>
    }
}

/// A plain GET form choosing the days a tab shows (`from`, `to`; empty ends mean the default),
/// kept above the tab's content so that a refused range can be corrected where it was entered.
#[component]
pub fn RangeForm(
    /// The tab the form reloads (`tab=` in the query).
    #[prop(into)]
    tab: String,
    #[prop(into)] from: String,
    #[prop(into)] to: String,
) -> impl IntoView {
    let (from_id, to_id) = (format!("{tab}-from"), format!("{tab}-to"));
    view! {
        <form method="get" class="toolbar" aria-label="Range" data-test=format!("{tab}-range-form")>
            <input type="hidden" name="tab" value=tab.clone() />
            <div class="field"><label for=from_id.clone()>"From"</label><input type="date" id=from_id name="from" value=from /></div>
            <div class="field"><label for=to_id.clone()>"To"</label><input type="date" id=to_id name="to" value=to /></div>
            <button type="submit" class="secondary">"Show"</button>
        </form>
    }
}

/// A `<textarea>`'s text, escaped. Leptos writes a textarea's children as they are (to tachys it
/// is a raw-text element), so a value holding `</textarea>` would end the control and the rest
/// would be read as markup; every textarea's text goes through here.
pub fn textarea_text(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    #[test]
    fn textarea_text_cannot_end_its_control() {
        assert_eq!(
            super::textarea_text("a & b </textarea><b>x</b>"),
            "a &amp; b &lt;/textarea&gt;&lt;b&gt;x&lt;/b&gt;"
        );
    }
}
