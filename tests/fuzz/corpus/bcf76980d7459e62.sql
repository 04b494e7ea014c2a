-- literal pg_dump --schema-only output with owners (PG 15.18; \restrict lines removed): OWNER TO app_owner on schema, type, function, tables, view, sequence
--
-- PostgreSQL database dump
--


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
-- Name: app; Type: SCHEMA; Schema: -; Owner: app_owner
--

CREATE SCHEMA app;


ALTER SCHEMA app OWNER TO app_owner;

--
-- Name: plan; Type: TYPE; Schema: app; Owner: app_owner
--

CREATE TYPE app.plan AS ENUM (
    'free',
    'pro'
);


ALTER TYPE app.plan OWNER TO app_owner;

--
-- Name: key_count(integer); Type: FUNCTION; Schema: app; Owner: app_owner
--

CREATE FUNCTION app.key_count(p integer) RETURNS bigint
    LANGUAGE sql STABLE
    AS $$ SELECT count(*) FROM app.api_keys WHERE project_id = p $$;


ALTER FUNCTION app.key_count(p integer) OWNER TO app_owner;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: api_keys; Type: TABLE; Schema: app; Owner: app_owner
--

CREATE TABLE app.api_keys (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    project_id integer NOT NULL,
    prefix character varying(8) NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);


ALTER TABLE app.api_keys OWNER TO app_owner;

--
-- Name: projects; Type: TABLE; Schema: app; Owner: app_owner
--

CREATE TABLE app.projects (
    id integer NOT NULL,
    name text NOT NULL,
    plan app.plan DEFAULT 'free'::app.plan NOT NULL
);


ALTER TABLE app.projects OWNER TO app_owner;

--
-- Name: project_key_counts; Type: VIEW; Schema: app; Owner: app_owner
--

CREATE VIEW app.project_key_counts AS
 SELECT p.id,
    count(k.id) AS keys
   FROM (app.projects p
     LEFT JOIN app.api_keys k ON ((k.project_id = p.id)))
  GROUP BY p.id;


ALTER TABLE app.project_key_counts OWNER TO app_owner;

--
-- Name: projects_id_seq; Type: SEQUENCE; Schema: app; Owner: app_owner
--

CREATE SEQUENCE app.projects_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE app.projects_id_seq OWNER TO app_owner;

--
-- Name: projects_id_seq; Type: SEQUENCE OWNED BY; Schema: app; Owner: app_owner
--

ALTER SEQUENCE app.projects_id_seq OWNED BY app.projects.id;


--
-- Name: projects id; Type: DEFAULT; Schema: app; Owner: app_owner
--

ALTER TABLE ONLY app.projects ALTER COLUMN id SET DEFAULT nextval('app.projects_id_seq'::regclass);


--
-- Name: api_keys api_keys_pkey; Type: CONSTRAINT; Schema: app; Owner: app_owner
--

ALTER TABLE ONLY app.api_keys
    ADD CONSTRAINT api_keys_pkey PRIMARY KEY (id);


--
-- Name: projects projects_pkey; Type: CONSTRAINT; Schema: app; Owner: app_owner
--

ALTER TABLE ONLY app.projects
    ADD CONSTRAINT projects_pkey PRIMARY KEY (id);


--
-- Name: api_keys_project_idx; Type: INDEX; Schema: app; Owner: app_owner
--

CREATE INDEX api_keys_project_idx ON app.api_keys USING btree (project_id);


--
-- Name: api_keys api_keys_project_id_fkey; Type: FK CONSTRAINT; Schema: app; Owner: app_owner
--

ALTER TABLE ONLY app.api_keys
    ADD CONSTRAINT api_keys_project_id_fkey FOREIGN KEY (project_id) REFERENCES app.projects(id) ON DELETE CASCADE;


--
-- Name: SCHEMA app; Type: ACL; Schema: -; Owner: app_owner
--

GRANT USAGE ON SCHEMA app TO app_reader;


--
-- Name: TABLE api_keys; Type: ACL; Schema: app; Owner: app_owner
--

GRANT SELECT ON TABLE app.api_keys TO app_reader;


--
-- Name: TABLE projects; Type: ACL; Schema: app; Owner: app_owner
--

GRANT SELECT ON TABLE app.projects TO app_reader;


--
-- Name: TABLE project_key_counts; Type: ACL; Schema: app; Owner: app_owner
--

GRANT SELECT ON TABLE app.project_key_counts TO app_reader;


--
-- PostgreSQL database dump complete
--


