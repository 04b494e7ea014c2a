-- Offices: the default city is spelled with a non-ASCII letter.
CREATE TABLE offices (
    id bigint PRIMARY KEY,
    city text NOT NULL DEFAULT 'Zürich' CHEK (city <> '')
);
