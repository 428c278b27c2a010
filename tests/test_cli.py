"""The single-file CLI: output, formats, explain, and an exit code per failure."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cleaner import clean
from cleaner.cli import main

SEED = next(
    p
    for p in (Path(__file__).resolve().parent.parent / "samples" / "seeds").glob("003_*.txt")
    if not p.name.endswith(".expected.txt")
)
PAGE = Path(__file__).resolve().parent.parent / "samples" / "html" / "02_wordpress_news.html"


def test_prints_clean_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(SEED)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Japan to mull role in security guarantees provided to Ukraine: PM Ishiba"
    assert out[-1].endswith("falling victim to the war.")


def test_json_with_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(PAGE), "--format", "json", "--explain"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"].startswith("Harbor City Council Passes")
    assert data["site_name"] == "Harbor Daily"
    reasons = {entry["reason"] for entry in data["removed"]}
    assert "read_also" in reasons
    assert all({"filter", "reason", "index", "text"} <= set(e) for e in data["removed"])


def test_explain_goes_to_stderr_for_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(SEED), "--explain"]) == 0
    captured = capsys.readouterr()
    assert "[promos:ai_promo]" in captured.err
    assert "Try Our AI Features" not in captured.out


def test_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(SEED), "--format", "markdown"]) == 0
    assert capsys.readouterr().out.startswith("# Japan to mull role")


def test_output_directory_gets_one_file_per_input(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main([str(SEED), str(PAGE), "-o", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([SEED.stem + ".txt", PAGE.stem + ".txt"])


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io
    import sys

    fake = io.TextIOWrapper(io.BytesIO(SEED.read_bytes()))
    monkeypatch.setattr(sys, "stdin", fake)
    assert main(["-"]) == 0
    assert "TOKYO (Kyodo)" in capsys.readouterr().out


def test_missing_file_exit_code(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main([str(tmp_path / "nope.html")]) == 3
    assert "no such file" in capsys.readouterr().err


def test_unreadable_input_exit_code(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    png = tmp_path / "x.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert main([str(png)]) == 4
    assert "PNG" in capsys.readouterr().err


def test_no_article_exit_code(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    page = tmp_path / "menu.html"
    page.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    assert main([str(page)]) == 5
    assert "no article text found" in capsys.readouterr().err


def test_a_page_drawn_by_scripts_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = tmp_path / "app.html"
    page.write_text(
        "<html><head><title>Thread</title><script src='/app.js'></script></head>"
        "<body><div id='main'></div><script>render()</script></body></html>"
    )
    assert main([str(page)]) == 5
    assert "no text outside its scripts" in capsys.readouterr().err
    result = clean(page.read_text(), input_format="html")
    assert result.empty_code == "no_page_text"
    assert result.to_dict()["empty_reason"] == "no_page_text"


def test_unknown_filter_is_a_config_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(SEED), "--disable", "nope"]) == 2
    assert "valid filters" in capsys.readouterr().err


def test_disabling_a_filter_keeps_what_it_removed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(SEED), "--disable", "promos", "--disable", "line_model"]) == 0
    assert "Try Our AI Features" in capsys.readouterr().out


def test_input_format_forces_the_reader(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(PAGE), "--input-format", "text", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["input_format"] == "text"


# --- commands and their help --------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


def _help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 0
    return capsys.readouterr().out


def test_help_lists_every_command_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    from cleaner.cli import COMMANDS

    assert set(COMMANDS) == {"clean", "explain", "learn-templates"}
    lines = _help(["--help"], capsys).splitlines()
    for name, summary in COMMANDS.items():
        assert [ln for ln in lines if ln.split()[:1] == [name]] == [f"  {name:17} {summary}"]


@pytest.mark.parametrize(
    ("command", "option"),
    [
        ("clean", "--list-filters"),
        ("explain", "--templates FILE"),
        ("learn-templates", "--min-pages"),
    ],
)
def test_each_command_has_its_own_help(
    command: str, option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _help([command, "--help"], capsys)
    prog = "cleaner" if command == "clean" else f"cleaner {command}"
    assert out.startswith(f"usage: {prog} ")
    assert option in out


def test_installed_script_prints_the_commands() -> None:
    """The console script itself, as a user runs it."""
    import subprocess
    import sys

    script = Path(sys.executable).with_name("cleaner")
    proc = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=True)
    assert "learn-templates" in proc.stdout and "explain" in proc.stdout


def test_clean_command_is_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clean", str(SEED)]) == 0
    explicit = capsys.readouterr().out
    assert main([str(SEED)]) == 0
    assert capsys.readouterr().out == explicit


def test_readme_command_line_section_matches_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    from cleaner.cli import COMMANDS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Command line", 1)[1].split("\n## ", 1)[0]
    for name, summary in COMMANDS.items():
        assert f"    {name:17} {summary}\n" in section
    options = set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", _help(["--help"], capsys)))
    used = set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", section.replace("curl -s", "")))
    assert used <= options, used - options


def test_list_filters_says_which_steps_are_off_and_where_profiles_run_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--list-filters"]) == 0
    lines = {ln.split()[0]: ln for ln in capsys.readouterr().out.splitlines()}
    assert lines["articles_only"].endswith("but an article. (off by default)")
    assert "(off by default; on for forum" in lines["duplicate_blocks"]
    assert "off by default" not in lines["promos"]
