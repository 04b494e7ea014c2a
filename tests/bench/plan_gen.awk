# Generator for tests/bench/plan.sh: two PostgreSQL 15 schemas, FROM and TO.
#
#   awk -v dir=DIR [-v tables=1000] -f tests/bench/plan_gen.awk
#
# writes DIR/from.sql and DIR/to.sql and prints a one-line summary. FROM has
# `tables` tables in three schemas (core, billing, ops): bigserial or
# identity keys, 5-12 columns of mixed types with defaults, NOT NULL,
# CHECKs and UNIQUEs, foreign keys to earlier tables, about two indexes each
# (partial and expression ones among them), views, five functions, triggers
# and comments. TO changes 10% of the tables (for 1,000: 5 renamed with
# identical columns, 5 dropped, 20 with columns added, 12 with a column
# dropped, 15 with integer widened to bigint, 15 with a default changed, 10
# with an index added, 8 with an index dropped, 10 with a CHECK changed),
# redefines 4 views and adds 10 new tables.
#
# Deterministic: a Park-Miller generator of its own (awk's rand() differs
# between implementations), no clock, no environment. Plain POSIX awk, so
# Debian's mawk runs it.
#
# The planner pairs dropped and created tables by their columns (see
# planner/renames.c): the generator checks that no two tables
# of one side have the same columns, and that a dropped table resembles no
# created or renamed one (similarity under 0.35, the planner asks 0.4 to
# even suspect a rename), so the 5 renames are the only matches and are
# certain. A table either gains or loses columns, never both, so no column
# looks renamed.

function die(msg) { print "plan_gen.awk: " msg > "/dev/stderr"; exit 1 }

function rnd(n) { seed = (seed * 16807) % 2147483647; return seed % n }

# --- vocabulary -----------------------------------------------------------
# name|type|not null|default|check|new default (- drops it)|new check
function vocab(   rows, n, k, f) {
	rows = \
	"name|text|1||||\n" \
	"title|varchar(200)|1||||\n" \
	"code|varchar(32)|1||||\n" \
	"email|text|0||||\n" \
	"status|text|1|'active'|status IN ('active', 'suspended', 'closed')|'suspended'|status IN ('active', 'pending', 'suspended', 'closed')\n" \
	"amount|numeric(12,2)|1|0|amount >= 0||amount > 0\n" \
	"quantity|integer|1|1|quantity > 0|10|quantity >= 0\n" \
	"position|integer|1|0||100|\n" \
	"attempts|integer|0|0||-|\n" \
	"priority|smallint|1|3|priority BETWEEN 1 AND 5|2|priority BETWEEN 1 AND 9\n" \
	"is_enabled|boolean|1|true||false|\n" \
	"is_archived|boolean|1|false||-|\n" \
	"payload|jsonb|1|'{}'||'{\"v\": 1}'|\n" \
	"metadata|jsonb|0||||\n" \
	"external_ref|uuid|0||||\n" \
	"starts_at|timestamptz|0||||\n" \
	"ends_at|timestamptz|0||||\n" \
	"due_on|date|0||||\n" \
	"deleted_at|timestamptz|0||||\n" \
	"updated_at|timestamptz|1|now()|||\n" \
	"currency|char(3)|1|'EUR'|currency ~ '^[A-Z]{3}$'|'USD'|currency IN ('EUR', 'USD', 'GBP')\n" \
	"country_code|char(2)|0||||\n" \
	"ip_address|inet|0||||\n" \
	"tags|text[]|1|'{}'||'{untagged}'|\n" \
	"description|text|0||||\n" \
	"score|double precision|0||score >= 0 AND score <= 1||score >= 0\n" \
	"weight_grams|integer|0||weight_grams >= 0||weight_grams BETWEEN 0 AND 1000000\n" \
	"version|integer|1|1||0|\n" \
	"total_cents|bigint|1|0||-|\n" \
	"locale|text|1|'en'||'de'|\n" \
	"rate|numeric(8,4)|0||rate > 0||rate >= 0\n" \
	"notes|text|0||||\n" \
	"last_seen_at|timestamptz|0||||\n" \
	"retry_count|integer|1|0|retry_count >= 0|3|retry_count BETWEEN 0 AND 10\n" \
	"url|text|0||url ~ '^https?://'||url ~ '^https://'\n" \
	"phone|varchar(32)|0||||\n" \
	"duration|interval|0||||\n" \
	"owner_name|text|0||||"
	nv = split(rows, vrow, "\n")
	for (k = 1; k <= nv; k++) {
		split(vrow[k], f, "|")
		vn[k] = f[1]; vt[k] = f[2]; vnn[k] = f[3]; vdef[k] = f[4]; vchk[k] = f[5]
		vnewdef[k] = f[6]; vnewchk[k] = f[7]
		vidx[f[1]] = k
	}
}

