"""Headless Chromium for the browser checks (search-in-browser.py, sort-in-browser.py,
layout-in-browser.py): Debian's chromium and chromedriver, driven by Selenium."""
from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def chromium(*extra_flags):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage") + extra_flags:
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
