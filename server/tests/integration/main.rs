//! Integration tests: a real server on a real database (SQLite and PostgreSQL), one fresh
//! database per test. `both!` runs each scenario on both backends.

mod servers;
mod support;

mod agency_domains;
mod api_branding;
mod api_reports;
mod api_service;
mod audit_page;
mod auth;
mod authorization;
mod brandings_page;
mod dashboard;
mod database;
mod first_run;
mod flags;
mod http;
mod imports;
mod indexing_page;
mod jobs;
mod jobs_faults;
mod jobs_page;
mod logo;
mod onboarding;
mod orders;
mod pages;
mod portal_pages;
mod recipients;
mod regressions;
mod report_cli;
mod report_collect;
mod report_generator;
mod report_lifecycle;
mod report_pdf;
mod security;
mod seed;
mod templates_page;
mod tenancy;
