//! Server functions, one module per noun, each beside the small port (trait) it calls through;
//! the server implements the ports over the same services GraphQL and REST use.

pub mod accounts;
pub mod audit;
pub mod brandings;
pub mod clients;
pub mod dashboard;
pub mod imports;
pub mod indexing;
pub mod invitations;
pub mod jobs;
pub mod orders;
pub mod portal;
#[cfg(feature = "ssr")]
pub mod ports;
pub mod recipients;
pub mod reports;
pub mod session;
pub mod templates;

pub use dashboard::{client_list, services_dashboard};
pub use session::{Login, Logout, SetTheme, current_viewer, safe_next};
