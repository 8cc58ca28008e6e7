#!/usr/bin/env python3
"""Fills in the trade explorer's filters (/trades/) in headless Chromium the way a reader does,
submits them, and prints what the page then shows, as JSON:

  {"form_visible": true, "status": "...", "rows": [[cell text, ...], ...], "links": [[href, ...], ...],
   "address": "/trades/?member=...", "without_js_rows": N}

FILTERS is a JSON object of field name → value (text fields typed, selects chosen by value,
"late": true ticks the box). With --no-js the page is loaded with JavaScript off and only the
server-rendered table is read. Used by Tests/SiteTests/BrowserTests.swift.
usage: explore-in-browser.py PAGE_URL FILTERS_JSON [--no-js]
"""
import json
import sys

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from chromium import chromium


def table(driver):
    rows, links = [], []
    for tr in driver.find_elements(By.CSS_SELECTOR, "#trade-table tbody tr"):
        rows.append([td.text for td in tr.find_elements(By.TAG_NAME, "td")])
        links.append([a.get_attribute("pathname") for a in tr.find_elements(By.CSS_SELECTOR, "a") if a.get_attribute("host") == driver.execute_script("return location.host")])
    return rows, links


def main():
    url, filters = sys.argv[1], json.loads(sys.argv[2])
    no_js = "--no-js" in sys.argv[3:]
    driver = chromium(*(["--blink-settings=scriptEnabled=false"] if no_js else []))
    try:
        driver.get(url)
        form = driver.find_element(By.ID, "trade-filters")
        visible = form.is_displayed()
        if no_js:
            rows, links = table(driver)
            print(json.dumps({"form_visible": visible, "status": driver.find_element(By.ID, "trade-status").text, "rows": rows, "links": links}))
            return
        driver.execute_script("document.getElementById('trade-filter-box').open = true")
        for name, value in filters.items():
            field = form.find_element(By.NAME, name)
            if field.tag_name == "select":
                Select(field).select_by_value(value)
            elif field.get_attribute("type") == "checkbox":
                if bool(value) != field.is_selected():
                    field.click()
            elif field.get_attribute("type") in ("date", "hidden"):
                driver.execute_script("arguments[0].value = arguments[1]", field, value)
            else:
                field.clear()
                field.send_keys(value)
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        try:
            WebDriverWait(driver, 20).until(lambda d: "match" in d.find_element(By.ID, "trade-status").text
                                           or "could not" in d.find_element(By.ID, "trade-status").text)
        except TimeoutException:
            pass
        rows, links = table(driver)
        address = driver.execute_script("return location.pathname + location.search")
        print(json.dumps({"form_visible": visible, "status": driver.find_element(By.ID, "trade-status").text,
                          "rows": rows, "links": links, "address": address}))
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
