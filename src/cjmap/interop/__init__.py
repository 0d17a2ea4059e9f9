"""Interop with other journey formats: Mermaid `journey` text in, cjmap maps out.

In: the text of a Mermaid file. Out: a `MermaidDiagram` (what Mermaid would
draw) and, from that, cjmap map YAML. The export direction lives with the
other backends in `cjmap.render.mermaid`.

Imports: `interop` sits beside `model` (it uses `load`, `model` and `errors`);
nothing below it imports it.
"""

from cjmap.interop.mermaid_grammar import MermaidDiagram, MermaidSection, MermaidTask, parse_journey
from cjmap.interop.mermaid_import import MermaidImport, import_mermaid

__all__ = [
    "MermaidDiagram",
    "MermaidImport",
    "MermaidSection",
    "MermaidTask",
    "import_mermaid",
    "parse_journey",
]
