//! Client accounts for Alorig staff: the list, one account's page, and onboarding — create and
//! change an account, add a site, start, pause, resume or cancel a managed subscription. Every
//! change is a plain form post that comes back to the page (JavaScript off works).

use leptos::prelude::*;

use crate::types::ApiError;
use crate::types::account::{AccountDetail, AccountListPage, AccountQuery};
#[cfg(feature = "ssr")]
use crate::types::{
    Role,
    account::AccountInput,
    site::SiteInput,
    subscription::{BillingInterval, SubscriptionChange, SubscriptionInput, Tier},
    user::InvitationInput,
};

#[cfg(feature = "ssr")]
use super::ports::{actor, answer, ports, settle_at};

/// The accounts list.
pub const ACCOUNTS_PATH: &str = "/services/accounts";

/// One account's page.
pub fn account_path(id: i64) -> String {
    format!("{ACCOUNTS_PATH}/{id}")
}

#[cfg(feature = "ssr")]
type Caller<'a> = Option<&'a crate::types::Actor>;

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait AccountPort: Send + Sync + 'static {
    /// May the caller manage clients at all? Asked before a form's fields are read.
    async fn may_manage(&self, actor: Caller<'_>) -> Result<(), ApiError>;
    async fn list(&self, actor: Caller<'_>, query: &AccountQuery) -> Result<AccountListPage, ApiError>;
    async fn detail(&self, actor: Caller<'_>, id: i64) -> Result<AccountDetail, ApiError>;
    /// Returns the new account's id.
    async fn create(&self, actor: Caller<'_>, input: &AccountInput) -> Result<i64, ApiError>;
    async fn update(&self, actor: Caller<'_>, id: i64, input: &AccountInput) -> Result<(), ApiError>;
    async fn add_site(&self, actor: Caller<'_>, account: i64, input: &SiteInput) -> Result<(), ApiError>;
    async fn start(&self, actor: Caller<'_>, input: &SubscriptionInput) -> Result<(), ApiError>;
    async fn change(&self, actor: Caller<'_>, subscription: i64, change: SubscriptionChange) -> Result<(), ApiError>;
    async fn invite(&self, actor: Caller<'_>, account: i64, input: &InvitationInput) -> Result<(), ApiError>;
    async fn revoke_invitation(&self, actor: Caller<'_>, invitation: i64) -> Result<(), ApiError>;
}

#[server(prefix = "/api/ui", endpoint = "account_list")]
pub async fn account_list(query: AccountQuery) -> Result<AccountListPage, ApiError> {
    answer(async { ports()?.accounts.list(actor().await?.as_ref(), &query).await }.await)
}

#[server(prefix = "/api/ui", endpoint = "account_page")]
pub async fn account_page(id: i64) -> Result<AccountDetail, ApiError> {
    answer(async { ports()?.accounts.detail(actor().await?.as_ref(), id).await }.await)
}

/// The account form's fields as they came (checkboxes: present or not).
#[cfg(feature = "ssr")]
fn account_input(
    name: String,
    timezone: String,
    status: Option<String>,
    feature_gates: Option<Vec<String>>,
    is_agency: Option<String>,
) -> AccountInput {
    AccountInput {
        name: Some(name),
        timezone: Some(timezone),
        feature_gates: Some(feature_gates.unwrap_or_default()),
        is_agency: Some(is_agency.is_some()),
        status,
    }
}

/// The form as entered, to show it again beside an error.
#[cfg(feature = "ssr")]
fn kept(input: &AccountInput) -> Vec<(&'static str, String)> {
    vec![
        ("d_name", input.name.clone().unwrap_or_default()),
        ("d_timezone", input.timezone.clone().unwrap_or_default()),
        ("d_gates", input.feature_gates.clone().unwrap_or_default().join(",")),
        ("d_agency", input.is_agency.unwrap_or_default().to_string()),
    ]
}

/// Creates an account (the list's New account form); on to its page.
#[server(prefix = "/api/ui", endpoint = "create_account")]
pub async fn create_account(
    name: String,
    timezone: String,
    feature_gates: Option<Vec<String>>,
    is_agency: Option<String>,
) -> Result<(), ApiError> {
    let input = account_input(name, timezone, None, feature_gates, is_agency);
    match async { ports()?.accounts.create(actor().await?.as_ref(), &input).await }.await {
        Ok(id) => settle_at(&account_path(id), Ok("created".into()), &[]),
        Err(e) => settle_at(&format!("{ACCOUNTS_PATH}?new=1"), Err(e), &kept(&input)),
    }
}

/// Saves an account's settings (its page's form).
#[server(prefix = "/api/ui", endpoint = "update_account")]
pub async fn update_account(
    id: i64,
    name: String,
    timezone: String,
    status: String,
    feature_gates: Option<Vec<String>>,
    is_agency: Option<String>,
) -> Result<(), ApiError> {
    let input = account_input(name, timezone, Some(status), feature_gates, is_agency);
    let result = async { ports()?.accounts.update(actor().await?.as_ref(), id, &input).await }.await;
    let mut keep = kept(&input);
    keep.push(("d_status", input.status.clone().unwrap_or_default()));
    settle_at(&account_path(id), result.map(|()| "saved".into()), &keep)
}

/// Adds a site to the account (its page's form).
#[server(prefix = "/api/ui", endpoint = "add_account_site")]
pub async fn add_account_site(
    account: i64,
    domain: String,
    name: Option<String>,
    industry: Option<String>,
) -> Result<(), ApiError> {
    let input = SiteInput { domain, name, industry };
    let result = async {
        ports()?
            .accounts
            .add_site(actor().await?.as_ref(), account, &input)
            .await
    }
    .await;
    let keep = [
        ("d_domain", input.domain.clone()),
        ("d_site_name", input.name.clone().unwrap_or_default()),
        ("d_industry", input.industry.clone().unwrap_or_default()),
    ];
    settle_at(&account_path(account), result.map(|()| "site-added".into()), &keep)
}

/// Starts a site's managed subscription on the tier's terms (its page's form).
#[server(prefix = "/api/ui", endpoint = "start_subscription")]
pub async fn start_subscription(
    account: i64,
    site_id: i64,
    tier: String,
    billing_interval: String,
    review_required: Option<String>,
    started_on: Option<String>,
) -> Result<(), ApiError> {
    let result = async {
        let actor = actor().await?;
        ports()?.accounts.may_manage(actor.as_ref()).await?;
        let tier = Tier::parse(&tier).ok_or_else(|| ApiError::invalid("tier", "must be lite or pro"))?;
        let billing_interval = BillingInterval::parse(&billing_interval)
            .ok_or_else(|| ApiError::invalid("billing_interval", "must be month, quarter or year"))?;
        let input = SubscriptionInput {
            site_id,
            tier,
            billing_interval: Some(billing_interval),
            price_cents: None,
            articles_per_month: None,
            backlinks_per_month: None,
            review_required: Some(review_required.is_some()),
            started_on,
            config: None,
        };
        ports()?.accounts.start(actor.as_ref(), &input).await
    }
    .await;
    let keep = [("d_site", site_id.to_string())];
    settle_at(&account_path(account), result.map(|()| "started".into()), &keep)
}

/// Pauses, resumes or cancels a subscription, or requires or waives the client's review (its
/// page's buttons; cancelling after a confirmation).
#[server(prefix = "/api/ui", endpoint = "change_subscription")]
pub async fn change_subscription(account: i64, id: i64, change: String) -> Result<(), ApiError> {
    let result = async {
        let actor = actor().await?;
        ports()?.accounts.may_manage(actor.as_ref()).await?;
        let change = SubscriptionChange::parse(&change)
            .ok_or_else(|| ApiError::invalid("change", format!("must be one of {}", SubscriptionChange::listed())))?;
        ports()?.accounts.change(actor.as_ref(), id, change).await?;
        Ok(change.done().to_owned())
    }
    .await;
    settle_at(&account_path(account), result, &[])
}

/// Invites a user (its page's form): email, role, and the only sites they may see (none ticked:
/// every site).
#[server(prefix = "/api/ui", endpoint = "invite_user")]
pub async fn invite_user(
    account: i64,
    email: String,
    role: String,
    site_ids: Option<Vec<String>>,
) -> Result<(), ApiError> {
    let result = async {
        let actor = actor().await?;
        ports()?.accounts.may_manage(actor.as_ref()).await?;
        let role =
            Role::parse(&role).ok_or_else(|| ApiError::invalid("role", "must be owner, admin, member or viewer"))?;
        let site_ids = site_ids
            .filter(|ids| !ids.is_empty())
            .map(|ids| {
                ids.iter()
                    .map(|s| {
                        s.parse::<i64>()
                            .map_err(|_| ApiError::invalid("site_ids", "are site ids"))
                    })
                    .collect::<Result<Vec<i64>, ApiError>>()
            })
            .transpose()?;
        let input = InvitationInput {
            email: email.clone(),
            role,
            site_ids,
        };
        ports()?.accounts.invite(actor.as_ref(), account, &input).await
    }
    .await;
    let keep = [("d_email", email), ("d_role", role)];
    settle_at(&account_path(account), result.map(|()| "invited".into()), &keep)
}

/// Revokes an open invitation (its page's button): the address may be invited again at once.
#[server(prefix = "/api/ui", endpoint = "revoke_invitation")]
pub async fn revoke_invitation(account: i64, id: i64) -> Result<(), ApiError> {
    let result = async { ports()?.accounts.revoke_invitation(actor().await?.as_ref(), id).await }.await;
    settle_at(
        &account_path(account),
        result.map(|()| "invitation-revoked".into()),
        &[],
    )
}
