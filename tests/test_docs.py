"""The README keeps up with the code: every command and every page is described."""

import re

from research_cycle import __main__ as cli
from research_cycle.navigation import SCREENS
from research_cycle.store import db

README = (db.PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    head = README[:600]
    assert "make run" in head and "make test" in head


def test_every_cli_command_is_documented():
    commands = cli.parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert f"python -m research_cycle {name}" in README, name


def test_every_page_is_documented():
    files = {s.file for s in SCREENS.values()}
    # Every page file is a screen of the navigation table (common.py holds shared helpers).
    assert files == {f"pages/{p.name}" for p in (db.PROJECT_ROOT / "pages").glob("*.py")} - {"pages/common.py"}
    for screen in SCREENS.values():
        assert f"**{screen.title}**" in README, screen.title


def test_every_environment_variable_is_documented():
    import pathlib
    code = "".join(p.read_text() for p in pathlib.Path(db.PROJECT_ROOT).glob("**/*.py") if ".venv" not in p.parts)
    for var in set(re.findall(r'environ(?:\.get)?\(?\[?"(WORKBENCH_\w+)"', code)):
        assert f"`{var}`" in README, var
