//! The signed-in user and their account (`me`, what the page shell shows), and client accounts
//! as Alorig staff list, create and change them.

use std::collections::HashMap;

use app::types::account::{
    ACCOUNT_STATUSES, ACCOUNTS_PER_PAGE, Account as AccountDto, AccountDetail, AccountInput, AccountListPage,
    AccountQuery, AccountRow, AccountSite,
};
use app::types::{Actor, Feature, User as UserDto, Viewer, format_cents};
use serde_json::json;

use crate::auth::{Action, Resource, authorize, may};
use crate::db::DbConn;
use crate::db::models::account::{Account, AccountChanges, NewAccount};
use crate::db::models::subscription::Subscription;
use crate::db::models::{audit::NewAuditEntry, invitation::Invitation, site::Site, user::User};
use crate::error::{AppError, AppResult, one_line};
use crate::subscriptions;

/// The caller's own user record.
pub async fn me(conn: &mut DbConn<'_>, actor: Option<&Actor>) -> AppResult<UserDto> {
    let account_id = actor.map_or(0, |a| a.account_id);
    authorize(actor, Action::ViewSelf, Resource::Account(account_id))?;
    let actor = actor.expect("authorized actors exist");
    Ok(User::find(conn, actor.user_id).await?.to_dto())
}

/// What the shell needs; `None` for anonymous visitors.
pub async fn viewer(conn: &mut DbConn<'_>, actor: Option<&Actor>) -> AppResult<Option<Viewer>> {
    let Some(a) = actor else { return Ok(None) };
    authorize(actor, Action::ViewSelf, Resource::Account(a.account_id))?;
    let (user, account) = User::with_account(conn, a.user_id).await?;
    Ok(Some(Viewer {
        user_id: user.id,
        display_name: user.display_name(),
        email: user.email,
        account_name: account.name,
        is_staff: a.is_staff,
        show_managed_services: authorize(actor, Action::ViewServicesDashboard, Resource::Platform).is_ok(),
        show_managed_service: Subscription::account_has_managed(conn, a.account_id).await?,
        pending_approvals: crate::approvals::pending_count(conn, actor).await?,
        show_brandings: authorize(actor, Action::ManageBranding, Resource::Account(a.account_id)).is_ok(),
        show_templates: authorize(actor, Action::ManageTemplates, Resource::Account(a.account_id)).is_ok(),
        show_audit: authorize(actor, Action::ViewAudit, Resource::Account(a.account_id)).is_ok(),
        show_imports: authorize(actor, Action::ImportData, Resource::Account(a.account_id)).is_ok(),
    }))
}

/// Every account (Alorig staff).
pub async fn list(conn: &mut DbConn<'_>, actor: Option<&Actor>) -> AppResult<Vec<AccountDto>> {
    authorize(actor, Action::ViewServicesDashboard, Resource::Platform)?;
    Ok(Account::all(conn).await?.iter().map(Account::to_dto).collect())
}

