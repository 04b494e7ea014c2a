-- CREATE SEQUENCE with options (AS, INCREMENT, MIN/MAX, START, CACHE, CYCLE), used by nextval defaults, in a non-public schema
CREATE SCHEMA billing;
CREATE SEQUENCE billing.invoice_number_seq
  AS bigint
  INCREMENT BY 1
  MINVALUE 100000
  MAXVALUE 999999999
  START WITH 100000
  CACHE 10
  NO CYCLE;
CREATE SEQUENCE ticket_seq AS integer START 1 INCREMENT 5;
CREATE SEQUENCE small_seq AS smallint;
CREATE SEQUENCE countdown_seq INCREMENT BY -1;
CREATE SEQUENCE rotating_seq MINVALUE 1 MAXVALUE 10 CYCLE;
CREATE SEQUENCE no_bounds_seq NO MINVALUE NO MAXVALUE;
CREATE UNLOGGED SEQUENCE scratch_seq;

CREATE TABLE billing.invoices (
  id bigint PRIMARY KEY DEFAULT nextval('billing.invoice_number_seq'),
  org_id bigint NOT NULL
);
CREATE TABLE support_tickets (
  id int PRIMARY KEY DEFAULT nextval('ticket_seq'::regclass),
  subject text NOT NULL
);
SELECT nextval('ticket_seq');
SELECT setval('billing.invoice_number_seq', 100500, false);
