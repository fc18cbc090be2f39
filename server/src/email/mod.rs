//! Email: what a report's email is (recipients, subject, a stable Message-ID) and the outbox it
//! waits in; `message` writes it (branded HTML and text, the PDF or a link), `transport` hands it
//! to the SMTP relay or the file outbox, `deliver` drains the outbox with retries.

pub mod deliver;
pub mod message;
pub mod outbox;
pub mod transport;

use chrono::NaiveDateTime;
use sha2::{Digest, Sha256};

use crate::db::DbConn;
use crate::db::models::outbox::NewOutboxRow;
use crate::db::models::report::ServiceReport;
use crate::error::{AppError, AppResult};

/// Longest recipient list of one send.
pub const MAX_RECIPIENTS: usize = 50;

/// Checks and normalises recipient addresses; a bad one names itself.
pub fn recipients(field: &str, raw: &[String]) -> AppResult<Vec<String>> {
    if raw.len() > MAX_RECIPIENTS {
        return Err(AppError::invalid(field, format!("at most {MAX_RECIPIENTS} recipients")));
    }
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    for r in raw {
        let address = r.trim();
        let parsed: lettre::Address = address
            .parse()
            .map_err(|_| AppError::invalid(field, format!("`{address}` is not an email address")))?;
        let normal = parsed.to_string().to_lowercase();
        if !out.contains(&normal) {
            out.push(normal);
        }
    }
    Ok(out)
}

/// The Message-ID of a report's email to one recipient: the same for the same row, every time it
/// is tried, so a resent attempt is recognisably the same message.
pub fn message_id(report_id: i64, recipient: &str, domain: &str) -> String {
    let h = hex::encode(&Sha256::digest(format!("{report_id}\n{recipient}").as_bytes())[..8]);
    format!("<report-{report_id}-{h}@{domain}>")
}

/// Splits a stored recipient list into valid addresses (normalised) and invalid ones with why.
pub fn split_recipients(raw: &[String]) -> (Vec<String>, Vec<(String, String)>) {
    let (mut ok, mut bad) = (Vec::new(), Vec::new());
    for r in raw {
        match recipients("report_recipients", std::slice::from_ref(r)) {
            Ok(mut one) => {
                if let Some(a) = one.pop().filter(|a| !ok.contains(a)) {
                    ok.push(a);
                }
            }
            Err(e) => bad.push((r.trim().to_owned(), e.to_string())),
        }
    }
    (ok, bad)
}

/// Queues the report's email for each recipient that has none yet, and records each address of
/// `skipped` as skipped with its reason; returns how many were queued.
pub async fn queue_report(
    conn: &mut DbConn<'_>,
    report: &ServiceReport,
    subject: &str,
    domain: &str,
    recipients: &[String],
    skipped: &[(String, String)],
    now: NaiveDateTime,
) -> AppResult<usize> {
    let mut queued = 0;
    let rows = recipients
        .iter()
        .map(|r| (r, "pending", None))
        .chain(skipped.iter().map(|(r, why)| (r, "skipped", Some(why.clone()))));
    for (r, status, why) in rows {
        let row = NewOutboxRow {
            account_id: report.account_id,
            report_id: Some(report.id),
            recipient: r.clone(),
            subject: subject.to_owned(),
            message_id: message_id(report.id, r, domain),
            status: status.into(),
            attempts: 0,
            next_attempt_at: now,
            last_error: why,
            created_at: now,
            updated_at: now,
            confirmation_id: None,
            invitation_id: None,
        };
        if row.insert_once(conn).await? && status == "pending" {
            queued += 1;
        }
    }
    Ok(queued)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipients_are_checked_and_deduplicated() {
        let ok = recipients(
            "recipients",
            &[" A@Example.com ".into(), "a@example.com".into(), "b@x.example".into()],
        )
        .unwrap();
        assert_eq!(ok, ["a@example.com", "b@x.example"]);
        for bad in ["nobody", "a@", "@x.example", "a b@x.example"] {
            assert_eq!(
                recipients("recipients", &[bad.into()]).unwrap_err().field(),
                Some("recipients"),
                "{bad}"
            );
        }
        let (ok, bad) = split_recipients(&["a@x.example".into(), "nobody".into(), "A@x.example".into()]);
        assert_eq!(ok, ["a@x.example"]);
        assert_eq!(bad.len(), 1);
        assert!(bad[0].1.contains("`nobody` is not an email address"), "{bad:?}");
        let many: Vec<String> = (0..51).map(|i| format!("u{i}@x.example")).collect();
        assert!(recipients("recipients", &many).is_err());
        assert_eq!(
            message_id(7, "a@x.example", "reports.example"),
            message_id(7, "a@x.example", "reports.example")
        );
        assert_ne!(message_id(7, "a@x.example", "d"), message_id(8, "a@x.example", "d"));
    }
}