/// A page of the accounts list (Alorig staff): searched by name or slug, filtered by status,
/// sorted by name, creation, sites or MRR.
pub async fn search(conn: &mut DbConn<'_>, actor: Option<&Actor>, query: &AccountQuery) -> AppResult<AccountListPage> {
    authorize(actor, Action::ViewServicesDashboard, Resource::Platform)?;
    let status = query.status.trim();
    if !status.is_empty() && !ACCOUNT_STATUSES.contains(&status) {
        return Err(AppError::invalid(
            "status",
            format!("`{status}` is not one of {}", ACCOUNT_STATUSES.join(", ")),
        ));
    }
    let sort = match query.sort.trim() {
        "" => "name",
        s @ ("name" | "created" | "sites" | "mrr") => s,
        s => {
            return Err(AppError::invalid(
                "sort",
                format!("`{s}` is not name, created, sites or mrr"),
            ));
        }
    };
    let desc = match query.dir.trim() {
        "" => sort != "name",
        "asc" => false,
        "desc" => true,
        d => return Err(AppError::invalid("dir", format!("`{d}` is not asc or desc"))),
    };
    let page = crate::pagination::page_number(&query.page)?;
    let sites: HashMap<i64, i64> = Site::count_by_account(conn).await?.into_iter().collect();
    let bought: HashMap<i64, (i64, i64)> = Subscription::active_by_account(conn, subscriptions::CURRENCY)
        .await?
        .into_iter()
        .map(|b| (b.account_id, (b.subscriptions, b.monthly_cents)))
        .collect();
    let needle = query.q.trim().to_lowercase();
    // each row with its name in lower case: what the search and the name order compare
    let mut rows: Vec<(Account, (i64, i64), String)> = Account::all(conn)
        .await?
        .into_iter()
        .filter(|a| status.is_empty() || a.status == status)
        .map(|a| {
            let (lower, b) = (a.name.to_lowercase(), bought.get(&a.id).copied().unwrap_or_default());
            (a, b, lower)
        })
        .filter(|(a, _, lower)| needle.is_empty() || lower.contains(&needle) || a.slug.contains(&needle))
        .collect();
    // by the key, then by name and id, so that pages never overlap
    let sites_of = |a: &Account| sites.get(&a.id).copied().unwrap_or(0);
    rows.sort_by(|x, y| {
        let by_key = match sort {
            "created" => x.0.created_at.cmp(&y.0.created_at),
            "sites" => sites_of(&x.0).cmp(&sites_of(&y.0)),
            "mrr" => x.1.1.cmp(&y.1.1),
            _ => x.2.cmp(&y.2),
        };
        let by_key = if desc { by_key.reverse() } else { by_key };
        by_key.then(x.0.name.cmp(&y.0.name)).then(x.0.id.cmp(&y.0.id))
    });
    let total = rows.len() as i64;
    let pages = ((total + ACCOUNTS_PER_PAGE - 1) / ACCOUNTS_PER_PAGE).max(1);
    let rows = rows
        .into_iter()
        .skip(((page - 1) * ACCOUNTS_PER_PAGE) as usize)
        .take(ACCOUNTS_PER_PAGE as usize)
        .map(|(a, (active, mrr), _)| AccountRow {
            sites: sites.get(&a.id).copied().unwrap_or(0),
            account: a.to_dto(),
            active_subscriptions: active,
            mrr_display: format_cents(mrr, subscriptions::CURRENCY),
        })
        .collect();
    Ok(AccountListPage {
        rows,
        total,
        page,
        pages,
        can_manage: authorize(actor, Action::ManageClients, Resource::Platform).is_ok(),
    })
}

/// One account for staff: its settings, sites and their subscriptions.
pub async fn detail(conn: &mut DbConn<'_>, actor: Option<&Actor>, id: i64) -> AppResult<AccountDetail> {
    authorize(actor, Action::ViewServicesDashboard, Resource::Platform)?;
    let account = Account::find(conn, id).await?;
    authorize(actor, Action::ViewSubscriptions, Resource::Account(id))?;
    let mut subs: HashMap<i64, Subscription> = Subscription::of_account(conn, id)
        .await?
        .into_iter()
        .map(|s| (s.site_id, s))
        .collect();
    let mut mrr = 0;
    let sites = Site::list_for_account(conn, id, None)
        .await?
        .into_iter()
        .map(|site| {
            let subscription = subs
                .remove(&site.id)
                .map(|s| subscriptions::to_dto(s, site.name.clone(), true));
            mrr += subscription
                .as_ref()
                .filter(|s| s.currency == subscriptions::CURRENCY)
                .map_or(0, |s| s.monthly_cents);
            AccountSite {
                site: site.to_dto(),
                subscription,
            }
        })
        .collect();
    let users = User::of_account(conn, id).await?.iter().map(User::to_dto).collect();
    let invitations = Invitation::of_account(conn, id)
        .await?
        .iter()
        .map(crate::invitations::to_dto)
        .collect();
    Ok(AccountDetail {
        account: account.to_dto(),
        sites,
        users,
        invitations,
        mrr_display: format_cents(mrr, subscriptions::CURRENCY),
        can_manage: authorize(actor, Action::ManageClients, Resource::Account(id)).is_ok(),
    })
}

/// Creates a client account (Alorig staff admins). Its slug comes from the name, made unique.
pub async fn create(conn: &mut DbConn<'_>, actor: Option<&Actor>, input: &AccountInput) -> AppResult<AccountDto> {
    authorize(actor, Action::ManageClients, Resource::Platform)?;
    let a = actor.expect("authorized actors exist");
    let name = input
        .name
        .as_deref()
        .ok_or_else(|| AppError::invalid("name", "is required"))?;
    let fields = checked(input, name, "active", "UTC", &[], false)?;
    let slug = free_slug(conn, &fields.name).await?;
    let now = crate::db::now();
    let id = crate::db_transaction!(conn, |tx| {
        let id = Account::insert(
            tx,
            &NewAccount {
                name: fields.name.clone(),
                slug: slug.clone(),
                plan_id: None,
                status: fields.status.clone(),
                account_timezone: fields.account_timezone.clone(),
                feature_gates: fields.feature_gates.clone(),
                is_agency: fields.is_agency,
                credits: 0,
                created_at: now,
                updated_at: now,
            },
        )
        .await?;
        NewAuditEntry::by(
            a,
            id,
            "account.create",
            ("account", id),
            json!({ "name": fields.name, "slug": slug }),
            now,
        )
        .insert(tx)
        .await?;
        Ok::<_, diesel::result::Error>(id)
    })?;
    Ok(Account::find(conn, id).await?.to_dto())
}

