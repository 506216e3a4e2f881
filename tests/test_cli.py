"""The ``euus`` command: outputs, reports and exit codes (0 ok, 1 invalid data, 2 error)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from rdflib import Dataset
from rdflib.compare import isomorphic

from api.cli import main
from graph.resources import DATA_DIR

SEED = DATA_DIR / "sources" / "2018-03-01-eu-us-jha-senior-officials-sofia.ttl"
SOM = "https://w3id.org/euus-kg/id/meeting/2018-02-26-eu-us-jha-senior-officials-sofia"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return (
        result.exit_code,
        result.stdout + result.stderr if result.exit_code == 2 else result.stdout,
    )


def broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = SEED.read_text(encoding="utf-8")
    assert old in text
    copy = tmp_path / "sofia.ttl"
    copy.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


def test_validate_shipped_data_conforms() -> None:
    code, output = run("validate")
    assert code == 0, output
    assert output.startswith("Conforms: 0 violation(s)")


def test_validate_user_copy_of_seed_conforms(tmp_path: Path) -> None:
    copy = tmp_path / "sofia.ttl"
    shutil.copy(SEED, copy)
    code, output = run("validate", str(copy))
    assert code == 0, output


def test_broken_date_is_reported(tmp_path: Path) -> None:
    copy = broken_copy(tmp_path, '"2018-02-26"^^xsd:date', '"2018-02-30"^^xsd:date')
    code, output = run("validate", str(copy), "--format", "json")
    assert code == 1
    report = json.loads(output)
    assert report["conforms"] is False
    hits = [r for r in report["results"] if r["focus"] == SOM and r["path"] == "https://schema.org/startDate"]
    assert hits and all(r["value"] == "2018-02-30" for r in hits)


def test_unknown_topic_is_reported(tmp_path: Path) -> None:
    copy = broken_copy(
        tmp_path,
        "<topic/radicalisation> , <topic/migration>",
        "<topic/radicalization-typo> , <topic/migration>",
    )
    code, output = run("validate", str(copy))
    assert code == 1
    assert "dct:subject = https://w3id.org/euus-kg/id/topic/radicalization-typo" in output
    assert "A topic of a meeting is a concept of the euus-kg topic scheme." in output


def test_meeting_outside_its_presidency_is_reported(tmp_path: Path) -> None:
    copy = broken_copy(
        tmp_path,
        'schema:startDate "2018-02-26"^^xsd:date',
        'schema:startDate "2018-07-26"^^xsd:date',
    )
    code, output = run("validate", str(copy), "--format", "json")
    assert code == 1
    messages = [
        r["message"]
        for r in json.loads(output)["results"]
        if r["focus"] == SOM and r["path"].endswith("#duringPresidency")
    ]
    assert messages == [
        "The presidency's term (2018-01-01 to 2018-06-30) does not contain the meeting's start date 2018-07-26."
    ]


def test_text_report_groups_by_focus_node_with_label(tmp_path: Path) -> None:
    copy = broken_copy(
        tmp_path, 'schema:endDate "2018-02-27"^^xsd:date', 'schema:endDate "2018-02-20"^^xsd:date'
    )
    code, output = run("validate", str(copy))
    assert code == 1
    assert (
        f"EU-US Justice and Home Affairs Senior Officials Meeting, Sofia, 26-27 February 2018 <{SOM}>"
        in output
    )
    assert "The end date of a meeting (2018-02-20) is before its start date (2018-02-26)." in output


def test_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        '@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n',
        encoding="utf-8",
    )
    code, output = run("validate", str(bad))
    assert code == 2
    assert re.search(rf"{re.escape(str(bad))}:3:\d+: ", output), output


def test_unknown_file_ending_is_a_usage_error(tmp_path: Path) -> None:
    other = tmp_path / "data.csv"
    other.write_text("a,b\n", encoding="utf-8")
    code, output = run("validate", str(other))
    assert code == 2 and "unknown RDF file ending '.csv'" in output


def test_build_writes_the_dataset(tmp_path: Path, shipped_dataset: Dataset) -> None:
    out = tmp_path / "euus.trig"
    code, output = run("build", "--output", str(out))
    assert code == 0, output
    built = Dataset()
    built.parse(out, format="trig")
    for graph in shipped_dataset.graphs():
        if len(graph):
            assert isomorphic(graph, built.graph(graph.identifier))


def test_stats_counts_meetings_per_class_topic_and_presidency() -> None:
    code, output = run("stats", "--format", "json")
    assert code == 0, output
    stats = json.loads(output)
    classes = {row["key"]: int(row["count"]) for row in stats["classes"]}
    assert classes["https://w3id.org/euus-kg/ontology#Meeting"] == 2
    assert classes["https://w3id.org/euus-kg/ontology#CouncilPresidency"] == 48
    presidencies = {row["key"]: int(row["count"]) for row in stats["presidencies"]}
    assert presidencies == {"https://w3id.org/euus-kg/id/presidency/2018-h1": 2}
    topics = {row["label"]: int(row["count"]) for row in stats["topics"]}
    assert topics["counter-terrorism"] == 1


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "euus"
    if not script.exists():
        pytest.fail(f"the euus console script is not installed next to {sys.executable}")
    completed = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=False)
    assert completed.returncode == 0
    assert "validate" in completed.stdout


def test_the_euus_group_has_the_library_groups_options() -> None:
    # `euus` (api.cli) copies the library group's setup so that `euus serve` need not import graph.cli: an
    # option or help text added to one and not the other would be missing from some commands
    from graph.cli import main as library

    euus = main
    assert [(p.name, p.opts) for p in euus.params] == [(p.name, p.opts) for p in library.params]
    assert euus.help == library.help
    assert set(euus.list_commands(click.Context(euus))) == {
        *library.list_commands(click.Context(library)),
        "serve",
    }
