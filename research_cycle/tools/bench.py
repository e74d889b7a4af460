"""Benchmarks behind each issue's speed budget.

- Every page for every role under Streamlit's AppTest: the median script time of a rerun
  (the first run of each page is warm-up and not counted).
- The first page in a fresh server: from starting ``streamlit run`` to the first page shown in
  headless Chromium (when Playwright and Chromium are installed), else to the health check.

Run as ``python -m research_cycle bench [--db PATH]``; without --db it measures a fresh copy of
the sample alliance.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from ..navigation import ROLE_ORDER, roles_by_page
from ..store import db, upgrade
from ..store.actors import SYSTEM

APP = db.PROJECT_ROOT / "app.py"
PAGES = roles_by_page()  # page file -> roles that have it in their navigation
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def representative_emails(con) -> dict[str, str]:
    """One person per role; the teacher is a team member in the current cycle."""
    return {row["role"]: row["email"] for row in db.rows(con, "people/representatives")}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_page_seconds(path: str) -> tuple[float, float | None]:
    """Seconds from starting a fresh server to (health check OK, first page shown).

    The browser is started before the server, as a user's browser is already open; the clock
    runs from starting ``streamlit run`` until the first page has finished its run in Chromium.
    """
    port = _free_port()
    env = {**os.environ, "WORKBENCH_DB": str(path), "WORKBENCH_DEMO": "1"}
    cmd = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    playwright = browser = page = None
    if Path(CHROMIUM).exists():
        try:
            from playwright.sync_api import sync_playwright

            playwright = sync_playwright().start()
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
        except ImportError:
            pass
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=db.PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        healthy = None
        while time.perf_counter() - start < 60:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        healthy = time.perf_counter() - start
                        break
            except OSError:
                time.sleep(0.02)
        if healthy is None:
            raise RuntimeError("the server did not start within 60 s")
        rendered = None
        if page is not None:
            page.goto(f"http://127.0.0.1:{port}/")
            page.get_by_text("Demo: this is the sample alliance").wait_for(timeout=30_000)
            page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=30_000)
            rendered = time.perf_counter() - start
        return healthy, rendered
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if browser is not None:
            browser.close()
            playwright.stop()


def _median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def search_timings(path: str, runs: int) -> dict[str, float]:
    """Full-text search on one enquiry and across a whole cycle (median ms), and the index rebuild."""
    from ..store import search

    con = upgrade.connect(path)
    try:
        cycle = db.rows(con, "cycles/list_cycles")[0]["id"]
        enquiries = [int(i) for i in db.frame(con, "enquiries/list_enquiries", [cycle])["id"]]
        con.execute(db.sql("search/mark_dirty"))
        start = time.perf_counter()
        search.ensure_index(con)
        rebuild = (time.perf_counter() - start) * 1000
        docs = con.table("search_doc").aggregate("count(*)").fetchone()[0]
        one = _median_ms(lambda: search.search(con, SYSTEM, "pupils talk partners", enquiries[:1]), runs)
        every = _median_ms(lambda: search.search(con, SYSTEM, "attendance families", enquiries), runs)
    finally:
        con.close()
    return {"documents": docs, "rebuild ms": rebuild, "one enquiry ms": one, "whole cycle ms": every}


def summary_timings(path: str, runs: int) -> dict[str, float]:
    """The senior leaders' summaries on the latest cycle (median ms): the alliance digest, the
    equity view, one school's page, a school's years and the alliance trends; and the governors'
    document of the digest (charts drawn to PNG), after one warm-up build."""
    from .. import cycles, schools, summaries, summary_documents

    con = upgrade.connect(path)
    try:
        cycle = cycles.current_cycle(con)["id"]
        first = summaries.digest(con, SYSTEM, cycle).enquiries["School"].iloc[0]  # a school with a team
        every = schools.list_schools(con)
        school = int(every[every["name"] == first]["id"].iloc[0])
        out = {
            "digest ms": _median_ms(lambda: summaries.digest(con, SYSTEM, cycle), runs),
            "equity view ms": _median_ms(lambda: summaries.equity(con, SYSTEM, cycle), runs),
            "school page ms": _median_ms(lambda: summaries.school_summary(con, SYSTEM, school, cycle), runs),
            "school's years ms": _median_ms(lambda: summaries.school_history(con, SYSTEM, school), runs),
            "trends ms": _median_ms(lambda: summaries.trends(con, SYSTEM), runs),
        }
        summary_documents.digest_document(con, SYSTEM, cycle)  # warm-up: the chart renderer starts once
        out["governors' digest .docx ms"] = _median_ms(lambda: summary_documents.digest_document(con, SYSTEM, cycle),
                                                       max(3, runs // 5))
    finally:
        con.close()
    return out


def writeup_timings(path: str, runs: int) -> dict[str, float]:
    """Documents of the write-ups, on a copy of the store: one write-up .docx, the enquiry with the
    most data sets (median ms after a warm-up build, which starts the chart renderer once), and the
    proceedings of the latest finished cycle (seconds) with every write-up of it marked ready
    (sections not saved are saved from their drafts first)."""
    from .. import cycles, datasets, enquiries, writeups
    from ..store import clock

    copy = Path(tempfile.mkdtemp(prefix="workbench-writeups-")) / "store.duckdb"
    shutil.copy(path, copy)
    con = upgrade.connect(copy)
    try:
        every = cycles.list_cycles(con)
        finished = [c for c in every if c["ends_on"] < clock.today()] or every
        cycle = max(finished, key=lambda c: c["ends_on"])
        ids = [int(i) for i in enquiries.list_enquiries(con, SYSTEM, cycle["id"])["id"]]
        busiest = max(ids, key=lambda i: len(datasets.list_datasets(con, SYSTEM, i)))
        writeups.document(con, SYSTEM, busiest)
        out = {"write-up .docx ms": _median_ms(lambda: writeups.document(con, SYSTEM, busiest), max(3, runs // 5))}
        for enquiry_id in ids:
            current = writeups.get_writeup(con, SYSTEM, enquiry_id)
            if current.status == "ready":
                continue
            for key, section in current.sections.items():
                if section.body is None or not section.body.strip():
                    writeups.save_section(con, SYSTEM, enquiry_id, key, section.draft or section.heading,
                                          expected_updated_at=section.updated_at)
            if writeups.word_count(writeups.get_writeup(con, SYSTEM, enquiry_id).sections["abstract"].text) <= 200:
                writeups.mark_ready(con, SYSTEM, enquiry_id)
        ready = int((writeups.list_for_cycle(con, SYSTEM, cycle["id"])["status"] == "ready").sum())
        start = time.perf_counter()
        writeups.proceedings(con, SYSTEM, cycle["id"])
        out[f"proceedings of {cycle['label']} ({ready} write-ups) s"] = time.perf_counter() - start
    finally:
        con.close()
        shutil.rmtree(copy.parent, ignore_errors=True)
    return out


def conference_timings(path: str, runs: int) -> dict[str, float]:
    """The conference's documents (median ms): the programme .docx of the cycle with the most
    sessions, and the presentation starter .pptx of the enquiry with the most data sets (after a
    warm-up build, which starts the chart renderer once)."""
    from .. import conference, cycles, datasets, enquiries

    con = upgrade.connect(path)
    try:
        every = cycles.list_cycles(con)
        cycle = max(every, key=lambda c: len(conference.sessions(con, SYSTEM, c["id"])))
        ids = [int(i) for i in enquiries.list_enquiries(con, SYSTEM, cycle["id"])["id"]]
        busiest = max(ids, key=lambda i: len(datasets.list_datasets(con, SYSTEM, i)))
        out = {}
        if conference.get_conference(con, SYSTEM, cycle["id"]) is not None:
            sessions = len(conference.sessions(con, SYSTEM, cycle["id"]))
            out[f"programme .docx of {cycle['label']} ({sessions} sessions) ms"] = _median_ms(
                lambda: conference.programme_document(con, SYSTEM, cycle["id"]), runs)
        conference.slides(con, SYSTEM, busiest)
        out["presentation starter .pptx ms"] = _median_ms(lambda: conference.slides(con, SYSTEM, busiest),
                                                          max(3, runs // 3))
    finally:
        con.close()
    return out


def import_and_chart_timings(runs: int) -> dict[str, float]:
    """Read and store a 100,000-row CSV (seconds), then chart it with effect sizes (median ms)."""
    import random

    from .. import cycles, datasets, evidence, people, schools, teams
    from ..lib import charts, stats, tabular


    rng = random.Random(1)
    lines = ["pupil,pupil_premium,eal,send,gender,year_group,score_autumn,score_summer"]
    for i in range(100_000):
        pre = rng.gauss(100, 15)
        lines.append(f"P{i:06d},{rng.choice(['Yes', 'No'])},{rng.choice(['Yes', 'No'])},{rng.choice(['Yes', 'No', 'No', 'No'])},"
                     f"{rng.choice(['Girl', 'Boy'])},Year {rng.randint(3, 6)},{pre:.1f},{pre + rng.gauss(3, 8):.1f}")
    data = "\n".join(lines).encode("cp1252")
    con = db.connect(":memory:")
    try:
        school = schools.create_school(con, SYSTEM, urn="999999", name="Bench School", phase="primary",
                                       type="free school", pupils=400, pct_pupil_premium=30, pct_eal=20, pct_send=12)
        teacher = people.create_person(con, SYSTEM, name="Bench Teacher", email="bench@example.org", school_id=school,
                                       roles=["teacher"])
        cycle = cycles.create_cycle(con, SYSTEM, label="2026/27", starts_on="2026-09-01", ends_on="2027-07-31")
        team = teams.create_team(con, SYSTEM, cycle_id=cycle, school_id=school, name="Bench team")
        teams.add_member(con, SYSTEM, team, teacher)
        me = people.get_person(con, teacher)
        item = evidence.add_evidence(con, me, teams.get_team(con, team)["enquiry_id"],
                                     {"title": "Scores", "kind": "assessment data", "origin": "our practice"})
        start = time.perf_counter()
        table = tabular.read_table(data, "scores.csv")
        dataset_id = datasets.import_dataset(con, me, item, table, name="Scores", filename="scores.csv")
        seconds = time.perf_counter() - start
        _, frame = datasets.get_dataset(con, me, dataset_id)

        def chart():
            charts.prepost_by_group(frame, "score_autumn", "score_summer", "pupil_premium").to_dict()
            stats.prepost_summary(frame, "score_autumn", "score_summer", "pupil_premium")

        chart_ms = _median_ms(chart, runs)
        small = frame.head(120)
        small_ms = _median_ms(lambda: charts.prepost_by_group(small, "score_autumn", "score_summer", "pupil_premium").to_dict(), runs)
    finally:
        con.close()
    return {"import 100,000-row CSV s": seconds, "chart with effect size, 100,000 rows ms": chart_ms,
            "chart with effect size, 120 rows ms": small_ms}


def _bibtex_library(n: int, rng) -> bytes:
    """A Zotero-like BibTeX export: braced titles, LaTeX accents, abstracts, links, files."""
    words = ("pupil voice equity attainment disadvantaged reading talk transition belonging attendance phonics "
             "oracy feedback metacognition inclusion wellbeing parents teachers enquiry collaborative").split()
    names = [r"M{\"u}ller, J{\"o}rg", r"Garc{\'i}a, Mar{\'i}a", "Ainscow, Mel", "Kerr, Kirstin", "Cerda, IA",
             "Greany, Toby", "van der Berg, Anna", "{Education Endowment Foundation}", "O'Brien, Pat", "Smith, Jane"]
    entries = []
    for i in range(n):
        title = " ".join(rng.choice(words) for _ in range(rng.randint(6, 14))).capitalize()
        abstract = " ".join(rng.choice(words) for _ in range(rng.randint(80, 250)))
        entries.append(
            f"@article{{ref{i},\n  title = {{{{{title}: a study of \\emph{{{rng.choice(words)}}}}}}},\n"
            f"  author = {{{' and '.join(rng.sample(names, rng.randint(1, 4)))}}},\n"
            f"  journal = {{British Educational Research Journal}},\n  volume = {{{rng.randint(1, 50)}}},\n"
            f"  number = {{{rng.randint(1, 6)}}},\n  pages = {{{rng.randint(1, 300)}--{rng.randint(301, 600)}}},\n"
            f"  year = {{{rng.randint(1995, 2025)}}},\n  doi = {{10.5555/berj.{i}}},\n"
            f"  url = {{https://example.org/berj/{i}?from=zotero&id={i}}},\n  urldate = {{2025-03-0{rng.randint(1, 9)}}},\n"
            f"  abstract = {{{abstract} (n = {rng.randint(20, 400)}, 45\\% eligible for pupil premium)}},\n"
            f"  keywords = {{{', '.join(rng.sample(words, 3))}}},\n"
            f"  file = {{Full Text PDF:/home/user/Zotero/storage/X{i}/paper.pdf:application/pdf}},\n}}\n")
    return "\n".join(entries).encode("utf-8")


def _save_until(con, who, enquiry_id: int, finished, saves: list) -> None:
    """Another user saving evidence items, each timed, through their own cursor until ``finished``."""
    from .. import evidence

    cursor = con.cursor()
    try:
        while not finished.is_set():
            start = time.perf_counter()
            evidence.add_evidence(cursor, who, enquiry_id, {"title": "Learning walk", "kind": "learning walk",
                                                            "origin": "our practice"})
            saves.append(time.perf_counter() - start)
            time.sleep(0.02)
    finally:
        cursor.close()


def reference_import_timings(runs: int) -> dict[str, float]:
    """Import 2,000 BibTeX entries into an empty library (median seconds of ``runs``), and the
    slowest save of an evidence item by another user, in another thread with its own cursor,
    while each import runs (seconds)."""
    import random
    import threading

    from .. import cycles, literature, people, schools, teams
    from ..store.actors import SYSTEM

    data = _bibtex_library(2000, random.Random(8))
    imports, saves = [], [0.0]
    for _ in range(runs):
        con = db.connect(":memory:")
        try:
            cycle = cycles.create_cycle(con, SYSTEM, label="2026/27", starts_on="2026-09-01", ends_on="2027-07-31")
            enquiry = {}
            for n in (1, 2):
                school = schools.create_school(con, SYSTEM, urn=f"99999{n}", name=f"Bench School {n}", phase="primary",
                                               type="free school", pupils=400, pct_pupil_premium=30, pct_eal=20,
                                               pct_send=12)
                person = people.create_person(con, SYSTEM, name=f"Bench Teacher {n}", email=f"bench{n}@example.org",
                                              school_id=school, roles=["teacher"])
                team = teams.create_team(con, SYSTEM, cycle_id=cycle, school_id=school, name=f"Team {n}")
                teams.add_member(con, SYSTEM, team, person)
                enquiry[n] = (people.get_person(con, person), teams.get_team(con, team)["enquiry_id"])
            finished = threading.Event()
            thread = threading.Thread(target=_save_until, args=(con, *enquiry[2], finished, saves))
            thread.start()
            start = time.perf_counter()
            outcome = literature.import_file(con, enquiry[1][0], enquiry[1][1], data, "library.bib")
            imports.append(time.perf_counter() - start)
            finished.set()
            thread.join()
            if outcome.added != 2000:
                raise RuntimeError(f"imported {outcome.added} of 2,000 entries: {outcome.skipped[:3]}")
        finally:
            con.close()
    return {"import 2,000 BibTeX entries (s)": statistics.median(imports), "another user's save during it (s)": max(saves)}


# --- Page switches in a real browser -------------------------------------------------------------


# In the page: the click's time and the time the app's script last went from running to not
# running, both on the browser's clock, so Playwright's own round trips are not counted.
_WATCH = """() => {
  if (window.__switch) return;
  window.__switch = {click: 0, ran: false, done: 0};
  document.addEventListener('click', () => {
    window.__switch = {click: performance.now(), ran: false, done: 0};
  }, true);
  new MutationObserver(() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return;
    const state = app.getAttribute('data-test-script-state');
    if (state === 'running') { window.__switch.ran = true; window.__switch.done = 0; }
    else if (state === 'notRunning' && window.__switch.ran && !window.__switch.done) {
      window.__switch.done = performance.now();
    }
  }).observe(document.body, {attributes: true, subtree: true, attributeFilter: ['data-test-script-state']});
}"""

# Finished: the app is not running, the status widget is gone, the page's own heading is shown (not
# the previous page's) and nothing has run for 50 ms since the run ended.
_FINISHED = """(heading) => {
  const s = window.__switch;
  if (!s || !s.click) return false;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const status = document.querySelector('[data-testid="stStatusWidget"]');
  if (status && status.getClientRects().length) return false;
  if (![...document.querySelectorAll('[data-testid="stMain"] h1')].some(h => h.innerText.trim() === heading)) return false;
  // A quick run may never show 'running' in the page: then the run ended when its heading appeared.
  if (!s.done) s.done = performance.now();
  return performance.now() - s.done >= 50;
}"""


def _serve(script: Path, env: dict, cwd: Path):
    """``streamlit run script`` on a free port; returns (process, URL) once its health check
    answers."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         # Source files may change under a running bench (the status widget would then offer a rerun).
         "--server.fileWatcherType", "none"],
        env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                return proc, url
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.1)
    proc.terminate()
    raise RuntimeError(f"{script.name} did not start")


