CREATE SCHEMA billing;
CREATE TABLE "Order Lines" (id int PRIMARY KEY, qty int CHECK (qty > 0), "Note" text);
-- @to
CREATE SCHEMA billing;
CREATE TABLE billing.items (id int PRIMARY KEY, qty int CHECK (qty > 0), note text);
-- @renames
public."Order Lines"=billing.items
public."Order Lines"."Note"=note
