#!/usr/bin/env bash
# The dependency oracle: the server and lockstep's offline DROP must agree
# on what depends on what. For every object lockstep models in every
# catalog fixture (schemas, extensions, tables, views, materialized views,
# indexes, sequences, types and domains, functions, procedures and
# aggregates, table
# constraints, triggers, policies), as listed by `lockstep catalog`:
#   RESTRICT  the server (the fixture run once, each DROP in a
#             subtransaction that is rolled back) and lockstep (the fixture
#             followed by the DROP) give the same verdict, refused or done;
#             a refusal names the same dependent objects (the server's
#             DETAIL "X depends on Y" lines, lockstep's hint line after
#             the error, which may end in "..." when the hint is full); a
#             drop done
#             takes the same objects away;
#   CASCADE   the same verdict, and the same objects gone (tables, columns,
#             defaults, constraints, indexes, views, sequences, types,
#             functions, triggers, policies, schemas, extensions), compared
#             by tests/pg/drop_oracle_keys.{sql,jq}.
# Before any drop, both sides must list the same objects.
#
# tests/pg/drop_oracle.known lists the disagreements known today, one
# "FIXTURE MODE KEY -- reason" a line; a listed one still runs, and one that
# agrees now fails the test, so the list can only shrink. Fixtures in the
# catalog KNOWN_GAPS are skipped.
# usage: drop_oracle.sh LOCKSTEP_BINARY FIXTURE_DIR
#   DROP_ORACLE_ONLY=NNN  only the fixtures whose name starts with NNN
set -u
BIN=$1
DIR=$2
HERE=$(cd "$(dirname "$0")" && pwd)
KNOWN=$HERE/drop_oracle.known
. "$HERE/pg.sh"
pg_start || exit 1
OUT=$(mktemp -d)
chmod 0755 "$OUT"
trap 'pg_stop; rm -rf "$OUT"' EXIT
fail=0 checked=0 agreed=0 known_seen=0 fixtures=0 ran=
: >"$OUT/found"

# The dependents an offline refusal names (its hint line: "hint:
# dependents: X; Y (DROP ... CASCADE drops them too)"), sorted, joined by
# "|", to compare with the left sides of the server's "X depends on Z".
deps_of() {
  sed -n 's/^hint: dependents: //; T; s/ (DROP \.\.\. CASCADE drops them too)$//; p' |
    sed 's/; /\n/g' | LC_ALL=C sort -u | paste -sd'|'
}

