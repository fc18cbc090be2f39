//! A managed SEO service subscription (04A): one per site, Lite or Pro.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::Enum, utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Lite,
    Pro,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::Enum, utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionStatus {
    Pending,
    Active,
    Paused,
    Cancelled,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::Enum, utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BillingInterval {
    Month,
    Quarter,
    Year,
}

macro_rules! text_enum {
    ($ty:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<$ty> {
                match s { $($text => Some($ty::$variant),)+ _ => None }
            }
        }
    };
}

text_enum!(Tier { Lite => "lite", Pro => "pro" });
text_enum!(SubscriptionStatus { Pending => "pending", Active => "active", Paused => "paused", Cancelled => "cancelled" });
text_enum!(BillingInterval { Month => "month", Quarter => "quarter", Year => "year" });

impl Tier {
    /// The list price per site and month (MANAGED-ADDON-PLAN): Lite $100, Pro $399.
    pub fn list_price_cents(self) -> i64 {
        match self {
            Tier::Lite => 10_000,
            Tier::Pro => 39_900,
        }
    }
}

impl Tier {
    /// Alorig's delivery cost per site and month, for margins.
    pub fn cost_cents(self) -> i64 {
        match self {
            Tier::Lite => 5_200,
            Tier::Pro => 21_500,
        }
    }

    /// The price of one billing interval: the monthly list price times its months, a year paid
    /// up front 10 % off.
    pub fn price_cents(self, interval: BillingInterval) -> i64 {
        let months = self.list_price_cents() * interval.months();
        match interval {
            BillingInterval::Year => months * 9 / 10,
            _ => months,
        }
    }

    /// The monthly targets the tier includes: (articles, backlinks).
    pub fn targets(self) -> (i32, i32) {
        match self {
            Tier::Lite => (6, 3),
            Tier::Pro => (12, 8),
        }
    }
}

impl BillingInterval {
    /// Months covered by one billing interval, to normalise prices to a month.
    pub fn months(self) -> i64 {
        match self {
            BillingInterval::Month => 1,
            BillingInterval::Quarter => 3,
            BillingInterval::Year => 12,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct Subscription {
    pub id: i64,
    pub account_id: i64,
    pub site_id: i64,
    pub site_name: String,
    pub tier: Tier,
    pub status: SubscriptionStatus,
    pub price_cents: i64,
    pub currency: String,
    pub billing_interval: BillingInterval,
    /// The price normalised to one month, in cents (0 unless active).
    pub monthly_cents: i64,
    pub articles_per_month: i32,
    pub backlinks_per_month: i32,
    pub review_required: bool,
    pub renewal_date: String,
    pub report_recipients: Vec<String>,
    /// The service settings (JSON object; documented in the README): staff only.
    pub config: Option<String>,
}

/// Which subscriptions a list shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::InputObject, utoipa::ToSchema))]
pub struct SubscriptionFilter {
    pub tier: Option<Tier>,
    pub status: Option<SubscriptionStatus>,
}

/// Subscriptions the caller may see, with their monthly recurring revenue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct SubscriptionList {
    pub items: Vec<Subscription>,
    pub total_count: i64,
    /// Sum of `monthly_cents` over active subscriptions.
    pub mrr_cents: i64,
    pub currency: String,
    pub mrr_display: String,
}

/// Who a subscription's reports are emailed to: the confirmed addresses, and those an account's
/// owner or admin added that have not yet confirmed through the link emailed to them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct ReportRecipients {
    pub subscription_id: i64,
    /// Reports are emailed to these.
    pub confirmed: Vec<String>,
    /// Waiting for the address to confirm; reports are not emailed to them.
    pub pending: Vec<PendingRecipient>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct PendingRecipient {
    pub email: String,
    /// Who added it (their email), if they still exist.
    pub requested_by: Option<String>,
    /// RFC 3339, UTC.
    pub requested_at: String,
    pub expires_at: String,
    /// The link lapsed unconfirmed; adding the address again sends a new one.
    pub expired: bool,
}

/// What a recipient confirmation link shows: who asked for which site's reports to go where,
/// under whose brand, and whether the address has confirmed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecipientRequest {
    pub email: String,
    pub site_name: String,
    /// The client account that asked.
    pub account_name: String,
    /// The agency's brand name for a white-label client, else IGNY8.
    pub brand_name: String,
    /// RFC 3339, UTC.
    pub expires_at: String,
    pub confirmed_at: Option<String>,
}

/// A managed subscription started for a site (GraphQL `startSubscription`, REST
/// `POST /api/v1/services/subscriptions/`, the client account page). What is left out takes the
/// tier's terms: its list price for the interval, its targets, review for Pro.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::InputObject, utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SubscriptionInput {
    pub site_id: i64,
    pub tier: Tier,
    /// `month` when left out.
    pub billing_interval: Option<BillingInterval>,
    /// Per billing interval; must be the tier's price for it (`Tier::price_cents`).
    pub price_cents: Option<i64>,
    pub articles_per_month: Option<i32>,
    pub backlinks_per_month: Option<i32>,
    pub review_required: Option<bool>,
    /// YYYY-MM-DD; today when left out.
    pub started_on: Option<String>,
    /// The report settings (the JSON object of `updateSubscriptionConfig`); the defaults when
    /// left out.
    pub config: Option<String>,
}

/// What staff do to a subscription's state, or to whether the client reviews its articles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::Enum, utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionChange {
    /// active → paused: no reports, no work, no revenue until resumed.
    Pause,
    /// paused or cancelled → active.
    Resume,
    /// pending, active or paused → cancelled.
    Cancel,
    /// The client reviews each article before it goes ahead.
    RequireReview,
    /// Articles go ahead without the client's review; those waiting are released at once.
    WaiveReview,
}

text_enum!(SubscriptionChange {
    Pause => "pause",
    Resume => "resume",
    Cancel => "cancel",
    RequireReview => "require_review",
    WaiveReview => "waive_review"
});

impl SubscriptionChange {
    /// `paused`, `resumed`, `cancelled`, `review-required`, `review-waived`
    pub fn done(self) -> &'static str {
        match self {
            SubscriptionChange::Pause => "paused",
            SubscriptionChange::Resume => "resumed",
            SubscriptionChange::Cancel => "cancelled",
            SubscriptionChange::RequireReview => "review-required",
            SubscriptionChange::WaiveReview => "review-waived",
        }
    }

    /// Whether the client reviews articles after this change, when it is about that.
    pub fn review(self) -> Option<bool> {
        match self {
            SubscriptionChange::RequireReview => Some(true),
            SubscriptionChange::WaiveReview => Some(false),
            _ => None,
        }
    }

    /// The changes, as a field's error lists them.
    pub fn listed() -> String {
        let names: Vec<&str> = SubscriptionChange::ALL.iter().map(|c| c.as_str()).collect();
        names.join(", ")
    }
}
