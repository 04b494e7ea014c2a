-- case folding: unquoted names fold to lower case, quoted ones keep case; "users" and Users are the same table, "Users" is another
CREATE TABLE Users (ID bigint PRIMARY KEY, Email TEXT NOT NULL);
ALTER TABLE "users" ADD COLUMN "Email" text;
ALTER TABLE USERS ADD COLUMN Display_Name text;
CREATE TABLE "Users" ("ID" bigint PRIMARY KEY, "users_id" bigint REFERENCES users (id));
CREATE INDEX Users_Email_IDX ON USERS (EMAIL);
CREATE INDEX "Users_Email_IDX" ON "Users" ("ID");
CREATE SCHEMA Billing;
CREATE TABLE BILLING.Invoices (Id INT PRIMARY KEY);
CREATE TABLE "billing"."INVOICES" (id int PRIMARY KEY);
CREATE FUNCTION Billing.Total(P_Id int) RETURNS int LANGUAGE SQL IMMUTABLE AS $$ SELECT P_ID * 2 $$;
CREATE TYPE Status AS ENUM ('Active', 'INACTIVE');
ALTER TABLE users ADD COLUMN State STATUS DEFAULT 'Active';
CREATE SEQUENCE Counter_Seq;
ALTER TABLE users ALTER COLUMN id SET DEFAULT NextVal('COUNTER_SEQ');
COMMENT ON TABLE USERS IS 'lower-case users';
COMMENT ON TABLE "Users" IS 'Mixed-case Users';
