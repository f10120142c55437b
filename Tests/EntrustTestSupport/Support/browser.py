#!/usr/bin/env python3
"""Drives headless Chromium through Selenium (chromedriver) for entrust's browser tests.

Usage: browser.py BASE_URL OUTPUT_DIR SCENARIO JSON_ARGS
Prints one JSON object on stdout with what the browser saw, or {"error": ...} and a SCENARIO-failure.png screenshot.
Waits on conditions with generous deadlines (a loaded 2-core machine is slow); it never asserts speed. Screenshots
go to OUTPUT_DIR. Needs Debian's chromium, chromium-driver (/usr/bin/chromedriver) and python3-selenium (installed
by `make deps`); no Selenium Manager and no network: the driver's path is given.
HTTP statuses come from Chrome's performance log (Network.responseReceived); full-page screenshots and the phone
viewport go through chromedriver's DevTools commands.
Selenium, not our own DevTools client (issue 17): same JSON, byte-identical screenshots, ~0.5-1.3 s more a run (measured).
"""
import base64, json, os, shutil, sys, tempfile, time, urllib.parse
from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

DEADLINE = 60.0
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


class Browser:
    def __init__(self, out_dir):
        self.out_dir = out_dir
        self.driver = None
        self.profile = tempfile.mkdtemp(prefix="entrust-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for arg in ["--headless=new", "--user-data-dir=" + self.profile, "--no-first-run", "--no-default-browser-check",
                    "--disable-gpu", "--disable-extensions", "--disable-dev-shm-usage", "--disable-background-networking",
                    "--disable-sync", "--password-store=basic", "--window-size=1280,900"]:
            options.add_argument(arg)
        if os.geteuid() == 0:
            options.add_argument("--no-sandbox")
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        options.ignore_local_proxy_environment_variables()  # chromedriver is on 127.0.0.1, never behind a proxy
        try:
            self.driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
        except Exception:
            shutil.rmtree(self.profile, ignore_errors=True)
            raise
        self.driver.set_page_load_timeout(DEADLINE)
        self.driver.set_script_timeout(DEADLINE)
        self.events = []

    def evaluate(self, expression):
        return self.driver.execute_script("return " + expression)

    def wait_until(self, condition, what):
        try:
            return WebDriverWait(self.driver, DEADLINE, poll_frequency=0.2, ignored_exceptions=[WebDriverException]).until(condition)
        except TimeoutException:
            raise RuntimeError("timed out waiting for " + what + " on " + str(self.driver.current_url)) from None

    def wait_for(self, expression, what):
        self.wait_until(lambda driver: driver.execute_script("return " + expression), what)

    def path(self):
        return urllib.parse.urlsplit(self.driver.current_url).path

    def drain_log(self):
        for entry in self.driver.get_log("performance"):
            self.events.append(json.loads(entry["message"])["message"])

    def navigate(self, url):
        self.drain_log()
        self.events = []
        self.driver.get(url)
        self.wait_for("document.readyState === 'complete' && location.href !== 'about:blank'", "page load")

    def last_status(self, path_part):
        """The HTTP status of the last document whose URL contains path_part, since the last navigate."""
        self.drain_log()
        status = None
        for event in self.events:
            if event.get("method") == "Network.responseReceived":
                response = event["params"]["response"]
                if path_part in response["url"] and event["params"].get("type") == "Document":
                    status = response["status"]
        return status

    def viewport(self, width, height, mobile):
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})

    def screenshot(self, name):
        data = self.driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})["data"]
        path = os.path.join(self.out_dir, name + ".png")
        with open(path, "wb") as handle:
            handle.write(base64.b64decode(data))
        return path

    def text(self, element):
        """What the page shows of an element: its innerText, as the DOM computes it."""
        return element.get_property("innerText")

    def page_facts(self):
        """Width of the document, and the bytes of the page with everything it loaded."""
        return self.evaluate("""(() => {
            const nav = performance.getEntriesByType('navigation')[0];
            const resources = performance.getEntriesByType('resource');
            const bytes = (nav ? (nav.transferSize || nav.encodedBodySize || 0) : 0)
                + resources.reduce((sum, r) => sum + (r.transferSize || r.encodedBodySize || 0), 0);
            return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
                    bytes: bytes, htmlBytes: new TextEncoder().encode(document.documentElement.outerHTML).length,
                    resources: resources.length, title: document.title};
        })()""")

    def sign_in(self, base, username, password):
        self.navigate(base + "/login")
        for name, value in (("username", username), ("password", password)):
            field = self.driver.find_element(By.NAME, name)
            field.clear()
            field.send_keys(value)
        self.driver.find_element(By.ID, "signin").click()
        self.wait_for("!location.pathname.startsWith('/login') && document.readyState === 'complete'", "sign-in")

    def close(self):
        if self.driver is not None:
            try:
                self.driver.quit()  # ends chromium and chromedriver
            except Exception:
                pass
        # A helper process can still be writing into the profile as it goes, and rmtree then leaves a folder behind.
        deadline = time.time() + DEADLINE
        while os.path.exists(self.profile) and time.time() < deadline:
            shutil.rmtree(self.profile, ignore_errors=True)
            if os.path.exists(self.profile):
                time.sleep(0.2)


def screenshot_name(prefix, path):
    return prefix + path.replace("/", "_").replace("?", "_").replace("=", "-").replace("@", "_").replace(":", "_") + "-360"


