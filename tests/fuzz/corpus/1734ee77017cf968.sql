CREATE TABLE orgs (id bigint PRIMARY KEY, name text NOT NULL);
CREATE VIEW org_invoice_totals AS
    SELECT o.id, o.name, sum(i.total) AS total
    FROM orgs o JOIN invoices i ON i.org_id = o.id
    GROUP BY o.id, o.name;
