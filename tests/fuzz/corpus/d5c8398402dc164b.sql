-- RANGE partitioning: monthly partitions, MINVALUE/MAXVALUE, multi-column keys, expression keys, DEFAULT partition
CREATE TABLE audit_logs (
  id bigint GENERATED ALWAYS AS IDENTITY,
  org_id bigint NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  action text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);

CREATE TABLE audit_logs_2024_01 PARTITION OF audit_logs FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2024-02-01 00:00:00+00');
CREATE TABLE audit_logs_2024_02 PARTITION OF audit_logs FOR VALUES FROM ('2024-02-01 00:00:00+00') TO ('2024-03-01 00:00:00+00');
CREATE TABLE audit_logs_2024_03 PARTITION OF audit_logs FOR VALUES FROM ('2024-03-01 00:00:00+00') TO ('2024-04-01 00:00:00+00')
  WITH (fillfactor = 90);
CREATE TABLE audit_logs_old PARTITION OF audit_logs FOR VALUES FROM (MINVALUE) TO ('2024-01-01 00:00:00+00');
CREATE TABLE audit_logs_default PARTITION OF audit_logs DEFAULT;
CREATE INDEX audit_logs_org_idx ON audit_logs (org_id, occurred_at DESC);

-- two-column range key on dates and ints
CREATE TABLE usage_daily (
  org_id int NOT NULL,
  day date NOT NULL,
  api_calls bigint NOT NULL DEFAULT 0
) PARTITION BY RANGE (org_id, day);
CREATE TABLE usage_daily_low PARTITION OF usage_daily FOR VALUES FROM (MINVALUE, MINVALUE) TO (1000, MINVALUE);
CREATE TABLE usage_daily_high_2024 PARTITION OF usage_daily FOR VALUES FROM (1000, '2024-01-01') TO (1000000, '2025-01-01');
CREATE TABLE usage_daily_rest PARTITION OF usage_daily FOR VALUES FROM (1000000, '2025-01-01') TO (MAXVALUE, MAXVALUE);

-- expression partition key
CREATE TABLE invoices (
  id bigint NOT NULL,
  issued_on date NOT NULL,
  total numeric(12,2)
) PARTITION BY RANGE ((extract(year FROM issued_on)));
CREATE TABLE invoices_y2023 PARTITION OF invoices FOR VALUES FROM (2023) TO (2024);
CREATE TABLE invoices_y2024 PARTITION OF invoices FOR VALUES FROM (2024) TO (2025);
