"""Pull learning, good practice and recommendations out of a report's pages.

Review and audit reports put what they teach under headings ("Key findings",
"Learning points", "What worked well", "Recommendations"...), as numbered or
bulleted items that wrap over lines and pages, or after an inline label
("Learning: a; b; c"). :func:`extract_findings` finds those sections and splits
them into :class:`~learnkit.models.Point` items; :func:`fill_record` puts them
into a record's empty lists. Pure functions on text: no I/O, no outside libraries.

The heuristics, in the order they are applied (the README documents them):

1. The page reader (:mod:`learnkit.reading.pagereader`) reads the pages once:
   page furniture (page numbers, running headers and footers), protective
   markings and bare numbers are passed over, and its contents lines never open
   a section.
2. A section opens at a short line naming a known section
   (:mod:`learnkit.reading.sections`), optionally numbered ("4. Findings",
   "Section 4: Key learning", "KEY FINDINGS", "What good practice did we find?"),
   or at an item heading ("Finding 2", "Recommendation 3:", "Learning point 1 -"),
   whose text may follow on the lines under it. Findings, learning, lessons, key
   messages and areas for improvement or development go to learning; good
   practice, strengths and what worked well to good practice. A document's own
   title ("Learning from Reviews") is not a section. A section closes at the
   heading of any other section: a numbered heading that is not a child of the
   section's number ("5. Conclusion" closes "4. Findings"; "4.1 ..." does not), a
   name from a list of other report parts (Appendix, Glossary, Methodology,
   Background, Terms of reference...), a short Title Case line or a short question.
3. An inline label opens a section on its own line ("Learning: a; b; c",
   "Recommendations include: ...", "Learning themes include:"), or at the start
   of a sentence inside a line ("... in 2023. Key learning highlights: a; b"):
   what follows the colon, to the end of its sentence, is split at semicolons.
   A labelled sentence ("The learning from these reviews highlights that ...")
   gives one point for each sentence of its paragraph, less those that report
   what a review found ("The review found that ..."); inside prose, only itself.
   The label's paragraph is the whole section; another labelled paragraph may
   follow it. What reviews in general teach ("Case reviews highlight that ...") is
   a labelled sentence; a labelled sentence that lists findings between two or more
   semicolons gives one point a part. Welsh labelled sentences count too. In a
   structured abstract ("Aim ...", "Method ...", "Results ...", "Conclusion ..."
   opening three or more of its first lines) the results and conclusions give one
   point a sentence.
4. A heading never interrupts a sentence: a line between one that leaves a
   sentence unfinished (no full stop, or ending "and", "of the"...) and one
   that carries it on in lowercase is not a heading, and if it sits at a page
   edge it is dropped as a running header that escaped the reader. A bulleted or
   lettered line after it ("a) Chronic neglect") never carries a sentence on.
5. Inside a section, numbered ("4.2", "3.", "1)", "(a)", "ii.") and bulleted
   lines start items, unless the line before runs on into them. An item whose
   text ends with ":" takes the lower-level items under it (bullets or letters
   under a number). Unmarked paragraphs before the first marked item introduce
   the list and are dropped, as is any unmarked lead-in ending with ":" or
   naming "the following recommendations" (and, where nothing is marked, what
   comes before a lead-in among a section's first three paragraphs). Where
   nothing is marked, each paragraph is an item: in raw PDF text a paragraph
   ends at a blank line or a line that stops short of the margin (a little
   short, if it ends a sentence), and a sentence addressed to a body ("The
   board should ...") starts one after a lead-in or a paragraph that opens so
   too, though the one before filled its last line; in text whose wrapped lines were already joined
   (learnkit.reading.pages.clean_pages, recognised by having almost no lines
   that carry on in lowercase) every line is a unit. A short title line
   ("Hidden men") is joined to the text under it. An unmarked item that is a
   list of three or more parts separated by semicolons gives one point a part.
   A bullet that goes on in lowercase under one ending with ":" is part of it
   (a nested list whose indent was lost). Numbered items that a flattened page
   ran together ("1. ... 2. ... 3. ...") are split at the numbers that follow
   in order. A line of page numbers only ("5 5 6 7") means the heading above it
   was a contents entry: its section is dropped.
6. Where no section is found in a document titled as learning from reviews or
   audits, a numbered list (1, 2, 3 ... in order) that a flattened page ran into
   its text is its learning; an item that lost its text ("4 5 ...") is passed over.
7. Items keep their numbering in ``number`` and the page they start on; wrapped
   lines and page breaks are joined; items under four words are dropped, long
   items are cut at 1,200 characters, lists at 60 items, and repeats removed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from learnkit.models import POINT_FIELDS, Point, Record
from learnkit.reading.items import (
    TERMINAL,
    Marker,
    addressed_to_agency,
    item_marker,
    join_lines,
    lead_in_of,
    learning_title,
    starts_item,
    title_line,
)
from learnkit.reading.pagereader import Reading, read_pages
from learnkit.reading.points import Item, item_points
from learnkit.reading.sections import (
    CLOSERS,
    MAX_HEADING_LINE_WORDS,
    abstract_findings,
    abstract_part,
    ends_a_label,
    ends_with_connector,
    heading_like,
    inline_label,
    introduces_list,
    item_heading,
    known_heading,
    label_inside,
    labelled_sentence,
    named_lines,
    number_tuple,
    other_part,
    reviews_say,
    starts_upper,
)

LEARNING, GOOD_PRACTICE, RECOMMENDATIONS = POINT_FIELDS

# Longer lines are cut on reading: items are capped far below this.
_MAX_LINE_CHARS = 5000

_MAX_SENTENCE_CHARS = 600
_NUMBERS_LINE_RE = re.compile(r"\d{1,3}(?:\s+\d{1,3})+")
# An item of a list after a lead-in is short; a paragraph longer than this is the prose after the list.
_MAX_LISTED_WORDS = 60
_RUNS_ON = (",", "-", "–", "—", "(", "/", "&")


@dataclass(slots=True)
class _Line:
    """One line of the document the walker reads, with where it sits."""

    text: str
    at: int  # position among the document's lines
    page: int  # 1-based
    index: int  # position among the page's lines (bare numbers included)
    count: int  # how many lines the page has (bare numbers included)
    width: int  # the page's usual full line length, in characters
    blank_before: bool = False
    toc: bool = False
    bullet: str = ""  # the glyph the page reader took off the line
    words: int = 0  # how many words the line has
    ends: bool = False  # it ends a sentence (see _ends_sentence)
    named: bool = False  # it names what a label names (see sections.names_a_label)

    @property
    def edge(self) -> bool:
        return self.index < 2 or self.index >= self.count - 2


@dataclass
class _Section:
    kind: str
    number: str | None
    items: list[Item] = field(default_factory=list)
    last_number: str | None = None
    subheaded: bool = False  # its items are under short headings of their own ("Use of Tools")
    listed: bool = False  # opened by a lead-in ("The following recommendations were made:")
    single: bool = False  # opened by a labelled sentence: it holds that one item


# --- small text helpers ---------------------------------------------------


def _is_short(line: _Line) -> bool:
    return len(line.text) < 0.7 * line.width


# A line that ends a sentence this short of the page's usual width ends its paragraph (see starts_paragraph).
_SENTENCE_SHORT = 0.8


def _is_child(number: str, parent: str) -> bool:
    return number.startswith(parent + ".")


def _comes_after(number: str, other: str) -> bool:
    a, b = number_tuple(number), number_tuple(other)
    return a is not None and b is not None and a > b


def _next_number(number: str | None) -> str | None:
    if number is None:
        return None
    head, _, last = number.rpartition(".")
    if last.isdigit():
        return (head + "." if head else "") + str(int(last) + 1)
    if len(last) == 1 and last.isalpha() and last.lower() != "z":
        return (head + "." if head else "") + chr(ord(last) + 1)
    return None


# --- the lines ------------------------------------------------------------


def _page_width(lines: list[str], words: list[int]) -> int:
    lengths = [len(text) for text, count in zip(lines, words, strict=True) if count >= 5]
    if not lengths:
        return 80
    lengths.sort()
    return max(40, lengths[(len(lengths) * 3) // 4 if len(lengths) > 3 else -1])


def _lines(reading: Reading) -> list[_Line]:
    """The lines the walker reads: the document's text without furniture, markings or bare numbers."""
    out: list[_Line] = []
    for k, page in enumerate(reading.pages, 1):
        kept = [line for line in page.lines if not line.furniture and not line.marking]
        texts = [line.text for line in kept]
        # The page reader's lines are stripped and single-spaced: their words are their spaces and one.
        words = [text.count(" ") + 1 for text in texts]
        width = _page_width(texts, words)
        count = len(kept)
        named = named_lines(texts, _MAX_LINE_CHARS)
        for index, line in enumerate(kept):
            if line.number:
                continue
            text = texts[index][:_MAX_LINE_CHARS]
            stripped = text.rstrip(CLOSERS)
            out.append(
                _Line(
                    text,
                    len(out),
                    k,
                    index,
                    count,
                    width,
                    line.blank_before and index > 0,
                    line.contents,
                    line.bullet,
                    words[index],
                    bool(stripped) and stripped[-1] in TERMINAL,  # (as _ends_sentence says)
                    index in named,
                )
            )
    return out