# --- the FROM model ---------------------------------------------------------
# Table i: tschema[i], tname[i], idkind[i] (0 bigserial, 1 always, 2 by
# default), fk[i] (parent index or -1), fkcas[i]; columns 1..cn[i] are
# cname/ctype/cnn/cdef/cchk[i,k] (column 1 is id, the last created_at);
# ix*[i,j] its indexes; used[i,col] marks columns a view, index or table
# constraint needs; kids[i] counts what depends on table i.

function addcol(i, name, type, nn, def, chk, v,   k) {
	k = ++cn[i]
	cname[i, k] = name; ctype[i, k] = type; cnn[i, k] = nn; cdef[i, k] = def; cchk[i, k] = chk
	cv[i, k] = v   # vocabulary row, 0 for id, fk and created_at
	has[i, name] = k
}

function addix(i, suffix, body, cols,   j, n, c, x) {
	j = ++ixn[i]
	ixsuf[i, j] = suffix; ixbody[i, j] = body
	n = split(cols, c, " ")
	for (x = 1; x <= n; x++) used[i, c[x]] = 1
	ixcols[i, j] = cols
}

function make_table(i,   nx, k, v, p, pick, sig, tries) {
	idkind[i] = i % 3
	fk[i] = -1
	if (i >= 5 && rnd(10) < 6) {
		p = i - 1 - rnd(i < 200 ? i : 200)
		fk[i] = p; fkcas[i] = rnd(3) == 0
		kids[p]++
	}
	for (tries = 0; ; tries++) {
		cn[i] = 0
		for (k = 1; k <= nv; k++) delete has[i, vn[k]]
		addcol(i, "id", "bigint", 1, "", "", 0)
		if (fk[i] >= 0) addcol(i, tname[fk[i]] "_id", "bigint", 1, "", "", 0)
		nx = 3 + rnd(fk[i] >= 0 ? 7 : 8)   # 5-12 columns in all
		delete pick
		while (nx > 0) {
			v = 1 + rnd(nv)
			if (v in pick) continue
			pick[v] = 1; nx--
		}
		for (v = 1; v <= nv; v++)
			if (v in pick) addcol(i, vn[v], vt[v], vnn[v], vdef[v], vchk[v], v)
		addcol(i, "created_at", "timestamptz", 1, "now()", "", 0)
		sig = signature(i, "from")
		if (!(sig in fromsig)) break
		if (tries > 50) die("cannot make table " i " unlike the others")
	}
	fromsig[sig] = i
}

function make_indexes(i,   t, order, n, k, c, fkc) {
	t = tname[i]
	if (fk[i] >= 0) {
		fkc = cname[i, 2]
		addix(i, fkc "_idx", "(" fkc ")", fkc)
	} else {
		addix(i, "created_at_idx", "(created_at DESC)", "created_at")
	}
	# the second index: the first kind the table's columns allow, starting
	# at a place that varies with i
	n = split("email deleted_at status payload name due_on starts_at", order, " ")
	for (k = 0; k < n; k++) {
		c = order[1 + (i + k) % n]
		if (!((i, c) in has)) continue
		if (c == "email" && tschema[i] == "core" && i % 4 == 0)
			addix(i, "email_norm_idx", "(core.normalize_email(email))", "email")
		else if (c == "email") addix(i, "email_lower_idx", "(lower(email))", "email")
		else if (c == "deleted_at") addix(i, "live_idx", "(created_at) WHERE deleted_at IS NULL", "created_at deleted_at")
		else if (c == "status") addix(i, "open_idx", "(status) WHERE status <> 'closed'", "status")
		else if (c == "payload") addix(i, "kind_idx", "((payload ->> 'kind'))", "payload")
		else if (c == "name") addix(i, "name_lower_idx", "(lower(name))", "name")
		else if (c == "due_on") addix(i, "due_on_idx", "(due_on) WHERE due_on IS NOT NULL", "due_on")
		else addix(i, "starts_at_idx", "(starts_at)", "starts_at")
		break
	}
	# table-level constraints
	if ((i, "code") in has) { used[i, "code"] = 1; if (fk[i] >= 0) used[i, cname[i, 2]] = 1 }
	if ((i, "email") in has && i % 2 == 0) used[i, "email"] = 1
	if ((i, "starts_at") in has && (i, "ends_at") in has) used[i, "starts_at"] = used[i, "ends_at"] = 1
}

