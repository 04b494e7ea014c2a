CREATE TABLE audit_logs (
    id bigserial PRIMARY KEY,
    action text NOT NULL,
    created_at datetime NOT NULL DEFAULT now()
);
