-- less common CREATE TABLE forms: empty column list, ONLY, CREATE TABLE AS / SELECT INTO (catalog-visible tables), WITHOUT OIDS
CREATE TABLE heartbeat ();
ALTER TABLE heartbeat ADD COLUMN beat_at timestamptz NOT NULL DEFAULT now();

CREATE TABLE plans (
  code text PRIMARY KEY,
  monthly_cents int NOT NULL,
  seats int
) WITHOUT OIDS;
INSERT INTO plans VALUES ('free', 0, 1), ('team', 4900, 10), ('enterprise', 99900, NULL);

-- CREATE TABLE AS: columns take the query's types, no constraints
CREATE TABLE plan_snapshot AS SELECT code, monthly_cents::numeric(10,2) / 100 AS monthly, now() AS taken_at FROM plans;
CREATE TABLE plan_names (name) AS SELECT code FROM plans WITH NO DATA;
CREATE UNLOGGED TABLE plan_cache AS SELECT * FROM plans WHERE seats IS NOT NULL;
SELECT code, seats INTO TABLE seat_plans FROM plans;

ALTER TABLE ONLY plans ADD COLUMN description text DEFAULT '';
ALTER TABLE plan_snapshot ADD PRIMARY KEY (code);
ALTER TABLE plan_snapshot ALTER COLUMN taken_at SET NOT NULL;
