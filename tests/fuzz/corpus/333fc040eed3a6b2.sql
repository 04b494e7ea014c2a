-- indexes built CONCURRENTLY then promoted: ADD PRIMARY KEY USING INDEX, ADD CONSTRAINT ... UNIQUE USING INDEX (index renamed to the constraint)
CREATE TABLE users (
  id bigint NOT NULL,
  org_id bigint NOT NULL,
  email text NOT NULL,
  external_id text
);

-- unnamed: the primary key takes the index's name (users_id_idx, not users_pkey)
CREATE UNIQUE INDEX CONCURRENTLY users_id_idx ON users (id);
ALTER TABLE users ADD PRIMARY KEY USING INDEX users_id_idx;

CREATE UNIQUE INDEX CONCURRENTLY users_org_email_uidx ON users (org_id, email);
ALTER TABLE users ADD CONSTRAINT users_org_email_key UNIQUE USING INDEX users_org_email_uidx;

CREATE UNIQUE INDEX CONCURRENTLY users_external_id_uidx ON users (external_id);
ALTER TABLE users ADD CONSTRAINT users_external_id_key UNIQUE USING INDEX users_external_id_uidx
  DEFERRABLE INITIALLY DEFERRED;

-- primary key conversion to (org_id, id): new unique index, swap in one ALTER
CREATE TABLE projects (id bigint PRIMARY KEY, org_id bigint NOT NULL, name text);
CREATE UNIQUE INDEX CONCURRENTLY projects_org_id_id_idx ON projects (org_id, id);
ALTER TABLE projects
  DROP CONSTRAINT projects_pkey,
  ADD CONSTRAINT projects_pkey PRIMARY KEY USING INDEX projects_org_id_id_idx;

-- the index can have a name equal to the constraint: then nothing is renamed
CREATE TABLE invoices (number text NOT NULL);
CREATE UNIQUE INDEX invoices_number_key ON invoices (number);
ALTER TABLE invoices ADD CONSTRAINT invoices_number_key UNIQUE USING INDEX invoices_number_key;
-- unnamed: the constraint takes the index's name
CREATE TABLE api_keys (token text NOT NULL);
CREATE UNIQUE INDEX api_keys_token_uidx ON api_keys (token);
ALTER TABLE api_keys ADD UNIQUE USING INDEX api_keys_token_uidx;