# Views: one over every 20th table, joined with its parent over every 40th.
function make_views(   i, k, c, n, v) {
	nviews = 0
	for (i = 7; i < tables; i += 20) {
		v = ++nviews
		vbase[v] = i
		n = 0; vcols[v] = ""
		for (k = 2; k < cn[i] && n < 3; k++) {
			c = cname[i, k]
			if (cv[i, k] == 0 || ctype[i, k] == "jsonb") continue
			vcols[v] = vcols[v] ", " c; used[i, c] = 1; n++
		}
		vwhere[v] = ""
		# @ stands for the table's alias in a join view
		if ((i, "status") in has) { vwhere[v] = "@status = 'active'"; used[i, "status"] = 1 }
		else if ((i, "deleted_at") in has) { vwhere[v] = "@deleted_at IS NULL"; used[i, "deleted_at"] = 1 }
		else if ((i, "is_archived") in has) { vwhere[v] = "NOT @is_archived"; used[i, "is_archived"] = 1 }
		vjoin[v] = (i % 40 == 7 && fk[i] >= 0)
		kids[i]++
		if (vjoin[v]) kids[fk[i]]++
	}
}

# --- the TO changes --------------------------------------------------------

# The k-th table of a fixed permutation of 0..tables-1.
function perm(k) { return (k * 617 + 101) % tables }

function free_table(i) { return !(i in change) }

# The change of table i, "" if none (reading change[i] would create it).
function chg(i) { return (i in change) ? change[i] : "" }

function name_for_rename(i,   n, parts, q, syn) {
	syn["event"] = "occurrence"; syn["note"] = "remark"; syn["link"] = "relation"
	syn["setting"] = "preference"; syn["tag"] = "label"; syn["review"] = "assessment"
	syn["schedule"] = "timetable"; syn["batch"] = "bundle"
	n = split(tname[i], parts, "_")
	q = parts[n]
	if (n < 2 || !(q in syn)) return ""
	return substr(tname[i], 1, length(tname[i]) - length(q)) syn[q]
}

function pick_renames(want,   k, i, nm) {
	for (k = 0; k < tables && want > 0; k++) {
		i = perm(k)
		if (!free_table(i) || kids[i] || (nm = name_for_rename(i)) == "" || (nm in taken)) continue
		change[i] = "rename"; newname[i] = nm; taken[nm] = 1; want--
		nunmatched++; unm[nunmatched] = i   # TO tables with no FROM name
	}
	if (want) die("not enough tables to rename")
}