/// Changes a client account; what the input leaves out stays as it is.
pub async fn update(
    conn: &mut DbConn<'_>,
    actor: Option<&Actor>,
    id: i64,
    input: &AccountInput,
) -> AppResult<AccountDto> {
    may(actor, Action::ManageClients)?;
    let account = Account::find(conn, id).await?;
    authorize(actor, Action::ManageClients, Resource::Account(id))?;
    let a = actor.expect("authorized actors exist");
    let gates: Vec<String> = serde_json::from_str(&account.feature_gates).unwrap_or_default();
    let name = input.name.as_deref().unwrap_or(&account.name);
    let mut changes = checked(
        input,
        name,
        &account.status,
        &account.account_timezone,
        &gates,
        account.is_agency,
    )?;
    let before = account.to_dto();
    let now = crate::db::now();
    changes.updated_at = now;
    crate::db_transaction!(conn, |tx| {
        Account::update(tx, id, &changes).await?;
        let after = json!({ "name": changes.name, "status": changes.status, "timezone": changes.account_timezone,
            "feature_gates": changes.feature_gates, "is_agency": changes.is_agency });
        NewAuditEntry::by(
            a,
            id,
            "account.update",
            ("account", id),
            json!({ "before": before, "after": after }),
            now,
        )
        .insert(tx)
        .await?;
        Ok::<_, diesel::result::Error>(())
    })?;
    Ok(Account::find(conn, id).await?.to_dto())
}

/// The input over the current values, checked field by field.
fn checked(
    input: &AccountInput,
    name: &str,
    status: &str,
    timezone: &str,
    gates: &[String],
    is_agency: bool,
) -> AppResult<AccountChanges> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::invalid("name", "is required"));
    }
    one_line("name", name, 100)?;
    let status = input.status.as_deref().unwrap_or(status).trim();
    if !ACCOUNT_STATUSES.contains(&status) {
        return Err(AppError::invalid(
            "status",
            format!("`{status}` is not one of {}", ACCOUNT_STATUSES.join(", ")),
        ));
    }
    let timezone = input.timezone.as_deref().unwrap_or(timezone).trim();
    if timezone.parse::<chrono_tz::Tz>().is_err() {
        return Err(AppError::invalid(
            "timezone",
            format!("`{timezone}` is not an IANA time zone (e.g. America/Denver)"),
        ));
    }
    let gates = input.feature_gates.as_deref().unwrap_or(gates);
    let mut known = Vec::new();
    for g in gates {
        let feature = Feature::parse(g.trim()).ok_or_else(|| {
            let all: Vec<&str> = Feature::ALL.iter().map(|f| f.as_str()).collect();
            AppError::invalid(
                "feature_gates",
                format!("`{g}` is not a feature gate ({})", all.join(", ")),
            )
        })?;
        if !known.contains(&feature.as_str()) {
            known.push(feature.as_str());
        }
    }
    Ok(AccountChanges {
        name: name.to_owned(),
        status: status.to_owned(),
        account_timezone: timezone.to_owned(),
        feature_gates: serde_json::to_string(&known).expect("a list of names"),
        is_agency: input.is_agency.unwrap_or(is_agency),
        updated_at: crate::db::now(),
    })
}

/// A URL-safe handle from the name (`Bright Smile Dental` → `bright-smile-dental`), with `-2`,
/// `-3`, … when taken.
async fn free_slug(conn: &mut DbConn<'_>, name: &str) -> AppResult<String> {
    let mut base = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            base.push(c);
        } else if !base.is_empty() && !base.ends_with('-') {
            base.push('-');
        }
    }
    let base = match base.trim_end_matches('-') {
        "" => "account".to_owned(),
        b => b.chars().take(60).collect::<String>().trim_end_matches('-').to_owned(),
    };
    let mut slug = base.clone();
    for n in 2.. {
        if Account::find_by_slug(conn, &slug).await?.is_none() {
            break;
        }
        slug = format!("{base}-{n}");
    }
    Ok(slug)
}
