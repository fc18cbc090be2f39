DROP TABLE igny8_overdue_flags;
DROP INDEX ix_job_runs_job_name_period_key;
ALTER TABLE igny8_job_runs DROP COLUMN detail;
