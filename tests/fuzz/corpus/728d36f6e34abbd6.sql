CREATE TABLE projects (
    id bigserial PRIMARY KEY,
    org_id bigint NOT NULL REFERENCES orgs (id),
    owner_id bigint REFERENCES users (id) ON DELETE SET NULL,
    name text NOT NULL,
    archived_at timestamptz
);
CREATE INDEX projects_active_idx ON projects (org_id) WHERE archived_at IS NULL;

CREATE TABLE audit_logs (
    id bigserial PRIMARY KEY,
    org_id bigint NOT NULL REFERENCES orgs (id),
    actor_id bigint REFERENCES users (id),
    action text NOT NULL,
    payload jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_logs_org_created_idx ON audit_logs (org_id, created_at DESC);
