#!/usr/bin/env python3
"""Types a query into the site's search box in headless Chromium (Debian's chromium and
chromedriver, driven by Selenium) and prints what a reader sees, as JSON:

  {"status": "...", "results": [{"name": ..., "href": ..., "text": ...}], "alert": false}

Used by Tests/SiteTests/BrowserTests.swift. usage: search-in-browser.py PAGE_URL QUERY
"""
import json
import sys

from selenium.common.exceptions import NoAlertPresentException, TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from chromium import chromium


def main():
    url, query = sys.argv[1], sys.argv[2]
    driver = chromium()
    try:
        driver.get(url)
        box = driver.find_element(By.ID, "search-q")
        for ch in query:  # one key at a time, as a person types
            box.send_keys(ch)
        wait = WebDriverWait(driver, 10)
        try:
            wait.until(lambda d: query in (d.find_element(By.CSS_SELECTOR, "#search-results p").text if d.find_elements(By.CSS_SELECTOR, "#search-results p") else ""))
        except TimeoutException:
            pass
        status = driver.find_elements(By.CSS_SELECTOR, "#search-results p")
        results = [
            {"name": li.find_element(By.TAG_NAME, "a").text,
             "href": li.find_element(By.TAG_NAME, "a").get_attribute("pathname"),
             "text": li.text}
            for li in driver.find_elements(By.CSS_SELECTOR, "#search-results li")
        ]
        try:
            driver.switch_to.alert
            alert = True
        except NoAlertPresentException:
            alert = False
        injected = len(driver.find_elements(By.CSS_SELECTOR, "#search-results script, #search-results img"))
        print(json.dumps({"status": status[0].text if status else None, "results": results, "alert": alert, "injected": injected}))
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
