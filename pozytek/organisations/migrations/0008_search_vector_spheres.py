"""PostgreSQL only: the organisation's spheres of public tasks in its word vector (issue 16).

A search within a sphere ("klub" in sphere 17) read each of the sphere's thousands of organisations to
test the words. Now `search_vector` also holds one lexeme per sphere, '#<sphere id>' (a query word is
folded to [a-z0-9], so no visitor's word can be or match one), and one probe of the word index answers
"these words and this sphere" (`search_text__in_sphere`, lookups.py).

`search_spheres` (the lexemes, text[]) is kept by triggers on the organisation ↔ sphere table, so every
way of writing it (`spheres.set()`, bulk inserts, deletes) keeps the vector right; Django does not know
the column. `search_vector` is regenerated from it and the folded text, and its two indexes rebuilt.
"""

from django.db import migrations

FORWARDS = """
ALTER TABLE organisations_organisation ADD COLUMN search_spheres text[] NOT NULL DEFAULT '{}';

CREATE FUNCTION organisation_refresh_search_spheres(ids bigint[]) RETURNS void LANGUAGE sql AS $$
    UPDATE organisations_organisation o
    SET search_spheres = COALESCE(
        (SELECT array_agg('#' || s.sphereofpublictasks_id ORDER BY s.sphereofpublictasks_id)
         FROM organisations_organisation_spheres s WHERE s.organisation_id = o.id), '{}')
    WHERE o.id = ANY(ids)
$$;

CREATE FUNCTION organisation_spheres_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM organisation_refresh_search_spheres(ARRAY(SELECT DISTINCT organisation_id FROM added));
    RETURN NULL;
END $$;

CREATE FUNCTION organisation_spheres_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM organisation_refresh_search_spheres(ARRAY(SELECT DISTINCT organisation_id FROM removed));
    RETURN NULL;
END $$;

CREATE FUNCTION organisation_spheres_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM organisation_refresh_search_spheres(
        ARRAY(SELECT organisation_id FROM added UNION SELECT organisation_id FROM removed));
    RETURN NULL;
END $$;

CREATE TRIGGER organisation_spheres_inserted AFTER INSERT ON organisations_organisation_spheres
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION organisation_spheres_inserted();
CREATE TRIGGER organisation_spheres_deleted AFTER DELETE ON organisations_organisation_spheres
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION organisation_spheres_deleted();
CREATE TRIGGER organisation_spheres_updated AFTER UPDATE ON organisations_organisation_spheres
    REFERENCING NEW TABLE AS added OLD TABLE AS removed FOR EACH STATEMENT
    EXECUTE FUNCTION organisation_spheres_updated();

SELECT organisation_refresh_search_spheres(ARRAY(SELECT DISTINCT organisation_id FROM organisations_organisation_spheres));

-- Dropping the generated column drops its two indexes (the word index and the walk's).
ALTER TABLE organisations_organisation DROP COLUMN search_vector;
ALTER TABLE organisations_organisation ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', search_text) || array_to_tsvector(search_spheres)) STORED;
CREATE INDEX organisation_search_vector ON organisations_organisation USING gin (search_vector)
    WITH (fastupdate = off);
CREATE INDEX organisation_directory_walk ON organisations_organisation (sort_name, id)
    INCLUDE (legal_form_id, opp, search_vector) WHERE state = 'active';
"""

BACKWARDS = """
DROP TRIGGER organisation_spheres_inserted ON organisations_organisation_spheres;
DROP TRIGGER organisation_spheres_deleted ON organisations_organisation_spheres;
DROP TRIGGER organisation_spheres_updated ON organisations_organisation_spheres;
DROP FUNCTION organisation_spheres_inserted();
DROP FUNCTION organisation_spheres_deleted();
DROP FUNCTION organisation_spheres_updated();
DROP FUNCTION organisation_refresh_search_spheres(bigint[]);
ALTER TABLE organisations_organisation DROP COLUMN search_vector;
ALTER TABLE organisations_organisation DROP COLUMN search_spheres;
ALTER TABLE organisations_organisation ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;
CREATE INDEX organisation_search_vector ON organisations_organisation USING gin (search_vector)
    WITH (fastupdate = off);
CREATE INDEX organisation_directory_walk ON organisations_organisation (sort_name, id)
    INCLUDE (legal_form_id, opp, search_vector) WHERE state = 'active';
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARDS)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARDS)


class Migration(migrations.Migration):
    dependencies = [("organisations", "0007_searchterm_first_sort_name")]
    operations = [migrations.RunPython(forwards, backwards)]
