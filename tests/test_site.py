"""``learnkit site``: the library as a static website, checked as files and in headless Chromium.

The site's HTML is read with html.parser (every link resolves inside the
folder, nothing is loaded from elsewhere, headings go in order, landmarks and a
skip link on every page), its privacy checked over every file it writes, and
its rebuilds file by file. The browser tests (tests/browser.py) open the pages
from file:// and check the console, the requests, the search and axe-core's
accessibility rules; they skip, saying why, where Chromium or axe-core cannot
be had.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import browser as chromium
import pytest
from clirun import fails, ok, write_toml
from pdfmaker import make_pdf
from typer.testing import CliRunner

from learnkit.errors import ExitCode

TODAY = "2026-12-01"
SECRET = "secret-review-b"
SECRET_TITLE = "Review of the Hidden Family"


ADD = ["actions", "add"]
REVIEW_A = {
    "slug": "review-a",
    "title": "Learning Review: Child A",
    "kind": "learning-review",
    "date": "2025-06",
    "area": "Bedford Borough",
    "summary": "Practitioners missed the signs of chronic neglect at home. The review looked at two years.",
    "themes": ["neglect"],
    "learning": ["Keep the child at the centre of every assessment."],
    "good_practice": ["The school nurse shared concerns early."],
    "recommendations": ["Use interpreters for every parent who needs one.", "Audit neglect cases."],
}
SECRET_REVIEW = {
    "slug": SECRET,
    "title": SECRET_TITLE,
    "kind": "learning-review",
    "date": "2025-07",
    "status": "restricted",
    "summary": "Zebracorn practice in a restricted case.",
    "themes": ["neglect", "domestic-abuse"],
    "recommendations": ["Share information quickly."],
}


@pytest.fixture
def cli(library_with: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """The bundled records, one published review with a tracker plan and one restricted review with one."""
    monkeypatch.setenv("LEARNKIT_TODAY", TODAY)
    library_with(
        "site",
        records=[REVIEW_A, SECRET_REVIEW],
        commands=[
            ["actions", "respond", "review-a", "1", "accepted", "--reason", "Interpreters are booked"],
            ADD + ["review-a", "1", "Audit interpreter use", "--owner", "Police", "--due", "2027-01-31"],
            ADD + [SECRET, "1", "Quietly fix the thing", "--owner", "Health", "--due", "2027-06-01"],
        ],
        env={"LEARNKIT_TODAY": TODAY},
    )
    return CliRunner()


def build(cli: CliRunner, out: Path, *extra: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(cli, "site", "-o", str(out), "--json", *extra).stdout)
    return data


class Page(HTMLParser):
    """What the tests need of a page: links, resources, headings, landmarks, ids, and its text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.resources: list[str] = []
        self.headings: list[int] = []
        self.tags: list[str] = []
        self.ids: set[str] = set()
        self.attrs: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.lang = ""
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        self.attrs.append((tag, values))
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "html":
            self.lang = values.get("lang", "")
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        if tag in ("script", "img", "iframe", "source", "video", "audio") and "src" in values:
            self.resources.append(values["src"])
        if tag == "link" and "href" in values:
            self.resources.append(values["href"])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


def pages(out: Path) -> dict[str, Page]:
    return {
        p.relative_to(out).as_posix(): Page(p.read_text(encoding="utf-8"))
        for p in sorted(out.rglob("*.html"))
    }


def everything(out: Path) -> str:
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in out.rglob("*") if p.is_file())


# --------------------------------------------------------------------------- the pages


