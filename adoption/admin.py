"""Admin for support staff; workflow fields are read-only (they change only through services)."""
