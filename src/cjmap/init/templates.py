"""Starter maps for `cjmap init`: ecommerce, saas and service.

Each template is plain data in the map format. Templates keep every reference
inside one step (an opportunity `addresses` a pain point of its own step; KPIs
name steps only where noted), so dropping or renaming phases on request never
leaves a dangling reference. Each lints clean as written.
"""

from __future__ import annotations

from typing import Any

Template = dict[str, Any]


ECOMMERCE: Template = {
    "title": "First purchase",
    "description": "How a first-time buyer finds, buys and receives a product from our shop.",
    "owner": "Growth team",
    "tags": ["ecommerce", "web"],
    "personas": [
        {
            "id": "maya",
            "name": "Maya",
            "role": "First-time buyer",
            "description": "34, busy parent, shops on her phone in the evening.",
            "goals": ["Find the right product quickly"],
            "frustrations": ["Surprise costs at checkout"],
            "quote": "I just want to know what it costs and when it arrives.",
        },
        {"id": "ben", "name": "Ben", "role": "Gift buyer"},
    ],
    "kpis": [{"name": "Conversion rate", "current": "2.1%", "target": "3%"}],
    "phases": [
        {
            "id": "discover",
            "name": "Discover",
            "steps": [
                {
                    "id": "see-ad",
                    "name": "Sees a social ad",
                    "channel": "social",
                    "touchpoint": "Instagram story ad",
                    "actions": ["Taps the ad"],
                    "thoughts": ["Looks nice, is it any good?"],
                    "emotion": 1,
                    "owner": "Marketing",
                    "evidence": ["analytics"],
                    "metrics": {"ctr": "1.8%"},
                },
                {
                    "id": "browse",
                    "name": "Browses the catalogue",
                    "channel": "web",
                    "emotion": 0,
                    "feeling": "curious",
                    "owner": "Web team",
                    "evidence": ["usability test"],
                },
            ],
        },
        {
            "id": "choose",
            "name": "Choose",
            "steps": [
                {
                    "id": "compare",
                    "name": "Compares products",
                    "channel": "web",
                    "thoughts": ["Which one is right for me?"],
                    "emotion": 0,
                    "owner": "Web team",
                    "evidence": ["interview"],
                },
                {
                    "id": "read-reviews",
                    "name": "Reads reviews",
                    "channel": "web",
                    "emotion": 1,
                    "owner": "Web team",
                    "evidence": ["analytics"],
                },
            ],
        },
        {
            "id": "buy",
            "name": "Buy",
            "steps": [
                {
                    "id": "checkout",
                    "name": "Checks out",
                    "channel": "web",
                    "touchpoint": "Checkout form",
                    "emotion": -2,
                    "feeling": "annoyed",
                    "moment_of_truth": True,
                    "owner": "Web team",
                    "pain_points": [
                        {
                            "id": "late-shipping-cost",
                            "text": "Shipping cost appears only at the last step",
                            "severity": "high",
                        }
                    ],
                    "opportunities": [
                        {
                            "text": "Show shipping cost on the product page",
                            "impact": "high",
                            "effort": "low",
                            "status": "planned",
                            "addresses": ["late-shipping-cost"],
                        }
                    ],
                    "backstage": ["Payment provider authorises the card"],
                    "evidence": ["analytics", "support tickets"],
                },
                {
                    "id": "confirmation",
                    "name": "Gets the order confirmation",
                    "channel": "email",
                    "emotion": 1,
                    "owner": "CRM team",
                    "evidence": ["survey"],
                },
            ],
        },
        {
            "id": "receive",
            "name": "Receive",
            "steps": [
                {
                    "id": "wait",
                    "name": "Waits for delivery",
                    "channel": "email",
                    "emotion": 0,
                    "owner": "Logistics",
                    "evidence": ["support tickets"],
                },
                {
                    "id": "unbox",
                    "name": "Unboxes the order",
                    "channel": "in person",
                    "emotion": 2,
                    "feeling": "delighted",
                    "owner": "Logistics",
                    "evidence": ["survey"],
                },
            ],
        },
    ],
}

