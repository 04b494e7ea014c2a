CREATE TABLE audit_log (id bigint PRIMARY KEY, action text NOT NULL);
CREATE TABLE audit_logs (id bigint PRIMARY KEY, action text NOT NULL, actor_id bigint);
ALTER TABLE audit_log RENAME TO audit_logs;
