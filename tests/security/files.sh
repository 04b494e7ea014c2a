#!/usr/bin/env bash
# The files lockstep writes are safe against planted links and stale or
# failed writes (lockstep/file.h): `plan -o DIR` and the snapshot store.
# usage: files.sh LOCKSTEP_BINARY PLAN_FIXTURE_DIR
set -u
BIN=$1
FIX=$(cd "$2" && pwd)/097-mixed-ten-tables
FROM=$FIX/from.sql
TO=$FIX/to.sql
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
NAMES="up.sql down.sql prechecks.sql plan.json plan.md"

check() { # check NAME: the exit status of the command after it
  local name=$1
  shift
  if "$@"; then
    pass=$((pass + 1))
  else
    echo "FAIL $name"
    fail=$((fail + 1))
  fi
}

# every plan file is a regular file, not a link
all_regular() {
  for n in $NAMES; do
    [ -f "$1/$n" ] && [ ! -L "$1/$n" ] || return 1
  done
}

# no temporary of lockstep (new scheme or the old .NAME.tmp.PID) is left
no_temps() {
  [ -z "$(find "$1" -maxdepth 1 \( -name '.*.lockstep-*' -o -name '.*.tmp.*' \) ! -type l)" ]
}

sums() { (cd "$1" && cksum $NAMES); }

# 1. Links planted at the temporary names a run would use: the old names
# (.NAME.tmp.PID) are predictable from the pid, which `exec` keeps; the new
# ones carry random letters, guessed here. The victim stays as it was and
# the plan files are regular files.
D=$T/links
mkdir "$D"
echo victim > "$T/victim"
sh -c 'for n in '"$NAMES"'; do
    ln -s "$2" "$1/.$n.tmp.$$"; ln -s "$2" "$1/.$n.lockstep-$$-AAAAAA"
  done; exec "$3" plan "$4" "$5" -o "$1"' sh "$D" "$T/victim" "$BIN" "$FROM" "$TO" \
  >/dev/null 2>&1
check "planted temp links: exit 0" [ $? -eq 0 ]
check "planted temp links: victim untouched" [ "$(cat "$T/victim")" = victim ]
check "planted temp links: plan files are regular files" all_regular "$D"

# 2. Links planted at the final names are replaced, not followed.
D=$T/final
mkdir "$D" "$T/elsewhere"
echo victim > "$T/victim2"
ln -s "$T/victim2" "$D/up.sql"
ln -s "$T/elsewhere/new" "$D/plan.md"
"$BIN" plan "$FROM" "$TO" -o "$D" >/dev/null 2>&1
check "final-name links: exit 0" [ $? -eq 0 ]
check "final-name links: victim untouched" [ "$(cat "$T/victim2")" = victim ]
check "final-name links: dangling target not created" [ ! -e "$T/elsewhere/new" ]
check "final-name links: plan files are regular files" all_regular "$D"

# 3. Stale temporaries: a dead writer's are removed on the next run; a live
# writer's, a link, another user's file and a name off the scheme are kept.
D=$T/stale
mkdir "$D"
dead=$(sh -c 'echo $$')
echo old > "$D/.up.sql.lockstep-$dead-Ab12Cd"
echo live > "$D/.down.sql.lockstep-$$-Zz99Yy"
echo victim > "$T/victim3"
ln -s "$T/victim3" "$D/.plan.md.lockstep-$dead-Qq11Ww"
echo odd > "$D/.plan.json.lockstep-$dead-abc"
if [ "$(id -u)" -eq 0 ]; then
  echo theirs > "$D/.prechecks.sql.lockstep-$dead-Oo22Pp"
  chown 65534 "$D/.prechecks.sql.lockstep-$dead-Oo22Pp"
fi
"$BIN" plan "$FROM" "$TO" -o "$D" >/dev/null 2>&1
check "stale temps: exit 0" [ $? -eq 0 ]
check "stale temps: a dead writer's temp is removed" [ ! -e "$D/.up.sql.lockstep-$dead-Ab12Cd" ]
check "stale temps: a live writer's temp is kept" [ -f "$D/.down.sql.lockstep-$$-Zz99Yy" ]
check "stale temps: a link is kept" [ -L "$D/.plan.md.lockstep-$dead-Qq11Ww" ]
check "stale temps: a name off the scheme is kept" [ -f "$D/.plan.json.lockstep-$dead-abc" ]
check "stale temps: victim untouched" [ "$(cat "$T/victim3")" = victim ]
if [ "$(id -u)" -eq 0 ]; then
  check "stale temps: another user's temp is kept" \
    [ -f "$D/.prechecks.sql.lockstep-$dead-Oo22Pp" ]
fi

# 4. A write past `ulimit -f` (SIGXFSZ, then EFBIG): exit 3 naming the file,
# the old plan (of FROM -> TO) byte for byte, no temporary left. The failed
# run plans TO -> FROM, so a replaced file would show.
D=$T/ulimit
"$BIN" plan "$FROM" "$TO" -o "$D" >/dev/null 2>&1
before=$(sums "$D")
(ulimit -f 1; exec "$BIN" plan "$TO" "$FROM" -o "$D") >/dev/null 2>"$T/ulimit.err"
rc=$?
check "ulimit -f: exit 3 (got $rc)" [ $rc -eq 3 ]
check "ulimit -f: the message names the file" grep -q "$D/up.sql: error: cannot write: File too large" "$T/ulimit.err"
check "ulimit -f: old files byte-identical" [ "$(sums "$D")" = "$before" ]
check "ulimit -f: no temporary left" no_temps "$D"

