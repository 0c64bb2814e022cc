"""What a document says about itself: titles, subjects, dates, partnerships, kinds, markings and slugs.

Pure functions of learnkit.knowledge (metadata, dates, partners, kinds, markings, describe),
including the awkward inputs real documents bring: web-page chrome, mirror-site furniture, meeting
papers' headings, chronology dates, prose that says "confidential".
"""

from __future__ import annotations

import pytest

from learnkit.knowledge.dates import find_date, parse_date
from learnkit.knowledge.describe import compose_title, describe, distinct_title, file_title, record_slug
from learnkit.knowledge.kinds import find_kind, guess_kind
from learnkit.knowledge.markings import find_marking, marking_of
from learnkit.knowledge.metadata import heading_title, is_chrome
from learnkit.knowledge.partners import area_of, find_partnership, find_publisher
from learnkit.knowledge.subjects import find_subject
from learnkit.models import KINDS

COVER = (
    "Kingsford Safeguarding Children Partnership\n"
    "Local Child Safeguarding Practice Review\n"
    "Child M\n"
    "March 2021\n"
    "Independent lead reviewer: J. Ashdown\n"
)
BODY = (
    "1.1 In May 2018 the family moved to the area and registered with a GP. In January 2019 the health "
    "visitor saw Child M at home, and information was kept confidential as the mother asked.\n"
)


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("14 July 2022", "2022-07-14"),
        ("Published 14th February 2025", "2025-02-14"),
        ("29 Mar 2021", "2021-03-29"),
        ("Wednesday, June 14, 2017", "2017-06-14"),
        ("2019-05-02", "2019-05-02"),
        ("14/07/2022", "2022-07-14"),
        ("March 2021", "2021-03"),
        ("Sept 2020", "2020-09"),
        ("no date here", ""),
        ("in 1066 and all that", ""),
    ],
)
def test_parse_date_reads_the_forms_documents_use(text: str, date: str) -> None:
    assert parse_date(text) == date


def test_a_published_line_beats_the_dates_of_the_case() -> None:
    pages = ["Serious Case Review\nBaby L\nIn June 2015 Baby L was born.\nPublished: November 2017\n", BODY]
    found = find_date(pages)
    assert found is not None and found.value == "2017-11"
    assert found.page == 1 and found.line == "Published: November 2017"


def test_the_cover_date_is_the_documents_date_and_its_evidence_is_kept() -> None:
    found = find_date([COVER, BODY])
    assert found is not None and found.value == "2021-03" and found.evidence == "p. 1: March 2021"


def test_a_review_date_and_a_mirror_sites_upload_date_are_not_the_documents_date() -> None:
    pages = [
        "Neglect Strategy\nUpload: others\nPost on 23-Jul-2020\n"
        "Review date: April 2026\nDate of report: 3 May 2019\n"
    ]
    found = find_date(pages)
    assert found is not None and found.value == "2019-05-03"


def test_with_no_date_on_the_cover_a_year_in_the_title_is_used() -> None:
    found = find_date(["Annual Report\nThe partnership's work this year.\n"], title="Annual Report 2022/23")
    assert found is not None and found.value == "2022/2023"
    assert find_date(["Nothing dated on this page at all.\n"]) is None


# --------------------------------------------------------------------------- titles


def test_chrome_dates_and_section_words_are_passed_over_for_the_title() -> None:
    page = (
        "Skip to content\nUpload: others\n180 likes | 192 Views\nAgenda item\nLast updated 3 May 2021\n"
        "29 Mar 2021\nBackground\nLearning briefing: Infant B - Non-accidental injury\n"
        "Infant B was a 3-week-old baby living at home with family.\n"
    )
    assert heading_title([page]) == "Learning briefing: Infant B - Non-accidental injury"


def test_a_sensible_metadata_title_is_the_documents_own_title() -> None:
    page = "Some opening words of the report that run on.\nMore words.\n"
    assert heading_title([page], metadata_title="Neglect strategy 2020-2023") == "Neglect strategy 2020-2023"


def test_a_metadata_title_that_is_chrome_is_not_used() -> None:
    page = (
        "Skip to content\nHidden men: learning from case reviews\nThe briefing sets out what was learned.\n"
    )
    assert heading_title([page], metadata_title="Skip to content") == "Hidden men: learning from case reviews"


