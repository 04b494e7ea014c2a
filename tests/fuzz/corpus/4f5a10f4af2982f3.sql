-- chains of dependent views: drop and recreate around a column type change, DROP VIEW CASCADE, views that survive a column rename
CREATE TABLE users (
  id int PRIMARY KEY,
  org_id int NOT NULL,
  email varchar(100) NOT NULL,
  score int NOT NULL DEFAULT 0
);
CREATE VIEW user_emails AS SELECT id, email FROM users;
CREATE VIEW user_email_domains AS SELECT id, split_part(email, '@', 2) AS domain FROM user_emails;
CREATE VIEW domain_counts AS SELECT domain, count(*) AS n FROM user_email_domains GROUP BY domain;
CREATE MATERIALIZED VIEW top_scores AS SELECT id, score FROM users ORDER BY score DESC LIMIT 100;

-- widening users.email means dropping every view that reads it, then recreating them
DROP VIEW domain_counts;
DROP VIEW user_email_domains;
DROP VIEW user_emails;
ALTER TABLE users ALTER COLUMN email TYPE varchar(320);
CREATE VIEW user_emails AS SELECT id, email FROM users;
CREATE VIEW user_email_domains AS SELECT id, split_part(email, '@', 2) AS domain FROM user_emails;

-- widening a column that only a matview reads
DROP MATERIALIZED VIEW top_scores;
ALTER TABLE users ALTER COLUMN score TYPE bigint;
CREATE MATERIALIZED VIEW top_scores AS SELECT id, score FROM users ORDER BY score DESC LIMIT 100 WITH NO DATA;

-- column renames do not break views
ALTER TABLE users RENAME COLUMN org_id TO tenant_id;
CREATE VIEW users_by_tenant AS SELECT tenant_id, count(*) AS n FROM users GROUP BY tenant_id;
ALTER TABLE users RENAME COLUMN tenant_id TO account_id;

-- CASCADE from the bottom of a chain
CREATE VIEW a AS SELECT id FROM users;
CREATE VIEW b AS SELECT id FROM a;
CREATE VIEW c AS SELECT id FROM b;
DROP VIEW a CASCADE;
