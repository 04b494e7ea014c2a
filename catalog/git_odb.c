/* The object database lockstep reads a repository through (git.h).
 *
 * libgit2 1.5's loose-object reader never returns on a truncated loose
 * object: git_zstream_get_output loops while output space is left and the
 * stream has not ended, and takes zlib's Z_BUF_ERROR (the input ran out
 * before the end of the stream) as "retry", so it calls inflate() again on
 * the same exhausted input forever (libgit2 issue 7342, fixed upstream by
 * pull request 7346, after 1.5). And since every libgit2 reader (commit,
 * tree and blob lookups, tree walks, rev-parse, the revision walk) reads
 * through the repository's object database, no check before a lookup can
 * cover them all.
 *
 * So the repository gets an object database of our own: libgit2's pack
 * backend for the packs, and the loose backend below for loose objects,
 * for the objects folder and each of its alternates, with libgit2's own
 * priorities (packs first); a pack read that fails is given the object's
 * name, which libgit2's zlib messages lack. The loose backend reads each object file once,
 * inflates it with zlib in a loop that ends (every inflate() call either
 * makes progress or the object is reported), and checks the "type size\0"
 * header against what the stream holds. A bad object is a GIT_ERROR_ODB
 * error naming the object and its file; the odb checks the hash of what we
 * return as it does for its own backends.
 */
#define _POSIX_C_SOURCE 200809L
#define ZLIB_CONST
#include "git.h"

#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define HEADER_MAX 64          /* "commit 18446744073709551615\0" fits */
#define ALTERNATES_DEPTH 5     /* as git and libgit2 */

typedef struct loose {
	git_odb_backend parent;
	size_t n_dir;
	char dir[];                /* the objects folder, ending in '/' */
} loose;

/* Set libgit2's error to "object HEX is corrupt: WHY (loose object FILE)"
 * and return -1. */
static int corrupt(const char *hex, const char *path, const char *why)
{
	char msg[PATH_MAX + 512];
	snprintf(msg, sizeof msg, "object %s is corrupt: %s (loose object %s)", hex, why, path);
	git_error_set_str(GIT_ERROR_ODB, msg);
	return -1;
}

/* The file of id under be's folder, in path (size >= n_dir + 42). */
static void object_path(char *path, const loose *be, const git_oid *id)
{
	memcpy(path, be->dir, be->n_dir);
	git_oid_pathfmt(path + be->n_dir, id);
	path[be->n_dir + GIT_OID_HEXSZ + 1] = '\0';
}

/* The whole file at path in *out (malloc'd, caller frees). GIT_ENOTFOUND
 * when there is no such file; -1 with libgit2's error set when it cannot
 * be read. */
