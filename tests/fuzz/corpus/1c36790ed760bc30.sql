CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, full_name text);

-- legacy_id was already dropped by an earlier migration
ALTER TABLE users DROP COLUMN legacy_id;
