-- The AI store lives in a database of its own beside core's. The first Alembic migration
-- also creates the extension; doing it here, as the superuser, lets the app role be less.
CREATE DATABASE atrium_ai;
\connect atrium_ai
CREATE EXTENSION IF NOT EXISTS vector;
