"""Locale formats that differ from Django's (FORMAT_MODULE_PATH): amounts in Chinese are grouped by thousands."""
