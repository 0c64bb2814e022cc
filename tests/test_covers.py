"""First pages in the shapes partnerships, the national Panel, NSPCC, SCIE, Ofsted and health bodies
publish, read for what a practitioner would write down about each: title, date, publisher and kind.

The pages are made up; their furniture is what real PDFs carry: a marking, "Page 1 of 12", a version,
a contents list, a cover set in capitals over several lines, a bilingual Welsh cover, a word
processor's name in the PDF's title entry, an author's credit line. Each case lists the words its
title must hold (the review's kind, its subject, what it is about), the start of its date, who
published it and its kind (None where learnkit has no kind of its own for it, e.g. a news item).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from learnkit.commands.main import app
from learnkit.knowledge.cover import readable_case
from learnkit.knowledge.dates import parse_date
from learnkit.knowledge.describe import describe, own_metadata_title
from learnkit.knowledge.partners import area_of, find_partnership
from learnkit.knowledge.subjects import find_subject
from tests.pdfmaker import make_pdf


@dataclass(frozen=True)
class Cover:
    name: str
    page: str
    words: str  # words the title must hold, in any order
    date: str  # the start of the date read
    publisher: str
    kind: str | None
    metadata: str = ""
    not_words: str = ""  # words that must not be in the title (a credit, a file name)


COVERS = [
    Cover(
        "lcspr executive summary in capitals over two lines",
        "OFFICIAL\nNorthfield Safeguarding Children Partnership\nLOCAL CHILD SAFEGUARDING\nPRACTICE REVIEW\n"
        "CHILD D\nExecutive Summary\nIndependent Reviewer: Jane Hollis\nPublished: 14th March 2023\n"
        "Page 1 of 12\n",
        "local child safeguarding practice review child d",
        "2023-03-14",
        "Northfield Safeguarding Children Partnership",
        "safeguarding-practice-review",
        not_words="hollis reviewer",
    ),
    Cover(
        "scr overview report with a word processor's title entry and a contents list",
        "Eastbury Local Safeguarding Children Board\nSerious Case Review\nOverview Report\nBaby T\n"
        "Author: Dr Peter Lane\nVersion 1.2\nNovember 2016\nContents\n1. Introduction .......... 3\n"
        "2. Methodology .......... 5\n3. Findings .......... 9\n",
        "serious case review baby t",
        "2016-11",
        "Eastbury Local Safeguarding Children Board",
        "serious-case-review",
        metadata="Microsoft Word - BabyT_SCR_v1.2_FINAL.docx",
        not_words="microsoft docx lane",
    ),
    Cover(
        "rapid review summary of a sibling group, dated day first",
        "Kingsmoor Safeguarding Partnership\nRapid Review Summary: Sibling Group A\n"
        "Date of Rapid Review meeting: 03/05/2022\nDate of referral to the National Panel: 10/05/2022\n"
        "1. Background\nSibling Group A are four children aged 2 to 11 who lived with their mother.\n",
        "rapid review summary sibling group a",
        "2022-05",
        "Kingsmoor Safeguarding Partnership",
        "rapid-review",
    ),
    Cover(
        "7 minute briefing with a short title entry",
        "7 Minute Briefing\nLearning from the LCSPR: Jacob\nWestvale Safeguarding Children Partnership\n"
        "June 2021\n1. Background\nJacob was a 15 year old boy who was criminally exploited.\n",
        "7 minute briefing jacob",
        "2021-06",
        "Westvale Safeguarding Children Partnership",
        "learning-briefing",
        metadata="7MB Jacob",
    ),
    Cover(
        "learning brief set over the review it draws on",
        "LEARNING BRIEF\nFamily Z\nChild Safeguarding Practice Review\n"
        "Redcastle Children's Safeguarding Partnership\nPublished January 2024\nWhat happened?\n"
        "Family Z were known to services for many years because of neglect and domestic abuse.\n",
        "learning brief family z",
        "2024-01",
        "Redcastle Children's Safeguarding Partnership",
        "learning-briefing",
    ),
    Cover(
        "thematic review, its title over three lines",
        "Hartfield Safeguarding Children Partnership\nA Thematic Review of\nChild Sexual Abuse in\n"
        "the Family Environment\nFinal Report\nSeptember 2022\nPage 1\n",
        "thematic review child sexual abuse family environment",
        "2022-09",
        "Hartfield Safeguarding Children Partnership",
        "thematic-review",
    ),
    Cover(
        "concise child practice review in English",
        "Cwm Taf Regional Safeguarding Board\nConcise Child Practice Review\nCTB 3/2019\nRe: Child F\n"
        "Legal context\nThis review was commissioned by Cwm Taf Regional Safeguarding Board on the\n"
        "recommendation of the Child Practice Review Sub Group. Report date: 12 June 2020\n",
        "concise child practice review child f",
        "2020-06",
        "Cwm Taf Regional Safeguarding Board",
        "child-practice-review",
    ),
    Cover(
        "bilingual extended child practice review",
        "Bwrdd Diogelu Rhanbarthol Gorllewin Morgannwg\nWestern Bay Safeguarding Board\n"
        "Adolygiad Ymarfer Plant Estynedig\nExtended Child Practice Review\nWBSB 2/2018\n"
        "Plentyn B / Child B\nMawrth 2019 / March 2019\n",
        "extended child practice review child b",
        "2019-03",
        "Western Bay Safeguarding Board",
        "child-practice-review",
    ),
    Cover(
        "multi-agency audit report dated with dots",
        "Lowmoor Safeguarding Children Partnership\nMulti-Agency Audit Report:\nNeglect in Adolescence\n"
        "Quality Assurance Sub-Group\nDate: 21.02.2023\nOFFICIAL - SENSITIVE\n1. Purpose of the audit\n",
        "multi agency audit neglect adolescence",
        "2023-02-21",
        "Lowmoor Safeguarding Children Partnership",
        "multi-agency-audit",
    ),
    Cover(
        "annual report over its contents list",
        "Ashdown Safeguarding Children Partnership\nAnnual Report\n2022 - 2023\nContents\n"
        "Foreword from the Independent Scrutineer ........ 2\nOur Partnership ........ 4\n"
        "Learning from Reviews ........ 9\n",
        "annual report 2022/23",
        "2022",
        "Ashdown Safeguarding Children Partnership",
        None,
        not_words="foreword",
    ),
    Cover(
        "newsletter",
        "Safeguarding Matters\nThe newsletter of the Brookfield Safeguarding Children Partnership\n"
        "Issue 14 | Spring 2023\nIn this issue\nNew learning from local reviews\nSafer sleep week\n",
        "newsletter brookfield",
        "2023",
        "Brookfield Safeguarding Children Partnership",
        None,
    ),
    Cover(
        "news post about a review",
        "Home > News > Review published into the death of baby Oliver\n"
        "Review published into the death of baby Oliver\nPosted on 4 October 2022\n"
        "The Stonebridge Safeguarding Children Partnership has today published a Child Safeguarding\n"
        "Practice Review following the death of a baby boy, known as Oliver, in 2020.\n",
        "review published death baby oliver 2022",
        "2022-10",
        "Stonebridge Safeguarding Children Partnership",
        None,
        metadata="Review published into the death of baby Oliver | Stonebridge",
    ),
    Cover(
        "web page listing reviews",
        "Skip to main content\nMenu\nCase reviews\nPublished reviews\n"
        "Below are the reviews published by the Greendale Safeguarding Children Partnership.\n"
        "Child A - LCSPR (2023)\nBaby K - Serious Case Review (2018)\nFamily M - Thematic review (2021)\n",
        "case reviews greendale",
        "",
        "Greendale Safeguarding Children Partnership",
        None,
        metadata="Case reviews - Greendale Safeguarding Children Partnership",
        not_words="baby",
    ),
    Cover(
        "conference abstract with its author's credit",
        "Abstract\nLearning from serious case reviews about infants under one: a thematic analysis\n"
        "S. Brown, University of Midshire\nPresented at the National Safeguarding Conference, 12 May 2019\n"
        "Background: Infants under one are over-represented in serious case reviews.\n",
        "learning serious case reviews infants under one thematic analysis",
        "2019-05",
        "",
        None,
        not_words="brown presented",
    ),
    Cover(
        "local policy with a version and a review date",
        "Oakfield Safeguarding Children Partnership\nEscalation and Resolution of Professional Disagreements "
        "Policy\nVersion 3.0\nApproved: April 2022\nReview date: April 2024\n1. Introduction\n",
        "escalation resolution professional disagreements policy",
        "2022-04",
        "Oakfield Safeguarding Children Partnership",
        "framework",
    ),
    Cover(
        "national panel report",
        "The Child Safeguarding Practice Review Panel\nSafeguarding children with disabilities and complex "
        "health needs in residential settings\nPhase 2 report\nApril 2023\nPage 1 of 160\n",
        "children disabilities complex health needs residential settings",
        "2023-04",
        "Child Safeguarding Practice Review Panel",
        "safeguarding-practice-review",
    ),
    Cover(
        "nspcc learning from case reviews under its site's name",
        "NSPCC Learning\nLearning from case reviews\nChildren with special educational needs and "
        "disabilities (SEND)\nPublished: June 2022\nKey issues\nThis briefing highlights learning from "
        "case reviews where children had special educational needs.\n",
        "learning case reviews special educational needs",
        "2022-06",
        "NSPCC",
        "thematic-briefing",
    ),
    Cover(
        "ofsted analysis on a gov.uk page",
        "Ofsted\nResearch and analysis\nLearning lessons from serious case reviews\nOfsted's evaluation of "
        "serious case reviews from 1 April 2009 to 31 March 2010\nPublished: 26 October 2010\n",
        "learning lessons serious case reviews",
        "2010-10",
        "Ofsted",
        "thematic-briefing",
        not_words="research evaluation",
    ),
    Cover(
        "scie guide",
        "SCIE\nSocial Care Institute for Excellence\nLearning together to safeguard children: a 'systems' "
        "model for case reviews\nGuide 24\nFirst published: March 2008\n",
        "learning together safeguard children systems model case reviews",
        "2008-03",
        "SCIE",
        None,
    ),
    Cover(
        "health body's briefing with a subtitle over its date",
        "NHS\nMidshire Integrated Care Board\nSafeguarding Children\nLearning from Child Safeguarding "
        "Practice Reviews\nBriefing for Primary Care\nDate: 02/11/2023\n",
        "learning child safeguarding practice reviews primary care",
        "2023-11",
        "Midshire Integrated Care Board",
        "thematic-briefing",
    ),
    Cover(
        "serious case review cover in capitals with small words",
        "SERIOUS CASE REVIEW\nINTO THE DEATH OF\nCHILD S\nFairport Local Safeguarding Children Board\n"
        "Independent Author: Mary Ford\nFinal Report - 2nd February 2015\n",
        "serious case review death child s",
        "2015-02",
        "Fairport Local Safeguarding Children Board",
        "serious-case-review",
        not_words="ford author",
    ),
    Cover(
        "cspr with a child's given name in quotes",
        "CHILD SAFEGUARDING PRACTICE REVIEW\n'Harry'\nExecutive Summary\nMillbrook Safeguarding Partnership\n"
        "Report author: Alan Green\nPublished: 30.09.2021\n",
        "child safeguarding practice review harry",
        "2021-09-30",
        "Millbrook Safeguarding Partnership",
        "safeguarding-practice-review",
        not_words="green author",
    ),
    Cover(
        "five minute briefing",
        "Five Minute Briefing\nBruising in Non-Mobile Babies\nSeaham Safeguarding Children Partnership\n"
        "Updated May 2020\nWhat is the issue?\nBruising in a baby who is not yet mobile is rare.\n",
        "five minute briefing bruising non mobile babies",
        "2020-05",
        "Seaham Safeguarding Children Partnership",
        "learning-briefing",
    ),
    Cover(
        "learning review of an adults and children partnership",
        "Bramley Safeguarding Adults and Children Partnership\nMulti-Agency Learning Review\nChild J\n"
        "Final report: December 2021\nPage 1 of 24\n1. Introduction\n",
        "multi agency learning review child j",
        "2021-12",
        "Bramley Safeguarding Adults and Children Partnership",
        "learning-review",
    ),
    Cover(
        "thematic learning briefing",
        "Thematic learning briefing\nAdolescents at risk of exploitation\nLearning from four local reviews\n"
        "Coldharbour Safeguarding Children Partnership\nMarch 2024\nIntroduction\n",
        "thematic learning briefing adolescents risk exploitation",
        "2024-03",
        "Coldharbour Safeguarding Children Partnership",
        None,
    ),
    Cover(
        "welsh board's news of a review",
        "Newyddion | News\nNorth Wales Safeguarding Board publishes Child Practice Review\n22 February 2021\n"
        "The North Wales Safeguarding Board has published a Concise Child Practice Review into the care of\n"
        "a young child known as Child K. The review identifies learning about the impact of neglect.\n",
        "north wales publishes child practice review",
        "2021-02",
        "North Wales Safeguarding Board",
        None,
    ),
    Cover(
        "partnership named after its kind, review in respect of a named child",
        "Safeguarding Children Partnership for Elmshire\nLocal Child Safeguarding Practice Review\n"
        "in respect of\n'Sophie'\nLead Reviewer: Karen Black\nDate of publication: July 2022\nOFFICIAL\n",
        "local child safeguarding practice review sophie",
        "2022-07",
        "Safeguarding Children Partnership for Elmshire",
        "safeguarding-practice-review",
        not_words="karen reviewer",
    ),
    Cover(
        "cspr summary cover in capitals over three lines under a page number",
        "Page 1 of 18\nCHILD SAFEGUARDING\nPRACTICE REVIEW\nSUMMARY REPORT\n"
        "Southmere Safeguarding Children Partnership\nPublication date: 01 December 2020\n",
        "child safeguarding practice review",
        "2020-12-01",
        "Southmere Safeguarding Children Partnership",
        "safeguarding-practice-review",
        not_words="page",
    ),
    Cover(
        "welsh cover with the welsh first and a bilingual date",
        "Adolygiad Ymarfer Plant Cryno\nConcise Child Practice Review\nPlentyn A\nChild A\n"
        "Bwrdd Diogelu Plant Canolbarth Cymru\nCYSUR Mid and West Wales Safeguarding Board\n"
        "Dyddiad / Date: Ebrill 2017 / April 2017\n",
        "concise child practice review",
        "2017-04",
        "CYSUR Mid and West Wales Safeguarding Board",
        "child-practice-review",
    ),
    Cover(
        "scr executive summary all in capitals",
        "WESTSHIRE SAFEGUARDING CHILDREN BOARD\nSERIOUS CASE REVIEW\nFAMILY W\nEXECUTIVE SUMMARY\n"
        "AUGUST 2014\n",
        "serious case review family w westshire",
        "2014-08",
        "Westshire Safeguarding Children Board",
        "serious-case-review",
    ),
    Cover(
        "audit report with its audit period and a version",
        "Multi-agency audit of\nChildren Missing Education\nFindings and recommendations\n"
        "Version 1.2 \u2013 final\nEasthaven Safeguarding Children Partnership\n"
        "Audit period: January \u2013 March 2023\nReport date: 15/06/2023\n",
        "multi agency audit children missing education",
        "2023-06-15",
        "Easthaven Safeguarding Children Partnership",
        "multi-agency-audit",
        not_words="period",
    ),
    Cover(
        "rapid review with a circulation line",
        "Rapid Review \u2013 Baby M\nBrackley Safeguarding Children Partnership\n"
        "Date of incident: 12/01/2023\nDate of Rapid Review: 26.01.2023\nCirculation: Panel members only\n",
        "rapid review baby m",
        "2023-01",
        "Brackley Safeguarding Children Partnership",
        "rapid-review",
    ),
    Cover(
        "thematic review made with another body",
        "A thematic review of\nsudden unexpected\ndeaths in infancy\nSouthbay Safeguarding Children "
        "Partnership\nin partnership with the Child Death Overview Panel\nFinal version 2.1\n20 May 2021\n",
        "thematic review sudden unexpected deaths infancy",
        "2021-05-20",
        "Southbay Safeguarding Children Partnership",
        "thematic-review",
        not_words="panel",
    ),
    Cover(
        "welsh learning summary of a review about a young person",
        "Learning Summary\nYoung Person P\nExtended Child Practice Review\n"
        "Cwm Coed Regional Safeguarding Board\nGorffennaf 2022 / July 2022\n",
        "extended child practice review young person p",
        "2022-07",
        "Cwm Coed Regional Safeguarding Board",
        "child-practice-review",
    ),
    Cover(
        "learning review under a strapline",
        "Safeguarding is everybody's business\nMarshfield Safeguarding Children Partnership\n"
        "Learning Review\nChild Q\nMarch, 2021\n",
        "learning review child q",
        "2021-03",
        "Marshfield Safeguarding Children Partnership",
        "learning-review",
        not_words="everybody business",
    ),
    Cover(
        "cover with the child's name set large over the review's kind, dated by a year",
        "Child Q\nA Local Child Safeguarding Practice Review\nRavensworth Safeguarding Children Partnership\n"
        "Published 2023\n",
        "local child safeguarding practice review child q",
        "2023",
        "Ravensworth Safeguarding Children Partnership",
        "safeguarding-practice-review",
    ),
    Cover(
        "rapid review under its markings, with a meeting's date",
        "STRICTLY CONFIDENTIAL\nNOT FOR PUBLICATION\nRapid Review\nBaby H\n"
        "Southfield Safeguarding Children Partnership\nMeeting held: 14 April 2022\n",
        "rapid review baby h",
        "2022-04",
        "Southfield Safeguarding Children Partnership",
        "rapid-review",
        not_words="meeting confidential",
    ),
    Cover(
        "bulletin with its contents label",
        "Learning Lessons Bulletin\nIssue 7 \u2013 Spring 2019\nEastmoor Local Safeguarding Children Board\n"
        "In this edition: learning from the SCR into Child E\n",
        "learning lessons bulletin spring 2019",
        "2019",
        "Eastmoor Local Safeguarding Children Board",
        None,
        not_words="edition",
    ),
    Cover(
        "national framework with a reference number",
        "NHS England\nSafeguarding children, young people and adults at risk in the NHS:\n"
        "Safeguarding accountability and assurance framework\nPublication approval reference: PAR1234\n"
        "Version 2, July 2022\n",
        "safeguarding accountability assurance framework",
        "2022-07",
        "NHS England",
        "framework",
        not_words="par1234",
    ),
    Cover(
        "family learning review of a sibling group with its author",
        "Family Learning Review\nSibling Group C\nOldcastle Safeguarding Children Partnership\n"
        "Independent Author\nDr R. Patel\nOctober 2020\n",
        "family learning review sibling group c",
        "2020-10",
        "Oldcastle Safeguarding Children Partnership",
        "learning-review",
        not_words="patel",
    ),
    Cover(
        "joint inspection report under the inspectorates' names",
        "Ofsted\nCare Quality Commission\nHMICFRS\nHMI Probation\n"
        "The multi-agency response to children living with domestic abuse\nPrevent, protect and repair\n"
        "September 2017\n",
        "multi agency response children living domestic abuse",
        "2017-09",
        "Ofsted",
        None,
        not_words="probation hmicfr",
    ),
    Cover(
        "web page printed with its site's name as the title entry",
        "NSPCC Learning\nHome > Research and resources > Learning from case reviews\n"
        "Parents with a learning disability: learning from case reviews\nPublished: August 2019\n"
        "Summary of risk factors and learning for improved practice around parents with a learning "
        "disability.\n",
        "parents learning disability learning case reviews",
        "2019-08",
        "NSPCC",
        "thematic-briefing",
        metadata="NSPCC Learning",
    ),
    Cover(
        "partnership's news post with its site's menu and a dated byline",
        "Skip to content\nHome | About us | News | Contact us\nSerious case review published: Baby J\n"
        "Posted on 14/02/2017 by Admin\nThe Northmoor Local Safeguarding Children Board has today published "
        "the serious case review into the death of Baby J, who died aged 10 weeks in 2015.\n",
        "serious case review published baby j",
        "2017-02-14",
        "Northmoor Local Safeguarding Children Board",
        None,
        not_words="admin",
    ),
    Cover(
        "trade press news item",
        "Community Care\nSerious case review finds missed chances to protect neglected children\n"
        "By Jane Reporter on March 3, 2016 in Child protection\nA serious case review has found that "
        "professionals missed opportunities to protect four children from neglect in Westford.\n",
        "serious case review finds missed chances protect neglected children",
        "2016-03-03",
        "",
        None,
        metadata="Community Care",
        not_words="reporter",
    ),
    Cover(
        "chapter of a partnership's procedures manual",
        "Kingsbridge Safeguarding Children Partnership Procedures Manual\n"
        "4.12 Bruising in Non-Mobile Children\nUpdated: 5 January 2023\n1. Introduction\n"
        "Bruising in a child who is not independently mobile should be taken seriously.\n",
        "bruising non mobile children",
        "2023-01-05",
        "Kingsbridge Safeguarding Children Partnership",
        "framework",
        metadata="Kingsbridge Safeguarding Children Partnership Procedures Manual",
        not_words="manual",
    ),
]


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z0-9/]+", text.lower())}


@pytest.mark.parametrize("cover", COVERS, ids=[c.name for c in COVERS])
def test_a_cover_is_read_as_a_practitioner_would_file_it(cover: Cover) -> None:
    found = describe([cover.page], metadata_title=cover.metadata, raw_pages=[cover.page])
    title = _words(found.title)
    assert _words(cover.words) <= title, found.title
    assert not _words(cover.not_words) & title, found.title
    assert found.date.startswith(cover.date) and (cover.date or not found.date), found.date
    assert found.publisher == cover.publisher
    if cover.kind is not None:
        assert found.kind == cover.kind


def test_a_word_processors_or_a_files_name_is_no_title_but_a_typed_short_form_is_spelled_out() -> None:
    assert own_metadata_title("Microsoft Word - BabyT_SCR_v1.2_FINAL.docx") == ""
    assert own_metadata_title("Microsoft Word - Learning Review Child J") == "Learning Review Child J"
    assert own_metadata_title("CSPR_Child_M_final") == ""
    assert own_metadata_title("7MB Jacob") == "7 Minute Briefing Jacob"
    # Review kinds a title names in short stay as they are, and so does a title in words.
    assert own_metadata_title("SCR Publications") == "SCR Publications"
    assert own_metadata_title("Neglect: learning from case reviews") == "Neglect: learning from case reviews"


def test_dates_written_with_dots_or_dashes_are_day_first() -> None:
    assert parse_date("Date: 21.02.2023") == "2023-02-21"
    assert parse_date("Published 3-5-2022") == "2022-05-03"
    assert parse_date("Version 1.2 of 2016") == ""  # a version number is no date
    assert parse_date("21.02/2023") == ""  # one separator throughout


def test_a_year_after_its_label_or_a_field_of_a_date_dates_a_document() -> None:
    from learnkit.knowledge.dates import find_date, is_date_line

    found = find_date(["Learning Review\nPublished 2023\nThe review began in 2019.\n"])
    assert found is not None and found.value == "2023"
    found = find_date(["Annual Report\nPublished: 2019/20\n"])
    assert found is not None and found.value == "2019/2020"
    assert is_date_line("Meeting held: 14 April 2022") and is_date_line("Published: 2019/20")
    assert not is_date_line("Rapid Review: Baby H") and not is_date_line(
        "Issue 7: learning from 2019 reviews"
    )
    assert not is_date_line("Annual Report: 2022/23")  # a title and its year


def test_a_cover_in_capitals_keeps_its_small_words_small() -> None:
    assert readable_case("SERIOUS CASE REVIEW INTO THE DEATH OF CHILD S") == (
        "Serious Case Review into the Death of Child S"
    )
    assert readable_case("THE LEARNING FROM NSPCC REVIEWS") == "The Learning from NSPCC Reviews"


def test_a_childs_given_name_in_quotes_on_a_cover_is_its_subject() -> None:
    found = find_subject(["CHILD SAFEGUARDING PRACTICE REVIEW\n'Harry'\nExecutive Summary\n"])
    assert found is not None and found.value == "Harry"
    found = find_subject(["Local Child Safeguarding Practice Review\nin respect of\n\u2018Sophie\u2019\n"])
    assert found is not None and found.value == "Sophie"
    # A quoted phrase in running text names no child.
    assert find_subject(["Review\nThe report called this 'Drift' in the plan of the family.\n"]) is None


def test_a_partnership_named_after_its_kind_has_its_area() -> None:
    found = find_partnership(["Safeguarding Children Partnership for Elmshire\nReview\n"])
    assert found is not None and area_of(found.value) == "Elmshire"
    # Words after "for" that are no place make no partnership.
    assert find_partnership(["The Safeguarding Children Partnership for Young People\n"]) is None
    found = find_partnership(["Bramley Safeguarding Adults and Children Partnership\n"])
    assert found is not None and area_of(found.value) == "Bramley"


def test_covers_made_into_pdfs_are_filed_with_distinct_titles(tmp_path: Path, home: Path) -> None:
    """A real ingest: the PDFs carry a marking in their header, a page footer and a title entry."""
    folder = tmp_path / "covers"
    folder.mkdir()
    chosen = [c for c in COVERS if c.publisher and c.kind is not None][:6]
    for n, cover in enumerate(chosen):
        body = "Agencies shared information late and the child's voice was not heard. " * 6
        make_pdf(
            folder / f"review-{n}.pdf",
            [cover.page + "\n" + body, "2. Findings\n" + body],
            title=cover.metadata or f"Microsoft Word - review_{n}_final.docx",
            header="OFFICIAL",
            footer="Page {page} of 2",
        )
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    added = json.loads(result.stdout)["added"]
    assert len(added) == len(chosen)
    titles = []
    for item in added:
        record = json.loads(runner.invoke(app, ["show", item["slug"], "--json"]).stdout)
        cover = chosen[int(Path(item["file"]).stem.split("-")[1])]
        assert _words(cover.words) <= _words(record["title"]), record["title"]
        assert "docx" not in record["title"].lower() and "official" not in record["title"].lower()
        assert record["date"].startswith(cover.date)
        assert record["publisher"] == cover.publisher
        titles.append(record["title"])
    assert len(set(titles)) == len(titles)
