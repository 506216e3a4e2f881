"""The pages for people, driven in a real headless Chromium against a real uvicorn over the shipped data.

Debian's ``chromium`` and ``chromium-driver`` (installed by ``.ci/apt-packages``) run offline: every
resource a page loads must come from the service itself. Expected values are read from the service's
own SPARQL endpoint, not typed out here.
"""

from __future__ import annotations

import csv
import io
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service as DriverService
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from api.negotiation import RESULT_FORMATS
from tests.test_api.conftest import free_port, service_env, start, stop, wait_until_up

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
MEETING = "/id/meeting/2018-02-26-eu-us-jha-senior-officials-sofia"
WAIT = 30  # seconds a page may take to show what is awaited (the store answers in milliseconds)


@dataclass
class Service:
    """A running service: its base URL."""

    url: str

    def select(self, query: str) -> list[dict[str, str]]:
        """Rows of a SELECT query asked through the SPARQL protocol, as plain strings."""
        response = httpx.get(
            f"{self.url}/sparql",
            params={"query": query},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert response.status_code == 200, response.text
        return [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """``uvicorn api.main:create_app`` on a free loopback port over a fresh store with the shipped data."""
    directory = tmp_path_factory.mktemp("pages-service")
    port, log = free_port(), directory / "server.log"
    command = [sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory",
               "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
    process = start(command, log, env=service_env(directory / "store", EUUS_QUERY_WORKERS="1"))
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(f"{url}/health", process, log)
        yield Service(url)
    finally:
        stop(process)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    """Headless Chromium through Debian's chromedriver, with a fresh profile and no network of its own."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.fail("Debian's chromium and chromium-driver are missing: run .ci/apt-packages as root")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tmp_path_factory.mktemp("chromium-profile")
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1280,1000"):  # fmt: skip
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=DriverService(CHROMEDRIVER))
    driver.set_page_load_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_for(driver: WebDriver, css: str, count: int = 1) -> list[WebElement]:
    """The elements matching ``css`` once at least ``count`` of them are on the page."""
    found: list[WebElement] = []

    def enough(d: WebDriver) -> bool:
        found[:] = d.find_elements(By.CSS_SELECTOR, css)
        return len(found) >= count

    WebDriverWait(driver, WAIT).until(enough, f"fewer than {count} elements match {css!r}")
    return found


def assert_loaded_only_from(driver: WebDriver, service: Service) -> None:
    """Every resource the page loaded (scripts, styles, fonts, data) came from the service."""
    names = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    foreign = [name for name in names if not name.startswith((service.url + "/", "data:"))]
    assert foreign == [], f"loaded from elsewhere: {foreign}"


def test_index_renders_with_its_chart(browser: WebDriver, service: Service) -> None:
    browser.get(service.url + "/")
    bars = wait_for(browser, "svg.timeline rect.bar")
    dated = service.select(
        "SELECT ?m ?start WHERE { ?m a euus:Meeting ; schema:startDate ?start FILTER(STRLEN(STR(?start)) >= 7) }"
    )
    assert sum(int(bar.get_attribute("data-count")) for bar in bars) == len(dated)
    assert all(bar.size["height"] > 0 for bar in bars if bar.get_attribute("data-count") != "0")
    meetings = service.select("SELECT (COUNT(?m) AS ?n) WHERE { ?m a euus:Meeting }")[0]["n"]
    cards = {card.text.split("\n")[1]: card.text.split("\n")[0] for card in wait_for(browser, ".cards li")}
    assert cards["Meetings"] == meetings
    today = browser.execute_script("return new Date().toISOString().slice(0, 10)")
    in_office = service.select(f"""SELECT ?label WHERE {{ ?p a euus:CouncilPresidency ; skos:prefLabel ?label ;
        euus:membership/org:memberDuring [ dcat:startDate ?from ; dcat:endDate ?to ]
        FILTER(LANG(?label) = "en" && STR(?from) <= "{today}" && STR(?to) >= "{today}") }}""")
    section = wait_for(browser, "section[aria-labelledby=presidency]")[0]
    assert [row["label"] for row in in_office] == [section.find_element(By.CSS_SELECTOR, "a").text]
    assert_loaded_only_from(browser, service)


def test_meeting_page_links_through_to_its_organisations(browser: WebDriver, service: Service) -> None:
    browser.get(service.url + MEETING)
    participants = wait_for(browser, "section[aria-labelledby=section-1] li")
    texts = [li.text for li in participants]
    assert "Europol — EU side — member of the delegation — customary composition" in texts
    expected = service.select(
        f"""SELECT DISTINCT ?who WHERE {{ <{service_iri(MEETING)}> cv:hasParticipation/cv:hasParticipant ?who }}"""
    )
    links = [a.get_attribute("href") for a in wait_for(browser, "section[aria-labelledby=section-1] li a")]
    assert sorted(links) == sorted(service.url + "/id/" + row["who"].split("/id/", 1)[1] for row in expected)
    europol = next(
        a
        for a in wait_for(browser, "section[aria-labelledby=section-1] li a")
        if a.text.startswith("Europol")
    )
    europol.send_keys(Keys.ENTER)  # follow the link from the keyboard
    heading = wait_for(browser, "h1")[0]
    assert browser.current_url == service.url + "/id/org/europol" and heading.text == "Europol"
    back = [a.get_attribute("href") for a in wait_for(browser, "section li a")]
    assert service.url + MEETING in back
    assert_loaded_only_from(browser, service)


def service_iri(path: str) -> str:
    """The IRI of a resource page path."""
    return "https://w3id.org/euus-kg" + path


def test_query_page_runs_an_example_and_shows_rows(browser: WebDriver, service: Service) -> None:
    browser.get(service.url + "/sparql")
    button = next(b for b in wait_for(browser, "[data-example]") if b.text == "Who met most often")
    button.click()
    query = browser.execute_script("return document.querySelector('.CodeMirror').CodeMirror.getValue()")
    expected = service.select(query)
    assert expected, "the example query answers nothing on the shipped data"
    rows = wait_for(browser, ".yasr table tbody tr", len(expected))
    assert len(rows) == len(expected)
    assert expected[0]["organisation"] in rows[0].text
    csv_link = wait_for(browser, "#downloads a[data-format=csv]")[0]
    shown = {a.get_attribute("data-format") for a in wait_for(browser, "#downloads a") if a.is_displayed()}
    assert shown == {f.names[0] for f in RESULT_FORMATS if f.names}  # a SELECT's result formats, no RDF one
    download = httpx.get(csv_link.get_attribute("href"))
    assert download.headers["content-type"].startswith("text/csv")
    assert len(list(csv.DictReader(io.StringIO(download.text)))) == len(expected)
    assert_loaded_only_from(browser, service)


def test_query_in_the_address_is_filled_in_and_run(browser: WebDriver, service: Service) -> None:
    query = "SELECT ?meeting WHERE { ?meeting a <https://w3id.org/euus-kg/ontology#Meeting> }"
    browser.get(f"{service.url}/sparql?query={quote(query)}")
    rows = wait_for(browser, ".yasr table tbody tr", len(service.select(query)))
    shown = browser.execute_script("return document.querySelector('.CodeMirror').CodeMirror.getValue()")
    assert shown == query and len(rows) == len(service.select(query))
    links = [a.get_attribute("href") for row in rows for a in row.find_elements(By.CSS_SELECTOR, "a")]
    assert links and all(link.startswith(service.url + "/id/meeting/") for link in links)


def test_docs_render_offline(browser: WebDriver, service: Service) -> None:
    browser.get(service.url + "/docs")
    paths = set(httpx.get(service.url + "/openapi.json").json()["paths"])
    shown = {el.get_attribute("data-path") for el in wait_for(browser, ".opblock-summary-path", len(paths))}
    assert paths <= shown
    assert_loaded_only_from(browser, service)


def test_store_lists_graphs_in_a_browser(browser: WebDriver, service: Service) -> None:
    browser.get(service.url + "/store")
    graphs = service.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    rows = wait_for(browser, "tbody tr", len(graphs))
    assert len(rows) == len(graphs)
    turtle = rows[0].find_element(By.CSS_SELECTOR, "a[href*='format=turtle']").get_attribute("href")
    response = httpx.get(turtle)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")


def test_the_editor_lets_the_keyboard_out(browser: WebDriver, service: Service) -> None:
    browser.get(service.url + "/sparql")
    wait_for(browser, ".CodeMirror")
    browser.execute_script("document.querySelector('.CodeMirror').CodeMirror.focus()")
    inside = (
        "return document.activeElement === document.querySelector('.CodeMirror').CodeMirror.getInputField()"
    )
    assert browser.execute_script(inside)
    before = browser.execute_script("return document.querySelector('.CodeMirror').CodeMirror.getValue()")
    browser.switch_to.active_element.send_keys(Keys.TAB)
    assert not browser.execute_script(inside), "Tab stays in the editor: a keyboard trap"
    assert (
        browser.execute_script("return document.querySelector('.CodeMirror').CodeMirror.getValue()") == before
    )
