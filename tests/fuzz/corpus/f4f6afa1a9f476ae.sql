-- per-column settings: SET STATISTICS, SET STORAGE, SET COMPRESSION, SET (n_distinct), RESET; plus REPLICA IDENTITY and CLUSTER ON
CREATE TABLE documents (
  id bigint PRIMARY KEY,
  org_id bigint NOT NULL,
  title text NOT NULL,
  body text,
  attachment bytea,
  search_blob text,
  compressed text COMPRESSION pglz
);
CREATE INDEX documents_org_idx ON documents (org_id);

ALTER TABLE documents ALTER COLUMN org_id SET STATISTICS 1000;
ALTER TABLE documents ALTER COLUMN title SET STATISTICS -1;
ALTER TABLE documents ALTER COLUMN body SET STORAGE EXTERNAL;
ALTER TABLE documents ALTER COLUMN attachment SET STORAGE MAIN;
ALTER TABLE documents ALTER COLUMN search_blob SET STORAGE EXTERNAL;
ALTER TABLE documents ALTER COLUMN body SET COMPRESSION pglz;
ALTER TABLE documents ALTER COLUMN org_id SET (n_distinct = -0.05);
ALTER TABLE documents ALTER COLUMN title SET (n_distinct = 500, n_distinct_inherited = 800);
ALTER TABLE documents ALTER COLUMN title RESET (n_distinct_inherited);

ALTER TABLE documents REPLICA IDENTITY FULL;
ALTER TABLE documents CLUSTER ON documents_org_idx;

CREATE TABLE comments (id bigint NOT NULL, doc_id bigint NOT NULL, body text);
CREATE UNIQUE INDEX comments_id_uidx ON comments (id);
ALTER TABLE comments REPLICA IDENTITY USING INDEX comments_id_uidx;
ALTER TABLE comments SET WITHOUT CLUSTER;