def test_a_cover_title_set_over_two_lines_is_put_back_together() -> None:
    page = (
        "Fernbridge Safeguarding Children Partnership\n"
        "Thematic Review: Sudden Unexpected\nDeaths in Infancy\n"
        "January 2024\n"
    )
    assert heading_title([page]) == "Thematic Review: Sudden Unexpected Deaths in Infancy"


def test_a_fragment_of_running_text_is_not_a_title() -> None:
    text = "The audit was carried out over six months and looked at forty cases across the agencies that " * 3
    title = heading_title([text + "\nPage 1\n", "more"])
    assert title == "" or len(title.split()) <= 16


@pytest.mark.parametrize(
    "line",
    [
        "Skip to content",
        "[Skip to content]",
        "Upload: others",
        "Post on 18-Jan-2021",
        "2 views",
        "Page 3 of 40",
        "You are here: Home | News | Reviews",
        "Transcript of The Overview Report",
    ],
)
def test_site_furniture_is_chrome(line: str) -> None:
    assert is_chrome(line)


def test_content_is_not_chrome() -> None:
    assert not is_chrome("Serious Case Review: Child C")


# --------------------------------------------------------------------------- subject, partnership, publisher


@pytest.mark.parametrize(
    ("page", "subject"),
    [
        (COVER, "Child M"),
        ("Serious Case Review\nBaby L\nOverview Report\n", "Baby L"),
        ("Rapid Review\nFamily T\n", "Family T"),
        ("Overview Report of the Serious Case Review\nIn respect of Child C\n", "Child C"),
        ("The Overview Report into a Serious Case Review of the Circumstances Concerning\nJosh\n", "Josh"),
    ],
)
def test_the_subject_is_read_from_the_cover(page: str, subject: str) -> None:
    found = find_subject([page])
    assert found is not None and found.value == subject


def test_a_page_that_names_many_children_has_no_one_subject() -> None:
    page = "Four SCRs since 2015: Family S (2018), Child M (2016), Child P (2016), and Child K (2015)\n"
    assert find_subject([page]) is None
    assert find_subject(["Child Protection Procedures\nChild protection is everyone's business.\n"]) is None


def test_the_partnership_and_its_area() -> None:
    found = find_partnership([COVER])
    assert found is not None and found.value == "Kingsford Safeguarding Children Partnership"
    assert area_of(found.value) == "Kingsford"
    board = find_partnership(
        ["Bron Sanders, Independent Chair of the East Riding Safeguarding Children Board, said"]
    )
    assert board is not None and board.value == "East Riding Safeguarding Children Board"
    welsh = find_partnership(["Glanmor Regional Safeguarding Children Board\n"])
    assert welsh is not None and area_of(welsh.value) == "Glanmor"
    assert find_partnership(["Safeguarding children is everyone's responsibility.\n"]) is None


def test_a_national_publisher_is_found() -> None:
    found = find_publisher(["Suicide: learning from case reviews\nNSPCC Learning\n"])
    assert found is not None and found.value == "NSPCC"
    assert find_publisher(["A local page with no national body.\n"]) is None


# --------------------------------------------------------------------------- kind


def test_the_new_kinds_are_in_the_vocabulary() -> None:
    assert {"rapid-review", "thematic-review", "child-practice-review"} <= set(KINDS)


@pytest.mark.parametrize(
    ("title", "first_page", "kind"),
    [
        ("Rapid Review: Family T", "", "rapid-review"),
        ("Thematic Review: Sudden Unexpected Deaths in Infancy", "", "thematic-review"),
        ("Extended Child Practice Review: Child R", "", "child-practice-review"),
        ("Concise Child Practice Review CPR FLINT 2", "", "child-practice-review"),
        ("Local Child Safeguarding Practice Review", "", "safeguarding-practice-review"),
        (
            "7 Minute Briefing: Bruising in immobile babies",
            "A recent Rapid Review found",
            "learning-briefing",
        ),
        ("Domestic abuse: learning from case reviews", "", "thematic-briefing"),
        ("Child B", "This serious case review was commissioned by the board.", "serious-case-review"),
        ("Child C", "Nothing here says what it is.", "learning-review"),
    ],
)
def test_guess_kind(title: str, first_page: str, kind: str) -> None:
    assert guess_kind(title, first_page) == kind
    assert kind in KINDS


