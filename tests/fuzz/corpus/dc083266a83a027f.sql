-- PRIMARY KEY forms: column-level, table-level, composite, named, added later, dropped and re-added as (org_id, id)
CREATE TABLE orgs (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE users (
  id bigint NOT NULL,
  org_id bigint NOT NULL,
  email text NOT NULL,
  CONSTRAINT users_pk PRIMARY KEY (id)
);
CREATE TABLE memberships (
  org_id bigint NOT NULL REFERENCES orgs,
  user_id bigint NOT NULL REFERENCES users,
  role text NOT NULL DEFAULT 'member',
  PRIMARY KEY (org_id, user_id)
);
CREATE TABLE api_keys (token_hash bytea, created_at timestamptz DEFAULT now());
ALTER TABLE api_keys ADD PRIMARY KEY (token_hash);

CREATE TABLE tags (org_id bigint, name text, PRIMARY KEY (org_id, name) WITH (fillfactor = 90));
CREATE TABLE tag_links (tag_org bigint, tag_name text, project_id bigint,
  CONSTRAINT tag_links_pkey PRIMARY KEY (project_id, tag_org, tag_name) INCLUDE (tag_name));

-- the composite key conversion: projects.id becomes (org_id, id), FK from tasks rewired
CREATE TABLE projects (
  id bigint PRIMARY KEY,
  org_id bigint NOT NULL REFERENCES orgs,
  name text NOT NULL
);
CREATE TABLE tasks (
  id bigint PRIMARY KEY,
  org_id bigint NOT NULL,
  project_id bigint NOT NULL REFERENCES projects (id)
);
ALTER TABLE tasks DROP CONSTRAINT tasks_project_id_fkey;
ALTER TABLE projects DROP CONSTRAINT projects_pkey;
ALTER TABLE projects ADD PRIMARY KEY (org_id, id);
ALTER TABLE tasks ADD CONSTRAINT tasks_project_fkey FOREIGN KEY (org_id, project_id) REFERENCES projects (org_id, id);

-- a PK column gets NOT NULL implicitly; dropping the PK leaves the NOT NULL behind
CREATE TABLE sessions (token text PRIMARY KEY, user_id bigint);
ALTER TABLE sessions DROP CONSTRAINT sessions_pkey;
