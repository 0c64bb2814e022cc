"""What a document says about itself: its title (subjects, cover furniture, dates, partners, kinds: sibling
modules).

Read from the text of its first pages the way a practitioner reads a cover:
the document's own title (not the web page's chrome, a date, "Agenda item"
or a section word), the child or family it is about ("Child M", "Baby L",
"Family T"), the partnership or board and the publisher, the date it gives
for itself (a "Published:" or "Date of report:" line, the cover's date) and
the kind of review it is. Each value found keeps its evidence: the page and
the line that gave it. Protective markings ("OFFICIAL-SENSITIVE", "DRAFT")
are lines of their own, usually repeated on the pages; a word such as
"confidential" in running prose is not one.

Pure functions over page text; learnkit.knowledge.describe puts them together.
"""

from __future__ import annotations

import re

from learnkit.knowledge.cover import (
    address_lines,
    english_side,
    field_or_credit,
    furniture,
    is_welsh,
    issue_line,
)
from learnkit.knowledge.dates import is_date_line
from learnkit.knowledge.found import Found, page_lines
from learnkit.knowledge.markings import marking_of
from learnkit.knowledge.partners import brand_line, describes_own, find_partnership, only_partnership
from learnkit.knowledge.subjects import SUBJECT as _SUBJECT

# --------------------------------------------------------------------------- chrome and titles

# Lines that are web-site furniture, mirror-site chrome, meeting papers' headings or page furniture.
_CHROME = re.compile(
    r"^\[?skip to (?:main )?content\]?\.?$|^upload:? \w+$|^post(?:ed)? on\b"
    r"|^\d+ (?:views?|likes?|downloads?)\b"
    r"|\blikes? \| \d+ views?\b|^category:?$|^documents?$|^\d+ downloads?$|^transcript of\b|^hostname:"
    r"|\btotal loading time\b|^you are here\b|^dismiss\b|^share (?:this|on)\b|^subscribe\b|cookies?\b"
    r"|^(?:main )?menu$|^search\b|\blogo$|^top of page$|^size: view this website|^image representing"
    r"|^(?:download|read more|print|back to|return to|see also|related|caption)\b|^agenda item\b"
    r"|^item no\b|^last updated\b|^page \d+(?: of \d+)?$|^\d+(?: of \d+)?$|^e n d$|^article text$"
    r"|^main posts$|^erthyglau newyddion\b|^our training and resources$|^training and resources\b"
    r"|^(?:home|news|about us|contact us)(?: \||$)|^source:|^by [A-Z][\w.]+(?: [A-Z][\w.]+)* on \d"
    r"|^enter your email|^join \d+ other|^\(?pdf,? \d|^report documents$|^full report$|^classification$"
    r"|^(?:published|commissioned|prepared|produced|written|compiled|funded)(?: online)? (?:by|for)\b"
    r"|^correspondence to\b|^rights (?:&|and) permissions\b|^affiliations?:"
    r"|^presented\s+(?:at|to)\b"  # a conference abstract's credit
    r"|^in\s+this\s+(?:edition|issue)\b"  # a newsletter's list of its contents
    r"|^official(?:\s*[-–:]\s*(?:public|unclassified))?$"  # the everyday marking, which restricts nothing
    # GOV.UK's label for the type of a publication, over its title
    r"|^(?:research and analysis|policy paper|independent report|corporate report|press release|news story"
    r"|official statistics|statutory guidance|transparency data)$"
    r"|\.{4,}\s*\d+$|…{2,}\s*\d+$"  # a contents line: "Learning from reviews ........ 9"
    # the name of the template a paper was written on ("NCC Poster Template"); a review's form filled in
    # ("Rapid Review Template") is that review
    r"|^(?!.*\breview\b).*\btemplate$",
    re.I,
)
# Words that, alone (or numbered), are a section heading and not a document's title.
_SECTION_WORDS = frozenset(
    (  # noqa: SIM905
        "abstract aims aim background introduction contents summary overview foreword preface glossary "
        "findings recommendations conclusion conclusions method methodology appendix appendices purpose "
        "scope themes references incident title investigators funding results discussion acknowledgements "
        "context chronology analysis learning actions outcomes definitions definition resources "
        "safeguarding terms of reference table the case key a school details review report messages points"
    ).split()
)
_TITLE_WORDS = re.compile(
    r"\b(?:review|reviews|briefing|audit|report|learning|lessons|guidance|policy|procedures?|protocol"
    r"|strategy|framework|analysis|summary|overview|evaluation|inquiry|investigation|study|research"
    r"|handbook|toolkit|leaflet|newsletter|statement|bulletin|spotlight|minute|step|inspections?)\b",
    re.I,
)


