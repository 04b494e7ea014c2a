CREATE TABLE o (r int DEFAULT nextval($q$missing$q$));
-- @to
CREATE SEQUENCE missing;
CREATE TABLE o (r int DEFAULT nextval($q$missing$q$));
