//! The recipient confirmation link's port.

use app::api::recipients::RecipientPort;
use app::types::{ApiError, RecipientRequest};

use crate::recipients::{self, Request};
use crate::state::AppState;

pub struct Recipients(pub AppState);

fn shown(r: Request) -> RecipientRequest {
    let time = crate::dates::rfc3339;
    RecipientRequest {
        email: r.email,
        site_name: r.site_name,
        account_name: r.account_name,
        brand_name: r.brand.map_or_else(|| "IGNY8".to_owned(), |b| b.brand_name),
        expires_at: time(r.expires_at),
        confirmed_at: r.confirmed_at.map(time),
    }
}

#[async_trait::async_trait]
impl RecipientPort for Recipients {
    async fn request(&self, token: &str) -> Result<RecipientRequest, ApiError> {
        Ok(shown(recipients::pending(&self.0, token).await?))
    }

    async fn confirm(&self, token: &str) -> Result<RecipientRequest, ApiError> {
        Ok(shown(recipients::confirm(&self.0, token).await?))
    }
}