def is_chrome(line: str) -> bool:
    """Whether a line is site furniture, page furniture or a meeting paper's heading, not content."""
    line = line.strip()
    if _CHROME.search(line):
        return True
    if line.count("|") >= 2 or line.count(" / ") >= 2 or line.count(" > ") >= 2 or line.startswith("/ "):
        # breadcrumbs, tables
        return True
    return not any(ch.isalpha() for ch in line)


def is_section_word(line: str) -> bool:
    """Whether a line is a section's heading word or two ("Background", "1. Key findings")."""
    words = re.sub(r"^[\d.\s]+", "", line).lower().replace("’", "'").strip(" :.-").split()
    if words[-2:-1] in (["learning"], ["case"]) and words[-1] == "review":
        return False  # the kind of review a cover names: "Learning Review", "Case Review"
    return (
        bool(words)
        and len(words) <= 3
        and all(w in _SECTION_WORDS or w.strip("'s") in _SECTION_WORDS for w in words)
    )


_WEB = re.compile(r"(?:https?://|www\.|sites\.)\S*")


def _clean_title(line: str) -> str:
    """A title line without mirror-site residue: a trailing "...", " - Gov.uk", a leading page number,
    a web address run into it; and a question heading after it ("Threshold Audit – What is it?")."""
    line = re.sub(r"^page \d+:\s*", "", line, flags=re.I)
    line = english_side(line)
    line = re.sub(_WEB.pattern, " ", line)  # first: it may be run into a word
    line = re.sub(r"\b[\w-]+(?:\.[\w-]+)*\.(?:gov|org|co|ac|nhs)\.uk\S*", " ", line)
    line = re.sub(r"\s+[-–:]\s+(?:what|why|how|who|when|where)\b[^–:]{0,40}\?$", "", line, flags=re.I)
    line = " ".join(line.split())
    # A title run on into the text under it on a flattened page: "... Core Groups This briefing for ...".
    cut = re.sub(
        r"\s+(?:This|The)\s+(?:briefing|report|review|document|paper|leaflet|guidance)\b.*$", "", line
    )
    line = cut if len(cut.split()) >= 3 else line
    line = re.sub(r"^(?:\d+(?:\.\d+)+\.?|\d+\.)\s*(?=[A-Z])", "", line)  # a section's number
    line = re.sub(r"\s*(?:\.\.\.|…)\s*(?:·.*)?$", "", line)
    line = re.sub(r"\s+[-|–]\s+(?:gov\.uk|pdf)$", "", line, flags=re.I)
    line = re.sub(r"\s*\(\s*pdf[^)]*\)$", "", line, flags=re.I)
    line = line.split(" · ")[0]
    line = re.sub(r"(\breview)\s+template$", r"\1", line, flags=re.I)
    # A flattened cover runs its date into its title: "... Review Child R Published May 2021".
    line = re.sub(
        r"\s+(?:published|date\s+of\s+publication):?\s+(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:[A-Za-z]+\s+)?(?:19|20)\d\d$",
        "",
        line,
        flags=re.I,
    )
    # A partnership's short name after the title says who made it: "Serious Case Review - KSCB".
    line = re.sub(r"\s+[-–|]\s+[A-Z]{0,3}S[CA][BP]$", "", line)
    return line.strip(" -–|·:;,")


