"""Spacing and type sizes of the swimlane, each with its unit and reason.

MARGIN
┌────────────────────────────────────────────────────────────────────┐
│ Title · state badge · owner · description · personas · KPIs        │ header
├──────────────┬──────────────────────┬──────────────────────────────┤
│              │ Phase band           │ Phase band                   │
├──────────────┼──────────┬───────────┼──────────┬───────────────────┤
│ Lane label   │ card     │ card      │ card     │ …                 │ lane row
│ (LANE_LABEL_ │ ◄COLUMN_WIDTH►       │          │                   │
│  WIDTH)      │          │           │          │                   │
└──────────────┴──────────┴───────────┴──────────┴───────────────────┘
"""

from __future__ import annotations

MARGIN = 32  # px around the whole diagram; room for a print bleed
LANE_LABEL_WIDTH = 152  # px; fits "Opportunities" in bold 13 px with padding
COLUMN_WIDTH = 208  # px per step; a card holds ~28 characters of 12.5 px text per line
MIN_CONTENT_WIDTH = 760  # px; below this, step columns widen so the header has room
CELL_PAD_X = 8  # px between a card and its column's edge (16 px gutter between cards)
ROW_PAD_Y = 10  # px above the first and below the last card of a lane row
CARD_GAP = 8  # px between stacked cards in one cell
CARD_PAD = 10  # px inside a card around its text
PHASE_PAD = 10  # px inside a phase band
PHASE_GAP = 4  # px between two phase bands (so adjacent phases read as separate)
HEADER_GAP = 20  # px between the header block and the phase bands

TITLE_SIZE = 26  # px, bold
META_SIZE = 13  # px: state badge, owner, tags
DESCRIPTION_SIZE = 14  # px
DESCRIPTION_MAX_WIDTH = 960  # px; a comfortable reading measure (~120 characters)
PHASE_SIZE = 15  # px, bold
LANE_LABEL_SIZE = 13  # px, bold
STEP_TITLE_SIZE = 14  # px, bold
BODY_SIZE = 12.5  # px; readable on A3 print at full width and on a laptop
SMALL_SIZE = 11  # px; badges, channel names, feeling labels, ticks (min. for print)

ICON_SIZE = 16  # px; channel icons and card markers
ICON_GAP = 6  # px between an icon and its text
ACCENT_BAR = 4  # px; the left bar of pain-point cards
BADGE_PAD_X = 8  # px inside a pill badge
BADGE_HEIGHT = 20  # px

EMOTION_PLOT_HEIGHT = 148  # px between +2 and -2 (37 px per emotion unit)
EMOTION_PAD_Y = 34  # px above +2 and below -2, room for feeling labels
POINT_RADIUS = 9  # px; big enough for a face drawn inside it
PERSONA_OFFSET = 20  # px between personas' points on one step: 2 radii + 2, never overlapping
DESCRIPTION_MAX_LINES = 4  # lines of a step's description shown in its card
FEELING_MAX_LINES = 2
