#!/usr/bin/env bash
# Sources are hostile input (issue 12, item 3). A folder's symlink that
# leads out of the folder is refused (exit 2, naming the link) and the
# target is never read; a symlink that stays inside is followed; a FIFO,
# device or folder among the .sql files is refused without being opened;
# a symlink committed to git is refused, in a migrations folder and as the
# schema file; and an error quotes at most a bounded token of its input,
# escaped, so neither a file's body nor a control sequence reaches the log.
# usage: sources.sh LOCKSTEP_BINARY
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
CANARY=SECRETCANARY0123456789

# run NAME WANT_RC CMD...: stdout in $NAME.out, stderr in $NAME.err; a
# command that hangs is killed after 20 s (exit 124), which fails WANT_RC.
run() {
  local name=$1 want=$2
  shift 2
  timeout 20 "$@" >"$name.out" 2>"$name.err" </dev/null
  local rc=$?
  [ "$rc" -eq "$want" ] || { bad "$name: exit $rc, want $want: $(head -c 300 "$name.err")"; return 1; }
  return 0
}
no_canary() {  # NAME: neither output holds the canary
  if grep -q "$CANARY" "$1.out" "$1.err"; then bad "$1: the canary was printed"; else ok; fi
}
names() {  # NAME TEXT: stderr names TEXT
  if grep -qF -- "$2" "$1.err"; then ok; else bad "$1: stderr does not name '$2': $(head -c 300 "$1.err")"; fi
}

# --- a folder whose symlink leads out of it ---
printf '%s\nroot:x:0:0:not sql at all\n' "$CANARY" >secret.txt
mkdir -p out1
echo 'CREATE TABLE t (id int);' >out1/0001.sql
ln -s ../secret.txt out1/0002.sql
for cmd in "catalog out1" "diff empty out1" "diff out1 empty" "plan empty out1 -o plan1"; do
  n=out1_${cmd%% *}
  # shellcheck disable=SC2086
  run "$n" 2 "$BIN" $cmd && { names "$n" "out1/0002.sql"; names "$n" "symbolic link"; }
  no_canary "$n"
done
[ ! -e plan1 ] && ok || bad "plan wrote files for a refused source"
# an absolute link, and one through a folder of the source
mkdir -p out2/sub
echo 'CREATE TABLE t (id int);' >out2/0001.sql
ln -s "$WORK/secret.txt" out2/0002.sql
run out2 2 "$BIN" catalog out2 && names out2 "out2/0002.sql"
no_canary out2
rm out2/0002.sql
ln -s ../../secret.txt out2/sub/x.sql
ln -s sub/x.sql out2/0002.sql
run out2b 2 "$BIN" catalog out2 && names out2b "out2/0002.sql"
no_canary out2b
# a dangling link: no such target, named
mkdir -p out3 && ln -s nowhere.sql out3/0001.sql
run out3 2 "$BIN" catalog out3 && names out3 "out3/0001.sql"

# --- symlinks that stay inside the folder are followed ---
mkdir -p in1/sub
echo 'CREATE TABLE a (id int);' >in1/0001.sql
echo 'CREATE TABLE b (id int);' >in1/sub/b.sql
echo 'CREATE TABLE c (id int);' >in1/sub/c.sql
ln -s sub/b.sql in1/0002.sql
ln -s "$WORK/in1/sub/c.sql" in1/0003_abs.sql    # absolute, but inside
run in1 0 "$BIN" catalog in1 --format sql &&
  { grep -q 'CREATE TABLE public.b' in1.out && grep -q 'CREATE TABLE public.c' in1.out && ok ||
    bad "in1: a link inside the folder was not applied: $(cat in1.out)"; }
# the folder itself may be a link (the user named it)
ln -s in1 in1link
run in1link 0 "$BIN" catalog in1link

# --- a file named on the command line: a CI script names a file of the
# checkout, which a pull request can turn into a link. Followed only when it
# stays in the link's folder; /dev/ names (typed by the user) and pipes work.
ln -s in1/sub/b.sql direct.sql
run direct 0 "$BIN" catalog direct.sql
mkdir -p db && ln -s ../secret.txt db/schema.sql
for cmd in "catalog db/schema.sql" "diff empty db/schema.sql" "plan db/schema.sql empty -o plan2"; do
  n=direct_${cmd%% *}
  # shellcheck disable=SC2086
  run "$n" 2 "$BIN" $cmd && { names "$n" "db/schema.sql"; names "$n" "symbolic link"; }
  no_canary "$n"
