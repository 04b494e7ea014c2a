-- dropping columns takes indexes, constraints and (with CASCADE) views that depend on them
CREATE TABLE users (
  id bigint PRIMARY KEY,
  email text NOT NULL,
  legacy_login text UNIQUE,
  first_name text,
  last_name text,
  age int CHECK (age >= 0),
  CONSTRAINT users_name_chk CHECK (first_name <> last_name)
);
CREATE INDEX users_names_idx ON users (last_name, first_name);
CREATE INDEX users_email_lower_idx ON users (lower(email));
CREATE VIEW user_logins AS SELECT id, legacy_login FROM users;

-- drops users_legacy_login_key and the view
ALTER TABLE users DROP COLUMN legacy_login CASCADE;
-- drops users_names_idx (multi-column index) and users_name_chk (multi-column check)
ALTER TABLE users DROP COLUMN first_name;
-- drops users_age_check
ALTER TABLE users DROP COLUMN age;
ALTER TABLE users ADD COLUMN display_name text;

-- FK columns: dropping the referenced column cascades to the FK constraint only
CREATE TABLE sessions (
  id bigint PRIMARY KEY,
  user_email text,
  user_id bigint REFERENCES users (id)
);
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
ALTER TABLE sessions ADD FOREIGN KEY (user_email) REFERENCES users (email);
ALTER TABLE users DROP COLUMN email CASCADE;
