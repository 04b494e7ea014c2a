-- exact and floating point types: numeric with/without precision and scale, decimal, real, float(p), double precision, money
CREATE TABLE invoice_lines (
  id bigint PRIMARY KEY,
  unit_price numeric(10,2) NOT NULL,
  quantity numeric(12, 4) NOT NULL DEFAULT 1,
  tax_rate decimal(5,4) DEFAULT 0.2,
  discount DECIMAL,
  total numeric NOT NULL DEFAULT 0,
  whole_units numeric(8),
  weird_scale numeric(4,-2),
  tiny_fraction numeric(3,5)
);

CREATE TABLE measurements (
  id int PRIMARY KEY,
  r real,
  f4 float4,
  f8 float8,
  dp double precision DEFAULT 0.0,
  fl float,
  fl10 float(10),
  fl24 float(24),
  fl25 float(25),
  fl53 float(53),
  budget money DEFAULT 0,
  ratio double precision NOT NULL DEFAULT -1.5e-3,
  temp real DEFAULT '-273.15'
);
