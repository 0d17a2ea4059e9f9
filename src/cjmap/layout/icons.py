"""Which channel icon a step gets. The glyphs themselves live in `render/_icons.py`."""

from __future__ import annotations

# channel (as users write it, lower-cased) -> icon name
ICON_BY_CHANNEL: dict[str, str] = {
    "web": "web",
    "website": "web",
    "online": "web",
    "mobile app": "mobile-app",
    "app": "mobile-app",
    "mobile": "mobile-app",
    "email": "email",
    "e-mail": "email",
    "phone": "phone",
    "call": "phone",
    "call centre": "phone",
    "call center": "phone",
    "chat": "chat",
    "live chat": "chat",
    "chatbot": "chat",
    "social": "social",
    "social media": "social",
    "in person": "in-person",
    "in-person": "in-person",
    "store": "in-person",
    "branch": "in-person",
    "sms": "sms",
    "text message": "sms",
    "mail": "mail",
    "post": "mail",
    "letter": "mail",
    "partner": "partner",
    "word of mouth": "word-of-mouth",
    "video": "video",
    "video call": "video",
    "self-service": "self-service",
    "kiosk": "self-service",
}
GENERIC_ICON = "generic"


def channel_icon(channel: str | None) -> tuple[str, bool]:
    """`(icon name, known)` for a channel; custom channels get the generic icon."""
    if channel is None:
        return GENERIC_ICON, False
    name = ICON_BY_CHANNEL.get(" ".join(channel.lower().split()))
    return (name, True) if name else (GENERIC_ICON, False)
