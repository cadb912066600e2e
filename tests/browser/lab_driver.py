"""Start JupyterLab through scripts/lab.sh and drive its page in Chromium as a person would."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from helpers.authoring.processes import stop_group

REPO = Path(__file__).resolve().parents[2]
LAB_SH = REPO / "scripts" / "lab.sh"
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
KERNEL_IDLE = "Python 3 (ipykernel) | Idle"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# The course's one Lab settings folder: lab.sh and the hub pass it; the tests run with it as it is.
LAB_SETTINGS = REPO / "deploy" / "lab_settings"
STARTUP_SECONDS = 120
PORT_TRIES = 3
# what jupyter_server logs when the port it was given is taken ("The port N is already in use.",
# then "... could not be started because port N is not available.")
PORT_TAKEN = ("is already in use", "is not available")
SOCKET_PATH_MAX = 108  # bytes in a Unix socket's path (sun_path), its final NUL included
RUN_SECONDS = 300
ERROR_OUTPUT = (
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]'
)
WIDGET_FAILURES = ("Loading widget", "Error displaying widget", "model not found")


@dataclass
class Lab:
    """A running JupyterLab: where it answers, its token, the folder it serves."""

    url: str
    token: str
    root: Path
    progress: Path
    log: Path
    process: subprocess.Popen[bytes]
    runtime: Path | None = None  # the kernels' connection files and sockets (removed by stop_lab)
    checkout_before: dict[str, bytes] | None = None  # the tracked notebooks when the lab started

    def request(self, method: str, path: str) -> tuple[int, bytes]:
        """Send an authenticated HTTP request to the server; return status and body."""
        req = urllib.request.Request(
            self.url + path, method=method, headers={"Authorization": f"token {self.token}"}
        )
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as err:
            return err.code, err.read()

    def end_sessions(self) -> None:
        """Shut down every notebook session (and its kernel) the server holds."""
        status, body = self.request("GET", "/api/sessions")
        assert status == 200, f"GET /api/sessions answered {status}"
        for session in json.loads(body):
            self.request("DELETE", f"/api/sessions/{session['id']}")

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of the server's log, for failure messages."""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_lab(root: Path, work: Path, *, copies: bool = False) -> Lab:
    """Start scripts/lab.sh serving `root`, with every Jupyter dir under `work`; wait until it answers.

    copies=True: as `make lab` does, lab.sh makes the working copies of the checkout's notebooks in
    `root` (CAUCASUS_WORK) and serves them; otherwise it serves `root` as it is (LAB_ROOT).

    Kernels talk to the server over Unix sockets (`KernelManager.transport=ipc`), not TCP: a TCP port
    that jupyter_client picks (bind to port 0, close) can be taken by any other process before the
    kernel binds it ("Address already in use"), which happened with two Labs on the machine. The
    sockets live in a short runtime folder under /tmp (short_runtime). The Lab's own port has the same
    gap: if it is taken before the Lab binds it, the Lab exits saying so (PORT_TAKEN) and is started
    again on another port, at most PORT_TRIES times; any other exit is a failure. Each try has its
    own log (lab-1.log, ...)."""
    dirs = {name: work / name for name in ("config", "data", "ipython", "settings")}
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    runtime = short_runtime()
    token = secrets.token_hex(16)
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("LAB_ROOT", "CAUCASUS_WORK")},
        **({"CAUCASUS_WORK": str(root)} if copies else {"LAB_ROOT": str(root)}),
        "JUPYTER_CONFIG_DIR": str(dirs["config"]),
        "JUPYTER_DATA_DIR": str(dirs["data"]),
        "JUPYTER_RUNTIME_DIR": str(runtime),
        "IPYTHONDIR": str(dirs["ipython"]),
        # lab.sh imports the course's default workspace into this folder, as into a user's own
        "JUPYTERLAB_WORKSPACES_DIR": str(work / "workspaces"),
        "CAUCASUS_PROGRESS": str(work / "progress.json"),
        "CAUCASUS_HANDIN": str(work / "handin"),  # hand-ins (tests/browser/test_browser_handin.py)
    }
    (work / "handin").mkdir(exist_ok=True)
    lab = None
    try:
        for attempt in range(1, PORT_TRIES + 1):
            port = free_port()
            args = [
                "bash",
                str(LAB_SH),
                "--no-browser",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={port}",
                "--ServerApp.port_retries=0",
                "--KernelManager.transport=ipc",
                f"--IdentityProvider.token={token}",
                f"--LabApp.user_settings_dir={dirs['settings']}",
                # window.jupyterapp: open_in_lab opens a notebook in the page already loaded
                "--LabApp.expose_app_in_browser=True",
            ]
            log = work / f"lab-{attempt}.log"
            with log.open("wb") as out:
                process = subprocess.Popen(
                    args, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
                )
            lab = Lab(f"http://127.0.0.1:{port}", token, root, work / "progress.json", log, process)
            lab.runtime = runtime
            lab.checkout_before = checkout_notebooks()
            if served(lab):
                return lab
        raise RuntimeError(f"JupyterLab found its port taken {PORT_TRIES} times:\n{lab.log_tail()}")
    except BaseException:
        if lab is not None:
            stop_lab(lab)
        shutil.rmtree(runtime, ignore_errors=True)
        raise


