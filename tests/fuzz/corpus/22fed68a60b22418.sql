-- LANGUAGE sql functions: volatility, STRICT, PARALLEL, RETURNS TABLE / SETOF / OUT params, defaults, SQL-standard bodies (BEGIN ATOMIC, RETURN), overloading
CREATE TABLE users (id bigint PRIMARY KEY, org_id bigint NOT NULL, email text NOT NULL, active boolean NOT NULL DEFAULT true);

CREATE FUNCTION normalize_email(e text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT lower(trim(e)) $$;

CREATE FUNCTION org_user_count(p_org_id bigint) RETURNS bigint
  LANGUAGE sql STABLE
  AS $$ SELECT count(*) FROM users WHERE org_id = p_org_id $$;

CREATE FUNCTION org_users(p_org_id bigint, p_only_active boolean DEFAULT true)
  RETURNS TABLE (user_id bigint, email text)
  LANGUAGE sql STABLE
  AS $$
    SELECT id, email FROM users
    WHERE org_id = p_org_id AND (active OR NOT p_only_active)
    ORDER BY id
  $$;

CREATE FUNCTION all_users() RETURNS SETOF users LANGUAGE sql STABLE AS 'SELECT * FROM users';

CREATE FUNCTION split_email(e text, OUT local_part text, OUT domain text)
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT split_part(e, '@', 1), split_part(e, '@', 2) $$;

-- SQL-standard bodies (PostgreSQL 14+): parsed at creation, dependencies tracked
CREATE FUNCTION cents_to_units(cents bigint) RETURNS numeric
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN cents / 100.0;

CREATE FUNCTION deactivate_org_users(p_org_id bigint) RETURNS bigint
  LANGUAGE sql
  BEGIN ATOMIC
    UPDATE users SET active = false WHERE org_id = p_org_id;
    SELECT count(*) FROM users WHERE org_id = p_org_id AND NOT active;
  END;

-- overloads share a name
CREATE FUNCTION display_amount(cents bigint) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT to_char(cents / 100.0, 'FM999999990.00') $$;
CREATE FUNCTION display_amount(cents bigint, currency text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT display_amount(cents) || ' ' || upper(currency) $$;

CREATE FUNCTION variadic_max(VARIADIC vals int[]) RETURNS int LANGUAGE sql IMMUTABLE
  AS $$ SELECT max(v) FROM unnest(vals) v $$;
CREATE FUNCTION costly() RETURNS int LANGUAGE sql VOLATILE COST 500 AS $$ SELECT 1 $$;
CREATE FUNCTION many_rows() RETURNS SETOF int LANGUAGE sql ROWS 50 AS $$ SELECT generate_series(1, 50) $$;

CREATE INDEX users_normalized_email ON users (normalize_email(email));
