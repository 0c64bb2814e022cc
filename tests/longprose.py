"""The words of the long test documents that tests/longdocs.py lays out: no code, only prose.

Sentences that carry each central theme (with {child}, {mother}, {father} and the years to fill),
background with no theme, recommendation topics, a finding for each theme, and the findings,
learning and recommendations of the documents whose points are written out in full. The partnerships,
children and prose are invented for these tests.
"""

from __future__ import annotations

# Sentences that carry each central theme, with {child}, {mother} and {father} to fill.
THEME_PROSE: dict[str, tuple[str, ...]] = {
    "neglect": (
        "The home conditions were repeatedly described as poor, with little food in the house and "
        "{child} often arriving at nursery hungry and in unwashed clothes.",
        "Practitioners saw the neglect as chronic rather than as a series of separate incidents, but "
        "no single agency held the whole picture.",
        "The cumulative impact of neglect on {child}'s development was not assessed until a late stage.",
        "Dental decay, head lice and missed immunisations were each recorded, yet none led to a review "
        "of the plan for {child}.",
    ),
    "parental-mental-health": (
        "{mother} had a long history of depression and anxiety and had been prescribed medication by her GP.",
        "When {mother}'s mental health deteriorated, her capacity to meet {child}'s needs fell sharply, "
        "and this was not shared with children's social care.",
        "Adult mental health services saw {mother} as a patient and did not consider her role as a parent.",
        "The perinatal mental health team closed the case after two missed appointments.",
    ),
    "domestic-abuse": (
        "Police attended the family home on four occasions after reports of domestic abuse between "
        "{mother} and {father}.",
        "A domestic abuse risk assessment was completed after the second incident and graded as "
        "standard risk.",
        "The impact on {child} of living with domestic abuse was not considered by the agencies involved.",
        "{mother} withdrew her statements each time and the incidents were treated as isolated.",
    ),
    "voice-of-the-child": (
        "{child} was rarely seen alone, and what {child} said about life at home was not recorded.",
        "The review heard that {child}'s wishes and feelings were not sought at the child protection "
        "conference.",
        "The lived experience of the child was lost behind the needs of the adults in the household.",
        "When {child} did speak to a teacher about being frightened at home, this was not passed on.",
    ),
    "non-accidental-injury": (
        "At eleven weeks {child} was taken to hospital with a fractured femur and bruising to the face.",
        "Skeletal survey found rib fractures of different ages, and the injuries were judged to be "
        "non-accidental.",
        "An earlier bruise on {child}'s ear had been accepted as accidental without a medical opinion.",
        "The bruising protocol was not followed when a small bruise was seen by the health visitor.",
    ),
    "babies-pre-birth": (
        "The pre-birth assessment began late, in the third trimester, and was not completed before "
        "{child} was born.",
        "A baby of this age is wholly dependent on the adults caring for them.",
        "Midwives recorded the pregnancy as concealed until twenty-four weeks.",
        "The newborn was discharged home before the discharge planning meeting had taken place.",
    ),
    "hidden-men": (
        "{father} was not known to the health visitor, who believed {mother} was living alone.",
        "Practitioners did not ask who else was caring for the baby, and the role of the male carer "
        "was never explored.",
        "{father} had previous convictions for violence that were unknown to the agencies working with "
        "the family.",
        "The men in the household were invisible to services throughout the period under review.",
    ),
    "parental-substance-misuse": (
        "{mother} disclosed heavy drinking and cannabis use at her booking appointment.",
        "Drug and alcohol services worked with {father} but did not know that there was a baby in the "
        "household.",
        "The parents' substance misuse was the main risk to {child}, yet drug testing was never requested.",
        "On the night of the incident both carers had been drinking alcohol.",
    ),
    "criminal-exploitation": (
        "By the age of fourteen {child} was being criminally exploited, carrying drugs on county lines "
        "to a coastal town.",
        "Police found {child} with large amounts of cash and two mobile phones, signs of exploitation "
        "that were seen as offending.",
        "A National Referral Mechanism referral was made but the decision took eight months.",
        "Older young people had groomed {child} into dealing drugs, and {child} owed them a debt.",
    ),
    "adolescents": (
        "As a teenager {child} was seen by professionals as making choices rather than as a child at risk.",
        "Services for young people aged fifteen and sixteen were not joined up with adult services.",
        "The transition to secondary school was a turning point in {child}'s adolescence.",
    ),
    "missing-children": (
        "{child} went missing from home eleven times in six months, often overnight.",
        "Return home interviews were offered after only three of the missing episodes.",
        "The pattern of missing episodes was not linked to the intelligence the police held.",
    ),
    "school-attendance": (
        "{child}'s school attendance fell below fifty per cent in year nine.",
        "After a fixed-term exclusion {child} was placed on a part-time timetable and then moved to "
        "alternative provision.",
        "Persistent absence from school was treated as an attendance matter, not as a safeguarding concern.",
    ),
    "child-sexual-abuse": (
        "{child} disclosed sexual abuse by an adult known to the family when she was thirteen.",
        "The strategy discussion after the disclosure did not include health, and no medical was arranged.",
        "Signs of sexual abuse were present for some time before the disclosure, including sexualised "
        "behaviour at school.",
    ),
    "online-harm": (
        "The abuser first contacted {child} online through a gaming platform and a social media app.",
        "Indecent images of {child} were shared online, and she was threatened when she tried to stop.",
        "Schools had taught online safety, but {child}'s parents did not know how to check her phone.",
    ),
    "self-harm-suicide": (
        "{child} self-harmed by cutting from the age of twelve and took two overdoses.",
        "After each attendance at the emergency department {child} was referred to CAMHS, but the "
        "referrals did not meet the threshold for a service.",
        "The risk of suicide was assessed as low a week before {child}'s death.",
    ),
    "information-sharing": (
        "Information held by the school was not shared with the police or children's social care.",
        "Agencies misunderstood the rules on consent and so did not share what they knew.",
        "Each agency held part of the picture, and information sharing between them was poor.",
    ),
    "early-help": (
        "The family were offered early help twice, and each time the case was stepped down from "
        "children's social care without a plan.",
        "The early help worker was not told why the case had been stepped down or what had to change.",
        "Support from the early help service ended when {mother} stopped answering the door.",
    ),
    "escalation-challenge": (
        "The school disagreed with the decision to close the case but did not escalate its concern.",
        "Practitioners did not use the escalation procedure, although each of them knew it.",
        "Professional challenge between agencies was rare, and disagreements were left unresolved.",
    ),
    "sudi-safer-sleep": (
        "In each case the baby died while co-sleeping with a parent on a sofa or in the parents' bed.",
        "Safer sleep advice was given by midwives and health visitors, but it was not tailored to the "
        "family's circumstances.",
        "Families did not always have a cot or a Moses basket, and the baby slept where the parents slept.",
    ),
    "housing-poverty": (
        "The family lived in temporary accommodation, one room in a hostel, and moved four times in a year.",
        "Poverty, debt and overcrowded housing added to the stress on the parents.",
        "Housing services did not know about the concerns for the children.",
    ),
}

