//! Managed service subscriptions and monthly recurring revenue (MRR).
//!
//! MRR = Σ over *active* subscriptions of price ÷ months in the billing interval (quarterly
//! ÷ 3, yearly ÷ 12), in cents, rounded half up per subscription. Figures are in USD, the
//! platform's billing currency; rows in another currency are left out of MRR and logged.

use app::types::{
    Actor, BillingInterval, Subscription as SubscriptionDto, SubscriptionList, SubscriptionStatus, Tier, format_cents,
};

use crate::auth::{Action, Resource, authorize};
use crate::db::DbConn;
use crate::db::models::subscription::{Subscription, SubscriptionScope};
use crate::error::{AppError, AppResult};

pub const CURRENCY: &str = "USD";

/// A price normalised to one month, in cents.
pub fn monthly_cents(price_cents: i64, interval: BillingInterval) -> i64 {
    let months = interval.months();
    (price_cents * 2 + months) / (2 * months)
}

/// The subscriptions the caller may see: every account for staff in the admin views, otherwise
/// the caller's account (and sites).
pub async fn list(conn: &mut DbConn<'_>, actor: Option<&Actor>) -> AppResult<SubscriptionList> {
    let a = actor.ok_or(AppError::Unauthenticated)?;
    let scope = if authorize(actor, Action::ViewServicesDashboard, Resource::Platform).is_ok() {
        SubscriptionScope::All
    } else {
        authorize(actor, Action::ViewSubscriptions, Resource::Account(a.account_id))?;
        SubscriptionScope::Account {
            account_id: a.account_id,
            sites: a.site_ids.as_deref(),
        }
    };
    let rows = Subscription::list_with_site(conn, scope).await?;
    let items: Vec<SubscriptionDto> = rows.into_iter().map(|(s, site)| to_dto(s, site)).collect();
    let mrr_cents = items
        .iter()
        .filter(|s| s.currency == CURRENCY)
        .map(|s| s.monthly_cents)
        .sum();
    Ok(SubscriptionList {
        total_count: items.len() as i64,
        items,
        mrr_cents,
        currency: CURRENCY.into(),
        mrr_display: format_cents(mrr_cents, CURRENCY),
    })
}

fn to_dto(s: Subscription, site_name: String) -> SubscriptionDto {
    let tier = Tier::parse(&s.tier).unwrap_or(Tier::Lite);
    let status = SubscriptionStatus::parse(&s.status).unwrap_or(SubscriptionStatus::Pending);
    let interval = BillingInterval::parse(&s.billing_interval).unwrap_or(BillingInterval::Month);
    let monthly = if status == SubscriptionStatus::Active {
        monthly_cents(s.price_cents, interval)
    } else {
        0
    };
    SubscriptionDto {
        id: s.id,
        account_id: s.account_id,
        site_id: s.site_id,
        site_name,
        tier,
        status,
        price_cents: s.price_cents,
        currency: s.currency,
        billing_interval: interval,
        monthly_cents: monthly,
        articles_per_month: s.articles_per_month,
        backlinks_per_month: s.backlinks_per_month,
        review_required: s.review_required,
        renewal_date: s.renewal_date.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monthly_normalisation_rounds_half_up() {
        assert_eq!(monthly_cents(39_900, BillingInterval::Month), 39_900);
        assert_eq!(monthly_cents(119_700, BillingInterval::Quarter), 39_900);
        assert_eq!(monthly_cents(100_000, BillingInterval::Year), 8_333);
        assert_eq!(monthly_cents(100, BillingInterval::Quarter), 33);
        assert_eq!(monthly_cents(5, BillingInterval::Quarter), 2);
    }
}
