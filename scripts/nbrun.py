#!/usr/bin/env python3
"""Execute wearnb notebooks headless through the real GoNB kernel and check them.

GoNB replies "ok" to Jupyter even when a cell panics or exits non-zero (it only
writes "panic:" / "exit status N" to the cell's stderr), so this harness does
not trust the execution status alone. A notebook fails when:

  * a cell has an error output (compile, goimports or go get failures),
  * a cell's stderr contains "panic:", or "exit status" (a cell that
    stopped), unless the cell declares the error it expects,
  * a cell shows a wearnb error box (class "wearnb-error", what the
    notebook front kernelhelpers/nb shows before it stops a cell) that it
    does not declare; a cell that declares one with cell metadata
    {"wearnb": {"error": ["no longer works", "connect.Reconsent()"]}} must
    show the box, holding every one of those texts (the fix it names),
  * an expected output is missing: notebook or cell metadata
    {"wearnb": {"expect": ["image/png", "text:Connected", "html:<table"]}}
    (a MIME type, or "text:"/"html:" followed by a substring),
  * an output or source holds a secret: a value of any token file written
    under $WEARNB_HOME during the run, or its first or last 6 characters
    (providers quote "Refresh token invalid: 2f3c1a…"), the sandbox client
    secret, or something shaped like a bearer token.

When a cell shows a wearnb consent link (an anchor with class
"wearnb-consent-link"), the harness plays the person: it runs consentclick,
which opens the link in headless Chromium and clicks Allow (or Deny when the
notebook metadata says {"wearnb": {"consent": "deny"}}).

Executed copies (and HTML exports with --html) are written to --out.
With --jobs N, N notebooks run at once, each with its own kernel (and all
with the same WEARNB_HOME, as two notebooks of one person would).
The last line is "N passed, N failed".
"""

import argparse
import concurrent.futures
import hashlib
import html as htmlmod
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import threading
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parent.parent
HREF = re.compile(r'href="([^"]+)"')
SANDBOX_SECRET = "sandbox-secret-not-for-production"
SECRET_SHAPES = [
    re.compile(r'(access_token|refresh_token|client_secret)["\'=: ]{1,4}[A-Za-z0-9._~+/=-]{16,}'),
    re.compile(r'Bearer [A-Za-z0-9._~+/=-]{16,}'),
]


class ConsentClickingClient(NotebookClient):
    """A NotebookClient that clicks wearnb consent links as they appear."""

    def __init__(self, nb, decision="allow", kernel_log=None, **kw):
        super().__init__(nb, **kw)
        self.kernel_log = kernel_log
        self.decision = decision
        self.clicked = set()
        self.click_log = []
        self.threads = []

    async def async_start_new_kernel(self, **kwargs):
        # Keep the kernel's own log out of the test output; it is saved next to
        # the executed notebook for when something goes wrong.
        kwargs.setdefault("stderr", self.kernel_log)
        return await super().async_start_new_kernel(**kwargs)

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        html = content.get("data", {}).get("text/html", "") if isinstance(content, dict) else ""
        if isinstance(html, list):
            html = "".join(html)
        if "wearnb-consent-link" in html:
            for tag in re.findall(r"<a\b[^>]*>", html):
                if "wearnb-consent-link" not in tag:
                    continue
                m = HREF.search(tag)
                if m and m.group(1) not in self.clicked:
                    url = m.group(1).replace("&amp;", "&")
                    self.clicked.add(url)
                    t = threading.Thread(target=self._click, args=(url,), daemon=True)
                    t.start()
                    self.threads.append(t)
        return super().output(outs, msg, display_id, cell_index)

    def _click(self, url):
        cmd = [str(ROOT / ".tools/bin/consentclick"), "-timeout", "90s"]
        if self.decision == "deny":
            cmd.append("-deny")
        # Give the cell a moment to start waiting after showing the link.
        time.sleep(0.3)
        r = subprocess.run(cmd + [url], capture_output=True, text=True)
        self.click_log.append((url, r.returncode, (r.stdout + r.stderr).strip()))


def output_text(out):
    """All text an output carries (stream text, data values, tracebacks)."""
    parts = []
    if out.get("output_type") == "stream":
        parts.append(out.get("text", ""))
    for v in (out.get("data") or {}).values():
        parts.append(v if isinstance(v, str) else json.dumps(v))
    parts.extend(out.get("traceback", []))
    return "\n".join(parts)