# 5. A final name that is a folder is refused before any file is replaced.
D=$T/isdir
"$BIN" plan "$FROM" "$TO" -o "$D" >/dev/null 2>&1
rm "$D/plan.md"
mkdir "$D/plan.md"
before=$(cd "$D" && cksum up.sql down.sql prechecks.sql plan.json)
"$BIN" plan "$TO" "$FROM" -o "$D" >/dev/null 2>&1
check "final name a folder: exit 3" [ $? -eq 3 ]
check "final name a folder: other files unchanged" \
  [ "$(cd "$D" && cksum up.sql down.sql prechecks.sql plan.json)" = "$before" ]
check "final name a folder: no temporary left" no_temps "$D"

# 6. -o "" is a usage error and writes nothing.
mkdir "$T/cwd"
(cd "$T/cwd" && "$BIN" plan "$FROM" "$TO" -o "") >/dev/null 2>&1
check "-o \"\": exit 2" [ $? -eq 2 ]
check "-o \"\": nothing written" [ -z "$(ls -A "$T/cwd")" ]

# 7. -o DIR that is a symbolic link is refused; the folder it points to
# gets nothing (with or without a trailing slash).
mkdir "$T/target"
ln -s "$T/target" "$T/dirlink"
"$BIN" plan "$FROM" "$TO" -o "$T/dirlink" >/dev/null 2>&1
check "-o link: exit 3" [ $? -eq 3 ]
"$BIN" plan "$FROM" "$TO" -o "$T/dirlink/" >/dev/null 2>&1
check "-o link/: exit 3" [ $? -eq 3 ]
check "-o link: target untouched" [ -z "$(ls -A "$T/target")" ]

# 8. A missing DIR is created 0755 and the files are 0644, less the umask,
# never more: under umask 002 nobody else may edit a reviewed plan.
(umask 002; exec "$BIN" plan "$FROM" "$TO" -o "$T/new") >/dev/null 2>&1
check "new DIR: exit 0" [ $? -eq 0 ]
check "new DIR: mode 755" [ "$(stat -c %a "$T/new")" = 755 ]
check "new DIR: files mode 644" [ "$(stat -c %a "$T/new/up.sql" "$T/new/plan.md" | sort -u)" = 644 ]

# 9. The snapshot store: a link at the store path or at its -wal name is
# refused (exit 3, like every other store file lockstep cannot use) and its
# target is untouched; a dangling link's target is not created.
R=$T/repo
git init -q "$R"
cp "$TO" "$R/schema.sql"
git -C "$R" add schema.sql
git -C "$R" -c user.name=t -c user.email=t@example.com commit -qm schema
: > "$T/empty-victim"
ln -s "$T/empty-victim" "$T/store.link"
"$BIN" snapshot -C "$R" --store "$T/store.link" >/dev/null 2>&1
check "store link: exit 3" [ $? -eq 3 ]
check "store link: target untouched" [ ! -s "$T/empty-victim" ]
ln -s "$T/absent" "$T/store.dangling"
"$BIN" snapshot -C "$R" --store "$T/store.dangling" >/dev/null 2>&1
check "store dangling link: exit 3" [ $? -eq 3 ]
check "store dangling link: target not created" [ ! -e "$T/absent" ]
: > "$T/empty-victim2"
ln -s "$T/empty-victim2" "$T/store.db-wal"
"$BIN" snapshot -C "$R" --store "$T/store.db" >/dev/null 2>&1
check "store -wal link: exit 3" [ $? -eq 3 ]
check "store -wal link: target untouched" [ ! -s "$T/empty-victim2" ]
rm -f "$T/store.db-wal"
ln -s "$R" "$T/repolink"
"$BIN" snapshot -C "$R" --store "$T/repolink/store.db" >/dev/null 2>&1
check "store under a linked folder: exit 0" [ $? -eq 0 ]
check "store under a linked folder: a regular file" [ -f "$R/store.db" -a ! -L "$R/store.db" ]


# 10. The store under `ulimit -f`: exit 3 (not killed by SIGXFSZ), and the
# store is still sound for the next run.
"$BIN" snapshot -C "$R" --store "$T/limited.db" >/dev/null 2>&1
git -C "$R" mv schema.sql structure.sql
cp "$FROM" "$R/structure.sql"
git -C "$R" add structure.sql
git -C "$R" -c user.name=t -c user.email=t@example.com commit -qm from
(ulimit -f 8; exec "$BIN" snapshot -C "$R" --store "$T/limited.db") >/dev/null 2>&1
rc=$?
check "store under ulimit -f: exit 3 (got $rc)" [ $rc -eq 3 ]
"$BIN" snapshot -C "$R" --store "$T/limited.db" >/dev/null 2>&1
check "store under ulimit -f: the next run works" [ $? -eq 0 ]

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
