"""The database refuses to change audit rows, even from raw SQL.

PostgreSQL refuses UPDATE always, and DELETE unless the transaction set the expiry flag
(audit.models.expire_before). SQLite refuses UPDATE; it has no per-transaction flag and
its test databases are emptied with DELETE, so there deletes are refused by the code only.
"""

from django.db import migrations

POSTGRESQL = [
    """
    CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' AND current_setting('mend.audit_expiry', true) = 'on' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit rows are append-only (%)', TG_OP;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()
    """,
]
POSTGRESQL_UNDO = [
    "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event",
    "DROP FUNCTION IF EXISTS audit_event_append_only()",
]
SQLITE = [
    """
    CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON audit_event
    BEGIN SELECT RAISE(ABORT, 'audit rows are append-only (UPDATE)'); END
    """
]
SQLITE_UNDO = ["DROP TRIGGER IF EXISTS audit_event_append_only"]


def _run(statements: dict):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)  # the trigger's own % is not a placeholder

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_trail")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_UNDO, "sqlite": SQLITE_UNDO}),
        )
    ]
