#!/usr/bin/env bash
# Benchmark: a generated history of 2,000 commits building a 300-table
# schema (one numbered migration per commit), `lockstep snapshot --all`
# run twice. Prints wall time, files parsed, peak memory and store size of
# each run (wall and user+sys CPU: the CPU time is the steadier on a busy
# machine), and the raw libpg_query parse time of every distinct blob.
# usage: tests/bench/history.sh [COMMITS] [TABLES]
# BUILD=DIR uses an existing build tree instead of ./build.sh build.
set -euo pipefail
cd "$(dirname "$0")/../.."
COMMITS=${1:-2000}
TABLES=${2:-300}
if [ -z "${BUILD:-}" ]; then ./build.sh build >/dev/null; BUILD=build; fi
BIN=$(cd "$BUILD" && pwd)/lockstep
W=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "work dir: $W" >&2 || trap 'rm -rf "$W"' EXIT
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

migration() {  # the SQL of commit i
  local i=$1 t=$(( $1 % TABLES ))
  if [ "$i" -lt "$TABLES" ]; then
    printf 'CREATE TABLE t%03d (id bigserial PRIMARY KEY, org_id bigint NOT NULL, name text,\n  created_at timestamptz NOT NULL DEFAULT now(), CHECK (org_id > 0));\n' "$t"
  elif [ $((i % 3)) -eq 0 ]; then
    printf 'ALTER TABLE t%03d ADD COLUMN c%d integer DEFAULT 0;\nCREATE INDEX t%03d_c%d_idx ON t%03d (org_id, c%d);\n' "$t" "$i" "$t" "$i" "$t" "$i"
  else
    printf 'ALTER TABLE t%03d ADD COLUMN c%d text;\nCOMMENT ON COLUMN t%03d.c%d IS %s;\n' "$t" "$i" "$t" "$i" "'step $i'"
  fi
}

git init -q -b main "$W/repo"
mkdir -p "$W/files"
{
  for ((i = 0; i < COMMITS; i++)); do
    f=$(printf 'migrations/%05d_step.sql' $((i + 1)))
    migration "$i" >"$W/files/$(basename "$f")"
    msg="step $i"
    echo "commit refs/heads/main"
    echo "mark :$((i + 1))"
    echo "committer Dev <dev@example.com> $((1700000000 + i * 60)) +0000"
    echo "data ${#msg}"; echo "$msg"
    [ "$i" -gt 0 ] && echo "from :$i"
    echo "M 644 inline $f"
    echo "data $(wc -c <"$W/files/$(basename "$f")")"
    cat "$W/files/$(basename "$f")"
  done
} | git -C "$W/repo" fast-import --quiet
git -C "$W/repo" reset -q --hard main
echo "history: $COMMITS commits, $TABLES tables, $(cat "$W"/files/*.sql | wc -c) bytes of SQL in $(ls "$W/files" | wc -l) files"
"$BUILD/tests/bench_catalog" raw-files "$W"/files/*.sql

for run in first second; do
  /usr/bin/time -f "%e %U %S %M" -o "$W/time" "$BIN" snapshot -C "$W/repo" --all 2>"$W/err" >/dev/null
  read -r secs user sys kb <"$W/time"
  size=$(du -cb "$W/repo/.git/lockstep.sqlite"* | tail -1 | cut -f1)
  awk -v r="$run" -v s="$secs" -v c="$user $sys" -v k="$kb" -v z="$size" -v l="$(tail -1 "$W/err")" 'BEGIN {
    split(c, t, " ")
    printf "%-6s run: %6.2f s wall, %6.2f s cpu, peak RSS %5.1f MB, store %6.1f MB; %s\n", r, s, t[1] + t[2], k / 1024, z / 1048576, l }'
done