def _title_score(line: str, index: int, repeated: bool) -> float:
    """How much a cleaned candidate line reads like the document's own title (higher is better)."""
    words = line.split()
    score = 0.0
    if _TITLE_WORDS.search(line):
        score += 2.0
    if _SUBJECT.search(line):
        # A line that is only the child's name (in two languages on a Welsh cover: "Plentyn B / Child B")
        # is who the review is about; the title is the line that says what the document is.
        rest = _SUBJECT.sub(" ", line)
        rest = re.sub(r"\b(?:Plentyn|Babi|Teulu)\s+[A-Z]{1,3}\d{0,2}\b|[\W\d_]", " ", rest)
        score += 2.0 if rest.split() or _TITLE_WORDS.search(line) else -0.5
    if only_partnership(line) or brand_line(line) or _made_with(line):
        score -= 2.0  # who made it, not what it is
    elif _collection(line):
        score -= 4.0  # who made it and the collection a chapter is in (its title words are the collection's)
    elif describes_own(line):
        score -= 1.5  # a summary of the document under its title
    elif find_partnership([line]) is not None:
        score += 0.5
    long_words = [w for w in words if len(w) > 3 and w[0].isalpha()]
    if long_words and sum(w[0].isupper() for w in long_words) / len(long_words) >= 0.6:
        score += 1.0
    if repeated:
        score += 1.0
    if line.endswith(".") and len(words) > 8:
        score -= 2.5  # a sentence of running text
    elif line.endswith(".") and len(words) >= 4 and not _title_case(line):
        score -= 1.5  # a short sentence: "This review concerns Child H."
    elif len(words) > 10 and re.search(r"\w, (?!and |or )[a-z]|\w\. [A-Z]", line):
        score -= 2.0  # prose: a clause after a comma, or a second sentence
    elif _SUBTITLED.fullmatch(line) and len(words) <= 20 and index <= 3:
        score += (
            1.5  # a title and its subtitle at the top: "The needs of young carers: what psychiatry can do"
        )
    if line[0].islower():
        score -= 1.0
    if len(words) < 3:
        score -= 1.0
    if re.search(r"\b(?:of|into|the|a|an|for|to|and|in|on|by|with|concerning|respect)$", line, re.I):
        score -= 1.5  # a title cut short where it wrapped: "... Review into the"
    if len(words) > 16:
        score -= 1.5
    return score - 0.15 * index


# A partnership's set of procedures, over each chapter's page: "Kingsbridge SCP Procedures Manual".
_COLLECTION = re.compile(
    r"\s+(?:(?:multi[\s-]*agency\s+|child\s+protection\s+|safeguarding\s+)?procedures(?:\s+(?:manual|online))?"
    r"|handbook)$",
    re.I,
)


def _collection(line: str) -> bool:
    """Whether a line names only a partnership's procedures manual, the collection a chapter is in."""
    match = _COLLECTION.search(line.strip())
    return match is not None and only_partnership(line.strip()[: match.start()])


def _made_with(line: str) -> bool:
    """Whether a line names who made a document with whom: "Southbay Safeguarding Children Partnership
    in partnership with the Child Death Overview Panel"."""
    maker = find_partnership([line])
    if maker is None or not line.casefold().startswith(maker.value.casefold()):
        return False
    rest = line[len(maker.value) :].strip(" ,")
    return (
        re.match(
            r"(?:in\s+partnership\s+with|working\s+with|together\s+with|with|on\s+behalf\s+of"
            r"|supported\s+by|and\s+the)\b",
            rest,
            re.I,
        )
        is not None
    )