for f in "$DIR"/*.sql; do
  name=$(basename "$f" .sql)
  [ -n "${DROP_ORACLE_ONLY:-}" ] && case $name in "$DROP_ORACLE_ONLY"*) ;; *) continue ;; esac
  [ -f "$DIR/KNOWN_GAPS" ] && grep -q "^$name:" "$DIR/KNOWN_GAPS" && continue
  fixtures=$((fixtures + 1)) ran="$ran $name"
  W=$OUT/$name
  mkdir -p "$W/off"
  chmod 0755 "$W"
  "$BIN" catalog "$f" >"$W/before.json" 2>/dev/null ||
    { echo "FAIL $name: lockstep catalog fails on the fixture"; fail=$((fail + 1)); continue; }
  jq -r -L "$HERE" 'include "drop_oracle_keys"; drops' "$W/before.json" |
    awk -F'\t' '{ printf "%d\t%s\t%s\n", NR, $1, $2 }' >"$W/stmts"
  jq -r -L "$HERE" 'include "drop_oracle_keys"; objkeys' "$W/before.json" | LC_ALL=C sort >"$W/keys.off"

  # --- the server: the fixture once, then every drop rolled back
  db=dro_$name
  pg_fresh_db "$db" || { fail=$((fail + 1)); continue; }
  if ! psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$f" >"$W/fixture.psql" 2>&1; then
    echo "FAIL $name: fixture does not run on PostgreSQL"; fail=$((fail + 1)); continue
  fi
  if ! { cat "$HERE/drop_oracle_keys.sql"; echo 'CREATE TEMP TABLE ls_stmt (id int, key text, stmt text);'
        echo 'COPY ls_stmt FROM STDIN;'; cat "$W/stmts"; echo '\.'; cat "$HERE/drop_oracle_server.sql"; } |
      psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f - >"$W/server.out" 2>"$W/server.psql"; then
    echo "FAIL $name: the server side did not run"; sed 's/^/  /' "$W/server.psql" | head -5
    fail=$((fail + 1)); continue
  fi
  sed -n 's/^K\t//p' "$W/server.out" | LC_ALL=C sort >"$W/keys.srv"
  sed -n 's/^R\t//p' "$W/server.out" >"$W/server"
  if ! diff -q "$W/keys.srv" "$W/keys.off" >/dev/null; then
    echo "FAIL $name: the server and lockstep do not list the same objects (- server, + offline)"
    diff -u "$W/keys.srv" "$W/keys.off" | sed -n '3,12s/^/  /p'
    fail=$((fail + 1)); continue
  fi

  # --- offline: the fixture followed by each drop
  while IFS=$'\t' read -r id key stmt; do
    for mode in RESTRICT CASCADE; do
      printf '%s %s;\n' "$stmt" "$mode" >"$W/off/$id.$mode.sql"
    done
  done <"$W/stmts"
  (cd "$W/off" && ls ./*.sql) | sed 's|^\./||; s|\.sql$||' |
    xargs -P 2 -I{} sh -c '"$1" catalog "$2" "$3/{}.sql" >"$3/{}.json" 2>"$3/{}.err"; echo $? >"$3/{}.rc"' \
      sh "$BIN" "$f" "$W/off"
  for j in "$W"/off/*.json; do
    b=${j%.json}
    [ "$(cat "$b.rc")" = 0 ] || : >"$j"
  done
  # what each drop done offline takes away
  jq -n -r -L "$HERE" --slurpfile b "$W/before.json" \
    'include "drop_oracle_keys"; [$b[0] | objkeys] as $k
     | inputs | (input_filename | sub(".*/"; "") | sub("\\.json$"; "")) + "\t" + (($k - [objkeys]) | join("|"))' \
    "$W"/off/*.json >"$W/gone.off" 2>/dev/null
  # the offline results, as the server's: id, mode, verdict, dependents, gone, message
  while IFS=$'\t' read -r id key stmt; do
    for mode in RESTRICT CASCADE; do
      b=$W/off/$id.$mode
      if [ "$(cat "$b.rc")" = 0 ]; then
        printf '%s\t%s\tdone\t-\t-\t-\n' "$id" "$mode"
      else
        printf '%s\t%s\trefused\t%s\t-\t%s\n' "$id" "$mode" "$(deps_of <"$b.err")" \
          "$(sed -n '1s/^.*: error: //p' "$b.err")"
      fi
    done
  done <"$W/stmts" >"$W/offline"
  [ -f "$KNOWN" ] && sed '/^#/d; s/ -- .*//' "$KNOWN" >"$W/known" || : >"$W/known"
  awk -F'\t' -v fx="$name" -v found="$OUT/found" '
    # a hint too short for all the dependents ends in "...": what it names
    # must be among the servers
    function cut_short(off, srv,   n, i, a, have) {
      if (off !~ /(^|\|)\.\.\.(\||$)/) return 0
      n = split(srv, a, "|"); for (i = 1; i <= n; i++) have[a[i]] = 1
      n = split(off, a, "|"); for (i = 1; i <= n; i++) if (a[i] != "..." && !(a[i] in have)) return 0
      return 1
    }
    FILENAME == ARGV[1] { known[$0] = 1; next }
    FILENAME == ARGV[2] { key[$1] = $2; next }
    FILENAME == ARGV[3] { gone[$1] = $2; next }
    FILENAME == ARGV[4] { ov[$1 "." $2] = $3; od[$1 "." $2] = $4; om[$1 "." $2] = $6; next }
    {
      id = $1; mode = $2; v = $3; d = $4 == "-" ? "" : $4; g = $5 == "-" ? "" : $5; m = $6
      n = id "." mode; o = ov[n]; odp = od[n] == "" || od[n] == "-" ? "" : od[n]; og = gone[n]
      checked++
      why = ""
      if (v != o) {
        why = "server " v ", offline " o
        if (v == "refused") why = why " (server: " m ")"
        if (o == "refused") why = why " (offline: " om[n] ")"
      } else if (v == "refused" && d != odp && !cut_short(odp, d))
        why = "dependents differ: server {" d "}, offline {" odp "}"
      else if (v == "done" && g != og)
        why = "gone differs: server {" g "}, offline {" og "}"
      entry = fx " " mode " " key[id]
      if (why == "") { agreed++; next }
      print entry " -- " why >> found
      if (entry in known) knownseen++
      else { print "FAIL " entry ": " why; failed++ }
    }
    END { printf "COUNT %d %d %d %d\n", checked, agreed, knownseen, failed }
  ' "$W/known" "$W/stmts" "$W/gone.off" "$W/offline" "$W/server" >"$W/verdicts"
  grep -v '^COUNT ' "$W/verdicts"
  read -r _ c a k x < <(grep '^COUNT ' "$W/verdicts")
  checked=$((checked + c)) agreed=$((agreed + a)) known_seen=$((known_seen + k)) fail=$((fail + x))
  pg_fresh_db "$db" >/dev/null 2>&1
  psql -X -q -d postgres -c "DROP DATABASE \"$db\"" >/dev/null 2>&1
  rm -rf "$W"
done
# a listed disagreement of a fixture that ran and that was not found: it
# agrees now (or its object is gone)
if [ -f "$KNOWN" ]; then
  sed 's/ -- .*//' "$OUT/found" >"$OUT/found.entries"
  while IFS= read -r entry; do
    case " $ran " in *" ${entry%% *} "*) ;; *) continue ;; esac
    if ! grep -qxF -- "$entry" "$OUT/found.entries"; then
      echo "FAIL $entry: listed in drop_oracle.known but agrees now: take it off the list"
      fail=$((fail + 1))
    fi
  done < <(sed '/^#/d; s/ -- .*//' "$KNOWN")
fi
[ -n "${DROP_ORACLE_FOUND:-}" ] && cp "$OUT/found" "$DROP_ORACLE_FOUND"
echo "$fixtures fixtures, $checked drops checked: $agreed agree, $known_seen known disagreements (drop_oracle.known), $fail failed"
[ $fail -eq 0 ]
