-- a migration that tightens and loosens columns: SET/DROP NOT NULL, SET/DROP DEFAULT, backfill UPDATE in between
CREATE TABLE projects (
  id bigserial PRIMARY KEY,
  org_id bigint,
  name text,
  visibility text DEFAULT 'private',
  archived boolean,
  created_at timestamptz,
  legacy_owner text NOT NULL DEFAULT 'system'
);
INSERT INTO projects (org_id, name) VALUES (1, 'alpha'), (2, 'beta');

-- backfill then tighten
UPDATE projects SET archived = false WHERE archived IS NULL;
ALTER TABLE projects ALTER COLUMN archived SET DEFAULT false;
ALTER TABLE projects ALTER COLUMN archived SET NOT NULL;

UPDATE projects SET created_at = now() WHERE created_at IS NULL;
ALTER TABLE projects ALTER COLUMN created_at SET DEFAULT now(), ALTER COLUMN created_at SET NOT NULL;

ALTER TABLE projects ALTER org_id SET NOT NULL;
ALTER TABLE projects ALTER COLUMN name SET NOT NULL;

-- loosen
ALTER TABLE projects ALTER COLUMN legacy_owner DROP NOT NULL;
ALTER TABLE projects ALTER COLUMN legacy_owner DROP DEFAULT;
ALTER TABLE projects ALTER COLUMN visibility SET DEFAULT 'internal';
ALTER TABLE projects ALTER COLUMN visibility DROP DEFAULT;
ALTER TABLE projects ALTER COLUMN visibility SET DEFAULT 'team'::text;

-- DROP NOT NULL on a column that was never NOT NULL, SET DEFAULT twice: no-ops
ALTER TABLE projects ALTER COLUMN visibility DROP NOT NULL;
ALTER TABLE projects ALTER COLUMN archived SET DEFAULT false;
-- SET DEFAULT NULL stores no default at all
ALTER TABLE projects ALTER COLUMN name SET DEFAULT NULL;
