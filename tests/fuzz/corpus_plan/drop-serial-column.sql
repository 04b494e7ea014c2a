CREATE TABLE api_clients(i serial)
-- @to
CREATE TABLE api_clients()