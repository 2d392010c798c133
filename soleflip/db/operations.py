from django.db.backends.postgresql import operations


class DatabaseOperations(operations.DatabaseOperations):
    def for_update_sql(self, nowait=False, skip_locked=False, of=(), no_key=False):
        """FOR UPDATE OF takes a table's name without its schema ("stock", not
        "inventory"."stock"), which is how PostgreSQL names it in the FROM clause."""
        return super().for_update_sql(
            nowait, skip_locked, [name.rsplit(".", 1)[-1] for name in of], no_key
        )
