"""The words that learning is compared by: stems of a record's meaningful words.

Words are compared as stems (:func:`learnkit.knowledge.themes.words`), so "assessment"
and "assessments" are one word, without the little words that carry no
meaning ("the", "of", "should"). Used by :mod:`learnkit.knowledge.similar` and
:mod:`learnkit.knowledge.repeats`.
"""

from __future__ import annotations

from learnkit.knowledge.themes import words
from learnkit.models import Record

# Words that carry no meaning of their own in a learning point.
_STOP_TEXT = (
    "a about above after again against all also although am an and any are as at be because been before "
    "being below between both but by can could did do does doing down during each either etc every few for "
    "from further had has have having he her here hers him his how however i if in into is it its just may "
    "me might more most must my now of off on once only or other our out over own per same "
    "shall she should so some such than that the their them then there these they this those through thus "
    "to too under until up upon us very was we were what when where whether which while who whom whose why "
    "will with within would yet you your well one two three many much need ensure"
)
STOPWORDS = frozenset(words(_STOP_TEXT))
# Negations stay content words, and a point that has one never joins a point
# that has none: "Do not rely on self-reporting" is not "Rely on self-reporting".
NEGATIONS = frozenset(words("not no never without nor neither don't cannot can't won't"))


def content_words(text: str) -> list[str]:
    """The stems of the meaningful words of ``text``, in order (no stop words, no numbers)."""
    return [w for w in words(text) if len(w) > 1 and w not in STOPWORDS and not w.isdigit()]


def record_text(record: Record) -> str:
    """The words of a record that similarity compares: title, summary and all its points."""
    parts = [record.title, record.summary]
    for points in (record.learning, record.good_practice, record.recommendations):
        parts.extend(p.text for p in points)
    return "\n".join(parts)


def lower_first(label: str) -> str:
    """A label in running text: "Neglect" becomes "neglect", "SUDI and safer sleep" keeps its capitals."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label
