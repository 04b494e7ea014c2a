-- CHECK constraints: named/unnamed, column-level/table-level, NO INHERIT, NOT VALID, multi-column, booleans and IN lists
CREATE TABLE invoices (
  id bigint PRIMARY KEY,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'paid', 'void')),
  amount_cents bigint NOT NULL CONSTRAINT amount_nonneg CHECK (amount_cents >= 0),
  discount_cents bigint NOT NULL DEFAULT 0,
  currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  issued_on date,
  due_on date,
  paid_at timestamptz,
  CHECK (discount_cents <= amount_cents),
  CONSTRAINT invoices_dates_ok CHECK (due_on IS NULL OR due_on >= issued_on),
  CONSTRAINT invoices_paid_status CHECK ((status = 'paid') = (paid_at IS NOT NULL)) NO INHERIT
);

ALTER TABLE invoices ADD CHECK (amount_cents < 100000000);
ALTER TABLE invoices ADD CONSTRAINT invoices_void_zero CHECK (status <> 'void' OR amount_cents = 0) NOT VALID;
ALTER TABLE invoices ADD CONSTRAINT invoices_currency_known
  CHECK (currency = ANY (ARRAY['EUR', 'USD', 'GBP'])) NO INHERIT;

CREATE TABLE plans (
  code text PRIMARY KEY CHECK (code = lower(code)) CHECK (length(code) BETWEEN 2 AND 32),
  seats int CHECK (seats > 0),
  active boolean NOT NULL DEFAULT true CHECK (active IS NOT NULL),
  trial_days int DEFAULT 14 CONSTRAINT trial_days_range CHECK (trial_days >= 0 AND trial_days <= 90),
  CHECK (false OR true)
);