# "Main title: its subtitle", each side at least two words; not a label ("Key findings include:").
_SUBTITLED = re.compile(r"[^:]*\w\s+\w[^:]*:\s+\w+\s+\w[^:]*(?<![.:;,])")
# A line under a headline that dates it or names who wrote it: "Published online by ...", "By ... on".
_DATELINE = re.compile(
    r"^(?:(?:first\s+)?published|posted|publish\s+date|date\s+published|by\s+[A-Z])\b", re.I
)


def title_candidates(pages: list[str], metadata_title: str = "") -> list[tuple[float, str, int]]:
    """Lines of the first page that could be the document's title, best first, as (score, line, page)."""
    found: list[tuple[float, str, int]] = []
    number = 1
    # A title entry cut short ("The Overview Report - Kingsford Safeguarding Children...") is no
    # title its author gave: a line of the page that starts as it does, and goes on, is.
    # (A mirror site's residue after the title, "... · ..." or a web address, cuts nothing of it.)
    stem = re.sub(r"\s*(?:\.\.\.|…)$", "", metadata_title.strip())
    head = metadata_title.split(" · ")[0]
    cut = stem != metadata_title.strip() and " · " not in metadata_title and not _WEB.search(head)
    lines = page_lines(pages[0]) if pages else []
    if not any(_content(ln) for ln in lines if not _contents_entry(ln)) and len(pages) > 1:
        number, lines = 2, page_lines(pages[1])  # a first page of furniture, or only a contents list
    if len(pages) > number:
        # The page's last line of running text usually runs on onto the next page: a fragment, not a
        # title. It runs on only where the text fills the page's width; the last line of a cover (its
        # title, over a date or nothing) is where the cover ends.
        last = max((i for i, ln in enumerate(lines) if _content(ln)), default=-1)
        full = _text_width(lines[:40])
        wide = last >= 0 and full >= 60 and len(lines[last]) >= 0.85 * full
        if wide and not lines[last].endswith((".", "?", "!")):
            lines = [ln for i, ln in enumerate(lines) if i != last]
    # A cover's address block and version line stand between a title's parts, or over it.
    address = address_lines(lines[:40])
    kept = [ln for i, ln in enumerate(lines[:40]) if i not in address and not furniture(ln)]
    joined = _join_wrapped(kept, metadata_title)
    seen: dict[str, int] = {}
    for line in joined:
        seen[line.casefold()] = seen.get(line.casefold(), 0) + 1
    # A breadcrumb ("Home / For professionals / Reviews / <page>") ends with the page's own title.
    # It may wrap: a line with one " / " under a breadcrumb's line still ends with the title.
    crumbs = {
        ln.rsplit(sep, 1)[1].strip().casefold()
        for sep in (" / ", " > ")
        for i, ln in enumerate(joined)
        if ln.count(sep) >= 2 or (sep in ln and i > 0 and sep in joined[i - 1])
    }
    if metadata_title and _content(metadata_title):
        joined = [metadata_title, *joined]
    index = 0
    kicker = bool(metadata_title) and only_partnership(metadata_title)
    contents = issue = False
    for i, line in enumerate(joined):
        if re.fullmatch(r"(?:table\s+of\s+)?contents:?", line.strip(), re.I):
            contents = True  # what follows, "Findings 9", is the contents list's entries
        issue = issue or (i < 6 and issue_line(line))
        if contents and _contents_entry(line):
            continue
        if not _content(line) or is_section_word(line) or re.match(r"^[•*·▪●◦-]", line):
            continue  # a list's item is not a title
        pointer = _READ_THE.match(line) or _NAMED_DOC.match(line)
        label = _TITLE_LABEL.match(line) or pointer
        # A form sets its "Title" label on a line of its own, above the title.
        under_label = (
            i > 0
            and re.fullmatch(r"(?:report\s+|document\s+)?title:?|document(?:\s+name)?:", joined[i - 1], re.I)
            is not None
        )
        title = _clean_title(label.group(1) if label else line)
        # A flattened cover may begin with its page's number: "1 KINGSFORD SAFEGUARDING CHILDREN BOARD".
        numbered = re.match(r"\d{1,3}\s+(?=[A-Z])", title)
        if numbered and find_partnership([title[numbered.end() :]]) is not None:
            title = title[numbered.end() :]
        maker = find_partnership([title])
        if (
            maker is not None
            and title.casefold().startswith(maker.value.casefold())
            and len(title.split()) - len(maker.value.split()) >= 3
            and not title[len(maker.value) :].strip(" -–:|,")[:1].islower()
        ):
            # (A headline whose subject is the partnership, "... Board publishes Child Practice Review",
            # keeps its name.)
            # A cover that runs the partnership's name into the title: who made it is not what it is.
            title = title[len(maker.value) :].strip(" -–:|,")
        tail = re.search(r"\s+[-–|]\s+([^-–|]+)$", title)
        if tail and only_partnership(tail.group(1)) and len(title[: tail.start()].split()) >= 3:
            title = title[: tail.start()]  # "Serious Case Review - Child G - Kingsford Safeguarding Board"
        words = title.split()
        # The metadata's title, or a line that it is the start of (a title cut short in the metadata).
        own = (line is metadata_title and not cut) or label is not None or under_label
        if stem and len(stem.split()) >= 2 and title.startswith(stem) and not (cut and title == stem):
            own = True
        if not (1 if own else 2) <= len(words) <= 30 or is_section_word(title):
            continue
        if sum(ch.isalpha() for ch in title) < (3 if own else 8) or only_partnership(title):
            continue  # too short to name anything, or the name of who made it
        if re.search(r"\bcontents\b", title, re.I):
            continue  # a contents list, or a heading run into one
        # A running header is often the title cut short: the whole title is the candidate.
        if not own and any(other != line and other.startswith(line) for other in joined[i + 1 : i + 4]):
            continue
        repeated = (
            seen.get(line.casefold(), 0) > 1 or (own and line.casefold() in seen) or line.casefold() in crumbs
        )
        score = _title_score(title, index, repeated)
        if issue and not issue_line(line):
            score -= 3.0  # under a newsletter's issue line, the headlines of its articles
        masthead = i + 1 < len(joined) and issue_line(joined[i + 1])
        if masthead:
            score += 2.0  # over it, the newsletter's name, known with its issue
        if is_welsh(title) and any(
            _TITLE_WORDS.search(ln) and not is_welsh(ln) for ln in joined[i + 1 : i + 3]
        ):
            score -= 2.0  # the Welsh side of a bilingual cover, over its English title
        if cut and title.casefold() == _clean_title(stem).casefold():
            score -= 2.0  # the title entry cut short, wherever the page prints it: a fragment
        # A long title is a title and its subtitle ("The Myth of Invisible Men - Safeguarding ..."),
        # not two sentences of prose.
        titled = len(words) <= 15 or (len(words) <= 25 and re.search(r" [-–:] |: ", title) is not None)
        prose = title.endswith(".") or re.search(r", [a-z]|\. [A-Z]", title) is not None
        if label is not None and titled and not title.endswith("."):
            # A field or a news page's pointer names the document outright, commas and all
            # ("Read the review: Shattered lives, stolen futures: ..."): it outranks the page's heading.
            # A news page's pointer names the document it is about, which outranks the page's headline.
            score += 4.0 if pointer is not None else 3.0
            prose = False
        if (
            own
            and titled
            and not prose
            and not only_partnership(title)
            and not brand_line(title)
            and not _collection(title)
        ):
            # The title its author gave the file, when it reads as one; "Safeguarding Children:" is a label.
            score += 2.0 if line.rstrip().endswith(":") else 4.0
        if line.casefold() in crumbs:
            score += 1.5
        issue_of = joined[i + 1].replace(" | ", ", ") if masthead else ""
        whole = f"{title} – {issue_of}" if masthead else _with_subtitle(title, joined[i + 1 :])
        # A headline above its dateline; a title and the subtitle under it, above the dateline.
        following = next((ln for ln in joined[i + (1 if whole == title else 2) :][:1]), "")
        second = next((ln for ln in joined[i + (2 if whole == title else 3) :][:1]), "")
        # A standfirst under its headline does not take the headline's dateline.
        standfirst = i > 0 and _standfirst(title, joined[i - 1])
        if following and (_DATELINE.match(following) or is_date_line(following)) and not prose:
            score += 0.0 if standfirst else 1.0
        elif second and (_DATELINE.match(second) or is_date_line(second)) and _standfirst(following, title):
            score += 1.0  # a headline over its standfirst, over its dateline
        if index == 0 and kicker and not prose:
            score += 1.5  # the headline under a page title that only names who made it
        found.append((score, whole, number))
        index += 1
    found.sort(key=lambda c: -c[0])
    return found