def officer_completes(browser, base, args):
    browser.viewport(360, 740, True)
    browser.sign_in(base, args["username"], args["password"])
    result = {"landed": browser.path()}
    form = browser.wait_until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "form.done-form")),
                              "an obligation to complete")
    result["week"] = browser.page_facts()
    browser.screenshot("officer-week-360")
    ref = form.find_element(By.CSS_SELECTOR, "input[name=ref]").get_property("value")
    result["ref"] = ref
    evidence = form.find_element(By.TAG_NAME, "textarea")
    evidence.clear()
    evidence.send_keys(args["evidence"])
    form.find_element(By.TAG_NAME, "button").click()
    browser.wait_for("location.search.indexOf('done=') >= 0 && document.readyState === 'complete'", "the done confirmation")
    items = browser.driver.find_elements(By.ID, "ob-" + ref.replace(":", "_"))
    result["doneItem"] = {"status": items[0].find_element(By.TAG_NAME, "span").get_property("className"),
                          "text": browser.text(items[0])} if items else None
    flashes = browser.driver.find_elements(By.CSS_SELECTOR, ".flash")
    result["flash"] = (browser.text(flashes[0]) or "") if flashes else ""
    browser.screenshot("officer-done-360")
    pages = {}
    for path in args.get("pages", []):
        browser.navigate(base + path)
        pages[path] = browser.page_facts()
        pages[path]["status"] = browser.last_status(path.split("?")[0])
        browser.screenshot(screenshot_name("officer", path))
    result["pages"] = pages
    return result


def staff_dashboard(browser, base, args):
    browser.viewport(1280, 900, False)
    browser.sign_in(base, args["username"], args["password"])
    result = {"landed": browser.path()}
    browser.navigate(base + "/dashboard")
    browser.wait_until(lambda driver: len(driver.find_elements(By.CSS_SELECTOR, "svg.chart-svg")) >= 3, "the dashboard charts")
    # The evaluation charts, by their card's data-chart name: bars drawn, rendered width, and for the class
    # distribution the labels and the sum of the counts written above the bars.
    result["evaluationCharts"] = browser.evaluate("""Object.fromEntries(Array.from(document.querySelectorAll('[data-chart]')).map(card => {
        const svg = card.querySelector('svg.chart-svg');
        const texts = svg ? Array.from(svg.querySelectorAll('text')) : [];
        const middle = texts.filter(t => t.getAttribute('text-anchor') === 'middle');
        return [card.getAttribute('data-chart'), svg ? {
            bars: svg.querySelectorAll('rect').length, width: svg.getBoundingClientRect().width,
            labels: middle.filter((t, i) => i % 2 === 1).map(t => t.textContent),
            evaluated: middle.filter((t, i) => i % 2 === 0).map(t => parseInt(t.textContent.replace(/[.,]/g, ''), 10) || 0).reduce((a, b) => a + b, 0)
        } : null];
    }))""")
    result["charts"] = browser.evaluate("""Array.from(document.querySelectorAll('svg.chart-svg')).map(svg => ({
        label: svg.getAttribute('aria-label'), bars: svg.querySelectorAll('rect').length,
        width: svg.getBoundingClientRect().width, height: svg.getBoundingClientRect().height}))""")
    result["slots"] = len(browser.driver.find_elements(By.CSS_SELECTOR, "[data-slot]"))
    result["facts"] = browser.page_facts()
    browser.screenshot("staff-dashboard-1280")
    browser.viewport(360, 740, True)
    browser.navigate(base + "/dashboard")
    result["phone"] = browser.page_facts()
    browser.screenshot("staff-dashboard-360")
    pages = {}
    for path in args.get("pages", []):
        browser.navigate(base + path)
        pages[path] = browser.page_facts()
        pages[path]["status"] = browser.last_status(path.split("?")[0])
        browser.screenshot(screenshot_name("staff", path))
    result["pages"] = pages
    return result


def officer_other_group(browser, base, args):
    browser.viewport(360, 740, True)
    browser.sign_in(base, args["username"], args["password"])
    browser.navigate(base + "/groups/" + args["own"])
    result = {"own": {"status": browser.last_status("/groups/" + args["own"]),
                      "heading": browser.text(browser.driver.find_element(By.TAG_NAME, "h1"))}}
    browser.navigate(base + "/groups/" + args["other"])
    result["other"] = {"status": browser.last_status("/groups/" + args["other"]),
                       "heading": browser.text(browser.driver.find_element(By.TAG_NAME, "h1")),
                       "mentionsGroup": args["otherName"] in browser.text(browser.driver.find_element(By.TAG_NAME, "body"))}
    browser.screenshot("officer-other-group-360")
    return result


SCENARIOS = {"officer-completes": officer_completes, "staff-dashboard": staff_dashboard, "officer-other-group": officer_other_group}


def message(error):
    # Selenium's str() appends chromedriver's native stack trace; the message is what a person needs.
    return error.msg if isinstance(error, WebDriverException) and error.msg else str(error)


if __name__ == "__main__":
    base, out_dir, scenario, raw = sys.argv[1:5]
    os.makedirs(out_dir, exist_ok=True)
    try:
        browser = Browser(out_dir)
    except Exception as error:
        print(json.dumps({"error": "chromium did not start: " + message(error)}))
        sys.exit(0)
    try:
        print(json.dumps(SCENARIOS[scenario](browser, base, json.loads(raw))))
    except Exception as error:  # the test prints this and fails
        try:
            browser.screenshot(scenario + "-failure")
        except Exception:
            pass
        print(json.dumps({"error": message(error)}))
    finally:
        browser.close()
