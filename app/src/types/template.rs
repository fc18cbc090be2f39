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
