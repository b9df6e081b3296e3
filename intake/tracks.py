"""How a track reads on a page: its name in the reader's language (``adoption.models.Track.label``)."""

from __future__ import annotations


def track_name(track) -> str:
    return track.label
