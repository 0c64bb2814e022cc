"""Who made a document and what it is called: the rules that keep a cited body out of a record's title.

Made-up pages in the shapes partnerships and national bodies publish: a local briefing that cites the
national Panel, an index page that says when Ofsted must be told, a news item about a national report.
"""

from __future__ import annotations

from learnkit.knowledge.dates import find_date, parse_date
from learnkit.knowledge.describe import describe, subject_heading
from learnkit.knowledge.partners import find_partnership, find_publisher, find_unplaced_partnership

# --------------------------------------------------------------------------- publisher


def test_a_body_the_document_only_cites_or_notifies_is_not_its_publisher() -> None:
    page = (
        "Case Reviews\n"
        "Published reviews\n"
        "Overview Report Child Q\n"
        "Reviews aim to help agencies learn how they can work better together to protect children from\n"
        "serious harm. The board must decide whether a case meets the criteria and must then notify Ofsted\n"
        "and the national panel of independent experts. Findings are shared with practitioners.\n"
        "Further reading: Ofsted (2014) In the child's time: professional responses to neglect.\n"
    )
    assert find_publisher([page]) is None


def test_one_of_several_bodies_listed_is_not_the_author() -> None:
    page = (
        "Learning from inspections\n"
        "We are committed to supporting practitioners to improve practice for children and young people.\n"
        "Joint inspections are carried out by Ofsted, the Care Quality Commission and HMICFRS, and look\n"
        "at how agencies respond to neglect across the whole area over a period of several months.\n"
    )
    assert find_publisher([page]) is None


def test_a_document_that_says_who_made_it_names_its_publisher() -> None:
    page = (
        "Skip to content\n"
        "Child Exploitation\n"
        "This Spotlight Briefing summarises findings from analysis carried out by the Northfield Policing\n"
        "Knowledge Programme (NPKP). It draws on two reviews and the national review published by the\n"
        "Child Safeguarding Practice Review Panel in March 2020.\n"
    )
    found = find_publisher([page])
    assert found is not None and found.value == "Northfield Policing Knowledge Programme"
    # The body a document was made for counts too, when nothing says more.
    page = (
        "Annual Reports Analysis\n"
        "A descriptive analysis of a sample of yearly reports from partners across the country, by theme.\n"
        "This analysis was carried out for the Child Safeguarding Practice Review Panel and builds on the\n"
        "report of last year.\n"
    )
    found = find_publisher([page])
    assert found is not None and found.value == "Child Safeguarding Practice Review Panel"


def test_a_person_or_an_audience_is_not_a_publisher() -> None:
    page = (
        "Neglect toolkit\n"
        "This briefing was written by Jane Smith and Peter Jones for Designated Safeguarding Leads in all\n"
        "schools across the county, to be read with the local procedures for neglect.\n"
    )
    assert find_publisher([page]) is None


def test_a_news_item_is_about_the_body_its_first_sentence_names() -> None:
    page = (
        "Better information needed on private fostering\n"
        "Ofsted has called on local authorities and local safeguarding children boards to work together\n"
        "to build a better understanding of private fostering arrangements across the country.\n"
        "In a report published today the inspectorate recommends ways to improve the information.\n"
    )
    found = find_publisher([page])
    assert found is not None and found.value == "Ofsted"


def test_a_body_quoted_further_down_a_briefing_is_not_its_publisher() -> None:
    page = (
        "7 Minute Briefing Educational Neglect\n"
        "What is educational neglect?\n"
        "A researcher describes educational neglect as a carer failing to support a child's learning or to\n"
        "meet the requirements for education and attendance.\n"
        "The Department for Education has stated that persistent failure to send children to school is a\n"
        "clear sign of neglect.\n"
    )
    assert find_publisher([page]) is None


def test_a_logo_or_a_footer_names_the_publisher_but_a_link_does_not() -> None:
    page = (
        "Domestic abuse: learning from case reviews\n"
        "Summary of risk factors and learning for improved practice around families and domestic abuse\n"
        + "Case reviews show that practitioners need to ask about abuse at every contact with the family.\n"
        * 12
        + "NSPCC Learning\n"
    )
    found = find_publisher([page])
    assert found is not None and found.value == "NSPCC"
    page = (
        "Exploited children\n"
        "Action for Children has published a review of child criminal exploitation across the country.\n"
        + "The review explores the scale and nature of the exploitation of children by adults and gangs.\n"
        * 8
        + "See also on NSPCC Learning\n"
    )
    found = find_publisher([page])
    assert found is not None and found.value == "Action for Children"


