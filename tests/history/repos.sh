# Sourceable (bash): real git repositories of schema history, one per layout,
# for the history tests.
#
#   . tests/history/repos.sh
#   repo_build LAYOUT DIR     # (re)create DIR as a git repository of LAYOUT
#   repo_root LAYOUT          # the schema folder or file inside the tree
#   repo_commit DIR SUBJECT   # full id of the commit with exactly that subject
#   repo_facts LAYOUT         # what the history holds, for the checks (below)
#
# REPO_LAYOUTS lists the eight layouts. Every repository is built with the
# git CLI only, with a fixed author and committer and fixed dates (one hour
# apart, starting at the same instant for every repository), no hooks and no
# global or system git config, so its commit ids are the same on every run
# and machine. Each has several commits covering: tables created, a column
# added, a table renamed (ALTER TABLE ... RENAME TO), a column renamed, a
# drop, an index and a view. Across the set:
#   flyway          V1 < V1.1 < V2 < V3 < V10 (numeric versions), two
#                   branches each adding a V3 (the duplicate version) merged,
#                   R__ repeatables (by description, after every V), a
#                   migration edited after it was committed, a tag, a commit
#                   with no schema yet, a quoted mixed-case schema and table
#   golang-migrate  two branches each adding a migration, merged (the merged
#                   order differs from the first parent's), .down.sql files,
#                   a migration edited after it was committed
#   diesel          diesel's setup functions, a trigger, a migration folder
#                   renamed (same version)
#   prisma          Prisma's quoted "User"/"Post" style, an out-of-order merge
#                   (the branch's timestamp sorts before main's), a constraint
#                   and an index renamed, a migration removed
#   drizzle         journal order that is not file-name order, a file that is
#                   not in the journal, --> statement-breakpoint, a migration
#                   edited after it was committed
#   sqitch          plan order that is not name order, BEGIN/COMMIT scripts,
#                   a tag line, revert/ and verify/ scripts (not replayed)
#   numbered        unpadded numbers (10 after 5), a .down.sql, a renumbered
#                   migration, a "quoted-with-dash" column
#   file            a commit with no schema yet, schema.sql growing as a
#                   script (with the rename statements), then squashed
# The SQL of every commit is valid PostgreSQL 15 when each migration is run
# as its own psql session, in the layout's order (same flyway version: by
# path).
#
# repo_facts prints lines `KIND|...` (| separated):
#   warn|SUBJECT|TEXT...     a `warning: ` line names every TEXT (a path or a
#                            distinctive part of one) and the 7-hex id of the
#                            commit SUBJECT
#   log|OBJECT|OLD|SUBJECT|PATH|STATEMENT
#                            `log OBJECT` (renamed from OLD) lists the commit
#                            SUBJECT that created it under its old name, with a
#                            statement line `PATH:N: STATEMENT...`
#   form|REV|SUBJECT         `catalog -C DIR REV` is the catalog of commit
#                            SUBJECT (REV given as is)

REPO_LAYOUTS="file flyway golang-migrate diesel prisma drizzle sqitch numbered"

repo_root() {
  case $1 in
    file) echo schema.sql ;;
    flyway) echo db/migration ;;
    golang-migrate) echo migrations ;;
    diesel) echo migrations ;;
    prisma) echo prisma/migrations ;;
    drizzle) echo drizzle ;;
    sqitch) echo . ;;
    numbered) echo db/migrations ;;
    *) echo "repos.sh: unknown layout $1" >&2; return 1 ;;
  esac
}

repo_commit() {
  git -C "$1" log --all --format='%H %s' | awk -v s="$2" '
    substr($0, 42) == s { print $1; n++ } END { exit n == 1 ? 0 : 1 }'
}

# --- building blocks (run inside the repository, in a subshell) ---

