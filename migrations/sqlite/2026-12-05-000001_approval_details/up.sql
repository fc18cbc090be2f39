-- The client portal's approval queue (issue 15): what the request says about the item and where
-- the client reads it before deciding (a draft's preview URL).
ALTER TABLE igny8_approval_items ADD COLUMN excerpt TEXT; -- an article's opening lines, or what the request says; NULL = none
ALTER TABLE igny8_approval_items ADD COLUMN review_url TEXT; -- where to read the item before deciding; NULL = none