def test_a_senedd_record_is_published_by_the_senedd_and_dated_in_welsh() -> None:
    page = (
        "Gwasanaethau plant yn y sir\n"
        "3. Cwestiynau Amserol – Senedd Cymru ar 14 Chwefror 2018.\n"
        "Photo of a Member\n"
        "1. A wnaiff Ysgrifennydd y Cabinet ddatganiad ynglŷn â gwasanaethau plant yn y sir yn sgil\n"
        "adroddiad gan y Bwrdd Diogelu am farwolaeth plentyn o dan ofal y Cyngor Sir?\n"
    )
    found = find_publisher([page])
    assert found is not None and found.value == "Senedd"
    date = find_date([page])
    assert date is not None and date.value == "2018-02-14"
    described = describe([page], metadata_title="Gwasanaethau plant yn y sir", raw_pages=[page])
    assert described.title == "Gwasanaethau plant yn y sir (Senedd, February 2018)"


def test_welsh_month_names_are_read_with_a_year_only() -> None:
    assert parse_date("Cyhoeddwyd 3 Mawrth 2021") == "2021-03-03"
    assert parse_date("Rhagfyr 2019") == "2019-12"
    assert parse_date("ar ddydd Mawrth") == ""


# --------------------------------------------------------------------------- partnership


def test_arrangements_for_adults_and_a_partnership_with_no_place_are_no_partnership() -> None:
    assert find_partnership(["Adult Safeguarding arrangements apply to adults aged 18 or over.\n"]) is None
    page = "Children's Safeguarding Partnership Annual Report\nThe work of the partners in 2022/23.\n"
    assert find_partnership([page]) is None


# --------------------------------------------------------------------------- file names


def test_a_file_name_title_spells_out_its_short_forms_and_keeps_a_short_slug() -> None:
    page = "relating to a number of children over a three year period, with key findings for the board.\n"
    found = describe([page], file_name="northfield-scr-cse-summary-2017.pdf", raw_pages=[page])
    assert found.title.startswith("Northfield Serious Case Review Child Sexual Exploitation summary 2017")
    assert found.slug.startswith("northfield-scr-cse-summary")


# --------------------------------------------------------------------------- the review a briefing draws on


def test_a_briefing_is_filed_with_the_local_review_it_draws_on() -> None:
    page = (
        "Missed Health Appointments\n"
        "Missed appointments were a key learning point identified in a Northfield Rapid Review following\n"
        "the death of a child. The review highlighted how services record missed appointments.\n"
        "Click below to read the 7 minute briefing.\n"
    )
    found = describe([page], metadata_title="Missed Health Appointments", raw_pages=[page])
    assert found.title == "7 Minute Briefing: Missed Health Appointments – Northfield Rapid Review"
    assert found.area == "Northfield"
    assert "Northfield Rapid Review" in found.detected["area"]


def test_a_review_named_after_its_subject_and_its_partnerships_short_name() -> None:
    page = (
        "Bruising in babies\n"
        "Following on from the Baby R learning review in 2021, a leaflet has been developed by Northfield\n"
        "S.A.F.E. for families where bruising is seen in babies who are not yet moving independently.\n"
    )
    found = describe([page], metadata_title="Bruising in babies", raw_pages=[page])
    assert found.title == "Bruising in babies – Baby R learning review (Northfield S.A.F.E.)"
    assert found.subject == "Baby R"


def test_no_review_is_added_for_reviews_in_general_or_several_of_them() -> None:
    general = (
        "Bruising in babies\n"
        "Local and national Safeguarding Children Practice Reviews have identified the need for heightened\n"
        "concern when bruises are seen in babies, and the Munro Review of Child Protection said so too.\n"
    )
    assert describe([general], metadata_title="Bruising in babies").title == "Bruising in babies"
    several = (
        "Neglect briefing\n"
        "This briefing brings together learning from the Child A serious case review and the Child B\n"
        "serious case review, both published by the board in the last year, on neglect of young children.\n"
    )
    assert "review" not in describe([several], metadata_title="Neglect briefing").title.lower()
    named = (
        "Serious Case Review: Child C\n"
        "The Northfield Rapid Review of this case found that the criteria for a review were met last year.\n"
    )
    assert (
        describe([named], metadata_title="Serious Case Review: Child C").title
        == "Serious Case Review: Child C"
    )


