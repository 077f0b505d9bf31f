"""`pip install nnlib-notebooks`: the wheel, the `nnlib-notebooks` command, the copy rules.

The end-to-end test builds the wheel from a fresh copy of the checkout, installs it into a
new virtual environment and runs notebook 01 from the folder `nnlib-notebooks` copied,
under nbval. The new environment's only nnlib is the wheel's; its third-party packages
(NumPy, Jupyter, nbval) are borrowed from this test run's environment through a .pth file,
so the test takes seconds instead of a download of minutes. Nothing is uploaded anywhere.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from nnlib import serve
from test_make_lab import _fresh_copy

REPO = Path(__file__).resolve().parent.parent
SERIES = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))


def test_every_nnlib_package_is_in_the_wheel_list():
    """pyproject lists its packages (for nnlib/_series): a new subpackage must be added."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())
                 ["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts)
             for p in (REPO / "nnlib").rglob("__init__.py")}
    assert found | {"nnlib._series"} == listed


def _run(cmd, **kwargs):
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{cmd} failed ({result.returncode}):\n" \
                                   f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    source = _fresh_copy(tmp / "src")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check",
          "-q", "-w", str(tmp / "dist"), str(source)])
    (built,) = (tmp / "dist").glob("nnlib_notebooks-*.whl")
    return built


def test_the_wheel_carries_the_series_templates_and_command(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert sorted(n.rsplit("/", 1)[1] for n in names if n.startswith("nnlib/_series/")) \
        == SERIES
    for data in ("nnlib/_jupyter/voila/templates/nnlib/index.html.j2",
                 "nnlib/_jupyter/voila/templates/nnlib-slides/index.html.j2",
                 "nnlib/_jupyter/lab/settings/overrides.json", "nnlib/data/iris.csv"):
        assert data in names, data
    meta = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "nnlib-notebooks = nnlib.serve:notebooks_main" in \
        zipfile.ZipFile(wheel).read(meta).decode()


def test_wheel_in_a_fresh_venv_copies_the_series_and_runs_notebook_01(wheel, tmp_path):
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
          "--disable-pip-version-check", "-q", str(wheel)])
    purelib = Path(_run([str(python), "-c", "import sysconfig; "
                         "print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    (purelib / "_borrowed_from_the_test_env.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "JUPYTER_PATH")}
    env.update(JUPYTER_PLATFORM_DIRS="1", JUPYTER_CONFIG_DIR=str(tmp_path / "jconfig"),
               JUPYTER_DATA_DIR=str(tmp_path / "jdata"), MPLBACKEND="Agg",
               IPYTHONDIR=str(tmp_path / "ipython"))
    where = _run([str(python), "-c", "import nnlib; print(nnlib.__file__)"],
                 cwd=tmp_path, env=env).stdout.strip()
    assert Path(where).is_relative_to(venv), f"nnlib came from {where}, not the wheel"

    folder = tmp_path / "my-course"
    out = _run([str(venv / "bin" / "nnlib-notebooks"), str(folder), "--copy-only"],
               cwd=tmp_path, env=env, stdin=subprocess.DEVNULL).stdout
    assert sorted(p.name for p in folder.glob("*.ipynb")) == SERIES, out
    assert (folder / SERIES[0]).read_bytes() == (REPO / "notebooks" / SERIES[0]).read_bytes()
    ran = _run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax",
                "--nbval-current-env", "--nbval-cell-timeout=300", "-W", "ignore", SERIES[0]],
               cwd=folder, env=env).stdout
    code_cells = sum(c["cell_type"] == "code" for c in
                     json.loads((folder / SERIES[0]).read_text())["cells"])
    assert f"{code_cells} passed" in ran, ran[-2000:]


# --------------------------------------------------------------------------- copy rules


def _copy(folder, answers=()):
    asked = []
    replies = iter(answers)

    def ask(question):
        asked.append(question)
        return next(replies, None)

    return serve.copy_series(folder, ask=ask), asked


def test_copy_then_nothing_to_do(tmp_path):
    done, asked = _copy(tmp_path / "c")
    assert set(done) == set(SERIES) and set(done.values()) == {"copied"} and not asked
    done, asked = _copy(tmp_path / "c")
    assert set(done.values()) == {"up to date"} and not asked


def test_an_edited_copy_is_kept_unless_the_learner_says_replace(tmp_path):
    folder = tmp_path / "c"
    _copy(folder)
    mine = folder / SERIES[0]
    mine.write_text(mine.read_text().replace("neuron", "NEURON", 1))
    edited = mine.read_bytes()
    for answer, kept in ((None, "kept yours (run in a terminal to be asked about it)"),
                         (False, "kept yours")):
        done, asked = _copy(folder, [answer])
        assert done[SERIES[0]] == kept and len(asked) == 1 and SERIES[0] in asked[0]
        assert mine.read_bytes() == edited
    done, _ = _copy(folder, [True])
    assert done[SERIES[0]].startswith("replaced")
    assert mine.read_bytes() == (REPO / "notebooks" / SERIES[0]).read_bytes()
    assert (folder / SERIES[0].replace(".ipynb", ".mine.ipynb")).read_bytes() == edited


def test_an_unedited_old_copy_is_updated_without_asking(tmp_path):
    folder = tmp_path / "c"
    _copy(folder)
    old = folder / SERIES[1]
    old.write_text("an older version of the series")  # as copied by an older release:
    manifest = json.loads((folder / serve.MANIFEST).read_text())
    manifest[SERIES[1]] = serve._sha256(old)  # the manifest says the learner never edited it
    (folder / serve.MANIFEST).write_text(json.dumps(manifest))
    done, asked = _copy(folder)
    assert done[SERIES[1]] == "updated" and not asked
    assert old.read_bytes() == (REPO / "notebooks" / SERIES[1]).read_bytes()


def test_a_file_in_place_of_the_folder_is_named(tmp_path):
    (tmp_path / "f").write_text("")
    with pytest.raises(NotADirectoryError, match="folder must be a directory"):
        serve.copy_series(tmp_path / "f")
