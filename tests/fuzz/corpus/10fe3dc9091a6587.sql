-- procedures: CREATE PROCEDURE (plpgsql with COMMIT, sql, BEGIN ATOMIC), CALL, CREATE OR REPLACE, ALTER PROCEDURE, DROP PROCEDURE
CREATE TABLE invoices (id bigint PRIMARY KEY, org_id bigint NOT NULL, status text NOT NULL DEFAULT 'open', due_on date);
CREATE TABLE invoice_events (invoice_id bigint NOT NULL, event text NOT NULL, at timestamptz NOT NULL DEFAULT now());

CREATE PROCEDURE mark_overdue(p_as_of date DEFAULT CURRENT_DATE)
LANGUAGE plpgsql
AS $$
BEGIN
  INSERT INTO invoice_events (invoice_id, event)
    SELECT id, 'overdue' FROM invoices WHERE status = 'open' AND due_on < p_as_of;
  UPDATE invoices SET status = 'overdue' WHERE status = 'open' AND due_on < p_as_of;
  COMMIT;
END;
$$;

CREATE PROCEDURE log_event(p_invoice bigint, p_event text)
LANGUAGE sql
AS $$ INSERT INTO invoice_events (invoice_id, event) VALUES (p_invoice, p_event) $$;

CREATE PROCEDURE void_invoice(p_invoice bigint)
LANGUAGE sql
BEGIN ATOMIC
  UPDATE invoices SET status = 'void' WHERE id = p_invoice;
  INSERT INTO invoice_events (invoice_id, event) VALUES (p_invoice, 'void');
END;

CREATE OR REPLACE PROCEDURE log_event(p_invoice bigint, p_event text)
LANGUAGE sql SECURITY DEFINER
AS $$ INSERT INTO invoice_events (invoice_id, event, at) VALUES (p_invoice, upper(p_event), now()) $$;

INSERT INTO invoices VALUES (1, 1, 'open', '2020-01-01');
CALL mark_overdue();
CALL log_event(1, 'reminded');

CREATE PROCEDURE scratch() LANGUAGE sql AS $$ SELECT 1 $$;
DROP PROCEDURE scratch();
ALTER PROCEDURE mark_overdue(date) RENAME TO flag_overdue_invoices;
ALTER PROCEDURE flag_overdue_invoices SET work_mem = '64MB';
ALTER PROCEDURE void_invoice(bigint) OWNER TO app_owner;
CREATE SCHEMA jobs;
ALTER PROCEDURE log_event(bigint, text) SET SCHEMA jobs;
