/* Migration layouts (layout.h): where the schema lives in a tree, and the
 * order its tool runs the migrations in. */
#define _POSIX_C_SOURCE 200809L
#include "layout.h"

#include <ctype.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[LS_LAYOUT_COUNT] = {
	"auto", "file", "flyway", "golang-migrate", "diesel", "prisma", "drizzle", "sqitch",
	"numbered",
};

const char *ls_layout_name(ls_layout_kind kind)
{
	return kind < LS_LAYOUT_COUNT ? names[kind] : "unknown";
}

int ls_layout_from_name(const char *name)
{
	for (int i = 0; i < LS_LAYOUT_COUNT; i++)
		if (!strcmp(names[i], name))
			return i;
	return -1;
}

/* A candidate migration before ordering. */
typedef struct cand {
	const char *dir;         /* folder the layout lives in */
	ls_migration m;
	const char *sort1;       /* ordering: numeric version text or string */
	int order;               /* flyway: 0 versioned, 1 repeatable */
} cand;

typedef struct found {
	cand *c;
	size_t n;
} found;

static int nomem(ls_error *err)
{
	return ls_error_set(err, LS_ENOMEM, NULL, 0, 0, "out of memory");
}

/* "a/b/c.sql" -> dir "a/b" (in a), base "c.sql". */
static const char *split_path(ls_arena *a, const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');
	*base = slash ? slash + 1 : path;
	return slash ? ls_arena_strndup(a, path, (size_t)(slash - path)) : "";
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

static bool under(const char *path, const char *root)
{
	size_t n = strlen(root);
	return !root[0] || (!strncmp(path, root, n) && (path[n] == '/' || path[n] == '\0'));
}

/* Digits only, without leading zeros ("0" for zeros), or NULL. */
static const char *number(ls_arena *a, const char *s, size_t n)
{
	if (n == 0 || n > 19)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return NULL;
	while (n > 1 && *s == '0') {
		s++;
		n--;
	}
	return ls_arena_strndup(a, s, n);
}

/* Compare dotted numeric versions ("1.10" > "1.9"; "1" == "1.0"). */
static int cmp_version(const char *a, const char *b)
{
	while (*a || *b) {
		unsigned long long x = 0, y = 0;
		while (*a && *a != '.')
			x = x * 10 + (unsigned)(*a++ - '0');
		while (*b && *b != '.')
			y = y * 10 + (unsigned)(*b++ - '0');
		if (x != y)
			return x < y ? -1 : 1;
		if (*a == '.')
			a++;
		if (*b == '.')
			b++;
	}
	return 0;
}

static bool push(found *f, ls_arena *a, cand c)
{
	cand *slot = ls_arena_push(a, (void **)&f->c, &f->n, sizeof *slot);
	if (slot)
		*slot = c;
	return slot != NULL;
}

/* Flyway's version "1_1" / "01.1" / "1.0" -> "1.1" / "1.1" / "1". */
static const char *flyway_version(ls_arena *a, const char *s, size_t n)
{
	char *out = ls_arena_alloc(a, n + 2);
	size_t k = 0;
	if (!out || n == 0)
		return NULL;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && isdigit((unsigned char)s[j]))
			j++;
		if (j == i || (j < n && s[j] != '.' && s[j] != '_') || j - i > 18)
			return NULL;
		while (i < j - 1 && s[i] == '0')
			i++;
		if (k)
			out[k++] = '.';
		memcpy(out + k, s + i, j - i);
		k += j - i;
		i = j < n ? j + 1 : j;
		if (j < n && i == n)
			return NULL;
	}
	out[k] = '\0';
	while (k > 2 && !strcmp(out + k - 2, ".0")) {
		k -= 2;
		out[k] = '\0';
	}
	return out;
}

/* A 20-digit zero-padded copy of a decimal number: compares as text. */
static const char *padded(ls_arena *a, const char *num)
{
	if (!num)
		return NULL;
	/* "%020llu" by hand: this runs for every file of every commit walked */
	unsigned long long v = strtoull(num, NULL, 10);
	char *p = ls_arena_alloc(a, 21);
	if (p) {
		for (int i = 19; i >= 0; i--, v /= 10)
			p[i] = (char)('0' + v % 10);
		p[20] = '\0';
	}
	return p;
}