def _idle(page) -> None:
    page.wait_for_timeout(300)
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=60_000)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=60_000)


class _Tab:
    """One browser tab signed in as one person: its sidebar links and each page's heading."""

    def __init__(self, browser, url: str, label: str):
        self.label = label
        self.page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        # Twice: a fresh server's very first run reruns itself to leave Streamlit's pages-folder mode
        # (see st_glue), and the sidebar read in between could still be that run's.
        for _ in range(2):
            self.page.goto(url)
            _idle(self.page)
        self.page.evaluate(_WATCH)
        self.hrefs = dict(self.page.evaluate("""() => [...document.querySelectorAll(
            '[data-testid="stSidebarNavLink"]')].map(a => [a.querySelector('span[label]').getAttribute('label'),
            a.getAttribute('href')])"""))
        self.links = list(self.hrefs)
        self.headings = {}
        for link in self.links:  # warm-up: the first visit of each page, which also names its heading
            self._click(link)
            _idle(self.page)
            self.headings[link] = self.page.locator('[data-testid="stMain"] h1').first.inner_text().strip()

    def _click(self, link: str) -> None:
        self.page.locator(f'[data-testid="stSidebarNavLink"][href="{self.hrefs[link]}"]').click()

    def switch(self, link: str) -> float:
        """Milliseconds from clicking ``link`` until its page has finished its run."""
        self._click(link)
        self.page.wait_for_function(_FINISHED, arg=self.headings[link], timeout=60_000, polling="raf")
        times = self.page.evaluate("() => window.__switch")
        return times["done"] - times["click"]


