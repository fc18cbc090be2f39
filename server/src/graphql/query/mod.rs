//! Query roots, one per domain.

pub mod account;
pub mod site;
pub mod subscription;
