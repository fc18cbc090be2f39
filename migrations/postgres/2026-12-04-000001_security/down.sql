DROP TABLE igny8_login_failures;
