from django.db.backends.ddl_references import Statement, Table
from django.db.backends.postgresql import schema

from .names import qualify, split_table


class DatabaseSchemaEditor(schema.DatabaseSchemaEditor):
    """Schema-qualify the statements that name an index or constraint on its own
    (DROP INDEX, ALTER INDEX ... RENAME, SET CONSTRAINTS), which PostgreSQL otherwise
    resolves on the search path and so misses for tables in a domain schema."""

    sql_delete_fk = (
        "SET CONSTRAINTS %(qualified_name)s IMMEDIATE; "
        "ALTER TABLE %(table)s DROP CONSTRAINT %(name)s"
    )

    def _qualified(self, model, name):
        schema_name, _ = split_table(model._meta.db_table)
        return self.quote_name(qualify(schema_name, name))

    def _delete_index_sql(self, model, name, sql=None, concurrently=False):
        statement = super()._delete_index_sql(model, name, sql, concurrently=concurrently)
        statement.parts["name"] = self._qualified(model, name)
        return statement

    def _rename_index_sql(self, model, old_name, new_name):
        statement = super()._rename_index_sql(model, old_name, new_name)
        statement.parts["old_name"] = self._qualified(model, old_name)
        return statement

    def _delete_fk_sql(self, model, name):
        return Statement(
            self.sql_delete_fk,
            table=Table(model._meta.db_table, self.quote_name),
            name=self.quote_name(name),
            qualified_name=self._qualified(model, name),
        )

    def alter_db_table(self, model, old_db_table, new_db_table):
        """Moving a table to another schema is SET SCHEMA, then a plain rename."""
        old_schema, old_name = split_table(old_db_table)
        new_schema, new_name = split_table(new_db_table)
        if old_schema != new_schema:
            table, schema = self.quote_name(old_db_table), self.quote_name(new_schema or "public")
            self.execute(f"ALTER TABLE {table} SET SCHEMA {schema}")
            old_db_table = qualify(new_schema, old_name)
        if old_name != new_name:
            super().alter_db_table(model, old_db_table, new_name)
        # Rename statements were run with the bare new name; re-point deferred SQL.
        for sql in self.deferred_sql:
            if isinstance(sql, Statement):
                sql.rename_table_references(new_name, new_db_table)