def browser_page_switches(path: str, runs: int) -> dict:
    """Page switches in headless Chromium: for each role's representative person (demo mode,
    ``?as=<id>``), click each sidebar link ``runs`` times and time it from the click until the
    page has finished its run; in the same run, the same for a trivial three-page
    ``st.navigation`` app (the floor). Rounds alternate between the app and the floor so both
    see the same load on the machine.

    Returns {"floor": [ms...], "pages": {(role, link): [ms...]}, "load": (before, after)}, or {}
    when Playwright or Chromium is missing. ``path`` is copied: the server needs the store file
    to itself."""
    if not Path(CHROMIUM).exists():
        return {}
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {}
    tmp = Path(tempfile.mkdtemp(prefix="workbench-switch-"))
    store = tmp / "store.duckdb"
    shutil.copy(path, store)
    con = upgrade.connect(str(store))
    from .. import people

    representatives = people.demo_representatives(con)
    con.close()
    (tmp / "floor").mkdir()
    from ..st_glue import FLOOR_APP  # Streamlit source lives with the one module that may hold it

    (tmp / "floor" / "floor.py").write_text(FLOOR_APP, encoding="utf-8")
    servers = []
    load_before = os.getloadavg()
    try:
        env = {**os.environ, "WORKBENCH_DB": str(store), "WORKBENCH_DEMO": "1"}
        servers.append(_serve(APP, env, db.PROJECT_ROOT))
        servers.append(_serve(tmp / "floor" / "floor.py", dict(os.environ), tmp / "floor"))
        app_url, floor_url = servers[0][1], servers[1][1]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                floor = _Tab(browser, floor_url, "floor")
                tabs = [_Tab(browser, f"{app_url}/?as={pid}", role) for role, pid in sorted(
                    representatives.items(), key=lambda kv: ROLE_ORDER.index(kv[0]))]
                # A person with one screen has no sidebar navigation (the head teacher): nothing to switch.
                tabs = [tab for tab in tabs if len(tab.links) > 1]
                floor_ms: list[float] = []
                pages: dict[tuple[str, str], list[float]] = {}
                for _ in range(runs):
                    for tab in tabs:
                        # The floor's three pages before each role's pages, so both see the same load.
                        floor_ms.extend(floor.switch(link) for link in floor.links)
                        for link in tab.links:
                            pages.setdefault((tab.label, link), []).append(tab.switch(link))
            finally:
                browser.close()
    finally:
        for proc, _ in servers:
            proc.terminate()
            proc.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
    return {"floor": floor_ms, "pages": pages, "load": (load_before[0], os.getloadavg()[0])}