def test_the_kind_keeps_the_line_that_said_it() -> None:
    found = find_kind("", ["Northmoor Safeguarding Partnership\nRapid Review\nFamily T\n"])
    assert found is not None and found.value == "rapid-review" and found.line == "Rapid Review"


# --------------------------------------------------------------------------- markings


@pytest.mark.parametrize(
    ("line", "status"),
    [
        ("OFFICIAL-SENSITIVE", "restricted"),
        ("OFFICIAL - SENSITIVE", "restricted"),
        ("Official Sensitive", "restricted"),
        ("RESTRICTED", "restricted"),
        ("NOT FOR PUBLICATION", "restricted"),
        ("CONFIDENTIAL UNLESS PUBLICATION AGREED BY LSCB", "restricted"),
        ("STRICTLY CONFIDENTIAL", "restricted"),
        ("DRAFT", "unpublished"),
        ("DRAFT v3", "unpublished"),
        ("information was kept confidential", None),
        ("Confidential information must be shared where a child is at risk.", None),
        ("Confidentiality", None),
        ("Draft guidance was issued to schools in 2019 and then revised.", None),
        ("Restricted access to the records delayed the review by several months in all", None),
    ],
)
def test_marking_of(line: str, status: str | None) -> None:
    assert marking_of(line) == status


def test_a_marking_on_every_page_makes_the_record_restricted() -> None:
    pages = [f"OFFICIAL-SENSITIVE\nPage text {n}.\nMore text.\nOFFICIAL-SENSITIVE" for n in range(1, 6)]
    marking = find_marking(pages)
    assert marking is not None and marking.status == "restricted" and marking.pages == [1, 2, 3, 4, 5]
    assert "OFFICIAL-SENSITIVE" in marking.evidence


def test_a_draft_is_unpublished_and_a_restricted_marking_beats_a_draft() -> None:
    assert find_marking(["DRAFT\nText.", "DRAFT\nMore."]).status == "unpublished"  # type: ignore[union-attr]
    both = find_marking(["DRAFT\nRESTRICTED\nText.", "DRAFT\nRESTRICTED\nMore."])
    assert both is not None and both.status == "restricted"


def test_confidential_in_prose_or_once_in_ordinary_case_is_not_a_marking() -> None:
    assert find_marking([BODY, BODY, BODY]) is None
    assert find_marking(["Introduction\nConfidential\nThe text.", "Second page.", "Third page."]) is None
    assert find_marking([]) is None


# --------------------------------------------------------------------------- describe, titles, slugs


def test_describe_puts_a_cover_together_as_a_practitioner_would() -> None:
    found = describe([COVER.replace("\n", " "), BODY], raw_pages=[COVER, BODY], file_name="cspr.pdf")
    assert found.title == (
        "Local Child Safeguarding Practice Review: Child M "
        "(Kingsford Safeguarding Children Partnership, 2021)"
    )
    assert found.slug == "kingsford-cspr-child-m-2021"
    assert (found.kind, found.date, found.area, found.subject) == (
        "safeguarding-practice-review",
        "2021-03",
        "Kingsford",
        "Child M",
    )
    assert found.status == ""  # "confidential" in the prose is no marking
    assert found.detected["date"] == "p. 1: March 2021"
    assert set(found.detected) >= {"title", "date", "kind", "area", "publisher"}


def test_describe_falls_back_to_the_file_name() -> None:
    found = describe(["Skip to content\n12\n"], file_name="CSPR_Child_Q_neglect.pdf")
    assert "Child" in found.title and "neglect" in found.title
    assert "title" not in found.detected
    assert describe([""], file_name="scan.pdf").title == "scan"


def test_describe_reads_the_marking_from_the_pages_as_read() -> None:
    raw = ["DRAFT\n" + COVER + "DRAFT", "DRAFT\n" + BODY + "DRAFT"]
    found = describe([COVER, BODY], raw_pages=raw)
    assert found.status == "unpublished" and "DRAFT" in found.detected["status"]


def test_compose_title_adds_only_what_the_title_does_not_say() -> None:
    assert compose_title("Serious Case Review", "Baby L", "Ashworth LSCB", "2017") == (
        "Serious Case Review: Baby L (Ashworth LSCB, 2017)"
    )
    assert (
        compose_title("Serious Case Review: Baby L 2017", "Baby L", "", "2017")
        == "Serious Case Review: Baby L 2017"
    )
    assert compose_title("Suicide: learning from case reviews", who="NSPCC") == (
        "Suicide: learning from case reviews (NSPCC)"
    )


