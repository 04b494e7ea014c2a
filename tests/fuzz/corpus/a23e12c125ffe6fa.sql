CREATE TYPE invoice_status AS ENUM ('draft', 'open', 'paid');
ALTER TYPE invoice_status RENAME VALUE 'paid' TO 'settled';
ALTER TYPE invoice_status RENAME VALUE 'cancelled' TO 'void';
