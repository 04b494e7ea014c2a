-- operator classes: gin_trgm_ops, gist_trgm_ops, text_pattern_ops, varchar_pattern_ops, jsonb_path_ops, brin minmax_multi, COLLATE in an index
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE projects (
  id bigint PRIMARY KEY,
  name text NOT NULL,
  slug varchar(64) NOT NULL,
  description text,
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  code bpchar(6)
);

CREATE INDEX projects_name_trgm ON projects USING gin (name gin_trgm_ops);
CREATE INDEX projects_description_trgm ON projects USING gist (description gist_trgm_ops);
CREATE INDEX projects_name_prefix ON projects (name text_pattern_ops);
CREATE INDEX projects_slug_prefix ON projects (slug varchar_pattern_ops);
CREATE INDEX projects_code_prefix ON projects (code bpchar_pattern_ops);
CREATE INDEX projects_settings_path ON projects USING gin (settings jsonb_path_ops);
CREATE INDEX projects_settings_ops ON projects USING gin (settings jsonb_ops);
CREATE INDEX projects_created_brin ON projects USING brin (created_at timestamptz_minmax_multi_ops);
CREATE INDEX projects_name_c ON projects (name COLLATE "C" DESC);
CREATE INDEX projects_lower_name_trgm ON projects USING gin (lower(name) gin_trgm_ops);
CREATE INDEX projects_trgm_multi ON projects USING gist (name gist_trgm_ops(siglen = 32), slug gist_trgm_ops);
CREATE INDEX projects_default_opclass ON projects (name text_ops);
