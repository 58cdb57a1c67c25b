"""The rendered docs site (slow: `make test-slow`): pages exist, keep their plots, have no broken internal
links, and render in headless Chromium when it is installed (this test installs nothing)."""
import functools, http.server, json, shutil, subprocess, sys, tempfile, threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse, unquote
import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT/"_docs"

class _Links(HTMLParser):
    def __init__(self):
        super().__init__(); self.links, self.imgs = [], []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img" and a.get("src"): self.imgs.append(a["src"])
        for k in ("href", "src"):
            if a.get(k): self.links.append(a[k])

def _parse(page: Path) -> _Links:
    p = _Links(); p.feed(page.read_text(errors="replace")); return p

def _internal_target(page: Path, link: str):
    u = urlparse(link)
    if u.scheme or u.netloc or link.startswith(("#", "mailto:", "data:", "javascript:")): return None
    path = unquote(u.path)
    if not path: return None
    t = (DOCS/path.lstrip("/")) if path.startswith("/") else (page.parent/path)
    return t/"index.html" if path.endswith("/") else t

def _nb_image_count(nb: Path) -> int:
    cells = json.loads(nb.read_text())["cells"]
    return sum(1 for c in cells for o in c.get("outputs", []) if "image/png" in o.get("data", {}))

@pytest.fixture(scope="module")
def site(request):
    if "slow" not in request.config.getoption("--flags").split(): pytest.skip("slow: run with `make test-slow`")
    subprocess.run([sys.executable, str(ROOT/".ci"/"docs.py")], cwd=ROOT, check=True)
    return DOCS

def test_pages_keep_plots_and_links(site):
    pages = sorted(site.rglob("*.html"))
    assert (site/"index.html").exists() and len(pages) >= 2
    broken = [(p.name, l) for p in pages for l in _parse(p).links
              if (t := _internal_target(p, l)) is not None and not t.exists()]
    assert not broken, f"broken internal links: {broken[:20]}"
    for nb in sorted((ROOT/"nbs").glob("*.ipynb")):
        n = _nb_image_count(nb)
        page = site/f"{nb.stem}.html"
        if n and page.exists():
            imgs = _parse(page).imgs
            assert len(imgs) >= n, f"{page.name} shows {len(imgs)} images but {nb.name} has {n} plot outputs"

def test_chromium_screenshots(site):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium: pytest.skip("chromium is not installed (apt-get install chromium); nothing is installed by this test")
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a): pass
    handler = functools.partial(Quiet, directory=str(site))
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    counts = {nb.stem: _nb_image_count(nb) for nb in (ROOT/"nbs").glob("0*.ipynb") if (site/f"{nb.stem}.html").exists()}
    richest = max(counts, key=counts.get)  # the notebook page with the most plots
    try:
        for name in ["index.html", f"{richest}.html"]:
            with tempfile.TemporaryDirectory() as prof:
                png = site.parent/"_docs_screens"/f"{Path(name).stem}.png"; png.parent.mkdir(exist_ok=True)
                url = f"http://127.0.0.1:{srv.server_port}/{name}"
                flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                         f"--user-data-dir={prof}"]
                subprocess.run([chromium, *flags, f"--screenshot={png}", "--window-size=1280,900", url],
                               check=True, capture_output=True, timeout=120)
                assert png.exists() and png.stat().st_size > 10_000, f"no screenshot of {url}"
                dom = subprocess.run([chromium, *flags, "--dump-dom", url], capture_output=True, text=True, timeout=120).stdout
                if name != "index.html" and counts[richest]: assert "<img" in dom, f"{name} rendered without its plots"
                assert "eegfm" in dom
    finally:
        srv.shutdown()
