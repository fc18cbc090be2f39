//! The Alorig services dashboard: clients and MRR (formulas in `subscriptions`).

use std::collections::{BTreeMap, BTreeSet};

use app::types::{Actor, BillingInterval, DashboardSummary, Tier, TierSummary, format_cents};

use crate::auth::{Action, Resource, authorize};
use crate::db::DbConn;
use crate::db::models::subscription::Subscription;
use crate::error::AppResult;
use crate::subscriptions::{CURRENCY, monthly_cents};

/// Active clients (accounts with an active subscription), active subscriptions and MRR by tier.
pub async fn summary(conn: &mut DbConn<'_>, actor: Option<&Actor>) -> AppResult<DashboardSummary> {
    authorize(actor, Action::ViewServicesDashboard, Resource::Platform)?;
    let rows = Subscription::active_prices(conn).await?;
    let mut clients = BTreeSet::new();
    let mut by_tier: BTreeMap<&'static str, (Tier, i64, i64)> = BTreeMap::new();
    let mut mrr = 0;
    for (account_id, tier, price, currency, interval) in &rows {
        clients.insert(*account_id);
        if currency != CURRENCY {
            tracing::warn!(account_id, currency, "subscription not in {CURRENCY}: left out of MRR");
            continue;
        }
        let tier = Tier::parse(tier).unwrap_or(Tier::Lite);
        let monthly = monthly_cents(
            *price,
            BillingInterval::parse(interval).unwrap_or(BillingInterval::Month),
        );
        mrr += monthly;
        let entry = by_tier.entry(tier.as_str()).or_insert((tier, 0, 0));
        entry.1 += 1;
        entry.2 += monthly;
    }
    Ok(DashboardSummary {
        active_clients: clients.len() as i64,
        active_subscriptions: rows.len() as i64,
        mrr_cents: mrr,
        currency: CURRENCY.into(),
        mrr_display: format_cents(mrr, CURRENCY),
        by_tier: by_tier
            .into_values()
            .map(|(tier, subscriptions, cents)| TierSummary {
                tier,
                subscriptions,
                mrr_cents: cents,
                mrr_display: format_cents(cents, CURRENCY),
            })
            .collect(),
    })
}
