-- literal pg_dump --schema-only --no-owner output (PG 15.18) kept exactly, \restrict/\unrestrict psql meta-commands included: partitions, sequence, trigger, RLS
--
-- PostgreSQL database dump
--

\restrict KjVx930j5S6DnoYuO5bbkbhE3opurpqdJvuwx2hu5xdx2pT2cek9NjvlaK0q7r8

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: billing; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA billing;


--
-- Name: touch(); Type: FUNCTION; Schema: billing; Owner: -
--

CREATE FUNCTION billing.touch() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;


--
-- Name: invoice_number_seq; Type: SEQUENCE; Schema: billing; Owner: -
--

CREATE SEQUENCE billing.invoice_number_seq
    START WITH 1000
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


SET default_tablespace = '';

--
-- Name: invoices; Type: TABLE; Schema: billing; Owner: -
--

CREATE TABLE billing.invoices (
    id bigint NOT NULL,
    org_id bigint NOT NULL,
    number bigint DEFAULT nextval('billing.invoice_number_seq'::regclass) NOT NULL,
    issued_on date NOT NULL,
    total_cents bigint DEFAULT 0 NOT NULL,
    updated_at timestamp with time zone
)
PARTITION BY RANGE (issued_on);


SET default_table_access_method = heap;

--
-- Name: invoices_2024; Type: TABLE; Schema: billing; Owner: -
--

CREATE TABLE billing.invoices_2024 (
    id bigint NOT NULL,
    org_id bigint NOT NULL,
    number bigint DEFAULT nextval('billing.invoice_number_seq'::regclass) NOT NULL,
    issued_on date NOT NULL,
    total_cents bigint DEFAULT 0 NOT NULL,
    updated_at timestamp with time zone
);


--
-- Name: invoices_2025; Type: TABLE; Schema: billing; Owner: -
--

CREATE TABLE billing.invoices_2025 (
    id bigint NOT NULL,
    org_id bigint NOT NULL,
    number bigint DEFAULT nextval('billing.invoice_number_seq'::regclass) NOT NULL,
    issued_on date NOT NULL,
    total_cents bigint DEFAULT 0 NOT NULL,
    updated_at timestamp with time zone
);


--
-- Name: invoices_2024; Type: TABLE ATTACH; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.invoices ATTACH PARTITION billing.invoices_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');


--
-- Name: invoices_2025; Type: TABLE ATTACH; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.invoices ATTACH PARTITION billing.invoices_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');


--
-- Name: invoices invoices_pkey; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.invoices
    ADD CONSTRAINT invoices_pkey PRIMARY KEY (id, issued_on);


--
-- Name: invoices_2024 invoices_2024_pkey; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.invoices_2024
    ADD CONSTRAINT invoices_2024_pkey PRIMARY KEY (id, issued_on);


--
-- Name: invoices_2025 invoices_2025_pkey; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.invoices_2025
    ADD CONSTRAINT invoices_2025_pkey PRIMARY KEY (id, issued_on);


--
-- Name: invoices_org_idx; Type: INDEX; Schema: billing; Owner: -
--

CREATE INDEX invoices_org_idx ON ONLY billing.invoices USING btree (org_id, issued_on DESC);


--
-- Name: invoices_2024_org_id_issued_on_idx; Type: INDEX; Schema: billing; Owner: -
--

CREATE INDEX invoices_2024_org_id_issued_on_idx ON billing.invoices_2024 USING btree (org_id, issued_on DESC);


--
-- Name: invoices_2025_org_id_issued_on_idx; Type: INDEX; Schema: billing; Owner: -
--

CREATE INDEX invoices_2025_org_id_issued_on_idx ON billing.invoices_2025 USING btree (org_id, issued_on DESC);


--
-- Name: invoices_2024_org_id_issued_on_idx; Type: INDEX ATTACH; Schema: billing; Owner: -
--

ALTER INDEX billing.invoices_org_idx ATTACH PARTITION billing.invoices_2024_org_id_issued_on_idx;


--
-- Name: invoices_2024_pkey; Type: INDEX ATTACH; Schema: billing; Owner: -
--

ALTER INDEX billing.invoices_pkey ATTACH PARTITION billing.invoices_2024_pkey;


--
-- Name: invoices_2025_org_id_issued_on_idx; Type: INDEX ATTACH; Schema: billing; Owner: -
--

ALTER INDEX billing.invoices_org_idx ATTACH PARTITION billing.invoices_2025_org_id_issued_on_idx;


--
-- Name: invoices_2025_pkey; Type: INDEX ATTACH; Schema: billing; Owner: -
--

ALTER INDEX billing.invoices_pkey ATTACH PARTITION billing.invoices_2025_pkey;


--
-- Name: invoices invoices_touch; Type: TRIGGER; Schema: billing; Owner: -
--

CREATE TRIGGER invoices_touch BEFORE UPDATE ON billing.invoices FOR EACH ROW EXECUTE FUNCTION billing.touch();


--
-- Name: invoices; Type: ROW SECURITY; Schema: billing; Owner: -
--

ALTER TABLE billing.invoices ENABLE ROW LEVEL SECURITY;

--
-- Name: invoices invoices_tenant; Type: POLICY; Schema: billing; Owner: -
--

CREATE POLICY invoices_tenant ON billing.invoices USING ((org_id = (current_setting('app.org_id'::text))::bigint));


--
-- PostgreSQL database dump complete
--

\unrestrict KjVx930j5S6DnoYuO5bbkbhE3opurpqdJvuwx2hu5xdx2pT2cek9NjvlaK0q7r8

