"""Channel icons and card markers, drawn as stroked paths on a 24 × 24 grid.

Drawn for cjmap in one consistent style (1.75 px round strokes, no fills
except markers) so they read at 16 px and print cleanly; no icon font, no
external files.
"""

from __future__ import annotations

# name -> path data (each string one subpath group) on a 24 x 24 grid
ICON_PATHS: dict[str, tuple[str, ...]] = {
    "web": (
        "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z",
        "M3 12h18",
        "M12 3c2.6 2.5 3.9 5.5 3.9 9s-1.3 6.5-3.9 9c-2.6-2.5-3.9-5.5-3.9-9s1.3-6.5 3.9-9z",
    ),
    "mobile-app": (
        "M8 2.5h8a1.5 1.5 0 0 1 1.5 1.5v16a1.5 1.5 0 0 1-1.5 1.5h-8a1.5 1.5 0 0 1-1.5-1.5v-16"
        "a1.5 1.5 0 0 1 1.5-1.5z",
        "M11 18h2",
    ),
    "email": (
        "M4 5.5h16a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1h-16a1 1 0 0 1-1-1v-11a1 1 0 0 1 1-1z",
        "M3.5 7l8.5 6l8.5-6",
    ),
    "phone": (
        "M6.5 3.5l3 .5l1.5 4l-2 1.5c1 2.2 2.8 4 5 5l1.5-2l4 1.5l.5 3c0 1.2-1 2-2.2 2"
        "c-7.3-.5-13.1-6.3-13.6-13.6c0-1.2.8-2 2-2z",
    ),
    "chat": ("M4 5h16v11h-9l-5 4v-4h-2z", "M8 10.5h.01", "M12 10.5h.01", "M16 10.5h.01"),
    "social": (
        "M18 3.5a2.5 2.5 0 1 0 0 5a2.5 2.5 0 1 0 0-5z",
        "M6 9.5a2.5 2.5 0 1 0 0 5a2.5 2.5 0 1 0 0-5z",
        "M18 15.5a2.5 2.5 0 1 0 0 5a2.5 2.5 0 1 0 0-5z",
        "M8.2 10.8l7.6-4.1",
        "M8.2 13.2l7.6 4.1",
    ),
    "in-person": (
        "M3.5 9l1.5-5h14l1.5 5",
        "M3.5 9c0 1.4 1.2 2.5 2.8 2.5s2.8-1.1 2.8-2.5c0 1.4 1.3 2.5 2.9 2.5s2.9-1.1 2.9-2.5"
        "c0 1.4 1.2 2.5 2.8 2.5s2.8-1.1 2.8-2.5",
        "M5 11.5v9h14v-9",
        "M10 20.5v-5h4v5",
    ),
    "sms": ("M4 4.5h16v11h-11l-5 4z", "M8 9h8", "M8 12h5"),
    "mail": (
        "M3.5 7.5h17v12h-17z",
        "M3.5 7.5l8.5 6l8.5-6",
        "M15.5 3.5h4v3h-4z",
    ),
    "partner": (
        "M9 7a5 5 0 1 0 0 10a5 5 0 1 0 0-10z",
        "M15 7a5 5 0 1 0 0 10a5 5 0 1 0 0-10z",
    ),
    "word-of-mouth": (
        "M3.5 10v4h3l7 4.5v-13l-7 4.5z",
        "M17 9c1.3 1.6 1.3 4.4 0 6",
        "M19.5 6.5c2.5 3 2.5 8 0 11",
    ),
    "video": (
        "M3.5 6.5h11a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1h-11a1 1 0 0 1-1-1v-9a1 1 0 0 1 1-1z",
        "M15.5 10.5l5-3v9l-5-3",
    ),
    "self-service": (
        "M6 3.5h12v10h-12z",
        "M9 6.5h6",
        "M9 9.5h4",
        "M12 13.5v4",
        "M8 20.5h8",
    ),
    "generic": ("M12 4a8 8 0 1 0 0 16a8 8 0 1 0 0-16z", "M12 9a3 3 0 1 0 0 6a3 3 0 1 0 0-6z"),
}

# Card markers: filled shapes, so the kind reads without colour.
MARKER_PATHS: dict[str, str] = {
    # warning triangle with "!" cut out by drawing the "!" in the card colour
    "pain": "M12 2.8l10 17.4h-20z",
    # a diamond: opportunities read as "gems" next to the triangle of pains
    "opportunity": "M12 2.5l9 9.5l-9 9.5l-9-9.5z",
}
MARKER_INNER: dict[str, str] = {
    "pain": "M12 9v5 M12 16.8v.4",
    "opportunity": "M12 8v8 M8 12h8",
}
