#!/usr/bin/env python3
"""Opens report pages in headless Chromium at 1,280 px and checks what a reader would see.

For every page:
  - no console error, and the page does not scroll sideways;
  - on every chart, each legend entry has drawn marks, all in the swatch's colour, and nothing
    drawn with a key is missing from the legend;
  - clicking a numeric column heading sorts the table by the cells' data-value and shows the
    sort indicator (aria-sort), both ways;
  - the full-page screenshot is not blank.
For a sweep folder (DIR with index.html, results.csv and manifest.json), also, computed from
results.csv and the space independently of the page:
  - every Pareto chart of a scenario draws marks of every policy with an eligible row there that
    has both of the chart's metrics, and the oracle only as its line;
  - every such scenario (of the first twelve) has its Pareto charts.

With --self-test, each sweep folder is also checked in broken copies (a swatch recoloured, a
policy's marks removed, a chart too wide, the sort script gone, a script error), each of which
must fail: the check itself is tested.

Usage: browser-check.py [--screenshots DIR] [--self-test] PAGE_OR_SWEEP_DIR...
Needs Debian's chromium and chromium-driver and PyPI's selenium and PyYAML.
"""
import argparse
import base64
import csv
import json
import os
import re
import shutil
import struct
import sys
import tempfile
import zlib

import yaml
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

WIDTH = 1280
OFFLOADING = {"gpu-offload", "smoe-evict", "smoe-sub", "smoe-pf", "smoe"}
SUBSTITUTING = {"tp-lb-pf-sub", "smoe-sub", "smoe-pf", "smoe"}


class Failures:
    def __init__(self):
        self.messages = []

    def check(self, condition, message):
        if not condition:
            self.messages.append(message)
        return condition


def browser():
    options = Options()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                     f"--window-size={WIDTH},1000"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver_path = next((p for p in ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
                        if os.path.exists(p)), None)
    service = Service(driver_path) if driver_path else Service()
    return webdriver.Chrome(service=service, options=options)


# Colour of each keyed element as the browser paints it (computed style), legend or not.
CHART_SCRIPT = """
function paint(e) {
  var s = getComputedStyle(e);
  var fill = s.fill, stroke = s.stroke;
  var blank = fill === 'none' || fill === 'rgb(255, 255, 255)' || e.tagName === 'polyline';
  return blank ? stroke : fill;
}
return Array.prototype.map.call(document.querySelectorAll('svg.chart'), function (svg) {
  var legend = {}, marks = {};
  svg.querySelectorAll('.legend-item').forEach(function (item) {
    var swatch = item.querySelector('.swatch');
    legend[item.getAttribute('data-key')] = swatch ? paint(swatch) : null;
  });
  svg.querySelectorAll('[data-key]').forEach(function (e) {
    if (e.closest('.legend')) return;
    var key = e.getAttribute('data-key');
    (marks[key] = marks[key] || []).push({color: paint(e), tag: e.tagName});
  });
  return {kind: svg.getAttribute('data-chart'), scenario: svg.getAttribute('data-scenario'),
          x: svg.getAttribute('data-x'), y: svg.getAttribute('data-y'),
          title: (svg.querySelector('title') || {}).textContent, legend: legend, marks: marks};
});
"""


def check_charts(charts, failures, page):
    for chart in charts:
        name = f"{page}: {chart['kind']} chart '{chart['title']}'"
        failures.check(chart["kind"], f"{name}: no data-chart kind")
        failures.check(chart["legend"], f"{name}: no legend (keyed swatches)")
        for key, color in chart["legend"].items():
            drawn = chart["marks"].get(key, [])
            if failures.check(drawn, f"{name}: legend entry {key} has no marks"):
                wrong = [m["color"] for m in drawn if m["color"] != color]
                failures.check(not wrong, f"{name}: {key} swatch {color} but marks {sorted(set(wrong))}")
        if chart["kind"] in ("pareto", "units", "substitution", "validation", "bars", "timeline"):
            for key in chart["marks"]:
                failures.check(key in chart["legend"], f"{name}: {key} drawn but not in the legend")