_rp_env() {
  export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
  unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL \
    GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
  export TZ=UTC LC_ALL=C
}
_rp_init() {
  rm -rf "$1" && mkdir -p "$1" && cd "$1" &&
    git init -q -b main --template= . &&
    git config user.name "Dev One" && git config user.email dev@example.com &&
    git config commit.gpgsign false && git config core.autocrlf false &&
    git config merge.ff false
  _RP_TICK=1704067200   # 2024-01-01T00:00:00Z
}
_rp_tick() { _RP_TICK=$((_RP_TICK + 3600)); export GIT_AUTHOR_DATE="@$_RP_TICK +0000" GIT_COMMITTER_DATE="@$_RP_TICK +0000"; }
# _put PATH <<'SQL' ... : write a file of the tree from stdin
_put() { mkdir -p "$(dirname "$1")" && cat >"$1"; }
_commit() { _rp_tick; git add -A && git commit -q -m "$1"; }
_merge() { _rp_tick; git merge -q --no-ff --no-edit -m "$2" "$1"; }
_branch() { git checkout -q -b "$1"; }
_switch() { git checkout -q "$1"; }

repo_build() {
  local layout=$1 dir=$2
  ( set -e; _rp_env; _rp_init "$dir"; "_repo_${layout//-/_}" ) ||
    { echo "repos.sh: building the $layout repository in $dir failed" >&2; return 1; }
}

# --- flyway ---
_repo_flyway() {
  local d=db/migration
  _put README.md <<<'# shop (no schema yet)'
  _commit "readme: no schema yet"

  _put $d/V1__create_users.sql <<'SQL'
CREATE SCHEMA "Billing";

CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email varchar(255) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE "Billing"."Invoice" (
    "InvoiceId" serial PRIMARY KEY,
    "userId" bigint NOT NULL REFERENCES users (id),
    amount numeric(12,2) NOT NULL CHECK (amount >= 0)
);
SQL
  _commit "create users and invoices"

  _put $d/V1.1__users_name.sql <<'SQL'
ALTER TABLE users ADD COLUMN display_name text;
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
SQL
  _commit "users: display name and email index"

  _put $d/V2__rename_users.sql <<'SQL'
ALTER TABLE users RENAME TO accounts;
ALTER TABLE accounts RENAME COLUMN email TO email_address;
SQL
  _commit "rename users to accounts"
  git tag v1.0

  _branch orders
  _put $d/V3__orders.sql <<'SQL'
CREATE TABLE orders (
    id bigserial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    total numeric(12,2) NOT NULL DEFAULT 0
);
CREATE INDEX orders_account_id_idx ON orders (account_id);
ALTER TABLE accounts ADD COLUMN last_order_at timestamptz;
SQL
  _commit "orders (V3 on a branch)"

  _switch main
  _put $d/V3__tags.sql <<'SQL'
CREATE TABLE tags (name text PRIMARY KEY);
ALTER TABLE accounts ADD COLUMN tag_count integer NOT NULL DEFAULT 0;
SQL
  _commit "tags (V3 on main)"
  _merge orders "merge branch orders"

  # V10 needs V3: in name order it would run before V2 and V3
  _put $d/V10__order_status.sql <<'SQL'
ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';
CREATE INDEX orders_open_idx ON orders (account_id) WHERE status <> 'done';
SQL
  # repeatables run after every V, by description: order_totals needs account_views
  _put $d/R__account_views.sql <<'SQL'
CREATE OR REPLACE VIEW active_accounts AS
    SELECT id, email_address, display_name FROM accounts WHERE tag_count > 0;
SQL
  _put $d/R__order_totals.sql <<'SQL'
CREATE OR REPLACE VIEW "Billing"."OrderTotals" AS
    SELECT a.id, sum(o.total) AS total
    FROM active_accounts a JOIN orders o ON o.account_id = a.id
    GROUP BY a.id;
SQL
  _commit "order status and repeatable views"

  _put $d/V1.1__users_name.sql <<'SQL'
ALTER TABLE users ADD COLUMN display_name text NOT NULL DEFAULT '';
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
COMMENT ON COLUMN users.display_name IS 'shown in the UI';
SQL
  _commit "edit V1.1: display name not null"

  _put $d/V11__drop_invoices.sql <<'SQL'
DROP TABLE "Billing"."Invoice";
ALTER TABLE accounts DROP COLUMN created_at;
SQL
  _commit "drop invoices and created_at"
}

