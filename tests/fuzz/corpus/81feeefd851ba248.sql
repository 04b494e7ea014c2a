-- HASH partitioning: WITH (MODULUS, REMAINDER), uneven moduli, unique index on the key
CREATE TABLE api_requests (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  api_key_id bigint NOT NULL,
  path text NOT NULL,
  status smallint NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (api_key_id, id)
) PARTITION BY HASH (api_key_id);

CREATE TABLE api_requests_p0 PARTITION OF api_requests FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE api_requests_p1 PARTITION OF api_requests FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE api_requests_p2 PARTITION OF api_requests FOR VALUES WITH (modulus 4, remainder 2);
CREATE TABLE api_requests_p3 PARTITION OF api_requests FOR VALUES WITH (MODULUS 4, REMAINDER 3);
CREATE INDEX ON api_requests (requested_at);

-- uneven split: 2 + 4 + 4 covers all hashes
CREATE TABLE user_sessions (
  user_id bigint NOT NULL,
  token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
) PARTITION BY HASH (user_id, token);
CREATE TABLE user_sessions_a PARTITION OF user_sessions FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE user_sessions_b PARTITION OF user_sessions FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE user_sessions_c PARTITION OF user_sessions FOR VALUES WITH (MODULUS 4, REMAINDER 3);
CREATE UNIQUE INDEX user_sessions_key ON user_sessions (user_id, token);
