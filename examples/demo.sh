#!/usr/bin/env bash
# The demo: build, offline, the catalog of the example multi-tenant schema
# history in examples/saas/migrations (composite primary keys, a
# monthly-partitioned audit_logs) and print a summary and the catalog.
set -euo pipefail
BIN=${1:-build/lockstep}
HERE=$(cd "$(dirname "$0")" && pwd)
echo "== lockstep catalog examples/saas/migrations (4 migration files)"
"$BIN" catalog "$HERE/saas/migrations" >"${TMPDIR:-/tmp}/lockstep-demo.json"
python3 - "${TMPDIR:-/tmp}/lockstep-demo.json" <<'PY' 2>/dev/null || cat "${TMPDIR:-/tmp}/lockstep-demo.json"
import json, sys
c = json.load(open(sys.argv[1]))
for t in c["tables"]:
    pk = [k for k in t["constraints"] if k["type"] == "p"]
    kind = "partitioned by " + t["partition_key"] if t["partition_key"] else \
        ("partition of %s %s" % (t["parent_table"], t["partition_bound"]) if t["parent_table"] else "table")
    print("%-22s %-55s pk=%s" % (t["name"], kind, "(" + ", ".join(pk[0]["columns"]) + ")" if pk else "-"))
    for k in t["constraints"]:
        if k["type"] == "f":
            print("    %s: (%s) -> %s(%s)" % (k["name"], ", ".join(k["columns"]), k["ref_table"], ", ".join(k["ref_columns"])))
print("indexes:", ", ".join(i["name"] for i in c["indexes"]))
print("sequences:", ", ".join("%s (owned by %s.%s)" % (s["name"], s["owned_table"], s["owned_column"]) for s in c["sequences"]))
PY
echo
echo "Full catalog JSON: ${TMPDIR:-/tmp}/lockstep-demo.json"