# --- golang-migrate ---
_repo_golang_migrate() {
  local d=migrations
  _put $d/000001_create_users.up.sql <<'SQL'
CREATE TABLE users (
    id serial PRIMARY KEY,
    email text NOT NULL UNIQUE,
    "FullName" text
);
SQL
  _put $d/000001_create_users.down.sql <<<'DROP TABLE users;'
  _commit "create users"

  _put $d/000002_add_last_login.up.sql <<'SQL'
ALTER TABLE users ADD COLUMN last_login timestamp(0) without time zone;
CREATE INDEX users_last_login_idx ON users (last_login DESC NULLS LAST);
SQL
  _put $d/000002_add_last_login.down.sql <<'SQL'
DROP INDEX users_last_login_idx;
ALTER TABLE users DROP COLUMN last_login;
SQL
  _commit "add last login"

  _branch posts
  _put $d/000003_create_posts.up.sql <<'SQL'
CREATE TABLE posts (
    id serial PRIMARY KEY,
    user_id integer REFERENCES users (id) ON DELETE SET NULL,
    title varchar(200) NOT NULL,
    body text
);
ALTER TABLE users ADD COLUMN post_count integer DEFAULT 0;
SQL
  _put $d/000003_create_posts.down.sql <<<'DROP TABLE posts;'
  _commit "create posts (branch)"

  _switch main
  _put $d/000004_create_profiles.up.sql <<'SQL'
CREATE TABLE profiles (
    user_id integer PRIMARY KEY REFERENCES users (id),
    bio text
);
ALTER TABLE users ADD COLUMN has_profile boolean DEFAULT false;
SQL
  _commit "create profiles (main)"
  # the merge runs 3 before 4: post_count comes before has_profile
  _merge posts "merge branch posts"

  _put $d/000005_rename_users.up.sql <<'SQL'
ALTER TABLE users RENAME TO members;
ALTER TABLE members RENAME COLUMN "FullName" TO full_name;
CREATE VIEW member_posts AS
    SELECT m.id, m.full_name, p.title FROM members m JOIN posts p ON p.user_id = m.id;
SQL
  _commit "rename users to members"

  _put $d/000006_drop_profiles.up.sql <<'SQL'
DROP TABLE profiles;
ALTER TABLE posts DROP COLUMN body;
SQL
  _commit "drop profiles and posts.body"

  _put $d/000002_add_last_login.up.sql <<'SQL'
ALTER TABLE users ADD COLUMN last_login timestamp(0) without time zone;
CREATE INDEX users_last_login_idx ON users (last_login DESC NULLS LAST);
CREATE INDEX users_email_lower_idx ON users (lower(email));
SQL
  _commit "edit migration 2: email index"
}

