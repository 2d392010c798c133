from django.db import migrations

# inventory.stock_event is an audit trail: refuse UPDATE and DELETE, except the one update
# Django makes when a pair is deleted (stock_id set to NULL, nothing else changed).
FORWARD = """
CREATE FUNCTION inventory.stock_event_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.stock_id IS NULL
       AND (NEW.id, NEW.user_id, NEW.kind, NEW.from_status, NEW.to_status, NEW.reason,
            NEW.before, NEW.after, NEW.created_at)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.user_id, OLD.kind, OLD.from_status, OLD.to_status, OLD.reason,
            OLD.before, OLD.after, OLD.created_at) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'inventory.stock_event is append-only (% refused)', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
CREATE TRIGGER stock_event_append_only
    BEFORE UPDATE OR DELETE ON inventory.stock_event
    FOR EACH ROW EXECUTE FUNCTION inventory.stock_event_append_only();
"""

REVERSE = """
DROP TRIGGER IF EXISTS stock_event_append_only ON inventory.stock_event;
DROP FUNCTION IF EXISTS inventory.stock_event_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("inventory", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
