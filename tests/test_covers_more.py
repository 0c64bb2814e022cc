"""More first pages in shapes partnerships publish, read for what a practitioner would write down.

tests/test_covers.py holds the everyday covers; these are the shapes it lacked: bilingual Welsh and
English covers, a title in capitals over three lines with a strapline, a title under a logo block and
the partnership's address, version and publication lines set between a title's parts, rapid and
thematic reviews named after a theme, joint targeted area inspection letters, NSPCC and SCIE learning
summaries, briefings whose first line is their format, newsletters leading with a review, annual
reports, and documents whose first page is a contents page. The pages are made up. Each case lists the
words the title must hold, the words it must not, the start of the date, the area, the publisher and
the kind (None where learnkit has no kind of its own for the document: a newsletter, a letter, an
annual report).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from learnkit.knowledge.describe import describe


@dataclass(frozen=True)
class Cover:
    name: str
    page: str
    words: str  # words the title must hold, in any order
    date: str  # the start of the date read ("" for none)
    area: str
    publisher: str
    kind: str | None
    not_words: str = ""  # words that must not be in the title
    metadata: str = ""
    file_name: str = ""


COVERS = [
    Cover(
        "bilingual cover, welsh and english titles on one line each, a bilingual board",
        "Bwrdd Diogelu Plant Gogledd Cymru\nNorth Wales Safeguarding Children Board\n"
        "Adolygiad Ymarfer Plant Estynedig\nExtended Child Practice Review\nNWSB 04/2021\n"
        "Babi T / Baby T\nCyhoeddwyd / Published: Tachwedd 2022 / November 2022\n",
        "extended child practice review baby t",
        "2022-11",
        "North Wales",
        "North Wales Safeguarding Children Board",
        "child-practice-review",
        not_words="adolygiad cyhoeddwyd nwsb",
    ),
    Cover(
        "bilingual cover with the two titles side by side",
        "Adolygiad Ymarfer Plant Cryno / Concise Child Practice Review\n"
        "Teulu R / Family R\nBwrdd Diogelu Rhanbarthol Cwm Taf Morgannwg\n"
        "Cwm Taf Morgannwg Safeguarding Board\nDyddiad cyhoeddi / Date of publication: 03/03/2021\n",
        "concise child practice review family r",
        "2021-03-03",
        "Cwm Taf Morgannwg",
        "Cwm Taf Morgannwg Safeguarding Board",
        "child-practice-review",
        not_words="teulu dyddiad",
    ),
    Cover(
        "title in capitals over three lines with a strapline under it",
        "Kestrel Vale Safeguarding Children Partnership\nLOCAL CHILD\nSAFEGUARDING PRACTICE\n"
        "REVIEW: CHILD N\n"
        "Learning together to keep children safe\nPublished: 7 July 2023\n",
        "local child safeguarding practice review child n",
        "2023-07-07",
        "Kestrel Vale",
        "Kestrel Vale Safeguarding Children Partnership",
        "safeguarding-practice-review",
        not_words="together keep",
    ),
    Cover(
        "serious case review in capitals over three lines with a strapline",
        "SERIOUS CASE\nREVIEW INTO THE\nDEATH OF BABY R\nEvery child safe, every voice heard\n"
        "Harbourside Local Safeguarding Children Board\nOctober 2018\n",
        "serious case review death baby r",
        "2018-10",
        "Harbourside",
        "Harbourside Local Safeguarding Children Board",
        "serious-case-review",
        not_words="voice heard",
    ),
    Cover(
        "title after a logo block and the partnership's address",
        "Logo\nMarlow Heath Safeguarding Children Partnership\nCivic Centre, Station Road\n"
        "Marlow Heath MH1 2AB\nTel: 01234 567890\nLearning Review: Child V\n"
        "Independent Reviewer: Sam Oakes\nPublished: 2 May 2024\n",
        "learning review child v",
        "2024-05-02",
        "Marlow Heath",
        "Marlow Heath Safeguarding Children Partnership",
        "learning-review",
        not_words="civic station road tel oakes",
    ),
    Cover(
        "title after a logo block and an email address",
        "Northbrook Safeguarding Partnership\n1 Market Square, Northbrook NB3 4CD\n"
        "nsp@northbrook.example.org\n"
        "Rapid Review\nBaby S\nDate of meeting: 9 February 2023\n",
        "rapid review baby s",
        "2023-02",
        "Northbrook",
        "Northbrook Safeguarding Partnership",
        "rapid-review",
        not_words="market square",
    ),
    Cover(
        "final report line between the title and its subject",
        "Westmere Safeguarding Children Partnership\nChild Safeguarding Practice Review\nFinal report\n"
        "Siblings X and Y\nPublished: March 2024\n",
        "child safeguarding practice review siblings x y",
        "2024-03",
        "Westmere",
        "Westmere Safeguarding Children Partnership",
        "safeguarding-practice-review",
    ),
    Cover(
        "version line between a title and its subtitle",
        "A Thematic Review\nVersion 2.1\nNeglect of Children Under Five\nPublished: March 2024\n"
        "Brantwood Safeguarding Children Partnership\n",
        "thematic review neglect children under five",
        "2024-03",
        "Brantwood",
        "Brantwood Safeguarding Children Partnership",
        "thematic-review",
        not_words="version",
    ),
    Cover(
        "thematic review whose title names its theme after a colon",
        "Thematic review: neglect of children under five\nLearning from six local cases\n"
        "Ashby Fold Safeguarding Children Partnership\nJanuary 2023\n1. Introduction\n",
        "thematic review neglect children under five",
        "2023-01",
        "Ashby Fold",
        "Ashby Fold Safeguarding Children Partnership",
        "thematic-review",
    ),
    Cover(
        "rapid review report on a young person, with its markings",
        "OFFICIAL-SENSITIVE\nRapid Review Report\nYoung Person L (aged 16)\n"
        "Eastcliff Safeguarding Children Partnership\nDate of Rapid Review: 21/08/2023\n",
        "rapid review young person l",
        "2023-08-21",
        "Eastcliff",
        "Eastcliff Safeguarding Children Partnership",
        "rapid-review",
        not_words="official sensitive",
    ),
    Cover(
        "joint targeted area inspection letter",
        "Ofsted\nCare Quality Commission\nHMICFRS\nHMI Probation\n12 June 2023\n"
        "Ms Jane Doe, Director of Children's Services, Riverbank Council\n"
        "Joint targeted area inspection of the multi-agency response to children and\n"
        "families who need help in Riverbank\n"
        "This letter summarises the findings of a joint targeted area inspection (JTAI)\n"
        "of the multi-agency response to children and families who need help in Riverbank.\n",
        "joint targeted area inspection multi agency response children families need help riverbank",
        "2023-06-12",
        "",
        "Ofsted",
        None,
        not_words="doe director",
    ),
    Cover(
        "joint targeted area inspection letter under its short name",
        "Ofsted\nPiccadilly Gate\nStore Street\nManchester\nM1 2WD\nT 0300 123 1231\n3 March 2022\n"
        "Mr A Smith\nDirector of Children's Services\nFenmoor Council\nDear Mr Smith\n"
        "Joint targeted area inspection of the multi-agency response to child sexual\n"
        "abuse in the family environment in Fenmoor\n"
        "Between 24 and 28 January 2022, Ofsted, the Care Quality Commission (CQC), HMICFRS\n"
        "and HMI Probation carried out a joint inspection of the multi-agency response.\n",
        "joint targeted area inspection child sexual abuse family environment fenmoor",
        "2022-03-03",
        "",
        "Ofsted",
        None,
        not_words="dear smith piccadilly manchester",
    ),
    Cover(
        "nspcc learning summary of case reviews on a theme",
        "NSPCC Learning\nCase reviews\nBabies: learning from case reviews\n"
        "Summary of risk factors and learning for improved practice around babies\n"
        "Published: October 2023\nThis briefing pulls together learning from case reviews where babies had "
        "been harmed.\n",
        "babies learning case reviews",
        "2023-10",
        "",
        "NSPCC",
        "thematic-briefing",
    ),
    Cover(
        "scie learning summary",
        "SCIE\nSocial Care Institute for Excellence\nLearning from case reviews: hidden men\n"
        "At a glance 72\nPublished: February 2021\nKey messages\n",
        "learning case reviews hidden men",
        "2021-02",
        "",
        "SCIE",
        "thematic-briefing",
        not_words="glance",
    ),
    Cover(
        "learning brief whose first line is 7 minute briefing",
        "7 Minute Briefing\nChild K: Exploitation and going missing\n"
        "Sandmoor Safeguarding Children Partnership\n"
        "April 2024\n1. Background\nChild K was 14 when he first went missing from home.\n",
        "7 minute briefing child k exploitation missing",
        "2024-04",
        "Sandmoor",
        "Sandmoor Safeguarding Children Partnership",
        "learning-briefing",
    ),
    Cover(
        "seven minute briefing in capitals over the review it draws on",
        "SEVEN MINUTE BRIEFING\nLEARNING FROM THE SERIOUS CASE REVIEW\nBABY Q\n"
        "Oakhurst Local Safeguarding Children Board\nJune 2017\n",
        "seven minute briefing baby q",
        "2017-06",
        "Oakhurst",
        "Oakhurst Local Safeguarding Children Board",
        "learning-briefing",
    ),
    Cover(
        "newsletter whose first article is about a review",
        "Safeguarding News\nGreyford Safeguarding Children Partnership newsletter\nIssue 22, Summer 2023\n"
        "Child Safeguarding Practice Review: Child J published\n"
        "This month we published the review into the care of Child J, a 9 year old who was neglected.\n",
        "newsletter greyford",
        "2023",
        "Greyford",
        "Greyford Safeguarding Children Partnership",
        None,
        not_words="child published",  # the first article's, not the newsletter's
    ),
    Cover(
        "annual report with its year in the title line",
        "Lowfield Safeguarding Children Partnership\nAnnual Report 2021-22\nWorking together to safeguard "
        "children in Lowfield\nPublished: September 2022\n",
        "annual report 2021 22 lowfield",
        "2022-09",
        "Lowfield",
        "Lowfield Safeguarding Children Partnership",
        None,
    ),
    Cover(
        "annual report in capitals over two lines",
        "STONEY CROSS SAFEGUARDING CHILDREN PARTNERSHIP\nANNUAL REPORT\n2022/23\n"
        "Independent Scrutineer: Alex Day\n",
        "annual report 2022/23",
        "2022",
        "Stoney Cross",
        "Stoney Cross Safeguarding Children Partnership",
        None,
        not_words="scrutineer day",
    ),
    Cover(
        "first page that is a contents page",
        "Contents\nForeword ........ 2\n1. Introduction ........ 3\n2. The family ........ 5\n"
        "3. Findings ........ 9\n4. Recommendations ........ 14\n",
        "local child safeguarding practice review child p",
        "",
        "",
        "",
        "safeguarding-practice-review",
        not_words="foreword introduction family findings recommendations",
        file_name="LCSPR_Child_P_final.pdf",
    ),
    Cover(
        "contents page with the title over it as a running header",
        "Serious Case Review: Child H - Overview Report\nContents\n1. Introduction 3\n2. Methodology 5\n"
        "3. Background 7\n4. Findings 11\n5. Recommendations 18\n",
        "serious case review child h overview",
        "",
        "",
        "",
        "serious-case-review",
        not_words="methodology introduction",
    ),
    Cover(
        "contents page of a thematic briefing with its publisher's line",
        "Learning from rapid reviews: Adolescents and serious youth violence\nContents\n"
        "Summary 2\nWhat the reviews found 4\nWhat this means for practice 8\n"
        "Published by the Northvale Safeguarding Children Partnership, May 2022\n",
        "learning rapid reviews adolescents serious youth violence",
        "2022-05",
        "Northvale",
        "Northvale Safeguarding Children Partnership",
        None,
        not_words="means",
    ),
    Cover(
        "multi-agency audit over a quality assurance strapline",
        "Learning and improving together\nMulti-Agency Case Audit\n"
        "Children Living with Parental Mental Ill Health\nWestbourne Safeguarding Children Partnership\n"
        "Report date: November 2022\n",
        "multi agency case audit children living parental mental ill health",
        "2022-11",
        "Westbourne",
        "Westbourne Safeguarding Children Partnership",
        "multi-agency-audit",
        not_words="improving together",
    ),
    Cover(
        "learning briefing over the rapid review it draws on",
        "Learning Briefing\nRapid Review: Baby W\nSUDI and unsafe sleep\n"
        "Foxley Safeguarding Children Partnership\n"
        "Published December 2023\n",
        "learning briefing rapid review baby w",
        "2023-12",
        "Foxley",
        "Foxley Safeguarding Children Partnership",
        "learning-briefing",
    ),
    Cover(
        "news post whose headline only names the kind of review",
        "Main Posts\nSerious Case Review\nPosted by Admin at 12/03/2019 10:02:11\n"
        "The Independent Chair of the Brookvale Safeguarding Children Board has published the Serious\n"
        "Case Review following the death of a baby boy aged three months in 2017.\n",
        "serious case review death baby boy",
        "2019-03-12",
        "Brookvale",
        "Brookvale Safeguarding Children Board",
        None,
        not_words="admin posted",
    ),
    Cover(
        "annual report whose year is written 2022 to 2023",
        "Kingsford Safeguarding Children Partnership\nAnnual Report\n2022 to 2023\nForeword\n",
        "annual report 2022/23",
        "2022",
        "Kingsford",
        "Kingsford Safeguarding Children Partnership",
        None,
        not_words="foreword",
    ),
    Cover(
        "bulletin whose issue line is set with a bar, over its first article",
        "Kingsford Safeguarding Children Partnership\nPractitioner Bulletin\nIssue 5 | Autumn 2022\n"
        "Rapid Review: Baby P \u2013 what we learned\nIn August a baby was injured at home.\n",
        "practitioner bulletin",
        "2022",
        "Kingsford",
        "Kingsford Safeguarding Children Partnership",
        None,
        not_words="rapid baby learned",
    ),
    Cover(
        "partnership's name set a word a line under its logo",
        "Kingsford\nSafeguarding\nChildren\nPartnership\nChild Safeguarding Practice Review\n"
        "Child A and Child B\nPublished March 2022\n",
        "child safeguarding practice review child a b",
        "2022-03",
        "Kingsford",
        "Kingsford Safeguarding Children Partnership",
        "safeguarding-practice-review",
    ),
    Cover(
        "scie summary with its series number over the title and key messages under it",
        "SCIE\nAt a glance 71\nPublished: May 2019\nSafeguarding children: learning from case reviews on "
        "neglect\nKey messages\n",
        "learning case reviews neglect",
        "2019-05",
        "",
        "SCIE",
        "thematic-briefing",
        not_words="messages glance",
    ),
    Cover(
        "bilingual annual report, welsh over english",
        "Adroddiad Blynyddol 2021-22\nAnnual Report 2021-22\nBwrdd Diogelu Gorllewin Morgannwg\n"
        "West Glamorgan Safeguarding Board\n",
        "annual report 2021 22",
        "2021",
        "West Glamorgan",
        "West Glamorgan Safeguarding Board",
        None,
        not_words="adroddiad blynyddol",
    ),
    Cover(
        "child practice review under a board's acronym and its reference",
        "CYSUR\nChild Practice Review\nCYSUR 1/2020\nRe: Child M\nReport date: 2 March 2021\n",
        "child practice review child m",
        "2021-03-02",
        "",
        "",
        "child-practice-review",
        not_words="cysur",
    ),
    Cover(
        "joint inspection report on a gov.uk page with its makers in a from line",
        "GOV.UK\nHome > Education, training and skills > Inspections\nCorporate report\n"
        "Multi-agency responses to serious youth violence: working together to support and protect children\n"
        "A joint targeted area inspection (JTAI) report on serious youth violence.\n"
        "From: Ofsted, Care Quality Commission, HMICFRS, HMI Probation\nPublished 23 February 2024\n",
        "multi agency responses serious youth violence working together support protect children",
        "2024-02-23",
        "",
        "Ofsted",
        None,
        not_words="home inspections skills jtai",
    ),
    Cover(
        "mirror site's page with the title and the partnership run together",
        "Page 1: SERIOUS CASE REVIEW - CHILD G - Kingsford Safeguarding Children Board\nSERIOUS CASE REVIEW\n"
        "CHILD G\nKingsford Safeguarding Children Board\nAuthor: A Author\nMarch 2017\n",
        "serious case review child g kingsford",
        "2017-03",
        "Kingsford",
        "Kingsford Safeguarding Children Board",
        "serious-case-review",
        not_words="page author",
    ),
    Cover(
        "rapid review written on its template's form",
        "Rapid Review Template\nName of child: Child X\nDate of birth: 01/02/2020\n"
        "Local authority: Kingsford\n"
        "Date of serious incident: 03/04/2023\nDate of rapid review meeting: 17/04/2023\n",
        "rapid review child x",
        "2023-04",
        "",
        "",
        "rapid-review",
        not_words="template birth meeting",
    ),
    Cover(
        "serious case review in capitals whose child's letter is in quotes",
        "SERIOUS CASE REVIEW\nOVERVIEW REPORT\nIN RESPECT OF\nCHILD 'S'\n"
        "Kingsford Local Safeguarding Children Board\nDecember 2012\n",
        "serious case review child s",
        "2012-12",
        "Kingsford",
        "Kingsford Local Safeguarding Children Board",
        "serious-case-review",
    ),
    Cover(
        "audit report with its audit's date and its author's role",
        "Kingsford Safeguarding Children Partnership\nMulti-Agency Audit Report\n"
        "Children Subject to Child Protection Plans for Neglect\nDate of audit: 14 March 2023\n"
        "Report author: Ann Author, QA Officer\n",
        "multi agency audit children child protection plans neglect",
        "2023-03-14",
        "Kingsford",
        "Kingsford Safeguarding Children Partnership",
        "multi-agency-audit",
        not_words="author officer",
    ),
    Cover(
        "cover flattened onto one line with its publication date",
        "Kingsford Safeguarding Children Partnership Local Child Safeguarding Practice Review Child R "
        "Published May 2021\nContents\n1. Introduction 3\n2. Background 4\n",
        "local child safeguarding practice review child r",
        "2021-05",
        "Kingsford",
        "Kingsford Safeguarding Children Partnership",
        "safeguarding-practice-review",
        not_words="published introduction",
    ),
    Cover(
        "national review with its phase under a long title",
        "Child Safeguarding Practice Review Panel\n"
        "Safeguarding children who go missing from care: a national review\nPhase 1 report\nNovember 2023\n",
        "safeguarding children missing care national phase 1",
        "2023-11",
        "",
        "Child Safeguarding Practice Review Panel",
        "safeguarding-practice-review",
    ),
    Cover(
        "welsh-language news of a review keeps its welsh title",
        "Newyddion\nAdolygiad Ymarfer Plant wedi'i gyhoeddi\n14 Mawrth 2022\nMae'r Bwrdd Diogelu wedi "
        "cyhoeddi adolygiad ymarfer plant heddiw am farwolaeth plentyn ifanc.\n",
        "adolygiad ymarfer plant gyhoeddi",
        "2022-03-14",
        "",
        "",
        "child-practice-review",
        not_words="newyddion",
    ),
    Cover(
        "thematic review's kind on a line of its own over its topic",
        "Kingsford Safeguarding Children Partnership\nThematic Review\n"
        "Adolescents at risk of extra-familial harm: learning from\nfive local reviews\nJanuary 2024\n",
        "thematic review adolescents risk extra familial harm five local",
        "2024-01",
        "Kingsford",
        "Kingsford Safeguarding Children Partnership",
        "thematic-review",
    ),
    Cover(
        "child practice review in welsh first with an english date line",
        "Adolygiad Ymarfer Plant\nChild Practice Review\nPlentyn D / Child D\n"
        "Bwrdd Diogelu Gorllewin Morgannwg / West Glamorgan Safeguarding Board\nMehefin 2021 / June 2021\n",
        "child practice review child d",
        "2021-06",
        "West Glamorgan",
        "West Glamorgan Safeguarding Board",
        "child-practice-review",
        not_words="adolygiad mehefin plentyn",
    ),
]


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z0-9/]+", text.lower())}


@pytest.mark.parametrize("cover", COVERS, ids=[c.name for c in COVERS])
def test_a_cover_is_read_as_a_practitioner_would_write_it_down(cover: Cover) -> None:
    found = describe([cover.page], cover.metadata, cover.file_name, raw_pages=[cover.page])
    title = _words(found.title)
    assert _words(cover.words) <= title, found.title
    assert not _words(cover.not_words) & title, found.title
    assert found.date.startswith(cover.date) and (cover.date or not found.date), found.date
    assert found.area == cover.area, found.area
    assert found.publisher == cover.publisher, found.publisher
    if cover.kind is not None:
        assert found.kind == cover.kind, found.kind


def test_a_first_page_that_is_only_a_contents_list_leaves_the_cover_to_the_second() -> None:
    pages = [
        "Contents\n1. Introduction 3\n2. The family 5\n3. Findings 9\n4. Recommendations 14\n",
        "Serious Case Review\nChild H\nKingsford Safeguarding Children Board\nMay 2016\n1. Introduction\n"
        "This review concerns Child H, who was 4 when she was taken into care.\n",
    ]
    found = describe(pages, raw_pages=pages)
    assert found.title == "Serious Case Review: Child H (Kingsford Safeguarding Children Board, 2016)"
    assert (found.date, found.area, found.kind) == ("2016-05", "Kingsford", "serious-case-review")
