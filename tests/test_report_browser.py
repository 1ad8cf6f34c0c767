"""The 2007 HTML report in a real browser (headless Chromium): the page's text after render says the verdict and
the champion, the points-progression chart is in the DOM with drawn paths, and the screenshot shows it (not a
blank image: the champion's series colour is on screen).

Chromium comes from the Debian package `chromium` (`.ci/run` installs it); without it this test skips, loudly.
"""
from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from validator.cli import main
from validator.report.chart import PALETTE

ROOT = Path(__file__).resolve().parent.parent
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def _browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("!!! NO BROWSER: the HTML report was NOT tested in a browser. Install Chromium "
                "(`apt-get update && apt-get install -y chromium`, as .ci/run does) to run this test. !!!")


def _run(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    """Headless Chromium (as root it needs --no-sandbox), its own profile directory, no network needed."""
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
           "--force-device-scale-factor=1",
           "--hide-scrollbars", f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)  # a hang guard only


class _Dom(HTMLParser):
    """What the test reads from the rendered DOM: the verdict paragraph's text and the chart's drawn paths."""

    def __init__(self) -> None:
        super().__init__()
        self.in_verdict = False
        self.verdict = ""
        self.svg = 0
        self.paths: list[str] = []
        self.in_svg = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "p" and a.get("id") == "verdict-paragraph":
            self.in_verdict = True
        if tag == "svg" and a.get("id") == "progression-chart":
            self.svg += 1
            self.in_svg = True
        if tag == "path" and self.in_svg:
            self.paths.append(a.get("d") or "")

    def handle_endtag(self, tag):
        if tag == "p":
            self.in_verdict = False
        if tag == "svg":
            self.in_svg = False

    def handle_data(self, data):
        if self.in_verdict:
            self.verdict += data


def _pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB or RGBA PNG (what Chromium writes): width, height, rows of raw pixels."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        body = png[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    bpp = 3 if colour == 2 else 4
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, corner = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(line) if bpp == 3 else bytes(b for k in range(width) for b in line[4 * k:4 * k + 3]))
        prev = line
    return width, height, rows


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict:
    browser = _browser()
    out = tmp_path_factory.mktemp("browser")
    page = out / "report-2007.html"
    assert main(["report", str(ROOT / "seasons/porsche-supercup/2007"), "--format", "html", "-o", str(page)]) == 0
    dom = _run(browser, out / "profile-dom", "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    shot = out / "report-2007.png"
    run = _run(browser, out / "profile-shot", "--window-size=1100,1300", f"--screenshot={shot}", page.as_uri())
    assert run.returncode == 0 and shot.is_file(), run.stderr[-2000:]
    return {"dom": dom.stdout, "png": shot.read_bytes()}


def test_browser_shows_the_verdict_and_the_champion(rendered):
    dom = _Dom()
    dom.feed(rendered["dom"])
    assert "Verdict: CONSISTENT." in dom.verdict
    assert "Declared champion Richard Westbrook" in dom.verdict and "is proven" in dom.verdict


def test_browser_dom_has_the_chart_with_drawn_paths(rendered):
    dom = _Dom()
    dom.feed(rendered["dom"])
    assert dom.svg == 1
    drawn = [d for d in dom.paths if d.startswith("M") and d.count("L") >= 10]  # 11 rounds: 11 segments a line
    assert len(drawn) >= 3, dom.paths[:5]


def test_browser_screenshot_is_not_blank_and_shows_the_chart(rendered):
    width, height, rows = _pixels(rendered["png"])
    assert (width, height) == (1100, 1300)
    colours = {row[i:i + 3] for row in rows[::4] for i in range(0, len(row), 12)}
    assert len(colours) > 20  # text, tables, bands: not a blank page
    champion = bytes(int(PALETTE[0][k:k + 2], 16) for k in (1, 3, 5))  # the first series: the champion
    hits = sum(row[i:i + 3] == champion for row in rows for i in range(0, len(row), 3))  # legend square: 144
    assert hits >= 400, f"champion's series colour {PALETTE[0]} drawn in only {hits} places"
