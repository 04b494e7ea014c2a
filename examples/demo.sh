#!/usr/bin/env bash
# The demo: build, offline, the catalog of the example multi-tenant schema
# history in examples/saas/migrations (tables moved to PRIMARY KEY
# (org_id, id), audit_logs turned into a monthly-partitioned table) and
# print it as the clean schema script lockstep writes for it. The JSON form
# of the same catalog is left in $TMPDIR for a look.
set -euo pipefail
BIN=${1:-build/lockstep}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${TMPDIR:-/tmp}/lockstep-demo.json
echo "== lockstep catalog examples/saas/migrations --format sql"
echo "   (4 migration files replayed offline; no database involved)"
echo
"$BIN" catalog "$HERE/saas/migrations" --format sql 2>/dev/null
"$BIN" catalog "$HERE/saas/migrations" --format json >"$OUT" 2>/dev/null
echo
echo "== the same catalog as JSON: $OUT ($(wc -l <"$OUT") lines)"
