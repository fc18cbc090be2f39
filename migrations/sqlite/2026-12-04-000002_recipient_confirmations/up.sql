-- Report recipients that an account's owners and admins add (issue 12): an address outside the
-- account receives reports only after it confirms, through a link emailed to it.
CREATE TABLE igny8_recipient_confirmations (
    id INTEGER PRIMARY KEY AUTOINCREMENT, -- primary key
    account_id INTEGER NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    subscription_id INTEGER NOT NULL REFERENCES igny8_managed_service_subscriptions(id) ON DELETE CASCADE, -- whose reports
    email TEXT NOT NULL, -- the address asked to confirm (normalised, lower case)
    requested_by INTEGER REFERENCES igny8_users(id) ON DELETE SET NULL, -- user who added the address
    token_hash TEXT, -- sha-256 hex of the emailed token; NULL until the email is written
    expires_at TIMESTAMP NOT NULL, -- the request lapses then (UTC)
    confirmed_at TIMESTAMP, -- when the address confirmed (UTC); NULL = waiting
    created_at TIMESTAMP NOT NULL -- row creation time (UTC)
);
CREATE UNIQUE INDEX ux_recipient_confirmations_subscription_email ON igny8_recipient_confirmations (subscription_id, email);
CREATE UNIQUE INDEX ux_recipient_confirmations_token_hash ON igny8_recipient_confirmations (token_hash);
CREATE INDEX ix_recipient_confirmations_account_id ON igny8_recipient_confirmations (account_id);
-- the confirmation an outbox row carries (NULL: a report's email)
ALTER TABLE igny8_email_outbox ADD COLUMN confirmation_id INTEGER REFERENCES igny8_recipient_confirmations(id) ON DELETE SET NULL;
