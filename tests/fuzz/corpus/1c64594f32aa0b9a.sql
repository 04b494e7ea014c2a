-- identifiers that need quoting: "MixedCase", spaces, reserved words ("order", "user", "select", "table"), embedded double quotes, leading digits
CREATE SCHEMA "Tenant Data";
CREATE TABLE "Tenant Data"."Order" (
  "id" bigint PRIMARY KEY,
  "user" text NOT NULL,
  "select" int,
  "from" date,
  "table" text,
  "group" text DEFAULT 'default',
  "Order Total" numeric(10,2),
  "a""b" int,
  """quoted""" text,
  "1st_line" text,
  "CamelCase" bool,
  "trailing space " text,
  "semi;colon" text,
  "dot.name" text,
  "$dollar" text
);
CREATE INDEX "Order By User" ON "Tenant Data"."Order" ("user", "select" DESC);
CREATE INDEX ON "Tenant Data"."Order" ("a""b");
CREATE INDEX ON "Tenant Data"."Order" (lower("user"));
ALTER TABLE "Tenant Data"."Order" ADD CONSTRAINT "Select Must Be Positive" CHECK ("select" > 0);
ALTER TABLE "Tenant Data"."Order" ADD CHECK ("a""b" <> 0);
ALTER TABLE "Tenant Data"."Order" ADD UNIQUE ("""quoted""");

CREATE TABLE "user" (id int PRIMARY KEY, "order" bigint REFERENCES "Tenant Data"."Order");
CREATE TABLE "select" ("where" int, "natural" int, "check" int CHECK ("check" > 0), UNIQUE ("where", "natural"));
CREATE VIEW "User View" AS SELECT u.id AS "User ID", o."Order Total" AS "Total ""Net""" FROM "user" u JOIN "Tenant Data"."Order" o ON o.id = u."order";
CREATE TYPE "Mood" AS ENUM ('Happy', 'sad', 'it''s complicated');
CREATE FUNCTION "Tenant Data"."Get Order"("Order ID" bigint) RETURNS text LANGUAGE sql STABLE
  AS $$ SELECT "user" FROM "Tenant Data"."Order" WHERE id = "Order ID" $$;
CREATE SEQUENCE "Tenant Data"."Invoice Seq";
COMMENT ON COLUMN "Tenant Data"."Order"."a""b" IS 'a column named a"b';

-- quoting that is not needed: same objects as unquoted
CREATE TABLE "plain_lower" ("id" int, "name" text);
ALTER TABLE plain_lower ADD COLUMN "Name" text;