def _contents_entry(line: str) -> bool:
    """Whether a line is a contents list's heading or entry: "Contents", "3. Findings ....... 9"."""
    line = line.strip()
    return bool(re.fullmatch(r"(?:table\s+of\s+)?contents:?", line, re.I) or re.search(r"\s\d{1,3}$", line))


def _standfirst(line: str, headline: str) -> bool:
    """Whether ``line`` reads as a standfirst under ``headline``: a longer line in sentence case."""
    words = line.split()
    return (
        len(words) >= 8
        and len(words) > len(headline.split())
        and not _title_case(line)
        and _content(line)
        and _TITLE_WORDS.search(headline) is not None
    )


def _with_subtitle(title: str, after: list[str]) -> str:
    """A short title with the subtitle or standfirst set under it ("9 steps to improving neglect
    assessments - Robyn Johnson shares her lessons from evaluating the Graded Care Profile")."""
    if len(title.split()) > 6:
        return title
    following = next((ln for ln in after if _clean_title(ln).casefold() != title.casefold()), "")
    words = following.split()
    if not 4 <= len(words) <= 14 or following.endswith((".", ":", "?")) or not _content(following):
        return title
    if (
        is_section_word(following)
        or only_partnership(following)
        or re.search(r"[:|/\d]|^[•*·▪●◦-]", following)  # a label, a list's item, a date
        or _SUBJECT.search(following)
        or len(_TITLE_WORDS.findall(following)) > 1  # the title of something else
        or (_TITLE_WORDS.search(following) is None and _title_case(following))  # another heading
    ):
        return title
    return f"{title} – {following}"


