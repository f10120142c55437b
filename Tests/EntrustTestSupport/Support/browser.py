#!/usr/bin/env python3
"""Drives headless Chromium through the DevTools protocol for entrust's browser tests.

Usage: browser.py BASE_URL OUTPUT_DIR SCENARIO JSON_ARGS
Prints one JSON object on stdout with what the browser saw. Waits on conditions with generous deadlines (a loaded
2-core machine is slow); it never asserts speed. Screenshots go to OUTPUT_DIR. Needs Debian's chromium and
python3-websocket (installed by `make deps`).
"""
import base64, json, os, shutil, subprocess, sys, tempfile, time, urllib.request
import websocket

DEADLINE = 60.0


class Browser:
    def __init__(self, out_dir):
        self.out_dir = out_dir
        self.profile = tempfile.mkdtemp(prefix="entrust-chromium-")
        args = ["chromium", "--headless=new", "--remote-debugging-port=0", "--user-data-dir=" + self.profile,
                "--no-first-run", "--no-default-browser-check", "--disable-gpu", "--disable-extensions",
                "--disable-dev-shm-usage", "--disable-background-networking", "--disable-sync", "--password-store=basic",
                "--window-size=1280,900", "about:blank"]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.time() + DEADLINE
        while not os.path.exists(port_file) or os.path.getsize(port_file) == 0:
            if time.time() > deadline or self.process.poll() is not None:
                raise RuntimeError("chromium did not start")
            time.sleep(0.1)
        port = open(port_file).read().split("\n")[0].strip()
        targets = []
        while not any(t.get("type") == "page" for t in targets):
            targets = json.load(urllib.request.urlopen("http://127.0.0.1:%s/json/list" % port, timeout=30))
            if time.time() > deadline:
                raise RuntimeError("no page target")
            time.sleep(0.1)
        page = next(t for t in targets if t.get("type") == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=DEADLINE, suppress_origin=True)
        self.next_id = 0
        self.events = []
        self.call("Page.enable")
        self.call("Network.enable")
        self.call("Runtime.enable")

    def call(self, method, **params):
        self.next_id += 1
        ident = self.next_id
        self.ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError("%s: %s" % (method, message["error"]))
                return message.get("result", {})
            self.events.append(message)

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError("script failed: %s" % result["exceptionDetails"].get("text"))
        return result["result"].get("value")

    def wait_for(self, expression, what):
        deadline = time.time() + DEADLINE
        while time.time() < deadline:
            try:
                if self.evaluate(expression):
                    return
            except RuntimeError:
                pass  # the page is navigating
            time.sleep(0.2)
        raise RuntimeError("timed out waiting for " + what + " on " + str(self.evaluate("location.href")))

    def navigate(self, url):
        self.events = []
        self.call("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete' && location.href !== 'about:blank'", "page load")

    def last_status(self, path_part):
        status = None
        for event in self.events:
            if event.get("method") == "Network.responseReceived":
                response = event["params"]["response"]
                if path_part in response["url"] and event["params"].get("type") == "Document":
                    status = response["status"]
        return status

    def viewport(self, width, height, mobile):
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=mobile)

    def screenshot(self, name):
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        path = os.path.join(self.out_dir, name + ".png")
        with open(path, "wb") as handle:
            handle.write(base64.b64decode(data))
        return path

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
        self.evaluate("""(() => {
            document.querySelector('input[name=username]').value = %s;
            document.querySelector('input[name=password]').value = %s;
            document.getElementById('signin').click(); return true; })()""" % (json.dumps(username), json.dumps(password)))
        self.wait_for("!location.pathname.startsWith('/login') && document.readyState === 'complete'", "sign-in")

    def close(self):
        try:
            self.ws.close()
        except Exception:
            pass
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def officer_completes(browser, base, args):
    browser.viewport(360, 740, True)
    browser.sign_in(base, args["username"], args["password"])
    result = {"landed": browser.evaluate("location.pathname")}
    browser.wait_for("document.querySelector('form.done-form') !== null", "an obligation to complete")
    result["week"] = browser.page_facts()
    browser.screenshot("officer-week-360")
    ref = browser.evaluate("document.querySelector('form.done-form input[name=ref]').value")
    result["ref"] = ref
    browser.evaluate("""(() => { const form = document.querySelector('form.done-form');
        form.querySelector('textarea').value = %s; form.querySelector('button').click(); return true; })()""" % json.dumps(args["evidence"]))
    browser.wait_for("location.search.indexOf('done=') >= 0 && document.readyState === 'complete'", "the done confirmation")
    result["doneItem"] = browser.evaluate("""(() => {
        const item = document.getElementById('ob-' + %s.split(':').join('_'));
        return item ? {status: item.querySelector('span').className, text: item.innerText} : null; })()""" % json.dumps(ref))
    result["flash"] = browser.evaluate("(document.querySelector('.flash') || {}).innerText || ''")
    browser.screenshot("officer-done-360")
    pages = {}
    for path in args.get("pages", []):
        browser.navigate(base + path)
        pages[path] = browser.page_facts()
        pages[path]["status"] = browser.last_status(path.split("?")[0])
        browser.screenshot("officer" + path.replace("/", "_").replace("?", "_").replace("=", "-").replace("@", "_").replace(":", "_") + "-360")
    result["pages"] = pages
    return result


def staff_dashboard(browser, base, args):
    browser.viewport(1280, 900, False)
    browser.sign_in(base, args["username"], args["password"])
    result = {"landed": browser.evaluate("location.pathname")}
    browser.navigate(base + "/dashboard")
    browser.wait_for("document.querySelectorAll('svg.chart-svg').length >= 3", "the dashboard charts")
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
    result["slots"] = browser.evaluate("document.querySelectorAll('[data-slot]').length")
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
        browser.screenshot("staff" + path.replace("/", "_").replace("?", "_").replace("=", "-").replace("@", "_").replace(":", "_") + "-360")
    result["pages"] = pages
    return result


def officer_other_group(browser, base, args):
    browser.viewport(360, 740, True)
    browser.sign_in(base, args["username"], args["password"])
    browser.navigate(base + "/groups/" + args["own"])
    result = {"own": {"status": browser.last_status("/groups/" + args["own"]), "heading": browser.evaluate("document.querySelector('h1').innerText")}}
    browser.navigate(base + "/groups/" + args["other"])
    result["other"] = {"status": browser.last_status("/groups/" + args["other"]),
                       "heading": browser.evaluate("document.querySelector('h1').innerText"),
                       "mentionsGroup": browser.evaluate("document.body.innerText.indexOf(%s) >= 0" % json.dumps(args["otherName"]))}
    browser.screenshot("officer-other-group-360")
    return result


SCENARIOS = {"officer-completes": officer_completes, "staff-dashboard": staff_dashboard, "officer-other-group": officer_other_group}

if __name__ == "__main__":
    base, out_dir, scenario, raw = sys.argv[1:5]
    os.makedirs(out_dir, exist_ok=True)
    browser = Browser(out_dir)
    try:
        print(json.dumps(SCENARIOS[scenario](browser, base, json.loads(raw))))
    except Exception as error:  # the test prints this and fails
        try:
            browser.screenshot(scenario + "-failure")
        except Exception:
            pass
        print(json.dumps({"error": str(error)}))
    finally:
        browser.close()
