"""Who made a document: the safeguarding partnership or board named on it, its place, and its publisher.

Partnerships are named as "<place> Safeguarding Children Partnership" (or Board,
LSCB, SCP, Regional Safeguarding Board ...); national bodies (NSPCC, Ofsted,
the Child Safeguarding Practice Review Panel ...) by their names.
"""

from __future__ import annotations

import bisect
import re

from learnkit.knowledge.found import Found, page_lines

_PLACE_WORD = r"[A-Z][A-Za-z'’.-]+"
_PARTNERSHIP = re.compile(
    rf"((?:{_PLACE_WORD}\s+(?:(?:and|&|of)\s+)?){{1,5}}?)"
    r"((?i:(?:Regional\s+)?(?:Local\s+)?(?:Children'?s?’?s?\s+)?Safeguarding\s+(?:Adults\s+(?:and|&)\s+Children\s+|Children\s+(?:and|&)\s+Adults\s+|Children(?:'s|’s)?\s+|Adults\s+)?)"
    r"(?i:(?:Assurance\s+)?(?:Board|Partnership|Arrangements)s?)|L?SCBs?|L?SCPs?|CSAP|RSCB|RSB)\b"
)
_NOT_PLACE = frozenset(
    [
        "the",
        "this",
        "a",
        "an",
        "by",
        "for",
        "from",
        "of",
        "in",
        "on",
        "to",
        "with",
        "and",
        "chair",
        "independent",
        "report",
        "review",
        "case",
        "serious",
        "summary",
        "executive",
        "overview",
        "board",
        "partnership",
        "children",
        "child",
        "safeguarding",
        "local",
        "multi",
        "agency",
        "audit",
        "learning",
        "briefing",
        "minute",
        "published",
        "commissioned",
        "prepared",
        "endorsed",
        "practice",
        "rapid",
        "thematic",
        "annual",
        "our",
        "his",
        "her",
        "their",
        "its",
        "all",
        "new",
        "joint",
        "publication",
        "publishes",
        "published",
        "statement",
        "sub",
        "group",
        "subgroup",
        "committee",
        "member",
        "members",
        "dear",
        "welcome",
        "about",
        "contact",
        "home",
        "news",
        "what",
        "why",
        "how",
        "when",
        "where",
        "who",
        "key",
        "lessons",
        "extended",
        "concise",
        "transcript",
        "page",
        "upload",
        "others",
        "today",
        "yesterday",
        "now",
        "said",
        "says",
        "new",
        "adult",
        "adults",
        "children's",
        "children’s",
        "childrens",
        "national",
    ]
)
# National bodies that publish reviews and briefings, as their publications name them.
_PUBLISHERS = (
    "Child Safeguarding Practice Review Panel",
    "NSPCC",
    "Ofsted",
    "SCIE",
    "Social Care Institute for Excellence",
    "Care Quality Commission",
    "HMICFRS",
    "Care Inspectorate Wales",
    "Care Inspectorate",
    "Estyn",
    "Healthcare Inspectorate Wales",
    "Public Health Wales",
    "Department for Education",
    "Home Office",
    "Scottish Government",
    "Welsh Government",
    "Action for Children",
    "Barnardo's",
    "What Works for Children's Social Care",
    "Research in Practice",
    "Children's Commissioner for Wales",
    "Children's Commissioner",
    "Local Government Association",
    "NHS England",
    "Youth Justice Board",
    "National Independent Safeguarding Board",
    "Vulnerability Knowledge and Practice Programme",
    "Centre of Expertise on Child Sexual Abuse",
    "Nuffield Family Justice Observatory",
    "Early Intervention Foundation",
    "Youth Endowment Fund",
    "Royal College of Paediatrics and Child Health",
    "Royal College of Midwives",
    "Royal College of Nursing",
    "Scottish Social Services Council",
    "Social Work England",
    "HM Inspectorate of Probation",
    "HMI Probation",
    "Association of Directors of Children's Services",
    "Domestic Abuse Commissioner",
    "Victims' Commissioner",
    # Parliaments publish their records of debates and questions on reviews.
    "Senedd",
    "Welsh Parliament",
    "Scottish Parliament",
    "House of Commons",
    "House of Lords",
)
# The Welsh bodies as Welsh-language pages name them, and their English names.
_WELSH_NAMES = {
    "Comisiynydd Plant Cymru": "Children's Commissioner for Wales",
    "Comisiynydd Plant": "Children's Commissioner for Wales",
    "Arolygiaeth Gofal Iechyd Cymru": "Healthcare Inspectorate Wales",
    "Arolygiaeth Gofal Cymru": "Care Inspectorate Wales",
    "Iechyd Cyhoeddus Cymru": "Public Health Wales",
    "Llywodraeth Cymru": "Welsh Government",
}
# A cover's or a running header's capitals name a body too: "THE CHILD SAFEGUARDING PRACTICE REVIEW PANEL".
_CAPITALS = {p.upper(): p for p in _PUBLISHERS if len(p.split()) >= 3}
_PUBLISHER_RE = re.compile(
    r"\b(" + "|".join(re.escape(p) for p in (*_WELSH_NAMES, *_PUBLISHERS, *_CAPITALS)) + r")\b"
)