# Ten new tables at the end of TO, with columns the FROM vocabulary lacks.
function make_new_tables(want,   rows, nrow, r, f, j, i, k, v, nx, pick, quals, nq, p, nm, sig) {
	rows = \
	"endpoint_url|text|1||endpoint_url ~ '^https://'\n" \
	"secret_hash|bytea|1||\n" \
	"consent_given|boolean|1|false|\n" \
	"granted_on|date|0||\n" \
	"scope|text[]|1|'{}'|\n" \
	"expires_on|date|0||\n" \
	"token_hash|bytea|0||\n" \
	"delivery_count|integer|1|0|delivery_count >= 0\n" \
	"channel|varchar(16)|1|'email'|channel IN ('email', 'sms', 'push')\n" \
	"invite_email|text|0||\n" \
	"accepted|boolean|0||\n" \
	"signature_algo|text|0|'sha256'|"
	nrow = split(rows, r, "\n")
	nq = split("webhook consent invitation api_token delivery", quals, " ")
	for (j = 0; j < want; j++) {
		i = tables + j
		p = perm(300 + j * 37)
		while (!free_table(p)) p = (p + 1) % tables
		nm = noun[1 + (j * 7) % nnoun] "_" quals[1 + j % nq]
		if (nm in taken) die("new table name " nm " taken")
		taken[nm] = 1
		tschema[i] = schema_of(p); tname[i] = nm; idkind[i] = 1 + j % 2; fk[i] = p; fkcas[i] = j % 2
		kids[p]++
		cn[i] = 0
		addcol(i, "id", "bigint", 1, "", "", 0)
		addcol(i, tname[p] "_id", "bigint", 1, "", "", 0)
		nx = 3 + (j * 5) % 4
		delete pick
		for (k = 0; k < nx; k++) {
			v = 1 + (j * 3 + k * 5) % nrow
			while (v in pick) v = 1 + v % nrow
			pick[v] = 1
		}
		for (v = 1; v <= nrow; v++) {
			if (!(v in pick)) continue
			split(r[v], f, "|")
			addcol(i, f[1], f[2], f[3], f[4], f[5], 0)
		}
		addcol(i, "created_at", "timestamptz", 1, "now()", "", 0)
		addix(i, cname[i, 2] "_idx", "(" cname[i, 2] ")", cname[i, 2])
		sig = signature(i, "to")
		if (sig in newsig) die("new table " nm " repeats another's columns")
		newsig[sig] = 1
		nunmatched++; unm[nunmatched] = i
	}
	nnew = want
}

# Dropped tables: no dependents, and like no TO table without a FROM name.
function pick_drops(want,   k, i, u, s) {
	for (k = 500; k < 500 + tables && want > 0; k++) {
		i = perm(k % tables)
		if (!free_table(i) || kids[i]) continue
		for (u = 1; u <= nunmatched; u++) {
			s = table_similarity(i, "from", unm[u], "to")
			if (s >= 0.35) break
		}
		if (u <= nunmatched) { rejected++; continue }
		change[i] = "drop"; want--
	}
	if (want) die("not enough tables to drop")
}

# A column of table i free to change: not id, fk or created_at, and not
# needed by a view, index or table constraint when `free` is set.
function pick_tables(kind, want, start,   k, i, c, col) {
	for (k = start; k < start + tables && want > 0; k++) {
		i = perm(k % tables)
		if (!free_table(i)) continue
		col = 0
		for (c = 2; c < cn[i] && !col; c++) {
			if (!cv[i, c]) continue
			if (kind == "dropcol" && !used[i, cname[i, c]] && cn[i] >= 6 &&
					!(cname[i, c] == "updated_at")) col = c
			if (kind == "widen" && ctype[i, c] == "integer") col = c
			if (kind == "default" && vnewdef[cv[i, c]] != "") col = c
			if (kind == "check" && vnewchk[cv[i, c]] != "") col = c
			if (kind == "addix" && !used[i, cname[i, c]] && ctype[i, c] !~ /^(jsonb|text\[\])$/) col = c
		}
		if (kind == "addcol") col = 1
		if (kind == "dropix" && ixn[i] >= 2) col = 1
		if (!col) continue
		change[i] = kind; ccol[i] = col; want--
	}
	if (want) die("not enough tables for " kind)
}

# --- similarity, as the planner measures it --------------------------------

# 2 * longest common subsequence / total length
function name_similarity(a, b,   la, lb, i, j, prev, cur, x) {
	la = length(a); lb = length(b)
	if (!la || !lb) return 0
	for (j = 0; j <= lb; j++) prev[j] = 0
	for (i = 1; i <= la; i++) {
		cur[0] = 0
		for (j = 1; j <= lb; j++) {
			if (substr(a, i, 1) == substr(b, j, 1)) x = prev[j - 1] + 1
			else x = prev[j] > cur[j - 1] ? prev[j] : cur[j - 1]
			cur[j] = x
		}
		for (j = 0; j <= lb; j++) prev[j] = cur[j]
	}
	return 2 * prev[lb] / (la + lb)
}

# The columns of table i on one side: names in sn[], types in st[], count.
function side_cols(i, side, sn, st,   k, n) {
	n = 0
	for (k = 1; k <= cn[i]; k++) {
		if (side == "to" && chg(i) == "dropcol" && ccol[i] == k) continue
		n++; sn[n] = cname[i, k]
		st[n] = (side == "to" && chg(i) == "widen" && ccol[i] == k) ? "bigint" : ctype[i, k]
	}
	if (side == "to" && chg(i) == "addcol")
		for (k = 1; k <= nadded[i]; k++) { n++; sn[n] = addname[i, k]; st[n] = addtype[i, k] }
	return n
}

