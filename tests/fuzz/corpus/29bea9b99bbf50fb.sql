-- ATTACH / DETACH PARTITION, partition indexes attached with ALTER INDEX ... ATTACH PARTITION
CREATE TABLE invoices (
  id bigint NOT NULL,
  org_id bigint NOT NULL,
  issued_on date NOT NULL,
  total_cents bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (id, issued_on)
) PARTITION BY RANGE (issued_on);
CREATE TABLE invoices_2023 PARTITION OF invoices FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE invoices_2024 PARTITION OF invoices FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

-- a table built on its own, loaded, then attached
CREATE TABLE invoices_2025 (LIKE invoices INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE invoices_2025 ADD CONSTRAINT invoices_2025_range
  CHECK (issued_on >= DATE '2025-01-01' AND issued_on < DATE '2026-01-01');
INSERT INTO invoices_2025 VALUES (1, 1, '2025-03-01', 1999);
ALTER TABLE invoices ATTACH PARTITION invoices_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
ALTER TABLE invoices_2025 DROP CONSTRAINT invoices_2025_range;

-- an old partition detached: it stays as a plain table and keeps its copy of the PK index
ALTER TABLE invoices DETACH PARTITION invoices_2023;
ALTER TABLE invoices_2023 RENAME TO invoices_archive_2023;

-- an index on the parent only (ONLY), then the partitions' indexes attached one by one
CREATE INDEX invoices_org_idx ON ONLY invoices (org_id);
CREATE INDEX invoices_2024_org_idx ON invoices_2024 (org_id);
CREATE INDEX invoices_2025_org_idx ON invoices_2025 (org_id);
ALTER INDEX invoices_org_idx ATTACH PARTITION invoices_2024_org_idx;
ALTER INDEX invoices_org_idx ATTACH PARTITION invoices_2025_org_idx;

-- attach a DEFAULT partition
CREATE TABLE invoices_misc (id bigint NOT NULL, org_id bigint NOT NULL, issued_on date NOT NULL, total_cents bigint NOT NULL DEFAULT 0);
ALTER TABLE invoices ATTACH PARTITION invoices_misc DEFAULT;
