from django.apps import AppConfig


class SchemaAppConfig(AppConfig):
    """A test-only app whose migrations exercise the schema-aware backend (soleflip.db):
    constraints, foreign keys and indexes on tables in the `schematest` schema."""

    name = "tests.schema_app"
    label = "schema_app"
