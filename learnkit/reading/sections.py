"""What the headings of a review or audit report look like, and which of them name its findings.

Reports put what they teach under headings ("Key findings", "Learning points",
"What worked well", "Recommendations"...), and number or label single items
("Recommendation 3", "Finding 2:"). This module recognises those lines, the
headings of the report's other parts (Background, Methodology, Appendix...) that
close a findings section, and the shape of a heading in general (short, Title
Case or numbered, not ending like prose); inline labels, lead-ins and labelled
sentences; and the parts of a structured abstract. Pure functions on lines of
text, with the cheap looks (a line's words, the words a label names) that spare
most lines of prose the patterns. The markers and text of a list's items are in
:mod:`learnkit.reading.items`.

The page reader (:mod:`learnkit.reading.pagereader`) uses it to keep headings from
being taken for running headers and to recognise contents pages; the findings
walker (:mod:`learnkit.reading.findings`) to open and close sections.
"""

from __future__ import annotations

import re

from learnkit.models import POINT_FIELDS

LEARNING, GOOD_PRACTICE, RECOMMENDATIONS = POINT_FIELDS

# A heading is short; anything longer is prose whatever it looks like.
MAX_HEADING_CHARS = 90
MAX_HEADING_WORDS = 10
# A heading's number takes at most three words before its name ("Section 4 :", "Part II -"), so a line of
# more words than this is too long for known_heading or heading_like: a cheap look before either.
MAX_HEADING_LINE_WORDS = MAX_HEADING_WORDS + 3

SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")

_HEADING_NUMBER_RE = re.compile(
    r"^(?:(?:section|part|chapter)\s+)?"
    r"(?P<num>\d{1,2}(?:\.\d{1,2}){0,3}|[IVX]{1,5}(?=[.)])|[A-Z](?=[.)]))"
    r"[.)]?(?:\s*[:\-–—])?\s+(?P<rest>\S.*)$",
    re.IGNORECASE,
)