def check_expect(expect, outputs, where):
    problems = []
    for e in expect:
        if e.startswith("text:") or e.startswith("html:"):
            kind, needle = e.split(":", 1)
            hay = []
            for o in outputs:
                if kind == "html":
                    hay.append(str((o.get("data") or {}).get("text/html", "")))
                else:
                    hay.append(output_text(o))
            if not any(needle in h for h in hay):
                problems.append(f"{where}: expected {kind} output containing {needle!r}")
        elif not any(e in (o.get("data") or {}) for o in outputs):
            problems.append(f"{where}: expected an output of type {e}")
    return problems


def html_of(out):
    v = (out.get("data") or {}).get("text/html", "")
    return "".join(v) if isinstance(v, list) else str(v)


def error_boxes(outputs):
    """The text of every wearnb error box among outputs."""
    boxes = []
    for o in outputs:
        h = html_of(o)
        if "wearnb-error" in h:
            boxes.append(" ".join(htmlmod.unescape(re.sub(r"<[^>]*>", " ", h)).split()))
    return boxes


def check_error_box(declared, outputs, where):
    """A cell that declares an error must show a box with every declared
    text; a cell that does not must show none."""
    boxes = error_boxes(outputs)
    if declared is None:
        return [f"{where}: error box: {b[:300]}" for b in boxes]
    if isinstance(declared, str):
        declared = [declared]
    if not boxes:
        return [f"{where}: expected an error box containing {declared!r}, got none"]
    text = " ".join(boxes)
    return [f"{where}: the error box lacks {d!r}: {text[:300]}" for d in declared if d not in text]


def token_values(home):
    """Access/refresh token values of every token file under $WEARNB_HOME."""
    vals = set()
    for p in pathlib.Path(home).rglob("*.json"):
        try:
            doc = json.loads(p.read_text())
        except Exception:
            continue
        stack = [doc]
        while stack:
            d = stack.pop()
            if isinstance(d, dict):
                for k, v in d.items():
                    if k in ("access_token", "refresh_token") and isinstance(v, str) and len(v) >= 8:
                        vals.add(v)
                    else:
                        stack.append(v)
            elif isinstance(d, list):
                stack.extend(d)
    return vals


# The shortest part of a saved token that counts as a leak; wearnb's own
# redaction removes prefixes and suffixes of this length.
MIN_PART = 6


def fingerprint(secret):
    """Names a secret in a report without showing it."""
    return "sha256:" + hashlib.sha256(secret.encode()).hexdigest()[:8] + f" ({len(secret)} chars)"


def textual(nb):
    """Sources and every output's text, but not image data: base64 pictures
    would hold any 6 characters by chance."""
    parts = []
    for cell in nb.cells:
        parts.append(cell.get("source", ""))
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream":
                parts.append(o.get("text", ""))
            for mime, v in (o.get("data") or {}).items():
                if not mime.startswith("image/") or mime == "image/svg+xml":
                    parts.append(v if isinstance(v, str) else json.dumps(v))
            parts.extend(o.get("traceback", []))
            if o.get("evalue"):
                parts.append(o["evalue"])
    return "\n".join(parts)


def scan_secrets(nb, home):
    """Problems for every secret the executed notebook shows: a whole value
    of any token file the run wrote under home, or the sandbox client secret,
    anywhere in the notebook; the first or last MIN_PART characters of such
    a token in its text; anything shaped like a secret. Secrets are named by
    fingerprint only."""
    problems = []
    text = nbformat.writes(nb)
    tokens = token_values(home)
    for s in sorted(tokens | {SANDBOX_SECRET}):
        if s in text:
            problems.append(f"a secret value (token file or client secret, {fingerprint(s)}) appears in the notebook")
            break
    words = textual(nb)
    for s in sorted(tokens):
        if len(s) < MIN_PART + 2:
            continue
        if s[:MIN_PART] in words:
            problems.append(f"the first {MIN_PART} characters of a saved token ({fingerprint(s)}) appear in the notebook")
        elif s[-MIN_PART:] in words:
            problems.append(f"the last {MIN_PART} characters of a saved token ({fingerprint(s)}) appear in the notebook")
    for shape in SECRET_SHAPES:
        m = shape.search(text)
        if m:
            problems.append(f"something shaped like a secret appears: {m.group(0)[:24]}…")
    return problems


