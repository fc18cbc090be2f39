//! The backlink order pages' port.

use app::api::orders::OrderPort;
use app::types::order::{OrderDetail, OrderInput, OrderLinkInput, OrderListPage, OrderListQuery};
use app::types::{Actor, ApiError};

use crate::orders;
use crate::state::AppState;

pub struct Orders(pub AppState);

#[async_trait::async_trait]
impl OrderPort for Orders {
    async fn list(&self, actor: Option<&Actor>, query: &OrderListQuery) -> Result<OrderListPage, ApiError> {
        let mut pooled = self.0.conn().await?;
        Ok(orders::search(&mut pooled.conn(), actor, query).await?)
    }

    async fn detail(&self, actor: Option<&Actor>, id: i64) -> Result<OrderDetail, ApiError> {
        let mut pooled = self.0.conn().await?;
        Ok(orders::detail(&mut pooled.conn(), actor, id).await?)
    }

    async fn record(&self, actor: Option<&Actor>, input: &OrderInput) -> Result<i64, ApiError> {
        Ok(orders::record(&self.0, actor, input).await?.id)
    }

    async fn record_link(&self, actor: Option<&Actor>, order: i64, input: &OrderLinkInput) -> Result<(), ApiError> {
        orders::record_link(&self.0, actor, order, input).await?;
        Ok(())
    }
}