function table_similarity(i, si, j, sj,   an, at, bn, bt, na, nb, used2, x, y, w, best, at2, common) {
	na = side_cols(i, si, an, at); nb = side_cols(j, sj, bn, bt)
	common = 0
	for (x = 1; x <= na; x++) {
		best = 0; at2 = 0
		for (y = 1; y <= nb; y++) {
			if (y in used2) continue
			if (an[x] == bn[y]) w = at[x] == bt[y] ? 1 : 0.8
			else w = (at[x] == bt[y] && name_similarity(an[x], bn[y]) >= 0.6) ? 0.7 : 0
			if (w > best) { best = w; at2 = y }
		}
		if (at2) { used2[at2] = 1; common += best }
	}
	return common / (na + nb - common)
}

function signature(i, side,   sn, st, n, k, s, a, b, t) {
	n = side_cols(i, side, sn, st)
	# insertion sort of "name type": the order of columns does not make
	# two tables different to the planner
	for (a = 2; a <= n; a++)
		for (b = a; b > 1 && sn[b - 1] " " st[b - 1] > sn[b] " " st[b]; b--) {
			t = sn[b]; sn[b] = sn[b - 1]; sn[b - 1] = t
			t = st[b]; st[b] = st[b - 1]; st[b - 1] = t
		}
	s = ""
	for (k = 1; k <= n; k++) s = s sn[k] " " st[k] ","
	return s
}

# --- output ------------------------------------------------------------------

function schema_of(i) { return i < 0.4 * tables ? "core" : i < 0.7 * tables ? "billing" : "ops" }

function out_name(i, side) {
	return (side == "to" && chg(i) == "rename") ? newname[i] : tname[i]
}

function qn(i, side) { return tschema[i] "." out_name(i, side) }

function emit_table(i, side, F,   t, k, n, line, lines, type, def, chk, c, fkc, s) {
	t = out_name(i, side)
	n = 0
	for (k = 1; k <= cn[i]; k++) {
		if (side == "to" && chg(i) == "dropcol" && ccol[i] == k) continue
		c = cname[i, k]; type = ctype[i, k]; def = cdef[i, k]; chk = cchk[i, k]
		if (side == "to" && ccol[i] == k) {
			if (chg(i) == "widen") type = "bigint"
			if (chg(i) == "default") def = vnewdef[cv[i, k]] == "-" ? "" : vnewdef[cv[i, k]]
			if (chg(i) == "check") chk = vnewchk[cv[i, k]]
		}
		if (k == 1) {
			line = idkind[i] == 0 ? "id bigserial PRIMARY KEY" : \
				"id bigint GENERATED " (idkind[i] == 1 ? "ALWAYS" : "BY DEFAULT") " AS IDENTITY PRIMARY KEY"
		} else if (k == 2 && fk[i] >= 0) {
			line = c " bigint NOT NULL REFERENCES " qn(fk[i], side) " (id)" (fkcas[i] ? " ON DELETE CASCADE" : "")
		} else {
			line = c " " type (cnn[i, k] ? " NOT NULL" : "") (def != "" ? " DEFAULT " def : "")
			if (c == "code" && fk[i] < 0) line = line " UNIQUE"
			if (c == "email" && i % 2 == 0 && i < tables) line = line " UNIQUE"
			if (chk != "") line = line " CHECK (" chk ")"
		}
		lines[++n] = line
	}
	if (side == "to" && chg(i) == "addcol")
		for (k = 1; k <= nadded[i]; k++) lines[++n] = addname[i, k] " " addtype[i, k] addextra[i, k]
	if ((i, "code") in has && fk[i] >= 0) lines[++n] = "UNIQUE (" cname[i, 2] ", code)"
	if ((i, "starts_at") in has && (i, "ends_at") in has)
		lines[++n] = "CHECK (ends_at IS NULL OR ends_at > starts_at)"
	s = "CREATE TABLE " tschema[i] "." t " (\n"
	for (k = 1; k <= n; k++) s = s "  " lines[k] (k < n ? ",\n" : "\n")
	print s ");" > F
	for (k = 1; k <= ixn[i]; k++) {
		if (side == "to" && chg(i) == "dropix" && k == 2) continue
		print "CREATE INDEX " t "_" ixsuf[i, k] " ON " tschema[i] "." t " " ixbody[i, k] ";" > F
	}
	if (side == "to" && chg(i) == "addix") {
		c = cname[i, ccol[i]]
		print "CREATE INDEX " t "_" c "_idx ON " tschema[i] "." t " (" c ")" \
			(cnn[i, ccol[i]] ? "" : " WHERE " c " IS NOT NULL") ";" > F
	}
	if ((i, "updated_at") in has && i % 2 == 0)
		print "CREATE TRIGGER set_updated_at BEFORE UPDATE ON " tschema[i] "." t \
			" FOR EACH ROW EXECUTE FUNCTION ops.touch_updated_at();" > F
	if (i % 50 == 13)
		print "CREATE TRIGGER audit_row_change AFTER INSERT OR UPDATE OR DELETE ON " tschema[i] "." t \
			" FOR EACH ROW EXECUTE FUNCTION ops.audit_row_change();" > F
	if (i % 3 == 0)
		print "COMMENT ON TABLE " tschema[i] "." t " IS '" label(i) " (" tschema[i] ")';" > F
	for (k = 2; k <= cn[i] && i % 7 == 0; k++)
		if (cname[i, k] == "status" || cname[i, k] == "amount") {
			if (side == "to" && chg(i) == "dropcol" && ccol[i] == k) continue
			print "COMMENT ON COLUMN " tschema[i] "." t "." cname[i, k] " IS '" \
				(cname[i, k] == "status" ? "Lifecycle state" : "Gross amount in the row''s currency") "';" > F
		}
	print "" > F
}