# --------------------------------------------------------------------------- the title line


def test_a_title_and_its_subtitle_above_its_dateline_beat_a_journals_furniture() -> None:
    page = (
        "Hostname: page-component-12ab Total loading time: 0 Render date: 2024-04-19T03:40:13Z\n"
        "The health needs of young carers: what general practice can do\n"
        "Published online by Northfield University Press: 19 November 2019\n"
        "Ann Author*\n"
        "Affiliation:\n"
        "Northfield Hospital NHS Foundation Trust, UK\n"
        "Correspondence to A. Author (a.author@example.org)\n"
        "Abstract\n"
        "Aims and method\n"
    )
    found = describe([page], metadata_title=page.splitlines()[0], raw_pages=[page])
    assert found.title == "The health needs of young carers: what general practice can do (November 2019)"


def test_a_cover_that_runs_the_partnerships_name_into_the_title() -> None:
    page = (
        "Northfield Local Safeguarding Children Board Serious Case Reviews, and local reviews: learning for\n"
        "schools and colleges\n"
        "Introduction • What are serious case reviews • What are local learning reviews\n"
    )
    found = describe([page], raw_pages=[page])
    assert found.title.startswith(
        "Serious Case Reviews, and local reviews: learning for schools and colleges"
    )
    assert "(Northfield Local Safeguarding Children Board" in found.title
    assert found.area == "Northfield"


def test_a_credit_line_is_not_the_title() -> None:
    page = (
        "A review of the risks to children who are educated at home\n"
        "Commissioned by the National Independent Safeguarding Board\n"
        "October 2017\n"
        "Ann Author, Ben Author\n"
    )
    found = describe([page], metadata_title=page.splitlines()[0], raw_pages=[page])
    assert found.title.startswith("A review of the risks to children who are educated at home")


def test_a_title_keeps_no_web_address_and_reads_in_ordinary_capitals() -> None:
    page = (
        "serious case review baby e and baby fsites.northfield.gov.uk/safeguarding/uploads/... ·...\n"
        "SERIOUS CASE REVIEW Baby E and Baby F\n"
        "Independent Reviewer Ann Author June 2019\n"
        "SERIOUS CASE REVIEW Baby E and Baby F\n"
    )
    found = describe([page], metadata_title=page.splitlines()[0], raw_pages=[page])
    assert found.title == "Serious Case Review Baby E and Baby F (2019)"
    assert found.slug == "scr-baby-e-baby-f-2019"


def test_a_question_heading_after_a_title_is_not_part_of_it() -> None:
    page = "Northfield Threshold Audit – What is it?\nThe audit was initiated to assure the board it works.\n"
    found = describe([page], metadata_title="Northfield Threshold Audit – What is it?", raw_pages=[page])
    assert found.title == "Northfield Threshold Audit"


# --------------------------------------------------------------------------- a partnership without its place


def test_a_partnership_named_without_its_place_takes_the_area_the_page_names() -> None:
    page = (
        "LSCP Reviews 2023 - 2024\n"
        "The LSCP Review Advisory Group is responsible for identifying learning in relation to the most\n"
        "serious cases, and identifying good practice and areas of learning and improvement.\n"
        "Wigan has a robust review process in place which ensures that cases are considered in time.\n"
    )
    found = find_unplaced_partnership([page])
    assert found is not None and found.value == "Wigan LSCP"
    described = describe([page], metadata_title="LSCP Reviews 2023 - 2024", raw_pages=[page])
    assert described.area == "Wigan"
    assert described.title == "LSCP Reviews 2023 - 2024 (Wigan LSCP, 2023/24)"
    assert described.slug == "wigan-lscp-reviews-2023"


def test_partnerships_in_general_or_no_area_give_no_partnership() -> None:
    general = (
        "Ofsted has called on local authorities and local safeguarding children boards (LSCBs) to work\n"
        "together on private fostering, as inspections in Rochdale and elsewhere have shown.\n"
    )
    assert find_unplaced_partnership([general]) is None
    nowhere = (
        "Serious Case Reviews\nThe LSCB conducts Serious Case Reviews on cases that meet the criteria.\n"
    )
    assert find_unplaced_partnership([nowhere]) is None
    # "New York" is not York, nor "North Somerset" Somerset's.
    abroad = "Case reviews\nThe LSCB heard of practice in New York from a visiting speaker.\n"
    assert find_unplaced_partnership([abroad]) is None


