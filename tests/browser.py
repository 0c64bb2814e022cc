"""A small headless-Chromium helper for tests: open a page, see its console and its requests, run script.

Chromium is driven over its DevTools protocol (a websocket, through the
``websocket-client`` test dependency). :func:`chromium` finds the browser and
:func:`skip_reason` says why browser tests cannot run here (no Chromium, no
websocket client), for ``pytest.skip``. :func:`axe_script` finds axe-core's
``axe.min.js`` (installed from the npm registry by scripts/test into
``~/.cache/learnkit-tests/axe``, or named by ``LEARNKIT_AXE``).

    with Browser(tmp_path) as browser:
        page = browser.open(Path("site/index.html").as_uri())
        assert not page.errors
        title = browser.evaluate("document.title")
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

AXE_CACHE = Path.home() / ".cache" / "learnkit-tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def skip_reason() -> str | None:
    """Why the browser tests cannot run on this machine, or None when they can."""
    if chromium() is None:
        return (
            "no chromium, chromium-browser or google-chrome on PATH (scripts/test installs it with apt-get)"
        )
    try:
        import websocket  # noqa: F401
    except ImportError:
        return "the websocket-client package is not installed (it is in the test extra)"
    return None


def axe_script() -> Path | None:
    """axe-core's axe.min.js, if installed."""
    named = os.environ.get("LEARNKIT_AXE", "")
    for path in (Path(named) if named else None, AXE_CACHE):
        if path is not None and path.is_file():
            return path
    return None


@dataclass
class Loaded:
    """What a page did while it loaded: console errors and uncaught exceptions, and every URL requested."""

    url: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


class Browser:
    """One headless Chromium with one tab, for the length of a ``with`` block."""

    def __init__(self, workdir: Path, timeout: float = 60.0) -> None:
        self.workdir = workdir
        self.timeout = timeout
        self._next = 0
        self._events: list[dict[str, Any]] = []

    def __enter__(self) -> Browser:
        import websocket

        browser = chromium()
        assert browser is not None, skip_reason()
        profile = self.workdir / "chromium-profile"
        profile.mkdir(parents=True, exist_ok=True)
        command = [
            browser,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-default-apps",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            "--remote-debugging-port=0",
            "--remote-allow-origins=*",
            f"--user-data-dir={profile}",
            "about:blank",
        ]
        env = {**os.environ, "HOME": str(self.workdir)}
        self._process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
        )
        url = self._devtools_url()
        self._socket = websocket.create_connection(url, timeout=self.timeout, suppress_origin=True)
        target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self._session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self._call(f"{domain}.enable", session=True)
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self._socket.close()
        finally:
            self._process.terminate()
            try:
                self._process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()

    def _devtools_url(self) -> str:
        assert self._process.stderr is not None
        deadline = time.monotonic() + self.timeout
        seen: list[str] = []
        while time.monotonic() < deadline:
            line = self._process.stderr.readline().decode("utf-8", "replace")
            if not line and self._process.poll() is not None:
                break
            seen.append(line)
            found = re.search(r"DevTools listening on (ws://\S+)", line)
            if found:
                return found.group(1)
        raise AssertionError("Chromium did not start its DevTools endpoint:\n" + "".join(seen[-20:]))

    def _call(
        self, method: str, params: dict[str, Any] | None = None, session: bool = False
    ) -> dict[str, Any]:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self._session
        self._socket.send(json.dumps(message))
        while True:
            reply = json.loads(self._socket.recv())
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise AssertionError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))
            self._events.append(reply)

    def _event(self, method: str) -> dict[str, Any]:
        for n, event in enumerate(self._events):
            if event.get("method") == method:
                return self._events.pop(n)
        while True:
            event = json.loads(self._socket.recv())
            if event.get("method") == method:
                return dict(event)
            self._events.append(event)

    def open(self, url: str) -> Loaded:
        """Go to ``url`` and wait until it has loaded; what it logged and requested meanwhile."""
        self._events.clear()
        self._call("Page.navigate", {"url": url}, session=True)
        self._event("Page.loadEventFired")
        # Anything the page logs just after load (a script run on load) is in the events by now.
        self.evaluate("new Promise(r => setTimeout(r, 50))")
        loaded = Loaded(url)
        for event in self._events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                loaded.errors.append(
                    " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"])
                )
            elif method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                loaded.errors.append(
                    str(details.get("exception", {}).get("description", details.get("text")))
                )
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                loaded.errors.append(str(params["entry"].get("text", "")))
            elif method == "Network.requestWillBeSent":
                loaded.requests.append(str(params.get("request", {}).get("url", "")))
        return loaded

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (a promise is awaited)."""
        result = self._call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            session=True,
        )
        if "exceptionDetails" in result:
            raise AssertionError(f"script failed: {result['exceptionDetails'].get('text')}")
        return result.get("result", {}).get("value")

    def media(self, kind: str) -> None:
        """Lay the page out for ``print`` or ``screen``."""
        self._call("Emulation.setEmulatedMedia", {"media": kind}, session=True)

    def press(self, key: str) -> None:
        """Press and release a key the way a keyboard does ("Tab", "Enter")."""
        codes = {"Tab": 9, "Enter": 13}
        for kind in ("rawKeyDown", "keyUp"):
            params: dict[str, Any] = {
                "type": kind,
                "key": key,
                "code": key,
                "windowsVirtualKeyCode": codes[key],
            }
            self._call("Input.dispatchKeyEvent", params, session=True)
            if kind == "rawKeyDown" and key == "Enter":
                self._call("Input.dispatchKeyEvent", {"type": "char", "text": "\r"}, session=True)

    def axe(self, script: Path) -> list[dict[str, Any]]:
        """axe-core's WCAG 2.x A and AA violations on the open page: ``{id, impact, help, nodes}``."""
        self.evaluate(script.read_text(encoding="utf-8") + "\n;true")
        tags = json.dumps(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
        found = self.evaluate(
            f"axe.run(document, {{runOnly: {{type: 'tag', values: {tags}}}}}).then(r => r.violations.map("
            "v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})))"
        )
        return list(found or [])
