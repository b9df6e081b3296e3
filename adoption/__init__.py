"""Adoption: initiatives, business units, phases, gate criteria, evidence, ROI and model selection."""
