//! Mutation roots, one per domain.

pub mod branding;
pub mod report;
pub mod service;
