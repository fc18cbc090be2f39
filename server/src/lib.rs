//! IGNY8 Services backend.
//!
//! Layers, outside in: `http` (router, credentials) → adapters (`graphql`, `rest`, `web` for
//! the Leptos server functions) → services, one module per noun (`accounts`, `sites`,
//! `subscriptions`, `dashboard`), which call `auth::authorize` → `db` models.

pub mod accounts;
pub mod approvals;
pub mod assets;
pub mod audit;
pub mod auth;
pub mod bench;
pub mod billing;
pub mod brandings;
pub mod cli;
pub mod clients;
pub mod config;
pub mod dashboard;
pub mod dashboard_cache;
pub mod data_dirs;
pub mod dates;
pub mod db;
pub mod domains;
pub mod email;
pub mod error;
pub mod flags;
pub mod graphql;
pub mod http;
pub mod imports;
pub mod indexing;
pub mod invitations;
pub mod jobs;
pub mod orders;
pub mod overview;
pub mod pagination;
pub mod recipients;
pub mod reports;
pub mod rest;
pub mod security;
pub mod seed;
pub mod sites;
pub mod state;
pub mod storage;
pub mod subscriptions;
pub mod templates;
pub mod tokens;
pub mod trackers;
pub mod users;
pub mod web;
