#!/usr/bin/env python3
"""Clicks a sortable table's column header twice in headless Chromium (Debian's chromium and
chromedriver, driven by Selenium) and prints what a reader sees after each click, as JSON:

  {"clicks": [{"aria_sort": "ascending", "marker": "\" ▲\" / \"\"", "cells": [...]}, ...]}

Used by Tests/SiteTests/BrowserTests.swift. usage: sort-in-browser.py PAGE_URL HEADER_TEXT
"""
import json
import sys

from selenium.webdriver.common.by import By

from chromium import chromium


def main():
    url, header = sys.argv[1], sys.argv[2]
    driver = chromium()
    try:
        driver.get(url)
        table = driver.find_element(By.CSS_SELECTOR, "table.sortable")
        headers = table.find_elements(By.CSS_SELECTOR, "thead th")
        index = [h.text.strip() for h in headers].index(header)
        clicks = []
        for _ in range(2):
            headers[index].find_element(By.TAG_NAME, "button").click()
            cells = driver.execute_script(
                "return Array.from(arguments[0].tBodies[0].rows).map(r => r.cells[arguments[1]].textContent.trim())", table, index)
            after = driver.execute_script("return getComputedStyle(arguments[0], '::after').content",
                                          headers[index].find_element(By.TAG_NAME, "button"))
            clicks.append({"aria_sort": headers[index].get_attribute("aria-sort"), "marker": after, "cells": cells})
        print(json.dumps({"clicks": clicks}))
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