def check_sorting(driver, failures, page):
    tables = [t for t in driver.find_elements(By.CSS_SELECTOR, "table.sortable")
              if len(t.find_elements(By.CSS_SELECTOR, "tbody tr")) >= 3]
    if not failures.check(tables, f"{page}: no sortable table with three rows or more"):
        return
    table = tables[0]
    headings = table.find_elements(By.CSS_SELECTOR, "thead th")
    numeric = [i for i, h in enumerate(headings) if "text" not in (h.get_attribute("class") or "")]
    if not failures.check(numeric, f"{page}: the first sortable table has no numeric column"):
        return
    column = numeric[0]
    for expected in ["ascending", "descending"]:
        driver.execute_script("arguments[0].scrollIntoView(); arguments[0].click();", headings[column])
        failures.check(headings[column].get_attribute("aria-sort") == expected,
                       f"{page}: clicking '{headings[column].text}' does not show {expected} order")
        values = driver.execute_script(
            "var column = arguments[1]; return Array.prototype.map.call(arguments[0].tBodies[0].rows,"
            " function (r) { return r.cells[column].getAttribute('data-value'); });", table, column)
        numbers = [float(v) for v in values if v is not None]
        ordered = sorted(numbers, reverse=expected == "descending")
        failures.check(numbers == ordered, f"{page}: column '{headings[column].text}' not sorted {expected}")


