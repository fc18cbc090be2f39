//! An account (tenant) as the staff's account list shows it.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct Account {
    pub id: i64,
    pub name: String,
    pub slug: String,
    /// active, suspended, trial or cancelled
    pub status: String,
    /// IANA timezone of its schedules and reports.
    pub timezone: String,
    pub is_agency: bool,
    /// The plan's feature gates (`reports`, `white_label`).
    pub feature_gates: Vec<String>,
}
