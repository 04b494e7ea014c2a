#!/usr/bin/env bash
# The demo: the example multi-tenant schema history in
# examples/saas/migrations (tables moved to PRIMARY KEY (org_id, id),
# audit_logs turned into a monthly-partitioned table) becomes a git
# repository, one commit per migration, in a temp folder. lockstep then
# reads it straight from git, offline: every revision's catalog into the
# snapshot store, the log of the schema and of audit_logs, the catalog of
# HEAD as the clean schema script it writes, and the plan of the move to
# composite keys (HEAD~2 -> HEAD~1): up.sql, down.sql, pre-checks, plan.json
# and plan.md, with the diff first; the durations and risk levels from
# examples/saas/stats.json (what `lockstep stats --conn ...` writes, here for
# a production of 60 GB, audit_logs 200M rows), and the summary of the
# partition swap's plan (HEAD~1 -> HEAD) with them.
set -euo pipefail
BIN=$(cd "$(dirname "${1:-build/lockstep}")" && pwd)/$(basename "${1:-build/lockstep}")
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(mktemp -d "${TMPDIR:-/tmp}/lockstep-demo.XXXXXX")
export GIT_AUTHOR_NAME=Demo GIT_AUTHOR_EMAIL=demo@example.com
export GIT_COMMITTER_NAME=Demo GIT_COMMITTER_EMAIL=demo@example.com
git init -q -b main "$REPO"
mkdir -p "$REPO/migrations"
t=1767225600
for f in "$HERE"/saas/migrations/*.sql; do
  cp "$f" "$REPO/migrations/"
  t=$((t + 86400))
  git -C "$REPO" add -A
  GIT_AUTHOR_DATE="@$t +0000" GIT_COMMITTER_DATE="@$t +0000" \
    git -C "$REPO" commit -qm "$(basename "$f" .sql | sed 's/^[0-9]*_//; s/_/ /g')"
done
echo "== a git history of $(git -C "$REPO" rev-list --count HEAD) commits in $REPO"
echo
echo "== lockstep snapshot -C $REPO --all"
"$BIN" snapshot -C "$REPO" --all
echo
echo "== lockstep log -C $REPO"
"$BIN" log -C "$REPO"
echo "== lockstep log -C $REPO public.audit_logs"
"$BIN" log -C "$REPO" public.audit_logs
echo "== lockstep catalog -C $REPO HEAD --format sql"
"$BIN" catalog -C "$REPO" HEAD --format sql 2>/dev/null
echo
echo "== lockstep diff -C $REPO HEAD~2 HEAD~1   (the move to PRIMARY KEY (org_id, id))"
"$BIN" diff -C "$REPO" HEAD~2 HEAD~1
echo
echo "== lockstep plan -C $REPO HEAD~2 HEAD~1 --stats examples/saas/stats.json -o $REPO/plan"
"$BIN" plan -C "$REPO" HEAD~2 HEAD~1 --stats "$HERE/saas/stats.json" -o "$REPO/plan"
echo
echo "== $REPO/plan/up.sql"
cat "$REPO/plan/up.sql"
echo
echo "== $REPO/plan/prechecks.sql (first check)"
awk '/^-- step/ {n++} n == 1' "$REPO/plan/prechecks.sql" | head -20
echo
echo "== $REPO/plan/plan.md (summary)"
sed -n '1,/^## Renames\|^## Steps/p' "$REPO/plan/plan.md" | head -20
echo
echo "== lockstep plan -C $REPO HEAD~1 HEAD --stats examples/saas/stats.json -o $REPO/swap   (the partition swap)"
"$BIN" plan -C "$REPO" HEAD~1 HEAD --stats "$HERE/saas/stats.json" -o "$REPO/swap"
awk '/^\| # \| group/ { on = 1 } on && /^$/ { exit } on' "$REPO/swap/plan.md"
