-- multi-level partitioning: RANGE by month, then LIST by region or HASH by org; indexes cascade to every level
CREATE TABLE events (
  org_id bigint NOT NULL,
  region text NOT NULL,
  occurred_at timestamptz NOT NULL,
  kind text NOT NULL,
  body jsonb
) PARTITION BY RANGE (occurred_at);

CREATE TABLE events_2024_06 PARTITION OF events
  FOR VALUES FROM ('2024-06-01 00:00:00+00') TO ('2024-07-01 00:00:00+00')
  PARTITION BY LIST (region);
CREATE TABLE events_2024_06_eu PARTITION OF events_2024_06 FOR VALUES IN ('eu');
CREATE TABLE events_2024_06_us PARTITION OF events_2024_06 FOR VALUES IN ('us');
CREATE TABLE events_2024_06_rest PARTITION OF events_2024_06 DEFAULT;

CREATE TABLE events_2024_07 PARTITION OF events
  FOR VALUES FROM ('2024-07-01 00:00:00+00') TO ('2024-08-01 00:00:00+00')
  PARTITION BY HASH (org_id);
CREATE TABLE events_2024_07_h0 PARTITION OF events_2024_07 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE events_2024_07_h1 PARTITION OF events_2024_07 FOR VALUES WITH (MODULUS 2, REMAINDER 1)
  PARTITION BY LIST (kind);
CREATE TABLE events_2024_07_h1_clicks PARTITION OF events_2024_07_h1 FOR VALUES IN ('click');
CREATE TABLE events_2024_07_h1_other PARTITION OF events_2024_07_h1 DEFAULT;

CREATE TABLE events_future PARTITION OF events FOR VALUES FROM ('2024-08-01 00:00:00+00') TO (MAXVALUE);

-- created after the tree exists: one index per leaf and per intermediate level
CREATE INDEX events_org_time_idx ON events (org_id, occurred_at);
CREATE INDEX ON events (kind);
