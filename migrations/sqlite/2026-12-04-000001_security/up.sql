-- Security (issue 12): sign-in failures, shared by every replica, so the throttle holds however
-- many servers there are; only failures count, per (email, client address) and per address.
CREATE TABLE igny8_login_failures (
    key TEXT PRIMARY KEY, -- sha-256 hex of 'email|<address bucket>' or 'address|<address bucket>'
    failures BIGINT NOT NULL, -- failed attempts since the first one that is still remembered
    first_failed_at TIMESTAMP NOT NULL, -- first of those failures (UTC)
    last_failed_at TIMESTAMP NOT NULL, -- latest failure (UTC); rows quiet for a day are deleted
    locked_until TIMESTAMP -- attempts are refused until then (UTC); NULL = not locked
);
CREATE INDEX ix_login_failures_last_failed_at ON igny8_login_failures (last_failed_at);