def _proper(name: str) -> str:
    """A body's name as it is written, from its Welsh name or its name in capitals."""
    return _WELSH_NAMES.get(name) or _CAPITALS.get(name) or name


# A partnership named after its name: "Safeguarding Children Partnership for Elmshire".
_PARTNERSHIP_FOR = re.compile(
    r"\b((?i:(?:Children'?s?’?s?\s+)?Safeguarding\s+(?:Children\s+)?(?:Partnership|Board))"
    rf"\s+(?:for|of)\s+)((?:the\s+)?{_PLACE_WORD}(?:(?:\s+and\s+|,\s+|\s+){_PLACE_WORD}){{0,4}})"
)


def _named_after(line: str) -> tuple[str, str] | None:
    """A partnership named after its kind, as written, with its place; None when the words after
    "for" are not a place ("Safeguarding Partnership for Children")."""
    match = _PARTNERSHIP_FOR.search(line)
    if match is None:
        return None
    place = [w for w in match.group(2).split() if w.lower() != "the"]
    if not place or any(w.lower().strip(",") in _NOT_PLACE | {"young", "people"} for w in place):
        return None
    return match.group(0), " ".join(place).strip(",")


def find_partnership(pages: list[str]) -> Found | None:
    """The safeguarding partnership or board named on the first page (see :func:`area_of` for its place)."""
    for n, page in enumerate(pages[:1], start=1):
        lines = page_lines(page)[:60]
        # A cover may set the place on one line and "Safeguarding Children Board" on the next, or a
        # logo a word a line ("Kingsford" / "Safeguarding" / "Children" / "Partnership").
        pairs = [f"{a} {b}" for a, b in zip(lines, lines[1:], strict=False)]
        stacked = [
            " ".join(lines[i : i + size])
            for size in (3, 4)
            for i in range(len(lines) - size + 1)
            if all(len(ln.split()) <= 2 for ln in lines[i : i + size])
        ]
        for line in [*lines, *pairs, *stacked]:
            for match in _PARTNERSHIP.finditer(line):
                words = _place(match.group(1))
                if not words:
                    continue
                name = " ".join([*words, *match.group(2).split()])
                if name.isupper() and len(name) > 12:  # a cover in capitals; its acronyms stay so
                    name = " ".join(w if _ACRONYM.fullmatch(w) else w.title() for w in name.split())
                return Found(name, n, line)
        for line in lines:
            after = _named_after(line)
            if after is not None:
                return Found(after[0], n, line)
    return None


_ACRONYM = re.compile(r"L?SCBs?|L?SCPs?|CSAP|RSCB|RSB")


def _place(text: str) -> list[str]:
    """The place words before a partnership's name, without the words of a sentence before them."""
    words = text.split()
    # A word ending a sentence ("... by the SCR. The LSCB") cuts off what comes before it.
    for i in range(len(words) - 1, -1, -1):
        if words[i].endswith(".") and len(words[i]) > 2:
            words = words[i + 1 :]
            break
    while words and (
        words[0].lower().strip("'’.,") in _NOT_PLACE or words[0].isupper() and len(words[0]) <= 4
    ):
        words.pop(0)
    while words and words[-1].lower() in {"and", "&", "of"}:
        words.pop()
    return words


