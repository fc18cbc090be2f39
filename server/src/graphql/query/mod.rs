//! Query roots, one per domain.

pub mod account;
pub mod branding;
pub mod dashboard;
pub mod job;
pub mod report;
pub mod service;
pub mod site;
pub mod subscription;
