"""The GenAI Adoption Tracker's command-line client, for CI pipelines: push evaluation runs, check a deployment
against the tracker, verify a decision receipt offline. It needs Python 3.12 and, to verify receipts, the
``cryptography`` package; nothing of the tracker itself."""
