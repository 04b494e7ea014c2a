#!/usr/bin/env bash
# Golden FROM/TO pairs for `lockstep plan`, checked on a private PostgreSQL 15.
#
# usage: plan_fixtures.sh LOCKSTEP FIXTURES_DIR
#   PLAN_ONLY=NNN   run only the pair whose folder starts with NNN-
#
# Each FIXTURES_DIR/NNN-name/ holds from.sql, to.sql, rows.sql (INSERTs run
# after from.sql), and optionally:
#   args   extra arguments for `lockstep plan`, one per line
#   refused  the first line of the error `lockstep plan` must stop with
#          (exit 2, nothing written): a change lockstep does not plan yet
#   lossy  what a plan may change or lose, one name per line, quoted as SQL
#          quotes it: `schema.table.column` (that column's values), or
#          `schema.table` (the table's rows: its count and every column).
#          Names are FROM's; TO's name of a renamed object works too.
#   up.grep, down.grep  what the statements of up.sql (down.sql) must be,
#          one line each: "+ TEXT" up.sql must contain TEXT, "- TEXT" it
#          must not (fixed strings, case and spaces exact; # and blank
#          lines are comments): the suite compares results, and these pin
#          the smaller statement that gets there.
#
# For every pair:
#   1. LOCKSTEP plan FROM TO -o OUT [args] exits 0 and writes up.sql,
#      down.sql, prechecks.sql, plan.json and plan.md;
#   2. a database gets from.sql and rows.sql; a copy of it is kept untouched
#      as the reference for the row checks;
#   3. prechecks.sql, then up.sql run with ON_ERROR_STOP=1; `introspect`
#      equals `catalog to.sql`, byte for byte;
#   4. rows after up: every FROM table still in TO (renames followed as
#      plan.json's "renames" name them) keeps its row count, and every column
#      on both sides keeps its values, compared as md5 of
#      string_agg(quote_nullable(col::text), ',') in the order of the compared
#      columns' text; a lossy column or table is not compared. A FROM table
#      with rows that is gone from TO, or a column of a kept table that is
#      gone, must be listed in lossy: data a plan drops is declared by the
#      pair, so a rename the planner missed (drop + create) is a failure;
#   5. down.sql with ON_ERROR_STOP=1; `introspect` equals `catalog from.sql`;
#      the tables and columns of step 4 match the reference again.
# Row counts are taken through the table's name: a partitioned table counts
# the rows of all its partitions, a plain table or a partition its own.
#
# Quiet on success but for the final "N passed, N failed" line; a failed
# pair prints one FAIL line (details indented below it) and keeps its work
# dir. Exit status: 0 when every pair passed.
set -u
if [ $# -ne 2 ]; then
  echo "usage: plan_fixtures.sh LOCKSTEP FIXTURES_DIR" >&2
  exit 2
fi
BIN=$1
DIR=$2
. "$(dirname "$0")/pg.sh"
pg_test_begin plan

TAB=$'\t'
PSQL=(psql -X -q -v ON_ERROR_STOP=1)

# Names travel through this script as lines of tab-separated fields, so
# the queries below write a name's backslashes, newlines and tabs as \\, \n
# and \t; qi turns such a name back into an SQL identifier, always quoted.
qi() {
  local n
  n=$(printf '%b' "$1"; printf x)
  n=${n%x}
  printf '"%s"' "${n//\"/\"\"}"
}

# Structure of a database: one line per column of every user table,
# "schema<TAB>table<TAB>relkind<TAB>column" in attnum order (column empty for
# a table without columns). Plain and partitioned tables and partitions;
# extension-owned tables are left out.
structure() {
  "${PSQL[@]}" -At -F "$TAB" -d "$1" <<'EOF'
SELECT replace(replace(replace(n.nspname, '\', '\\'), E'\n', '\n'), E'\t', '\t'),
       replace(replace(replace(c.relname, '\', '\\'), E'\n', '\n'), E'\t', '\t'),
       c.relkind,
       replace(replace(replace(coalesce(a.attname, ''), '\', '\\'), E'\n', '\n'), E'\t', '\t')
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relkind IN ('r', 'p')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname, c.relname, a.attnum
EOF
}

# The renames of plan.json and the lines of lossy, parsed by the server's
# parse_ident: "rename<TAB>kind<TAB>from parts...<TAB>|<TAB>to parts..." and
# "lossy<TAB>parts...". Table names without a schema are public's.
read_names() { # plan.json lossy-file
  local lossy=""
  [ -f "$2" ] && lossy=$(cat "$2")
  # the plan is read by psql itself: a big plan.json does not fit an argument
  LS_PLAN_JSON=$1 "${PSQL[@]}" -At -F "$TAB" -d postgres -v lossy="$lossy" <<'EOF'
\set plan `cat "$LS_PLAN_JSON"`
CREATE FUNCTION pg_temp.esc(a text[]) RETURNS text[] LANGUAGE sql IMMUTABLE AS
$$SELECT array_agg(replace(replace(replace(e, '\', '\\'), E'\n', '\n'), E'\t', '\t') ORDER BY i)
  FROM unnest(a) WITH ORDINALITY AS u(e, i)$$;
SELECT 'rename', r->>'kind', array_to_string(pg_temp.esc(parse_ident(r->>'from')), E'\t'),
       '|', array_to_string(pg_temp.esc(parse_ident(r->>'to')), E'\t')
FROM json_array_elements(coalesce((:'plan')::json -> 'renames', '[]'::json)) r
WHERE r->>'kind' IN ('table', 'column');
SELECT 'lossy', array_to_string(pg_temp.esc(parse_ident(l)), E'\t')
FROM (SELECT btrim(l, E' \t\r') AS l FROM regexp_split_to_table(:'lossy', E'\n') l) s
WHERE l <> '' AND l !~ '^#';
EOF
}

# One pair. Sets $why (first line of the failure) and $detail (more lines);
# returns non-zero on failure.
run_pair() {
  local p=$1 w=$2 num=$3 db ref line
  local -a args=()
  why="" detail=""
  db="plan_$num"
  ref="plan_${num}_ref"

  if [ -f "$p/args" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      [ -n "$line" ] && args+=("$line")
    done <"$p/args"
  fi

  # 1. the plan
  # `lockstep diff`: one line per change, whatever the names hold; the
  # arguments that choose what changes (not --no-online, which chooses how)
  local -a dargs=()
  for line in ${args[@]+"${args[@]}"}; do
    [ "$line" != --no-online ] && dargs+=("$line")
  done
  if ! "$BIN" diff "$p/from.sql" "$p/to.sql" ${dargs[@]+"${dargs[@]}"} >"$w/diff.txt" 2>"$w/diff.err" &&
      [ ! -f "$p/refused" ]; then
    why="lockstep diff failed: $(head -n 1 "$w/diff.err")"; return 1
  fi
  if grep -qv '^[-+~>] ' "$w/diff.txt"; then
    why="lockstep diff wrote a line that is not a change: $(grep -m 1 -v '^[-+~>] ' "$w/diff.txt")"
    return 1
  fi
  "$BIN" plan "$p/from.sql" "$p/to.sql" -o "$w/out" ${args[@]+"${args[@]}"} \
    >"$w/plan.stdout" 2>"$w/plan.stderr"
  local rc=$?
  # a pair lockstep must refuse: exit 2, the message, and no file written
  if [ -f "$p/refused" ]; then
    if [ $rc -ne 2 ] || ! grep -qF "$(head -n 1 "$p/refused")" "$w/plan.stderr" || [ -e "$w/out" ]; then
      why="expected lockstep plan to refuse with exit 2 and '$(head -n 1 "$p/refused")', got exit $rc: $(head -n 1 "$w/plan.stderr")"
      return 1
    fi
    return 0
  fi
  if [ $rc -ne 0 ]; then
    why="lockstep plan exited $rc: $(head -n 1 "$w/plan.stderr")"
    detail=$(sed -n '2,6p' "$w/plan.stderr")
    return 1
  fi
  local f
  for f in up.sql down.sql prechecks.sql plan.json plan.md; do
    if [ ! -f "$w/out/$f" ]; then why="lockstep plan wrote no $f"; return 1; fi
  done

  # the statements the pair pins
  local g side want
  for side in up down; do
    [ -f "$p/$side.grep" ] || continue
    while IFS= read -r g || [ -n "$g" ]; do
      case $g in
        '+ '*) want=${g#+ }
          if ! grep -qF -- "$want" "$w/out/$side.sql"; then
            why="$side.sql does not contain '$want' ($side.grep)"; return 1
          fi ;;
        '- '*) want=${g#- }
          if grep -qF -- "$want" "$w/out/$side.sql"; then
            why="$side.sql contains '$want' ($side.grep): $(grep -m 1 -F -- "$want" "$w/out/$side.sql")"
            return 1
          fi ;;
        ''|'#'*) ;;
        *) why="$side.grep: a line is neither '+ TEXT' nor '- TEXT': $g"; return 1 ;;
      esac
    done <"$p/$side.grep"
  done

  # the catalogs up and down must reach
  if ! "$BIN" catalog "$p/from.sql" --format json >"$w/from.json" 2>"$w/catalog.err" ||
     ! "$BIN" catalog "$p/to.sql" --format json >"$w/to.json" 2>>"$w/catalog.err"; then
    why="lockstep catalog failed: $(head -n 1 "$w/catalog.err")"
    return 1
  fi

  # 2. FROM with rows, and an untouched copy of it
  pg_fresh_db "$ref" 2>"$w/db.err" || { why="cannot create database: $(head -n 1 "$w/db.err")"; return 1; }
  if ! "${PSQL[@]}" -d "$ref" -f "$p/from.sql" >"$w/from.psql" 2>&1; then
    why="from.sql does not run: $(grep -m 1 ERROR "$w/from.psql")"; return 1
  fi
  if [ -f "$p/rows.sql" ] && ! "${PSQL[@]}" -d "$ref" -f "$p/rows.sql" >"$w/rows.psql" 2>&1; then
    why="rows.sql does not run: $(grep -m 1 ERROR "$w/rows.psql")"; return 1
  fi
  if ! "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $(qi "$db") WITH (FORCE)" \
      -c "CREATE DATABASE $(qi "$db") TEMPLATE $(qi "$ref")" >"$w/db.err" 2>&1; then
    why="cannot copy the database: $(head -n 1 "$w/db.err")"; return 1
  fi
  structure "$ref" >"$w/from.structure" 2>"$w/db.err" || { why="cannot read tables: $(head -n 1 "$w/db.err")"; return 1; }

  # 3. prechecks, up, and the catalog it leaves
  if ! "${PSQL[@]}" -d "$db" -f "$w/out/prechecks.sql" >"$w/prechecks.psql" 2>&1; then
    why="prechecks.sql fails on FROM's rows: $(grep -m 1 -E 'ERROR|FATAL' "$w/prechecks.psql")"
    return 1
  fi
  if ! "${PSQL[@]}" -d "$db" -f "$w/out/up.sql" >"$w/up.psql" 2>&1; then
    why="up.sql fails: $(grep -m 1 -E 'ERROR|FATAL' "$w/up.psql")"
    detail=$(grep -A 3 -m 1 -E 'ERROR|FATAL' "$w/up.psql" | sed -n '2,4p')
    return 1
  fi
  if ! "$BIN" introspect --conn "dbname=$db" >"$w/after_up.json" 2>"$w/introspect.err"; then
    why="lockstep introspect failed after up: $(head -n 1 "$w/introspect.err")"; return 1
  fi
  if ! diff -u "$w/to.json" "$w/after_up.json" >"$w/after_up.diff"; then
    why="after up.sql the database is not TO (- catalog to.sql, + introspect)"
    detail=$(head -n 30 "$w/after_up.diff")
    return 1
  fi
  structure "$db" >"$w/to.structure" 2>"$w/db.err" || { why="cannot read tables: $(head -n 1 "$w/db.err")"; return 1; }

  # 4. rows after up
  if ! read_names "$w/out/plan.json" "$p/lossy" >"$w/names" 2>"$w/names.err"; then
    why="cannot read the renames of plan.json or the lossy file: $(grep -m 1 ERROR "$w/names.err")"
    return 1
  fi
  build_queries "$w" "$ref" || return 1
  "${PSQL[@]}" -At -F "$TAB" -d "$ref" -f "$w/rows_from.sql" >"$w/rows.ref" 2>"$w/rows.err" &&
  "${PSQL[@]}" -At -F "$TAB" -d "$db" -f "$w/rows_to.sql" >"$w/rows.up" 2>>"$w/rows.err"
  if [ $? -ne 0 ]; then
    why="the row check queries failed: $(grep -m 1 ERROR "$w/rows.err")"; return 1
  fi
  if ! compare_rows "$w/rows.ref" "$w/rows.up" "after up.sql" "$w/rows.legend"; then return 1; fi

  # 5. down, its catalog, and the rows again
  if ! "${PSQL[@]}" -d "$db" -f "$w/out/down.sql" >"$w/down.psql" 2>&1; then
    why="down.sql fails: $(grep -m 1 -E 'ERROR|FATAL' "$w/down.psql")"
    detail=$(grep -A 3 -m 1 -E 'ERROR|FATAL' "$w/down.psql" | sed -n '2,4p')
    return 1
  fi
  if ! "$BIN" introspect --conn "dbname=$db" >"$w/after_down.json" 2>"$w/introspect.err"; then
    why="lockstep introspect failed after down: $(head -n 1 "$w/introspect.err")"; return 1
  fi
  if ! diff -u "$w/from.json" "$w/after_down.json" >"$w/after_down.diff"; then
    why="after down.sql the database is not FROM (- catalog from.sql, + introspect)"
    detail=$(head -n 30 "$w/after_down.diff")
    return 1
  fi
  if ! "${PSQL[@]}" -At -F "$TAB" -d "$db" -f "$w/rows_from.sql" >"$w/rows.down" 2>"$w/rows.err"; then
    why="the row check queries failed after down: $(grep -m 1 ERROR "$w/rows.err")"; return 1
  fi
  compare_rows "$w/rows.ref" "$w/rows.down" "after down.sql" "$w/rows.legend" || return 1

  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $(qi "$db") WITH (FORCE)" \
    -c "DROP DATABASE IF EXISTS $(qi "$ref") WITH (FORCE)" >/dev/null 2>&1
  return 0
}

# From $w/from.structure, $w/to.structure and $w/names, write the row check
# queries $w/rows_from.sql (FROM's names: on the reference and after down)
# and $w/rows_to.sql (TO's names: after up), one line of output per compared
# table, "index<TAB>count<TAB>md5 per column"; $w/rows.legend names the
# fields. Fails (setting $why) when a table with rows, or a column of a kept
# table with rows, is gone from TO without being declared lossy.
build_queries() {
  local w=$1 ref=$2 kind s t k c line
  local -A tmap=() cmap=() lossy=() to_kind=() to_col=() from_kind=() from_cols=() from_count=()
  local -a from_tables=() a f tt cols kept missing

  while IFS="$TAB" read -r s t k c; do
    if [ -z "${from_kind["$s$TAB$t"]+x}" ]; then
      from_tables+=("$s$TAB$t"); from_kind["$s$TAB$t"]=$k; from_cols["$s$TAB$t"]=""
    fi
    [ -n "$c" ] && from_cols["$s$TAB$t"]+="$c$TAB"
  done <"$w/from.structure"
  while IFS="$TAB" read -r s t k c; do
    to_kind["$s$TAB$t"]=$k
    [ -n "$c" ] && to_col["$s$TAB$t$TAB$c"]=1
  done <"$w/to.structure"

  # the rows of every FROM table, counted through its name
  local key i=0
  : >"$w/counts.sql"
  for key in ${from_tables[@]+"${from_tables[@]}"}; do
    printf 'SELECT %d, count(*) FROM %s%s.%s;\n' $i \
      "$([ "${from_kind["$key"]}" = r ] && echo 'ONLY ')" \
      "$(qi "${key%%"$TAB"*}")" "$(qi "${key#*"$TAB"}")" >>"$w/counts.sql"
    i=$((i + 1))
  done
  local n
  while IFS="$TAB" read -r i n; do
    from_count["${from_tables[i]}"]=$n
  done < <("${PSQL[@]}" -At -F "$TAB" -d "$ref" -f "$w/counts.sql" 2>"$w/counts.err")
  if [ -s "$w/counts.err" ]; then why="cannot count FROM's rows: $(head -n 1 "$w/counts.err")"; return 1; fi

  while IFS= read -r line; do
    IFS="$TAB" read -r -a a <<<"$line"
    if [ "${a[0]}" = lossy ]; then
      [ ${#a[@]} -eq 2 ] && a=(lossy public "${a[1]}")
      lossy["$(IFS="$TAB"; echo "${a[*]:1}")"]=1
      continue
    fi
    # rename<TAB>kind<TAB>from parts<TAB>|<TAB>to parts
    kind=${a[1]} f=() tt=()
    local side=f
    for ((i = 2; i < ${#a[@]}; i++)); do
      if [ "${a[i]}" = "|" ] && [ $side = f ]; then side=t; continue; fi
      if [ $side = f ]; then f+=("${a[i]}"); else tt+=("${a[i]}"); fi
    done
    [ ${#tt[@]} -gt 0 ] || continue
    if [ "$kind" = table ]; then
      [ ${#f[@]} -eq 1 ] && f=(public "${f[0]}")
      [ ${#tt[@]} -eq 1 ] && tt=(public "${tt[0]}")
      tmap["${f[0]}$TAB${f[1]}"]="${tt[0]}$TAB${tt[1]}"
    elif [ "$kind" = column ] && [ ${#f[@]} -ge 2 ]; then
      [ ${#f[@]} -eq 2 ] && f=(public "${f[@]}")
      cmap["${f[0]}$TAB${f[1]}$TAB${f[2]}"]="${tt[${#tt[@]}-1]}"
    fi
  done <"$w/names"

  : >"$w/rows_from.sql"; : >"$w/rows_to.sql"; : >"$w/rows.legend"
  local to idx=0 sel_f sel_t ord_f ord_t ct
  for key in ${from_tables[@]+"${from_tables[@]}"}; do
    to=${tmap["$key"]-$key}
    s=${key%%"$TAB"*}; t=${key#*"$TAB"}
    # a table is lossy under its FROM or its TO name
    if [ -n "${lossy["$key"]+x}" ] || [ -n "${lossy["$to"]+x}" ]; then continue; fi
    if [ -z "${to_kind["$to"]+x}" ]; then
      if [ "${from_count["$key"]:-0}" != 0 ]; then
        why="table $(qi "$s").$(qi "$t") has ${from_count["$key"]} row(s) and is gone in TO, but is not listed in lossy (a missed rename?)"
        return 1
      fi
      continue
    fi
    kept=() missing=() cols=()
    IFS="$TAB" read -r -a cols <<<"${from_cols["$key"]}"
    for c in ${cols[@]+"${cols[@]}"}; do
      [ -n "${lossy["$key$TAB$c"]+x}" ] && continue
      ct=${cmap["$key$TAB$c"]-${cmap["$to$TAB$c"]-$c}}
      [ -n "${lossy["$to$TAB$ct"]+x}" ] && continue
      if [ -n "${to_col["$to$TAB$ct"]+x}" ]; then kept+=("$c$TAB$ct"); else missing+=("$(qi "$c")"); fi
    done
    if [ ${#missing[@]} -gt 0 ] && [ "${from_count["$key"]:-0}" != 0 ]; then
      why="column(s) ${missing[*]} of $(qi "$s").$(qi "$t") are gone in TO, but not listed in lossy (a missed rename?)"
      return 1
    fi
    sel_f="" sel_t="" ord_f="" ord_t=""
    for c in ${kept[@]+"${kept[@]}"}; do
      ord_f+="${ord_f:+, }($(qi "${c%%"$TAB"*}"))::text COLLATE \"C\""
      ord_t+="${ord_t:+, }($(qi "${c#*"$TAB"}"))::text COLLATE \"C\""
    done
    for c in ${kept[@]+"${kept[@]}"}; do
      sel_f+=", md5(coalesce(string_agg(quote_nullable(($(qi "${c%%"$TAB"*}"))::text), ',' ORDER BY $ord_f), ''))"
      sel_t+=", md5(coalesce(string_agg(quote_nullable(($(qi "${c#*"$TAB"}"))::text), ',' ORDER BY $ord_t), ''))"
    done
    printf 'SELECT %d, count(*)%s FROM %s%s.%s;\n' $idx "$sel_f" \
      "$([ "${from_kind["$key"]}" = r ] && echo 'ONLY ')" "$(qi "$s")" "$(qi "$t")" >>"$w/rows_from.sql"
    printf 'SELECT %d, count(*)%s FROM %s%s.%s;\n' $idx "$sel_t" \
      "$([ "${to_kind["$to"]}" = r ] && echo 'ONLY ')" "$(qi "${to%%"$TAB"*}")" "$(qi "${to#*"$TAB"}")" >>"$w/rows_to.sql"
    {
      printf '%d\t%s.%s\trows' $idx "$(qi "$s")" "$(qi "$t")"
      for c in ${kept[@]+"${kept[@]}"}; do printf '\t%s' "$(qi "${c%%"$TAB"*}")"; done
      printf '\n'
    } >>"$w/rows.legend"
    idx=$((idx + 1))
  done
  return 0
}

# Compare two row check outputs line by line; name the first table and
# column that differ.
compare_rows() { # expected actual when legend
  local e=$1 a=$2 when=$3 legend=$4 le la
  if cmp -s "$e" "$a"; then return 0; fi
  local -a fe fa names
  while IFS= read -r le && IFS= read -r la <&3; do
    [ "$le" = "$la" ] && continue
    IFS="$TAB" read -r -a fe <<<"$le"
    IFS="$TAB" read -r -a fa <<<"$la"
    IFS="$TAB" read -r -a names < <(awk -F "$TAB" -v i="${fe[0]}" '$1 == i' "$legend")
    local i
    for ((i = 1; i < ${#fe[@]}; i++)); do
      [ "${fe[i]}" = "${fa[i]-}" ] && continue
      if [ $i -eq 1 ]; then
        why="$when: ${names[1]} has ${fa[1]-?} rows, FROM had ${fe[1]}"
      else
        why="$when: the values of column ${names[i+1]} of ${names[1]} changed (not listed in lossy)"
      fi
      return 1
    done
  done <"$e" 3<"$a"
  why="$when: the row checks differ ($(wc -l <"$e") vs $(wc -l <"$a") tables)"
  return 1
}

pass=0 fail=0
for p in "$DIR"/[0-9]*/; do
  p=${p%/}
  name=$(basename "$p")
  num=${name%%-*}
  if [ -n "${PLAN_ONLY:-}" ] && [ "$num" != "$PLAN_ONLY" ] && [ "$name" != "$PLAN_ONLY" ]; then
    continue
  fi
  w="$WORK/$name"
  mkdir -p "$w"
  if run_pair "$p" "$w" "$num"; then
    pass=$((pass + 1))
    rm -rf "$w"
  else
    fail=$((fail + 1))
    kept=1
    echo "FAIL $name: $why"
    [ -n "$detail" ] && printf '%s\n' "$detail" | sed 's/^/  /'
    echo "  work dir: $w"
  fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ] && [ $((pass + fail)) -gt 0 ]