_PREFIX = (
    r"(?:(?:key|main|summary\s+of(?:\s+the)?|the|our|overall|emerging|audit|review|practice|"
    r"multi-?\s?agency|single\s+agency|other|additional|further|specific|general|local|national|"
    r"examples?\s+of|areas?\s+of|identified|principal|core|agency|partnership|significant|important|"
    r"practitioner|professional|system|systemic|wider)\s+)*"
)
# The names of the sections whose items are learning, good practice or recommendations. A question or
# statement heading ("What did we learn?", "Good practice found") names one as well as a noun does.
_NAMES: dict[str, tuple[str, ...]] = {
    LEARNING: (
        r"findings?",
        r"learning(?:\s+(?:points?|themes?|identified|outcomes?|messages?|for\s+practice))?",
        r"lessons?(?:\s+(?:learn(?:ed|t)|to\s+be\s+learn(?:ed|t)|for\s+practice))?",
        r"areas?\s+for\s+(?:improvement|development|further\s+development|learning|action|consideration)",
        r"what\s+(?:needs?|we\s+need)\s+to\s+(?:improve|change|happen|be\s+done\s+differently)",
        r"what\s+(?:could|can|should)\s+(?:be|have\s+been)\s+(?:done\s+)?(?:better|improved|differently)",
        r"what\s+(?:we|did\s+we|was|have\s+we|can\s+we|do\s+we)\s+(?:learn(?:ed|t)?|find|found)",
        r"what\s+(?:did|does)\s+the\s+(?:review|audit)\s+(?:find|learn|identify|tell\s+us)",
        r"what\s+we\s+found",
        r"what\s+(?:are|were)\s+the\s+(?:key\s+)?(?:findings|issues|learning(?:\s+points)?|lessons)",
        r"even\s+better\s+if",
        r"(?:key\s+)?messages",
        r"messages\s+for\s+(?:practice|practitioners|managers|leaders|professionals)",
        r"improvements?\s+needed",
        r"key\s+issues",
        r"issues\s+for\s+(?:the\s+)?(?:board|partnership|practice)",
        r"considerations?\s+for\s+(?:practice|practitioners|the\s+partnership)",
        r"(?:key\s+)?points\s+for\s+(?:practice|practitioners)",
        r"(?:key\s+)?practice\s+points",
        r"(?:key\s+)?learning\s+and\s+(?:reflection|development)",
        r"(?:key\s+)?takeaways?",
        r"(?:key\s+)?considerations?",
        r"improving\s+practice",
        r"(?:practice\s+)?improvements?\s+(?:to|in)\s+practice|practice\s+improvements?",
        r"(?:practice\s+|clinical\s+)?implications(?:\s+for\s+(?:practice|practitioners|policy))?",
        r"risk\s+factors?",
        r"issues\s+(?:identified|found|arising|raised)",
        # Welsh: findings, learning, recommendations (a Welsh child practice review's headings)
        r"canfyddiadau(?:\s+allweddol)?",
        r"dysgu(?:\s+allweddol)?",
        r"negeseuon\s+allweddol",
    ),
    GOOD_PRACTICE: (
        r"(?:good|positive|effective|notable|strong|best)\s+practice(?:\s+(?:found|identified|seen|noted))?",
        r"what\s+(?:worked|works|went|we\s+did)\s+well",
        r"what(?:'s|\s+is|\s+was)\s+(?:working|going)\s+well",
        r"what\s+good\s+practice\s+(?:did|do|was|have)\s+(?:we|the\s+review|the\s+audit|found|identified)"
        r"(?:\s+(?:find|found|identify|see))?",
        r"strengths?",
        r"positive\s+findings",
        r"areas?\s+of\s+(?:strength|good\s+practice)",
        r"arfer\s+da",
    ),
    RECOMMENDATIONS: (
        r"recommendations?",
        r"recommended\s+actions?",
        r"conclusions?\s+(?:and|&)\s+recommendations?",
        r"argymhellion",
    ),
}
_ANY_NAME = "|".join(name for names in _NAMES.values() for name in names)
_SUFFIX = (
    rf"(?:\s+(?:and|&)\s+(?:{_PREFIX}(?:{_ANY_NAME})|analysis|discussion|evidence|themes?|conclusions?|"
    r"actions?|next\s+steps|reflections?|(?:practice\s+)?improvements?))?"
    r"(?:\s+(?:for|from|to|of|in|on|made|arising|identified|with|about|by|include|includes|included|"
    r"around|across|relating\s+to|in\s+relation\s+to)(?:\s+\S+){0,6})?"
    r"(?:\s*\(?\s*cont(?:inued|'d|\.)?\s*\)?)?"
)
_SECTION_RES: dict[str, re.Pattern[str]] = {
    kind: re.compile(rf"^{_PREFIX}(?:{'|'.join(names)}){_SUFFIX}$", re.IGNORECASE)
    for kind, names in _NAMES.items()
}
# A page or document title that names learning without heading a list of it: "Learning from Reviews",
# "Learning from case reviews", "Lessons from serious case reviews".
_TITLE_NOT_SECTION_RE = re.compile(
    r"^(?:learning|lessons)\s+(?:from|for)\s+(?:the\s+)?(?:local\s+|national\s+|serious\s+|child\s+|case\s+|"
    r"safeguarding\s+|practice\s+|adult\s+|rapid\s+|thematic\s+)*(?:case\s+)?(?:reviews?|audits?|"
    r"practice\s+reviews?|incidents?|cases|scrs?|csprs?)\b",
    re.IGNORECASE,
)

# "Finding 2", "Recommendation 3:", "Learning point 4 - ..." head one item each.
_ITEM_HEADING_RE = re.compile(
    r"^(?P<label>(?i:(?:key\s+)?findings?|recommendations?|(?:key\s+)?learning\s+points?|lessons?|"
    r"learning\s+outcomes?|areas?\s+for\s+(?:improvement|development)|strengths?|"
    r"(?:key\s+)?(?:practice\s+)?learning|(?:key\s+)?messages?|"
    r"good\s+practice\s+(?:examples?|points?)))"
    r"\s+(?i:no\.?\s*|number\s+)?(?P<num>\d{1,2}(?:\.\d{1,2})?|[A-Z])"
    r"(?=$|[\s:.)\-–—])\s*(?P<sep>[:.)\-–—])?\s*(?P<rest>.*)$"
)
_ITEM_HEADING_KIND = (
    ("recommendation", RECOMMENDATIONS),
    ("strength", GOOD_PRACTICE),
    ("good", GOOD_PRACTICE),
)
_LEADER_RE = re.compile(r"(?:\.\s?){4,}|…{2,}|_{4,}|(?:·\s?){4,}")