def area_of(partnership: str) -> str:
    """The place a partnership's name begins with: "Kingsford" for the Kingsford partnership."""
    match = _PARTNERSHIP.search(partnership)
    if match is None or not _place(match.group(1)):
        after = _named_after(partnership)
        return after[1] if after else ""
    return " ".join(_place(match.group(1)))


# Organisations that publish for themselves: a school's policy, a trust's or a council's report.
_ORGANISATION = re.compile(
    r"^((?:[A-Z][\w'’&.-]*\s+){1,6}(?:School|Academy|College|Council|University|Trust|Police|Constabulary"
    r"|Commissioner|Board))$"
)
_DOC_WORD = (
    r"(?:briefing|report|review|analysis|paper|guidance|leaflet|document|resource|bulletin|study|audit"
    r"|evaluation|inspection|summary|research|publication|programme|collection|toolkit)s?"
)
# The words just before a body's name that make it the document's author or commissioner: "published
# by", "an analysis by the", "commissioned and prepared on behalf of".
_MADE_BY = re.compile(
    r"\b(?:(?:published|produced|written|prepared|developed|commissioned|compiled|issued|undertaken"
    r"|conducted|carried\s+out|led|funded|edited)(?:\s+\w+){0,3}\s+(?:by|for|on\s+behalf\s+of)"
    rf"|{_DOC_WORD}\s+(?:by|from))\s+(?:the\s+)?$",
    re.I,
)
# After a body's name at the start of a sentence: it publishes ("The NSPCC have added six reviews").
_PUBLISHES = re.compile(
    r"^\s*(?:\([A-Z]{2,}\)\s*)?(?:has\s+|have\s+|is\s+|are\s+|today\s+)*(?:published|publishes|publishing"
    r"|added|adds|released|releases|launched|launches|produced|produces|issued|issues|analysed|analyses)\b",
    re.I,
)
# After a body's name: its own document ("Ofsted's evaluation of", "The Care Inspectorate review of").
_OWNS = re.compile(rf"^(?:['’‟]s)?(?:\s+[\w-]+){{0,4}}?\s+{_DOC_WORD}\b", re.I)
# What a document says another's says: "The Panel's guidance states that ...".
_REPORTS = re.compile(
    r"^\W*(?:\(\d{4}\)\s*)?(?:states?|stated|says?|said|sets?\s+out|notes?|noted|recommends?|recommended"
    r"|requires?|required|highlights?|highlighted|found|finds|describes?|defines?|suggests?|warns?|warned"
    r"|identified|identifies|shows?|showed|concluded|concludes)\b",
    re.I,
)
# A body named as a source cited, not as the author: "Ofsted (2014) In the child's time", "notify Ofsted".
_CITED = re.compile(r"^\s*(?:[\[(]\d{4}[a-z]?[\])]|['’‟]s\s+[‘'\"“])")
_NOT_AUTHOR = re.compile(
    r"\b(?:notify|notified|inform|informed|to|with|under|and|or|as\s+highlighted\s+(?:in|by)|uses?|using)"
    r"\s+(?:the\s+)?(?:\w+['’‟]s\s+)?$",
    re.I,
)
# "This briefing summarises findings from analysis carried out by the Vulnerability Knowledge and
# Practice Programme (VKPP)": a document that says who made it names a body not in the list above.
_SELF_MADE = re.compile(
    rf"\b(?:[Tt]his|[Tt]he|[Aa]n?)\s+(?:[\w-]+\s+){{0,3}}?(?i:{_DOC_WORD}|leaflet|poster|protocol|tool)\b[^.;]*?"
    r"\bby\s+(?:the\s+)?((?:[A-Z][\w'’&-]*)(?:\s+(?:and|of|for|in|on|&|[A-Z](?:\.[A-Z])+\.?|[A-Z][\w'’&-]*)){1,8})"
)
# A place and its partnership's short name: "Kingsford SCP", "Bexley S.H.I.E.L.D.".
_PLACE_ACRONYM = re.compile(
    r"^[A-Z][a-z]{2,}(?:\s+[A-Z][a-z]{2,})?\s+(?:[A-Z]{2,6}|[A-Z](?:\.[A-Z]){1,7}\.?)$"
)
_ORG_WORD = re.compile(
    r"\b(?:Programme|Panel|Board|Partnership|Council|Trust|Service|Society|Centre|Institute|University"
    r"|Foundation|Commission|Commissioner|Agency|Office|Network|Unit|College|Association|Department"
    r"|Government|Inspectorate|NHS|Police|Constabulary|Committee|Group|Charity|Alliance)s?$"
)