def short_runtime() -> Path:
    """A new runtime folder for a Lab's kernels, in /tmp whatever TMPDIR says: a kernel's socket is
    <folder>/kernel-<uuid>-ipc-<n>, and a Unix socket path must stay under 108 bytes."""
    runtime = Path(tempfile.mkdtemp(prefix="lab-rt-", dir="/tmp"))
    longest = len(f"{runtime}/kernel-{'0' * 36}-ipc-99999")
    assert longest < SOCKET_PATH_MAX, f"{runtime}: kernel socket paths of {longest} bytes"
    return runtime


def served(lab: Lab) -> bool:
    """Wait until the Lab answers (True) or exits because its port was taken (False); fail if it
    exits for any other reason or does not answer in STARTUP_SECONDS."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if lab.process.poll() is not None:
            if any(words in lab.log_tail() for words in PORT_TAKEN):
                return False
            raise RuntimeError(
                f"JupyterLab exited with {lab.process.returncode}:\n{lab.log_tail()}"
            )
        try:
            if lab.request("GET", "/api/status")[0] == 200:
                assert_lab_configured(lab)
                return True
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"JupyterLab did not answer in {STARTUP_SECONDS} s:\n{lab.log_tail()}")


def assert_lab_configured(lab: Lab) -> None:
    """Fail if JupyterLab dropped its command-line settings (it still serves, with Lab's defaults).

    A second --LabApp.app_settings_dir (lab.sh passed one, the tests another) made the jupyterlab
    extension fail to link ("app_settings_dir only accepts one value"): every override was lost,
    windowingMode among them, and the widget tests met cells JupyterLab had not drawn."""
    log = lab.log.read_text(encoding="utf-8", errors="replace")
    if "error linking extension" in log:
        stop_lab(lab)
        raise RuntimeError(f"JupyterLab ignored its settings:\n{lab.log_tail()}")


def checkout_notebooks() -> dict[str, bytes]:
    """The bytes of every notebook in the checkout's notebooks/ (a class must never change them)."""
    return {p.name: p.read_bytes() for p in sorted((REPO / "notebooks").glob("*.ipynb"))}


def stop_lab(lab: Lab) -> None:
    """Stop the server (its process group), politely first; remove its runtime folder."""
    stop_group(lab.process, 30)
    if lab.runtime is not None:
        shutil.rmtree(lab.runtime, ignore_errors=True)


def off_host(urls: list[str]) -> list[str]:
    """The requested URLs that leave this machine (any host but 127.0.0.1/localhost)."""
    bad = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about", "chrome-extension"):
            continue
        if parts.hostname not in LOCAL_HOSTS:
            bad.append(url)
    return bad


def open_notebook(page: Page, lab: Lab, name: str) -> None:
    """Open a notebook of the served folder and wait until its kernel is idle."""
    page.goto(f"{lab.url}/lab/tree/{name}?reset&token={lab.token}")
    expect(page.locator(".jp-Notebook").first).to_be_visible(timeout=STARTUP_SECONDS * 1000)
    wait_kernel_idle(page)


def open_in_lab(page: Page, lab: Lab, name: str) -> None:
    """Open a notebook in the JupyterLab the page has loaded (no page load: Lab's JS stays): the
    notebook as stored, with a fresh kernel idle, the only document open (JupyterLab puts its
    Launcher beside it when the main area was emptied; a tab bar shows either way).

    Every document open in the main area is closed unsaved first and the server's sessions ended,
    so nothing of the notebook before carries over. A page with no Lab loaded yet gets open_notebook."""
    if not page.url.startswith(lab.url) or not page.evaluate("() => !!window.jupyterapp"):
        open_notebook(page, lab, name)
        return
    page.evaluate(
        """async () => {
            const app = window.jupyterapp;
            await app.restored;
            for (const widget of [...app.shell.widgets('main')]) widget.dispose();  // unsaved
        }"""
    )
    expect(page.locator(".jp-Notebook")).to_have_count(0)
    lab.end_sessions()
    page.evaluate(
        "async (path) => { await window.jupyterapp.commands.execute('docmanager:open', {path}); }",
        name,
    )
    expect(page.locator(".jp-Notebook").first).to_be_visible(timeout=STARTUP_SECONDS * 1000)
    expect(page.locator(".jp-Dialog")).to_have_count(0)
    wait_kernel_idle(page)


# Each plotly figure drawn at the width its output gives it: plotly's Lab renderer redraws a plot
# after its panel is resized (Plotly.redraw, then Plots.resize to the div's width); a figure with
# both width and height in its layout keeps its size. The sizes must also be the same two polls
# (animation frames) in a row.
PLOTS_SETTLED = """() => {
  const plots = [...document.querySelectorAll('.jp-Notebook .js-plotly-plot')]
    .filter(p => p.getClientRects().length);
  const sizes = plots.map(p => {
    const svg = p.querySelector('.main-svg');
    if (!svg || !p._fullLayout) return null;
    const fixed = p.layout && p.layout.width && p.layout.height;
    const w = svg.getBoundingClientRect().width;
    return fixed || Math.abs(w - p.getBoundingClientRect().width) <= 1 ? Math.round(w) : null;
  });
  const key = JSON.stringify(sizes);
  const same = window.__plotSizes === key;
  window.__plotSizes = key;
  return same && !sizes.includes(null);
}"""


def wait_plots_settled(page: Page, timeout_s: float = 30) -> None:
    """Wait until the Lab is laid out at the window's size (so each plot's div has its new width),
    then until every drawn plotly figure has its div's width (after a resize plotly redraws); fail
    saying which widths did not match if it does not come."""
    wait_layout_settled(page)
    page.evaluate("() => { window.__plotSizes = undefined; }")
    try:
        page.wait_for_function(PLOTS_SETTLED, polling="raf", timeout=timeout_s * 1000)
    except PlaywrightTimeout as err:
        widths = page.evaluate(
            """() => [...document.querySelectorAll('.jp-Notebook .js-plotly-plot')].map(p => [
                Math.round(p.getBoundingClientRect().width),
                Math.round((p.querySelector('.main-svg') || p).getBoundingClientRect().width)])"""
        )
        raise AssertionError(
            f"plotly did not redraw its figures to their panels' width in {timeout_s} s "
            f"([div, svg] widths: {widths})"
        ) from err


# Lumino lays the shell's panels out in the animation frame after a window resize: done when the
# shell has the window's size, the main area ends inside it, and the notebook panel and the quizzes
# keep their boxes STABLE_FRAMES animation frames in a row.
STABLE_FRAMES = 3
LAYOUT_SETTLED = """(frames) => {
  const shell = document.querySelector('.jp-LabShell'), dock = document.querySelector('#jp-main-dock-panel');
  if (!shell || !dock) return false;
  const s = shell.getBoundingClientRect(), d = dock.getBoundingClientRect();
  const fits = Math.abs(s.width - window.innerWidth) <= 1 && Math.abs(s.height - window.innerHeight) <= 1
    && d.width > 0 && d.right <= s.right + 1;
  const key = JSON.stringify([window.innerWidth, window.innerHeight, d.left, d.width,
    ...[...document.querySelectorAll('.jp-NotebookPanel, .jp-Notebook .cq-quiz')].map(n => {
      const r = n.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })]);
  window.__layoutFrames = fits && window.__layoutKey === key ? (window.__layoutFrames || 0) + 1 : 0;
  window.__layoutKey = key;
  return window.__layoutFrames >= frames;
}"""


def wait_layout_settled(page: Page, timeout_s: float = 30) -> None:
    """Wait until Lumino has laid the Lab out at the window's size (LAYOUT_SETTLED); fail saying so."""
    page.evaluate("() => { window.__layoutKey = undefined; window.__layoutFrames = 0; }")
    try:
        page.wait_for_function(
            LAYOUT_SETTLED, arg=STABLE_FRAMES, polling="raf", timeout=timeout_s * 1000
        )
    except PlaywrightTimeout as err:
        raise AssertionError(
            f"JupyterLab's layout did not settle at the window's size in {timeout_s} s"
        ) from err


# True once the app has restored its layout, false if it has not within the milliseconds given
RESTORED = """(ms) => Promise.race([window.jupyterapp.restored.then(() => true),
  new Promise(done => setTimeout(() => done(false), ms))])"""


def wait_lab_restored(page: Page, timeout_s: float = STARTUP_SECONDS) -> None:
    """Wait until JupyterLab has restored its layout (the app's `restored` promise), then laid it out."""
    try:
        page.wait_for_function("() => !!window.jupyterapp", timeout=timeout_s * 1000)
    except PlaywrightTimeout as err:
        raise AssertionError(f"JupyterLab's app did not load in {timeout_s} s") from err
    if not page.evaluate(RESTORED, timeout_s * 1000):
        raise AssertionError(f"JupyterLab did not restore its layout in {timeout_s} s")
    wait_layout_settled(page)


def wait_kernel_idle(page: Page, timeout_s: float = RUN_SECONDS) -> None:
    """Wait until the status bar reads 'Python 3 (ipykernel) | Idle'."""
    item = page.locator(".jp-StatusBar-Widget").get_by_text(KERNEL_IDLE, exact=True)
    expect(item.first).to_be_visible(timeout=timeout_s * 1000)


def menu(page: Page, top: str, item: str) -> None:
    """Click a menu-bar entry, then an item of its menu."""
    page.locator(".lm-MenuBar-itemLabel", has_text=top).first.click()
    entry = page.locator(".lm-Menu-itemLabel").filter(has_text=item).first
    expect(entry).to_be_visible()
    entry.click()


def restart_and_run_all(page: Page) -> None:
    """Clear outputs, then Kernel -> Restart Kernel and Run All Cells…, confirm; wait for the end."""
    menu(page, "Edit", "Clear Outputs of All Cells")
    expect(page.locator(".jp-Notebook .jp-OutputArea-output")).to_have_count(0)
    page.wait_for_function(  # no execution count left from before, so the wait below is honest
        """() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
            .every(p => !/\\d/.test(p.textContent))"""
    )
    menu(page, "Kernel", "Restart Kernel and Run All Cells")
    dialog = page.locator(".jp-Dialog")
    expect(dialog).to_be_visible()
    dialog.locator("button.jp-mod-accept").click()
    expect(dialog).to_have_count(0)
    wait_run_finished(page)


def assert_ran_clean(page: Page, what: str) -> None:
    """Fail with the text of every error or stderr output, if there is one."""
    errors = output_errors(page)
    assert not errors, f"{what}: error output after Run All:\n" + "\n---\n".join(errors)


def wait_run_finished(page: Page, timeout_s: float = RUN_SECONDS) -> None:
    """Wait until no cell waits to run, every code cell ran (or one failed), and the kernel idles."""
    page.wait_for_function(
        """() => {
            // a collapsed input (the set-up cell, source_hidden) shows no prompt: skip it
            const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
                .filter(p => p.offsetParent !== null)
                .map(p => p.textContent.trim());
            if (prompts.some(p => p.includes('*'))) return false;
            const failed = document.querySelector(
                '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]');
            // cells run in order: the last one numbered means every one before it ran
            return failed !== null || (prompts.length > 0 && /\\[\\d+\\]/.test(prompts.at(-1)));
        }""",
        timeout=timeout_s * 1000,
    )
    wait_kernel_idle(page, timeout_s)


def output_errors(page: Page) -> list[str]:
    """The text of every error or stderr output in the notebook."""
    return [text.strip()[:500] for text in page.locator(ERROR_OUTPUT).all_inner_texts()]


def stored_outputs(path: Path) -> dict[str, int]:
    """How many outputs of each MIME type the stored notebook holds."""
    counts: dict[str, int] = {}
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            for mime in output.get("data", {}):
                counts[mime] = counts.get(mime, 0) + 1
    return counts


def widget_failures(page: Page) -> list[str]:
    """Widget outputs that did not render ('Loading widget…', 'Error displaying widget', …)."""
    texts = page.locator(".jp-Notebook .jp-OutputArea").all_inner_texts()
    return [t.strip()[:300] for t in texts if any(f in t for f in WIDGET_FAILURES)]


def wait_widgets_settled(page: Page, timeout_s: float = 30) -> None:
    """Give widget views time to leave 'Loading widget…' (the caller asserts what is left)."""
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            """(failures) => ![...document.querySelectorAll('.jp-Notebook .jp-OutputArea')]
                .some(o => failures.some(f => o.innerText.includes(f)))""",
            arg=list(WIDGET_FAILURES),
            timeout=timeout_s * 1000,
        )


