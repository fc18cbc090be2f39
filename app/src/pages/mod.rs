//! One module per page; `services/` is the Alorig admin, `managed_service/` the client portal.

pub mod audit;
pub mod brandings;
pub mod confirm_recipient;
pub mod home;
pub mod imports;
pub mod invitation;
pub mod login;
pub mod managed_service;
pub mod not_found;
pub mod services;
pub mod templates;
