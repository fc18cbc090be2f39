//! Invoices and payments (the platform's billing app), read for revenue and billing history.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::{ExpressionMethods, QueryDsl, Queryable, Selectable, SelectableHelper};
use diesel_async::RunQueryDsl;

use crate::db::DbConn;
use crate::db::schema::{igny8_invoices as inv, igny8_payments as pay};
use crate::db_run;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = inv)]
pub struct Invoice {
    pub id: i64,
    pub account_id: i64,
    pub subscription_id: Option<i64>,
    pub invoice_number: String,
    pub invoice_type: String,
    pub status: String,
    pub currency: String,
    pub subtotal_cents: i64,
    pub tax_cents: i64,
    pub total_cents: i64,
    pub issued_at: NaiveDateTime,
    pub due_date: NaiveDate,
    pub paid_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pay)]
pub struct Payment {
    pub id: i64,
    pub account_id: i64,
    pub invoice_id: i64,
    pub amount_cents: i64,
    pub currency: String,
    pub status: String,
    pub payment_method: String,
    pub processed_at: Option<NaiveDateTime>,
}

impl Invoice {
    /// Totals of managed-subscription invoices in `currency` paid in `[from, until)`: (cents, count).
    pub async fn paid_between(
        conn: &mut DbConn<'_>,
        from: NaiveDateTime,
        until: NaiveDateTime,
        currency: &str,
    ) -> diesel::QueryResult<(i64, i64)> {
        let rows: Vec<i64> = db_run!(conn, |c| inv::table
            .filter(inv::status.eq("paid"))
            .filter(inv::paid_at.ge(from))
            .filter(inv::paid_at.lt(until))
            .filter(inv::subscription_id.is_not_null())
            .filter(inv::currency.eq(currency))
            .select(inv::total_cents)
            .load(c)
            .await)?;
        Ok((rows.iter().sum(), rows.len() as i64))
    }

    /// An account's invoices, newest first.
    pub async fn of_account(conn: &mut DbConn<'_>, account_id: i64) -> diesel::QueryResult<Vec<Invoice>> {
        db_run!(conn, |c| inv::table
            .filter(inv::account_id.eq(account_id))
            .select(Invoice::as_select())
            .order((inv::issued_at.desc(), inv::id.desc()))
            .load(c)
            .await)
    }
}

impl Payment {
    /// An account's payments, newest first.
    pub async fn of_account(conn: &mut DbConn<'_>, account_id: i64) -> diesel::QueryResult<Vec<Payment>> {
        db_run!(conn, |c| pay::table
            .filter(pay::account_id.eq(account_id))
            .select(Payment::as_select())
            .order(pay::id.desc())
            .load(c)
            .await)
    }
}
