//! Mutation roots, one per domain.

pub mod branding;
pub mod client;
pub mod report;
pub mod service;