# Other parts of a report: a line naming one closes the section before it.
OTHER_PARTS_RE = re.compile(
    r"^(?:the\s+)?(?:conclusions?|concluding\s+(?:comments|remarks)|appendi(?:x|ces)|annex(?:es)?|glossary|"
    r"terms\s+of\s+reference|methodology|methods?|background|introduction|references|bibliography|"
    r"(?:table\s+of\s+)?contents|acknowledge?ments?|(?:executive\s+)?summary|next\s+steps|action\s+plans?|"
    r"case\s+summary|chronology|scope(?:\s+of\s+the\s+review)?|purpose(?:\s+of\s+the\s+review)?|context|"
    r"further\s+information|resources|useful\s+(?:links|resources)|contacts?(?:\s+details)?|about\s+\S+|"
    r"author|(?:the\s+)?review(?:\s+process|\s+team|er)?|family\s+(?:background|composition|structure)|"
    r"analysis|endnotes|footnotes|abbreviations|foreword|preface|overview|the\s+case|the\s+family|"
    r"involvement\s+of\s+the\s+family|voice\s+of\s+the\s+family|process|sources|evidence|key\s+facts|"
    r"questions\s+(?:for|to\s+consider)(?:\s+\S+){0,3}|reflective\s+questions|further\s+reading|"
    r"(?:what\s+)?(?:happens\s+)?next|actions?(?:\s+taken)?|actions?\s*/\s*outcomes?"
    r")(?:\s+(?:\d{1,2}|[A-Z]|[IVX]{1,4}))?(?:\s*[:\-–—]\s*.*)?$",
    re.IGNORECASE,
)
_SMALL_WORDS = frozenset(
    ("a", "an", "the", "and", "or", "nor", "but", "of", "for", "to", "in", "on", "at", "by", "with", "from")
    + ("into", "onto", "as", "vs", "via", "per", "than", "its", "their", "our", "his", "her", "your", "my")
    + ("this", "that", "these", "those", "is", "are", "was", "were", "be")
)
CONNECTORS = frozenset(
    ("and", "or", "nor", "but", "of", "the", "a", "an", "to", "in", "on", "at", "by", "with", "from", "for")
    + ("that", "which", "who", "whose", "where", "when", "as", "than", "into", "their", "its", "his", "her")
    + ("was", "were", "is", "are", "be", "been", "had", "has", "have", "not", "this", "these", "&", ",")
)
WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_LETTER_PAIR_RE = re.compile(r"[A-Za-z]{2}")
_HEADING_NUMBER_ONLY_RE = re.compile(r"\d{1,2}(?:\.\d{1,2})*")

CLOSERS = " \"'”’)]»"
OPENERS = "\"'“‘([«"


def starts_upper(text: str) -> bool:
    stripped = text.lstrip(OPENERS)
    return bool(stripped) and (stripped[0].isupper() or stripped[0].isdigit())


def _normal(text: str) -> str:
    text = text.replace("’", "'").replace("&", " and ")
    text = SPACES_RE.sub(" ", text).strip().rstrip(":?-–— ").strip()
    return text.casefold()


def split_heading_number(text: str) -> tuple[str | None, str]:
    """A heading's number ("4.2", "IV", "B") and the rest of it; (None, text) when it has none."""
    match = _HEADING_NUMBER_RE.match(text)
    if not match:
        return None, text
    return match.group("num").rstrip("."), match.group("rest").strip()


def section_kind(text: str) -> str | None:
    """The list a heading's name points at ("learning", "good_practice", "recommendations"), or None."""
    if len(text) > MAX_HEADING_CHARS or len(text.split()) > MAX_HEADING_WORDS:
        return None
    if not starts_upper(text) or text.rstrip(CLOSERS).endswith((".", ",", ";")):
        return None
    name = _normal(text)
    if _TITLE_NOT_SECTION_RE.match(name):
        return None
    for kind, pattern in _SECTION_RES.items():
        if pattern.match(name):
            return kind
    return None


def known_heading(text: str) -> tuple[str, str | None] | None:
    """(kind, number) when a line is a heading naming a findings section ("4. Key findings")."""
    number, rest = split_heading_number(text)
    kind = section_kind(rest)
    return (kind, number) if kind else None


