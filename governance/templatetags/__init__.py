"""Template filters of the governance pages."""
