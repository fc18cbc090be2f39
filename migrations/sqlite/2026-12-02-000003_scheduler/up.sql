-- The scheduler (issue 5): what each job run did, and the overdue deliverables the daily check
-- (check_overdue_deliverables) stored for the dashboard.
ALTER TABLE igny8_job_runs ADD COLUMN detail TEXT NOT NULL DEFAULT ''; -- what the run did, e.g. 'report 42', 'already generated'
CREATE INDEX ix_job_runs_job_name_period_key ON igny8_job_runs (job_name, period_key);

-- One row per late deliverable, kept open while the daily check finds it late.
CREATE TABLE igny8_overdue_flags (
    id INTEGER PRIMARY KEY AUTOINCREMENT, -- primary key
    account_id INTEGER NOT NULL REFERENCES igny8_accounts(id) ON DELETE CASCADE, -- owning account (tenant)
    subscription_id INTEGER NOT NULL REFERENCES igny8_managed_service_subscriptions(id) ON DELETE CASCADE, -- subscription behind
    site_id INTEGER NOT NULL REFERENCES igny8_sites(id) ON DELETE CASCADE, -- site behind
    kind TEXT NOT NULL CONSTRAINT ck_overdue_flags_kind CHECK (kind IN ('content', 'backlinks', 'report', 'renewal')), -- what kind of deliverable
    reference TEXT NOT NULL, -- which one, e.g. 'content:2026-12', 'order:17', 'report:monthly:2026-11-01', 'renewal:2027-01-01'
    detail TEXT NOT NULL, -- what is late, in a sentence (as last checked)
    due_on DATE NOT NULL, -- when it was due
    flagged_at TIMESTAMP NOT NULL, -- first check that found it late (UTC)
    checked_at TIMESTAMP NOT NULL, -- last check that found it late (UTC)
    resolved_at TIMESTAMP -- first check that found it no longer late (UTC); NULL = open
);
CREATE UNIQUE INDEX ux_overdue_flags_subscription_id_kind_reference ON igny8_overdue_flags (subscription_id, kind, reference);
CREATE INDEX ix_overdue_flags_account_id ON igny8_overdue_flags (account_id);
CREATE INDEX ix_overdue_flags_site_id ON igny8_overdue_flags (site_id);
CREATE INDEX ix_overdue_flags_resolved_at ON igny8_overdue_flags (resolved_at);
