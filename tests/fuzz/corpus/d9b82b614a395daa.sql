-- enums, domains, composite types used by columns
CREATE TYPE mood AS ENUM ('sad', 'ok');
ALTER TYPE mood ADD VALUE 'happy';
ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';
ALTER TYPE mood ADD VALUE IF NOT EXISTS 'sad';
ALTER TYPE mood RENAME VALUE 'meh' TO 'so-so';
CREATE SCHEMA billing;
CREATE DOMAIN billing.money_amount AS numeric(12,2) NOT NULL DEFAULT 0 CHECK (VALUE >= 0);
CREATE DOMAIN email AS text CHECK (VALUE ~ '@') CHECK (length(VALUE) < 300);
CREATE DOMAIN "Short Code" AS varchar(8) COLLATE "C" CONSTRAINT code_upper CHECK (VALUE = upper(VALUE));
CREATE TYPE address AS (street text, city text COLLATE "C", zip varchar(10));
CREATE TABLE people (id int PRIMARY KEY, feeling mood DEFAULT 'ok', balance billing.money_amount, contact email, home address, code "Short Code", feelings mood[]);
CREATE TYPE "Status" AS ENUM ('on', 'off');
ALTER TYPE "Status" RENAME TO status_flag;
ALTER TABLE people ADD COLUMN flag status_flag NOT NULL DEFAULT 'on';
COMMENT ON TYPE mood IS 'how people feel';
COMMENT ON DOMAIN email IS 'an address';
