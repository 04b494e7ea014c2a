-- Every syntax error of a file is reported, in order: a statement with no
-- keyword (SELEC), one after a stray ')', around a ';' in an E'' string.
CREATE TABLE a (id int,);
SELEC 1;
SELECT 1);
CREATE TABLE b (s text DEFAULT E'it\'s;');
CREATE TABLE c (id int,);
CREATE TABLE ok (id int);
CREATE TABEL d (id int);