# --- diesel ---
_repo_diesel() {
  local d=migrations
  _put diesel.toml <<'EOF'
[print_schema]
file = "src/schema.rs"
EOF
  _put $d/00000000000000_diesel_initial_setup/up.sql <<'SQL'
-- This file was automatically created by Diesel to setup helper functions
-- and other internal bookkeeping. This file is safe to edit, any future
-- changes will be added to existing projects as new migrations.

CREATE OR REPLACE FUNCTION diesel_manage_updated_at(_tbl regclass) RETURNS VOID AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER set_updated_at BEFORE UPDATE ON %s
                    FOR EACH ROW EXECUTE PROCEDURE diesel_set_updated_at()', _tbl);
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION diesel_set_updated_at() RETURNS trigger AS $$
BEGIN
    IF (
        NEW IS DISTINCT FROM OLD AND
        NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at
    ) THEN
        NEW.updated_at := current_timestamp;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
SQL
  _put $d/00000000000000_diesel_initial_setup/down.sql <<'SQL'
DROP FUNCTION IF EXISTS diesel_manage_updated_at(_tbl regclass);
DROP FUNCTION IF EXISTS diesel_set_updated_at();
SQL
  _commit "diesel setup"

  _put $d/2024-01-10-120000_create_posts/up.sql <<'SQL'
CREATE TABLE posts (
  id SERIAL PRIMARY KEY,
  title VARCHAR NOT NULL,
  body TEXT NOT NULL,
  published BOOLEAN NOT NULL DEFAULT FALSE,
  updated_at TIMESTAMP NOT NULL DEFAULT NOW()
);
CREATE TRIGGER set_updated_at BEFORE UPDATE ON posts
  FOR EACH ROW EXECUTE PROCEDURE diesel_set_updated_at();
SQL
  _put $d/2024-01-10-120000_create_posts/down.sql <<<'DROP TABLE posts;'
  _commit "create posts"

  _put $d/2024-02-01-090000_add_authors/up.sql <<'SQL'
CREATE TABLE authors (
  id SERIAL PRIMARY KEY,
  name TEXT NOT NULL
);
ALTER TABLE posts ADD COLUMN author_id INTEGER REFERENCES authors (id);
CREATE INDEX posts_author_id_idx ON posts (author_id);
SQL
  _put $d/2024-02-01-090000_add_authors/down.sql <<'SQL'
ALTER TABLE posts DROP COLUMN author_id;
DROP TABLE authors;
SQL
  _commit "add authors"

  _put $d/2024-03-01-000000_rename_posts/up.sql <<'SQL'
ALTER TABLE posts RENAME TO articles;
ALTER TABLE articles RENAME COLUMN body TO "Content";
CREATE VIEW published_articles AS
  SELECT id, title, "Content" FROM articles WHERE published;
SQL
  _put $d/2024-03-01-000000_rename_posts/down.sql <<'SQL'
DROP VIEW published_articles;
ALTER TABLE articles RENAME COLUMN "Content" TO body;
ALTER TABLE articles RENAME TO posts;
SQL
  _commit "rename posts to articles"

  _put $d/2024-04-01-000000_drop_view/up.sql <<'SQL'
DROP VIEW published_articles;
ALTER TABLE articles DROP COLUMN published;
SQL
  _put $d/2024-04-01-000000_drop_view/down.sql <<'SQL'
ALTER TABLE articles ADD COLUMN published BOOLEAN NOT NULL DEFAULT FALSE;
CREATE VIEW published_articles AS
  SELECT id, title, "Content" FROM articles WHERE published;
SQL
  _commit "drop published"

  git mv $d/2024-04-01-000000_drop_view $d/2024-04-01-000000_drop_published
  _commit "rename the drop_view migration folder"

  _put $d/2024-05-01-000000_recent_articles/up.sql <<'SQL'
CREATE VIEW recent_articles AS
  SELECT id, title, updated_at FROM articles ORDER BY updated_at DESC LIMIT 10;
SQL
  _put $d/2024-05-01-000000_recent_articles/down.sql <<<'DROP VIEW recent_articles;'
  _commit "recent articles view"
}

# --- prisma ---
_repo_prisma() {
  local d=prisma/migrations
  _put prisma/schema.prisma <<'EOF'
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}
EOF
  _put $d/migration_lock.toml <<'EOF'
# Please do not edit this file manually
provider = "postgresql"
EOF
  _put $d/20240101000000_init/migration.sql <<'SQL'
-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
SQL
  _commit "prisma init"

  _put $d/20240115000000_add_post/migration.sql <<'SQL'
-- CreateTable
CREATE TABLE "Post" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "authorId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
SQL
  _commit "add post"

  _branch published
  _put $d/20240201000000_post_published/migration.sql <<'SQL'
-- AlterTable
ALTER TABLE "Post" ADD COLUMN "published" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "Post_published_idx" ON "Post"("published");
SQL
  _commit "post published (branch)"

  _switch main
  _put $d/20240301000000_post_slug/migration.sql <<'SQL'