def _content(line: str) -> bool:
    """Whether a line may be part of a title: not chrome, a date line, a form's field or a marking."""
    if _TITLE_LABEL.match(line) or _READ_THE.match(line) or _NAMED_DOC.match(line):
        return True
    return not (
        is_chrome(line)
        or is_date_line(line)
        or field_or_credit(line)
        or furniture(line)
        or marking_of(line) is not None
    )


# A news page's pointer to the document it is about: "Read the briefing: Voice of the child: ...".
_READ_THE = re.compile(
    r"^(?:read|download|view)\s+the\s+(?:full\s+)?(?:briefing|report|review|guidance|summary|paper|strategy)"
    r"\s*:\s*(\S.{5,})$",
    re.I,
)
# A news page's first sentence naming its document: "'Time to listen' is a thematic inspection report ...".
_NAMED_DOC = re.compile(
    r"^[‘'\"“](\S.{8,150}?)[’'\"”]\s*,?\s+(?:is|was|has\s+been)\s+(?:the|an?)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:report|review|briefing|study|guidance|analysis|inquiry|strategy|evaluation)\b",
)
# A field that gives the document's title: "Report title: / Early Help - ...".
_TITLE_LABEL = re.compile(
    r"^(?:report\s+|document\s+|briefing\s+)?title\s*[:|/]+\s*[:|/]?\s*(\S.{5,})$", re.I
)