def png_is_blank(data):
    pos, idat = 8, b""
    while pos < len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IDAT":
            idat += body
    raw = zlib.decompress(idat)
    return len(set(raw[::max(1, len(raw) // 400000)])) < 16


def screenshot(driver, failures, page, out):
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": WIDTH, "height": height, "deviceScaleFactor": 1, "mobile": False})
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    data = base64.b64decode(shot["data"])
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    failures.check(not png_is_blank(data), f"{page}: the full-page screenshot is blank")
    if out:
        with open(out, "wb") as f:
            f.write(data)
    return height


def is_workload_key(key):
    return key == "model" or key.startswith(("model.", "workload.", "routing."))


def expected_policies(folder):
    """Per scenario key: per (x, y) metric pair, the policies a Pareto chart must draw."""
    with open(os.path.join(folder, "manifest.json")) as f:
        space = yaml.safe_load(json.load(f)["space"]["text"])
    with open(os.path.join(folder, "results.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    axes = list((space.get("axes") or {}).keys())
    candidates = space["scenario"] if "scenario" in space else [k for k in axes if is_workload_key(k)]
    scenario_axes = [k for k in candidates if len({r[k] for r in rows}) > 1]
    objectives = [list(o.values())[0] for o in space.get("objectives") or
                  [{"minimize": "tpot_ms"}, {"minimize": "energy_mj_per_token"}]]
    pairs = [(objectives[i], objectives[j]) for i in range(len(objectives)) for j in range(i + 1, len(objectives))]
    expected = {}
    for row in rows:
        if row["feasible"] != "true" or row["meets_constraints"] != "true":
            continue
        key = " ".join(f"{k}={row[k]}" for k in scenario_axes) or "all"
        for x, y in pairs:
            if row[x] != "" and row[y] != "":
                expected.setdefault(key, {}).setdefault((x, y), set()).add(row["policy"])
    return expected


def check_sweep(charts, folder, failures, page):
    expected = expected_policies(folder)
    pareto = [c for c in charts if c["kind"] == "pareto"]
    shown = {c["scenario"] for c in pareto}
    failures.check(len(shown) >= min(12, len(expected)),
                   f"{page}: Pareto charts for {len(shown)} scenarios, expected {min(12, len(expected))}")
    for chart in pareto:
        wanted = expected.get(chart["scenario"], {}).get((chart["x"], chart["y"]))
        if not failures.check(wanted is not None, f"{page}: a Pareto chart for unknown scenario "
                              f"{chart['scenario']} / {chart['x']}, {chart['y']}"):
            continue
        drawn = {k for k, marks in chart["marks"].items() if any(m["tag"] != "polyline" for m in marks)}
        missing = (wanted - {"oracle"}) - drawn
        failures.check(not missing, f"{page}: '{chart['title']}' ({chart['scenario']}) draws no "
                       f"marks of {sorted(missing)}")
        failures.check("oracle" not in drawn, f"{page}: '{chart['title']}' draws the oracle as marks")
        if "oracle" in wanted:
            failures.check("oracle" in chart["marks"], f"{page}: '{chart['title']}' lacks the oracle's line")


def check_page(driver, target, failures, screenshots):
    folder = target if os.path.isdir(target) else None
    page = os.path.join(target, "index.html") if folder else target
    driver.get("file://" + os.path.abspath(page))
    for entry in driver.get_log("browser"):
        failures.check(entry["level"] != "SEVERE", f"{page}: console error: {entry['message']}")
    width = driver.execute_script("return document.documentElement.scrollWidth")
    failures.check(width <= WIDTH, f"{page}: the page scrolls sideways ({width} px wide at {WIDTH} px)")
    charts = driver.execute_script(CHART_SCRIPT)
    failures.check(charts, f"{page}: no charts")
    check_charts(charts, failures, page)
    if folder and os.path.exists(os.path.join(folder, "results.csv")):
        check_sweep(charts, folder, failures, page)
    check_sorting(driver, failures, page)
    out = None
    if screenshots:
        os.makedirs(screenshots, exist_ok=True)
        name = os.path.basename(os.path.normpath(folder or os.path.dirname(page) or "page"))
        out = os.path.join(screenshots, name + ".png")
    height = screenshot(driver, failures, page, out)
    return f"{page}: {len(charts)} charts, {width} x {height} px"


def recolour_swatch(html):
    i = html.index('class="legend-item" data-key="')
    j = html.index('fill="#', i)
    return html[:j] + 'fill="#123456"' + html[j + len('fill="#123456"'):]


def drop_policy_marks(html):
    start = html.index('data-chart="pareto"')
    end = html.index("</svg>", start)
    chart = html[start:end]
    key = re.search(r'class="mark[^"]*"[^>]*data-key="([^"]+)"|data-key="([^"]+)"[^>]*class="mark', chart)
    policy = key.group(1) or key.group(2)
    pattern = r'<(circle|rect|polygon)[^>]*data-key="%s"[^>]*>(<title>[^<]*</title>)?</\1>' % re.escape(policy)
    trimmed = re.sub(pattern, "", chart)
    assert trimmed != chart, "self-test: no marks to remove"
    return html[:start] + trimmed + html[end:]


MUTATIONS = {
    "a recoloured legend swatch": recolour_swatch,
    "a policy's marks removed": drop_policy_marks,
    "a chart too wide for the page": lambda h: h.replace('<svg xmlns', '<svg style="min-width:1500px" xmlns', 1),
    "the sort script removed": lambda h: re.sub(r"<script>.*?</script>", "<script></script>", h, flags=re.S),
    "a script error": lambda h: h.replace("</body>", "<script>undefinedFunction();</script></body>"),
}


def self_test(driver, folder):
    """Checks broken copies of `folder`'s page; returns the mutations the check missed."""
    missed = []
    with open(os.path.join(folder, "index.html")) as f:
        html = f.read()
    for name, mutate in MUTATIONS.items():
        copy = tempfile.mkdtemp(prefix="browser-check-")
        try:
            for file in ["results.csv", "manifest.json"]:
                shutil.copy(os.path.join(folder, file), copy)
            with open(os.path.join(copy, "index.html"), "w") as f:
                f.write(mutate(html))
            failures = Failures()
            check_page(driver, copy, failures, None)
            print(f"browser-check: self-test, {name}: {len(failures.messages)} failures found")
            if not failures.messages:
                missed.append(name)
        finally:
            shutil.rmtree(copy)
    return missed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--screenshots", help="write each page's full-page screenshot here")
    parser.add_argument("--self-test", action="store_true", help="also check broken copies of each sweep page")
    parser.add_argument("targets", nargs="+", help="report pages or sweep folders")
    arguments = parser.parse_args()
    failures = Failures()
    driver = browser()
    try:
        for target in arguments.targets:
            print("browser-check: " + check_page(driver, target, failures, arguments.screenshots))
            if arguments.self_test and os.path.isdir(target):
                for name in self_test(driver, target):
                    failures.check(False, f"self-test: {target} with {name} passed the check")
    finally:
        driver.quit()
    for message in failures.messages:
        print("browser-check: FAIL " + message, file=sys.stderr)
    return 1 if failures.messages else 0


if __name__ == "__main__":
    sys.exit(main())
