"""``make bench``: the load and data benchmark of PRODUCT.md §9, and its data set generator (``seed``); run with
``python -m bench.run``.

The pieces are usable on their own (the smoke test in tests/bench drives them against a live test server):
``plan`` chooses the users and the requests from the database, ``load`` runs locust against a loopback server,
``queries`` counts the queries each request makes, ``funnel_sql`` times the raw SQL floor of the funnel,
``sweeps`` measures the reminder sweeps, ``report`` writes report.md and report.json, and ``run`` orchestrates
all of it over two seeded databases and a gunicorn server started the way production runs it.
"""
