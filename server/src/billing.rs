//! An account's billing history: invoices and payments for its owners and admins, plus the
//! margin of every backlink order for Alorig staff.

use app::types::Actor;
use app::types::billing::{Billing, Invoice as InvoiceDto, Payment as PaymentDto};
use app::types::dashboard::MarginLine;
use chrono::{NaiveDate, NaiveDateTime};

use crate::auth::{Action, Resource, authorize};
use crate::dates::rfc3339;
use crate::db::DbConn;
use crate::db::models::billing::{Invoice, Payment};
use crate::db::models::order::Order;
use crate::error::{AppError, AppResult};

/// The days a billing history covers (both ends included); open ends reach all of it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Range {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Range {
    /// Refuses a range that ends before it starts.
    pub fn new(from: Option<NaiveDate>, to: Option<NaiveDate>) -> AppResult<Range> {
        if let (Some(f), Some(t)) = (from, to) {
            crate::dates::check_range(f, t)?;
        }
        Ok(Range { from, to })
    }

    fn holds(&self, at: NaiveDateTime) -> bool {
        let day = at.date();
        self.from.is_none_or(|f| day >= f) && self.to.is_none_or(|t| day <= t)
    }
}

/// Invoices issued, payments processed and orders placed within `range` (payments not yet
/// processed count only when the range is open).
pub async fn billing(
    conn: &mut DbConn<'_>,
    actor: Option<&Actor>,
    account_id: i64,
    range: Range,
) -> AppResult<Billing> {
    actor.ok_or(AppError::Unauthenticated)?;
    authorize(actor, Action::ViewBilling, Resource::Account(account_id))?;
    let open = range.from.is_none() && range.to.is_none();
    let staff = authorize(actor, Action::ViewServicesDashboard, Resource::Platform).is_ok();
    let invoices = Invoice::of_account(conn, account_id)
        .await?
        .into_iter()
        .filter(|i| range.holds(i.issued_at))
        .map(|i| InvoiceDto {
            id: i.id,
            invoice_number: i.invoice_number,
            invoice_type: i.invoice_type,
            status: i.status,
            subscription_id: i.subscription_id,
            total_cents: i.total_cents,
            currency: i.currency,
            issued_at: rfc3339(i.issued_at),
            due_date: i.due_date.to_string(),
            paid_at: i.paid_at.map(rfc3339),
        })
        .collect();
    let payments = Payment::of_account(conn, account_id)
        .await?
        .into_iter()
        .filter(|p| p.processed_at.map_or(open, |at| range.holds(at)))
        .map(|p| PaymentDto {
            id: p.id,
            invoice_id: p.invoice_id,
            amount_cents: p.amount_cents,
            currency: p.currency,
            status: p.status,
            payment_method: p.payment_method,
            processed_at: p.processed_at.map(rfc3339),
        })
        .collect();
    let order_margins = if staff {
        Order::of_account(conn, account_id)
            .await?
            .into_iter()
            .filter(|o| o.status != "cancelled" && range.holds(o.ordered_at))
            .map(|o| MarginLine {
                kind: "order".into(),
                id: o.id,
                account_id: o.account_id,
                site_id: o.site_id,
                site_name: String::new(),
                price_cents: o.price_cents,
                cost_cents: o.cost_cents,
                margin_cents: o.price_cents - o.cost_cents,
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(Billing {
        account_id,
        invoices,
        payments,
        order_margins,
    })
}