def print_page_switches(result: dict) -> None:
    """The table of ``browser_page_switches``: median per page and role, its ratio to the floor,
    and the median page's ratio (budget: every page <= 2.5x the floor, the median page <= 2x)."""
    if not result:
        print("page switches in Chromium: not measured (Chromium or Playwright not available)")
        return
    floor = statistics.median(result["floor"])
    medians = {key: statistics.median(ms) for key, ms in result["pages"].items()}
    runs = min(len(ms) for ms in result["pages"].values())
    print(f"Page switches in Chromium, click to finished run, median of {runs} per page and role "
          f"(load average {result['load'][0]:.1f} before, {result['load'][1]:.1f} after):")
    print(f"{'page':<24} {'role':<15} {'median ms':>10} {'x floor':>8}")
    for (role, link), ms in medians.items():
        print(f"{link:<24} {role:<15} {ms:>10.0f} {ms / floor:>7.1f}x")
    middle = statistics.median(medians.values())
    print(f"trivial 3-page st.navigation app (floor): {floor:.0f} ms, median of {len(result['floor'])}")
    print(f"median page {middle:.0f} ms = {middle / floor:.1f}x the floor (budget 2x); slowest "
          f"{max(medians.values()):.0f} ms = {max(medians.values()) / floor:.1f}x (budget 2.5x)")


