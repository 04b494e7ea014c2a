-- self-referencing FKs (org tree, comment threads) and a two-table FK cycle closed with ALTER TABLE after both exist
CREATE TABLE orgs (
  id bigint PRIMARY KEY,
  parent_id bigint REFERENCES orgs (id) ON DELETE CASCADE,
  name text NOT NULL
);

CREATE TABLE comments (
  id bigint PRIMARY KEY,
  thread_root_id bigint,
  reply_to_id bigint REFERENCES comments,
  body text NOT NULL,
  CONSTRAINT comments_root_fk FOREIGN KEY (thread_root_id) REFERENCES comments (id) ON DELETE CASCADE
);

-- cycle: users belong to an org, an org has an owner
CREATE TABLE users (
  id bigint PRIMARY KEY,
  org_id bigint NOT NULL REFERENCES orgs,
  manager_id bigint REFERENCES users ON DELETE SET NULL
);
ALTER TABLE orgs ADD COLUMN owner_id bigint;
ALTER TABLE orgs ADD CONSTRAINT orgs_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED;

-- composite self reference
CREATE TABLE folders (
  org_id bigint NOT NULL,
  id bigint NOT NULL,
  parent_id bigint,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, parent_id) REFERENCES folders (org_id, id)
);