def test_slugs_are_short_and_recognisable() -> None:
    long_title = "Kingsford Safeguarding Children Partnership Local Child Safeguarding Practice Review"
    slug = record_slug(
        long_title, who="Kingsford Safeguarding Children Partnership", area="Kingsford", year="2021"
    )
    assert len(slug.split("-")) <= 6 and slug.startswith("kingsford-") and slug.endswith("-2021")
    assert record_slug("x", subject="Baby L", area="Ashworth", kind="serious-case-review", year="2017") == (
        "ashworth-scr-baby-l-2017"
    )
    # A slug cut short ends on a word that says something.
    assert record_slug("Domestic abuse: learning from case reviews", who="NSPCC", year="2020") == (
        "nspcc-domestic-abuse-learning-2020"
    )
    assert record_slug("!!!") == "record"


def test_a_slug_names_a_kind_in_short_and_then_what_the_document_is_of() -> None:
    slug = record_slug(
        "A Multi-Agency Audit of Core Groups", area="Ashmere", kind="multi-agency-audit", year="2022"
    )
    assert slug == "ashmere-audit-core-groups-2022"
    slug = record_slug("Thematic review into the use of plans", area="Ashmere", kind="thematic-review")
    assert slug == "ashmere-thematic-review-use-of-plans"
    # A title that only mentions an audit, or names another kind than the document's, keeps its words.
    slug = record_slug("Lessons from an audit of core groups", area="Ashmere", kind="multi-agency-audit")
    assert slug == "ashmere-lessons-from-an-audit"
    slug = record_slug("Multi-agency audit of core groups", area="Ashmere", kind="learning-review")
    assert slug == "ashmere-multi-agency-audit-of-core"


def test_distinct_title_adds_the_partnership_or_year_then_a_detail() -> None:
    taken = {"Serious Case Review: Child A"}
    assert (
        distinct_title("Serious Case Review: Child B", taken, ["Ashworth"]) == "Serious Case Review: Child B"
    )
    assert distinct_title("Serious Case Review: Child A", taken, ["Ashworth", "2019"]) == (
        "Serious Case Review: Child A – Ashworth"
    )
    taken.add("Serious Case Review: Child A – Ashworth")
    assert distinct_title("Serious Case Review: Child A", taken, ["Ashworth", "2019"]) == (
        "Serious Case Review: Child A – 2019"
    )
    assert distinct_title("Serious Case Review: Child A", taken, []) == "Serious Case Review: Child A (2)"


def test_file_title_needs_a_name_that_says_something() -> None:
    # A file name's short forms are spelled out; a partnership's acronym stays as practitioners write it.
    assert file_title("CSPR_Child_M_final_v3.pdf") == "Child Safeguarding Practice Review Child M v3"
    assert file_title("bury-lscb-7mb-cse.pdf") == "Bury LSCB 7 Minute Briefing Child Sexual Exploitation"
    assert file_title("scan0001.pdf") == ""
    assert file_title("") == ""


def test_a_news_bylines_date_and_a_label_far_from_its_date() -> None:
    page = "Study reviews sudden infant deaths\nBy Hollie Ewers on 27 July 2018 Safe Sleep Research\n"
    found = find_date([page])
    assert found is not None and found.value == "2018-07-27"
    prose = (
        "The published research paper looked at reviews held between 2008 and 2011 in 30 areas of England.\n"
    )
    assert find_date(["Short title\n" + prose]) is None


def test_an_annual_report_is_dated_by_the_year_its_opening_names() -> None:
    page = "Annual Report\nThe report set out the work of the partnership for the year 2022/23.\n"
    found = find_date([page], title="Children's Safeguarding Partnership Annual Report")
    assert found is not None and found.value == "2022/2023"
    described = describe([page], raw_pages=[page])
    assert "2022/23" in described.title


def test_a_news_page_is_titled_by_the_document_it_points_to() -> None:
    page = (
        "Voice of the child\nNSPCC Learning has published a briefing on the voice of the child in reviews.\n"
        "Read the briefing: Voice of the child: learning from case reviews\n"
    )
    assert (
        heading_title([page], metadata_title="Voice of the child")
        == "Voice of the child: learning from case reviews"
    )