# --- markers --------------------------------------------------------------


def _line_marker(line: _Line) -> Marker | None:
    """The marker of a line: the bullet the page reader took off it, or one in its text."""
    if line.bullet:
        return Marker("bullet", "", line.text, glyph=line.bullet, strong=True)
    return item_marker(line.text)


def _is_lower_level(item: Item, marker: Marker) -> bool:
    """Whether a marker sits under an item (a sub-list of an item that ends with ':')."""
    if item.kind in ("heading", "plain"):
        return item.kind == "heading"
    if item.kind == "number":
        if marker.kind == "bullet":
            return True
        if item.number and _is_child(marker.number, item.number):
            return True
        return marker.number.isalpha() and not item.number.isalpha()
    # a bullet: only a different glyph, a letter, or (where the page lost the indent) a bullet that goes
    # on in lowercase ("• parents with mental health problems;") sits under it
    if marker.kind == "bullet":
        return marker.glyph != item.glyph or marker.rest[:1].islower()
    return marker.number.isalpha()


# --- the walk -------------------------------------------------------------


class _Walker:
    """Goes through the lines once, opening and closing sections and building items."""

    def __init__(self, lines: list[_Line], joined: bool) -> None:
        self.lines = lines
        self.joined = joined
        # A structured abstract: three or more of its first lines open with its parts' labels.
        self.abstract = sum(1 for line in lines[:60] if abstract_part(line.text)) >= 3
        self.out: dict[str, list[Item]] = {kind: [] for kind in POINT_FIELDS}
        self.section: _Section | None = None
        self.item: Item | None = None
        self.absorbing = False
        self.expect_text = False
        self.prev: _Line | None = None
        self.prev_heading = True
        # The sentence the current line is part of begins at this line; the one before it spans these (see
        # feed). Their text is put together only for a line that may end a lead-in.
        self.sentence_from = 0
        self.before: tuple[int, int] = (0, 0)

    # sections and items

    def close_item(self) -> None:
        if self.item is not None and self.section is not None:
            self.section.items.append(self.item)
        self.item = None
        self.absorbing = False
        self.expect_text = False

    def close_section(self) -> None:
        self.close_item()
        if self.section is not None:
            items = self.section.items
            first_marked = next((i for i, item in enumerate(items) if item.kind != "plain"), None)
            lead_in = next((i for i, item in enumerate(items[:3]) if _introduces(item)), None)
            if self.section.listed and first_marked is None:
                items = _listed(items)
                for item in items:
                    item.split = True  # "Key learning highlights:" and "a; b" on the next line: two points
            elif self.section.listed and first_marked is not None:
                # A lead-in's list ends at the first unmarked paragraph after it (a label such as
                # "Child LB:" over a part of the list is passed over).
                items = items[first_marked:]
                end = next(
                    (
                        i
                        for i, item in enumerate(items)
                        if item.kind == "plain" and not _ends_sentence_with_colon(item)
                    ),
                    len(items),
                )
                items = items[:end]
            elif first_marked is not None and not self.section.single:
                items = items[first_marked:]  # unmarked paragraphs before the list introduce it
            elif lead_in is not None:
                # Bullets that lost their glyphs: "The audit found:" still says where the list starts.
                items = items[lead_in + 1 :]
            self.out[self.section.kind].extend(items)
        self.section = None

    def open_section(self, kind: str, number: str | None) -> None:
        if self.section is not None and self.section.kind == kind and number is None:
            self.close_item()  # "Finding 2" inside "4. Findings" keeps the section and its number
            return
        self.close_section()
        self.section = _Section(kind, number)

    def start_item(self, kind: str, number: str, line: _Line, rest: str, glyph: str = "") -> None:
        self.close_item()
        self.item = Item(kind, number, line.page, glyph=glyph)
        if rest:
            self.item.add(rest)
        else:
            self.expect_text = True
        if number and self.section is not None and kind in ("number", "heading"):
            self.section.last_number = number

    def heading_position(self, line: _Line) -> bool:
        """Whether a heading (or a new item) can start at this line.

        Not where the line before leaves a sentence unfinished and the line after carries
        it on in lowercase: a heading never interrupts a sentence.
        """
        prev = self.prev
        if prev is None or line.blank_before or self.prev_heading or prev.ends:
            return True
        if ends_with_connector(prev.text):
            return False
        following = line.at + 1
        if following == len(self.lines) or self.lines[following].blank_before:
            return True
        after = self.lines[following]
        # (a bulleted or lettered item, "a) Chronic neglect", starts its own text: it carries nothing on)
        return not after.text[:1].islower() or bool(after.bullet) or starts_item(after.text)

    def item_position(self) -> bool:
        """Whether a numbered line can start an item: not when the line before runs on into it."""
        prev = self.prev
        if prev is None or self.prev_heading or prev.ends:
            return True
        return not (ends_with_connector(prev.text) or prev.text.endswith(_RUNS_ON))

    def feed(self, line: _Line) -> None:
        # The sentence this line ends or carries on, and the one before it: a lead-in can wrap.
        prev = self.prev
        if prev is None or line.blank_before or self.prev_heading or prev.ends:
            if self.sentence_from < line.at:
                self.before = (self.sentence_from, line.at)
            self.sentence_from = line.at
        state = self.classify(line)
        if state == "skip":
            return
        self.prev = line
        self.prev_heading = state == "heading"

    def sentence(self, start: int, end: int) -> str:
        """The text of the lines from ``start`` up to ``end``, joined as one sentence, to its last
        _MAX_SENTENCE_CHARS characters."""
        text = ""
        for line in self.lines[start:end]:
            text = (text + " " + line.text).strip()[-_MAX_SENTENCE_CHARS:]
        return text

    def classify(self, line: _Line) -> str:
        """Handle one line; says whether it was a "heading", "content" or page furniture to "skip"."""
        text = line.text
        if line.toc:
            self.close_section()
            return "heading"
        if text[:1].isdigit() and _NUMBERS_LINE_RE.fullmatch(text):
            # A line of page numbers only ("5 5 6 7 7 8") is what a flattened contents page leaves: the
            # "Findings" above it was a contents entry, not a section.
            self.section = self.item = None
            return "heading"
        # (most lines of prose have too many words to be a heading: they need not ask)
        short = line.words <= MAX_HEADING_LINE_WORDS
        if self.expect_text and ((short and known_heading(text)) or item_heading(text)):
            self.expect_text = False  # "Recommendation 4" with nothing under it before the next heading
        if self.expect_text and self.item is not None:
            self.expect_text = False
            self.item.add(text)
            if self.item.kind != "bullet":
                self.item.title = title_line(text)
            return "content"
        # Whether a heading can start here (see heading_position) is worked out only for a line that
        # could be one, or an item: most lines of prose are neither, and need not ask.
        at_heading: bool | None = None
        state = self.labelled(line)
        if state:
            return state
        heading_item = item_heading(text)
        if heading_item:
            at_heading = self.heading_position(line)
            # An item line wraps onto the next, so only the line before says whether it can start here.
            if at_heading or self.item_position():
                kind, number, rest = heading_item
                self.open_section(kind, None)
                self.start_item("heading", number, line, rest)
                if self.item is not None and rest:
                    self.item.title = title_line(rest)
                return "content"
        # (a bulleted name is a list's item)
        known = None if line.bullet or not short else known_heading(text)
        if known:
            if at_heading is None:
                at_heading = self.heading_position(line)
            if at_heading:
                self.open_section(*known)
                return "heading"
        if not short and self.section is None:
            return "content"
        marker = _line_marker(line)
        if short and (marker is None or marker.kind != "bullet"):
            looks_like_heading, heading_number = heading_like(text)
            if looks_like_heading:
                if at_heading is None:
                    at_heading = self.heading_position(line)
                if at_heading and self.subheading(line, heading_number):
                    return "content"
                if at_heading and self.closes_section(text, heading_number):
                    return "heading"
                if not at_heading and line.edge and marker is None:
                    return "skip"  # a running header left inside a sentence that runs over the page break
        if self.section is None:
            return "content"
        if marker is not None and (
            marker.strong
            or (at_heading if at_heading is not None else self.heading_position(line))
            or self.item_position()
        ):
            self.add_marker(line, marker)
        else:
            self.add_text(line)
        return "content"

    def labelled(self, line: _Line) -> str | None:
        """Handle a line that opens a list by a label: an inline label ("Learning: a; b"), a lead-in
        sentence ("The following recommendations were made:", which may be the end of a wrapped
        sentence) or a labelled sentence ("The learning from these reviews highlights that ...").
        Says whether it was a "heading" or "content"; None when it was none of them."""
        text = line.text
        if self.abstract and (rest := abstract_findings(text)) is not None:
            # An abstract's results and conclusions are what it found: a point for each of their sentences.
            self.open_section(LEARNING, None)
            self.start_item("plain", "", line, rest)
            if self.item is not None:
                self.item.sentences = True
            if self.section is not None:
                self.section.single = True
            return "content"
        # A labelled sentence starts only outside a section, or where the paragraph that is one ends.
        free = self.section is None or (self.section.single and self.new_paragraph(line))
        if not ends_a_label(text) and not (text.endswith(".") and "ere " in text):
            # No inline label and no lead-in; a labelled sentence, also one inside the line or begun at
            # its end, names a label here or on the next line.
            following = self.lines[line.at + 1] if line.at + 1 < len(self.lines) else None
            if not free or not (
                line.named or (following is not None and following.named) or reviews_say(text)
            ):
                return None
        label = inline_label(text)
        # (a lead-in ends with a colon, or is "Here is what we learnt.": the look at "ere " keeps it cheap)
        ends = text.endswith(":") or (text.endswith(".") and "ere " in text)
        lead = None
        if ends and not label:
            lead = lead_in_of(self.sentence(self.sentence_from, line.at + 1), self.sentence(*self.before))
        single = (
            not label
            and not lead
            and free
            and ((line.named and labelled_sentence(text)) or reviews_say(text))
        )
        if lead:
            self.open_section(lead, None)
            if self.section is not None:
                self.section.listed = True
            return "heading"
        inside = False
        if not (label or single):
            if not free or (at := self.label_inside(line)) is None:
                return None
            # The label starts inside the line, after a sentence of prose: "... in 2023. Learning includes:
            # a; b; c." The prose before it is not a point.
            text = text[at:]
            label = inline_label(text)
            line = replace(line, text=text)
            inside = True
        elif not self.heading_position(line):
            return None
        if label:
            kind, rest = label
            self.open_section(kind, None)
            self.start_item("plain", "", line, rest)
            if self.item is not None:
                self.item.split = True
        else:
            self.open_section(LEARNING, None)
            self.start_item("plain", "", line, text)
            if self.item is not None:
                self.item.sentences = True
                self.item.inside = inside
        if self.section is not None:
            # The label's paragraph is the section; a label on a bullet ("- Findings include: a; b") is one
            # item of a list, and the list's other bullets go on.
            self.section.single = inside or not line.bullet
        return "content"

    def new_paragraph(self, line: _Line) -> bool:
        """Whether an unmarked line begins a paragraph of its own after the current item (see
        starts_paragraph)."""
        item, prev = self.item, self.prev
        if item is None or prev is None or self.absorbing or line.bullet or item_marker(line.text):
            return False
        return self.starts_paragraph(item, prev, line)

    def label_inside(self, line: _Line) -> int | None:
        """Where a label or labelled sentence starts inside this line (see sections.label_inside), also
        when only its first words end the line and the rest is on the next ("... School. Important" and
        "learning from this review was ...")."""
        text = line.text
        if ". " not in text and "? " not in text and "! " not in text and ".” " not in text:
            return None  # (no sentence ends inside the line, so none starts there)
        at = label_inside(text) if line.named else None
        following = self.lines[line.at + 1] if line.at + 1 < len(self.lines) else None
        if at is not None or following is None or following.page != line.page or following.blank_before:
            return at
        if not (line.named or following.named):
            return None  # (the two lines joined name nothing either)
        at = label_inside(text + " " + following.text)
        return at if at is not None and at < len(text) else None

    def subheading(self, line: _Line, number: str | None) -> bool:
        """Whether an unnumbered heading-like line heads an item of the open section, as the headings
        straight under "Key findings" do ("Use of Neglect Tools", "Child LB:"); starts the item if so.

        So it is for the first thing in a section, and then for the section's other such lines. A
        question ("Do you ask about the father?") or another part of the report is never one.
        """
        section, text = self.section, line.text
        if section is None or number is not None or other_part(text) or text.rstrip(CLOSERS).endswith("?"):
            return False
        if not (section.subheaded or (not section.items and self.item is None)):
            return False
        section.subheaded = True
        self.start_item("plain", "", line, text)
        if self.item is not None:
            self.item.title = not text.endswith(":")
            self.item.subheading = True
        return True

    def closes_section(self, text: str, number: str | None) -> bool:
        """Whether a heading-like line heads another section; closes ours if so."""
        section = self.section
        if other_part(text) or number is None:
            self.close_section()
            return True
        if number_tuple(number) is None:
            return False  # "a) Information Sharing" is a titled item
        if section is None:
            return True
        # A numbered title line: an item of this section, or the heading of the next one.
        expected = _next_number(section.last_number)
        if number == expected or (section.number is not None and _is_child(number, section.number)):
            return False
        if section.number is not None:
            if _comes_after(number, section.number):
                self.close_section()
                return True
            return False
        if section.last_number is None and number == "1":
            return False
        self.close_section()
        return True

    def add_marker(self, line: _Line, marker: Marker) -> None:
        section = self.section
        assert section is not None
        if section.single and self.item is not None:
            self.close_section()  # a label's or a labelled sentence's paragraph ends where a list starts
            return
        # Numbered paragraphs of the next section ("5.1" after "4. Findings") mean it has begun.
        if (
            marker.kind == "number"
            and section.number is not None
            and marker.number != _next_number(section.last_number)
            and not _is_child(marker.number, section.number)
            and _comes_after(marker.number, section.number)
        ):
            self.close_section()
            return
        item = self.item
        if (
            item is not None
            and (self.absorbing or _ends_sentence_with_colon(item))
            and _is_lower_level(item, marker)
        ):
            self.absorbing = True
            if marker.rest:
                item.add(marker.rest)
            return
        self.start_item(marker.kind, marker.number, line, marker.rest, glyph=marker.glyph)
        if self.item is not None and marker.kind != "bullet" and marker.rest:
            self.item.title = title_line(marker.rest)

    def add_text(self, line: _Line) -> None:
        item, prev = self.item, self.prev
        if self.absorbing and item is not None:
            item.add(line.text)
            return
        if item is None or prev is None or self.starts_paragraph(item, prev, line):
            if self.section is not None and self.section.single and item is not None:
                self.close_section()  # a labelled sentence's paragraph is its one item
                return
            if self.section is not None and self.section.items and line.text.rstrip(CLOSERS).endswith("?"):
                self.close_section()  # questions for reflection follow what a briefing found
                return
            self.start_item("plain", "", line, line.text)
            if self.item is not None:
                self.item.title = title_line(line.text)
            return
        if item.title and len(item.parts) == 1 and starts_upper(line.text):
            item.parts[0] = item.parts[0].rstrip(" :-–—") + "."
        item.add(line.text)

    def starts_paragraph(self, item: Item, prev: _Line, line: _Line) -> bool:
        """Whether an unmarked line begins a new item rather than carrying on the current one."""
        if item.kind in ("number", "heading"):
            return False  # numbered items and "Finding 2" blocks run over several paragraphs
        if item.title and len(item.parts) == 1 and (item.subheading or not line.blank_before):
            return False  # the body under a short title line
        if line.blank_before:
            return True
        if prev.ends and title_line(line.text) and _is_short(line):
            return True  # a short title after a full stop heads the next item ("No whole system response")
        if line.text[:1].islower() or ends_with_connector(prev.text) or prev.text.endswith(_RUNS_ON):
            return False
        if prev.text.endswith(";") and starts_upper(line.text):
            return True  # "...;" and a capital on the next line: the next item of a list
        if (
            prev.ends
            and item.kind == "plain"
            and addressed_to_agency(line.text)
            and (addressed_to_agency(item.parts[0]) or _introduces(item))
        ):
            # "The board should ..." after a full stop, under a lead-in or another such paragraph: the next
            # recommendation, though the one before filled its last line.
            return True
        if line.index == 0 and not prev.ends:
            return False  # a sentence cut by a page break
        if self.joined:
            return True  # wrapped lines were joined before: every line is a unit of its own
        # The last line of a paragraph stops short of the margin; one that ends a sentence need stop only a
        # little short, as a line inside a paragraph is never shorter than the margin less its next word.
        return _is_short(prev) or (prev.ends and len(prev.text) < _SENTENCE_SHORT * prev.width)


