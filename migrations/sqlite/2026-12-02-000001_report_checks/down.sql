ALTER TABLE igny8_service_reports DROP COLUMN warnings;
ALTER TABLE igny8_service_reports DROP COLUMN hold_reason;
