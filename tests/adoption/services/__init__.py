"""Writes of the adoption domain: each service authorises, runs in one transaction and records its audit event."""
