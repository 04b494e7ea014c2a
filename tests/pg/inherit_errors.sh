#!/usr/bin/env bash
# Statements about table inheritance that PostgreSQL 15 refuses (ALTER
# TABLE ... INHERIT and NO INHERIT, a parent's column changes that reach
# its children, DROP COLUMN of a parent or a child): `lockstep catalog` must
# refuse each with the server's own primary message. Each case (one line;
# a leading "P;" stands for the parent table p defined below) runs on a
# fresh database of a private server (pg.sh) and offline; the first ERROR
# of psql and the first line of lockstep's stderr (after "error: ") must be
# equal, and lockstep must exit 2.
# Quiet on success but for the final "N passed, N failed" line.
#
# usage: inherit_errors.sh LOCKSTEP
set -u
if [ $# -ne 1 ]; then
  echo "usage: inherit_errors.sh LOCKSTEP" >&2
  exit 2
fi
BIN=$1
. "$(dirname "$0")/pg.sh"
pg_test_begin inherr
W=$WORK
pass=0 fail=0
P='CREATE TABLE p (a int NOT NULL, b text COLLATE "C", g int GENERATED ALWAYS AS (a * 2) STORED, CONSTRAINT k CHECK (a > 0));'
while IFS= read -r sql; do
  case $sql in ''|'#'*) continue ;; esac
  printf '%s\n' "${sql/#P;/$P}" >"$W/case.sql"
  pg_fresh_db inherr >/dev/null || exit 3
  srv=$(psql -X -q -v ON_ERROR_STOP=1 -d inherr -f "$W/case.sql" 2>&1 |
    sed -n 's/^.*ERROR:  //; T; s/ at character [0-9]*$//; p' | head -n 1)
  off=$("$BIN" catalog "$W/case.sql" 2>&1 >/dev/null)
  rc=$?
  off=$(printf '%s\n' "$off" | head -n 1 | sed 's/^[^ ]*: error: //')
  if [ -z "$srv" ] || [ "$rc" -ne 2 ] || [ "$srv" != "$off" ]; then
    echo "FAIL: $sql"
    echo "    server: ${srv:-(no error)}"
    echo "    lockstep (exit $rc): $off"
    fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