static bool match_flyway(found *f, ls_arena *a, const char *path)
{
	const char *base, *dir = split_path(a, path, &base);
	const char *sep = strstr(base, "__");
	if (!dir || !sep || !ends_with(base, ".sql") || (base[0] != 'V' && base[0] != 'R' && base[0] != 'U'))
		return true;
	const char *name = ls_arena_strndup(a, sep + 2, strlen(sep + 2) - 4);
	if (base[0] == 'R')
		return sep != base + 1 || push(f, a, (cand){dir, {NULL, name, path, NULL, true}, name, 1});
	const char *v = flyway_version(a, base + 1, (size_t)(sep - base - 1));
	if (!v)
		return true;
	/* an undo script (U) is matched to its version after the scan */
	return push(f, a, (cand){dir, {v, name, base[0] == 'V' ? path : NULL,
			base[0] == 'U' ? path : NULL, false}, v, 0});
}

static bool match_golang(found *f, ls_arena *a, const char *path)
{
	const char *base, *dir = split_path(a, path, &base);
	size_t digits = strspn(base, "0123456789");
	bool up = ends_with(base, ".up.sql"), down = ends_with(base, ".down.sql");
	if (!dir || !digits || base[digits] != '_' || (!up && !down))
		return true;
	const char *v = number(a, base, digits);
	size_t tail = up ? 7 : 9;
	const char *name = ls_arena_strndup(a, base + digits + 1, strlen(base + digits + 1) - tail);
	if (!v)
		return true;
	return push(f, a, (cand){dir, {v, name, up ? path : NULL, down ? path : NULL, false},
			padded(a, v), 0});
}

/* diesel <dir>/<version>_<name>/up.sql (down.sql), prisma
 * <dir>/<ts>_<name>/migration.sql: the migration is a folder. */
static bool match_folder(found *f, ls_arena *a, const char *path, bool prisma)
{
	const char *base, *vdir = split_path(a, path, &base);
	if (!vdir || !vdir[0])
		return true;
	bool up = prisma ? !strcmp(base, "migration.sql") : !strcmp(base, "up.sql");
	bool down = !prisma && !strcmp(base, "down.sql");
	if (!up && !down)
		return true;
	const char *vname, *dir = split_path(a, vdir, &vname);
	const char *us = strchr(vname, '_');
	if (!dir || !us || us == vname)
		return true;
	const char *version = prisma ? vname : ls_arena_strndup(a, vname, (size_t)(us - vname));
	return push(f, a, (cand){dir, {version, us + 1, up ? path : NULL, down ? path : NULL, false},
			vname, 0});
}

static bool match_numbered(found *f, ls_arena *a, const char *path)
{
	const char *base, *dir = split_path(a, path, &base);
	size_t digits = strspn(base, "0123456789");
	if (!dir || !digits || !ends_with(base, ".sql") || ends_with(base, ".up.sql"))
		return true;
	char sep = base[digits];
	if (sep != '.' && sep != '_' && sep != '-')
		return true;
	bool down = ends_with(base, ".down.sql");
	const char *v = number(a, base, digits);
	if (!v)
		return true;
	size_t name_len = sep == '.' ? 0 : strlen(base + digits + 1) - (down ? 9 : 4);
	const char *name = ls_arena_strndup(a, base + digits + (sep == '.' ? 0 : 1), name_len);
	return push(f, a, (cand){dir, {v, name, down ? NULL : path, down ? path : NULL, false},
			padded(a, v), 0});
}

static bool match_file(found *f, ls_arena *a, const char *path)
{
	const char *base, *dir = split_path(a, path, &base);
	if (!dir || (strcmp(base, "schema.sql") && strcmp(base, "structure.sql")))
		return true;
	return push(f, a, (cand){path, {NULL, base, path, NULL, false}, path, 0});
}

static bool has_path(const char *const *paths, size_t n, const char *path)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(paths[i], path))
			return true;
	return false;
}

static const char *join(ls_arena *a, const char *dir, const char *rest)
{
	return dir[0] ? ls_arena_printf(a, "%s/%s", dir, rest) : ls_arena_strdup(a, rest);
}

