"""A small map as plain data, for diff tests to edit one thing at a time."""

from __future__ import annotations

from typing import Any

BASE: dict[str, Any] = {
    "cjmap": 1,
    "title": "Checkout",
    "personas": [
        {"id": "maya", "name": "Maya", "role": "Buyer"},
        {"id": "ben", "name": "Ben"},
    ],
    "kpis": [{"name": "Conversion", "current": "2%", "target": "3%"}],
    "phases": [
        {
            "id": "find",
            "name": "Find",
            "steps": [
                {
                    "id": "search",
                    "name": "Searches",
                    "emotion": 1,
                    "channel": "web",
                    "metrics": {"csat": 3.9},
                },
                {"id": "compare", "name": "Compares", "emotion": 0},
            ],
        },
        {
            "id": "buy",
            "name": "Buy",
            "steps": [
                {
                    "id": "checkout",
                    "name": "Checks out",
                    "emotion": -2,
                    "pain_points": [
                        {"id": "fees", "text": "Hidden fees", "severity": "high"},
                        "Slow page",
                    ],
                    "opportunities": [
                        {
                            "text": "Show fees early",
                            "status": "planned",
                            "impact": "high",
                            "effort": "low",
                        }
                    ],
                },
                {"id": "receipt", "name": "Gets a receipt", "emotion": 1},
            ],
        },
    ],
}


def step(data: dict[str, Any], step_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(
        s for p in data["phases"] for s in p["steps"] if s.get("id") == step_id
    )
    return found
