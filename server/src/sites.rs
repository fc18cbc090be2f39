//! Sites the caller may see (their own account's, narrowed by a site restriction), and sites
//! staff add to a client account.

use app::types::site::SiteInput;
use app::types::{Actor, Site as SiteDto};
use serde_json::json;

use crate::auth::{Action, Resource, authorize, may};
use crate::db::DbConn;
use crate::db::models::site::{NewSite, Site};
use crate::db::models::{account::Account, audit::NewAuditEntry};
use crate::error::{AppError, AppResult, one_line};

pub async fn list(conn: &mut DbConn<'_>, actor: Option<&Actor>) -> AppResult<Vec<SiteDto>> {
    let actor = actor.ok_or(AppError::Unauthenticated)?;
    authorize(Some(actor), Action::ViewSite, Resource::Account(actor.account_id))?;
    let sites = Site::list_for_account(conn, actor.account_id, actor.site_ids.as_deref()).await?;
    Ok(sites.iter().map(Site::to_dto).collect())
}

/// One site by id; another account's site, or one outside a restriction, is "not found".
pub async fn get(conn: &mut DbConn<'_>, actor: Option<&Actor>, id: i64) -> AppResult<SiteDto> {
    if actor.is_none() {
        return Err(AppError::Unauthenticated);
    }
    let site = Site::find(conn, id).await?;
    authorize(
        actor,
        Action::ViewSite,
        Resource::Site {
            account_id: site.account_id,
            site_id: site.id,
        },
    )?;
    Ok(site.to_dto())
}

/// Adds a site to a client account (Alorig staff admins). The domain is a bare host name,
/// lower-cased, unique in the account.
pub async fn add(
    conn: &mut DbConn<'_>,
    actor: Option<&Actor>,
    account_id: i64,
    input: &SiteInput,
) -> AppResult<SiteDto> {
    may(actor, Action::ManageClients)?;
    let account = Account::find(conn, account_id).await?;
    authorize(actor, Action::ManageClients, Resource::Account(account.id))?;
    let a = actor.expect("authorized actors exist");
    let domain = bare_domain(&input.domain)?;
    let name = match input.name.as_deref().map(str::trim) {
        None | Some("") => domain.clone(),
        Some(n) => n.to_owned(),
    };
    one_line("name", &name, 100)?;
    let industry = input.industry.as_deref().map(str::trim).filter(|i| !i.is_empty());
    if let Some(i) = industry {
        one_line("industry", i, 100)?;
    }
    let industry = industry.map(str::to_owned);
    if let Some(s) = Site::of_domain(conn, account.id, &domain).await? {
        return Err(AppError::invalid(
            "domain",
            format!("{domain} is already a site of {} (site {})", account.name, s.id),
        ));
    }
    let now = crate::db::now();
    let id = crate::db_transaction!(conn, |tx| {
        let id = Site::insert(
            tx,
            &NewSite {
                account_id: account.id,
                name: name.clone(),
                domain: domain.clone(),
                industry: industry.clone(),
                is_active: true,
                created_at: now,
                updated_at: now,
            },
        )
        .await?;
        NewAuditEntry::by(
            a,
            account.id,
            "site.create",
            ("site", id),
            json!({ "domain": domain, "name": name }),
            now,
        )
        .insert(tx)
        .await?;
        Ok::<_, diesel::result::Error>(id)
    })?;
    Ok(Site::find(conn, id).await?.to_dto())
}

/// A site staff may manage (orders, subscriptions); one that does not exist or that the caller
/// may not see is named as the input it came from.
pub async fn manageable(conn: &mut DbConn<'_>, actor: Option<&Actor>, site_id: i64) -> AppResult<Site> {
    let not_a_site = || AppError::invalid("site_id", format!("{site_id} is not a site"));
    let site = Site::find(conn, site_id).await.map_err(|_| not_a_site())?;
    let resource = Resource::Site {
        account_id: site.account_id,
        site_id: site.id,
    };
    authorize(actor, Action::ManageClients, resource).map_err(|e| match e {
        AppError::NotFound => not_a_site(),
        e => e,
    })?;
    Ok(site)
}

/// `Example.com` → `example.com`; a scheme, port, path, IP address or a name without a dot is
/// refused with the reason.
pub fn bare_domain(raw: &str) -> AppResult<String> {
    let bad = |why: &str| Err(AppError::invalid("domain", format!("`{}` {why}", raw.trim())));
    let d = raw.trim().trim_end_matches('.').to_ascii_lowercase();
    if d.is_empty() {
        return Err(AppError::invalid("domain", "is required"));
    }
    if d.contains("://") {
        return bad("has a scheme: give the bare domain, e.g. example.com");
    }
    if d.contains(['/', '?', '#']) {
        return bad("has a path: give the bare domain, e.g. example.com");
    }
    if d.contains(':') || d.parse::<std::net::IpAddr>().is_ok() {
        return bad("is not a domain name (no port or IP address)");
    }
    let labels_ok = d.len() <= 253
        && d.split('.').all(|l| {
            (1..=63).contains(&l.len())
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        });
    if !labels_ok
        || !d.contains('.')
        || d.rsplit('.')
            .next()
            .is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_digit()))
    {
        return bad("is not a domain name (letters, digits and hyphens, with a dot, e.g. example.com)");
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::bare_domain;

    #[test]
    fn a_domain_is_bare_lower_case_and_has_a_dot() {
        assert_eq!(bare_domain(" Example.COM. ").unwrap(), "example.com");
        assert_eq!(bare_domain("shop.example.co.uk").unwrap(), "shop.example.co.uk");
        for (raw, why) in [
            ("https://example.com", "scheme"),
            ("example.com/blog", "path"),
            ("example.com:8080", "port"),
            ("10.0.0.1", "IP"),
            ("localhost", "with a dot"),
            ("exa mple.com", "letters"),
            ("-bad.com", "letters"),
            ("", "required"),
        ] {
            let e = bare_domain(raw).unwrap_err().to_string();
            assert!(e.contains("domain") && e.contains(why), "{raw}: {e}");
        }
    }
}