def run_one(path, out_dir, timeout, html, home):
    nb = nbformat.read(path, as_version=4)
    meta = nb.metadata.get("wearnb", {})
    out_dir.mkdir(parents=True, exist_ok=True)
    kernel_log = open(out_dir / (path.stem + ".kernel.log"), "w")
    client = ConsentClickingClient(
        nb,
        kernel_log=kernel_log,
        decision=meta.get("consent", "allow"),
        kernel_name="gonb",
        timeout=timeout,
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    started = time.time()
    problems = []
    try:
        client.execute()
    except Exception as e:  # timeouts, dead kernels
        problems.append(f"execution failed: {type(e).__name__}: {e}")
    elapsed = time.time() - started
    kernel_log.close()
    for t in client.threads:
        t.join(timeout=5)

    all_outputs = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        where = f"cell {i}"
        outs = cell.get("outputs", [])
        all_outputs.extend(outs)
        declared = cell.metadata.get("wearnb", {}).get("error")
        # A cell that is meant to fail stops with exit status 1; a panic is
        # never what a cell means.
        markers = ("panic:",) if declared is not None else ("panic:", "exit status")
        for o in outs:
            if o.get("output_type") == "error":
                problems.append(f"{where}: {o.get('ename')}: {o.get('evalue')}")
            if o.get("output_type") == "stream" and o.get("name") == "stderr":
                txt = o.get("text", "")
                lines = txt.splitlines()
                for marker in markers:
                    for n, l in enumerate(lines):
                        if marker in l:
                            # A panic's message may sit on the next line.
                            msg = " ".join(x.strip() for x in lines[n:n + 2] if x.strip())
                            problems.append(f"{where}: stderr has {marker!r}: {msg[:300]}")
                            break
        problems += check_error_box(declared, outs, where)
        problems += check_expect(cell.metadata.get("wearnb", {}).get("expect", []), outs, where)
    problems += check_expect(meta.get("expect", []), all_outputs, "notebook")

    problems += scan_secrets(nb, home)
    for url, rc, log in client.click_log:
        if rc != 0:
            problems.append(f"consent click failed: {log}")

    out_nb = out_dir / path.name
    nbformat.write(nb, out_nb)
    outs = [str(out_nb)]
    if html:
        from nbconvert import HTMLExporter
        body, _ = HTMLExporter().from_notebook_node(nb)
        out_html = out_nb.with_suffix(".html")
        out_html.write_text(body)
        outs.append(str(out_html))
    return problems, elapsed, outs


def run_timed(path, out_dir, timeout, html, home):
    """run_one, with the wall-clock start and end (for --jobs)."""
    started = time.time()
    problems, elapsed, outs = run_one(path, out_dir, timeout, html, home)
    return problems, elapsed, outs, started, time.time()


def run_many(paths, out_dir, timeout, html, home, jobs=1):
    """Run the notebooks, jobs at a time (each in its own process, with its
    own kernel), and yield run_timed's results in the order of paths."""
    if jobs <= 1:
        for p in paths:
            yield run_timed(p, out_dir, timeout, html, home)
        return
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(run_timed, p, out_dir, timeout, html, home) for p in paths]
        for f in futures:
            yield f.result()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("notebooks", nargs="*", help="notebooks or folders (default: notebooks/)")
    ap.add_argument("--out", default=str(ROOT / "out" / "notebooks"), help="where executed copies go")
    ap.add_argument("--html", action="store_true", help="also export HTML")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    ap.add_argument("--jobs", type=int, default=1, help="notebooks to run at once, each with its own kernel")
    args = ap.parse_args()

    paths = []
    for a in args.notebooks or [str(ROOT / "notebooks")]:
        p = pathlib.Path(a)
        paths += sorted(p.glob("*.ipynb")) if p.is_dir() else [p]
    if not paths:
        print("nbrun: no notebooks found", file=sys.stderr)
        return 2

    os.environ["PATH"] = f"{ROOT / '.tools/bin'}{os.pathsep}{os.environ.get('PATH', '')}"
    os.environ.setdefault("JUPYTER_DATA_DIR", str(ROOT / ".jupyter"))
    # Tokens and caches of a run go to a fresh folder, never the user's own.
    home = os.environ.get("WEARNB_HOME") or tempfile.mkdtemp(prefix="wearnb-nbrun-")
    os.environ["WEARNB_HOME"] = home

    passed = failed = 0
    results = run_many([p.resolve() for p in paths], pathlib.Path(args.out), args.timeout, args.html, home, args.jobs)
    for p, (problems, elapsed, outs, _, _) in zip(paths, results):
        status = "ok  " if not problems else "FAIL"
        print(f"{status} {p} ({elapsed:.1f}s) -> {', '.join(outs)}")
        for pr in problems:
            print(f"     - {pr}")
        if problems:
            failed += 1
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
