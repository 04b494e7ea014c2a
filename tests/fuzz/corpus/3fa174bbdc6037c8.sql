-- CREATE INDEX CONCURRENTLY / DROP INDEX CONCURRENTLY / REINDEX in a script (outside any transaction block)
CREATE TABLE memberships (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id bigint NOT NULL,
  user_id bigint NOT NULL,
  role text NOT NULL DEFAULT 'member',
  invited_by bigint
);
INSERT INTO memberships (org_id, user_id) SELECT g % 10, g FROM generate_series(1, 200) g;

CREATE INDEX CONCURRENTLY memberships_org_idx ON memberships (org_id);
CREATE UNIQUE INDEX CONCURRENTLY memberships_org_user_key ON memberships (org_id, user_id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS memberships_user_idx ON memberships (user_id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS memberships_user_idx ON memberships (user_id, org_id);
CREATE INDEX CONCURRENTLY ON memberships (invited_by) WHERE invited_by IS NOT NULL;

-- replace an index without a gap: build the new one, drop the old one, rename
CREATE INDEX CONCURRENTLY memberships_org_role_idx_new ON memberships (org_id, role);
DROP INDEX CONCURRENTLY memberships_org_idx;
ALTER INDEX memberships_org_role_idx_new RENAME TO memberships_org_role_idx;

DROP INDEX CONCURRENTLY IF EXISTS memberships_nothing_idx;
REINDEX INDEX CONCURRENTLY memberships_user_idx;
REINDEX TABLE memberships;
ANALYZE memberships;
