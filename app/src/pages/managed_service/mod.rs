//! The client portal (read-only), shown to accounts with a managed subscription.

mod overview;

pub use overview::ServiceOverview;
