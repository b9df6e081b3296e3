"""The demo data set: the demo loader and the commands that load demo and benchmark data."""