def test_a_form_title_label_on_its_own_line_names_the_line_below() -> None:
    page = "Title\nHarmful sexual behaviours towards siblings\nInvestigators\nDr A. Person, Prof B. Person\n"
    assert heading_title([page]) == "Harmful sexual behaviours towards siblings"


def test_a_publishers_name_is_not_a_title_even_in_the_metadata() -> None:
    page = (
        "Child Safeguarding Practice Review Panel\n"
        "Panel finds failings in local authority responses to domestic abuse\n"
        "A briefing from the Panel has been released as part of a series of publications.\n"
    )
    title = heading_title([page], metadata_title="Child Safeguarding Practice Review Panel")
    assert title == "Panel finds failings in local authority responses to domestic abuse"


def test_a_page_dated_to_the_day_is_titled_by_its_month_and_a_report_by_its_year() -> None:
    news = "SCR Publications\nWednesday, June 14, 2017\nToday we publish the overview reports of two reviews."
    assert describe([news], raw_pages=[news]).title == "SCR Publications (June 2017)"
    titled = "Annual Review 2019\nPublished 3 November 2019\nThe board's work over the year."
    assert describe([titled], raw_pages=[titled]).title == "Annual Review 2019"


def test_a_news_page_pointing_at_its_document_is_titled_by_the_document() -> None:
    page = (
        "Child exploitation\nAction for Children has published a review of exploitation across the UK.\n"
        "Read the review: Broken lines, lost years: the review of exploited children\nSee also\n"
    )
    found = describe([page], metadata_title="Child exploitation", raw_pages=[page])
    assert found.title.startswith("Broken lines, lost years: the review of exploited children")
    assert "Action for Children" in found.title


def test_welsh_bodies_are_named_in_english() -> None:
    page = "Ymateb i'r adroddiad\nDywedodd Comisiynydd Plant Cymru heddiw fod angen gwella."
    found = find_publisher([page])
    assert found is not None and found.value == "Children's Commissioner for Wales"


def test_a_form_names_its_document_under_a_label_and_a_template_name_is_no_title() -> None:
    page = (
        "NCC Poster Template\nIndex Number:\nNo. 2.02\nDocument:\nCase File Audit Summary\n"
        "Approved by:\nThe board\n"
    )
    assert is_chrome("NCC Poster Template")
    assert heading_title([page], "NCC Poster Template") == "Case File Audit Summary"


def test_a_news_page_naming_its_document_in_quotes_is_titled_by_it() -> None:
    page = (
        "Report on neglect of older children\n"
        "‘Growing up unseen’ is a thematic inspection report published by four inspectorates.\n"
        "Key findings\n"
    )
    assert heading_title([page], "Report on neglect of older children") == "Growing up unseen"


def test_the_headline_under_a_page_title_that_only_names_its_maker() -> None:
    page = (
        "Child Safeguarding Practice Review Panel\n"
        "Panel warns of missed chances to hear children in neglect cases\n"
        "A briefing from the panel has been released today as part of a series.\n"
    )
    found = describe([page], metadata_title="Child Safeguarding Practice Review Panel", raw_pages=[page])
    assert found.title.startswith("Panel warns of missed chances to hear children in neglect cases")


def test_a_breadcrumb_is_chrome_and_its_last_crumb_names_the_page() -> None:
    crumb = "www.example.org / For professionals / Reviews / What went wrong, and why?"
    assert is_chrome(crumb)
    page = (
        f"{crumb}\nWhat went wrong, and why?\nAn essay by a practitioner on reviews, in running prose here.\n"
    )
    assert heading_title([page]) == "What went wrong, and why?"


def test_a_briefing_that_names_its_format_on_the_page_leads_with_it() -> None:
    page = (
        "Missed Health Checks\nMissed checks were a point of learning in a local review of a child's death.\n"
        "Click below to read the 7 minute briefing.\n"
    )
    found = describe([page], metadata_title="Missed Health Checks", raw_pages=[page])
    assert found.title.startswith("7 Minute Briefing: Missed Health Checks")
    plain = "Missed Health Checks\nMissed checks were a point of learning in a local review.\n"
    assert describe([plain], metadata_title="Missed Health Checks", raw_pages=[plain]).title == (
        "Missed Health Checks"
    )