def backup_timings(path: str) -> dict[str, float]:
    """Backing up the store to one file and restoring it into a new one (seconds), and the file's
    size (MB), on a copy (a backup writes one change-log entry)."""
    from ..store import backup
    work = Path(tempfile.mkdtemp(prefix="workbench-backup-bench-"))
    try:
        copy = work / "store.duckdb"
        shutil.copy(path, copy)
        con = upgrade.connect(copy)
        try:
            start = time.perf_counter()
            backup.write_backup(con, SYSTEM, work / "backup.zip")
            took = time.perf_counter() - start
        finally:
            con.close()
        start = time.perf_counter()
        backup.restore_backup(work / "backup.zip", work / "restored.duckdb")
        return {"backup s": took, "restore s": time.perf_counter() - start,
                "backup file MB": (work / "backup.zip").stat().st_size / 1e6,
                "store file MB": copy.stat().st_size / 1e6}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(db_path: str | None = None, runs: int = 15, first_page: bool = True, switches: int = 5) -> int:
    tmp = None
    if db_path is None:
        tmp = tempfile.mkdtemp(prefix="workbench-bench-")
        db_path = str(Path(tmp) / "sample.duckdb")
        con = upgrade.connect(db_path)
        from . import sample
        sample.load(con)
        con.close()
        label = "the sample alliance (fresh copy)"
    else:
        label = db_path
    try:
        print(f"Benchmark on {label}; median of {runs} reruns per page and role (AppTest script time).")
        print(f"{'page':<32} {'role':<15} {'first ms':>9} {'median ms':>10}")
        from ..st_glue import page_timings  # the one module here that may import Streamlit

        for page, role, first, median in page_timings(db_path, runs, PAGES, representative_emails):
            print(f"{page:<32} {role:<15} {first:>9.1f} {median:>10.1f}")
        for name, value in search_timings(db_path, runs).items():
            print(f"search: {name}: {value:,.1f}")
        for name, value in summary_timings(db_path, runs).items():
            print(f"summaries: {name}: {value:,.1f}")
        for name, value in writeup_timings(db_path, runs).items():
            print(f"write-ups: {name}: {value:,.2f}")
        for name, value in conference_timings(db_path, runs).items():
            print(f"conference: {name}: {value:,.1f}")
        for name, value in import_and_chart_timings(max(3, runs // 3)).items():
            print(f"data sets: {name}: {value:,.2f}")
        for name, value in reference_import_timings(max(3, runs // 5)).items():
            print(f"references: {name}: {value:,.2f}")
        for name, value in backup_timings(db_path).items():
            print(f"backup and restore: {name}: {value:,.2f}")
        if first_page:
            # A fresh server needs the store to itself (DuckDB allows one process per file).
            copy = Path(tempfile.mkdtemp(prefix="workbench-first-")) / "store.duckdb"
            shutil.copy(db_path, copy)
            healthy, rendered = first_page_seconds(str(copy))
            shutil.rmtree(copy.parent, ignore_errors=True)
            print(f"first page in a fresh server: health check {healthy:.2f} s; "
                  + (f"page rendered in Chromium {rendered:.2f} s" if rendered else "Chromium not available"))
        if switches:
            print_page_switches(browser_page_switches(db_path, switches))
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0