def test_a_schools_name_on_its_cover_is_who_made_the_policy_not_its_title() -> None:
    page = (
        "Northfield St Mary's Catholic Primary School\n"
        "Live and learn together\n"
        "School Road, Northfield NF1 2AB\n"
        "School details\n"
        "Safeguarding, Child Protection and Early Help Policy\n"
        "September 2020\n"
        "If you have any concerns about a child who lives in the county contact the front door.\n"
    )
    found = describe([page], metadata_title=page.splitlines()[0], raw_pages=[page])
    assert found.title.startswith("Safeguarding, Child Protection and Early Help Policy (")
    assert found.publisher == "Northfield St Mary's Catholic Primary School"
    assert found.kind == "framework"


def test_a_title_run_on_into_the_text_under_it_is_cut_there() -> None:
    line = (
        "Briefing 7 Learning lessons from case file audits: Core Groups This briefing for practitioners forms"
    )
    page = line + "\npart of a series on the learning from audits.\n"
    found = describe([page], metadata_title=line, raw_pages=[page])
    assert found.title == "Briefing 7 Learning lessons from case file audits: Core Groups"


# --------------------------------------------------------------------------- a generic page title


def test_a_page_titled_only_by_its_collection_takes_its_one_subject_heading() -> None:
    page = (
        "Learning from reviews\n"
        "We are committed to supporting practitioners and organisations to improve practice and\n"
        "achieve the best outcomes for children and young people.\n"
        "The following information provides a summary of learning from multi-agency audits. The\n"
        "learning highlights specific themes for practice.\n"
        "Joint Targeted Area Inspections - Neglect of Adolescents\n"
        "Themes\n"
        "• Neglect\n"
        "Summary\n"
    )
    found = describe([page], metadata_title="Learning from reviews", raw_pages=[page])
    assert found.title == "Learning from reviews: Joint Targeted Area Inspections - Neglect of Adolescents"


def test_a_generic_title_over_several_sections_or_a_list_keeps_no_heading() -> None:
    sections = (
        "Thematic Learning\n"
        "This brief is based on the findings from four reviews, to learn lessons for practice.\n"
        "Coercive Control\n"
        "Key Learning\n"
        "A form of psychological violence which controls the victim's movements and contact.\n"
        "Assessments\n"
        "Key Learning\n"
        "Narrow assessment may miss the impact of one person's behaviour on the family.\n"
    )
    assert subject_heading([sections], "Thematic Learning") == ""
    listing = (
        "7 Minute Briefings\n"
        "Seven minute briefings are based on a technique that keeps learning short and memorable.\n"
        "Families First Together\n"
        "Capacity, Sex and Marriage\n"
        "Child Sexual Abuse in the Family\n"
    )
    assert subject_heading([listing], "7 Minute Briefings") == ""
    assert describe([listing], metadata_title="7 Minute Briefings").title == "7 Minute Briefings"


def test_a_page_listing_several_reviews_is_known_by_its_heading_not_its_first_entry() -> None:
    page = (
        "Case Reviews\n"
        "Published Serious Case Reviews\n"
        "Date of publication: 18th February 2015\n"
        "Child K Overview Report\n"
        "Improvement Report – Child K\n"
        "Overview Report Child I and Child M\n"
        "Overview Report Child L\n"
        "Overview Report Family A\n"
    )
    found = describe([page], metadata_title="Case Reviews", raw_pages=[page])
    assert found.title == "Case Reviews (February 2015)"
    assert found.subject == ""
    # Two children named together are one review's subject, not a list.
    one = "Serious Case Review Baby E and Baby F\nIndependent Reviewer June 2019\nBaby E and Baby F were\n"
    assert describe([one], raw_pages=[one]).title.startswith("Serious Case Review Baby E and Baby F")


def test_national_bodies_that_publish_learning_are_known() -> None:
    page = (
        "Learning from child deaths\n"
        + "Case reviews show that practitioners need to ask about sleep at every contact with a family.\n"
        * 10
        + "Published by the Royal College of Paediatrics and Child Health\n"
    )
    found = find_publisher([page])
    assert found is not None and found.value == "Royal College of Paediatrics and Child Health"


# --------------------------------------------------------------------------- cut, wrapped and listed titles