# Background sentences with no central theme: the agencies, the period reviewed, the method.
GENERAL_PROSE: tuple[str, ...] = (
    "The review considered the involvement of agencies from {start} until {end}.",
    "Chronologies were requested from children's social care, the police, health services and education.",
    "A practitioner event was held and the views of those who worked with the family were sought.",
    "The family were invited to contribute to the review, and their views are included where they agreed.",
    "The health visitor made the new birth visit and saw the family at the expected developmental checks.",
    "The GP practice saw {mother} on several occasions during the period under review.",
    "A referral was made to the front door and was screened by the multi-agency safeguarding hub.",
    "Strategy discussions were held by telephone, and not every agency was invited to take part.",
    "The case was stepped down to early help after the assessment was completed.",
    "Supervision of the social worker took place monthly, but case discussions were brief.",
    "Records were kept on several different systems which did not share information.",
    "The review panel met five times and was chaired by the independent lead reviewer.",
    "Family members' names have been changed, and personal information was kept confidential "
    "throughout the review.",
    "The terms of reference set out the key lines of enquiry for the review.",
    "In {year} the family moved to a new address within the area and registered with a new GP.",
)

RECOMMENDATION_TOPICS: tuple[str, ...] = (
    "ensure that practitioners record the child's lived experience in every assessment",
    "audit the use of the neglect assessment tool across agencies within twelve months",
    "make sure that adult services consider the parenting role of the adults they work with",
    "review the information sharing agreement so that consent is understood by all agencies",
    "provide training on the impact of domestic abuse on children for all frontline staff",
    "ensure that fathers and male carers are identified and included in assessments",
    "strengthen the escalation policy and monitor its use through the quality assurance group",
    "ensure that return home interviews are offered after every missing episode",
    "review how safer sleep advice is given to families whose circumstances change",
    "commission a multi-agency audit of strategy discussions to test that health is included",
    "seek assurance that the learning from this review has been shared with schools",
)


