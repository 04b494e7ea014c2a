-- trigger migrations: CREATE OR REPLACE TRIGGER (PG14+), ALTER TRIGGER RENAME, DISABLE/ENABLE [ALWAYS|REPLICA] TRIGGER, DROP TRIGGER IF EXISTS, partitioned tables
CREATE TABLE invoices (id bigint PRIMARY KEY, status text NOT NULL, total_cents bigint NOT NULL, updated_at timestamptz);
CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'invoice % is locked', OLD.id; END $$;

CREATE TRIGGER invoices_updated BEFORE UPDATE ON invoices FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE OR REPLACE TRIGGER invoices_updated BEFORE INSERT OR UPDATE ON invoices FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER invoices_lock BEFORE UPDATE OF total_cents ON invoices
  FOR EACH ROW WHEN (OLD.status = 'paid') EXECUTE FUNCTION forbid_change();
ALTER TRIGGER invoices_lock ON invoices RENAME TO invoices_paid_are_locked;

CREATE TRIGGER invoices_noop AFTER INSERT ON invoices FOR EACH STATEMENT EXECUTE FUNCTION set_updated_at();
DROP TRIGGER invoices_noop ON invoices;
DROP TRIGGER IF EXISTS invoices_noop ON invoices;

ALTER TABLE invoices DISABLE TRIGGER invoices_paid_are_locked;
ALTER TABLE invoices ENABLE ALWAYS TRIGGER invoices_updated;
CREATE TRIGGER invoices_replica BEFORE DELETE ON invoices FOR EACH ROW EXECUTE FUNCTION forbid_change();
ALTER TABLE invoices ENABLE REPLICA TRIGGER invoices_replica;
ALTER TABLE invoices DISABLE TRIGGER USER;
ALTER TABLE invoices ENABLE TRIGGER invoices_paid_are_locked;

-- a row trigger on a partitioned table is cloned onto every partition
CREATE TABLE events (id bigint NOT NULL, at timestamptz NOT NULL, updated_at timestamptz) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00');
CREATE TRIGGER events_updated BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01 00:00:00+00') TO ('2026-01-01 00:00:00+00');
