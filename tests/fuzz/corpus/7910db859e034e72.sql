CREATE TABLE users (id bigint PRIMARY KEY, email text, email_address text);

ALTER TABLE users RENAME COLUMN email_address TO email;