/* drizzle: <dir>/meta/_journal.json lists {idx, tag}; <dir>/<tag>.sql. */
static int read_drizzle(found *f, ls_arena *a, const char *dir, const char *const *paths,
		size_t n, ls_layout_read_fn read, void *ctx, ls_error *err)
{
	const char *journal = join(a, dir, "meta/_journal.json"), *text;
	size_t len;
	if (!journal)
		return nomem(err);
	int rc = read(ctx, a, journal, &text, &len, err);
	if (rc < 0)
		return rc;
	json_error_t jerr;
	json_t *root = json_loadb(text, len, 0, &jerr), *entries = json_object_get(root, "entries");
	if (!json_is_array(entries)) {
		json_decref(root);
		return ls_error_set(err, LS_EINVAL, journal, jerr.line > 0 ? jerr.line : 0,
				jerr.column > 0 ? jerr.column : 0, "not a drizzle journal (no \"entries\" list)");
	}
	size_t i;
	json_t *e;
	json_array_foreach(entries, i, e) {
		json_t *tag = json_object_get(e, "tag"), *idx = json_object_get(e, "idx");
		const char *file = json_is_string(tag) ?
			ls_arena_printf(a, "%s.sql", json_string_value(tag)) : NULL;
		const char *path = file ? join(a, dir, file) : NULL;
		if (!path || !has_path(paths, n, path)) {
			rc = ls_error_set(err, LS_EINVAL, journal, 0, 0, "entry %zu names %s, which is missing",
					i, path ? path : "no tag");
			break;
		}
		const char *v = ls_arena_printf(a, "%lld", json_is_integer(idx) ?
				(long long)json_integer_value(idx) : (long long)i);
		const char *name = ls_arena_strdup(a, json_string_value(tag));
		if (!v || !name || !push(f, a, (cand){dir, {v, name, path, NULL, false}, padded(a, v), 0})) {
			rc = nomem(err);
			break;
		}
	}
	json_decref(root);
	return rc;
}

/* The name of a sqitch plan line's change, or NULL for other lines. */
static const char *plan_change(ls_arena *a, const char *line, size_t len, bool *tag)
{
	while (len && isspace((unsigned char)*line)) {
		line++;
		len--;
	}
	*tag = len && *line == '@';
	if (!len || *line == '%' || *line == '#')
		return NULL;
	size_t w = 0;
	while (w < len && !isspace((unsigned char)line[w]))
		w++;
	return ls_arena_strndup(a, line + *tag, w - *tag);
}

/* sqitch: sqitch.plan order; a change reworked later runs its earlier
 * versions from deploy/<name>@<next tag>.sql. */
static int read_sqitch(found *f, ls_arena *a, const char *dir, const char *const *paths,
		size_t n, ls_layout_read_fn read, void *ctx, ls_error *err)
{
	const char *plan = join(a, dir, "sqitch.plan"), *text;
	size_t len;
	if (!plan)
		return nomem(err);
	int rc = read(ctx, a, plan, &text, &len, err);
	if (rc < 0)
		return rc;
	size_t first = f->n;
	int *lines = NULL;
	size_t n_lines = 0;
	for (size_t at = 0, line = 1; at < len && rc == 0; line++) {
		size_t end = at;
		while (end < len && text[end] != '\n')
			end++;
		bool tag;
		const char *name = plan_change(a, text + at, end - at, &tag);
		if (name && tag) {
			/* the tag names the earlier versions of changes reworked later */
			for (size_t k = first; k < f->n; k++)
				if (!f->c[k].sort1)
					f->c[k].sort1 = name;
		} else if (name) {
			int *l = ls_arena_push(a, (void **)&lines, &n_lines, sizeof *l);
			if (!l || !push(f, a, (cand){dir, {name, name, NULL, NULL, false}, NULL, 0}))
				return nomem(err);
			*l = (int)line;
		}
		at = end + 1;
	}
	for (size_t k = first; k < f->n; k++) {
		cand *c = &f->c[k];
		bool later = false;
		for (size_t j = k + 1; j < f->n && !later; j++)
			later = !strcmp(f->c[j].m.name, c->m.name);
		const char *file = later && c->sort1 ? ls_arena_printf(a, "%s@%s", c->m.name, c->sort1) :
			c->m.name;
		const char *up = file ? join(a, dir, ls_arena_printf(a, "deploy/%s.sql", file)) : NULL;
		const char *down = file ? join(a, dir, ls_arena_printf(a, "revert/%s.sql", file)) : NULL;
		if (!up || !down)
			return nomem(err);
		if (!has_path(paths, n, up))
			return ls_error_set(err, LS_EINVAL, plan, lines[k - first], 1,
					"change %s: %s is missing", c->m.name, up);
		c->m.version = file;
		c->m.up_path = up;
		c->m.down_path = has_path(paths, n, down) ? down : NULL;
		c->sort1 = ls_arena_printf(a, "%010zu", k - first);
	}
	return 0;
}