def notebook_screenshot(page: Page, path: Path, max_height: int = 16_000) -> None:
    """Screenshot the whole notebook: grow the window to the notebook's height, then restore it."""
    before = page.viewport_size
    assert before is not None
    scroller = page.locator(".jp-NotebookPanel .jp-WindowedPanel-outer").first
    height = scroller.evaluate(
        "n => { n.scrollTo(0, 0); return n.scrollHeight + n.getBoundingClientRect().top + 40; }"
    )
    page.set_viewport_size({"width": before["width"], "height": min(int(height), max_height)})
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    page.set_viewport_size(before)


def run_axe(page: Page, include: list[str] | None) -> list[dict[str, Any]]:
    """Run axe-core (from node_modules) on the page, or only inside the `include` selectors."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (include) => (await axe.run(
            include ? {include: include.map(sel => [sel])} : document,
            {resultTypes: ['violations']})).violations""",
        include,
    )


def describe(violations: list[dict[str, Any]]) -> list[str]:
    """One line per axe violation: impact, rule, help, and the HTML of up to three nodes."""
    lines = []
    for v in violations:
        nodes = ", ".join(n["html"][:120] for n in v["nodes"][:3])
        lines.append(f"{v['impact']}: {v['id']} ({v['help']}) x{len(v['nodes'])}: {nodes}")
    return lines