done <<'CASES'
# ALTER TABLE ... INHERIT: the child must have every column and CHECK alike
P; CREATE TABLE c (a int NOT NULL); ALTER TABLE c INHERIT p;
P; CREATE TABLE c (a int); ALTER TABLE c INHERIT p;
P; CREATE TABLE c (a bigint NOT NULL, b text, g int); ALTER TABLE c INHERIT p;
P; CREATE TABLE c (a int NOT NULL, b text, g int); ALTER TABLE c INHERIT p;
P; CREATE TABLE c (a int NOT NULL, b text COLLATE "C", g int); ALTER TABLE c INHERIT p;
P; CREATE TABLE c (a int NOT NULL, b text COLLATE "C", g int GENERATED ALWAYS AS (a * 3) STORED); ALTER TABLE c INHERIT p;
P; CREATE TABLE c (a int NOT NULL, b text COLLATE "C", g int GENERATED ALWAYS AS (a * 2) STORED); ALTER TABLE c INHERIT p;
P; CREATE TABLE c (a int NOT NULL, b text COLLATE "C", g int GENERATED ALWAYS AS (a * 2) STORED, CONSTRAINT k CHECK (a > 1)); ALTER TABLE c INHERIT p;
P; CREATE TABLE c (a int NOT NULL, b text COLLATE "C", g int GENERATED ALWAYS AS (a * 2) STORED, CONSTRAINT k CHECK (a > 0) NO INHERIT); ALTER TABLE c INHERIT p;
P; CREATE TABLE c () INHERITS (p); ALTER TABLE c INHERIT p;
P; CREATE TABLE c () INHERITS (p); CREATE TABLE g () INHERITS (c); ALTER TABLE p INHERIT g;
P; ALTER TABLE p INHERIT p;
P; ALTER TABLE p INHERIT nope;
P; CREATE TABLE c () INHERITS (p); CREATE TABLE o (a int); ALTER TABLE c NO INHERIT o;
CREATE TABLE pp (a int) PARTITION BY RANGE (a); CREATE TABLE c (a int); ALTER TABLE c INHERIT pp;
CREATE TABLE pp (a int) PARTITION BY RANGE (a); CREATE TABLE c (a int); ALTER TABLE pp INHERIT c;
CREATE TABLE pp (a int) PARTITION BY RANGE (a); CREATE TABLE c (a int); CREATE TABLE pp1 PARTITION OF pp FOR VALUES FROM (0) TO (1); ALTER TABLE pp1 INHERIT c;
CREATE TABLE pp (a int) PARTITION BY RANGE (a); CREATE TABLE c (a int); CREATE TABLE pp1 PARTITION OF pp FOR VALUES FROM (0) TO (1); ALTER TABLE c INHERIT pp1;
# a parent's column changes that its children follow
P; CREATE TABLE c (x int) INHERITS (p); ALTER TABLE ONLY p ADD COLUMN z int;
P; CREATE TABLE c (x int) INHERITS (p); ALTER TABLE p ADD COLUMN z int GENERATED ALWAYS AS IDENTITY;
P; CREATE TABLE c (z bigint) INHERITS (p); ALTER TABLE p ADD COLUMN z int;
P; CREATE TABLE c (z text) INHERITS (p); ALTER TABLE p ADD COLUMN z text COLLATE "C";
P; CREATE TABLE c () INHERITS (p); CREATE TABLE g (z bigint) INHERITS (c); ALTER TABLE p ADD COLUMN z int;
P; CREATE TABLE c () INHERITS (p); ALTER TABLE p ADD COLUMN a int;
P; CREATE TABLE c () INHERITS (p); ALTER TABLE ONLY p ALTER COLUMN a TYPE bigint;
P; CREATE TABLE c () INHERITS (p); ALTER TABLE c ALTER COLUMN a TYPE bigint;
P; CREATE TABLE c () INHERITS (p); CREATE VIEW v AS SELECT b FROM c; ALTER TABLE p ALTER COLUMN b TYPE varchar(3);
P; CREATE TABLE c () INHERITS (p); ALTER TABLE c DROP COLUMN b;
P; CREATE TABLE c () INHERITS (p); CREATE VIEW v AS SELECT b FROM c; ALTER TABLE p DROP COLUMN b;
P; CREATE TABLE c () INHERITS (p); CREATE VIEW v AS SELECT b FROM p; ALTER TABLE p DROP COLUMN b;
P; CREATE TABLE c (b text COLLATE "C") INHERITS (p); CREATE VIEW v AS SELECT b FROM p; ALTER TABLE p DROP COLUMN b;
P; CREATE TABLE c (b text COLLATE "C") INHERITS (p); CREATE VIEW v AS SELECT b FROM c; ALTER TABLE p DROP COLUMN b; ALTER TABLE c DROP COLUMN b;
P; CREATE TABLE c () INHERITS (p); CREATE TABLE g () INHERITS (c); CREATE VIEW v AS SELECT b FROM g; ALTER TABLE p DROP COLUMN b;
# identity and generated columns of a parent and its children
CREATE TABLE p (id int GENERATED ALWAYS AS IDENTITY, g int GENERATED ALWAYS AS (id * 2) STORED, d int DEFAULT 7); CREATE TABLE c (g int GENERATED ALWAYS AS (id * 3) STORED) INHERITS (p);
CREATE TABLE p (id int GENERATED ALWAYS AS IDENTITY, g int GENERATED ALWAYS AS (id * 2) STORED, d int DEFAULT 7); CREATE TABLE c (g int DEFAULT 5) INHERITS (p);
CREATE TABLE p (id int GENERATED ALWAYS AS IDENTITY, g int GENERATED ALWAYS AS (id * 2) STORED, d int DEFAULT 7); CREATE TABLE c () INHERITS (p); ALTER TABLE ONLY p ALTER COLUMN g DROP EXPRESSION;
CREATE TABLE p (id int GENERATED ALWAYS AS IDENTITY, g int GENERATED ALWAYS AS (id * 2) STORED, d int DEFAULT 7); CREATE TABLE c () INHERITS (p); ALTER TABLE c ALTER COLUMN g DROP EXPRESSION;
CREATE TABLE p (id int GENERATED ALWAYS AS IDENTITY, g int GENERATED ALWAYS AS (id * 2) STORED, d int DEFAULT 7); CREATE TABLE c () INHERITS (p); ALTER TABLE p ALTER COLUMN d ADD GENERATED ALWAYS AS IDENTITY;
CREATE TABLE p (id int GENERATED ALWAYS AS IDENTITY, g int GENERATED ALWAYS AS (id * 2) STORED, d int DEFAULT 7); CREATE TABLE c () INHERITS (p); ALTER TABLE p ALTER COLUMN d SET NOT NULL; ALTER TABLE ONLY p ALTER COLUMN d ADD GENERATED ALWAYS AS IDENTITY;
CREATE TABLE p (id int GENERATED ALWAYS AS IDENTITY, g int GENERATED ALWAYS AS (id * 2) STORED, d int DEFAULT 7); CREATE TABLE c () INHERITS (p); ALTER TABLE p ALTER COLUMN g SET DEFAULT 3;
CREATE TABLE p (id int GENERATED ALWAYS AS IDENTITY, g int GENERATED ALWAYS AS (id * 2) STORED, d int DEFAULT 7); CREATE TABLE c () INHERITS (p); CREATE TABLE gc () INHERITS (c); ALTER TABLE p ALTER COLUMN g DROP EXPRESSION;
CREATE TABLE t (a int, g int GENERATED ALWAYS AS (a) STORED); ALTER TABLE t ALTER COLUMN g DROP DEFAULT;
CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY); ALTER TABLE t ALTER COLUMN id DROP DEFAULT;
CASES
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