# A line ends unfinished when it ends with one of these: the title goes on on the next line.
_CARRY = re.compile(
    r"\b(?:of|into|in|for|the|a|an|and|on|to|from|with|by|concerning|respect)$|[-–:,&]$", re.I
)


# A line that says which part or version of a document it is, under its title.
_PART = re.compile(
    r"(?:phase|part|volume|stage)\s+(?:\d+|one|two|three|[ivx]+)(?:\s+report)?"
    r"|(?:main|final|summary|interim|full)\s+report",
    re.I,
)


def _title_case(line: str) -> bool:
    words = [w for w in line.split() if len(w) > 3 and w[0].isalpha()]
    return bool(words) and all(w[0].isupper() for w in words)


def _joins(previous: str, line: str, parts: int, full: int, headings: set[str]) -> bool:
    """Whether ``line`` carries on ``previous``: a paragraph, or a title or heading wrapped over lines.

    ``full`` is the width of the page's running text (0 on a page of short lines, a cover's).
    """
    if not _content(previous) or not _content(line) or previous.casefold() == line.casefold():
        return False
    if is_welsh(previous) != is_welsh(line):
        return False  # a bilingual cover's two languages, each a line of its own
    previous, line = english_side(previous), english_side(line)
    # A line as wide as the page's text goes on in the next one: running text, joined into a paragraph
    # so that no fragment of it passes for a title. A line printed twice (a page title and its heading)
    # or named by the metadata is a heading, however wide.
    wide = full >= 60 and len(previous) >= 0.85 * full and len(previous) >= 60
    ended = previous.endswith((".", "?", "!"))
    if (
        wide
        and not ended
        and previous.casefold() not in headings
        and not re.match(r"^[•*·▪●◦-]", line)
        and not is_section_word(line)
        and not _SUBJECT.fullmatch(line)
        and not only_partnership(line)
    ):
        return True
    # A title set large over three lines may end unfinished on its third ("... Concerning" / "Josh").
    if parts >= (4 if _CARRY.search(previous) else 3) or len((previous + " " + line).split()) > 24 or ended:
        return False
    if _PART.fullmatch(line) and not only_partnership(previous) and not is_section_word(previous):
        return True  # which part of the document it is: "Phase 2 report" under its title
    if line.endswith(".") or re.search(_SUBJECT.pattern + "$", previous):
        return False  # a sentence under a title, or a title that ends with its subject
    if _CARRY.search(previous) or line[:1].islower():
        return True
    # A cover's title set large wraps onto a second line in title case; a partnership's name, a subject
    # ("Child M") or a date stays a line of its own.
    alone = (
        _SUBJECT.fullmatch(line)
        or _SUBJECT.fullmatch(previous)
        or only_partnership(previous)
        or only_partnership(line)
        or _collection(previous)
        or is_section_word(previous)
        or is_section_word(line)
        # A list of links or headings, each starting alike ("Serious Case Reviews FAQ" / "Serious Case
        # Reviews: Information for Families"), or a page's heading printed twice: lines of their own.
        or previous.split()[:2] == line.split()[:2]
        or previous.casefold() in headings
        or issue_line(previous)
        or issue_line(line)
        or re.fullmatch(r"[A-Z]{2,6}", previous) is not None  # a logo's acronym over the title
    )
    short = len(previous.split()) <= 8 and len(line.split()) <= 8
    return bool(short and not alone and _title_case(previous) and _title_case(line))


