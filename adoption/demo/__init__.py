"""The demo portfolio loaded by ``manage.py load_demo_data``."""
