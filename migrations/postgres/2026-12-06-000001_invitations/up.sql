-- Invitations (issue 16): Alorig staff invite a client's users by email; the link sets the
-- password once, before it expires.
CREATE TABLE igny8_invitations (
    id BIGSERIAL PRIMARY KEY, -- primary key
    account_id BIGINT NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    email TEXT NOT NULL, -- the invited address (normalised, lower case)
    role TEXT NOT NULL CONSTRAINT ck_invitations_role CHECK (role IN ('owner', 'admin', 'member', 'viewer')), -- role the user gets
    site_ids TEXT, -- JSON array of the only sites the user may see; NULL = every site of the account
    invited_by BIGINT REFERENCES igny8_users(id) ON DELETE SET NULL, -- who invited
    token_hash TEXT, -- sha-256 hex of the emailed token; NULL until the email is written
    expires_at TIMESTAMP NOT NULL, -- the link stops working then (UTC)
    accepted_at TIMESTAMP, -- when the invitation was used (UTC); NULL = open
    created_at TIMESTAMP NOT NULL -- row creation time (UTC)
);
CREATE UNIQUE INDEX ux_invitations_token_hash ON igny8_invitations (token_hash);
CREATE INDEX ix_invitations_account_id ON igny8_invitations (account_id);
-- the invitation an outbox row carries (NULL: not an invitation)
ALTER TABLE igny8_email_outbox ADD COLUMN invitation_id BIGINT REFERENCES igny8_invitations(id) ON DELETE SET NULL;
