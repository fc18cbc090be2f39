ALTER TABLE igny8_email_outbox DROP COLUMN invitation_id;
DROP TABLE igny8_invitations;
