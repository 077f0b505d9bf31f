"""requirements.txt and environment.yml must describe the same environment."""

from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
CONDA_PYTHON = "3.11"  # the python=… of environment.yml


def _pins(lines, python_version=CONDA_PYTHON):
    """{name: version} of the `name==version` lines that apply to that Python."""
    pins = {}
    for line in lines:
        line = line.split("#")[0].strip().removeprefix("- ").strip()
        if not line or line.startswith("-e") or line.endswith(":"):
            continue
        req = Requirement(line)
        if req.marker is None or req.marker.evaluate({"python_version": python_version}):
            (spec,) = req.specifier
            assert spec.operator == "==", f"{line!r} is not pinned with =="
            pins[req.name.lower()] = spec.version
    return pins


def test_environment_yml_pins_the_same_packages_as_requirements_txt():
    text = (ROOT / "environment.yml").read_text()
    assert f"python={CONDA_PYTHON}" in text
    requirements = _pins((ROOT / "requirements.txt").read_text().splitlines())
    environment = _pins(text.split("- pip:", 1)[1].splitlines())
    assert len(requirements) >= 10, "requirements.txt lost its pins"
    assert environment == requirements


def test_every_requirement_is_pinned_for_every_supported_python():
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    for version in ("3.10", "3.11", "3.12", "3.13"):
        pins = _pins(lines, version)
        assert {"numpy", "matplotlib", "ipywidgets", "ipympl", "jupyterlab", "nbval"} <= set(pins)
