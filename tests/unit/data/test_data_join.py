"""Joining CSV/JSON rows onto steps: metrics, data-driven emotions, and bad data."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

import pytest

from cjmap.errors import InvalidMap, UsageError
from cjmap.pipeline import LoadedMap, load_journey

FILES = Path(__file__).resolve().parent / "files"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for path in FILES.iterdir():
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def write_map(folder: Path, data: str, steps: str = "") -> Path:
    path = folder / "m.yaml"
    path.write_text(
        "cjmap: 1\ntitle: T\npersonas: [{id: maya, name: Maya}, {id: ben, name: Ben}]\n"
        f"{data}\nphases:\n  - name: P\n    steps:\n"
        "      - {id: dial, name: Dials}\n      - {id: wait, name: Waits}\n"
        "      - {id: talk, name: Talks, emotion: 1}\n" + steps,
        encoding="utf-8",
    )
    return path


def errors(
    path: Path, data_files: tuple[str, ...] = ()
) -> list[tuple[str, str, int | None, int | None]]:
    with pytest.raises(InvalidMap) as info:
        load_journey(path, data_files=data_files)
    return [(Path(d.file).name, d.code, d.line, d.column) for d in info.value.diagnostics]


def test_data_entries_join_metrics_and_fill_missing_emotions(folder: Path) -> None:
    loaded = load_journey(folder / "map.yaml")
    by_id = loaded.journey.step_by_id
    # Written values win: dial's csat 4.9 stays, tickets and the JSON wait join.
    assert by_id["dial"].metrics == {"csat": 4.9, "tickets": 12, "wait_minutes": 1.5}
    assert by_id["wait"].metrics == {"csat": 1.5, "tickets": 40, "wait_minutes": 15}
    # csat on [1, 5] -> emotion: 4.2 -> 1.2 -> 1; 1.5 -> -1.5 -> -2 (half away from zero).
    assert (by_id["dial"].emotion, by_id["dial"].emotion_source) == (1, "data")
    assert (by_id["wait"].emotion, by_id["wait"].emotion_source) == (-2, "data")
    # A written emotion is never replaced.
    assert (by_id["talk"].emotion, by_id["talk"].emotion_source) == (1, None)
    # A persona's row: its own metric key and a per-persona emotion.
    assert by_id["email"].metrics == {"csat (Maya)": 3}
    assert by_id["email"].emotion == {"maya": 0}
    assert [(Path(w.file).name, w.code, w.line, w.column) for w in loaded.warnings] == [
        ("steps.csv", "data-metric-shadowed", 2, 7)
    ]
    assert str(folder / "steps.csv") in loaded.document.files
    assert str(folder / "waits.json") in loaded.document.files


def test_the_joined_journey_answers_with_the_new_steps(folder: Path) -> None:
    loaded = load_journey(folder / "map.yaml")
    # `steps`, `step_by_id` … are cached properties; the copy must not keep the old ones.
    assert loaded.journey.steps[1].metrics["tickets"] == 40
    assert loaded.journey.phase_of["wait"].steps[1] is loaded.journey.steps[1]


def test_a_replaced_journey_recomputes_its_cached_properties(folder: Path) -> None:
    journey = load_journey(folder / "map.yaml").journey
    assert len(journey.steps) == 4
    fewer = dataclasses.replace(journey, phases=journey.phases[:1])
    assert len(fewer.steps) == 3 and len(journey.steps) == 4


def test_missing_emotion_warning_goes_for_steps_the_data_fills(folder: Path) -> None:
    without = load_journey(write_map(folder, ""))
    assert [w.loc for w in without.warnings if w.code == "missing-emotion"] == [
        "phases[0].steps[0]",
        "phases[0].steps[1]",
    ]
    (folder / "d.csv").write_text("step,csat\nwait,5\n", encoding="utf-8")
    joined = load_journey(
        write_map(folder, "data: [{file: d.csv, emotion_from: {column: csat, scale: [1, 5]}}]")
    )
    assert [w.loc for w in joined.warnings if w.code == "missing-emotion"] == ["phases[0].steps[0]"]


@pytest.mark.parametrize(
    ("value", "scale", "emotion"),
    [
        ("3", "[1, 5]", 0),
        ("4.5", "[1, 5]", 2),
        ("2", "[1, 5]", -1),
        ("30", "[30, 0]", -2),
        ("7.5", "[30, 0]", 1),
    ],
)
def test_emotion_from_maps_the_scale_linearly(
    folder: Path, value: str, scale: str, emotion: int
) -> None:
    (folder / "d.csv").write_text(f"step,x\ndial,{value}\n", encoding="utf-8")
    path = write_map(
        folder, f"data: [{{file: d.csv, emotion_from: {{column: x, scale: {scale}}}}}]"
    )
    assert load_journey(path).journey.step_by_id["dial"].emotion == emotion


def test_several_rows_per_step_need_an_aggregate(folder: Path) -> None:
    (folder / "d.csv").write_text("step,n,share\nwait,2,10%\nwait,4,20%\n", encoding="utf-8")
    assert errors(write_map(folder, "data: [d.csv]")) == [("d.csv", "data-duplicate-row", 3, None)]
    mean = load_journey(write_map(folder, "data: [{file: d.csv, aggregate: mean}]"))
    assert mean.journey.step_by_id["wait"].metrics == {"n": 3, "share": "15%"}
    total = load_journey(write_map(folder, "data: [{file: d.csv, aggregate: sum}]"))
    assert total.journey.step_by_id["wait"].metrics == {"n": 6, "share": "30%"}


def test_bad_data_is_reported_at_file_line_column(folder: Path) -> None:
    assert errors(folder / "map.yaml", (str(folder / "bad.csv"),)) == [
        ("bad.csv", "data-unknown-step", 3, 1),
        ("bad.csv", "data-not-a-number", 4, 6),
        ("bad.csv", "data-duplicate-row", 5, None),
    ]


def test_unknown_step_suggests_the_closest_id(folder: Path) -> None:
    with pytest.raises(InvalidMap) as info:
        load_journey(folder / "map.yaml", data_files=(str(folder / "bad.csv"),))
    assert info.value.diagnostics[0].hint == "did you mean `wait`?"


def test_missing_columns_are_reported_at_the_header(folder: Path) -> None:
    (folder / "d.csv").write_text("id,score\ndial,3\n", encoding="utf-8")
    path = write_map(
        folder,
        "data: [{file: d.csv, persona_column: who, emotion_from: {column: csat, scale: [1, 5]}}]",
    )
    assert errors(path) == [
        ("d.csv", "data-missing-column", 1, 1),
        ("d.csv", "data-missing-column", 1, 1),
        ("d.csv", "data-missing-column", 1, 1),
    ]
    with pytest.raises(InvalidMap) as info:
        load_journey(path)
    assert [d.message for d in info.value.diagnostics] == [
        "the file has no column `step`",
        "the file has no column `who`",
        "the file has no column `csat`",
    ]
    assert info.value.diagnostics[0].hint == "the file's columns: id, score"


def test_values_outside_the_scale_and_unknown_personas(folder: Path) -> None:
    (folder / "d.csv").write_text("step,persona,csat\ndial,,6\nwait,zoe,3\n", encoding="utf-8")
    path = write_map(folder, "data: [{file: d.csv, emotion_from: {column: csat, scale: [1, 5]}}]")
    assert errors(path) == [
        ("d.csv", "data-scale-range", 2, 7),
        ("d.csv", "data-unknown-persona", 3, 6),
    ]


def test_a_persona_row_for_a_step_they_do_not_take_is_ignored_with_a_warning(folder: Path) -> None:
    (folder / "d.csv").write_text("step,persona,n\nemail,ben,3\n", encoding="utf-8")
    path = write_map(
        folder, "data: [d.csv]", "      - {id: email, name: Emails, personas: [maya]}\n"
    )
    loaded = load_journey(path)
    assert loaded.journey.step_by_id["email"].metrics == {}
    assert [(w.code, w.line) for w in loaded.warnings if w.code.startswith("data")] == [
        ("data-persona-not-in-step", 2)
    ]


def test_missing_data_file_points_at_the_map_entry(folder: Path) -> None:
    path = write_map(folder, "data:\n  - file: nowhere.csv")
    assert errors(path) == [("m.yaml", "data-file-missing", 5, 11)]


def test_missing_data_file_on_the_command_line_is_a_usage_error(folder: Path) -> None:
    with pytest.raises(UsageError, match="no such data file"):
        load_journey(write_map(folder, ""), data_files=(str(folder / "nowhere.csv"),))


def test_data_key_is_validated_like_any_map_key(folder: Path) -> None:
    path = write_map(folder, "data: [{file: d.csv, emotion_from: {column: x, scale: [3, 3]}}]")
    assert [c for _, c, _, _ in errors(path)] == ["invalid-value"]
    path = write_map(folder, "data: [{file: d.csv, colums: [x]}]")
    assert [c for _, c, _, _ in errors(path)] == ["unknown-key"]


def test_command_line_data_joins_after_the_maps_own(folder: Path) -> None:
    (folder / "extra.csv").write_text("step,tickets,nps\ndial,99,40\n", encoding="utf-8")
    loaded: LoadedMap = load_journey(folder / "map.yaml", data_files=(str(folder / "extra.csv"),))
    assert loaded.journey.step_by_id["dial"].metrics["tickets"] == 12
    assert loaded.journey.step_by_id["dial"].metrics["nps"] == 40
    assert any(
        w.code == "data-metric-shadowed" and w.file.endswith("extra.csv") for w in loaded.warnings
    )


def test_command_line_data_finds_its_step_column(folder: Path) -> None:
    # a --data file cannot name its step column: the map's own `data:` entries'
    # column, then the common names, are looked for
    (folder / "ids.csv").write_text("step_id,nps\ndial,40\n", encoding="utf-8")
    path = write_map(folder, "")
    loaded = load_journey(path, data_files=(str(folder / "ids.csv"),))
    assert loaded.journey.step_by_id["dial"].metrics["nps"] == 40
    (folder / "export.csv").write_text("Stage,nps\nwait,7\n", encoding="utf-8")
    (folder / "own.csv").write_text("Stage,csat\ntalk,4\n", encoding="utf-8")
    path = write_map(folder, "data: [{file: own.csv, step_column: Stage}]")
    loaded = load_journey(path, data_files=(str(folder / "export.csv"),))
    assert loaded.journey.step_by_id["wait"].metrics["nps"] == 7
    (folder / "none.csv").write_text("where,nps\ndial,1\n", encoding="utf-8")
    assert errors(write_map(folder, ""), (str(folder / "none.csv"),)) == [
        ("none.csv", "data-missing-column", 1, 1)
    ]


def test_cli_render_joins_data_and_reports_bad_rows(run_cli: Any, folder: Path) -> None:
    code, out, err = run_cli("render", folder / "map.yaml", "-f", "csv", "-o", "-")
    assert code == 0, err
    assert "metrics.wait_minutes" in out.splitlines()[0]
    code, out, err = run_cli(
        "render", folder / "map.yaml", "--data", folder / "bad.csv", "-f", "csv"
    )
    assert code == 1
    assert f"{folder / 'bad.csv'}:4:6: error: `csat` should be a number, not `lots`" in err
    assert not (folder / "map.csv").exists()
    code, _, err = run_cli(
        "render", folder / "map.yaml", "--data", folder / "none.csv", "-f", "csv"
    )
    assert code == 2 and "no such data file" in err


def test_cli_validate_checks_data_files(run_cli: Any, folder: Path) -> None:
    code, out, _ = run_cli("validate", folder / "map.yaml", "--data", folder / "bad.csv")
    assert code == 1
    assert f"{folder / 'bad.csv'}:3:1: error: unknown step `wiat` [data-unknown-step]" in out
    assert "    4 | talk,lots,3" in out
    code, _, err = run_cli("validate", folder / "map.yaml", "--data", folder / "none.csv")
    assert code == 2 and "no such data file" in err


def test_cli_show_joins_data(run_cli: Any, folder: Path) -> None:
    (folder / "d.csv").write_text("step,csat\nwait,1\n", encoding="utf-8")
    path = write_map(folder, "")
    code, out, err = run_cli("show", path, "--ascii", "--width", "100")
    assert code == 0, err
    before = [line for line in out.splitlines() if "Waits" in line]
    spec = "data: [{file: d.csv, emotion_from: {column: csat, scale: [1, 5]}}]"
    code, out, err = run_cli("show", write_map(folder, spec), "--ascii", "--width", "100")
    after = [line for line in out.splitlines() if "Waits" in line]
    assert code == 0, err
    assert "-2" not in before[0] and "-2" in after[0]