def _listed(items: list[Item]) -> list[Item]:
    """The unmarked items of a list after a lead-in: up to one that ends with a full stop after items
    that end with ";" or ",", and never a long paragraph of prose (the text after the list)."""
    kept: list[Item] = []
    for item in items:
        text = join_lines(item.parts).rstrip()
        if len(text.split()) > _MAX_LISTED_WORDS and not item.title:
            break  # (a titled paragraph, "Lack of understanding" and its text, is an item however long)
        kept.append(item)
        if text.endswith(".") and (
            text.count(";") >= 2
            or any(join_lines(k.parts).rstrip().endswith((";", ",", "and", "or")) for k in kept[:-1])
        ):
            break  # the last item of a list whose items end with ";"
    return kept


def _ends_sentence_with_colon(item: Item) -> bool:
    return bool(item.parts) and item.parts[-1].rstrip(CLOSERS).endswith(":")


def _introduces(item: Item) -> bool:
    """Whether an item is a lead-in to the list after it (see sections.introduces_list), not a point."""
    if _ends_sentence_with_colon(item):
        return True
    return (
        item.kind == "plain"
        and not (item.sentences or item.split)
        and introduces_list(join_lines(item.parts))
    )


def _looks_joined(lines: list[_Line]) -> bool:
    """Whether wrapped lines were already joined (clean_pages' output) rather than raw PDF lines.

    Raw text of prose is full of lines that stop mid-sentence and carry on in lowercase on the
    next line; text whose wraps were joined has almost none.
    """
    wraps = sum(
        1
        for prev, line in zip(lines, lines[1:], strict=False)
        if line.page == prev.page and line.text[:1].islower() and not line.blank_before and not prev.ends
    )
    return wraps * 20 < len(lines)


