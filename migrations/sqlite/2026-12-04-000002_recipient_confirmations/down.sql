ALTER TABLE igny8_email_outbox DROP COLUMN confirmation_id;
DROP TABLE igny8_recipient_confirmations;
