-- views: qualification, star expansion, joins, window, subquery, aliases, OR REPLACE, matview, check option
CREATE TABLE users (id int PRIMARY KEY, email varchar(100), org_id int, deleted_at timestamptz);
CREATE TABLE orgs (id int PRIMARY KEY, name text);
CREATE VIEW active_users AS SELECT id, email FROM users WHERE deleted_at IS NULL;
CREATE VIEW all_users AS SELECT * FROM users;
CREATE VIEW user_orgs AS SELECT u.id, lower(u.email) AS email_lc, o.name, count(*) OVER () AS total FROM users u JOIN orgs o ON o.id = u.org_id WHERE o.name LIKE 'a%' ORDER BY u.id;
CREATE VIEW v2 (uid) WITH (security_barrier) AS SELECT id FROM active_users WHERE id IN (SELECT id FROM users WHERE email IS NOT NULL);
CREATE OR REPLACE VIEW active_users AS SELECT id, email, org_id FROM users WHERE deleted_at IS NULL;
CREATE MATERIALIZED VIEW org_counts AS SELECT org_id, count(*) AS n FROM users GROUP BY org_id WITH NO DATA;
CREATE UNIQUE INDEX ON org_counts (org_id);
CREATE VIEW checked AS SELECT id, email FROM users WHERE email IS NOT NULL WITH LOCAL CHECK OPTION;
COMMENT ON VIEW all_users IS 'everyone';
