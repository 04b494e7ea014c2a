CREATE TYPE invoice_status AS ENUM ('draft', 'open', 'paid');
ALTER TYPE invoice_status ADD VALUE 'void';
ALTER TYPE invoice_status ADD VALUE 'paid' AFTER 'open';
