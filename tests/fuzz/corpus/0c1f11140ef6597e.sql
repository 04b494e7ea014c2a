CREATE TABLE users (
    id bigint PRIMARY KEY,
    full_name text NOT NULL
);
ALTER TABLE users RENAME COLUMN name TO display_name;