def _lede(lines: list[str]) -> tuple[int, int]:
    """Where a page's first sentence of running prose (a news item's lede) lies in its lines joined
    by spaces, as (start, end); a standfirst under the headline with no full stop runs on into it."""
    at = 0
    for line in lines:
        if len(line.split()) >= 8:
            # A sentence ends at a full stop, not at an item's number ("3. Cwestiynau Amserol").
            end = re.search(r"(?<!\b\d)(?<!\b\d\d)[.!?](?:\s|$)", " ".join(lines)[at:])
            return at, at + (end.start() if end else len(line))
        at += len(line) + 1
    return 0, 0


# A line that points elsewhere: "See also on NSPCC Learning", "Visit the Ofsted website".
_POINTER = re.compile(r"\b(?:see\s+also|more\s+from|visit|website|follow|link|links|related|contact)\b", re.I)


def _role(text: str, start: int, end: int, line: str, lede: tuple[int, int], top: bool) -> int | None:
    """How surely a body named at ``text[start:end]`` (on ``line``) made the document: 0 surest, None
    not at all.

    A short line at the top of the page (a cover's, a heading's), or one that is little more than the
    name anywhere (a logo's, a footer's: "NSPCC Learning", "Published by Ofsted") names the author; in
    running text (``text``, the page's lines joined, as sentences run over lines), only words that make
    it one do ("published by", "The NSPCC has published", "Ofsted's evaluation"), or being named in the
    first sentence of a news item. A body that a document cites, notifies or lists among others is not
    its author.
    """
    before, after = text[:start], text[end:]
    if _CITED.match(after) or re.match(r"^,\s+(?:the\s+)?[A-Z]", after):
        return None  # a source cited, or one of several bodies listed ("Ofsted, the CQC, HMICFRS and ...")
    name = text[start:end]
    if name in _CAPITALS and not _NOT_AUTHOR.search(before):
        return 1  # set in capitals: a cover's or a running header's name, not a mention in prose
    if len(line.split()) <= 12 and not line.endswith(".") and not _POINTER.search(line) and name in line:
        return 0 if top or len(line.split()) - len(name.split()) <= 3 else None
    if _MADE_BY.search(before):
        return 1
    sentence_start = (
        re.search(r"(?:^|[.!?]\s+)(?:(?:Today|Now),?\s+)?(?:The\s+|the\s+)?$", before) is not None
    )
    if sentence_start and _PUBLISHES.match(after):
        return 1
    owns = _OWNS.match(after)
    if owns and not _NOT_AUTHOR.search(before) and not _REPORTS.match(after[owns.end() :]):
        return 1
    if lede[0] <= start < lede[1] and not _NOT_AUTHOR.search(before):
        return 2  # named in the first sentence of a news item: what it is about
    return None


