-- storage parameters: WITH (...) on tables and indexes, ALTER TABLE SET/RESET, toast.* options, ALTER INDEX SET/RESET
CREATE TABLE counters (
  org_id bigint PRIMARY KEY WITH (fillfactor = 80),
  api_calls bigint NOT NULL DEFAULT 0
) WITH (fillfactor = 70, autovacuum_enabled = true);

CREATE TABLE audit_logs (
  id bigint PRIMARY KEY,
  message text
) WITH (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.005, toast.autovacuum_enabled = false);

ALTER TABLE audit_logs SET (autovacuum_vacuum_scale_factor = 0.02, log_autovacuum_min_duration = 0);
ALTER TABLE audit_logs RESET (autovacuum_analyze_scale_factor);
ALTER TABLE audit_logs SET (toast.autovacuum_vacuum_cost_delay = 5);
ALTER TABLE audit_logs RESET (toast.autovacuum_enabled);

ALTER TABLE counters SET (fillfactor = 60, parallel_workers = 2);
ALTER TABLE counters SET (autovacuum_vacuum_threshold = 100);

CREATE TABLE page_views (id bigint, viewed_at timestamptz, url text);
CREATE INDEX page_views_viewed_brin ON page_views USING brin (viewed_at) WITH (pages_per_range = 32);
CREATE INDEX page_views_url_idx ON page_views (url) WITH (fillfactor = 50, deduplicate_items = off);
ALTER INDEX page_views_url_idx SET (fillfactor = 75);
ALTER INDEX page_views_url_idx RESET (deduplicate_items);
ALTER INDEX counters_pkey SET (fillfactor = 95);

CREATE TABLE tags (id int PRIMARY KEY, name text) WITH (fillfactor = 100);
ALTER TABLE tags RESET (fillfactor);
CREATE INDEX tags_name_gin ON tags USING gin (to_tsvector('simple', name)) WITH (fastupdate = off);
