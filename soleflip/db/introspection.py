from contextlib import contextmanager

from django.db.backends.postgresql import introspection
from django.db.backends.postgresql.introspection import TableInfo

from .names import qualify, split_table


class DatabaseIntrospection(introspection.DatabaseIntrospection):
    """Introspection that looks a `schema"."table` up inside its own schema."""

    @contextmanager
    def _scope(self, cursor, table_name):
        """Run the stock query with the table's schema as the search path, so its
        `relname = %s AND pg_table_is_visible(oid)` filters find the right table."""
        schema, table = split_table(table_name)
        if schema is None:
            yield table
            return
        cursor.execute("SELECT current_setting('search_path')")
        previous = cursor.fetchone()[0]
        cursor.execute("SELECT set_config('search_path', %s, false)", [f'"{schema}"'])
        try:
            yield table
        finally:
            # If the statement failed inside a transaction, the rollback restores the
            # old search_path by itself; only restore when the connection is usable.
            if not getattr(self.connection, "needs_rollback", False):
                try:
                    cursor.execute("SELECT set_config('search_path', %s, false)", [previous])
                except Exception:  # noqa: BLE001 - aborted transaction; rollback resets it
                    pass

    def get_table_list(self, cursor):
        """Tables and views of every non-system schema; those outside `public` are
        named `schema"."table`, exactly as the models' db_table spells them."""
        cursor.execute("""
            SELECT n.nspname, c.relname,
                CASE WHEN c.relispartition THEN 'p'
                     WHEN c.relkind IN ('m', 'v') THEN 'v' ELSE 't' END,
                obj_description(c.oid, 'pg_class')
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('f', 'm', 'p', 'r', 'v')
              AND n.nspname NOT IN ('pg_catalog', 'pg_toast', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_temp\\_%%'
              AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%%'
        """)
        return [
            TableInfo(qualify(None if schema == "public" else schema, name), kind, comment)
            for schema, name, kind, comment in cursor.fetchall()
            if name not in self.ignored_tables
        ]

    def get_table_description(self, cursor, table_name):
        with self._scope(cursor, table_name) as table:
            return super().get_table_description(cursor, table)

    def get_sequences(self, cursor, table_name, table_fields=()):
        schema, _ = split_table(table_name)
        with self._scope(cursor, table_name) as table:
            sequences = super().get_sequences(cursor, table, table_fields)
        return [
            {**seq, "name": qualify(schema, seq["name"]), "table": table_name} for seq in sequences
        ]

    def get_relations(self, cursor, table_name):
        schema, table = split_table(table_name)
        cursor.execute(
            """
            SELECT a1.attname, n2.nspname, c2.relname, a2.attname
            FROM pg_constraint con
            JOIN pg_class c1 ON con.conrelid = c1.oid
            JOIN pg_namespace n1 ON c1.relnamespace = n1.oid
            JOIN pg_class c2 ON con.confrelid = c2.oid
            JOIN pg_namespace n2 ON c2.relnamespace = n2.oid
            JOIN pg_attribute a1 ON c1.oid = a1.attrelid AND a1.attnum = con.conkey[1]
            JOIN pg_attribute a2 ON c2.oid = a2.attrelid AND a2.attnum = con.confkey[1]
            WHERE c1.relname = %s AND n1.nspname = %s AND con.contype = 'f'
            """,
            [table, schema or "public"],
        )
        return {
            column: (
                other_column,
                qualify(None if other_schema == "public" else other_schema, other),
            )
            for column, other_schema, other, other_column in cursor.fetchall()
        }

    def get_constraints(self, cursor, table_name):
        with self._scope(cursor, table_name) as table:
            return super().get_constraints(cursor, table)