def item_heading(text: str) -> tuple[str, str, str] | None:
    """(kind, number, rest) of a line heading one item: "Finding 2: ...", "Recommendation 3"."""
    if len(text) > 2000 or not text[:1].isupper():
        return None
    match = _ITEM_HEADING_RE.match(text)
    if not match:
        return None
    label = match.group("label").casefold()
    rest = match.group("rest").strip()
    if any(word.endswith("s") for word in label.split()):
        return None  # "Recommendations 12" is a contents line, not an item
    if rest and not match.group("sep") and not starts_upper(rest):
        return None  # "Recommendation 3 was not met" is prose
    if rest and _LEADER_RE.search(rest):
        return None
    kind = next((k for word, k in _ITEM_HEADING_KIND if label.startswith(word)), LEARNING)
    return kind, match.group("num"), rest


def other_part(text: str) -> bool:
    """Whether a line heads a part of a report that holds no findings (Background, Appendix B...)."""
    return OTHER_PARTS_RE.match(split_heading_number(text)[1]) is not None


def names_a_section(text: str) -> bool:
    """Whether a line is a heading of the report's sections of any kind (findings or other parts)."""
    return bool(known_heading(text) or item_heading(text) or other_part(text))


def title_case(text: str) -> bool:
    words = WORD_RE.findall(text)
    significant = [w for w in words if w.casefold() not in _SMALL_WORDS]
    return bool(significant) and all(w[0].isupper() for w in significant)


def ends_with_connector(text: str) -> bool:
    """A line ending "... and" or "... of the" runs on into the next one."""
    words = text.rstrip().rsplit(None, 1)
    return bool(words) and words[-1].casefold() in CONNECTORS


def heading_like(text: str) -> tuple[bool, str | None]:
    """Whether a line looks like a heading of some section, and its number (None when it has none)."""
    if len(text) > MAX_HEADING_CHARS or text.rstrip(CLOSERS).endswith((".", ",", ";", "!")):
        return False, None  # (a heading never ends like a sentence or a clause, numbered or not)
    number, rest = split_heading_number(text)
    words = len(rest.split())
    if words > MAX_HEADING_WORDS or not starts_upper(rest) or not _LETTER_PAIR_RE.search(rest):
        return False, number
    other = OTHER_PARTS_RE.match(rest) is not None
    if words > (MAX_HEADING_WORDS if other else 8):
        return False, number
    if rest.rstrip(CLOSERS).endswith((".", ",", ";", "!")) or "@" in rest or "://" in rest:
        return False, number
    if other:
        return True, number
    if ends_with_connector(rest):
        return False, number
    if rest.endswith("?"):
        return True, number  # "What are we worried about?" heads a section
    if number is not None and len(rest.split()) <= 6:
        return True, number
    return title_case(rest), number


def number_tuple(number: str) -> tuple[int, ...] | None:
    """A dotted heading number as integers ("4.2" is (4, 2)); None for letters and Roman numerals."""
    if not _HEADING_NUMBER_ONLY_RE.fullmatch(number):
        return None
    return tuple(int(part) for part in number.split("."))


# --- inline labels and lead-ins -------------------------------------------

