"""Writes of the governance domain: roles, gate reviews and sign-offs, risk tiers, compliance reviews."""
