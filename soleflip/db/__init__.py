"""PostgreSQL backend that understands tables living in schemas.

Models map onto `schema.table` with `db_table = 'catalog"."product'`. Stock Django creates
such tables correctly but treats the quoted name as if it were on the search path when it
introspects, drops indexes or drops foreign keys, which silently drifts or fails in later
migrations and leaves rows behind in test flushes. `FOR UPDATE OF` also needs the bare table name.
This backend fixes exactly those places (tests/schema proves each).
"""
