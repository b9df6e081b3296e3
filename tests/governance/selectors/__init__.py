"""Tests of the governance selectors."""
