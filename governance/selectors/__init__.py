"""Permission-scoped reads of the governance domain."""