SAAS: Template = {
    "title": "Trial to paid",
    "description": "How a team lead discovers the product, tries it and starts paying.",
    "owner": "Product team",
    "tags": ["saas", "b2b"],
    "personas": [
        {
            "id": "priya",
            "name": "Priya",
            "role": "Team lead at an SMB",
            "goals": ["Get her team on one tool this quarter"],
            "frustrations": ["Tools that need a week of setup"],
            "quote": "If my team needs training, we will not switch.",
        },
        {"id": "omar", "name": "Omar", "role": "IT admin"},
    ],
    "kpis": [
        {"name": "Trial to paid", "current": "9%", "target": "14%"},
        {"name": "Time to first value", "current": "3 days", "target": "1 day"},
    ],
    "phases": [
        {
            "id": "evaluate",
            "name": "Evaluate",
            "steps": [
                {
                    "id": "read-comparison",
                    "name": "Reads a comparison article",
                    "channel": "web",
                    "emotion": 0,
                    "owner": "Marketing",
                    "evidence": ["analytics"],
                },
                {
                    "id": "sign-up",
                    "name": "Signs up for a trial",
                    "channel": "web",
                    "emotion": 1,
                    "owner": "Growth team",
                    "evidence": ["analytics"],
                },
            ],
        },
        {
            "id": "onboard",
            "name": "Onboard",
            "steps": [
                {
                    "id": "first-project",
                    "name": "Sets up a first project",
                    "channel": "web",
                    "emotion": -1,
                    "moment_of_truth": True,
                    "owner": "Product team",
                    "pain_points": [
                        {
                            "id": "empty-state",
                            "text": "Empty workspace gives no idea where to start",
                            "severity": "high",
                        }
                    ],
                    "opportunities": [
                        {
                            "text": "Offer a sample project on first login",
                            "impact": "high",
                            "effort": "medium",
                            "addresses": ["empty-state"],
                        }
                    ],
                    "evidence": ["usability test", "interview"],
                },
                {
                    "id": "invite-team",
                    "name": "Invites the team",
                    "channel": "email",
                    "emotion": 1,
                    "owner": "Product team",
                    "evidence": ["analytics"],
                },
            ],
        },
        {
            "id": "buy",
            "name": "Buy",
            "steps": [
                {
                    "id": "trial-ends",
                    "name": "Gets the trial-ending email",
                    "channel": "email",
                    "emotion": 0,
                    "owner": "Growth team",
                    "evidence": ["analytics"],
                },
                {
                    "id": "pays",
                    "name": "Enters payment details",
                    "channel": "web",
                    "emotion": 1,
                    "owner": "Billing",
                    "backstage": ["Billing system creates the subscription"],
                    "evidence": ["analytics"],
                },
            ],
        },
    ],
}

SERVICE: Template = {
    "title": "Getting a boiler repaired",
    "description": "How a household reports a broken boiler and gets it fixed.",
    "owner": "Customer service",
    "tags": ["service", "field service"],
    "personas": [
        {
            "id": "grace",
            "name": "Grace",
            "role": "Homeowner",
            "goals": ["Heating back on before the weekend"],
            "frustrations": ["Waiting at home all day for a visit"],
            "quote": "Just tell me when they are coming.",
        },
        {"id": "sam", "name": "Sam", "role": "Tenant"},
    ],
    "kpis": [{"name": "First-time fix rate", "current": "71%", "target": "85%"}],
    "phases": [
        {
            "id": "report",
            "name": "Report",
            "steps": [
                {
                    "id": "call",
                    "name": "Calls the helpline",
                    "channel": "phone",
                    "emotion": -1,
                    "feeling": "worried",
                    "owner": "Contact centre",
                    "pain_points": [
                        {
                            "id": "hold-time",
                            "text": "Long hold time at peak hours",
                            "severity": "medium",
                        }
                    ],
                    "opportunities": [
                        {
                            "text": "Offer a call-back instead of holding",
                            "impact": "medium",
                            "effort": "low",
                            "addresses": ["hold-time"],
                        }
                    ],
                    "evidence": ["support tickets"],
                    "metrics": {"wait_minutes": 14},
                },
                {
                    "id": "book",
                    "name": "Books a visit",
                    "channel": "phone",
                    "emotion": 0,
                    "owner": "Scheduling",
                    "backstage": ["Scheduler checks engineer availability"],
                    "evidence": ["interview"],
                },
            ],
        },
        {
            "id": "visit",
            "name": "Visit",
            "steps": [
                {
                    "id": "wait-at-home",
                    "name": "Waits at home",
                    "channel": "sms",
                    "emotion": -2,
                    "moment_of_truth": True,
                    "owner": "Scheduling",
                    "pain_points": [
                        {
                            "id": "all-day-slot",
                            "text": "Only an all-day slot is offered",
                            "severity": "high",
                        }
                    ],
                    "opportunities": [
                        {
                            "text": "Send a live arrival window by SMS",
                            "impact": "high",
                            "effort": "medium",
                            "status": "planned",
                            "addresses": ["all-day-slot"],
                        }
                    ],
                    "evidence": ["survey"],
                },
                {
                    "id": "repair",
                    "name": "Engineer repairs the boiler",
                    "channel": "in person",
                    "emotion": 1,
                    "owner": "Field service",
                    "evidence": ["observation"],
                },
            ],
        },
        {
            "id": "follow-up",
            "name": "Follow up",
            "steps": [
                {
                    "id": "invoice",
                    "name": "Receives the invoice",
                    "channel": "email",
                    "emotion": 0,
                    "owner": "Billing",
                    "evidence": ["support tickets"],
                },
                {
                    "id": "rate",
                    "name": "Rates the visit",
                    "channel": "sms",
                    "emotion": 1,
                    "owner": "Customer service",
                    "evidence": ["survey"],
                },
            ],
        },
    ],
}

TEMPLATE_BY_NAME: dict[str, Template] = {
    "ecommerce": ECOMMERCE,
    "saas": SAAS,
    "service": SERVICE,
}