# A finding a review makes about each central theme: (its title, its text).
FINDINGS_BY_THEME: dict[str, tuple[str, str]] = {
    "neglect": (
        "The impact of neglect",
        "The cumulative harm of neglect to {child} was not recognised, "
        "because each concern was dealt with as a separate incident.",
    ),
    "parental-mental-health": (
        "A parent's mental health",
        "Adult mental health services did not ask how {mother}'s illness affected her care of {child}.",
    ),
    "domestic-abuse": (
        "Living with domestic abuse",
        "The impact on {child} of the domestic abuse at home was not assessed by any agency.",
    ),
    "voice-of-the-child": (
        "Hearing the child",
        "{child} was rarely seen alone, and what {child} said was not recorded or acted on.",
    ),
    "non-accidental-injury": (
        "Bruising in a baby",
        "A bruise on a baby who was not yet mobile was accepted as accidental without a medical opinion.",
    ),
    "babies-pre-birth": (
        "Planning before birth",
        "The pre-birth assessment started too late to protect the baby once born.",
    ),
    "hidden-men": (
        "The men in the household",
        "The father and other men caring for the baby were not "
        "known to the agencies working with the family.",
    ),
    "parental-substance-misuse": (
        "Drink and drugs",
        "The parents' use of alcohol and drugs was known to "
        "adult services but not linked to the care of the children.",
    ),
    "criminal-exploitation": (
        "Exploitation seen as offending",
        "{child} was treated as an offender rather than as a child being criminally exploited.",
    ),
    "adolescents": (
        "Teenagers' choices",
        "Professionals saw {child} as choosing risk rather than as an adolescent in need of protection.",
    ),
    "missing-children": (
        "Going missing",
        "The pattern of {child}'s missing episodes was not put together with what the police knew.",
    ),
    "school-attendance": (
        "Absence from school",
        "{child}'s absence from school was not treated as a safeguarding concern.",
    ),
    "child-sexual-abuse": (
        "Signs of sexual abuse",
        "The signs of sexual abuse were seen for months before {child} disclosed, and were not acted on.",
    ),
    "online-harm": ("Harm online", "No agency asked about {child}'s life online, where the abuse began."),
    "self-harm-suicide": (
        "Self-harm",
        "Each attendance for self-harm was dealt with alone, and the rising risk to {child} was missed.",
    ),
    "information-sharing": (
        "Sharing information",
        "Agencies held parts of the picture but did not share them, from a mistaken view of consent.",
    ),
    "sudi-safer-sleep": (
        "Safer sleep",
        "Safer sleep advice was given to the families once, and not again when their circumstances changed.",
    ),
    "housing-poverty": (
        "Housing and poverty",
        "Moves between temporary homes cut the families off from the services that knew them.",
    ),
}

# The Kingsford review of Child M: its findings and recommendations in full.
KINGSFORD_FINDINGS: tuple[tuple[str, str], ...] = (
    (
        "Hearing the child",
        "Child M was rarely seen alone by any professional, and what she said at school about being hungry "
        "was not passed to the social worker or recorded in the assessment.",
    ),
    (
        "Neglect seen as poverty",
        "Practitioners saw the state of the home as a result of low income rather than neglect, so the "
        "cumulative harm to the children over three years was not recognised.",
    ),
    (
        "Information sharing",
        "The health visitor and the school each held part of the picture, but there was no multi-agency "
        "meeting at which the concerns were put together and shared.",
    ),
    (
        "The mother's partner",
        "The mother's new partner was not known to children's social care, and no agency asked who else "
        "lived in the household or checked his history of violence.",
    ),
    (
        "Escalation",
        "When the school disagreed with the decision to close the case, it did not use the escalation "
        "procedure, and the disagreement was never resolved by managers.",
    ),
)

