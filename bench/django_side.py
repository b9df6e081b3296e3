"""The parts of the benchmark that need Django, run by ``bench.run`` in a subprocess per database:

    python -m bench.django_side plan OUT.json
    python -m bench.django_side queries PLAN.json OUT.json
    python -m bench.django_side sweeps OUT.json

with DATABASE_URL naming the database and the production settings in the environment.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _write(path: str, data) -> None:
    Path(path).write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")


def main(argv: list[str]) -> int:
    import django

    django.setup()
    from bench.plan import build_plan
    from bench.queries import count_queries
    from bench.sweeps import measure_sweeps

    command = argv[0] if argv else ""
    if command == "plan" and len(argv) == 2:
        _write(argv[1], build_plan())
    elif command == "queries" and len(argv) == 3:
        plan = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
        _write(argv[2], count_queries(plan, explain_slowest=True))
    elif command == "sweeps" and len(argv) == 2:
        # Twice: the first run meets the backlog of a fresh data set, the second what a nightly run meets next day.
        _write(argv[1], {"first": measure_sweeps(), "repeat": measure_sweeps()})
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