def find_publisher(pages: list[str]) -> Found | None:
    """The body that made the document: a national body named as its author, or the organisation named
    at its top (a school, a trust, a council); None when bodies are only cited or mentioned."""
    lines = page_lines(pages[0])[:60] if pages else []
    text = " ".join(lines)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    lede = _lede(lines)

    def line_at(offset: int) -> int:
        return max(bisect.bisect_right(starts, offset) - 1, 0)

    best: tuple[int, int, Found] | None = None
    for line in lines[:20]:
        # GOV.UK names a publication's makers in a "From:" line; the first is its publisher.
        field = re.match(r"^From:\s+(.+)$", line)
        known = _PUBLISHER_RE.match(field.group(1)) if field else None
        if known is not None:
            return Found(_proper(known.group(1)), 1, line)
    for match in _PUBLISHER_RE.finditer(text):
        i = line_at(match.start())
        role = _role(text, match.start(), match.end(), lines[i], lede, i < 10)
        if role is not None and (best is None or (role, match.start()) < best[:2]):
            best = (role, match.start(), Found(_proper(match.group(1)), 1, lines[i]))
    for own in _SELF_MADE.finditer(text):
        name = re.sub(r"(?:\s+(?:and|of|for|in|on|&))+$", "", own.group(1))
        known = _PUBLISHER_RE.match(name)
        if known is not None:
            name = known.group(1)  # "the NSPCC Information Service" is the NSPCC
        if (known or _ORG_WORD.search(name) or _PLACE_ACRONYM.match(name)) and (
            best is None or (1, own.start()) < best[:2]
        ):
            best = (1, own.start(), Found(_proper(name), 1, lines[line_at(own.start())]))
    if best is not None:
        return best[2]
    for i, line in enumerate(lines[:10]):
        org = _ORGANISATION.match(line)
        if org:
            name = org.group(1)
            # A long line wrapped in the middle of the name: "...; Australian" / "Catholic University".
            before = lines[i - 1] if i else ""
            start = re.search(r"(?:^|[;,(]\s*|\s)((?:[A-Z][\w'’&.-]*\s+)*[A-Z][\w'’&.-]*)$", before)
            if len(before) >= 60 and start and len(start.group(1).split()) <= 3:
                name = f"{start.group(1)} {name}"
            return Found(name, 1, line)
    return None


def brand_line(line: str) -> bool:
    """Whether a line is a national body's name with one word after it: the name of its site or its
    series on a cover ("NSPCC Learning"), which says who made the document, not what it is called."""
    match = _PUBLISHER_RE.match(line.strip())
    return match is not None and len(line.strip()[match.end() :].split()) <= 1


def describes_own(line: str) -> bool:
    """Whether a line starts by naming a national body's own work ("Ofsted's evaluation of ..."):
    the summary set under a document's title on its page, not the title."""
    match = _PUBLISHER_RE.match(line.strip())
    return match is not None and re.match(r"['’]s\s+[a-z]", line.strip()[match.end() :]) is not None


def only_partnership(line: str) -> bool:
    """Whether a line is a partnership's, a national body's or an organisation's name and nothing else."""
    if _ORGANISATION.match(line.strip()):
        return True  # a school's, a council's or a trust's name on its cover
    found = find_partnership([line])
    # (A cover in capitals names it in capitals; its name is read in ordinary case.)
    rest = re.sub(re.escape(found.value), " ", line, flags=re.I) if found else _PUBLISHER_RE.sub(" ", line)
    return rest != line and not re.sub(r"\b(?:the|and|&|of)\b|[\W\d_]", "", rest, flags=re.I)