# "Learning: a; b; c", "Recommendations include: ...", "Key messages for practitioners - ...": a section
# name, a colon (or a dash) and the section's first item on the same line.
_INLINE_LABEL_RE = re.compile(r"^(?P<label>[^:;.!?]{3,80}?)\s*(?::|\s[-–—])\s*(?P<rest>\S.*)$")
# The nouns a lead-in sentence names its list by, by the list they go to.
_LEAD_NOUNS = (
    (RECOMMENDATIONS, r"recommendations?|recommended\s+actions|actions\s+recommended"),
    (GOOD_PRACTICE, r"good\s+practice|positive\s+practice|strengths|what\s+worked\s+well"),
    (
        LEARNING,
        # (a "learning review" is a kind of review, not its learning)
        r"learning(?:\s+points|\s+themes)?(?!\s+reviews?\b)|lessons(?:\s+learn(?:ed|t))?|findings|(?:key\s+)?messages|"
        r"key\s+(?:themes|issues)|areas\s+for\s+(?:improvement|development)|considerations",
    ),
)
_LEAD_NOUN_RES = tuple((kind, re.compile(rf"\b(?:{nouns})\b", re.IGNORECASE)) for kind, nouns in _LEAD_NOUNS)
# What makes a sentence ending in a colon a lead-in to a list: "the following ...", "... include:",
# "... were identified:", "... are as follows:".
_LEAD_IN_RE = re.compile(
    r"\bthe\s+following\b|\b(?:include[sd]?|including|are|were|as\s+follows|identified|highlight|highlighted|made|"
    r"found|noted|emerged|arising|identifies|highlights|sets\s+out|set\s+out)\b",
    re.IGNORECASE,
)
# "Ofsted recommends that agencies improve practice by:": a recommendation, its parts listed after it.
_RECOMMENDS_RE = re.compile(r"\brecommend(?:s|ed)?\b", re.IGNORECASE)
# A sentence that states learning by its label: "The learning from these reviews highlights that ...",
# "Key learning for practitioners is that ...".
_LABELLED_SENTENCE_RE = re.compile(
    r"^(?:(?:the\s+)?(?:key\s+|main\s+|overall\s+)?(?:learning|lessons?|messages?)\s+(?:from|for|of|in)\s+"
    r"[^.:;]{3,80}?\b(?:highlights?|shows?|suggests?|emphasi[sz]es?|includes?|identif(?:ies|ied)|indicates?|"
    r"(?:is|are|was|were)\s+that)\b"
    # "Important learning from this review was ...", "An important finding of my review is that ..."
    r"|(?:an?\s+|the\s+)?(?:important|key|main|significant|central)\s+(?:learning|lessons?|findings?|messages?)"
    r"\s+(?:from|of|in|for)\s+[^.:;]{3,80}?\b(?:is|are|was|were)\b"
    # "The key findings were that ..."
    r"|(?:the\s+)?(?:key|main|principal|overall)\s+(?:findings?|learning|lessons?|messages?)\s+(?:is|are|was|were)"
    r"\s+that\b"
    # Welsh: "Mae'r canfyddiadau cychwynnol wedi dangos bod ..." (the initial findings have shown that ...),
    # "Y prif wersi yw bod ..." (the main lessons are that ...)
    # (with the words' mutated forms: "y prif wersi", "ei chanfyddiadau")
    r"|(?:mae['’]r\s+|y\s+)?(?:prif\s+)?(?:(?:c|g|ngh|ch)anfyddiadau|g?wersi|negeseuon)(?:\s+\S+){0,3}?\s+"
    r"(?:(?:wedi|yn)\s+(?:dangos|amlygu|awgrymu)|yw|oedd)\s+(?:bod|fod|mai)\b)",
    re.IGNORECASE,
)
# "Missed appointments were a key learning point identified in ...": looked for only in a line with "key".
_KEY_POINT_RE = re.compile(
    r"^[^.:;]{3,120}?\b(?:is|are|was|were)\s+(?:a|the)\s+key\s+(?:learning\s+points?|findings?|lessons?)\b",
    re.IGNORECASE,
)
# Where a label may start inside a line: after the end of a sentence, at a capital.
_SENTENCE_START_RE = re.compile(r"[.!?][\"'”’)]?\s+(?=[\"“‘]?[A-Z])")
# A label names one of these; a line without any of them holds none (a cheap look before the patterns).
# "The review found:", "The audit identified that:": what a report found, as a list.
_REPORT_FOUND_RE = re.compile(
    r"^(?:the\s+|this\s+|our\s+)?(?:review|reviews|audit|audits|panel|reviewer|inspection|inspectors)\s+"
    r"(?:\w+\s+){0,3}?(?:found|identified|highlighted|concluded|noted)(?:\s+that)?"
    # "The reviews found a number of failings when it came to domestic abuse, such as:"
    r"(?:\s+(?:a\s+number\s+of|several|many|some|common|recurring|key)\s+[^.:;]{3,120}?"
    r"(?:such\s+as|including|includ(?:e|ing))|)\s*:$",
    re.IGNORECASE,
)
# "From our analysis of these case reviews, two categories of hidden men emerged:", "The following themes
# were identified across the audits:": what came out of reviews or audits, as a list.
_EMERGED_RE = re.compile(
    r"\b(?:from|in|across|of)\s+(?:(?:our|the|these|this|their)\s+)?(?:analysis\s+of\s+(?:(?:the|these)\s+)?)?"
    r"(?:case\s+|serious\s+case\s+|practice\s+|local\s+|national\s+)*(?:reviews?|audits?)\b[^:]*?"
    r"\b(?:emerged|(?:were|was|have\s+been|has\s+been)\s+(?:identified|found|highlighted))\s*:$"
    r"|\b(?:emerged|(?:were|was|have\s+been|has\s+been)\s+(?:identified|found|highlighted))\s+(?:from|in|across)"
    r"\s+(?:(?:our|the|these|this|all)\s+)?(?:case\s+|serious\s+case\s+|practice\s+|local\s+|national\s+)*"
    r"(?:reviews?|audits?)\s*:$",
    re.IGNORECASE,
)
_MAX_LEAD_IN_WORDS = 40
# "Here is what we learnt.", "Here are the key findings:": a sentence that says the list comes next.
_HERE_IS_RE = re.compile(
    r"^(?:so\s+)?here\s+(?:is|are)\s+(?:what\s+(?:we|the\s+(?:review|audit|panel))\s+(?:learn(?:ed|t)|found)|"
    r"(?:the|our|some)\s+(?:key\s+|main\s+)?(?:findings|lessons(?:\s+learn(?:ed|t))?|learning(?:\s+points)?|"
    r"messages|recommendations))[.:]$",
    re.IGNORECASE,
)


