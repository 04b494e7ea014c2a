-- keys on partitioned tables: PK/UNIQUE including the partition key, FKs from and to partitioned tables, per-partition extras
CREATE TABLE orgs (id bigint PRIMARY KEY, name text NOT NULL);

CREATE TABLE orders (
  org_id bigint NOT NULL REFERENCES orgs ON DELETE CASCADE,
  id bigint NOT NULL,
  placed_on date NOT NULL,
  external_ref text,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, external_ref)
) PARTITION BY HASH (org_id);
CREATE TABLE orders_0 PARTITION OF orders FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE orders_1 PARTITION OF orders FOR VALUES WITH (MODULUS 2, REMAINDER 1);

-- a FK that references a partitioned table (PostgreSQL 12+)
CREATE TABLE order_lines (
  org_id bigint NOT NULL,
  order_id bigint NOT NULL,
  line_no int NOT NULL,
  sku text NOT NULL,
  qty int NOT NULL CHECK (qty > 0),
  PRIMARY KEY (org_id, order_id, line_no),
  FOREIGN KEY (org_id, order_id) REFERENCES orders (org_id, id) ON DELETE CASCADE
);

-- partition-only constraint and index: not on the parent
ALTER TABLE orders_1 ADD CONSTRAINT orders_1_ref_len CHECK (length(external_ref) < 64);
CREATE INDEX orders_0_placed_on_brin ON orders_0 USING brin (placed_on);

-- a partitioned table that is itself both referencing and referenced
CREATE TABLE shipments (
  org_id bigint NOT NULL,
  order_id bigint NOT NULL,
  shipped_on date NOT NULL,
  FOREIGN KEY (org_id, order_id) REFERENCES orders (org_id, id)
) PARTITION BY RANGE (shipped_on);
CREATE TABLE shipments_2024 PARTITION OF shipments FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
ALTER TABLE shipments ADD PRIMARY KEY (org_id, order_id, shipped_on);