def extract_findings(pages: Sequence[str] | Reading, document: str = "") -> dict[str, list[Point]]:
    """Find the learning, good practice and recommendations in a document's pages.

    ``pages`` holds one text per page (index 0 is page 1), raw or cleaned, or the
    page reader's reading of them (:func:`learnkit.reading.pagereader.read_pages`).
    Returns ``{"learning": [...], "good_practice": [...], "recommendations": [...]}``;
    each point is marked extracted and carries its numbering, ``document`` and the
    1-based page it starts on. Text with no recognisable section headings gives
    empty lists: nothing is guessed.
    """
    lines = _lines(read_pages(pages or []))
    walker = _Walker(lines, _looks_joined(lines))
    for line in lines:
        walker.feed(line)
    walker.close_section()
    if not any(walker.out.values()):
        walker.out[LEARNING] = _unheaded_list(lines)
    return {kind: item_points(walker.out[kind], document) for kind in POINT_FIELDS}


# An item of a numbered list that a flattened page ran into its text: "... young people. 1 Core group ...",
# or two numbers where an item lost its text ("... further. 4 5 Resilience ...").
_UNHEADED_ITEM_RE = re.compile(r"(?<=[.!?:])\s+(\d{1,2})[.)]?(?:\s+(\d{1,2})[.)]?)?\s+(?=[\"'“‘(]?[A-Z])")


