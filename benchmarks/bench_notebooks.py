"""Wall time of each notebook under nbval, as `make test` runs them, and the total.

Goal: the six notebooks together in <= 60 s on a 2-core machine.
Run: .venv/bin/python benchmarks/bench_notebooks.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    env = {**os.environ, "JUPYTER_PLATFORM_DIRS": "1"}
    total = 0.0
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env", "-q",
             "-p", "no:cacheprovider", str(notebook)],
            cwd=ROOT, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        total += seconds
        verdict = "passed" if result.returncode == 0 else "FAILED"
        print(f"{notebook.name:<32}{seconds:6.1f} s  {verdict}")
    print(f"{'all six':<32}{total:6.1f} s  (goal <= 60 s)")


if __name__ == "__main__":
    main()
