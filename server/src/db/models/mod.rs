//! One module per noun (a table, or a table and its children). Models take a `DbConn`, never
//! the pool, so they run alone or inside `db_transaction!`. The upstream tables (content, GSC,
//! backlinks, …) are written by the demo seed's bulk loader and get models as features read them.

pub mod account;
pub mod approval;
pub mod audit;
pub mod automation;
pub mod billing;
pub mod branding;
pub mod content;
pub mod feature_flag;
pub mod gsc_month;
pub mod import;
pub mod invitation;
pub mod job_run;
pub mod login_failure;
pub mod metric_snapshot;
pub mod order;
pub mod outbox;
pub mod overdue_flag;
pub mod recipient_confirmation;
pub mod report;
pub mod session;
pub mod share_link;
pub mod site;
pub mod subscription;
pub mod template;
pub mod token;
pub mod tracking;
pub mod user;
