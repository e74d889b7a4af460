"""The house rules of README's Layout, kept by tests: imports run one way (pages -> nouns ->
store / lib), no import circle, lib/ touches no store, only the command line imports tools/, a
noun runs only its own SQL, research_cycle never imports Streamlit (but st_glue), and no page
reads a team's data without saying who is asking."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "research_cycle"


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    return ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)


def _imports(path: Path) -> set[str]:
    """Modules of research_cycle that the file imports (at any depth of the file)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if not module.startswith("research_cycle"):
                continue
            for alias in node.names:
                candidate = f"{module}.{alias.name}"
                found.add(candidate if (ROOT / (candidate.replace(".", "/") + ".py")).exists() else module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("research_cycle"))
    found.discard(name)
    return found


MODULES = {_module_name(p): p for p in PKG.rglob("*.py")}
GRAPH = {name: _imports(path) for name, path in MODULES.items()}


def _shelf(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 2 and parts[1] in ("store", "lib", "tools"):
        return parts[1]
    return {"research_cycle.__main__": "cli", "research_cycle.st_glue": "glue", "research_cycle": "package"}.get(
        module, "noun")


def test_there_is_no_import_circle():
    graph = nx.DiGraph([(a, b) for a, targets in GRAPH.items() for b in targets if not b.endswith("__init__")
                        and b != "research_cycle"])
    cycles = list(nx.simple_cycles(graph))
    assert not cycles, cycles


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_one_way(module):
    """nouns may use store and lib; store uses store (and nothing above it); lib uses only
    store.errors; only the command line imports tools."""
    shelf = _shelf(module)
    for target in GRAPH[module]:
        to = _shelf(target)
        if to == "package":
            continue
        if shelf == "lib":
            assert to == "lib" or target == "research_cycle.store.errors", (module, target)
        elif shelf == "store":
            assert to == "store", (module, target)
        elif shelf == "noun":
            assert to in ("noun", "store", "lib"), (module, target)
        if to == "tools":
            assert shelf in ("cli", "tools"), (module, target)


def _imports_streamlit(path) -> bool:
    """Whether the module imports Streamlit anywhere (read as code: a string holding a little
    Streamlit app, like ``bench``'s floor app, is not an import)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
            return True
    return False


def test_only_st_glue_imports_streamlit():
    found = [name for name, path in MODULES.items() if _imports_streamlit(path)]
    assert found == ["research_cycle.st_glue"]


# A named query in code: db.sql("x/y"), db.rows(con, "x/y", ...), db.one / scalar / frame likewise.
QUERY = re.compile(r'\bdb\.(?:sql|rows|one|scalar|frame)\((?:con, )?"([a-z_]+/[a-z_]+)"')


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _shelf(m) == "noun"))
def test_a_noun_runs_only_its_own_sql(module):
    noun = module.rsplit(".", 1)[1]
    text = MODULES[module].read_text(encoding="utf-8")
    areas = {name.split("/")[0] for name in QUERY.findall(text)}
    assert areas <= {noun}, f"{module} runs queries of {sorted(areas - {noun})}; ask that noun instead"


def test_every_named_query_exists_and_starts_with_a_comment():
    used = set()
    for path in MODULES.values():
        used.update(QUERY.findall(path.read_text(encoding="utf-8")))
    assert len(used) > 100
    for name in used:
        sql = ROOT / "sql" / f"{name}.sql"
        assert sql.exists(), name
        assert sql.read_text(encoding="utf-8").startswith("--"), name


# Reads that are not a team's data: the alliance's public shape (cycles and their calendars,
# schools, the codebook) and what sign-in needs before anyone is signed in.
PUBLIC_READS = {
    "research_cycle.cycles": {"list_cycles", "get_cycle", "current_cycle", "milestones", "upcoming"},
    "research_cycle.schools": {"get_alliance", "list_schools", "get_school"},
    "research_cycle.codebook": {"list_tags"},
    "research_cycle.people": {"by_email", "get_person", "demo_choices", "demo_representatives", "administrators"},
    "research_cycle.teams": {"get_team"},
}


def _page_calls():
    for path in [*sorted((ROOT / "pages").glob("*.py")), ROOT / "app.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("research_cycle"):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    if full in MODULES:
                        names[alias.asname or alias.name] = full
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id in names):
                yield path.name, names[node.func.value.id], node.func.attr


def test_no_page_reads_without_saying_who_asks():
    missing = []
    for page, module, attr in _page_calls():
        fn = getattr(importlib.import_module(module), attr, None)
        if not inspect.isfunction(fn):
            continue
        params = list(inspect.signature(fn).parameters)
        if params[:1] != ["con"] or attr in PUBLIC_READS.get(module, ()):
            continue
        if len(params) < 2 or params[1] not in ("actor", "person"):
            missing.append(f"{page}: {module}.{attr}{tuple(params)}")
    assert not missing, missing


def test_test_modules_have_distinct_names():
    """pytest imports test files by their base name: two with one name stop the whole suite."""
    names = [p.name for p in (ROOT / "tests").rglob("test_*.py")]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []
