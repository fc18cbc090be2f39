//! `me`: the signed-in user; `auditLog`: an account's audit log; `imports`: its data imports.

use app::types::User;
use app::types::audit::{AuditPage, AuditQuery};
use app::types::import::{ImportPage, ImportQuery};
use async_graphql::{Context, ID, Object, Result};

use crate::accounts;
use crate::error::GqlResult;
use crate::graphql::conn_and_actor;

#[derive(Default)]
pub struct AccountQuery;

#[Object]
impl AccountQuery {
    /// The user behind the session or API token.
    async fn me(&self, ctx: &Context<'_>) -> Result<User> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        accounts::me(&mut pooled.conn(), actor).await.gql()
    }

    /// A page (50 entries, newest first) of an account's audit log: who did what, when. The
    /// caller's own account when `accountId` is left out; its owners and Alorig staff only.
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        account_id: Option<ID>,
        action: Option<String>,
        #[graphql(default = 1)] page: i32,
    ) -> Result<AuditPage> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        let query = AuditQuery {
            account: account_id.map(|id| id.to_string()).unwrap_or_default(),
            action: action.unwrap_or_default(),
            page: page.to_string(),
        };
        crate::audit::page(&mut pooled.conn(), actor, &query).await.gql()
    }

    /// A page (25, newest first) of an account's data imports: each file with what it changed
    /// or why it failed. The caller's own account when `accountId` is left out (Alorig staff:
    /// any client's); a user restricted to some sites sees only theirs.
    async fn imports(
        &self,
        ctx: &Context<'_>,
        account_id: Option<ID>,
        site_id: Option<ID>,
        status: Option<String>,
        #[graphql(default = 1)] page: i32,
    ) -> Result<ImportPage> {
        let (mut pooled, actor) = conn_and_actor(ctx).await?;
        let query = ImportQuery {
            account: account_id.map(|id| id.to_string()).unwrap_or_default(),
            site: site_id.map(|id| id.to_string()).unwrap_or_default(),
            status: status.unwrap_or_default(),
            page: page.to_string(),
        };
        crate::imports::page(&mut pooled.conn(), actor, &query).await.gql()
    }
}