# "Learning includes: ...", "Key learning highlights: ...": a label may end with the verb that opens its list.
_LABEL_VERBS = frozenset(
    ("include", "includes", "included", "including", "highlight", "highlights", "are", "were", "is", "was")
)


def ends_a_label(text: str) -> bool:
    """Whether a line holds what ends an inline label, a colon or a spaced dash (see _INLINE_LABEL_RE):
    a line without one holds none."""
    return ":" in text or " -" in text or " –" in text or " —" in text


def inline_label(text: str) -> tuple[str, str] | None:
    """(kind, rest) of a line that opens with a findings label and goes on with its first item."""
    if not ends_a_label(text):
        return None
    match = _INLINE_LABEL_RE.match(text)
    if not match or item_heading(text):
        return None
    label = match.group("label")
    kind = section_kind(label)
    if kind is None and label.split()[-1].casefold() in _LABEL_VERBS:
        kind = section_kind(" ".join(label.split()[:-1]))
    return (kind, match.group("rest").strip()) if kind else None


def lead_in(text: str) -> str | None:
    """The list a sentence ending in a colon introduces ("The following recommendations were made:")."""
    stripped = text.rstrip()
    if _HERE_IS_RE.match(stripped):
        return RECOMMENDATIONS if "recommend" in stripped.casefold() else LEARNING
    if not stripped.endswith(":") or len(stripped.split()) > _MAX_LEAD_IN_WORDS:
        return None
    if _REPORT_FOUND_RE.match(stripped) or _EMERGED_RE.search(stripped):
        return LEARNING
    if _RECOMMENDS_RE.search(stripped):
        return RECOMMENDATIONS
    if not _LEAD_IN_RE.search(stripped):
        return None
    following = re.search(r"\bthe\s+following\b", stripped, re.IGNORECASE)
    start = following.end() if following else 0
    found = [
        (match.start(), kind)
        for kind, pattern in _LEAD_NOUN_RES
        if (match := pattern.search(stripped, start)) is not None
    ]
    return min(found)[1] if found else None


# "The review makes the following recommendations to the partnership.", "The findings are as follows.": a
# sentence that says the list comes next, also with a full stop; the noun keeps out "The following day ...".
_ALL_LEAD_NOUNS = "|".join(nouns for _, nouns in _LEAD_NOUNS)
_NAMES_ITS_LIST_RE = re.compile(
    rf"\bthe\s+following\s+(?:[\w’'-]+\s+){{0,3}}?(?:{_ALL_LEAD_NOUNS}|points|actions|areas|themes|issues)\b"
    rf"|\b(?:{_ALL_LEAD_NOUNS})\b[^.:;]*\bas\s+follows\b",
    re.IGNORECASE,
)
# A sentence that asks an agency to act is itself a recommendation, whatever list it names.
_ASKS_RE = re.compile(r"\b(?:should|must)\b", re.IGNORECASE)


def introduces_list(text: str) -> bool:
    """Whether a paragraph introduces the list after it rather than being one of its points: it ends with
    a colon, or its last sentence (of at most _MAX_LEAD_IN_WORDS words) names the list as "the following
    recommendations" or "... as follows" and asks nobody to do anything."""
    stripped = text.rstrip(CLOSERS)
    if stripped.endswith(":"):
        return True
    if "ollow" not in stripped:
        return False  # (a cheap look: most paragraphs name no "following" list)
    # (the paragraph's last sentence: "The review was held in May. The following recommendations were made.")
    starts = [match.end() for match in _SENTENCE_START_RE.finditer(stripped)]
    last = stripped[starts[-1] :] if starts else stripped
    if len(last.split()) > _MAX_LEAD_IN_WORDS:
        return False
    return _NAMES_ITS_LIST_RE.search(last) is not None and _ASKS_RE.search(last) is None


