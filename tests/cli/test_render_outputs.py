"""`cjmap render`: where outputs go, which format they get, and options refused up front.

Every refusal here is a usage error (exit 2) made before any map is read, so
nothing is written; the tests check the files on disk as well as the message.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from tests.cli.conftest import Run
from tests.conftest import TWO_STEP_MAP

from cjmap.render._png_encode import PNG_SIGNATURE

MAP = TWO_STEP_MAP
# `a` leads to `c` as well as to `b`: the report embeds a flow graph.
BRANCHING_MAP = """cjmap: 1
title: Branches
phases:
  - name: Visit
    steps:
      - id: a
        name: Arrives
        emotion: 0
        next: [b, c]
      - id: b
        name: Browses
        emotion: 1
      - id: c
        name: Leaves
        emotion: -1
"""


def _map(path: Path, title: str = "T", text: str = MAP) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.format(title=title), encoding="utf-8")
    return path


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


# --- 1. two maps, one output ------------------------------------------------------------


def test_two_maps_with_one_output_name_are_refused_before_anything_is_written(
    cli: Run, tmp_path: Path
) -> None:
    a, b = _map(tmp_path / "a" / "m.yaml", "A"), _map(tmp_path / "b" / "m.yaml", "B")
    before = _files(tmp_path)
    result = cli("render", str(a), str(b), "-o", f"{tmp_path}/coll/")
    assert result.exit_code == 2
    assert result.stderr == (
        f"cjmap render: {a} and {b} would both be written to {tmp_path}/coll/m.svg; "
        "render them one at a time, or into different directories\n"
    )
    assert _files(tmp_path) == before  # not even the directory


def test_maps_beside_each_other_collide_only_when_their_outputs_do(
    cli: Run, tmp_path: Path
) -> None:
    a, b = _map(tmp_path / "a" / "m.yaml", "A"), _map(tmp_path / "b" / "m.yaml", "B")
    result = cli("render", str(a), str(b))  # a/m.svg and b/m.svg
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "a" / "m.svg").exists() and (tmp_path / "b" / "m.svg").exists()
    yml = _map(tmp_path / "a" / "m.yml", "A2")  # m.yaml and m.yml both give m.svg
    (tmp_path / "a" / "m.svg").unlink()
    result = cli("render", str(a), str(yml))
    assert result.exit_code == 2
    assert f"{a} and {yml} would both be written to {tmp_path}/a/m.svg" in result.stderr
    assert not (tmp_path / "a" / "m.svg").exists()


def test_a_map_named_twice_is_rendered_once(cli: Run, tmp_path: Path) -> None:
    m = _map(tmp_path / "m.yaml")
    result = cli("render", str(m), str(tmp_path / "." / "m.yaml"), "-o", f"{tmp_path}/out/")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"{m} -> {tmp_path}/out/m.svg\n"


# --- 2. missing directories of an output file -------------------------------------------


def test_missing_directories_of_an_output_file_are_created(cli: Run, tmp_path: Path) -> None:
    m = _map(tmp_path / "map.yaml")
    out = tmp_path / "docs" / "img" / "map.png"
    result = cli("render", str(m), "-o", str(out), "--scale", "2")
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(PNG_SIGNATURE)
    assert os.listdir(out.parent) == ["map.png"]  # no temporary file beside it


def test_an_output_directory_that_cannot_be_made_is_one_line(cli: Run, tmp_path: Path) -> None:
    m = _map(tmp_path / "map.yaml")
    (tmp_path / "docs").write_text("a file where the directory should go")
    result = cli("render", str(m), "-o", str(tmp_path / "docs" / "img" / "map.svg"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{m}: error: {tmp_path}/docs/img/map.svg: cannot create the output directory "
        f"{tmp_path}/docs/img (Not a directory) [output-error]\n"
    )
    assert (tmp_path / "docs").is_file()


def test_dash_o_directory_where_a_file_is_is_a_usage_error(cli: Run, tmp_path: Path) -> None:
    m = _map(tmp_path / "map.yaml")
    (tmp_path / "out").write_text("x")
    result = cli("render", str(m), "-o", f"{tmp_path}/out/")
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"cjmap render: {tmp_path}/out/: -o names a directory, but a file is there\n"
    )


# --- 3. an output that is an input -------------------------------------------------------


def test_output_naming_the_map_is_a_usage_error(cli: Run, tmp_path: Path) -> None:
    m = _map(tmp_path / "map.yaml")
    before = m.read_bytes()
    result = cli("render", str(m), "-f", "svg", "-o", str(m))
    assert result.exit_code == 2
    assert result.stderr == f"cjmap render: {m}: refusing to overwrite the input file {m}\n"
    assert m.read_bytes() == before


def _not_read(*args: object, **kwargs: object) -> None:
    raise AssertionError("the map was read")


def test_output_that_is_a_hard_link_to_the_map_is_refused_before_reading(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    m = _map(tmp_path / "map.yaml")
    link = tmp_path / "link.svg"
    os.link(m, link)
    before = m.read_bytes()
    # refused by the check of every output up front, not later by the write itself
    monkeypatch.setattr("cjmap.pipeline.load_journey", _not_read)
    result = cli("render", str(m), "-f", "svg", "-o", str(link))
    assert result.exit_code == 2
    assert result.stderr == f"cjmap render: {link}: refusing to overwrite the input file {m}\n"
    assert m.read_bytes() == before


def test_output_naming_an_included_file_is_a_usage_error(cli: Run, tmp_path: Path) -> None:
    personas = tmp_path / "personas.yaml"
    personas.write_text("personas: []\n", encoding="utf-8")
    m = _map(
        tmp_path / "map.yaml", text=MAP.replace("phases:", "include: [personas.yaml]\nphases:")
    )
    result = cli("render", str(m), "-f", "svg", "-o", str(personas))
    assert result.exit_code == 2
    assert "refusing to overwrite the input file" in result.stderr
    assert personas.read_text(encoding="utf-8") == "personas: []\n"


def test_output_naming_a_data_file_is_refused_before_rendering(cli: Run, tmp_path: Path) -> None:
    m = _map(tmp_path / "map.yaml")
    data = tmp_path / "steps.csv"
    data.write_text("step,visits\narrives,3\n", encoding="utf-8")
    result = cli("render", str(m), "--data", str(data), "-f", "csv", "-o", str(data))
    assert result.exit_code == 2
    assert result.stderr == f"cjmap render: {data}: refusing to overwrite the input file {data}\n"
    assert data.read_text(encoding="utf-8") == "step,visits\narrives,3\n"


# --- 4. format and extension --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "what"),
    [("x.jpg", "its extension `.jpg`"), ("x", "a name without an extension")],
)
def test_an_extension_that_names_no_format_needs_dash_f(
    cli: Run, tmp_path: Path, name: str, what: str
) -> None:
    m = _map(tmp_path / "map.yaml")
    result = cli("render", str(m), "-o", str(tmp_path / name))
    assert result.exit_code == 2
    assert result.stderr == (
        f"cjmap render: {tmp_path}/{name}: cannot tell the output format from {what}; "
        "use one of .svg, .png, .pdf, .html, .htm, .dot, .gv, .mmd, .csv, pass -f, "
        "or end -o with / to write into a directory\n"
    )
    assert _files(tmp_path) == ["map.yaml"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "png", "-o", "x.svg"], "-f png writes PNG, but `.svg` is the extension of SVG"),
        (["-f", "svg", "-o", "x.PDF"], "-f svg writes SVG, but `.pdf` is the extension of PDF"),
        (
            ["-f", "flow", "-o", "x.html"],
            "-f flow writes SVG, but `.html` is the extension of HTML",
        ),
        (
            ["-f", "flow", "--flow-format", "png", "-o", "x.svg"],
            "-f flow --flow-format png writes PNG, but `.svg` is the extension of SVG",
        ),
    ],
)
def test_a_format_and_an_extension_that_disagree_are_refused(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    m = _map(tmp_path / "map.yaml")
    monkeypatch.chdir(tmp_path)
    result = cli("render", str(m), *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"cjmap render: {args[-1]}: the format and the extension")
    assert message in result.stderr
    assert _files(tmp_path) == ["map.yaml"]


def test_dash_f_with_an_unknown_extension_is_the_users_choice(cli: Run, tmp_path: Path) -> None:
    m = _map(tmp_path / "map.yaml")
    result = cli("render", str(m), "-f", "png", "-o", str(tmp_path / "x.bin"))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "x.bin").read_bytes().startswith(PNG_SIGNATURE)


@pytest.mark.parametrize(("fmt", "head"), [("PNG", PNG_SIGNATURE), ("Svg", b"<svg")])
def test_formats_are_case_insensitive(cli: Run, tmp_path: Path, fmt: str, head: bytes) -> None:
    m = _map(tmp_path / "map.yaml")
    result = cli("render", str(m), "-f", fmt, "-o", f"{tmp_path}/out/")
    assert result.exit_code == 0, result.stderr
    (out,) = (tmp_path / "out").iterdir()
    assert out.name == f"map.{fmt.lower()}" and out.read_bytes().startswith(head)


# --- 5. empty and unknown options -------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--lanes", ""],
            "--lanes is empty; name the lanes to draw, e.g. steps,touchpoints,actions",
        ),
        (["--lanes", " , "], "--lanes is empty"),
        (["--persona", ""], "--persona is empty; name a persona id from the map"),
        (["-f", ""], "unknown format ``"),
        (
            ["--lanes", "steps,emotion,painpoints,zzz"],
            "unknown lanes `emotion` (did you mean `emotions`?), "
            "`painpoints` (did you mean `pain_points`?), `zzz` (lanes: steps, ",
        ),
    ],
)
def test_empty_and_unknown_options_are_usage_errors(
    cli: Run, tmp_path: Path, args: list[str], message: str
) -> None:
    m = _map(tmp_path / "map.yaml")
    result = cli("render", str(m), *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("cjmap render: ")
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert _files(tmp_path) == ["map.yaml"]


# --- 6. the report without Graphviz -------------------------------------------------------


def test_a_report_without_graphviz_says_so_on_stderr(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    m = _map(tmp_path / "map.yaml", text=BRANCHING_MAP)
    plain = _map(tmp_path / "plain.yaml")  # no branches: no flow graph to leave out
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = cli("render", str(m), str(plain), "-f", "html", "-o", f"{tmp_path}/out/")
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warnings == [
        f"{m}: warning: the report leaves out its flow graph: Graphviz `dot` is not on PATH; "
        "install Graphviz to include it (Debian/Ubuntu: apt-get install graphviz, "
        "macOS: brew install graphviz, Windows: winget install graphviz)"
    ]
    page = (tmp_path / "out" / "map.html").read_text(encoding="utf-8")
    assert "The flow graph is not included" in page  # what the page itself says


@pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz")
def test_a_report_with_graphviz_has_no_warning(cli: Run, tmp_path: Path) -> None:
    m = _map(tmp_path / "map.yaml", text=BRANCHING_MAP)
    result = cli("render", str(m), "-f", "html")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"{m} -> {tmp_path}/map.html\n"
    assert "The flow graph is not included" not in (tmp_path / "map.html").read_text("utf-8")