/* --- choosing the layout and ordering it --- */

static ls_layout_kind sort_kind;

static int cmp_cand(const void *pa, const void *pb)
{
	const cand *a = pa, *b = pb;
	int c = 0;
	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	if (sort_kind == LS_LAYOUT_FLYWAY && a->order == 0)
		c = cmp_version(a->sort1, b->sort1);
	else
		c = strcmp(a->sort1 ? a->sort1 : "", b->sort1 ? b->sort1 : "");
	if (c)
		return c;
	return strcmp(a->m.up_path ? a->m.up_path : a->m.down_path,
			b->m.up_path ? b->m.up_path : b->m.down_path);
}

/* Candidates of one kind in the whole scope (paths under root). */
static int scan(found *f, ls_arena *a, ls_layout_kind kind, const char *const *paths, size_t n,
		const char *root, ls_layout_read_fn read, void *ctx, ls_error *err)
{
	const char *marker = kind == LS_LAYOUT_SQITCH ? "sqitch.plan" :
		kind == LS_LAYOUT_DRIZZLE ? "meta/_journal.json" : NULL;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const char *p = paths[i];
		bool ok = true;
		if (!under(p, root ? root : ""))
			continue;
		if (marker) {
			if (!ends_with(p, marker) || (strlen(p) > strlen(marker) &&
						p[strlen(p) - strlen(marker) - 1] != '/'))
				continue;
			const char *dir = ls_arena_strndup(a, p, strlen(p) - strlen(marker));
			if (!dir)
				return nomem(err);
			if (dir[0])
				((char *)dir)[strlen(dir) - 1] = '\0';
			rc = kind == LS_LAYOUT_SQITCH ? read_sqitch(f, a, dir, paths, n, read, ctx, err) :
				read_drizzle(f, a, dir, paths, n, read, ctx, err);
			continue;
		}
		switch (kind) {
		case LS_LAYOUT_FLYWAY: ok = match_flyway(f, a, p); break;
		case LS_LAYOUT_GOLANG: ok = match_golang(f, a, p); break;
		case LS_LAYOUT_DIESEL: ok = match_folder(f, a, p, false); break;
		case LS_LAYOUT_PRISMA: ok = match_folder(f, a, p, true); break;
		case LS_LAYOUT_NUMBERED: ok = match_numbered(f, a, p); break;
		case LS_LAYOUT_FILE: ok = match_file(f, a, p); break;
		default: break;
		}
		if (!ok)
			rc = nomem(err);
	}
	return rc;
}

/* Pair down scripts with their up scripts (same folder and version); a
 * down without an up is dropped. */
static void pair_downs(found *f)
{
	for (size_t i = 0; i < f->n; i++) {
		const cand *d = &f->c[i];
		if (d->m.up_path || !d->m.version)
			continue;
		for (size_t j = 0; j < f->n; j++) {
			cand *u = &f->c[j];
			if (u->m.up_path && !u->m.down_path && u->m.version &&
					!strcmp(u->m.version, d->m.version) && !strcmp(u->dir, d->dir)) {
				u->m.down_path = d->m.down_path;
				break;
			}
		}
	}
	size_t k = 0;
	for (size_t i = 0; i < f->n; i++)
		if (f->c[i].m.up_path)
			f->c[k++] = f->c[i];
	f->n = k;
}

/* The single folder the candidates live in; LS_EINVAL listing them when
 * there are several. */
