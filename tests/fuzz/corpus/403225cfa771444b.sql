-- character types: varchar(n), character varying, char(n), character, bare char, bpchar, text, "char", name
CREATE TABLE users (
  id bigint PRIMARY KEY,
  email varchar(320) NOT NULL,
  display_name character varying(100),
  bio character varying,
  nickname VARCHAR,
  country_code char(2) NOT NULL DEFAULT 'US',
  currency character(3) DEFAULT 'usd',
  initial char,
  padded bpchar(4),
  unlimited_bpchar bpchar,
  notes text DEFAULT '',
  flag "char" DEFAULT 'a',
  handle name
);

CREATE TABLE api_keys (
  id bigint PRIMARY KEY,
  prefix varchar(8) NOT NULL DEFAULT 'sk_live_',
  label varchar(64) DEFAULT 'default key'::character varying,
  scope varchar(20)[] NOT NULL DEFAULT '{read}'
);