# The areas of local authorities in England and Wales (and the largest in Scotland): a safeguarding
# partnership covers one (or a few together), and a page that names its partnership only as "the LSCP"
# names its area elsewhere ("Leeds has a robust review process").
_AREA_NAMES = (  # noqa: SIM905
    "Bath and North East Somerset|Bedford|Blackburn with Darwen|Blackpool|Bournemouth|Bracknell Forest"
    "|Brighton and Hove|Brighton & Hove|Bristol|Buckinghamshire|Cambridgeshire|Central Bedfordshire"
    "|Cheshire East|Cheshire West and Chester|Cornwall|Cumbria|Cumberland|Westmorland and Furness|Darlington"
    "|Derby|Derbyshire|Devon|Dorset|Durham|East Riding of Yorkshire|East Riding|East Sussex|Essex"
    "|Gloucestershire|South Gloucestershire|Halton|Hampshire|Hartlepool|Herefordshire|Hertfordshire"
    "|Isle of Wight|Kent|Kingston upon Hull|Hull|Lancashire|Leicester|Leicestershire|Lincolnshire"
    "|North East Lincolnshire|North Lincolnshire|Luton|Medway|Middlesbrough|Milton Keynes|Norfolk"
    "|North Somerset|North Yorkshire|Northamptonshire|North Northamptonshire|West Northamptonshire"
    "|Northumberland|Nottingham|Nottinghamshire|Oxfordshire|Peterborough|Plymouth|Portsmouth"
    "|Redcar and Cleveland|Rutland|Shropshire|Slough|Somerset|Southampton|Southend|Staffordshire"
    "|Stockton-on-Tees|Stoke-on-Trent|Suffolk|Surrey|Swindon|Telford and Wrekin|Thurrock|Torbay"
    "|Warrington|Warwickshire|West Berkshire|West Sussex|Wiltshire|Windsor and Maidenhead|Wokingham"
    "|Worcestershire|York|Barnsley|Birmingham|Bolton|Bradford|Bury|Calderdale|Coventry|Doncaster|Dudley"
    "|Gateshead|Kirklees|Knowsley|Leeds|Liverpool|Manchester|Greater Manchester|Newcastle|North Tyneside"
    "|Oldham|Rochdale|Rotherham|Salford|Sandwell|Sefton|Sheffield|Solihull|South Tyneside|St Helens"
    "|Stockport|Sunderland|Tameside|Trafford|Wakefield|Walsall|Wigan|Wirral|Wolverhampton"
    "|Barking and Dagenham|Barnet|Bexley|Brent|Bromley|Camden|Croydon|Ealing|Enfield|Greenwich|Hackney"
    "|Hammersmith and Fulham|Haringey|Harrow|Havering|Hillingdon|Hounslow|Islington|Kensington and Chelsea"
    "|Kingston upon Thames|Lambeth|Lewisham|Merton|Newham|Redbridge|Richmond upon Thames|Southwark|Sutton"
    "|Tower Hamlets|Waltham Forest|Wandsworth|Westminster|Anglesey|Gwynedd|Conwy|Denbighshire|Flintshire"
    "|Wrexham|Powys|Ceredigion|Pembrokeshire|Carmarthenshire|Swansea|Neath Port Talbot|Bridgend"
    "|Vale of Glamorgan|Cardiff|Rhondda Cynon Taf|Merthyr Tydfil|Caerphilly|Blaenau Gwent|Torfaen"
    "|Monmouthshire|Newport|Glasgow|Edinburgh|Aberdeen|Dundee|Fife|Highland"
).split("|")
_AREA_RE = re.compile(
    r"(?<!New )(?<!North )(?<!South )(?<!East )(?<!West )\b("
    + "|".join(re.escape(a) for a in sorted(_AREA_NAMES, key=len, reverse=True))
    + r")\b(?![-\w])"
)
# A partnership named without its place: "The LSCP Review Advisory Group", "the Safeguarding Children
# Board". One only: "local safeguarding children boards (LSCBs)" are partnerships in general.
_UNPLACED = re.compile(
    r"\b(?:[Tt]he|[Oo]ur)\s+(L?SCB|L?SCP|CSAP|(?:Local\s+)?Safeguarding\s+Children(?:'s|’s)?\s+(?:Board|Partnership))"
    r"(?![’'\w])"
)


def find_unplaced_partnership(pages: list[str]) -> Found | None:
    """A partnership the first page names without its place ("the LSCP"), with the area of a local
    authority that the page names most often: "Leeds LSCP". None when it names no area, or the
    partnership by its place (:func:`find_partnership`)."""
    lines = page_lines(pages[0])[:60] if pages else []
    text = " ".join(lines)
    unplaced = _UNPLACED.search(text)
    if unplaced is None:
        return None
    counts: dict[str, int] = {}
    for match in _AREA_RE.finditer(text):
        counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    if not counts:
        return None
    area = max(counts, key=lambda a: counts[a])  # the first named wins a tie (dicts keep their order)
    short = " ".join(unplaced.group(1).split())
    line = next((ln for ln in lines if area in ln), lines[0])
    return Found(f"{area} {short}", 1, line)