def test_a_title_entry_cut_short_gives_way_to_the_cover_it_was_cut_from() -> None:
    page = (
        "Kingsford\nSafeguarding Children Board\nThe Overview Report\ninto a\n"
        "Serious Case Review of the Circumstances Concerning\nSam\nIndependent Author Dr Ann Author\n"
        "March 2016\n"
    )
    found = describe([page], metadata_title="The Overview Report - Kingsford Safeguarding Children...")
    assert found.title.startswith("The Overview Report into a Serious Case Review of the Circumstances")
    assert "Sam" in found.title and "Kingsford Safeguarding Children Board" in found.title
    # A title entry that ends in a mirror site's residue, not in an ellipsis of its own, is whole.
    whole = describe(
        ["SERIOUS CASE REVIEW Baby K\nOverview report\n"],
        metadata_title="SERIOUS CASE REVIEW Baby K · Overview report...",
    )
    assert whole.title.startswith("Serious Case Review Baby K")


def test_a_partnerships_short_name_after_a_title_and_a_page_number_before_it_are_no_part_of_it() -> None:
    found = describe(["SERIOUS CASE REVIEW - KSCB\nBaby K\nPublished 2015\n"], "SERIOUS CASE REVIEW - KSCB")
    assert found.title.startswith("Serious Case Review: Baby K"), found.title
    flat = "1 KINGSFORD SAFEGUARDING CHILDREN BOARD SERIOUS CASE REVIEW SUBJECT Baby K\nMay 2015\n"
    found = describe([flat], raw_pages=[flat])
    assert not found.title.startswith("1 "), found.title
    assert "Kingsford Safeguarding Children Board" in found.title


def test_links_that_start_alike_are_not_one_wrapped_title() -> None:
    page = (
        "Workers and Volunteers\nWorkers and Volunteers\nSerious Case Reviews\n"
        "Reviews are carried out when a child has died or been seriously harmed and abuse is suspected,\n"
        "so that agencies can learn how to work together better to protect children from harm.\n"
        "Serious Case Reviews FAQ\nSerious Case Reviews: Information for Families Leaflet\n"
    )
    found = describe([page], raw_pages=[page])
    assert "FAQ" not in found.title and "Volunteers" not in found.title, found.title


def test_a_subject_cut_short_in_a_running_header_is_read_in_full() -> None:
    from learnkit.knowledge.subjects import find_subject

    page = "REVIEW - KSCB · SERIOUS CASE REVIEW SUBJECTS Ann and\nSUBJECTS\nAnn and her siblings Bo and Cy\n"
    found = find_subject([page])
    assert found is not None and found.value == "Ann and her siblings"


# --------------------------------------------------------------------------- dates and makers past furniture


def test_a_copyright_notice_dates_a_publication_that_gives_no_other_date() -> None:
    found = find_date(["A National Review\n© Crown copyright 2020\nThis publication is licensed ...\n"])
    assert found is not None and found.value == "2020"
    dated = find_date(["A National Review\nPublished: March 2021\n© Crown copyright 2020\n"])
    assert dated is not None and dated.value == "2021-03"


def test_a_blogs_date_run_into_its_reading_time_is_its_date() -> None:
    assert parse_date("12.02.20256 mins read") == "2025-02-12"
    found = find_date(["A note on a judgment\n12.02.2025 6 mins read\nRe X [2024] (11 October 2024)\n"])
    assert found is not None and found.value == "2025-02-12"
    assert parse_date("12.02.20256") == ""  # no date without the reading time that explains the digit


def test_a_national_body_named_in_capitals_in_a_running_header_is_the_publisher() -> None:
    page = "THE CHILD SAFEGUARDING PRACTICE REVIEW PANEL 3 Contents Foreword 4 Executive summary 6\n"
    found = find_publisher([page])
    assert found is not None and found.value == "Child Safeguarding Practice Review Panel"
    cited = "Local briefing\nAgencies notify THE CHILD SAFEGUARDING PRACTICE REVIEW PANEL within 5 days.\n"
    assert find_publisher([cited]) is None


def test_an_organisation_wrapped_over_two_lines_is_named_whole() -> None:
    page = (
        "Project\nInvestigators\n"
        "Ann Author and Ben Author (Institute of Family Studies); Cy Author (Library Services); Northern\n"
        "Catholic University\n"
    )
    found = find_publisher([page])
    assert found is not None and found.value == "Northern Catholic University"


def test_an_assurance_partnership_named_without_its_place_takes_the_pages_area() -> None:
    page = "7 Minute Briefings\nThe CSAP is aware of the pressure on services.\nBlackpool families\n"
    found = find_unplaced_partnership([page])
    assert found is not None and found.value == "Blackpool CSAP"
