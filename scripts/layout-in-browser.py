#!/usr/bin/env python3
"""Loads pages of a served site in headless Chromium (Debian's chromium and chromedriver,
driven by Selenium) at a phone's and a desktop's width and reports, as one JSON line:

  {"pages": [{"path": ..., "width": 390, "scroll_width": ..., "overflow": [...],
              "smallest_chart_text_px": ..., "broken_values": [...], "axe": [...]}]}

- scroll_width: the document's width; wider than the viewport means the page scrolls sideways.
  overflow names the widest elements that stick out (tag, class, text), for finding why.
- smallest_chart_text_px: the smallest rendered font size of any SVG chart text, in CSS pixels.
- broken_values: dates and amounts (numeric cells and <time>) laid out on more than one line.
- axe: axe-core's violations (id and the first offending element), when --axe is given.
- A screenshot of each page at each width is written to SCREENSHOT_DIR when given.

Used by Tests/SiteTests/BrowserTests.swift.
usage: layout-in-browser.py BASE_URL [--axe] [--screenshots DIR] PATH...
"""
import base64
import json
import os
import sys

from chromium import chromium


WIDTHS = (390, 1280)

MEASURE = """
// The layout viewport: a mobile browser widens window.innerWidth to fit what overflows.
const width = document.documentElement.clientWidth;
const out = [];
for (const e of document.querySelectorAll('body *')) {
  const r = e.getBoundingClientRect();
  if (r.right > width + 0.5 && r.width > 0) {
    // Inside a box that scrolls on its own, sticking out is what the box is for.
    let scroller = e.parentElement, inside = false;
    while (scroller && scroller !== document.body) {
      const s = getComputedStyle(scroller);
      if ((s.overflowX === 'auto' || s.overflowX === 'scroll' || s.overflowX === 'hidden')
          && scroller.getBoundingClientRect().right <= width + 0.5) { inside = true; break; }
      scroller = scroller.parentElement;
    }
    if (!inside) out.push({tag: e.tagName.toLowerCase(), cls: e.className && e.className.baseVal === undefined ? e.className : '',
                           right: Math.round(r.right), text: (e.textContent || '').trim().slice(0, 60)});
  }
}
out.sort((a, b) => b.right - a.right);
let smallest = null;
for (const t of document.querySelectorAll('svg text')) {
  const r = t.getBoundingClientRect();
  if (r.height === 0) continue;
  const svg = t.ownerSVGElement, box = svg.getBoundingClientRect(), vb = svg.viewBox.baseVal;
  const scale = vb && vb.width ? box.width / vb.width : 1;
  const size = parseFloat(getComputedStyle(t).fontSize) * scale;
  if (smallest === null || size < smallest) smallest = size;
}
const broken = [];
for (const e of document.querySelectorAll('td.num, time')) {
  // Lines the text is laid out on: distinct tops of its fragments.
  const range = document.createRange();
  range.selectNodeContents(e);
  const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
  if (tops.size > 1) broken.push(e.textContent.trim().slice(0, 40));
}
return {scroll_width: document.documentElement.scrollWidth, overflow: out.slice(0, 5),
        smallest_chart_text_px: smallest === null ? null : Math.round(smallest * 10) / 10, broken_values: broken.slice(0, 5)};
"""


def main():
    args = sys.argv[1:]
    base = args.pop(0).rstrip("/")
    axe = "--axe" in args
    if axe:
        args.remove("--axe")
    shots = None
    if "--screenshots" in args:
        i = args.index("--screenshots")
        shots = args[i + 1]
        del args[i:i + 2]
        os.makedirs(shots, exist_ok=True)
    axe_source = None
    if axe:
        import axe_selenium_python
        with open(os.path.join(os.path.dirname(axe_selenium_python.__file__), "node_modules", "axe-core", "axe.min.js")) as f:
            axe_source = f.read()

    driver = chromium("--hide-scrollbars")
    pages = []
    try:
        for width in WIDTHS:
            # The window's outer size differs from the viewport by the browser's frame: set the
            # viewport itself, as a phone has it.
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
            for path in args:
                driver.get(base + path)
                result = driver.execute_script(MEASURE)
                result.update({"path": path, "width": width})
                # Before axe-core, which scrolls boxes to reach what it checks.
                if shots:
                    # The whole page (up to 6,000 px) at this width. Captured with mobile emulation
                    # off: with it on, Chromium draws boxes that scroll sideways scrolled to their
                    # end in a capture beyond the viewport (their scrollLeft stays 0).
                    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                           {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False})
                    height = min(driver.execute_script("return document.documentElement.scrollHeight"), 6000)
                    png = driver.execute_cdp_cmd("Page.captureScreenshot", {
                        "captureBeyondViewport": True, "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
                    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                           {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
                    name = (path.strip("/").replace("/", "_") or "home") + f"-{width}.png"
                    with open(os.path.join(shots, name), "wb") as f:
                        f.write(base64.b64decode(png["data"]))
                if axe_source:
                    driver.execute_script(axe_source)
                    found = driver.execute_async_script(
                        "const done = arguments[arguments.length - 1];"
                        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map("
                        "v => ({id: v.id, impact: v.impact, target: v.nodes.length ? v.nodes[0].target.join(' ') : '', nodes: v.nodes.length}))));")
                    result["axe"] = found
                pages.append(result)
    finally:
        driver.quit()
    print(json.dumps({"pages": pages}))


if __name__ == "__main__":
    main()
