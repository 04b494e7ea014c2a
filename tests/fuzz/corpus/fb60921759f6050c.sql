-- triggers: BEFORE/AFTER, FOR EACH ROW/STATEMENT, WHEN (...), UPDATE OF col, INSTEAD OF on a view, transition tables, constraint triggers
CREATE TABLE projects (
  id bigint PRIMARY KEY,
  org_id bigint NOT NULL,
  name text NOT NULL,
  status text NOT NULL DEFAULT 'active',
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE audit_logs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  table_name text NOT NULL,
  op text NOT NULL,
  row_count int,
  at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END $$;

CREATE FUNCTION log_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_logs (table_name, op) VALUES (TG_TABLE_NAME, TG_OP);
  RETURN NULL;
END $$;

CREATE FUNCTION log_changed_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_logs (table_name, op, row_count) SELECT TG_TABLE_NAME, TG_OP, count(*) FROM new_rows;
  RETURN NULL;
END $$;

CREATE TRIGGER projects_touch BEFORE UPDATE ON projects
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER projects_status_changed AFTER UPDATE OF status ON projects
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE PROCEDURE log_statement();
CREATE TRIGGER projects_audit AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON projects
  FOR EACH STATEMENT EXECUTE FUNCTION log_statement();
CREATE TRIGGER projects_inserted AFTER INSERT ON projects
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION log_changed_rows();
CREATE TRIGGER projects_name_or_org BEFORE UPDATE OF name, org_id ON projects
  FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE CONSTRAINT TRIGGER projects_deferred_check AFTER INSERT OR UPDATE ON projects
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION log_statement();

-- INSTEAD OF on a view
CREATE VIEW project_names AS SELECT id, name FROM projects;
CREATE FUNCTION project_names_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE projects SET name = NEW.name WHERE id = OLD.id;
  RETURN NEW;
END $$;
CREATE TRIGGER project_names_instead INSTEAD OF UPDATE ON project_names
  FOR EACH ROW EXECUTE FUNCTION project_names_update();

-- trigger with arguments
CREATE TRIGGER projects_args AFTER DELETE ON projects FOR EACH ROW EXECUTE FUNCTION log_statement('projects', 'delete', 42);
