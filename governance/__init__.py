"""Governance: roles and object permissions, gate reviews and sign-offs, compliance reviews, the audit trail."""
