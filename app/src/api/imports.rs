//! Data imports: an account's import records, and the upload form's address (the upload itself
//! is a multipart post the server handles beside the REST route: files are not server-function
//! arguments).

use leptos::prelude::*;

use crate::types::ApiError;
use crate::types::import::{ImportPage, ImportQuery};

#[cfg(feature = "ssr")]
use super::ports::{actor, answer, ports};

/// The Import page.
pub const IMPORTS_PATH: &str = "/account/imports";
/// Where the page's upload form posts (multipart); it answers with a redirect to the page.
pub const IMPORT_FORM_PATH: &str = "/account/imports/upload";

#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait ImportPort: Send + Sync + 'static {
    /// A page of an account's imports (`imports::page`).
    async fn page(&self, actor: Option<&crate::types::Actor>, query: &ImportQuery) -> Result<ImportPage, ApiError>;
}

/// The imports of the account in the URL (the caller's own by default).
#[server(prefix = "/api/ui", endpoint = "import_list")]
pub async fn import_list(query: ImportQuery) -> Result<ImportPage, ApiError> {
    answer(async { ports()?.imports.page(actor().await?.as_ref(), &query).await }.await)
}