def _stacked_names(lines: list[str]) -> list[str]:
    """Lines with a partnership's name set a word or two a line under its logo ("Kingsford" /
    "Safeguarding" / "Children" / "Partnership") put on one line, so that no title is joined to it."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        for size in (4, 3, 2):
            group = lines[i : i + size]
            if len(group) == size and all(len(ln.split()) <= 2 for ln in group):
                name = " ".join(group)
                if only_partnership(name):
                    out.append(name)
                    i += size
                    break
        else:
            out.append(lines[i])
            i += 1
    return out


def _text_width(lines: list[str]) -> int:
    """The width of a page's running text, in characters: 0 on a page of short lines and one long
    title (a cover), which has no running text."""
    widths = sorted(len(line) for line in lines)
    full = widths[int(len(widths) * 0.9)] if widths else 0
    return full if sum(width >= 0.85 * full for width in widths) >= 2 else 0


def _join_wrapped(lines: list[str], metadata_title: str = "") -> list[str]:
    """Lines of running text and wrapped titles put back together (see :func:`_joins`)."""
    full = _text_width(lines)
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.casefold()] = counts.get(line.casefold(), 0) + 1
    headings = {key for key, n in counts.items() if n > 1} | {metadata_title.casefold()}
    out: list[str] = []
    parts = 0
    for line in _stacked_names(lines):
        if out and _joins(out[-1].rsplit("\n", 1)[-1], line, parts, full, headings):
            out[-1] = out[-1] + "\n" + line
            parts += 1
            continue
        out.append(line)
        parts = 1
    return [" ".join(block.split("\n")) for block in out]


def heading_title(pages: list[str], metadata_title: str = "") -> str:
    """The line of the first page (or the metadata title) that best reads as the document's title, or ""."""
    candidates = title_candidates(pages, metadata_title)
    return candidates[0][1][:160] if candidates else ""


# A local review that a briefing or a news item takes its learning from, named by its place or subject:
# "identified in a Manchester Rapid Review", "Following on from the Baby G learning review".
_SOURCE_REVIEW = re.compile(
    r"\b((?:(?:Child|Baby|Infant|Family|Young\s+Person)\s+[A-Z]{1,3}\d{0,2}|[A-Z][a-z]{2,}(?:\s+[A-Z][a-z]{2,})?)"
    r"\s+(?i:(?:local\s+)?(?:child\s+safeguarding\s+practice|rapid|serious\s+case|learning|child\s+practice)"
    r"\s+review|L?CSPR|SCR))\b(?!\s+(?:panel|process|criteria|guidance)\b)"
)
# Words before a review's kind that are not its place: "The Serious Case Review", "National Panel".
_NOT_SOURCE = frozenset(
    (  # noqa: SIM905
        "the this that a an our each every any its their his her national local recent published new "
        "joint previous another one two three four five six several many these those concise extended"
    ).split()
)


def find_source_review(pages: list[str]) -> Found | None:
    """The one local review a briefing says its learning comes from ("a Manchester Rapid Review",
    "the Baby G learning review"), named in the opening of its first page; None when it names none,
    several, or only reviews in general."""
    lines = [ln for ln in (page_lines(pages[0]) if pages else [])[:40] if _content(ln)]
    prose = [i for i, ln in enumerate(lines) if len(ln.split()) >= 8]
    if not prose:
        return None
    opening = " ".join(lines[prose[0] : prose[0] + 4])
    named: dict[str, str] = {}
    for match in _SOURCE_REVIEW.finditer(opening):
        name = " ".join(match.group(1).split())
        if name.split()[0].lower() in _NOT_SOURCE:
            continue
        named.setdefault(name.casefold(), name)
    if len(named) != 1:
        return None
    name = next(iter(named.values()))
    return Found(name, 1, next((ln for ln in lines if name.split()[0] in ln), lines[prose[0]]))


def page_heading(pages: list[str], metadata_title: str = "") -> str:
    """A page's own heading: its metadata title when the page sets it, else its first line of text."""
    lines = [_clean_title(ln) for ln in (page_lines(pages[0]) if pages else [])[:10] if _content(ln)]
    title = _clean_title(metadata_title)
    if title and title.casefold() in {ln.casefold() for ln in lines}:
        return title
    first = lines[0] if lines else ""
    return first if 1 <= len(first.split()) <= 8 and not only_partnership(first) else ""
