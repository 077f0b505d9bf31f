"""Real-browser tests: JupyterLab and Voila driven by Chromium through Playwright.

Skipped unless NNLIB_BROWSER_TESTS=required (CI sets it). When required, a missing
playwright package or Chromium is a failure, never a skip.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _lab  # noqa: E402

REQUIRED = os.environ.get("NNLIB_BROWSER_TESTS", "").strip().lower() == "required"

HOW_TO_ENABLE = (
    "browser tests are off; enable them with `NNLIB_BROWSER_TESTS=required make test` "
    "(needs Chromium: `apt-get install chromium`, and the playwright package from "
    "requirements.txt; no `playwright install` needed)")


def _missing() -> list[str]:
    problems = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        problems.append(f"the playwright package is not importable ({error}); "
                        "`pip install -r requirements.txt`")
    chromium = Path(_lab.CHROMIUM)
    if not (chromium.is_file() and os.access(chromium, os.X_OK)):
        problems.append(f"Chromium not found at {chromium} (`apt-get install chromium`, "
                        "or point NNLIB_CHROMIUM at a Chromium binary)")
    return problems


@pytest.fixture(scope="session", autouse=True)
def _browser_gate():
    """First fixture of every browser test: skip (learner's laptop) or fail (CI) early."""
    if not REQUIRED:
        pytest.skip(HOW_TO_ENABLE)
    problems = _missing()
    if problems:
        pytest.fail("NNLIB_BROWSER_TESTS=required but " + "; ".join(problems), pytrace=False)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so fixtures can tell a failed test."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("browser")


@pytest.fixture(scope="session")
def notebook_copy(workdir) -> Path:
    """A throwaway copy of notebooks/: Restart & Run All never touches the repo's files."""
    return _lab.copy_notebooks(_lab.NOTEBOOKS, workdir / "notebooks")


@pytest.fixture(scope="session")
def lab(workdir, notebook_copy):
    server = _lab.start_lab(notebook_copy, workdir / "lab")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(workdir):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = _lab.launch_browser(playwright, workdir / "chromium-profile")
        context.set_default_timeout(60_000)
        yield context
        context.close()


@pytest.fixture
def page(browser, request):
    """A fresh tab; its console errors are in page.console_log, kernel errors/stderr it
    received in page.kernel_errors. Screenshot on failure."""
    tab = browser.new_page()
    tab.console_log = _lab.ConsoleLog().attach(tab)
    tab.kernel_errors = _lab.KernelErrors().attach(tab)
    yield tab
    failed = any(getattr(getattr(request.node, f"rep_{when}", None), "failed", False)
                 for when in ("setup", "call"))
    if failed:
        _lab.ARTIFACTS.mkdir(parents=True, exist_ok=True)
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in request.node.name)
        try:
            tab.screenshot(path=str(_lab.ARTIFACTS / f"{safe}.png"), full_page=False)
            (_lab.ARTIFACTS / f"{safe}.console.txt").write_text(
                "\n".join(tab.console_log.entries + tab.kernel_errors.entries))
        except Exception:  # the page may be gone; the assertion message says enough
            pass
    tab.close()

