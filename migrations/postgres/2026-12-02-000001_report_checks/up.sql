-- What the pre-send check and rendering found about a report.
ALTER TABLE igny8_service_reports ADD COLUMN hold_reason TEXT; -- why the report may not be sent (pre-send check); NULL = it may
ALTER TABLE igny8_service_reports ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]'; -- JSON array of problems that did not stop rendering (e.g. a logo that could not be loaded)
