-- RLS migrations: ALTER POLICY (RENAME, TO, USING, WITH CHECK), DROP POLICY, NO FORCE / DISABLE ROW LEVEL SECURITY, policies follow renamed tables
CREATE TABLE documents (id bigint PRIMARY KEY, org_id bigint NOT NULL, author_id bigint NOT NULL, body text);
ALTER TABLE documents ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;

CREATE POLICY docs_tenant ON documents USING (org_id = current_setting('app.org_id')::bigint);
CREATE POLICY docs_write ON documents FOR INSERT TO app_writer WITH CHECK (true);
CREATE POLICY docs_old ON documents FOR SELECT USING (false);

ALTER POLICY docs_tenant ON documents RENAME TO documents_tenant_isolation;
ALTER POLICY documents_tenant_isolation ON documents TO app_reader, app_writer;
ALTER POLICY documents_tenant_isolation ON documents
  USING (org_id = nullif(current_setting('app.org_id', true), '')::bigint);
ALTER POLICY docs_write ON documents WITH CHECK (author_id = current_setting('app.user_id')::bigint);
DROP POLICY docs_old ON documents;
DROP POLICY IF EXISTS docs_old ON documents;
ALTER TABLE documents NO FORCE ROW LEVEL SECURITY;

ALTER TABLE documents RENAME TO org_documents;
ALTER TABLE org_documents RENAME COLUMN author_id TO created_by;

CREATE TABLE drafts (id int PRIMARY KEY, owner text);
ALTER TABLE drafts ENABLE ROW LEVEL SECURITY;
CREATE POLICY drafts_owner ON drafts USING (owner = current_user);
ALTER TABLE drafts DISABLE ROW LEVEL SECURITY;  -- the policy stays, inactive
