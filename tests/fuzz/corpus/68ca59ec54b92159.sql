-- LANGUAGE plpgsql functions: $$ and $tag$ bodies, SECURITY DEFINER with SET search_path, CREATE OR REPLACE, ALTER FUNCTION forms
CREATE SCHEMA app;
CREATE TABLE app.api_keys (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id bigint NOT NULL,
  token_hash text NOT NULL UNIQUE,
  revoked_at timestamptz
);

CREATE FUNCTION app.verify_api_key(p_hash text) RETURNS bigint
  LANGUAGE plpgsql STABLE SECURITY DEFINER
  SET search_path = app, pg_temp
AS $$
DECLARE
  v_org bigint;
BEGIN
  SELECT org_id INTO v_org FROM api_keys WHERE token_hash = p_hash AND revoked_at IS NULL;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'invalid api key' USING ERRCODE = '28000';
  END IF;
  RETURN v_org;
END;
$$;

CREATE FUNCTION app.revoke_org_keys(p_org bigint) RETURNS integer
LANGUAGE plpgsql
AS $body$
DECLARE n integer;
BEGIN
  UPDATE app.api_keys SET revoked_at = now() WHERE org_id = p_org AND revoked_at IS NULL;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n; -- a $$ inside this dollar-quoted body is just text
END
$body$;

-- replaced: same signature, new body and attributes
CREATE OR REPLACE FUNCTION app.revoke_org_keys(p_org bigint) RETURNS integer
LANGUAGE plpgsql STRICT
AS $$
DECLARE n integer;
BEGIN
  UPDATE app.api_keys SET revoked_at = clock_timestamp() WHERE org_id = p_org AND revoked_at IS NULL;
  GET DIAGNOSTICS n = ROW_COUNT;
  RAISE NOTICE 'revoked % keys', n;
  RETURN n;
END
$$;

CREATE FUNCTION app.key_count() RETURNS bigint LANGUAGE plpgsql AS $$ BEGIN RETURN (SELECT count(*) FROM app.api_keys); END $$;
ALTER FUNCTION app.key_count() RENAME TO active_key_count;
ALTER FUNCTION app.active_key_count() STABLE;
ALTER FUNCTION app.active_key_count() SECURITY DEFINER SET search_path = app;
ALTER FUNCTION app.active_key_count() RESET search_path;
ALTER FUNCTION app.active_key_count() OWNER TO app_owner;
ALTER FUNCTION app.verify_api_key(text) COST 10;
CREATE SCHEMA internal;
ALTER FUNCTION app.revoke_org_keys SET SCHEMA internal;
DROP FUNCTION IF EXISTS app.nonexistent(int);
