//! Report templates (04B `ReportTemplate`): an account's handlebars HTML and CSS for reports.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct ReportTemplate {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    pub template_html: String,
    pub template_css: String,
    /// light or dark
    pub theme: String,
    pub is_default: bool,
    pub branding_id: Option<i64>,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub updated_at: String,
}

/// A template as created or replaced.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::InputObject, utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TemplateInput {
    pub name: String,
    /// Handlebars (strict: a missing variable is an error; everything is escaped).
    pub template_html: String,
    #[serde(default)]
    #[cfg_attr(feature = "ssr", graphql(default))]
    pub template_css: String,
    /// light (the default) or dark
    #[serde(default)]
    pub theme: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "ssr", graphql(default))]
    pub is_default: bool,
    #[serde(default)]
    pub branding_id: Option<i64>,
}

/// A template as the templates page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemplateRow {
    pub id: i64,
    pub name: String,
    pub theme: String,
    pub is_default: bool,
    pub branding_name: Option<String>,
    /// Lines of its HTML.
    pub lines: usize,
    /// Subscriptions whose report settings name it (it cannot be deleted while any do).
    pub used_by: usize,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

/// The templates page: the caller's account's templates, by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemplatesPanel {
    pub rows: Vec<TemplateRow>,
}

/// The template editor: the values shown (the saved template, a draft, or the built-in
/// template for a new one), what is wrong with them, and what a template can use.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditorPanel {
    /// None: a new template.
    pub id: Option<i64>,
    pub values: TemplateInput,
    /// The account's brandings a template may belong to (id, name).
    pub brandings: Vec<(i64, String)>,
    /// The draft shown (its token), when the values are one.
    pub draft: Option<String>,
    /// A draft was asked for but is no longer held: the saved values are shown.
    pub draft_lost: bool,
    /// Why the values cannot be saved as they are: (field, message).
    pub error: Option<(String, String)>,
    /// The report data's paths a template can print.
    pub variables: Vec<String>,
}

/// The line a template error points at ("line 12, column 5: …" → 12).
pub fn error_line(message: &str) -> Option<usize> {
    let rest = message.strip_prefix("line ")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|n| *n > 0)
}

#[cfg(test)]
mod tests {
    use super::error_line;

    #[test]
    fn error_line_reads_the_leading_line_number() {
        assert_eq!(error_line("line 12, column 5: cannot render"), Some(12));
        assert_eq!(error_line("line 3: partials are not allowed"), Some(3));
        assert_eq!(error_line("line 0: nothing"), None);
        assert_eq!(error_line("is larger than 256 KB"), None);
        assert_eq!(error_line("the line 4 is bad"), None);
    }
}
