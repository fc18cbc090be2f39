//! A client's website: the unit reports, subscriptions and metrics hang off.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct Site {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    pub domain: String,
    pub industry: Option<String>,
    pub is_active: bool,
}
