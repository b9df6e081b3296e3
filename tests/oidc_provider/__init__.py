"""A real OpenID Connect provider for the single sign-on tests: django-oauth-toolkit in a small Django project of its
own (its own PostgreSQL database), started by tests/sso_support.py on a free loopback port."""