KINGSFORD_RECOMMENDATIONS: tuple[str, ...] = (
    "The partnership should make sure that practitioners in every agency see children alone and record "
    "their views in their own words.",
    "Children's social care should review how neglect is assessed, so that the Graded Care Profile is used "
    "where neglect is suspected.",
    "The partnership should audit whether health visitors and schools share concerns about neglect before "
    "a case is closed.",
    "All agencies should ask who lives in the household and who visits it, and check the history of any "
    "new partner of a parent.",
    "The partnership should remind practitioners of the escalation procedure and report on its use each "
    "year to the board.",
    "The police should share reports of domestic incidents with the school by the next school day.",
    "The designated nurse should provide training for GPs on recognising neglect in older children.",
    "The partnership should publish a learning briefing on this review for all practitioners.",
)

# The Ashford Vale learning review of Child T: lettered key learning, messages, recommendations.
ASHFORD_LEARNING: tuple[str, ...] = (
    "Practitioners did not see the children on their own, so what the older child said at school about "
    "being hungry and frightened at home was never heard by the agencies that assessed the family.",
    "The mother's partner was not known to children's social care and no agency asked who else lived in "
    "the household or checked his history.",
    "Step-down to early help was agreed without a plan that said what had to change for the children and "
    "how anyone would know whether it had.",
    "Disagreement between the school and children's social care about the level of risk was not escalated "
    "to managers, although the escalation procedure was known to both.",
)

ASHFORD_MESSAGES: tuple[str, ...] = (
    "See and speak to every child on their own, and record their words.",
    "Ask who lives in the home and who visits it, at every assessment.",
    "Use the escalation procedure when you disagree with a decision about a child.",
)

ASHFORD_RECOMMENDATIONS: tuple[str, ...] = (
    "The partnership should seek assurance that children are seen alone in every assessment.",
    "Children's social care should check the history of any new partner in the household.",
    "The early help service should agree a written plan with outcomes for every step-down.",
)

# The Ashford Vale audit of core groups: findings flattened into one paragraph, then recommendations.
AUDIT_FINDINGS: tuple[str, ...] = (
    "Core group minutes need to begin with a summary of the reasons why the child is on a plan.",
    "The purpose of each meeting should be recorded, with the progress made against the plan.",
    "The views of children and parents were sought in only 4 of the 12 cases audited.",
    "Core assessments were not shared with every member of the core group before the meeting.",
    "Parental non-engagement was rarely questioned or challenged by the agencies involved.",
)

AUDIT_RECOMMENDATIONS: tuple[str, ...] = (
    "Chairs should check that the minutes record the reasons for the plan at every meeting.",
    "Social workers should share core assessments with the core group before the first meeting.",
    "The partnership should repeat this audit in twelve months.",
)

AUDIT_METHOD = (
    "Twelve cases of children on child protection plans were chosen at random. Each agency audited its "
    "own records and the auditors met to agree the grading of each case."
)

# A 7-minute briefing on the neglect of adolescents: its seven boxes; only the key learning states findings.
BRIEFING_LEARNING: tuple[str, ...] = (
    "Adolescents who are neglected often present as challenging rather than as children in need of care.",
    "Neglect of older children was seen as a choice the young person made, not as harm to them.",
    "Missing school was the first sign of neglect in most of the cases the review looked at.",
)

BRIEFING_BOXES: tuple[tuple[str, str], ...] = (
    (
        "Background",
        "This briefing draws on a thematic review of five cases of neglect of young people aged 13 to 17 in "
        "the area, published by the partnership in 2022.",
    ),
    (
        "Why it matters",
        "Neglect of older children is under-recognised and can lead to exploitation, self-harm and going "
        "missing.",
    ),
    (
        "Information",
        "The young people were known to several agencies, and four had missed long periods of school before "
        "the events that led to the review.",
    ),
    ("Key learning", ""),
    ("What you can do", "Talk to the young person about how they are cared for at home."),
    (
        "Questions to reflect on",
        "Do you ask older children who looks after them?\nHow would you know if a young person was going "
        "without food?",
    ),
    (
        "Further information",
        "The partnership's neglect strategy and the Graded Care Profile are on the partnership's website.",
    ),
)
