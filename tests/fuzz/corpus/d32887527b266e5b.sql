-- EXCLUDE USING gist constraints with btree_gist: room bookings, non-overlapping plan periods, partial and deferrable exclusions
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE rooms (id int PRIMARY KEY, org_id bigint NOT NULL, name text NOT NULL);
CREATE TABLE bookings (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  room_id int NOT NULL REFERENCES rooms,
  during tstzrange NOT NULL,
  cancelled boolean NOT NULL DEFAULT false,
  EXCLUDE USING gist (room_id WITH =, during WITH &&) WHERE (NOT cancelled)
);

CREATE TABLE subscriptions (
  org_id bigint NOT NULL,
  plan text NOT NULL,
  valid daterange NOT NULL,
  CONSTRAINT subscriptions_no_overlap EXCLUDE USING gist (org_id WITH =, valid WITH &&) DEFERRABLE INITIALLY DEFERRED
);

-- btree exclusion is just a unique constraint in disguise
CREATE TABLE seat_assignments (
  org_id bigint NOT NULL,
  seat_no int NOT NULL,
  EXCLUDE USING btree (org_id WITH =, seat_no WITH =)
);

ALTER TABLE rooms ADD COLUMN maintenance tsrange;
ALTER TABLE rooms ADD CONSTRAINT rooms_one_maintenance EXCLUDE USING gist (id WITH =, maintenance WITH &&);
ALTER TABLE rooms ADD EXCLUDE USING gist (org_id WITH =, name WITH <>) INCLUDE (id);
