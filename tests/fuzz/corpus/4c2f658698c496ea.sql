-- row-level security: ENABLE/FORCE, permissive and RESTRICTIVE policies, FOR ALL/SELECT/INSERT/UPDATE/DELETE, TO roles, USING / WITH CHECK
CREATE TABLE projects (
  id bigint PRIMARY KEY,
  org_id bigint NOT NULL,
  owner_id bigint NOT NULL,
  name text NOT NULL,
  is_public boolean NOT NULL DEFAULT false,
  archived boolean NOT NULL DEFAULT false
);
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
ALTER TABLE projects FORCE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON projects
  USING (org_id = current_setting('app.org_id')::bigint);
CREATE POLICY projects_public_read ON projects AS PERMISSIVE FOR SELECT TO app_reader
  USING (is_public);
CREATE POLICY projects_insert ON projects FOR INSERT TO app_writer
  WITH CHECK (org_id = current_setting('app.org_id')::bigint AND owner_id = current_setting('app.user_id')::bigint);
CREATE POLICY projects_update_own ON projects FOR UPDATE TO app_writer
  USING (owner_id = current_setting('app.user_id')::bigint)
  WITH CHECK (owner_id = current_setting('app.user_id')::bigint);
CREATE POLICY projects_delete ON projects FOR DELETE TO app_writer, app_owner USING (NOT archived);
CREATE POLICY projects_not_archived ON projects AS RESTRICTIVE FOR ALL TO PUBLIC USING (NOT archived);
CREATE POLICY "Owners see everything" ON projects FOR SELECT TO app_owner, app_reader USING (true);

CREATE TABLE api_keys (id bigint PRIMARY KEY, org_id bigint NOT NULL, secret text);
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY api_keys_org ON api_keys AS RESTRICTIVE
  USING (org_id IN (SELECT org_id FROM projects WHERE owner_id = current_setting('app.user_id')::bigint));

-- RLS enabled but no policies: default deny for non-owners
CREATE TABLE secrets (id int PRIMARY KEY, value text);
ALTER TABLE secrets ENABLE ROW LEVEL SECURITY;
