-- statements that leave the catalog alone mixed into a schema script: seed INSERTs, UPDATE, DELETE, SELECT, DO blocks, SET, ANALYZE, VACUUM, setval, TRUNCATE
SET client_min_messages = warning;
SET statement_timeout = '30s';
SET lock_timeout TO '5s';
CREATE TABLE plans (code text PRIMARY KEY, monthly_cents int NOT NULL, features jsonb NOT NULL DEFAULT '{}'::jsonb);
INSERT INTO plans (code, monthly_cents) VALUES ('free', 0), ('team', 4900), ('business', 19900);
INSERT INTO plans VALUES ('enterprise', 99900, '{"sso": true}') ON CONFLICT (code) DO NOTHING;
INSERT INTO plans VALUES ('team', 5900) ON CONFLICT (code) DO UPDATE SET monthly_cents = EXCLUDED.monthly_cents;
UPDATE plans SET features = features || '{"api": true}' WHERE code <> 'free';
DELETE FROM plans WHERE code = 'business';

CREATE TABLE orgs (id bigserial PRIMARY KEY, name text NOT NULL, plan text NOT NULL DEFAULT 'free' REFERENCES plans);
INSERT INTO orgs (name) SELECT 'org ' || g FROM generate_series(1, 5) g;
SELECT setval('orgs_id_seq', (SELECT max(id) FROM orgs));
SELECT count(*) AS org_count FROM orgs;

DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT id FROM orgs WHERE id % 2 = 0 LOOP
    UPDATE orgs SET plan = 'team' WHERE id = r.id;
  END LOOP;
  RAISE NOTICE 'seeded % orgs', (SELECT count(*) FROM orgs);
END
$$;

DO LANGUAGE plpgsql $do$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM plans WHERE code = 'free') THEN
    RAISE EXCEPTION 'free plan missing';
  END IF;
END
$do$;

CREATE TABLE import_scratch (line text);
COPY import_scratch FROM stdin;
first line
second line
\.
TRUNCATE import_scratch;
ANALYZE orgs;
VACUUM (ANALYZE) plans;
CHECKPOINT;
NOTIFY schema_changed, 'plans';
SELECT pg_sleep(0);
RESET statement_timeout;
RESET ALL;