-- AlterTable
ALTER TABLE "Post" ADD COLUMN "slug" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Post_slug_key" ON "Post"("slug");
SQL
  _commit "post slug (main)"
  # the branch's migration sorts before main's: published comes before slug
  _merge published "merge branch published"

  _put $d/20240401000000_rename_user/migration.sql <<'SQL'
-- AlterTable
ALTER TABLE "User" RENAME TO "Account";
ALTER TABLE "Account" RENAME CONSTRAINT "User_pkey" TO "Account_pkey";
ALTER TABLE "Account" RENAME COLUMN "name" TO "displayName";

-- RenameIndex
ALTER INDEX "User_email_key" RENAME TO "Account_email_key";
SQL
  _commit "rename User to Account"

  _put $d/20240501000000_views/migration.sql <<'SQL'
-- CreateView
CREATE VIEW "PublishedPost" AS
SELECT p."id", p."title", a."email" AS "authorEmail"
FROM "Post" p JOIN "Account" a ON a."id" = p."authorId"
WHERE p."published";
SQL
  _commit "published post view"

  _put $d/20240601000000_drop_slug/migration.sql <<'SQL'
-- DropIndex
DROP INDEX "Post_slug_key";

-- AlterTable
ALTER TABLE "Post" DROP COLUMN "slug";
SQL
  _commit "drop slug"

  git rm -q -r $d/20240601000000_drop_slug
  _commit "remove the drop slug migration"
}

# --- drizzle ---
# _journal TAG...: drizzle/meta/_journal.json listing the tags in that order
_journal() {
  local i=0 t sep=
  {
    printf '{\n  "version": "7",\n  "dialect": "postgresql",\n  "entries": ['
    for t in "$@"; do
      printf '%s\n    {\n      "idx": %d,\n      "version": "7",\n      "when": %d,\n      "tag": "%s",\n      "breakpoints": true\n    }' \
        "$sep" "$i" "$(( (1704067200 + i * 86400) * 1000 ))" "$t"
      sep=, i=$((i + 1))
    done
    printf '\n  ]\n}\n'
  } | _put drizzle/meta/_journal.json
}
_repo_drizzle() {
  local d=drizzle
  _put drizzle.config.ts <<'EOF'
export default { dialect: "postgresql", schema: "./src/schema.ts", out: "./drizzle" };
EOF
  _put $d/0000_init.sql <<'SQL'
CREATE TABLE IF NOT EXISTS "teams" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" varchar(256)
);
SQL
  _journal 0000_init
  _commit "drizzle init"

  _put $d/0001_user_team.sql <<'SQL'
ALTER TABLE "users" ADD COLUMN "team_id" integer;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "users_email_idx" ON "users" USING btree ("email");
SQL
  # not in the journal: drizzle never runs it
  _put $d/0099_scratch.sql <<'SQL'
CREATE TABLE "scratch" ("x" integer);
SQL
  _journal 0000_init 0001_user_team
  _commit "users belong to teams"

  _put $d/0002_rename_users.sql <<'SQL'
ALTER TABLE "users" RENAME TO "members";--> statement-breakpoint
ALTER TABLE "members" RENAME COLUMN "name" TO "full_name";--> statement-breakpoint
ALTER TABLE "members" RENAME CONSTRAINT "users_team_id_teams_id_fk" TO "members_team_id_teams_id_fk";
SQL
  _journal 0000_init 0001_user_team 0002_rename_users
  _commit "rename users to members"

  _put $d/0003_member_view.sql <<'SQL'
CREATE VIEW "public"."member_emails" AS (select "id", "email" from "members");
SQL
  _journal 0000_init 0001_user_team 0002_rename_users 0003_member_view
  _commit "member emails view"

  # the journal runs 0005 before 0004: in name order DROP TABLE "teams" fails
  _put $d/0004_drop_teams.sql <<'SQL'
DROP TABLE "teams";
SQL
  _put $d/0005_drop_team_fk.sql <<'SQL'
