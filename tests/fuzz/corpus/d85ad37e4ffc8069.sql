CREATE TABLE orgs (id bigint PRIMARY KEY);

  ALTER TABLE invoices ADD COLUMN total numeric;
