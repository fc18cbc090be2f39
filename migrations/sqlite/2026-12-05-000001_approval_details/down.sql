ALTER TABLE igny8_approval_items DROP COLUMN review_url;
ALTER TABLE igny8_approval_items DROP COLUMN excerpt;
