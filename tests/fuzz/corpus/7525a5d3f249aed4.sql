CREATE TABLE users (
    id bigint PRIMARY KEY,
    email text NOT NULL,
    PRIMARY KEY (email)
);
