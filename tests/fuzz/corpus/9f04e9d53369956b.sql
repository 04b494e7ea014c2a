-- Tenant-scoped keys: PRIMARY KEY (id) becomes PRIMARY KEY (org_id, id),
-- and the foreign keys that pointed at users (id) follow.
ALTER TABLE projects DROP CONSTRAINT projects_owner_id_fkey;
ALTER TABLE audit_logs DROP CONSTRAINT audit_logs_actor_id_fkey;
ALTER TABLE users DROP CONSTRAINT users_pkey;
ALTER TABLE users ADD PRIMARY KEY (org_id, id);
ALTER TABLE projects ADD CONSTRAINT projects_owner_fkey
    FOREIGN KEY (org_id, owner_id) REFERENCES users (org_id, id) NOT VALID;
ALTER TABLE projects VALIDATE CONSTRAINT projects_owner_fkey;
ALTER TABLE projects DROP CONSTRAINT projects_pkey;
ALTER TABLE projects ADD PRIMARY KEY (org_id, id);
