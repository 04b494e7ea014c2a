-- 63-byte identifier truncation: long table/column names, generated pkey/key/fkey/check/idx/seq names that must be shortened
-- this table name is 68 bytes; the server keeps the first 63 (a NOTICE says so)
CREATE TABLE organization_subscription_entitlement_overrides_for_enterprise_plans (
  id bigserial PRIMARY KEY,
  organization_identifier_for_the_billing_account_of_record bigint NOT NULL UNIQUE,
  entitlement_feature_code_as_published_in_the_product_catalog text NOT NULL
    CHECK (entitlement_feature_code_as_published_in_the_product_catalog <> ''),
  override_value_expressed_in_the_smallest_billable_unit_of_measure numeric
);
CREATE INDEX ON organization_subscription_entitlement_overrides_for_enterprise_plans
  (entitlement_feature_code_as_published_in_the_product_catalog);
CREATE INDEX ON organization_subscription_entitlement_overrides_for_enterprise_plans
  (entitlement_feature_code_as_published_in_the_product_catalog);

-- referring to it by its full (over-long) name still works: it is truncated the same way
ALTER TABLE organization_subscription_entitlement_overrides_for_enterprise_plans
  ADD COLUMN created_at timestamptz DEFAULT now();

-- a 63-byte name exactly (no truncation) and a 64-byte name (one byte dropped)
CREATE TABLE abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefgh (id int PRIMARY KEY);
CREATE TABLE zyxwvutsrq_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghi (id int PRIMARY KEY);

-- two long column names that share a long prefix: their generated FK and check names collide after truncation
CREATE TABLE audit_log_entries_with_a_rather_long_descriptive_table_name (
  id bigint PRIMARY KEY,
  referenced_organization_subscription_entitlement_override_a bigint
    REFERENCES organization_subscription_entitlement_overrides_for_enterprise_plans (id),
  referenced_organization_subscription_entitlement_override_b bigint
    REFERENCES organization_subscription_entitlement_overrides_for_enterprise_plans (id),
  CHECK (referenced_organization_subscription_entitlement_override_a > 0),
  CHECK (referenced_organization_subscription_entitlement_override_b > 0)
);
CREATE INDEX ON audit_log_entries_with_a_rather_long_descriptive_table_name (referenced_organization_subscription_entitlement_override_a);
CREATE INDEX ON audit_log_entries_with_a_rather_long_descriptive_table_name (referenced_organization_subscription_entitlement_override_b);

-- identity and serial sequences on long names
CREATE TABLE a_table_name_that_is_exactly_long_enough_to_squeeze_sequence_n (
  an_identity_column_with_a_long_name int GENERATED ALWAYS AS IDENTITY,
  a_serial_column_with_an_even_longer_name_for_good_measure serial
);
