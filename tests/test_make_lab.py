"""nnlib.serve, the launcher behind `make lab/notebook/slides/classroom`: command lines.

(The end-to-end run of `make lab` from a fresh clone is still to be written: see README.)
"""

from pathlib import Path

import pytest

from nnlib import serve


@pytest.mark.parametrize("kind", ["lab", "notebook", "slides"])
def test_allow_root_only_as_root(kind, monkeypatch):
    for root in (True, False):
        monkeypatch.setattr(serve, "is_root", lambda root=root: root)
        cmd = serve.command(kind, Path("notebooks"), "127.0.0.1", 8888, "tok")
        assert ("--ServerApp.allow_root=True" in cmd) is root


@pytest.mark.parametrize("kind", ["lab", "notebook", "slides"])
def test_no_deprecated_token_option_and_no_news(kind):
    cmd = serve.command(kind, Path("notebooks"), "127.0.0.1", 8888, "tok")
    assert "--IdentityProvider.token=tok" in cmd
    assert not any(arg.startswith("--ServerApp.token") for arg in cmd)
    assert "--LabApp.news_url=None" in cmd


def test_voila_uses_the_offline_template_without_notebook7_extension():
    cmd = serve.command("classroom", Path("notebooks"), "127.0.0.1", 8866, "")
    assert "--template=nnlib" in cmd
    assert any("extension_denylist" in a and "@jupyter-notebook/lab-extension" in a
               for a in cmd)
    template = (serve.JUPYTER_PATH / "voila" / "templates" / "nnlib" / "index.html.j2").read_text()
    assert "cdn.jsdelivr.net" in template  # the links it removes, named exactly


def test_room_token_is_random_and_typeable():
    tokens = {serve.room_token() for _ in range(50)}
    assert len(tokens) == 50
    assert all(len(t) == 10 and set(t) <= set(serve._TOKEN_ALPHABET) for t in tokens)


def test_qr_code_is_text_blocks():
    text = serve.qr_text("http://192.0.2.2:8866/?token=abcdefghjk")
    lines = text.splitlines()
    assert len(lines) > 10 and set("".join(lines)) <= set(" \u2588\u2580\u2584")


def test_bad_kind_is_named():
    with pytest.raises(ValueError, match="kind must be one of"):
        serve.serve("jupyter", Path("notebooks"))
