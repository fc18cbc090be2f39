//! The brandings pages: an agency's owners and admins manage theirs (`/account/brandings`), Alorig
//! staff see every account's (`/services/brandings`); each with its report cover previewed.

use leptos::prelude::*;

use crate::types::ApiError;
use crate::types::branding::{BrandingInput, BrandingsPanel};

#[cfg(feature = "ssr")]
use super::ports::{actor, answer, ports};

/// An agency's own brandings.
pub const ACCOUNT_PATH: &str = "/account/brandings";
/// Every account's (staff).
pub const SERVICES_PATH: &str = "/services/brandings";

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait BrandingPort: Send + Sync + 'static {
    /// The cards (staff: every account's, read only), and `draft` previewed when given.
    async fn panel(
        &self,
        actor: Option<&crate::types::Actor>,
        every_account: bool,
        draft: Option<&BrandingInput>,
    ) -> Result<BrandingsPanel, ApiError>;
    /// Creates (`id` none) or replaces a branding of the caller's account; its id.
    async fn save(
        &self,
        actor: Option<&crate::types::Actor>,
        id: Option<i64>,
        input: &BrandingInput,
    ) -> Result<i64, ApiError>;
    async fn delete(&self, actor: Option<&crate::types::Actor>, id: i64) -> Result<(), ApiError>;
    /// Checks that the branding's custom domain answers its token; marks it verified.
    async fn verify_domain(&self, actor: Option<&crate::types::Actor>, id: i64) -> Result<(), ApiError>;
}

/// The brandings page's cards (`every_account`: the staff page) and the draft previewed.
#[server(prefix = "/api/ui", endpoint = "branding_cards")]
pub async fn branding_cards(every_account: bool, draft: Option<BrandingInput>) -> Result<BrandingsPanel, ApiError> {
    answer(
        async {
            ports()?
                .brandings
                .panel(actor().await?.as_ref(), every_account, draft.as_ref())
                .await
        }
        .await,
    )
}

/// Back on the agency's page: `done`, or the error beside its field with the values as entered.
#[cfg(feature = "ssr")]
fn settle(result: Result<String, ApiError>, keep: &[(&str, String)]) -> Result<(), ApiError> {
    super::ports::settle_at(ACCOUNT_PATH, result, keep)
}

/// Saves the branding form (a plain form post; `id` empty: a new branding).
#[server(prefix = "/api/ui", endpoint = "save_branding")]
#[allow(clippy::too_many_arguments)]
pub async fn save_branding(
    id: Option<String>,
    brand_name: String,
    primary_color: String,
    secondary_color: String,
    brand_logo_url: Option<String>,
    contact_email: Option<String>,
    contact_phone: Option<String>,
    website_url: Option<String>,
    footer_text: Option<String>,
    is_active: Option<String>,
    custom_domain: Option<String>,
) -> Result<(), ApiError> {
    let input = BrandingInput {
        brand_name,
        primary_color,
        secondary_color,
        brand_logo_url: brand_logo_url.unwrap_or_default(),
        contact_email: contact_email.unwrap_or_default(),
        contact_phone: contact_phone.unwrap_or_default(),
        website_url: website_url.unwrap_or_default(),
        footer_text: footer_text.unwrap_or_default(),
        is_active: is_active.is_some(),
        custom_domain: custom_domain.unwrap_or_default(),
    };
    let id = id.filter(|s| !s.is_empty());
    let result = async {
        let id = id
            .as_deref()
            .map(|s| {
                s.parse::<i64>()
                    .map_err(|_| ApiError::invalid("id", "is not a branding id"))
            })
            .transpose()?;
        ports()?.brandings.save(actor().await?.as_ref(), id, &input).await
    }
    .await;
    let mut keep = form_pairs(&input);
    keep.push(("edit", id.unwrap_or_else(|| "new".to_owned())));
    settle(result.map(|id| format!("saved:{id}")), &keep)
}

/// Deletes a branding (after the page's confirmation).
#[server(prefix = "/api/ui", endpoint = "delete_branding")]
pub async fn delete_branding(id: i64) -> Result<(), ApiError> {
    let result = async { ports()?.brandings.delete(actor().await?.as_ref(), id).await }.await;
    settle(result.map(|()| format!("deleted:{id}")), &[])
}

/// Verifies a branding's custom domain (a plain form post).
#[server(prefix = "/api/ui", endpoint = "verify_branding_domain")]
pub async fn verify_branding_domain(id: i64) -> Result<(), ApiError> {
    let result = async { ports()?.brandings.verify_domain(actor().await?.as_ref(), id).await }.await;
    settle(result.map(|()| format!("verified:{id}")), &[])
}

/// The form's fields as query pairs (the draft as entered).
pub fn form_pairs(input: &BrandingInput) -> Vec<(&'static str, String)> {
    vec![
        ("brand_name", input.brand_name.clone()),
        ("primary_color", input.primary_color.clone()),
        ("secondary_color", input.secondary_color.clone()),
        ("brand_logo_url", input.brand_logo_url.clone()),
        ("contact_email", input.contact_email.clone()),
        ("contact_phone", input.contact_phone.clone()),
        ("website_url", input.website_url.clone()),
        ("footer_text", input.footer_text.clone()),
        ("is_active", if input.is_active { "on".into() } else { String::new() }),
        ("custom_domain", input.custom_domain.clone()),
    ]
}
