-- The server side of tests/pg/drop_oracle.sh (after drop_oracle_keys.sql and
-- ls_stmt are loaded): every statement of ls_stmt run with RESTRICT and
-- with CASCADE in a subtransaction that is rolled back; prints the keys
-- (K) and the results (R: id, mode, verdict, dependents, gone, message).
SET client_min_messages = warning;
COPY (SELECT 'K', k FROM pg_temp.ls_keys() k ORDER BY k COLLATE "C") TO STDOUT;
CREATE TEMP TABLE ls_res (id int, mode text, verdict text, deps text, gone text);
DO $$
DECLARE
  r record; mode text; m text; d text; st text;
  before text[] := ARRAY(SELECT pg_temp.ls_keys());
BEGIN
  FOR r IN SELECT * FROM ls_stmt ORDER BY id LOOP
    FOREACH mode IN ARRAY ARRAY['RESTRICT', 'CASCADE'] LOOP
      BEGIN
        EXECUTE r.stmt || ' ' || mode;
        -- done: hand what is gone out through an error, which rolls the
        -- drop back
        RAISE EXCEPTION USING ERRCODE = 'LSDON', MESSAGE = 'done', DETAIL = coalesce(
          (SELECT string_agg(k, '|' ORDER BY k COLLATE "C") FROM unnest(before) k
           WHERE k NOT IN (SELECT pg_temp.ls_keys())), '');
      EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, st = RETURNED_SQLSTATE;
        IF st = 'LSDON' THEN
          INSERT INTO ls_res VALUES (r.id, mode, 'done', '', d);
        ELSE
          INSERT INTO ls_res VALUES (r.id, mode, 'refused', coalesce(
            (SELECT string_agg(x, '|' ORDER BY x COLLATE "C") FROM (
               SELECT DISTINCT substring(l FROM '^(.*) depends on ') AS x
               FROM regexp_split_to_table(d, E'\n') l WHERE l LIKE '% depends on %') s), ''), m);
        END IF;
      END;
    END LOOP;
  END LOOP;
END $$;
-- empty fields as '-': the reader splits on tabs, which collapse
COPY (SELECT 'R', id, mode, verdict, coalesce(nullif(deps, ''), '-'),
    CASE WHEN verdict = 'done' THEN coalesce(nullif(gone, ''), '-') ELSE '-' END,
    CASE WHEN verdict = 'refused' THEN gone ELSE '-' END FROM ls_res ORDER BY id, mode DESC) TO STDOUT;