function label(i,   s) { s = tname[i]; gsub(/_/, " ", s); return toupper(substr(s, 1, 1)) substr(s, 2) " records" }

function emit_view(v, side, F,   i, p, cols, where, q) {
	i = vbase[v]
	cols = vcols[v]; where = vwhere[v]
	if (side == "to" && vredef[v] == 1) cols = cols ", created_at::date AS created_on"
	if (side == "to" && vredef[v] == 2) where = (where == "" ? "" : where " AND ") "@created_at >= '2020-01-01'"
	gsub(/@/, vjoin[v] ? "c." : "", where)
	if (vjoin[v]) {
		p = fk[i]
		q = cols; gsub(/, /, ", c.", q)
		print "CREATE VIEW " tschema[i] "." tname[i] "_detail AS\n  SELECT c.id" q ", p.id AS parent_id, c.created_at\n" \
			"  FROM " qn(i, side) " c JOIN " qn(p, side) " p ON p.id = c." cname[i, 2] \
			(where != "" ? "\n  WHERE " where : "") ";" > F
	} else {
		print "CREATE VIEW " tschema[i] "." tname[i] "_overview AS\n  SELECT id" cols ", created_at\n" \
			"  FROM " qn(i, side) (where != "" ? "\n  WHERE " where : "") ";" > F
	}
}

function emit(side, F,   i, v) {
	print "-- lockstep plan benchmark: " side " schema (tests/bench/plan_gen.awk)\n" > F
	print "CREATE SCHEMA core;\nCREATE SCHEMA billing;\nCREATE SCHEMA ops;" > F
	print "COMMENT ON SCHEMA billing IS 'Invoices, payments and money';\n" > F
	print "CREATE FUNCTION ops.touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$\n" \
		"BEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND\n$$;" > F
	print "CREATE FUNCTION ops.audit_row_change() RETURNS trigger LANGUAGE plpgsql AS $$\n" \
		"BEGIN\n  PERFORM pg_notify('row_changed', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME || ':' || TG_OP);\n" \
		"  RETURN NULL;\nEND\n$$;" > F
	print "CREATE FUNCTION core.normalize_email(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT\n" \
		"  AS $$ SELECT lower(btrim($1)) $$;" > F
	print "CREATE FUNCTION billing.money_round(numeric) RETURNS numeric LANGUAGE sql IMMUTABLE\n" \
		"  AS $$ SELECT round($1, 2) $$;" > F
	print "CREATE FUNCTION core.current_org_id() RETURNS bigint LANGUAGE sql STABLE\n" \
		"  AS $$ SELECT nullif(current_setting('app.org_id', true), '')::bigint $$;" > F
	print "COMMENT ON FUNCTION core.normalize_email(text) IS 'Lower-cased, trimmed e-mail address';\n" > F
	for (i = 0; i < tables; i++) {
		if (side == "to" && chg(i) == "drop") continue
		emit_table(i, side, F)
	}
	if (side == "to")
		for (i = tables; i < tables + nnew; i++) emit_table(i, side, F)
	for (v = 1; v <= nviews; v++) emit_view(v, side, F)
	close(F)
}

