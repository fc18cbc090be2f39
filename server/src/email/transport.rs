//! Where a finished message goes: the SMTP relay of `IGNY8_SMTP_URL` (STARTTLS with
//! `?tls=required`, TLS with `smtps://`, credentials in the URL), or, by default, the file
//! outbox — one `.eml` file per message, named after its Message-ID, so a retried message
//! replaces its own file instead of adding one.

use std::path::PathBuf;
use std::time::Duration;

use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::Config;
use crate::error::{AppError, AppResult};

pub enum Mailer {
    Outbox(PathBuf),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

/// Why a message did not go out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// Worth trying again later (connection refused, timeout, a 4xx reply).
    Transient(String),
    /// Will never succeed as it is (a 5xx reply, a message that cannot be built).
    Permanent(String),
}

impl Mailer {
    pub fn open(config: &Config) -> AppResult<Mailer> {
        let Some(url) = &config.email.smtp_url else {
            return Ok(Mailer::Outbox(config.outbox_dir.clone()));
        };
        let builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
            .map_err(|e| AppError::internal(format!("IGNY8_SMTP_URL: {e}")))?;
        Ok(Mailer::Smtp(
            builder
                .timeout(Some(Duration::from_secs(u64::from(config.email.timeout_secs))))
                .build(),
        ))
    }

    /// Hands the message over; `Ok` only once the server (or the file system) has accepted it.
    pub async fn send(&self, message_id: &str, message: &Message) -> Result<(), SendError> {
        match self {
            Mailer::Outbox(dir) => {
                let name: String = message_id
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || matches!(c, '-' | '.') {
                            c
                        } else {
                            '_'
                        }
                    })
                    .collect();
                let write = async {
                    tokio::fs::create_dir_all(dir).await?;
                    let tmp = dir.join(format!(".{name}.tmp"));
                    tokio::fs::write(&tmp, message.formatted()).await?;
                    tokio::fs::rename(&tmp, dir.join(format!("{name}.eml"))).await
                };
                write
                    .await
                    .map_err(|e| SendError::Transient(format!("outbox {}: {e}", dir.display())))
            }
            Mailer::Smtp(t) => match t.send(message.clone()).await {
                Ok(_) => Ok(()),
                Err(e) if e.is_permanent() => Err(SendError::Permanent(format!("SMTP: {e}"))),
                Err(e) => Err(SendError::Transient(format!("SMTP: {e}"))),
            },
        }
    }
}