done
ln -s "$WORK/secret.txt" db/abs.sql
run direct_abs 2 "$BIN" catalog db/abs.sql && names direct_abs "db/abs.sql"
no_canary direct_abs
ln -s /proc/self/environ db/env.sql
run direct_env 2 "$BIN" catalog db/env.sql && names direct_env "db/env.sql"
timeout 20 "$BIN" catalog /dev/stdin --format sql <in1/sub/b.sql >direct_stdin.out 2>direct_stdin.err &&
  grep -q 'CREATE TABLE public.b' direct_stdin.out && ok || bad "direct_stdin: /dev/stdin not read: $(cat direct_stdin.err)"
timeout 20 "$BIN" catalog <(cat in1/sub/c.sql) --format sql >direct_pipe.out 2>direct_pipe.err &&
  grep -q 'CREATE TABLE public.c' direct_pipe.out && ok || bad "direct_pipe: <(...) not read: $(cat direct_pipe.err)"

# --- not a regular file: refused without opening it ---
mkdir -p fifo1
echo 'CREATE TABLE t (id int);' >fifo1/0001.sql
mkfifo fifo1/0002.sql
run fifo1 2 "$BIN" catalog fifo1 && { names fifo1 "fifo1/0002.sql"; names fifo1 "not a regular file"; }
mkdir -p dev1 && ln -s /dev/zero dev1/0001.sql
run dev1 2 "$BIN" catalog dev1 && names dev1 "dev1/0001.sql"
mkdir -p dir1/0001.sql
run dir1 2 "$BIN" catalog dir1 && names dir1 "dir1/0001.sql"
mkdir -p fifo2 && mkfifo fifo2/real && ln -s real fifo2/0001.sql
run fifo2 2 "$BIN" catalog fifo2 && names fifo2 "fifo2/0001.sql"

# --- git: a committed symlink is refused, its text never parsed ---
export GIT_AUTHOR_NAME=Dev GIT_AUTHOR_EMAIL=dev@example.com
export GIT_COMMITTER_NAME=Dev GIT_COMMITTER_EMAIL=dev@example.com
mkdir -p repo/sql && (
  cd repo && git init -q -b main &&
  echo 'CREATE TABLE t (id int);' >sql/001_init.sql &&
  ln -s ../../secret.txt sql/002_link.sql &&
  git add -A && git commit -qm one
) || bad "git setup"
run git1 2 "$BIN" catalog -C repo HEAD && { names git1 "sql/002_link.sql"; names git1 "symbolic link"; }
no_canary git1
run git1d 2 "$BIN" diff -C repo empty HEAD && names git1d "sql/002_link.sql"
no_canary git1d
# the schema file itself a link, named as REV:PATH
mkdir -p repo2 && (
  cd repo2 && git init -q -b main && mkdir db &&
  echo 'CREATE TABLE t (id int);' >db/real.sql && ln -s ../../secret.txt db/schema.sql &&
  git add -A && git commit -qm one
) || bad "git setup 2"
run git2 2 "$BIN" catalog -C repo2 HEAD:db/schema.sql && { names git2 "db/schema.sql"; names git2 "symbolic link"; }
no_canary git2
run git2b 2 "$BIN" catalog -C repo2 --path db/schema.sql HEAD && names git2b "db/schema.sql"
# a layout's own file (the sqitch plan) a link
mkdir -p repo4 && (
  cd repo4 && git init -q -b main && mkdir deploy &&
  echo 'CREATE TABLE t (id int);' >deploy/init.sql && ln -s ../secret.txt sqitch.plan &&
  git add -A && git commit -qm one
) || bad "git setup 4"
run git4 2 "$BIN" catalog -C repo4 --layout sqitch HEAD && { names git4 "sqitch.plan"; names git4 "symbolic link"; }
no_canary git4
# a link elsewhere in the tree, not read as a source, is no error
mkdir -p repo3 && (
  cd repo3 && git init -q -b main && mkdir sql &&
  echo 'CREATE TABLE t (id int);' >sql/001_init.sql && ln -s ../../secret.txt README &&
  git add -A && git commit -qm one
) || bad "git setup 3"
run git3 0 "$BIN" catalog -C repo3 HEAD