BEGIN {
	if (dir == "") die("usage: awk -v dir=DIR [-v tables=N] -f plan_gen.awk")
	tables = tables ? tables + 0 : 1000
	if (tables < 200) die("tables: 200 or more")
	seed = 20240601
	vocab()
	nnoun = split("customer account invoice payment purchase_order shipment product supplier warehouse " \
		"employee project contract ticket campaign coupon refund ledger budget vendor asset " \
		"device license meeting document course lesson student teacher patient doctor " \
		"vehicle driver route parcel store cart wishlist review_site survey poll " \
		"forum thread message channel member team region tenant partner plan", noun, " ")
	nqual = split("_ _event _note _link _setting _snapshot _history _export _import _tag " \
		"_attachment _review _approval _schedule _batch _log _metric _alias _audit _version " \
		"_share _rule _quota", qual, " ")
	if (nnoun * nqual < tables + 10) die("tables: at most " (nnoun * nqual - 10))
	for (i = 0; i < tables; i++) {
		q = qual[1 + int(i / nnoun)]
		tname[i] = noun[1 + i % nnoun] (q == "_" ? "" : q)
		tschema[i] = schema_of(i)
		taken[tname[i]] = 1
	}
	for (i = 0; i < tables; i++) make_table(i)
	for (i = 0; i < tables; i++) make_indexes(i)
	make_views()

	# TO: quotas scale with the table count (10% in all)
	u = tables / 1000
	pick_renames(int(5 * u))
	make_new_tables(int(10 * u))
	pick_drops(int(5 * u))
	pick_tables("addcol", int(20 * u), 0)
	pick_tables("dropcol", int(12 * u), 111)
	pick_tables("widen", int(15 * u), 222)
	pick_tables("default", int(15 * u), 333)
	pick_tables("addix", int(10 * u), 444)
	pick_tables("dropix", int(8 * u), 555)
	pick_tables("check", int(10 * u), 666)
	na = split("archived_reason|text|\nsource_system|varchar(40)| DEFAULT 'web'\n" \
		"risk_score|numeric(5,2)| NOT NULL DEFAULT 0\nreviewed_by|bigint|\nsync_token|uuid|\n" \
		"flags|integer| NOT NULL DEFAULT 0\nlast_synced_at|timestamptz|", added, "\n")
	nadd = 0
	for (i = 0; i < tables; i++) {
		if (chg(i) != "addcol") continue
		nadded[i] = 1 + nadd % 2
		for (k = 1; k <= nadded[i]; k++) {
			split(added[1 + (nadd + k) % na], f, "|")
			addname[i, k] = f[1]; addtype[i, k] = f[2]; addextra[i, k] = f[3]
		}
		nadd++
	}
	# four views redefined: two gain a column, two a filter
	nredef = 0
	for (v = 1; v <= nviews && nredef < 4; v++) {
		if (chg(vbase[v]) == "rename" || chg(vbase[v]) == "drop") continue
		vredef[v] = 1 + nredef % 2; nredef++
	}
	# no two tables of TO with the same columns
	for (i = 0; i < tables + nnew; i++) {
		if (chg(i) == "drop") continue
		s = signature(i, "to")
		if (s in tosig) die("TO tables " tosig[s] " and " i " have the same columns")
		tosig[s] = i
	}
	emit("from", dir "/from.sql")
	emit("to", dir "/to.sql")
	for (i in change) nchanged[change[i]]++
	printf "generated: %d tables, %d views; TO: %d renamed, %d dropped, %d new, %d +column, %d -column, " \
		"%d int->bigint, %d default, %d +index, %d -index, %d check, %d views redefined\n",
		tables, nviews, nchanged["rename"], nchanged["drop"], nnew, nchanged["addcol"], nchanged["dropcol"],
		nchanged["widen"], nchanged["default"], nchanged["addix"], nchanged["dropix"], nchanged["check"], nredef
}
