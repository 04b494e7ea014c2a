-- extensions installed WITH SCHEMA into a dedicated namespace and used through qualified names
CREATE SCHEMA extensions;
CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA extensions;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA extensions;
CREATE EXTENSION IF NOT EXISTS "uuid-ossp" SCHEMA extensions;
CREATE EXTENSION btree_gist WITH SCHEMA extensions;

CREATE TABLE orgs (
  id uuid PRIMARY KEY DEFAULT extensions.uuid_generate_v4(),
  name extensions.citext NOT NULL,
  domain extensions.citext
);
CREATE UNIQUE INDEX orgs_domain_key ON orgs (domain) WHERE domain IS NOT NULL;
CREATE INDEX orgs_name_trgm ON orgs USING gist (name extensions.gist_trgm_ops);

CREATE TABLE memberships (
  org_id uuid NOT NULL REFERENCES orgs ON DELETE CASCADE,
  user_email extensions.citext NOT NULL,
  during tstzrange NOT NULL,
  CONSTRAINT memberships_no_overlap
    EXCLUDE USING gist (org_id WITH =, user_email WITH =, during WITH &&)
);
GRANT USAGE ON SCHEMA extensions TO app_reader, app_writer;
