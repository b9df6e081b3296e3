"""Admin for support staff; sign-offs, reviews and the audit trail are read-only."""
