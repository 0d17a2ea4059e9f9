"""Deterministic journey maps of any size, for tests and benchmarks.

`generate_map(steps=30, branches=3, seed=7)` returns the YAML text of a valid
map (no errors, no warnings): the same arguments always give the same bytes.
The maps read like a plausible service journey — short step titles, quoted
thoughts, pain points on about a third of the steps, opportunities linked to
them, per-persona emotions on some steps — and a few texts are long enough
that a renderer must wrap them.

Usable from tests (`from tests.mapgen import generate_map`) and from bench
scripts, which can load this file by path (it needs only the standard library
and cjmap itself).
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

from cjmap.model.journey import KNOWN_CHANNELS

__all__ = ["generate_map", "write_map"]

PHASE_NAMES = (
    "Discover",
    "Research",
    "Compare",
    "Sign up",
    "Buy",
    "Onboard",
    "First use",
    "Get help",
    "Renew",
    "Recommend",
)
STEP_NAMES = (
    "Sees a social ad",
    "Reads reviews",
    "Compares prices",
    "Asks a friend",
    "Visits the website",
    "Watches a demo video",
    "Creates an account",
    "Verifies the email",
    "Fills in the form",
    "Uploads documents",
    "Chooses a plan",
    "Adds to basket",
    "Checks out",
    "Pays by card",
    "Gets the confirmation",
    "Tracks the order",
    "Receives the parcel",
    "Installs the app",
    "Completes setup",
    "Invites the team",
    "Uses it daily",
    "Hits an error",
    "Searches the help centre",
    "Calls support",
    "Chats with an agent",
    "Gets a refund",
    "Reads the invoice",
    "Gets a renewal reminder",
    "Upgrades the plan",
    "Leaves a review",
)
CHANNELS = (*KNOWN_CHANNELS, "kiosk", "QR code")  # the known ones, and two custom
TOUCHPOINTS = (
    "Product page",
    "Checkout form",
    "Welcome email",
    "Help centre article",
    "Support hotline",
    "In-app banner",
    "Store counter",
    "Order tracking page",
    "Invoice PDF",
    "Live chat widget",
)
ACTIONS = (
    "Scrolls the list",
    "Taps the button",
    "Types the details",
    "Reads the small print",
    "Takes a screenshot",
    "Calls a colleague",
    "Opens a second tab",
    "Waits for the code",
)
THOUGHTS = (
    "Is shipping extra?",
    "Why do they need this?",
    "That was easier than I thought.",
    "Where is the button?",
    "I hope this works first time.",
    "Finally, a real person.",
    "Do I really need another account?",
    "Nice, it remembered me.",
)
LONG_TEXTS = (
    "Customers who arrive from the comparison site expect the price they saw there, "
    "but the page shows the price before the voucher, so many go back to check and "
    "some never return to finish the order.",
    "The form asks for the same address twice, once for billing and once for delivery, "
    "and clears both fields when the postcode lookup fails on a mobile connection.",
    "Support agents answer the same question about delivery windows dozens of times a "
    "day because the confirmation email links to a tracking page that is only live "
    "once the courier has scanned the parcel.",
)
PAIN_TEXTS = (
    "Delivery cost appears only at the last step",
    "Verification code takes minutes to arrive",
    "Form loses its data on the back button",
    "Hold music for more than ten minutes",
    "Error message does not say what to fix",
    "Help article is out of date",
    "Invoice shows an unexplained charge",
    "Password rules are shown only after failing",
)
OPPORTUNITY_TEXTS = (
    "Show the full price on the product page",
    "Offer a call-back instead of a queue",
    "Keep form data when the customer goes back",
    "Explain each line of the invoice",
    "Send the code by email as a fallback",
    "Write error messages that say how to fix it",
)
BACKSTAGE = (
    "CRM sends the triggered email",
    "Warehouse reserves the stock",
    "Fraud rules score the order",
    "Agent looks up the account history",
    "Billing system issues the invoice",
)
SUPPORT = ("CRM", "Payment provider", "Order management system", "Ticketing tool")
OWNERS = ("Marketing", "E-commerce", "Operations", "Customer care", "Billing", "Product")
FEELINGS = ("curious", "hopeful", "confused", "annoyed", "relieved", "delighted", "anxious")
EVIDENCE = ("analytics", "interview", "survey", "support tickets", "usability test")
SEVERITIES = ("low", "medium", "high", "critical")
FREQUENCIES = ("rare", "sometimes", "often", "always")
LEVELS = ("low", "medium", "high")
STATUSES = ("idea", "planned", "in progress", "done")
PERSONAS = (
    ("maya", "Maya", "First-time buyer"),
    ("ben", "Ben", "Gift buyer"),
    ("priya", "Priya", "Team lead"),
    ("jose", "José", "Returning customer"),
    ("zoe", "Zoë", "Student on a budget"),
    ("kofi", "Kofi", "Newcomer to the country"),
)
BRANCH_LABELS = {
    "loop": ("Tries again", "Goes back to check", "Fixes the error"),
    "skip": ("Already has an account", "Skips the optional step", "Uses express checkout"),
    "exit": ("Gives up", "Buys elsewhere", "Cancels"),
}


def generate_map(
    steps: int,
    phases: int | None = None,
    personas: int = 2,
    branches: int = 0,
    seed: int = 0,
) -> str:
    """The YAML text of a valid journey map, the same for the same arguments.

    Args:
        steps: number of steps, at least 1.
        phases: number of phases (1 … steps); default about the square root of
            `steps`, so 30 steps make 5 phases.
        personas: number of personas (0 or more); with two or more, some steps
            carry one emotion per persona and some are taken by one persona only.
        branches: how many steps branch, i.e. carry a non-empty `next` (a loop
            back, a skip forward or a jump to the end, mostly with labels);
            capped at `steps - 1`, since the last step stays the exit
            (`next: []`) that keeps every loop escapable.
        seed: varies the words and which steps branch.

    Returns:
        YAML text that `cjmap validate` accepts without errors or warnings.

    Raises:
        ValueError: `steps`, `phases`, `personas` or `branches` out of range.
    """
    if steps < 1:
        raise ValueError(f"steps must be at least 1, not {steps}")
    if phases is None:
        phases = max(1, min(steps, round(steps**0.5)))
    if not 1 <= phases <= steps:
        raise ValueError(f"phases must be between 1 and steps ({steps}), not {phases}")
    if personas < 0 or branches < 0:
        raise ValueError("personas and branches cannot be negative")
    rng = random.Random(seed)
    persona_ids = [_persona(k)["id"] for k in range(personas)]
    names = _step_names(steps, rng)
    ids = [f"{_slug(name)}-{i + 1}" for i, name in enumerate(names)]
    branching = set(rng.sample(range(steps - 1), min(branches, steps - 1)))
    pain_ids: list[str] = []
    step_dicts = [
        _step(i, names[i], ids, persona_ids, branching, pain_ids, rng) for i in range(steps)
    ]
    data: dict[str, Any] = {
        "cjmap": 1,
        "title": f"Generated journey ({steps} steps, seed {seed})",
        "description": rng.choice(LONG_TEXTS),
        "state": "current",
        "owner": "CX team",
        "tags": ["generated", "test"],
        "kpis": [
            {"name": "Conversion rate", "current": "2.4%", "target": "3%"},
            {"name": "CSAT", "current": 3.9, "target": 4.4, "step": ids[steps // 2]},
        ],
        "personas": [_persona(k) for k in range(personas)],
        "phases": [
            {
                "id": f"{_slug(PHASE_NAMES[k % len(PHASE_NAMES)])}-{k + 1}",
                "name": PHASE_NAMES[k % len(PHASE_NAMES)],
                "steps": step_dicts[k * steps // phases : (k + 1) * steps // phases],
            }
            for k in range(phases)
        ],
    }
    header = (
        f"# Generated by tests/mapgen.py: generate_map(steps={steps}, phases={phases}, "
        f"personas={personas}, branches={branches}, seed={seed})\n"
    )
    return header + _dump(data)


def write_map(path: str | Path, **kw: Any) -> Path:
    """Write `generate_map(**kw)` to `path` as UTF-8.

    Args:
        path: the file to write.
        **kw: the arguments of `generate_map`.

    Returns:
        The path written.
    """
    target = Path(path)
    target.write_text(generate_map(**kw), encoding="utf-8")
    return target


def _persona(k: int) -> dict[str, Any]:
    pid, name, role = PERSONAS[k % len(PERSONAS)]
    lap = k // len(PERSONAS)
    persona: dict[str, Any] = {
        "id": pid if lap == 0 else f"{pid}-{lap + 1}",
        "name": name if lap == 0 else f"{name} {lap + 1}",
        "role": role,
    }
    if k % 2 == 0:
        persona["goals"] = ["Get it done in one go", "Know what it costs up front"]
        persona["quote"] = "I just want to know where I stand."
    return persona


def _step_names(steps: int, rng: random.Random) -> list[str]:
    seen: dict[str, int] = {}
    names = []
    for _ in range(steps):
        base = rng.choice(STEP_NAMES)
        seen[base] = seen.get(base, 0) + 1
        names.append(base if seen[base] == 1 else f"{base} ({seen[base]})")
    return names


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _step(
    i: int,
    name: str,
    ids: list[str],
    persona_ids: list[str],
    branching: set[int],
    pain_ids: list[str],
    rng: random.Random,
) -> dict[str, Any]:
    """One step; which optional lanes it fills follows `i`, the words follow `rng`."""
    step: dict[str, Any] = {"id": ids[i], "name": name}
    if i % 10 == 5:
        step["description"] = rng.choice(LONG_TEXTS)
    only_one = len(persona_ids) >= 2 and i % 6 == 3
    if only_one:
        step["personas"] = [persona_ids[0]]
    step["channel"] = rng.choice(CHANNELS)
    step["touchpoint"] = rng.choice(TOUCHPOINTS)
    step["actions"] = rng.sample(ACTIONS, 1 + i % 2)
    step["thoughts"] = [rng.choice(THOUGHTS)]
    if i % 8 == 7:
        step["expectation"] = "It works the way the ad promised"
        step["experience"] = rng.choice(LONG_TEXTS)
    if persona_ids and not only_one and i % 4 == 1:
        step["emotion"] = {pid: rng.randint(-2, 2) for pid in persona_ids}
    else:
        step["emotion"] = rng.randint(-2, 2)
    if i % 3 == 0:
        step["feeling"] = rng.choice(FEELINGS)
    if i % 2 == 0:
        step["intensity"] = rng.randint(1, 5)
    if i % 9 == 4:
        step["moment_of_truth"] = True
    if i % 3 == 1:
        step["pain_points"] = _pain_points(i, pain_ids, rng)
    if i % 4 == 2:
        step["opportunities"] = [_opportunity(i, pain_ids, rng)]
    if i % 2 == 1:
        step["backstage"] = [rng.choice(BACKSTAGE)]
    if i % 5 == 0:
        step["support"] = rng.sample(SUPPORT, 2)
    step["owner"] = rng.choice(OWNERS)
    step["evidence"] = _evidence(i, rng)
    if i % 3 == 0:
        step["metrics"] = {
            "csat": round(rng.uniform(2.5, 4.9), 1),
            "drop_off": f"{rng.randint(2, 60)}%",
        }
    if i % 5 == 2:
        step["duration"] = f"{rng.randint(1, 20)} minutes"
    if i in branching:
        step["next"] = _branch(i, ids, rng)
    elif i == len(ids) - 1:
        step["next"] = []  # the journey ends here, said explicitly
    return step


def _pain_points(i: int, pain_ids: list[str], rng: random.Random) -> list[Any]:
    pain_id = f"pain-{i + 1}"
    pain_ids.append(pain_id)
    first = {
        "id": pain_id,
        "text": rng.choice(PAIN_TEXTS),
        "severity": SEVERITIES[i % len(SEVERITIES)],
        "frequency": rng.choice(FREQUENCIES),
        "owner": rng.choice(OWNERS),
        "evidence": [rng.choice(EVIDENCE)],
    }
    if i % 5 != 1:
        return [first]
    # Every fifth pain-point step also gets a long one in the string shorthand.
    return [first, rng.choice(LONG_TEXTS)]


def _opportunity(i: int, pain_ids: list[str], rng: random.Random) -> dict[str, Any]:
    opp: dict[str, Any] = {
        "text": rng.choice(OPPORTUNITY_TEXTS),
        "impact": rng.choice(LEVELS),
        "effort": rng.choice(LEVELS),
        "owner": rng.choice(OWNERS),
        "status": STATUSES[i % len(STATUSES)],
    }
    if pain_ids:
        opp["addresses"] = [pain_ids[-1]]
    return opp


def _evidence(i: int, rng: random.Random) -> list[Any]:
    if i % 11 == 10:
        return ["assumption"]
    if i % 7 == 0:
        return [
            {
                "kind": rng.choice(EVIDENCE),
                "source": f"Study {2024 + i % 3}-{i % 12 + 1:02d}",
                "note": "Seen in most sessions",
            }
        ]
    return [rng.choice(EVIDENCE)]


def _branch(i: int, ids: list[str], rng: random.Random) -> list[Any]:
    """A `next` list: the following step plus one other target.

    The other target is a loop back (possibly to this very step), a skip
    forward, or a jump to the last step; where the map is too short for the
    kind drawn, a loop back is used instead. Keeping the following step means
    every step stays reachable from the first and can still reach the exit.
    """
    last = len(ids) - 1
    succ = i + 1
    kind = rng.choice(("loop", "skip", "exit"))
    if kind == "skip" and i + 2 <= last:
        target = rng.randint(i + 2, min(last, i + 5))
    elif kind == "exit" and last not in (i, succ):
        target = last
    else:
        kind = "loop"
        target = rng.randint(max(0, i - 4), i)
    # alternate the plain-id shorthand and the labelled form
    following = ids[succ] if i % 2 == 0 else {"to": ids[succ], "label": "Carries on"}
    return [following, {"to": ids[target], "label": rng.choice(BRANCH_LABELS[kind])}]


# A small YAML emitter: PyYAML's pure-Python dumper takes seconds for a
# 3,000-step map, and this one writes what people write by hand (flow lists
# of short values, plain scalars where they are safe, JSON-quoted otherwise;
# a JSON string is a valid YAML double-quoted scalar).
_PLAIN = re.compile(r"[^\W\d_][\w ,.'()%/&?!-]*")
_RESERVED = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off", "null"})


def _dump(data: dict[str, Any]) -> str:
    lines: list[str] = []
    _mapping(data, 0, lines, None)
    return "\n".join(lines) + "\n"


def _scalar(value: Any, in_flow: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    plain = (
        _PLAIN.fullmatch(text) is not None
        and text.lower() not in _RESERVED
        and not text.endswith(" ")
        and not (in_flow and "," in text)
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def _flow_ok(items: list[Any]) -> bool:
    return all(not isinstance(x, dict | list) for x in items) and len(items) <= 4


def _mapping(d: dict[str, Any], indent: int, lines: list[str], first: str | None) -> None:
    pad = " " * indent
    for n, (key, value) in enumerate(d.items()):
        head = f"{first if n == 0 and first is not None else pad}{key}:"
        if isinstance(value, dict) and _flow_ok(list(value.values())):
            pairs = ", ".join(f"{k}: {_scalar(v, True)}" for k, v in value.items())
            lines.append(f"{head} {{{pairs}}}")
        elif isinstance(value, dict):
            lines.append(head)
            _mapping(value, indent + 2, lines, None)
        elif isinstance(value, list) and _flow_ok(value):
            lines.append(f"{head} [{', '.join(_scalar(v, True) for v in value)}]")
        elif isinstance(value, list):
            lines.append(head)
            _sequence(value, indent + 2, lines)
        else:
            lines.append(f"{head} {_scalar(value)}")


def _sequence(items: list[Any], indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict):
            _mapping(item, indent + 2, lines, pad + "- ")
        else:
            lines.append(f"{pad}- {_scalar(item)}")
