"""Splitting and qualifying `schema"."table` names as models spell them in db_table."""


def split_table(table_name: str) -> tuple[str | None, str]:
    """'catalog"."product' -> ('catalog', 'product'); 'django_session' -> (None, ...)."""
    name = table_name.strip('"')
    if '"."' in name:
        schema, table = name.split('"."', 1)
        return schema, table
    return None, name


def qualify(schema: str | None, name: str) -> str:
    """The `schema"."name` form that quote_name() turns into "schema"."name"."""
    return f'{schema}"."{name}' if schema else name