# --- an error quotes a bounded token of its input ---
long=$(head -c 5000 /dev/zero | tr '\0' x)
printf "CREATE TABLE t (id int);\nSELECT 1 'head %s %s tail';\n" "$long" "$CANARY" >lit.sql
printf 'SELECT 1 $body$ head %s %s tail $body$;\n' "$long" "$CANARY" >dollar.sql
printf "SELECT 'head %s\n%s\nmore lines\n" "$long" "$CANARY" >unterminated.sql
printf 'CREATE TABLE t (id int) "%s";\n' "$long$CANARY" >ident.sql
printf '%s %s;\n' "$long$CANARY" "x" >word.sql
printf "CREATE TYPE e AS ENUM ('%s');\n" "$long$CANARY" >label.sql
for f in lit dollar unterminated ident word label; do
  run "tok_$f" 2 "$BIN" catalog "$f.sql" || continue
  no_canary "tok_$f"
  names "tok_$f" "$f.sql:"
  len=$(head -1 "tok_$f.err" | wc -c)
  [ "$len" -lt 200 ] && ok || bad "tok_$f: the first line is $len bytes: $(head -c 300 "tok_$f.err")"
done
grep -q "syntax error at or near \"'head xxx" tok_lit.err && ok || bad "tok_lit: the token is not quoted: $(cat tok_lit.err)"

# --- control characters of an input never reach the terminal raw ---
printf 'CREATE TABLE t (id int) "a\033[31mred\033[0m\nb";\n' >ctl.sql
run ctl 2 "$BIN" catalog ctl.sql
if LC_ALL=C grep -q $'\033' ctl.err; then bad "ctl: an escape character was printed"; else ok; fi
[ "$(wc -l <ctl.err)" -eq 1 ] && ok || bad "ctl: the error spans lines: $(cat -A ctl.err)"
mkdir -p ctl2 && ln -s ../secret.txt "ctl2/0001"$'\n'"::error::x.sql"
run ctl2 2 "$BIN" catalog ctl2
if grep -q '^::error::' ctl2.err; then bad "ctl2: a file name started a line: $(cat ctl2.err)"; else ok; fi
no_canary ctl2
mkdir -p ctl3 && echo 'CREATE TABLE t (id int);' >ctl3/0.sql
echo 'INSERT INTO t VALUES (1);' >"ctl3/1"$'\n'"::error::x.sql"
run ctl3 0 "$BIN" catalog ctl3
if grep -q '^::error::' ctl3.err; then bad "ctl3: a file name started a line: $(cat ctl3.err)"; else ok; fi

# lockstep log: a commit's author and subject, a table's name and the
# statements are input, printed one line each on stdout (no raw control
# byte, no line a name or subject starts)
mkdir -p logrepo/sql && (
  cd logrepo && git init -q -b main &&
  printf 'CREATE TABLE "t\n::error::forged" (id int);\nCOMMENT ON TABLE "t\n::error::forged" IS E\x27x\\n::error::c\x27;\n' >sql/001_a.sql &&
  git add -A && git commit -qm $'add \033[31mred\033[0m table' &&
  git -c user.name=$'Dev\n::error::author' commit -q --allow-empty -m 'empty'
) || bad "log repo setup"
run log1 0 "$BIN" log -C logrepo
run log2 0 "$BIN" log -C logrepo 'public."t
::error::forged"'
for n in log1 log2; do
  if LC_ALL=C grep -q $'\033' $n.out; then bad "$n: an escape character was printed"; else ok; fi
  if grep -q '^::error::' $n.out; then bad "$n: input started a line: $(grep -n '^::' $n.out)"; else ok; fi
done
grep -qF 'forged' log2.out && ok || bad "log2: the table's statements are missing: $(cat log2.out log2.err)"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
