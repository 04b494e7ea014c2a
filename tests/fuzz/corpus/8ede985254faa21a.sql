-- column collations: COLLATE "C" / "POSIX" / "ucs_basic" / "default", on domains, changed with ALTER COLUMN TYPE ... COLLATE
CREATE TABLE users (
  id bigint PRIMARY KEY,
  email text COLLATE "C" NOT NULL,
  username varchar(40) COLLATE "POSIX",
  display_name text COLLATE "default",
  sort_key text COLLATE ucs_basic,
  code char(6) COLLATE "C"
);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE INDEX users_display_name_c_idx ON users (display_name COLLATE "C");

CREATE DOMAIN tag AS text COLLATE "C" NOT NULL;
CREATE TABLE project_tags (
  project_id int NOT NULL,
  name tag,
  name_override tag COLLATE "POSIX"
);

CREATE TABLE orgs (id int PRIMARY KEY, slug text, legal_name text COLLATE "C");
ALTER TABLE orgs ALTER COLUMN slug TYPE text COLLATE "C";
ALTER TABLE orgs ALTER COLUMN legal_name TYPE text COLLATE "default";
ALTER TABLE orgs ADD COLUMN short_name varchar(20) COLLATE "C" DEFAULT '';
