CREATE TABLE users (id bigint PRIMARY KEY, login text NOT NULL, org_id bigint);
CREATE INDEX users_org ON users (org_id);
CREATE VIEW active AS SELECT id, login FROM users WHERE org_id IS NOT NULL;
-- @then
ALTER TABLE users RENAME COLUMN login TO handle;
ALTER TABLE users RENAME TO members;
ALTER INDEX users_org RENAME TO members_org;
ALTER TABLE members ALTER COLUMN org_id TYPE integer;
