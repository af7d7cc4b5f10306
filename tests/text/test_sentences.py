from __future__ import annotations

from rasad.text.sentences import clause_ids, split_sentences
from rasad.text.tokenize import build_view


def _sents(text: str) -> list[str]:
    return [text[s.span.start : s.span.end] for s in split_sentences(text)]


def test_split_on_full_stop_and_question_mark() -> None:
    assert _sents("قصفت الطائرات البلدة. وقتل ثلاثة مدنيين؟ نعم") == [
        "قصفت الطائرات البلدة.", "وقتل ثلاثة مدنيين؟", "نعم"]


def test_no_split_inside_guillemets() -> None:
    text = "وقال المصدر «الجيش أرسل حشوداً. والعملية مستمرة» ثم غادر. انتهى"
    assert _sents(text) == ["وقال المصدر «الجيش أرسل حشوداً. والعملية مستمرة» ثم غادر.", "انتهى"]


def test_no_split_inside_parentheses_or_abbreviation() -> None:
    text = "أعلن (المرصد. السوري) الخبر. صورة أ. ب للدورية. نهاية"
    assert _sents(text) == ["أعلن (المرصد. السوري) الخبر.", "صورة أ. ب للدورية.", "نهاية"]


def test_line_breaks_end_sentences_and_paragraphs() -> None:
    segs = split_sentences("العنوان هنا\n\nالجملة الأولى. الجملة الثانية\nسطر آخر")
    assert [s.paragraph for s in segs] == [0, 1, 1, 2]


def test_clauses_split_at_commas_and_connectives() -> None:
    view = build_view("قصفت الطائرات البلدة، فيما اندلعت اشتباكات بينما انسحب المسلحون")
    ids = clause_ids(view)
    words = [t.norm for t in view.tokens]
    assert ids[words.index("البلده")] == 0
    assert ids[words.index("اندلعت")] == ids[words.index("فيما")] == 1
    assert ids[words.index("انسحب")] == 2