ALTER TABLE "members" DROP CONSTRAINT "members_team_id_teams_id_fk";
--> statement-breakpoint
ALTER TABLE "members" DROP COLUMN "team_id";
SQL
  _journal 0000_init 0001_user_team 0002_rename_users 0003_member_view 0005_drop_team_fk 0004_drop_teams
  _commit "drop teams"

  _put $d/0003_member_view.sql <<'SQL'
CREATE VIEW "public"."member_emails" AS (select "id", "full_name", "email" from "members" where "email" is not null);
SQL
  _commit "edit the member view migration"
}

# --- sqitch ---
_repo_sqitch() {
  _put sqitch.conf <<'EOF'
[core]
	engine = pg
	# plan_file = sqitch.plan
	# top_dir = .
EOF
  _put sqitch.plan <<'EOF'
%syntax-version=1.0.0
%project=flipr
%uri=https://example.com/flipr/

appschema 2024-01-01T10:00:00Z Dev One <dev@example.com> # Add schema for all flipr objects.
EOF
  _put deploy/appschema.sql <<'SQL'
-- Deploy flipr:appschema to pg

BEGIN;

CREATE SCHEMA flipr;

COMMIT;
SQL
  _put revert/appschema.sql <<'SQL'
-- Revert flipr:appschema from pg

BEGIN;
DROP SCHEMA flipr;
COMMIT;
SQL
  _put verify/appschema.sql <<'SQL'
-- Verify flipr:appschema on pg

SELECT pg_catalog.has_schema_privilege('flipr', 'usage');
SQL
  _commit "sqitch appschema"

  cat >>sqitch.plan <<'EOF'
users [appschema] 2024-01-02T10:00:00Z Dev One <dev@example.com> # Creates table to track our users.
EOF
  _put deploy/users.sql <<'SQL'
-- Deploy flipr:users to pg
-- requires: appschema

BEGIN;

CREATE TABLE flipr.users (
    nickname    TEXT        PRIMARY KEY,
    password    TEXT        NOT NULL,
    "Timestamp" TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

COMMIT;
SQL
  _put revert/users.sql <<'SQL'
BEGIN;
DROP TABLE flipr.users;
COMMIT;
SQL
  _put verify/users.sql <<'SQL'
SELECT nickname, password, "Timestamp" FROM flipr.users WHERE FALSE;
SQL
  _commit "sqitch users"

  # "flips" sorts before "users" but needs it: only the plan order works
  cat >>sqitch.plan <<'EOF'
flips [appschema users] 2024-01-03T10:00:00Z Dev One <dev@example.com> # Adds table for storing flips.
@v1.0.0-dev1 2024-01-03T11:00:00Z Dev One <dev@example.com> # Tag v1.0.0-dev1.
EOF
  _put deploy/flips.sql <<'SQL'
-- Deploy flipr:flips to pg
-- requires: appschema
-- requires: users

BEGIN;

CREATE TABLE flipr.flips (
    id          BIGSERIAL   PRIMARY KEY,
    nickname    TEXT        NOT NULL REFERENCES flipr.users(nickname),
    body        TEXT        NOT NULL DEFAULT '' CHECK ( length(body) <= 180 ),
    "Timestamp" TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX flips_nickname_idx ON flipr.flips (nickname, "Timestamp" DESC);

COMMIT;
SQL
  _put revert/flips.sql <<'SQL'
BEGIN;
DROP TABLE flipr.flips;
COMMIT;
SQL
  _commit "sqitch flips"

  cat >>sqitch.plan <<'EOF'
users_email [users] 2024-01-04T10:00:00Z Dev One <dev@example.com> # Users get an email.
EOF
  _put deploy/users_email.sql <<'SQL'
BEGIN;
ALTER TABLE flipr.users ADD COLUMN email TEXT;
ALTER TABLE flipr.users ADD CONSTRAINT users_email_check CHECK (email LIKE '%@%');
COMMIT;
SQL
  _commit "sqitch users email"

  cat >>sqitch.plan <<'EOF'
rename_flips [flips users_email] 2024-01-05T10:00:00Z Dev One <dev@example.com> # Flips are posts now.
EOF
  _put deploy/rename_flips.sql <<'SQL'
BEGIN;
ALTER TABLE flipr.flips RENAME TO posts;
ALTER TABLE flipr.posts RENAME COLUMN body TO content;
CREATE VIEW flipr.user_posts AS
    SELECT u.nickname, u.email, p.content
    FROM flipr.users u JOIN flipr.posts p ON p.nickname = u.nickname;
COMMIT;
SQL
  _commit "sqitch rename flips to posts"

  cat >>sqitch.plan <<'EOF'
drop_password [users] 2024-01-06T10:00:00Z Dev One <dev@example.com> # No more passwords here.
EOF
  _put deploy/drop_password.sql <<'SQL'
BEGIN;
ALTER TABLE flipr.users DROP COLUMN password;
COMMIT;
SQL
  _commit "sqitch drop password"
}

# --- plain numbered files ---
_repo_numbered() {
  local d=db/migrations
  _put $d/1_init.sql <<'SQL'
CREATE TABLE customers (
    id integer PRIMARY KEY,
    name text NOT NULL,
    "E-Mail" text
);
SQL
  _commit "init customers"

  _put $d/2_products.sql <<'SQL'
CREATE TABLE products (
    sku text PRIMARY KEY,
    price_cents integer NOT NULL CHECK (price_cents > 0),
    "inStock" boolean DEFAULT true
);
SQL
  _commit "products"

  _put $d/3_customer_phone.sql <<'SQL'
ALTER TABLE customers ADD COLUMN phone text;
CREATE INDEX customers_phone_idx ON customers (phone) WHERE phone IS NOT NULL;
SQL
  _put $d/3_customer_phone.down.sql <<'SQL'
DROP INDEX customers_phone_idx;
ALTER TABLE customers DROP COLUMN phone;
SQL
  _commit "customer phone"

  _put $d/4_rename.sql <<'SQL'
ALTER TABLE customers RENAME TO clients;
ALTER TABLE clients RENAME COLUMN "E-Mail" TO email;
SQL
  _commit "rename customers to clients"

  _put $d/5_client_view.sql <<'SQL'
CREATE VIEW client_emails AS
    SELECT id, name, email FROM clients WHERE email IS NOT NULL;
SQL
  _commit "client emails view"

  # 10 after 5 (by number; by name it would run before 2_products)
  _put $d/10_drop_products.sql <<'SQL'
DROP TABLE products;
SQL
  _commit "drop products"

  git mv $d/5_client_view.sql $d/6_client_view.sql
  _commit "renumber the client view migration"

  _put $d/11_orders.sql <<'SQL'
CREATE TABLE orders (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    client_id integer NOT NULL REFERENCES clients (id),
    placed_on date NOT NULL DEFAULT CURRENT_DATE
);
SQL
  _commit "orders"
}

# --- a single schema file ---
_repo_file() {
  _put README.md <<<'# sessions (no schema yet)'
  _commit "readme only"

  _put schema.sql <<'SQL'
CREATE TABLE "Users" (
    id integer PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE sessions (
    token uuid PRIMARY KEY,
    user_id integer NOT NULL REFERENCES "Users" (id),
    expires_at timestamptz NOT NULL
);
SQL
  _commit "schema: users and sessions"

  _put schema.sql <<'SQL'
CREATE TABLE "Users" (
    id integer PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE sessions (
    token uuid PRIMARY KEY,
    user_id integer NOT NULL REFERENCES "Users" (id),
    expires_at timestamptz NOT NULL
);

ALTER TABLE "Users" ADD COLUMN email text;
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
SQL
  _commit "schema: user email and session index"

  cat >>schema.sql <<'SQL'

ALTER TABLE "Users" RENAME TO people;
ALTER TABLE people RENAME COLUMN name TO full_name;
CREATE VIEW people_sessions AS
    SELECT p.id, p.full_name, s.token FROM people p JOIN sessions s ON s.user_id = p.id;
SQL
  _commit "schema: rename Users to people"

  cat >>schema.sql <<'SQL'

DROP VIEW people_sessions;
ALTER TABLE sessions DROP COLUMN expires_at;
SQL
  _commit "schema: drop the view and expires_at"

  _put schema.sql <<'SQL'
-- squashed
CREATE TABLE people (
    id integer PRIMARY KEY,
    full_name text NOT NULL,
    email text
);

CREATE TABLE sessions (
    token uuid PRIMARY KEY,
    user_id integer NOT NULL REFERENCES people (id)
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);

CREATE VIEW people_emails AS SELECT id, email FROM people;
SQL
  _commit "schema: squash"
}

# --- a repository whose last migration PostgreSQL refuses (not a layout) ---
# V2__bad.sql line 3: syntax error at or near "NUL" (column 19).
repo_build_broken() {
  ( set -e; _rp_env; _rp_init "$1"
    _put db/migration/V1__ok.sql <<<'CREATE TABLE a (id integer PRIMARY KEY);'
    _commit "ok"
    _put db/migration/V2__bad.sql <<'SQL'
CREATE TABLE b (
    id integer PRIMARY KEY,
    name text NOT NUL
);
SQL
    _commit "bad"
  ) || { echo "repos.sh: building the broken repository in $1 failed" >&2; return 1; }
}

repo_facts() {
  case $1 in
    flyway) cat <<'EOF'
warn|edit V1.1: display name not null|db/migration/V1.1__users_name.sql|changed after it was committed
warn|merge branch orders|db/migration/V3__orders.sql|db/migration/V3__tags.sql
log|public.accounts|public.users|create users and invoices|db/migration/V1__create_users.sql|CREATE TABLE users
log|public.accounts.email_address|public.users.email|create users and invoices|db/migration/V1__create_users.sql|CREATE TABLE users
form|HEAD~1|edit V1.1: display name not null
form|v1.0|rename users to accounts
form|orders|orders (V3 on a branch)
form|HEAD:db/migration|drop invoices and created_at
EOF
    ;;
    golang-migrate) cat <<'EOF'
warn|edit migration 2: email index|migrations/000002_add_last_login.up.sql|changed after it was committed
log|public.members|public.users|create users|migrations/000001_create_users.up.sql|CREATE TABLE users
form|HEAD~2:migrations|rename users to members
EOF
    ;;
    diesel) cat <<'EOF'
warn|rename the drop_view migration folder|2024-04-01-000000_drop_view
log|public.articles|public.posts|create posts|migrations/2024-01-10-120000_create_posts/up.sql|CREATE TABLE posts
EOF
    ;;
    prisma) cat <<'EOF'
warn|remove the drop slug migration|prisma/migrations/20240601000000_drop_slug/migration.sql
log|public."Account"|public."User"|prisma init|prisma/migrations/20240101000000_init/migration.sql|CREATE TABLE "User"
EOF
    ;;
    drizzle) cat <<'EOF'
warn|edit the member view migration|drizzle/0003_member_view.sql|changed after it was committed
log|public.members|public.users|drizzle init|drizzle/0000_init.sql|CREATE TABLE IF NOT EXISTS "users"
EOF
    ;;
    sqitch) cat <<'EOF'
log|flipr.posts|flipr.flips|sqitch flips|deploy/flips.sql|CREATE TABLE flipr.flips
EOF
    ;;
    numbered) cat <<'EOF'
warn|renumber the client view migration|db/migrations/5_client_view.sql|db/migrations/6_client_view.sql
log|public.clients|public.customers|init customers|db/migrations/1_init.sql|CREATE TABLE customers
EOF
    ;;
    file) cat <<'EOF'
form|HEAD~1:schema.sql|schema: drop the view and expires_at
EOF
    ;;
  esac
}
