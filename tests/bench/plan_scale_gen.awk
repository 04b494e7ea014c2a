# Generator for tests/bench/plan_scale.sh: two PostgreSQL 15 schemas of N
# tables that differ in one column.
#
#   awk -v dir=DIR -v tables=N [-v layout=flat|tenant] [-v every=K] \
#       -f tests/bench/plan_scale_gen.awk
#
# writes DIR/from.sql and DIR/to.sql. Every table has an identity primary
# key, five columns with NOT NULL, a default and a CHECK, an index and a
# comment; two tables in three have a foreign key to an earlier table; one
# in ten a trigger (on one shared trigger function), one in seven a grant.
#   layout=flat    one schema "app", a view every 500 tables;
#   layout=tenant  a schema per tenant of 4 tables (tenant_1.t1 ..
#                  tenant_1.t4, tenant_2.t1, ...), foreign keys inside the
#                  tenant, one view per tenant (schema per tenant).
# TO is FROM plus one column (added_col integer) on the last table, and
# with every=K on every K-th table too. Deterministic, POSIX awk (mawk).
BEGIN {
	if (tables < 1) { print "plan_scale_gen.awk: tables: expected a count" > "/dev/stderr"; exit 2 }
	if (layout == "") layout = "flat"
	if (layout != "flat" && layout != "tenant") {
		print "plan_scale_gen.awk: layout: flat or tenant" > "/dev/stderr"; exit 2
	}
	per = 4
	f = dir "/from.sql"; t = dir "/to.sql"
	both("CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    NEW.created_at := now();\n    RETURN NEW;\nEND\n$$;")
	if (layout == "flat")
		both("CREATE SCHEMA app;")
	for (i = 1; i <= tables; i++) {
		if (layout == "flat") {
			s = "app"; k = i
		} else {
			k = (i - 1) % per + 1; s = "tenant_" (int((i - 1) / per) + 1)
			if (k == 1)
				both("CREATE SCHEMA " s ";")
		}
		nm = s ".t" k
		head = "CREATE TABLE " nm " (\n" \
			"    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n" \
			"    name text NOT NULL,\n" \
			"    amount numeric(12,2) NOT NULL DEFAULT 0 CHECK (amount >= 0),\n" \
			"    created_at timestamptz NOT NULL DEFAULT now(),\n" \
			"    note text"
		if (k > 1 && i % 3 != 0)
			head = head ",\n    parent_id bigint REFERENCES " s ".t" (layout == "flat" ? int(i / 2) : k - 1) " (id)"
		print head "\n);" > f
		if (i == tables || (every > 0 && i % every == 0))
			print head ",\n    added_col integer\n);" > t
		else
			print head "\n);" > t
		both("CREATE INDEX ON " nm " (created_at);")
		both("COMMENT ON TABLE " nm " IS 'table " i "';")
		if (i % 10 == 0)
			both("CREATE TRIGGER touch BEFORE UPDATE ON " nm " FOR EACH ROW EXECUTE FUNCTION public.touch();")
		if (i % 7 == 0)
			both("GRANT SELECT ON " nm " TO PUBLIC;")
		if ((layout == "flat" && i % 500 == 0) || (layout == "tenant" && (k == per || i == tables)))
			both("CREATE VIEW " s ".v" k " AS SELECT id, name, amount FROM " nm " WHERE amount > 0;")
	}
	close(f); close(t)
}

function both(line) { print line > f; print line > t }