def _unheaded_list(lines: list[_Line]) -> list[Item]:
    """For a document titled as learning from reviews or audits in which no section was found: the items of
    a numbered list (1, 2, 3 ... in order, at least three) that a flattened page ran together in its text,
    as a learning briefing that is only its list gives it. Its heading was lost with its line breaks."""
    if not lines or not learning_title(lines[0].text):
        return []
    text, starts = "", []
    for line in lines:
        starts.append(len(text))
        text = join_lines([text, line.text]) if text else line.text
    found: list[tuple[int, int, int]] = []  # (number, where its text starts, where the number starts)
    for match in _UNHEADED_ITEM_RE.finditer(text):
        first, second = int(match.group(1)), match.group(2)
        expected = found[-1][0] + 1 if found else 1
        if first == expected:
            if second is not None and int(second) == first + 1:
                found.append((first, match.end(), match.start()))  # (its text was lost: dropped below)
                first += 1
            found.append((first, match.end(), match.start()))
    if len(found) < 3:
        return []
    items = []
    for k, (number, start, _) in enumerate(found):
        end = found[k + 1][2] if k + 1 < len(found) else len(text)
        line = lines[bisect_right(starts, start) - 1]
        item = Item("number", str(number), line.page)
        item.add(text[start:end].strip())
        items.append(item)
    return items


def fill_record(record: Record, extracted: dict[str, list[Point]]) -> list[str]:
    """Put extracted points into the record's lists that are empty.

    A list that already holds any point, curated or extracted before, is left
    alone, so a person's work is never overwritten. Returns the names of the
    lists filled.
    """
    filled: list[str] = []
    for name in POINT_FIELDS:
        points = list(extracted.get(name) or [])
        if points and not getattr(record, name):
            setattr(record, name, points)
            filled.append(name)
    return filled
