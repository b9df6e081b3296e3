"""Upkeep of the funnel's running totals (adoption.models.funnel); the triggers keep them in step day to day."""

from django.db import connection, transaction


def funnel_tally_rebuild() -> int:
    """Recount every total from the initiatives and their stays (writers wait meanwhile); returns the rows written.
    For after a bulk load that switched the triggers off, or to repair totals a check found wrong."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT adoption_funneltally_rebuild()")
        return cursor.fetchone()[0]