def labelled_sentence(text: str) -> bool:
    """Whether a line opens with a sentence that states learning by its label."""
    if _LABELLED_SENTENCE_RE.match(text) is not None:
        return True
    return "key " in text and _KEY_POINT_RE.match(text) is not None


# "Case reviews highlight that ...", "The reviews suggest ...": what reviews, in the plural and the present,
# teach (unlike "The review found that ...", the narrative of one review). Looked for at a line's start.
_REVIEWS_SAY_RE = re.compile(
    r"^(?:(?:the|these|published|local|national|serious|many|recent|thematic)\s+)*"
    r"(?:(?:case|practice|child\s+safeguarding\s+practice|case\s+file)\s+)?(?:reviews|audits)\s+"
    r"(?:highlight|suggest|show|indicate|demonstrate|reveal|tell\s+us)\b",
    re.IGNORECASE,
)


def reviews_say(text: str) -> bool:
    """Whether a line opens with what reviews or audits, in general, teach: "Published case reviews
    highlight that professionals ..." (not "The review found that ...")."""
    return ("eviews " in text or "udits " in text) and _REVIEWS_SAY_RE.match(text) is not None


# Every labelled sentence names one of these ("learning", "lessons", "findings", "messages"), and so does
# every label that label_inside finds: a line without one (casefolded) holds neither.
LABEL_WORDS = (
    ("learn", "lesson", "finding", "recommend", "message", "consideration", "takeaway")
    + ("anfyddiad", "wersi", "negeseuon")  # Welsh: findings, lessons, messages (also mutated: "y prif wersi")
)


def names_a_label(text: str) -> bool:
    """Whether a line holds one of :data:`LABEL_WORDS`: if not, it holds no labelled sentence and no label
    that :func:`label_inside` finds, and need not be matched against their patterns."""
    low = text.casefold()
    return any(word in low for word in LABEL_WORDS)


def named_lines(texts: list[str], max_chars: int) -> set[int]:
    """The positions of a page's lines that name a label (:func:`names_a_label` of each line cut to
    ``max_chars``), found in one look at the whole page: most pages name none, and the rest few lines."""
    if any(len(text) > max_chars for text in texts):
        return {i for i, text in enumerate(texts) if names_a_label(text[:max_chars])}
    # (casefolding may change a line's length, never its line breaks: a line is found by counting them)
    low = "\n".join(texts).casefold()
    found: set[int] = set()
    for word in LABEL_WORDS:
        at = low.find(word)
        while at >= 0:
            found.add(low.count("\n", 0, at))
            at = low.find(word, at + 1)
    return found


def label_inside(text: str) -> int | None:
    """Where, inside a line, a sentence starts that is an inline label ("... 2023. Learning includes: a;
    b") or a labelled sentence ("... concerns. The learning from the review identifies that ..."), if any."""
    if not names_a_label(text):
        return None
    for match in _SENTENCE_START_RE.finditer(text):
        rest = text[match.end() :]
        if inline_label(rest) or labelled_sentence(rest):
            return match.end()
    return None


# A structured abstract opens its parts with a label run into their first sentence: "Aim The aim of this
# audit was ...", "Results 347 cases were reviewed", "Conclusion Through weekly audit ...".
_ABSTRACT_PART_RE = re.compile(
    r"^(?P<label>Aims?|Objectives?|Background|Introduction|Methods?|Methodology|Design|Setting|Results|Findings|"
    r"Conclusions?)(?::\s*|\s+)(?P<rest>[A-Z0-9].*)$"
)
_ABSTRACT_FINDINGS = frozenset(("Results", "Findings", "Conclusion", "Conclusions"))


def abstract_part(text: str) -> str | None:
    """The label of a structured abstract's part that a line opens ("Aim", "Results"), or None."""
    match = _ABSTRACT_PART_RE.match(text) if text[:1] in "AOBIMDSRFC" else None
    return match.group("label") if match else None


def abstract_findings(text: str) -> str | None:
    """What follows the label of an abstract's results or conclusions on its line ("Results 347 cases
    were reviewed" gives "347 cases were reviewed"), or None."""
    match = _ABSTRACT_PART_RE.match(text) if text[:1] in "RFC" else None
    return match.group("rest") if match and match.group("label") in _ABSTRACT_FINDINGS else None
