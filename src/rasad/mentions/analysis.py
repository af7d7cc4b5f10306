"""The per-document analysis every later stage reads: the text view,
sentences, clauses, and all lexicon hits from one matcher pass."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rasad.lexicon.matcher import Hit
from rasad.lexicon.resources import Resources
from rasad.model import Document, Span
from rasad.text.sentences import Segment, clause_ids, split_sentences
from rasad.text.tokenize import TextView, build_view


@dataclass(frozen=True, slots=True)
class Analysis:
    """What is known about a document before coding."""

    doc: Document
    view: TextView
    sentences: tuple[Segment, ...]
    tok_sent: tuple[int, ...]
    tok_clause: tuple[int, ...]
    hits: tuple[Hit, ...]
    families: dict[str, tuple[Hit, ...]]

    def family(self, name: str) -> list[Hit]:
        return list(self.families.get(name, ()))

    def span(self, hit: Hit) -> Span:
        return self.view.span(hit.jstart, hit.jend)

    def surface(self, hit: Hit) -> str:
        s = self.span(hit)
        return self.doc.text[s.start : s.end]

    def sent_of(self, hit: Hit) -> int:
        return self.tok_sent[hit.first]

    def clause_of(self, hit: Hit) -> int:
        return self.tok_clause[hit.first]

    def prefix(self, hit: Hit) -> str:
        """Clitic letters before the hit inside its first token."""
        tok = self.view.tokens[hit.first]
        return self.view.joined[tok.jstart : hit.jstart]


def analyse(doc: Document, res: Resources) -> Analysis:
    """Tokenise, segment and match ``doc`` once."""
    view = build_view(doc.text)
    sents = split_sentences(doc.text)
    tok_sent: list[int] = []
    s = 0
    for tok in view.tokens:
        while s + 1 < len(sents) and tok.start >= sents[s].span.end:
            s += 1
        tok_sent.append(s)
    hits = tuple(res.matcher.scan(view))
    fam: dict[str, list[Hit]] = {}
    for h in hits:
        fam.setdefault(h.entry.family, []).append(h)
    families = {k: tuple(v) for k, v in fam.items()}
    return Analysis(doc, view, sents, tuple(tok_sent), clause_ids(view), hits, families)


def focus_country(an: Analysis, res: Resources, candidates: list[tuple[str, float]]) -> str | None:
    """The country the document is about: weighted votes, headline counting double."""
    votes: Counter[str] = Counter()
    for cc, w in candidates:
        if cc in res.countries:
            votes[cc] += w
    if not votes:
        return None
    return votes.most_common(1)[0][0]
