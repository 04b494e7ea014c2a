-- LIST partitioning: FOR VALUES IN (...), NULL in a list, DEFAULT partition, partitions in another schema
CREATE SCHEMA regions;
CREATE TABLE orgs (
  id bigint NOT NULL,
  region text,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id, region)
) PARTITION BY LIST (region);

CREATE TABLE regions.orgs_eu PARTITION OF orgs FOR VALUES IN ('eu-west-1', 'eu-central-1');
CREATE TABLE regions.orgs_us PARTITION OF orgs FOR VALUES IN ('us-east-1', 'us-east-2', 'us-west-2');
CREATE TABLE regions.orgs_ap PARTITION OF orgs FOR VALUES IN ('ap-southeast-1');
CREATE TABLE orgs_other PARTITION OF orgs DEFAULT;

CREATE TYPE ticket_status AS ENUM ('open', 'pending', 'closed');
CREATE TABLE support_tickets (
  id bigint NOT NULL,
  status ticket_status NOT NULL DEFAULT 'open',
  subject text NOT NULL,
  assignee_id bigint
) PARTITION BY LIST (status);
CREATE TABLE support_tickets_active PARTITION OF support_tickets FOR VALUES IN ('open', 'pending');
CREATE TABLE support_tickets_closed PARTITION OF support_tickets (
  CONSTRAINT closed_has_assignee CHECK (assignee_id IS NOT NULL)
) FOR VALUES IN ('closed');

CREATE TABLE feature_usage (
  plan text,
  feature text NOT NULL,
  hits bigint DEFAULT 0
) PARTITION BY LIST (plan);
CREATE TABLE feature_usage_free PARTITION OF feature_usage FOR VALUES IN ('free', NULL);
CREATE TABLE feature_usage_paid PARTITION OF feature_usage FOR VALUES IN ('pro', 'enterprise');

-- integer list keys
CREATE TABLE shard_events (shard int NOT NULL, payload text) PARTITION BY LIST (shard);
CREATE TABLE shard_events_0 PARTITION OF shard_events FOR VALUES IN (0, 2, 4);
CREATE TABLE shard_events_1 PARTITION OF shard_events FOR VALUES IN (1, 3, -5);
