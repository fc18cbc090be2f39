//! Billing history of an account: invoices, payments and (staff only) the margin per order.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct Invoice {
    pub id: i64,
    pub invoice_number: String,
    /// subscription, credit_package, addon or custom
    pub invoice_type: String,
    /// draft, pending, paid, void or uncollectible
    pub status: String,
    pub subscription_id: Option<i64>,
    pub total_cents: i64,
    pub currency: String,
    pub issued_at: String,
    pub due_date: String,
    pub paid_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct Payment {
    pub id: i64,
    pub invoice_id: i64,
    pub amount_cents: i64,
    pub currency: String,
    /// pending_approval, succeeded, failed or refunded
    pub status: String,
    pub payment_method: String,
    pub processed_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct Billing {
    pub account_id: i64,
    pub invoices: Vec<Invoice>,
    pub payments: Vec<Payment>,
    /// Price − cost per backlink order: Alorig staff only (empty for clients).
    pub order_margins: Vec<super::dashboard::MarginLine>,
}
