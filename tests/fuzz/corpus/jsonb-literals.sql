CREATE TABLE t (a jsonb DEFAULT '{"a":[1,{"b":2}],"c":"x\"y", "a": 3}'::jsonb, b jsonb CHECK (b @> '[{"k": [1, 2]}]'::jsonb));