def test_the_site_has_every_page_and_every_link_resolves(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = build(cli, out)
    assert result["written"] and result["unchanged"] == 0 and result["left_out"] == 1
    site = pages(out)
    for name in ("index.html", "themes.html", "new.html", "search.html", "records/review-a.html"):
        assert name in site
    assert "themes/neglect.html" in site and "records/rosza-malika.html" in site
    for name, page in site.items():
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https"):
                continue  # a record's source on its publisher's site: a link to follow, never loaded
            assert not parts.scheme and not parts.netloc, (name, href)
            target = (out / name).parent / unquote(parts.path) if parts.path else out / name
            assert target.resolve().is_file(), (name, href)
            if parts.fragment:
                assert parts.fragment in Page(target.read_text(encoding="utf-8")).ids, (name, href)
        for src in page.resources:
            parts = urlsplit(src)
            assert not parts.scheme and not parts.netloc and not src.startswith("//"), (name, src)
            assert ((out / name).parent / parts.path).resolve().is_file(), (name, src)
    css = (out / "assets" / "site.css").read_text(encoding="utf-8")
    assert "@import" not in css and "url(" not in css and "@media print" in css


def test_every_page_has_landmarks_a_skip_link_and_headings_in_order(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(cli, out)
    for name, page in pages(out).items():
        assert page.lang == "en-GB", name
        for landmark in ("header", "nav", "main", "footer"):
            assert landmark in page.tags, (name, landmark)
        first_link = next(values for tag, values in page.attrs if tag == "a")
        assert first_link.get("class") == "skip" and first_link["href"] == "#main", name
        assert "main" in page.ids
        assert page.headings[0] == 1 and page.headings.count(1) == 1, name
        for before, after in zip(page.headings, page.headings[1:], strict=False):
            assert after <= before + 1, (name, page.headings)
        for tag, values in page.attrs:
            if tag == "img":
                assert "alt" in values, name
            if tag == "input" and values.get("type") == "search":
                assert any(t == "label" and v.get("for") == values["id"] for t, v in page.attrs), name


def test_the_home_page_lists_local_learning_by_kind_then_national_learning(
    cli: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    build(cli, out)
    words = pages(out)["index.html"].words
    local, national = words.index("Local learning"), words.index("National learning")
    assert local < national
    assert local < words.index("Multi-agency audits") < words.index("Learning reviews") < national
    assert national < words.index("'Hidden' Men: Learning from Case Reviews")
    assert local < words.index("Learning Review: Child A") < national
    # Each record with its summary line: the first sentence, not the whole summary.
    assert "Practitioners missed the signs of chronic neglect at home." in words
    assert "The review looked at two years." not in words


def test_a_record_page_has_its_learning_its_plan_and_its_themes(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(cli, out)
    page = pages(out)["records/review-a.html"]
    words = page.words
    for text in (
        "Learning Review: Child A",
        "Keep the child at the centre of every assessment.",
        "The school nurse shared concerns early.",
        "Use interpreters for every parent who needs one.",
        "Response: Accepted: Interpreters are booked",
        "Open actions",
        "Audit interpreter use",
        "owner Police",
        "due 31 January 2027",
    ):
        assert text in words, text
    assert "../themes/neglect.html" in page.links


def test_a_theme_page_has_its_description_records_and_briefing(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(cli, out)
    words = pages(out)["themes/neglect.html"].words
    assert words.index("Neglect") < words.index("Records (")
    assert "7-minute briefing: Neglect" in words and "Questions for reflection" in words
    assert "Learning Review: Child A" in words
    index = pages(out)["themes.html"]
    assert "themes/neglect.html" in index.links
    count = re.search(r"Neglect\s*: (\d+) records", index.words)
    assert count is not None and int(count.group(1)) >= 2


def test_whats_new_lists_records_by_when_they_changed(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(cli, out)
    words = pages(out)["new.html"].words
    # review-a was imported in this test: the history dates it today, under this month.
    import datetime as dt

    month = dt.date.today().strftime("%B %Y")
    assert month in words and words.index(month) < words.index("Learning Review: Child A")


def test_the_search_index_holds_records_and_theme_aliases(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(cli, out)
    text = (out / "assets" / "search-index.js").read_text(encoding="utf-8")
    data = json.loads(text.split("=", 1)[1].strip().rstrip(";"))
    urls = {r["u"] for r in data["records"]}
    assert "records/review-a.html" in urls
    hidden = next(t for t in data["themes"] if t["id"] == "hidden-men")
    assert "hidden men" in [n.lower() for n in hidden["n"]] and len(hidden["n"]) > 2


# --------------------------------------------------------------------------- privacy and escaping


def test_restricted_records_and_their_actions_never_appear_unless_asked(
    cli: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    build(cli, out)
    text = everything(out)
    for secret in (SECRET, SECRET_TITLE, "Zebracorn", "Quietly fix the thing"):
        assert secret not in text, secret
    assert "Not for publication" not in text
    assert not (out / "records" / f"{SECRET}.html").exists()


def test_with_include_restricted_every_page_says_not_for_publication(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = build(cli, out, "--include-restricted")
    assert result["include_restricted"] is True and result["left_out"] == 0
    site = pages(out)
    assert f"records/{SECRET}.html" in site
    assert "Quietly fix the thing" in site[f"records/{SECRET}.html"].words
    for name, page in site.items():
        assert "Not for publication." in page.words, name
    # Built again without it, the restricted pages go and the banner with them.
    again = build(cli, out)
    assert f"records/{SECRET}.html" in again["removed"]
    assert SECRET not in everything(out) and "Not for publication" not in everything(out)


def test_text_from_records_is_escaped_and_control_characters_stripped(cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    write_toml(
        folder,
        {
            "slug": "odd-review",
            "title": 'Review <script>alert(1)</script> & "quotes"\u0007',
            "kind": "learning-review",
            "summary": "A summary with <b>markup</b> and a bell\u0007 in it.",
            "learning": ["<img src=x onerror=alert(2)> learning"],
        },
    )
    ok(cli, "import", str(folder))
    out = tmp_path / "site"
    build(cli, out)
    raw = (out / "records" / "odd-review.html").read_text(encoding="utf-8")
    assert "<script>alert" not in raw and "<b>markup" not in raw and "<img src=x" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;" in raw
    assert "\u0007" not in everything(out)
    assert "Review <script>alert(1)</script>" in Page(raw).words


# --------------------------------------------------------------------------- rebuilding


def test_a_rebuild_rewrites_only_what_changed_and_removes_what_is_gone(
    cli: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    first = build(cli, out)
    mine = out / "notes.txt"
    mine.write_text("the business unit's own file", encoding="utf-8")
    same = build(cli, out)
    assert same["written"] == [] and same["removed"] == []
    assert same["unchanged"] == len(first["written"])
    untouched = (out / "records" / "rosza-malika.html").stat().st_mtime_ns

    ok(cli, "edit", "review-a", "--set", "summary=Practitioners saw the neglect too late. More.")
    changed = build(cli, out)
    assert "records/review-a.html" in changed["written"] and "index.html" in changed["written"]
    assert "records/rosza-malika.html" not in changed["written"]
    assert (out / "records" / "rosza-malika.html").stat().st_mtime_ns == untouched
    assert "Practitioners saw the neglect too late." in pages(out)["records/review-a.html"].words

    ok(cli, "remove", "review-a", "--yes", "--force")  # with its actions
    gone = build(cli, out)
    assert "records/review-a.html" in gone["removed"]
    assert not (out / "records" / "review-a.html").exists()
    assert "review-a" not in (out / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert mine.read_text(encoding="utf-8") == "the business unit's own file"


def test_a_folder_that_is_not_a_site_is_refused_unless_forced(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "shared-drive"
    out.mkdir()
    (out / "minutes.docx").write_bytes(b"not ours")
    fails(cli, ExitCode.EXISTS, "site", "-o", str(out))
    assert not (out / "index.html").exists()
    build(cli, out, "--force")
    assert (out / "index.html").is_file() and (out / "minutes.docx").read_bytes() == b"not ours"
    build(cli, out)  # now a learnkit site: no --force needed
    assert (out / "minutes.docx").exists()
    afile = tmp_path / "a-file"
    afile.write_text("x", encoding="utf-8")
    fails(cli, ExitCode.INVALID, "site", "-o", str(afile))
    fails(cli, ExitCode.INVALID, "site", "-o", str(tmp_path / "no" / "such" / "place"))


def test_title_and_logo(cli: CliRunner, tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\nfake")
    out = tmp_path / "site"
    build(cli, out, "--title", "Bedford Borough: learning", "--logo", str(logo))
    page = pages(out)["records/review-a.html"]
    assert "Bedford Borough: learning" in page.words
    assert "../assets/logo.png" in page.resources
    assert (out / "assets" / "logo.png").read_bytes() == logo.read_bytes()
    assert (
        pages(out)["index.html"].headings[0] == 1
        and "Bedford Borough: learning" in pages(out)["index.html"].words
    )
    (tmp_path / "logo.txt").write_text("x", encoding="utf-8")
    fails(cli, ExitCode.INVALID, "site", "-o", str(out), "--logo", str(tmp_path / "logo.txt"))


def test_documents_are_listed_and_copied_with_with_documents(
    cli: CliRunner, tmp_path: Path, inbox: Path
) -> None:
    pdf = make_pdf(inbox / "Child A review.pdf", ["The review of Child A.", "Page two of the review."])
    ok(cli, "attach", "review-a", str(pdf))
    out = tmp_path / "site"
    build(cli, out)
    words = pages(out)["records/review-a.html"].words
    assert "Child A review.pdf (PDF," in words and "2 pages" in words
    assert not (out / "documents").exists()
    built = build(cli, out, "--with-documents")
    copied = out / "documents" / "review-a" / "Child-A-review.pdf"
    assert copied.read_bytes() == pdf.read_bytes()
    assert "documents/review-a/Child-A-review.pdf" in built["written"]
    page = pages(out)["records/review-a.html"]
    assert "../documents/review-a/Child-A-review.pdf" in page.links
    assert "Download Child A review.pdf" in page.words
    again = build(cli, out, "--with-documents")
    assert again["written"] == []
    dropped = build(cli, out)
    assert "documents/review-a/Child-A-review.pdf" in dropped["removed"] and not (out / "documents").exists()


def test_site_is_in_help(cli: CliRunner) -> None:
    result = ok(cli, "site", "--help")
    assert "Example: learnkit site" in result.output and "--include-restricted" in result.output


# --------------------------------------------------------------------------- in a browser


@pytest.fixture
def browser(tmp_path: Path) -> Any:
    reason = chromium.skip_reason()
    if reason:
        pytest.skip(reason)
    with chromium.Browser(tmp_path / "browser") as opened:
        yield opened


def test_pages_load_from_file_with_no_errors_and_no_network(
    cli: CliRunner, tmp_path: Path, browser: chromium.Browser
) -> None:
    out = tmp_path / "site"
    build(cli, out)
    for name in (
        "index.html",
        "themes.html",
        "new.html",
        "search.html",
        "records/review-a.html",
        "themes/neglect.html",
    ):
        loaded = browser.open((out / name).as_uri() + ("?q=neglect" if name == "search.html" else ""))
        assert loaded.errors == [], (name, loaded.errors)
        assert loaded.requests, name
        assert all(url.startswith("file://") for url in loaded.requests), (name, loaded.requests)
        # The style sheet was found and applied: the skip link is moved off the screen until focused.
        assert browser.evaluate("document.querySelector('.skip').getBoundingClientRect().left < 0"), name


def test_the_keyboard_reaches_the_skip_link_first_and_it_moves_to_the_content(
    cli: CliRunner, tmp_path: Path, browser: chromium.Browser
) -> None:
    out = tmp_path / "site"
    build(cli, out)
    browser.open((out / "records" / "review-a.html").as_uri())
    browser.press("Tab")
    assert browser.evaluate("document.activeElement.textContent") == "Skip to main content"
    # Focused, the skip link is on the screen.
    assert browser.evaluate("document.activeElement.getBoundingClientRect().left >= 0")
    browser.press("Enter")
    assert browser.evaluate("location.hash") == "#main"
    assert browser.evaluate("document.activeElement.id") == "main"
    browser.press("Tab")
    assert browser.evaluate("document.activeElement.closest('main') !== null")


def test_printed_pages_leave_out_the_navigation_and_search(
    cli: CliRunner, tmp_path: Path, browser: chromium.Browser
) -> None:
    out = tmp_path / "site"
    build(cli, out)
    browser.open((out / "records" / "review-a.html").as_uri())
    shown = "getComputedStyle(document.querySelector('%s')).display"
    assert browser.evaluate(shown % "nav") != "none"
    browser.media("print")
    for selector in ("nav", "form.search", ".skip"):
        assert browser.evaluate(shown % selector) == "none", selector
    assert browser.evaluate(shown % "main") != "none"
    browser.media("screen")


def _results(browser: chromium.Browser, out: Path, query: str) -> list[str]:
    from urllib.parse import quote

    loaded = browser.open((out / "search.html").as_uri() + "?q=" + quote(query))
    assert loaded.errors == []
    found: list[str] = browser.evaluate(
        "Array.from(document.querySelectorAll('#results li h3 a')).map(a => a.getAttribute('href'))"
    )
    return found


def test_the_search_finds_records_by_word_phrase_and_theme_alias(
    cli: CliRunner, tmp_path: Path, browser: chromium.Browser
) -> None:
    out = tmp_path / "site"
    build(cli, out)
    # A word, by its stem: "interpreter" is in review-a's recommendations as "interpreters".
    assert "records/review-a.html" in _results(browser, out, "interpreter")
    # A phrase as written; the same words out of order are not the phrase.
    assert "records/review-a.html" in _results(browser, out, '"school nurse shared"')
    assert "records/review-a.html" not in _results(browser, out, '"nurse school shared"')
    # A theme's alias finds the records of the theme.
    hidden = _results(browser, out, "invisible men")
    assert "records/nspcc-hidden-men.html" in hidden
    assert _results(browser, out, "zzqqxx") == []
    assert browser.evaluate("document.getElementById('q').value") == "zzqqxx"
    # A restricted record's words find nothing on a public site.
    assert _results(browser, out, "Zebracorn") == []


def test_no_serious_or_critical_accessibility_violation(
    cli: CliRunner, tmp_path: Path, browser: chromium.Browser
) -> None:
    axe = chromium.axe_script()
    if axe is None:
        pytest.skip("axe-core is not installed (scripts/test installs it from the npm registry)")
    out = tmp_path / "site"
    build(cli, out, "--include-restricted")
    # The check itself can fail: a page with an unlabelled field and an image without alt text.
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html><head><title>x</title></head><body><img src="nothing.png">'
        '<input type="text"></body></html>',
        encoding="utf-8",
    )
    browser.open(bad.as_uri())
    assert {v["impact"] for v in browser.axe(axe)} & {"serious", "critical"}
    names = [
        "index.html",
        "themes.html",
        "new.html",
        "search.html",
        "records/review-a.html",
        "themes/neglect.html",
    ]
    for name in names:
        browser.open((out / name).as_uri() + ("?q=neglect" if name == "search.html" else ""))
        found = [v for v in browser.axe(axe) if v["impact"] in ("serious", "critical")]
        assert found == [], (name, found)


def test_an_empty_library_makes_a_site_that_says_so(tmp_path: Path) -> None:
    runner = CliRunner()
    library = tmp_path / "empty-library"
    ok(runner, "init", str(library), "--empty")
    out = tmp_path / "site"
    data = json.loads(ok(runner, "-L", str(library), "site", "-o", str(out), "--json").stdout)
    assert data["records"] == 0 and data["pages"] == 4
    words = pages(out)
    assert "No local learning is in the library yet." in words["index.html"].words
    assert "Nothing is in the library yet." in words["new.html"].words
