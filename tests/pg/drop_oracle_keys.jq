# The objects of a `lockstep catalog --format json` document, one key a
# line, spelled as tests/pg/drop_oracle_keys.sql spells the server's:
# "<kind> <schema>.<name>" (tables' parts as "<kind> <schema>.<table>.<name>").
def rel: .schema + "." + .name;
# A routine's arguments as pg_get_function_identity_arguments prints them
# (an aggregate of * has none).
def fargs: if .kind == "a" and .identity_args == "*" then "" else .identity_args end;
def objkeys:
  [ (.schemas[] | "schema " + .name),
    (.extensions[] | "extension " + .name),
    ((.collations // [])[] | "collation " + rel),
    (.tables[] as $t
      | ("table " + ($t | rel)),
        ($t.columns[] | "column " + ($t | rel) + "." + .name),
        ($t.columns[] | select(.default_expr != null) | "default " + ($t | rel) + "." + .name),
        ($t.constraints[] | select(.local != false) | "constraint " + ($t | rel) + "." + .name),
        ($t.triggers[] | "trigger " + ($t | rel) + "." + .name),
        ($t.policies[] | "policy " + ($t | rel) + "." + .name)),
    (.views[] as $v | ("view " + ($v | rel)), ($v.triggers[] | "trigger " + ($v | rel) + "." + .name)),
    (.indexes[] | "index " + rel),
    (.sequences[] | "sequence " + rel),
    (.types[] | "type " + rel),
    (.functions[] | "function " + rel + "(" + fargs + ")") ]
  | sort | .[];

# Quoted as an identifier (always quoted: the server and lockstep accept it).
def qi: "\"" + gsub("\""; "\"\"") + "\"";
def qrel: (.schema | qi) + "." + (.name | qi);

# One line per object that lockstep models: "<key>\t<DROP statement
# without RESTRICT or CASCADE>".
def drops:
  (.schemas[] | ["schema " + .name, "DROP SCHEMA " + (.name | qi)]),
  (.extensions[] | ["extension " + .name, "DROP EXTENSION " + (.name | qi)]),
  ((.collations // [])[] | ["collation " + rel, "DROP COLLATION " + qrel]),
  (.tables[] as $t
    | (["table " + ($t | rel), "DROP TABLE " + ($t | qrel)]),
      ($t.constraints[] | select(.local != false) | ["constraint " + ($t | rel) + "." + .name,
        "ALTER TABLE " + ($t | qrel) + " DROP CONSTRAINT " + (.name | qi)]),
      ($t.triggers[] | ["trigger " + ($t | rel) + "." + .name,
        "DROP TRIGGER " + (.name | qi) + " ON " + ($t | qrel)]),
      ($t.policies[] | ["policy " + ($t | rel) + "." + .name,
        "DROP POLICY " + (.name | qi) + " ON " + ($t | qrel)])),
  (.views[] as $v
    | (["view " + ($v | rel), "DROP " + (if $v.materialized then "MATERIALIZED VIEW " else "VIEW " end) + ($v | qrel)]),
      ($v.triggers[] | ["trigger " + ($v | rel) + "." + .name,
        "DROP TRIGGER " + (.name | qi) + " ON " + ($v | qrel)])),
  (.indexes[] | ["index " + rel, "DROP INDEX " + qrel]),
  (.sequences[] | ["sequence " + rel, "DROP SEQUENCE " + qrel]),
  (.types[] | ["type " + rel, (if .kind == "d" then "DROP DOMAIN " else "DROP TYPE " end) + qrel]),
  (.functions[] | ["function " + rel + "(" + fargs + ")",
    (if .kind == "p" then "DROP PROCEDURE " elif .kind == "a" then "DROP AGGREGATE "
     else "DROP FUNCTION " end) + qrel + "(" + .identity_args + ")"])
  | @tsv;
