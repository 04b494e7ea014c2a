CREATE TABLE users (
    id bigint PRIMARY KEY,
    email text NOT NULL
);
ALTER TABLE users ADD COLUMN email text;
