//! Managed service subscriptions: listing them with monthly recurring revenue (MRR), their
//! settings, and starting, pausing, resuming and cancelling them.
//!
//! MRR = Σ over *active* subscriptions of price ÷ months in the billing interval (quarterly
//! ÷ 3, yearly ÷ 12), in cents, rounded half up per subscription. Figures are in USD, the
//! platform's billing currency; rows in another currency are left out of MRR and logged.

use app::types::subscription::{SubscriptionChange, SubscriptionFilter, SubscriptionInput};
use app::types::{
    Actor, BillingInterval, Subscription as SubscriptionDto, SubscriptionList, SubscriptionStatus, Tier, format_cents,
};
use serde_json::{Value, json};

use crate::auth::{Action, Resource, authorize, may};
use crate::db::DbConn;
use crate::db::models::subscription::{NewSubscription, Subscription, SubscriptionScope};
use crate::db::models::{audit::NewAuditEntry, site::Site};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

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
        let Some(list) = countries.as_array() else {
            return Err(bad(
                "target_countries",
                "must be a list of ISO 3166-1 alpha-2 codes like \"US\"",
            ));
        };
        if let Some(c) = list.iter().find(|c| !c.as_str().is_some_and(is_country)) {
            return Err(bad(
                "target_countries",
                &format!("{c} is not an ISO 3166-1 alpha-2 country code (upper case, like \"US\")"),
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

/// The ISO 3166-1 alpha-2 country codes (the officially assigned ones).
const ISO_COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR \
    BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI \
    FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS \
    IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO \
    MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA \
    RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT \
    TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// Is `code` one of `ISO_COUNTRIES`?
fn is_country(code: &str) -> bool {
    ISO_COUNTRIES.split(' ').any(|c| c == code)
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

/// Starts a managed subscription for a site (Alorig staff admins): the tier's terms unless the
/// input says otherwise, checked field by field; MRR shows it at once.
pub async fn start(state: &AppState, actor: Option<&Actor>, input: &SubscriptionInput) -> AppResult<SubscriptionDto> {
    may(actor, Action::ManageClients)?;
    let mut pooled = state.conn().await?;
    let conn = &mut pooled.conn();
    let site = crate::sites::manageable(conn, actor, input.site_id).await?;
    let a = actor.expect("authorized actors exist");
    if let Some(existing) = Subscription::for_site(conn, site.id).await? {
        let what = if existing.status == "cancelled" {
            "had a subscription that was cancelled: resume it"
        } else {
            "already has a managed subscription"
        };
        return Err(AppError::invalid(
            "site_id",
            format!("{} {what} (subscription {})", site.domain, existing.id),
        ));
    }
    let tier = input.tier;
    let interval = input.billing_interval.unwrap_or(BillingInterval::Month);
    let price = tier.price_cents(interval);
    if let Some(p) = input.price_cents
        && p != price
    {
        return Err(AppError::invalid(
            "price_cents",
            format!(
                "{} per {} is {} for {} (not {})",
                tier.as_str(),
                interval.as_str(),
                format_cents(price, CURRENCY),
                site.domain,
                format_cents(p, CURRENCY)
            ),
        ));
    }
    let (articles, links) = tier.targets();
    let target = |field: &str, value: Option<i32>, default: i32| match value {
        None => Ok(default),
        Some(n) if (0..=500).contains(&n) => Ok(n),
        Some(n) => Err(AppError::invalid(field, format!("{n} is not between 0 and 500"))),
    };
    let articles = target("articles_per_month", input.articles_per_month, articles)?;
    let links = target("backlinks_per_month", input.backlinks_per_month, links)?;
    let today = crate::db::now().date();
    let started_on = match input.started_on.as_deref().map(str::trim) {
        None | Some("") => today,
        Some(raw) => crate::dates::parse("started_on", raw)?,
    };
    if started_on < today - chrono::Months::new(12) || started_on > today + chrono::Months::new(12) {
        return Err(AppError::invalid("started_on", "must be within a year of today"));
    }
    let config = match input.config.as_deref().map(str::trim) {
        None | Some("") => "{}".to_owned(),
        Some(raw) => {
            let value: Value =
                serde_json::from_str(raw).map_err(|e| AppError::invalid("config", format!("is not JSON: {e}")))?;
            check_config(conn, site.account_id, &value).await?
        }
    };
    let now = crate::db::now();
    let new = NewSubscription {
        account_id: site.account_id,
        site_id: site.id,
        tier: tier.as_str().into(),
        status: "active".into(),
        price_cents: price,
        cost_cents: tier.cost_cents() * interval.months(),
        currency: CURRENCY.into(),
        billing_interval: interval.as_str().into(),
        articles_per_month: articles,
        backlinks_per_month: links,
        review_required: input.review_required.unwrap_or(tier == Tier::Pro),
        started_on,
        renewal_date: started_on + chrono::Months::new(interval.months() as u32),
        cancelled_at: None,
        report_recipients: "[]".into(),
        config,
        created_at: now,
        updated_at: now,
    };
    let id = crate::db_transaction!(conn, |tx| {
        let id = Subscription::insert(tx, &new).await?;
        let detail = json!({ "site": site.domain, "tier": new.tier, "billing_interval": new.billing_interval,
            "price_cents": new.price_cents, "started_on": new.started_on.to_string() });
        NewAuditEntry::by(
            a,
            site.account_id,
            "subscription.start",
            ("subscription", id),
            detail,
            now,
        )
        .insert(tx)
        .await?;
        Ok::<_, diesel::result::Error>(id)
    })?;
    state.dashboard.forget();
    Ok(to_dto(Subscription::find(conn, id).await?, site.name, true))
}

/// Pauses, resumes or cancels a subscription, or requires or waives the client's review of its
/// articles (Alorig staff admins); a change its state does not allow (resuming an active one,
/// requiring a review already required) is a conflict, and two at once change it once.
pub async fn change(
    state: &AppState,
    actor: Option<&Actor>,
    id: i64,
    change: SubscriptionChange,
) -> AppResult<SubscriptionDto> {
    may(actor, Action::ManageClients)?;
    let mut pooled = state.conn().await?;
    let conn = &mut pooled.conn();
    let sub = Subscription::find(conn, id).await?;
    authorize(
        actor,
        Action::ManageClients,
        Resource::Site {
            account_id: sub.account_id,
            site_id: sub.site_id,
        },
    )?;
    let a = actor.expect("authorized actors exist");
    if let Some(required) = change.review() {
        return set_review(conn, a, sub, required).await;
    }
    let (from, to): (&[&str], &str) = match change {
        SubscriptionChange::Pause => (&["active"], "paused"),
        SubscriptionChange::Resume => (&["paused", "cancelled"], "active"),
        _ => (&["pending", "active", "paused"], "cancelled"),
    };
    let now = crate::db::now();
    let changed = crate::db_transaction!(conn, |tx| {
        let n = Subscription::set_status(tx, id, from, to, now).await?;
        if n > 0 && change == SubscriptionChange::Resume && sub.renewal_date < now.date() {
            // a resumed subscription renews a billing interval from today, not in the past
            let months = BillingInterval::parse(&sub.billing_interval).map_or(1, BillingInterval::months);
            Subscription::set_renewal(tx, id, now.date() + chrono::Months::new(months as u32), now).await?;
        }
        if n > 0 {
            let detail = json!({ "from": sub.status, "to": to });
            NewAuditEntry::by(
                a,
                sub.account_id,
                &format!("subscription.{}", change.as_str()),
                ("subscription", id),
                detail,
                now,
            )
            .insert(tx)
            .await?;
        }
        Ok::<_, diesel::result::Error>(n)
    })?;
    if changed == 0 {
        let current = Subscription::find(conn, id).await?.status;
        return Err(AppError::Conflict(format!(
            "the subscription is {current}: it cannot be {}",
            change.done()
        )));
    }
    state.dashboard.forget();
    let site = Site::find(conn, sub.site_id).await?;
    Ok(to_dto(Subscription::find(conn, id).await?, site.name, true))
}

/// Requires or waives the client's review of the subscription's articles; waiving it releases
/// the articles waiting (`approvals::release`) in the same transaction.
async fn set_review(conn: &mut DbConn<'_>, a: &Actor, sub: Subscription, required: bool) -> AppResult<SubscriptionDto> {
    let now = crate::db::now();
    let changed = crate::db_transaction!(conn, |tx| {
        if Subscription::set_review(tx, sub.id, required, now).await? == 0 {
            return Ok(None);
        }
        let released = if required {
            0
        } else {
            crate::approvals::release(tx, Some(sub.site_id), now).await?
        };
        let detail = json!({ "review_required": required, "articles_released": released });
        NewAuditEntry::by(
            a,
            sub.account_id,
            "subscription.review",
            ("subscription", sub.id),
            detail,
            now,
        )
        .insert(tx)
        .await?;
        Ok::<_, diesel::result::Error>(Some(released))
    })?;
    if changed.is_none() {
        return Err(AppError::Conflict(format!(
            "the client's review is already {}",
            if required { "required" } else { "waived" }
        )));
    }
    let site = Site::find(conn, sub.site_id).await?;
    Ok(to_dto(Subscription::find(conn, sub.id).await?, site.name, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_codes_are_iso_3166_alpha_2() {
        let codes: Vec<&str> = ISO_COUNTRIES.split_whitespace().collect();
        assert_eq!(codes.len(), 249);
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "sorted, no duplicates");
        for c in ["US", "GB", "DE", "PK", "AE"] {
            assert!(codes.contains(&c), "{c}");
        }
        for c in codes {
            assert!(is_country(c), "{c}");
        }
        for c in ["XX", "UK", "EU", "D ", "S ", "us", "USA", ""] {
            assert!(!is_country(c), "{c}");
        }
    }

    #[test]
    fn monthly_normalisation_rounds_half_up() {
        assert_eq!(monthly_cents(39_900, BillingInterval::Month), 39_900);
        assert_eq!(monthly_cents(119_700, BillingInterval::Quarter), 39_900);
        assert_eq!(monthly_cents(100_000, BillingInterval::Year), 8_333);
        assert_eq!(monthly_cents(100, BillingInterval::Quarter), 33);
        assert_eq!(monthly_cents(5, BillingInterval::Quarter), 2);
    }
}
