//! Managed service subscriptions and monthly recurring revenue (MRR).
//!
//! MRR = Σ over *active* subscriptions of price ÷ months in the billing interval (quarterly
//! ÷ 3, yearly ÷ 12), in cents, rounded half up per subscription. Figures are in USD, the
//! platform's billing currency; rows in another currency are left out of MRR and logged.

use app::types::subscription::SubscriptionFilter;
use app::types::{
    Actor, BillingInterval, Subscription as SubscriptionDto, SubscriptionList, SubscriptionStatus, Tier, format_cents,
};
use serde_json::Value;

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
pub async fn list(
    conn: &mut DbConn<'_>,
    actor: Option<&Actor>,
    filter: &SubscriptionFilter,
) -> AppResult<SubscriptionList> {
    actor.ok_or(AppError::Unauthenticated)?;
    let staff = authorize(actor, Action::ViewServicesDashboard, Resource::Platform).is_ok();
    let all = if staff {
        Subscription::list_with_site(conn, SubscriptionScope::All)
            .await?
            .into_iter()
            .map(|(s, site)| to_dto(s, site, true))
            .collect()
    } else {
        own_account(conn, actor).await?
    };
    let items: Vec<SubscriptionDto> = all
        .into_iter()
        .filter(|s| filter.tier.is_none_or(|t| t == s.tier) && filter.status.is_none_or(|st| st == s.status))
        .collect();
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

/// The subscriptions of the caller's own account, of the sites they may see (staff too: their
/// own account's, for the client portal), by site name.
pub async fn own_account(conn: &mut DbConn<'_>, actor: Option<&Actor>) -> AppResult<Vec<SubscriptionDto>> {
    let a = actor.ok_or(AppError::Unauthenticated)?;
    authorize(actor, Action::ViewSubscriptions, Resource::Account(a.account_id))?;
    let scope = SubscriptionScope::Account {
        account_id: a.account_id,
        sites: a.site_ids.as_deref(),
    };
    Ok(Subscription::list_with_site(conn, scope)
        .await?
        .into_iter()
        .map(|(s, site)| to_dto(s, site, false))
        .collect())
}

pub fn to_dto(s: Subscription, site_name: String, staff: bool) -> SubscriptionDto {
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
        report_recipients: serde_json::from_str(&s.report_recipients).unwrap_or_default(),
        config: staff.then_some(s.config),
    }
}

/// The keys a subscription's config may hold (its report settings are `reports::settings`).
pub use app::types::client::CONFIG_KEYS;
pub const TONES: [&str; 3] = crate::reports::summary::Tone::NAMES;

/// Checks a config against the documented schema (and that its branding and template belong to
/// the subscription's account).
async fn check_config(conn: &mut DbConn<'_>, account_id: i64, config: &Value) -> AppResult<String> {
    let bad = |key: &str, why: &str| AppError::invalid(format!("config.{key}"), why.to_owned());
    let Value::Object(map) = config else {
        return Err(AppError::invalid("config", "must be a JSON object"));
    };
    if let Some(key) = map.keys().find(|k| !CONFIG_KEYS.contains(&k.as_str())) {
        return Err(bad(key, &format!("unknown key (known: {})", CONFIG_KEYS.join(", "))));
    }
    let text = config.to_string();
    let settings = crate::reports::settings::parse(&text)?;
    if let Some(id) = settings.branding_id {
        match crate::db::models::branding::Branding::find(conn, id).await {
            Ok(b) if b.account_id == account_id => {}
            _ => return Err(bad("branding_id", "is not a branding of this account")),
        }
    }
    if let Some(id) = settings.template_id {
        match crate::db::models::template::ReportTemplate::find(conn, id).await {
            Ok(t) if t.account_id == account_id => {}
            _ => return Err(bad("template_id", "is not a report template of this account")),
        }
    }
    if let Some(countries) = map.get("target_countries") {
        let ok = countries.as_array().is_some_and(|list| {
            list.iter().all(|c| {
                c.as_str()
                    .is_some_and(|s| s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase()))
            })
        });
        if !ok {
            return Err(bad(
                "target_countries",
                "must be a list of ISO 3166 country codes like \"US\"",
            ));
        }
    }
    if let Some(tone) = map.get("tone")
        && !tone.as_str().is_some_and(|t| TONES.contains(&t))
    {
        return Err(bad("tone", &format!("must be one of {}", TONES.join(", "))));
    }
    Ok(text)
}

/// Replaces a subscription's config (staff only; report recipients are `recipients::set`).
pub async fn update_config(
    conn: &mut DbConn<'_>,
    actor: Option<&Actor>,
    id: i64,
    config: &Value,
) -> AppResult<SubscriptionDto> {
    actor.ok_or(AppError::Unauthenticated)?;
    let sub = Subscription::find(conn, id).await?;
    authorize(
        actor,
        Action::ManageSubscription,
        Resource::Site {
            account_id: sub.account_id,
            site_id: sub.site_id,
        },
    )?;
    let config = check_config(conn, sub.account_id, config).await?;
    let changed: &[&str] = if config == sub.config { &[] } else { &["settings"] };
    let now = crate::db::now();
    crate::db_transaction!(conn, |tx| {
        Subscription::update_config(tx, id, &config, now).await?;
        crate::db::models::audit::NewAuditEntry {
            account_id: Some(sub.account_id),
            user_id: actor.map(|a| a.user_id),
            action: "subscription.config".into(),
            object_type: Some("subscription".into()),
            object_id: Some(id),
            detail: serde_json::json!({ "changed": changed, "config": serde_json::from_str::<Value>(&config).unwrap_or(Value::Null) })
                .to_string(),
            ip: None,
            created_at: now,
        }
        .insert(tx)
        .await?;
        Ok::<_, diesel::result::Error>(())
    })?;
    let site = crate::db::models::site::Site::find(conn, sub.site_id).await?;
    Ok(to_dto(Subscription::find(conn, id).await?, site.name, true))
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
