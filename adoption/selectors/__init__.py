"""Permission-scoped reads of the adoption domain."""