static int one_dir(const char **dir, const found *f, ls_layout_kind kind, ls_error *err)
{
	*dir = NULL;
	for (size_t i = 0; i < f->n; i++) {
		if (!*dir || !strcmp(*dir, f->c[i].dir)) {
			*dir = f->c[i].dir;
			continue;
		}
		const char *a = *dir, *b = f->c[i].dir;
		if (strcmp(a, b) > 0) {
			const char *t = a;
			a = b;
			b = t;
		}
		ls_error_set(err, LS_EINVAL, NULL, 0, 0, "several %s %s: %s and %s", ls_layout_name(kind),
				kind == LS_LAYOUT_FILE ? "schema files" : "migration folders",
				a[0] ? a : "(repository root)", b[0] ? b : "(repository root)");
		snprintf(err->hint, sizeof err->hint, "name the one to read with --path");
		return LS_EINVAL;
	}
	return 0;
}

/* The only .sql file in scope, for a tree with a lone schema file. */
static const char *lone_sql(const char *const *paths, size_t n, const char *root)
{
	const char *only = NULL;
	for (size_t i = 0; i < n; i++)
		if (under(paths[i], root ? root : "") && ends_with(paths[i], ".sql")) {
			if (only)
				return NULL;
			only = paths[i];
		}
	return only;
}

static int single_file(ls_layout *out, ls_arena *a, const char *path, ls_error *err)
{
	const char *base = strrchr(path, '/');
	ls_migration *m = ls_arena_alloc(a, sizeof *m);
	if (!m)
		return nomem(err);
	*m = (ls_migration){NULL, base ? base + 1 : path, path, NULL, false};
	*out = (ls_layout){LS_LAYOUT_FILE, path, m, 1};
	return 0;
}

static int try_kind(ls_layout *out, bool *hit, ls_arena *a, ls_layout_kind kind,
		const char *const *paths, size_t n, const char *root, ls_layout_read_fn read,
		void *ctx, ls_error *err)
{
	found f = {0};
	const char *dir;
	*hit = false;
	int rc = scan(&f, a, kind, paths, n, root, read, ctx, err);
	if (rc < 0)
		return rc;
	pair_downs(&f);
	if (f.n == 0)
		return 0;
	if ((rc = one_dir(&dir, &f, kind, err)) < 0)
		return rc;
	*hit = true;
	if (kind == LS_LAYOUT_FILE)
		return single_file(out, a, dir, err);
	sort_kind = kind;
	qsort(f.c, f.n, sizeof *f.c, cmp_cand);
	ls_migration *ms = ls_arena_alloc(a, f.n * sizeof *ms);
	if (!ms)
		return nomem(err);
	for (size_t i = 0; i < f.n; i++)
		ms[i] = f.c[i].m;
	*out = (ls_layout){kind, dir, ms, f.n};
	return 0;
}

int ls_layout_find(ls_layout *out, ls_arena *a, const char *const *paths,
		size_t n_paths, ls_layout_kind kind, const char *root,
		ls_layout_read_fn read, void *ctx, ls_error *err)
{
	static const ls_layout_kind order[] = {LS_LAYOUT_SQITCH, LS_LAYOUT_DRIZZLE,
		LS_LAYOUT_PRISMA, LS_LAYOUT_DIESEL, LS_LAYOUT_GOLANG, LS_LAYOUT_FLYWAY,
		LS_LAYOUT_NUMBERED, LS_LAYOUT_FILE};
	bool hit = false;
	memset(out, 0, sizeof *out);
	if (root && has_path(paths, n_paths, root)) {
		if (kind != LS_LAYOUT_AUTO && kind != LS_LAYOUT_FILE)
			return ls_error_set(err, LS_EINVAL, root, 0, 0,
					"is a file, not a %s migrations folder", ls_layout_name(kind));
		return single_file(out, a, root, err);
	}
	for (size_t i = 0; i < sizeof order / sizeof *order && !hit; i++) {
		if (kind != LS_LAYOUT_AUTO && kind != order[i])
			continue;
		int rc = try_kind(out, &hit, a, order[i], paths, n_paths, root, read, ctx, err);
		if (rc < 0)
			return rc;
	}
	if (hit)
		return 0;
	const char *lone = (kind == LS_LAYOUT_AUTO || kind == LS_LAYOUT_FILE) ?
		lone_sql(paths, n_paths, root) : NULL;
	if (lone)
		return single_file(out, a, lone, err);
	return ls_error_set(err, LS_ENOTFOUND, root, 0, 0, "no %s schema found in %s",
			kind == LS_LAYOUT_AUTO ? "SQL" : ls_layout_name(kind),
			root ? "this folder" : "the repository");
}
