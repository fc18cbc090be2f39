//! The team's work queue (the platform's automation queue): what is planned for a site, and the
//! revisions a client asked for.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::Insertable;
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::igny8_automation_queue;
use crate::db_run;

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = igny8_automation_queue)]
pub struct NewQueueItem {
    pub account_id: i64,
    pub site_id: i64,
    pub item_type: String,
    pub title: String,
    pub status: String,
    pub priority: i32,
    pub scheduled_for: Option<NaiveDate>,
    pub payload: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl NewQueueItem {
    pub async fn insert(&self, conn: &mut DbConn<'_>) -> diesel::QueryResult<()> {
        db_run!(conn, |c| diesel::insert_into(igny8_automation_queue::table)
            .values(self)
            .execute(c)
            .await)?;
        Ok(())
    }
}