static int read_file(unsigned char **out, size_t *len, const char *path)
{
	*out = NULL;
	*len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return GIT_ENOTFOUND;
		goto fail;
	}
	struct stat st;
	if (fstat(fd, &st) < 0)
		goto fail;
	if (!S_ISREG(st.st_mode) || (uintmax_t)st.st_size >= SIZE_MAX) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		goto fail;
	}
	size_t n = (size_t)st.st_size, got = 0;
	unsigned char *buf = malloc(n ? n : 1);
	if (!buf) {
		close(fd);
		git_error_set_oom();
		return -1;
	}
	while (got < n) {
		ssize_t k = read(fd, buf + got, n - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fd);
	/* a file that shrank while read is read as what was there */
	*out = buf;
	*len = got;
	return 0;
fail:;
	char msg[PATH_MAX + 512];
	snprintf(msg, sizeof msg, "cannot read the loose object %s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	git_error_set_str(GIT_ERROR_ODB, msg);
	return -1;
}

typedef struct inflater {
	z_stream z;
	const unsigned char *in;   /* input not yet handed to zlib */
	size_t n_in;
} inflater;

/* One inflate() call into z.next_out/avail_out (avail_out > 0): 1 when it
 * made progress, 0 at the end of the stream, -1 when it cannot go on
 * (*why: the stream is truncated or corrupt). zlib answers Z_BUF_ERROR
 * only when no progress was possible; with output space left that is
 * input that ran out before the end of the stream. */
static int inflate_step(inflater *f, const char **why)
{
	if (f->z.avail_in == 0 && f->n_in > 0) {
		uInt k = f->n_in > UINT_MAX ? UINT_MAX : (uInt)f->n_in;
		f->z.next_in = f->in;
		f->z.avail_in = k;
		f->in += k;
		f->n_in -= k;
	}
	int zr = inflate(&f->z, Z_NO_FLUSH);
	if (zr == Z_STREAM_END)
		return 0;
	if (zr == Z_OK)
		return 1;
	*why = zr == Z_BUF_ERROR ? "the file is truncated" :
		zr == Z_MEM_ERROR ? "out of memory" :
		f->z.msg ? f->z.msg : "not a zlib stream";
	return -1;
}

/* Parse "type size\0" at the start of hdr[0..n). 0 with *type, *size and
 * *used (header length with its NUL); -1 when it is not such a header. */
static int parse_header(git_object_t *type, size_t *size, size_t *used,
		const unsigned char *hdr, size_t n)
{
	const unsigned char *nul = memchr(hdr, '\0', n), *sp = memchr(hdr, ' ', n);
	if (!nul || !sp || sp > nul || sp == hdr || sp + 1 == nul || (size_t)(sp - hdr) > 15)
		return -1;
	char name[16];
	memcpy(name, hdr, (size_t)(sp - hdr));
	name[sp - hdr] = '\0';
	*type = git_object_string2type(name);
	if (*type != GIT_OBJECT_COMMIT && *type != GIT_OBJECT_TREE && *type != GIT_OBJECT_BLOB &&
			*type != GIT_OBJECT_TAG)
		return -1;
	size_t v = 0;
	for (const unsigned char *p = sp + 1; p < nul; p++) {
		if (*p < '0' || *p > '9' || v > (SIZE_MAX - 2 - (size_t)(*p - '0')) / 10)
			return -1;
		v = v * 10 + (size_t)(*p - '0');
	}
	*size = v;
	*used = (size_t)(nul - hdr) + 1;
	return 0;
}

/* Inflate f's stream into hdr until its header's NUL, the end of hdr or of
 * the stream (*ended): *have bytes. -1 with *why when the stream breaks. */
static int inflate_header(inflater *f, unsigned char *hdr, size_t *have, bool *ended,
		const char **why)
{
	int step = 1;
	f->z.next_out = hdr;
	f->z.avail_out = HEADER_MAX;
	while (!memchr(hdr, '\0', HEADER_MAX - f->z.avail_out) && f->z.avail_out > 0 &&
			(step = inflate_step(f, why)) > 0)
		;
	*have = HEADER_MAX - f->z.avail_out;
	*ended = step == 0;
	return step < 0 ? -1 : 0;
}

/* Inflate the rest of f's stream into out[have..size) (ended: the stream
 * is done already). -1 with *why unless the stream ends exactly at size
 * with no input left over; one byte of room past the size tells an object
 * longer than its header says. */
static int inflate_body(inflater *f, unsigned char *out, size_t size, size_t have, bool ended,
		const char **why)
{
	unsigned char extra;
	while (!ended) {
		size_t left = size - have;
		f->z.next_out = left ? out + have : &extra;
		f->z.avail_out = left ? (left > UINT_MAX ? UINT_MAX : (uInt)left) : 1;
		uInt room = f->z.avail_out;
		int step = inflate_step(f, why);
		if (step < 0)
			return -1;
		if (!left && f->z.avail_out < room) {
			*why = "longer than its header says";
			return -1;
		}
		have += room - f->z.avail_out;
		ended = step == 0;
	}
	if (have != size)
		*why = "shorter than its header says";
	else if (f->z.avail_in > 0 || f->n_in > 0)
		*why = "garbage after the end of the object";
	else
		return 0;
	return -1;
}

/* Read the loose object id from be: its type and size, and (body not
 * NULL) its content in *body, allocated for the odb with a NUL after it.
 * GIT_ENOTFOUND when be has no such file; -1 (libgit2's error set, naming
 * the object and its file) when the file is not a whole loose object. */
static int read_object(void **body, size_t *len, git_object_t *type, loose *be,
		const git_oid *id)
{
	char path[PATH_MAX + 64], hex[GIT_OID_HEXSZ + 1];
	unsigned char *file = NULL, hdr[HEADER_MAX], *out = NULL;
	const char *why = NULL;
	size_t n_file = 0, size = 0, used = 0, have = 0;
	inflater f = {.z = {0}};
	bool ended = false;
	int rc;
	if (be->n_dir + GIT_OID_HEXSZ + 2 > sizeof path)
		return GIT_ENOTFOUND;
	object_path(path, be, id);
	git_oid_tostr(hex, sizeof hex, id);
	if ((rc = read_file(&file, &n_file, path)) < 0)
		return rc;
	if (inflateInit(&f.z) != Z_OK) {
		free(file);
		git_error_set_oom();
		return -1;
	}
	f.in = file;
	f.n_in = n_file;
	/* the header first: it gives the size to allocate */
	if ((rc = inflate_header(&f, hdr, &have, &ended, &why)) < 0)
		goto done;
	if ((rc = parse_header(type, &size, &used, hdr, have)) < 0) {
		why = "no object header";
		goto done;
	}
	have -= used;
	if (have > size) {
		why = "longer than its header says";
		rc = -1;
		goto done;
	}
	if (!body)
		goto done;
	if (!(out = git_odb_backend_data_alloc(&be->parent, size + 1))) {
		git_error_set_oom();
		rc = -1;
		goto done;
	}
	memcpy(out, hdr + used, have);
	if ((rc = inflate_body(&f, out, size, have, ended, &why)) < 0)
		goto done;
	out[size] = '\0';
	*body = out;
	out = NULL;
done:
	if (rc == 0)
		*len = size;
	else if (why)
		corrupt(hex, path, why);
	if (out)
		git_odb_backend_data_free(&be->parent, out);
	inflateEnd(&f.z);
	free(file);
	return rc;
}

static int be_read(void **data, size_t *len, git_object_t *type, git_odb_backend *b,
		const git_oid *id)
{
	return read_object(data, len, type, (loose *)b, id);
}

static int be_read_header(size_t *len, git_object_t *type, git_odb_backend *b,
		const git_oid *id)
{
	return read_object(NULL, len, type, (loose *)b, id);
}

static int be_exists(git_odb_backend *b, const git_oid *id)
{
	loose *be = (loose *)b;
	char path[PATH_MAX + 64];
	struct stat st;
	if (be->n_dir + GIT_OID_HEXSZ + 2 > sizeof path)
		return 0;
	object_path(path, be, id);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The one loose object whose id starts with the first n hex digits of
 * prefix: 0 with *out; GIT_ENOTFOUND; GIT_EAMBIGUOUS. */
static int find_prefix(git_oid *out, loose *be, const git_oid *prefix, size_t n)
{
	char hex[GIT_OID_HEXSZ + 1], path[PATH_MAX + 64];
	if (n < GIT_OID_MINPREFIXLEN || n > GIT_OID_HEXSZ || be->n_dir + 4 > sizeof path)
		return GIT_ENOTFOUND;
	git_oid_tostr(hex, sizeof hex, prefix);
	snprintf(path, sizeof path, "%s%.2s", be->dir, hex);
	DIR *d = opendir(path);
	if (!d)
		return GIT_ENOTFOUND;
	int found = 0;
	struct dirent *e;
	while (found < 2 && (e = readdir(d))) {
		if (strlen(e->d_name) != GIT_OID_HEXSZ - 2 || strncmp(e->d_name, hex + 2, n - 2))
			continue;
		char full[GIT_OID_HEXSZ + 1];
		memcpy(full, hex, 2);
		memcpy(full + 2, e->d_name, GIT_OID_HEXSZ - 2 + 1);
		if (git_oid_fromstr(out, full) == 0)
			found++;
	}
	closedir(d);
	if (found > 1) {
		git_error_set_str(GIT_ERROR_ODB, "ambiguous object id prefix among loose objects");
		return GIT_EAMBIGUOUS;
	}
	return found ? 0 : GIT_ENOTFOUND;
}

static int be_exists_prefix(git_oid *out, git_odb_backend *b, const git_oid *prefix,
		size_t n)
{
	return find_prefix(out, (loose *)b, prefix, n);
}

static int be_read_prefix(git_oid *out, void **data, size_t *len, git_object_t *type,
		git_odb_backend *b, const git_oid *prefix, size_t n)
{
	int rc = 0;
	if (n >= GIT_OID_HEXSZ)
		git_oid_cpy(out, prefix);
	else
		rc = find_prefix(out, (loose *)b, prefix, n);
	return rc < 0 ? rc : read_object(data, len, type, (loose *)b, out);
}

static void be_free(git_odb_backend *b)
{
	free(b);
}

/* A loose backend for the objects folder dir (with or without its '/'). */
static int loose_new(git_odb_backend **out, const char *dir)
{
	size_t n = strlen(dir);
	bool slash = n > 0 && dir[n - 1] == '/';
	loose *be = calloc(1, sizeof *be + n + 2);
	*out = NULL;
	if (!be) {
		git_error_set_oom();
		return -1;
	}
	if (git_odb_init_backend(&be->parent, GIT_ODB_BACKEND_VERSION) < 0) {
		free(be);
		return -1;
	}
	memcpy(be->dir, dir, n);
	if (!slash)
		be->dir[n++] = '/';
	be->n_dir = n;
	be->parent.read = be_read;
	be->parent.read_header = be_read_header;
	be->parent.read_prefix = be_read_prefix;
	be->parent.exists = be_exists;
	be->parent.exists_prefix = be_exists_prefix;
	be->parent.free = be_free;
	*out = &be->parent;
	return 0;
}

/* libgit2's pack backend, wrapped so that an object it fails to read is
 * named: its zlib errors ("incorrect data check") say nothing of which. */
typedef struct packed {
	git_odb_backend parent;
	git_odb_backend *inner;
} packed;

/* rc from reading id (its first n hex digits) through the pack backend;
 * a failure other than "not here" gets the object's name. */
static int pack_named(int rc, const git_oid *id, size_t n)
{
	if (rc >= 0 || rc == GIT_ENOTFOUND || rc == GIT_PASSTHROUGH || rc == GIT_EAMBIGUOUS)
		return rc;
	const git_error *e = git_error_last();
	char hex[GIT_OID_HEXSZ + 1], msg[1024];
	git_oid_tostr(hex, sizeof hex, id);
	hex[n < GIT_OID_HEXSZ ? n : GIT_OID_HEXSZ] = '\0';
	snprintf(msg, sizeof msg, "object %s cannot be read from its pack: %s", hex,
			e && e->message ? e->message : "unknown error");
	git_error_set_str(GIT_ERROR_ODB, msg);
	return rc;
}

static int pk_read(void **data, size_t *len, git_object_t *type, git_odb_backend *b,
		const git_oid *id)
{
	git_odb_backend *in = ((packed *)b)->inner;
	return pack_named(in->read(data, len, type, in, id), id, GIT_OID_HEXSZ);
}

static int pk_read_header(size_t *len, git_object_t *type, git_odb_backend *b,
		const git_oid *id)
{
	git_odb_backend *in = ((packed *)b)->inner;
	return pack_named(in->read_header(len, type, in, id), id, GIT_OID_HEXSZ);
}

static int pk_read_prefix(git_oid *out, void **data, size_t *len, git_object_t *type,
		git_odb_backend *b, const git_oid *prefix, size_t n)
{
	git_odb_backend *in = ((packed *)b)->inner;
	return pack_named(in->read_prefix(out, data, len, type, in, prefix, n), prefix, n);
}

static int pk_exists(git_odb_backend *b, const git_oid *id)
{
	git_odb_backend *in = ((packed *)b)->inner;
	return in->exists(in, id);
}

static int pk_exists_prefix(git_oid *out, git_odb_backend *b, const git_oid *prefix, size_t n)
{
	git_odb_backend *in = ((packed *)b)->inner;
	return in->exists_prefix(out, in, prefix, n);
}

static int pk_refresh(git_odb_backend *b)
{
	git_odb_backend *in = ((packed *)b)->inner;
	return in->refresh(in);
}

static void pk_free(git_odb_backend *b)
{
	git_odb_backend *in = ((packed *)b)->inner;
	in->free(in);
	free(b);
}

/* libgit2's pack backend for the objects folder dir, wrapped. */
static int packed_new(git_odb_backend **out, const char *dir)
{
	git_odb_backend *in = NULL;
	*out = NULL;
	if (git_odb_backend_pack(&in, dir) < 0)
		return -1;
	packed *be = calloc(1, sizeof *be);
	if (!be || git_odb_init_backend(&be->parent, GIT_ODB_BACKEND_VERSION) < 0 ||
			!in->read || !in->read_header || !in->read_prefix || !in->exists ||
			!in->exists_prefix || !in->refresh) {
		if (!be)
			git_error_set_oom();
		else
			git_error_set_str(GIT_ERROR_ODB, "unexpected libgit2 pack backend");
		free(be);
		in->free(in);
		return -1;
	}
	be->inner = in;
	be->parent.read = pk_read;
	be->parent.read_header = pk_read_header;
	be->parent.read_prefix = pk_read_prefix;
	be->parent.exists = pk_exists;
	be->parent.exists_prefix = pk_exists_prefix;
	be->parent.refresh = pk_refresh;
	be->parent.free = pk_free;
	*out = &be->parent;
	return 0;
}

typedef struct seen {
	dev_t dev;
	ino_t ino;
} seen;

static int add_dir(git_odb *odb, const char *dir, int depth, seen *s, size_t *n_seen);

/* Add the folders listed in dir/info/alternates (one a line, relative to
 * dir when not absolute, '#' comments) at depth + 1. */
static int add_alternates(git_odb *odb, const char *dir, int depth, seen *s, size_t *n_seen)
{
	int rc = 0;
	char path[PATH_MAX];
	if ((size_t)snprintf(path, sizeof path, "%s/info/alternates", dir) >= sizeof path)
		return 0;
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	char line[PATH_MAX];
	while (rc == 0 && fgets(line, sizeof line, f)) {
		size_t l = strlen(line);
		while (l > 0 && (line[l - 1] == '\n' || line[l - 1] == '\r' || line[l - 1] == ' ' ||
					line[l - 1] == '\t'))
			line[--l] = '\0';
		if (!l || line[0] == '#')
			continue;
		char alt[PATH_MAX * 2 + 2];
		if (line[0] == '/')
			snprintf(alt, sizeof alt, "%s", line);
		else
			snprintf(alt, sizeof alt, "%s/%s", dir, line);
		rc = add_dir(odb, alt, depth + 1, s, n_seen);
	}
	fclose(f);
	return rc;
}

/* Add the pack and loose backends of the objects folder dir to odb (as
 * alternates when depth > 0), then those of its alternates, at most
 * ALTERNATES_DEPTH levels deep, each folder once (by device and inode). */
static int add_dir(git_odb *odb, const char *dir, int depth, seen *s, size_t *n_seen)
{
	struct stat st;
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		if (depth > 0)
			return 0;   /* a missing alternate is skipped, as git does */
		git_error_set_str(GIT_ERROR_ODB, "the repository has no objects folder");
		return -1;
	}
	for (size_t i = 0; i < *n_seen; i++)
		if (s[i].dev == st.st_dev && s[i].ino == st.st_ino)
			return 0;
	if (*n_seen < ALTERNATES_DEPTH * 16) {
		s[*n_seen].dev = st.st_dev;
		s[*n_seen].ino = st.st_ino;
		(*n_seen)++;
	}
	git_odb_backend *pack = NULL, *lo = NULL;
	int rc = packed_new(&pack, dir);
	if (rc < 0)
		return rc;
	rc = depth ? git_odb_add_alternate(odb, pack, 2) : git_odb_add_backend(odb, pack, 2);
	if (rc < 0) {
		pack->free(pack);
		return rc;
	}
	if ((rc = loose_new(&lo, dir)) < 0)
		return rc;
	rc = depth ? git_odb_add_alternate(odb, lo, 1) : git_odb_add_backend(odb, lo, 1);
	if (rc < 0) {
		lo->free(lo);
		return rc;
	}
	return depth < ALTERNATES_DEPTH ? add_alternates(odb, dir, depth, s, n_seen) : 0;
}

int ls_git_odb_install(git_repository *repo, ls_error *err)
{
	git_odb *odb = NULL;
	char dir[PATH_MAX];
	seen s[ALTERNATES_DEPTH * 16];
	size_t n_seen = 0;
	const char *common = git_repository_commondir(repo);
	if (!common || (size_t)snprintf(dir, sizeof dir, "%sobjects", common) >= sizeof dir)
		return ls_error_set(err, LS_EENV, NULL, 0, 0,
				"cannot open the object database of the repository");
	int rc = git_odb_new(&odb);
	if (rc == 0)
		rc = add_dir(odb, dir, 0, s, &n_seen);
	if (rc == 0)
		rc = git_repository_set_odb(repo, odb);
	git_odb_free(odb);
	if (rc < 0)
		return ls_git_error(err, LS_EENV, "cannot open the object database of the repository");
	return 0;
}
