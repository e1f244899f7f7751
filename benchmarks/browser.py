"""Debian's headless Chromium driven by Playwright: what a page weighs and what axe-core finds.

Shared by the browser tests (tests/browser/) and `make bench`. Never downloads a browser:
the executable is Debian's `chromium` package, installed by `make browser-deps`.
"""

from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.ecoindex import ecoindex

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parent.parent / "tests" / "browser" / "vendor" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


@dataclass(frozen=True)
class PageWeight:
    url: str
    bytes: int  # as transferred: compressed bodies plus headers
    requests: int
    dom: int
    ecoindex: float
    grade: str
    ges: float
    water: float

    @property
    def kb(self):
        return self.bytes / 1024

    def as_dict(self):
        return asdict(self)


def weigh(context, url):
    """Load `url` in a fresh page with the cache off and sum what the network carried (CDP)."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    requests, transferred = set(), {}

    def on_request(event):
        # data: URIs cost no transfer; a redirect reuses its requestId but is a request of its own.
        if not event["request"]["url"].startswith("data:"):
            requests.add((event["requestId"], event["request"]["url"]))

    cdp.on("Network.requestWillBeSent", on_request)
    cdp.on(
        "Network.loadingFinished",
        lambda event: transferred.__setitem__(event["requestId"], event["encodedDataLength"]),
    )
    page.goto(url, wait_until="networkidle")
    dom = page.evaluate("document.getElementsByTagName('*').length")
    page.close()
    size = int(sum(transferred.values()))
    result = ecoindex(dom=dom, requests=len(requests), size_kb=size / 1024)
    return PageWeight(
        url=url,
        bytes=size,
        requests=len(requests),
        dom=dom,
        ecoindex=result.score,
        grade=result.grade,
        ges=result.ges,
        water=result.water,
    )


def axe_violations(page, impacts=BLOCKING_IMPACTS):
    """axe-core's violations of the given impacts on the page as it is now.

    Evaluated through the DevTools protocol, so the page's own CSP (no inline script) stays on.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [v for v in violations if v["impact"] in impacts]


def describe_violations(violations):
    return "\n".join(
        f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})\n"
        + "\n".join(
            f"    {', '.join(map(str, node['target']))}: {node['failureSummary']}"
            for node in v["nodes"]
        )
        for v in violations
    )
