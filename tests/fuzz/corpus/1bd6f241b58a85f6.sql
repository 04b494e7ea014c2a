-- non-ASCII UTF-8 identifiers (Köln, 名前, Ελλάδα), U&"..." escapes, and 63-byte truncation that never splits a multi-byte character
CREATE SCHEMA "München";
CREATE TABLE "München"."Köln" (
  id int PRIMARY KEY,
  "名前" text NOT NULL,
  "Straße" text,
  "Ελλάδα" int,
  "città" text DEFAULT 'Köln',
  "número_de_teléfono" varchar(20)
);
CREATE INDEX ON "München"."Köln" ("名前");
CREATE INDEX "Köln_Straße_idx" ON "München"."Köln" ("Straße");
ALTER TABLE "München"."Köln" ADD CHECK ("Ελλάδα" > 0);
CREATE TABLE "顧客" ("番号" int PRIMARY KEY, "店舗" int UNIQUE);

-- U&"\00e9" is é: this column is named café
CREATE TABLE menu (id int PRIMARY KEY, U&"caf\00e9" text, U&"d!0061t!+000061" UESCAPE '!' int);

-- 22 characters of 3 bytes each = 66 bytes: truncated to 21 characters (63 bytes)
CREATE TABLE "あいうえおかきくけこさしすせそたちつてとなに" (id int PRIMARY KEY);
-- 2-byte characters: 32 x "ü" = 64 bytes, truncated to 31 (62 bytes) rather than half a character
CREATE TABLE "üüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüü" (x int);
-- generated names are cut on character boundaries as well
CREATE TABLE "発注明細テーブル" ("非常に長い列名前非常に長い列名前非常に長い列名前" int UNIQUE);
CREATE TYPE "Stimmung" AS ENUM ('glücklich', 'traurig', 'ausgeglichen');
COMMENT ON TABLE "München"."Köln" IS 'Städte – mit Umlauten';
