"""From frames to events: merge repeated mentions, apply the territory rule,
fill evidence, trace and confidence (codebook sections 1, 2 and 7)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache

from rasad.coding.frames import AIR, SHELLING, TERRITORY, Frame, frame_date
from rasad.geo.resolve import PlaceMention, to_location
from rasad.lexicon.load import read_tsv
from rasad.text.normalize import normalize
from rasad.model import Actor, Event, Span, Trace


def _absorbable(f: Frame) -> bool:
    """A weak mention joins whatever happened at its place and day — except a
    verb of territorial change (سيطرت، استعادت), an event of its own that
    displaces the same-day clash."""
    return not f.strong and not (f.sub_event_type in TERRITORY and f.trigger.entry.attr("pos") == "verb")


@dataclass(slots=True)
class _Cluster:
    """Frames taken for one occurrence, with running summaries so that each
    new frame is checked in constant time (long articles repeat a lot)."""

    frames: list[Frame]
    day: date | None = None  # the day of its first dated frame
    names: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    towns: set[str] = field(default_factory=set)
    areas: set[tuple[str, str | None]] = field(default_factory=set)
    tolls: set[int] = field(default_factory=set)

    def add(self, f: Frame) -> None:
        if f.strong and self.frames and not self.frames[0].strong:
            self.frames.insert(0, f)  # the cluster's first frame stays strong when any is
        else:
            self.frames.append(f)
        if self.day is None and f.date is not None:
            self.day = f.date.value
        if f.place is not None:
            name = normalize(f.place.name)
            self.names.add(name)
            self.ids.add(f.place.place.id)
            self.areas.add((f.place.place.country, f.place.place.admin1))
            if f.place.place.kind != "admin1":
                self.towns.add(name)
        if f.toll is not None:
            self.tolls.add(f.toll.value)


def _compatible(f: Frame, cluster: _Cluster, published: date | None) -> bool:
    """Same occurrence: same day, same place, same type — or a
    generic weak mention ("هجوم", "استهداف") of whatever happened there."""
    g = cluster.frames[0]
    if f.date is not None and cluster.day is not None and f.date.value != cluster.day:
        return False  # an undated re-mention joins the dated report of the same thing
    same_type = f.sub_event_type == g.sub_event_type or _absorbable(f) or _absorbable(g)
    if not same_type:
        return False
    if f.place is None or g.place is None:
        return f.place is g.place
    name = normalize(f.place.name)
    if f.place.place.kind != "admin1" and cluster.towns - {name}:
        return False  # a cluster is one town at most
    if f.place.place.id in cluster.ids or name in cluster.names:
        return True
    return _same_area(f, cluster)


def _same_area(f: Frame, cluster: _Cluster) -> bool:
    """"… في شمال سيناء" then "… في العريش": a governorate and one town in it,
    same type and day, are one event told at two levels — unless their tolls
    differ, which marks a governorate-wide count next to a town's own event.
    A vague word ("هجوم") joins across types only when the tolls agree."""
    assert f.place is not None
    if cluster.areas != {(f.place.place.country, f.place.place.admin1)}:
        return False
    tolls = cluster.tolls | ({f.toll.value} if f.toll is not None else set())
    if f.sub_event_type == cluster.frames[0].sub_event_type:
        return len(tolls) <= 1
    return len(tolls) == 1 and f.toll is not None and bool(cluster.tolls)


def _refers_to(f: Frame, cluster: _Cluster) -> bool:
    """An incident noun names an event told before: the same type at the
    same place, whatever day the sentence around it gives (the day of a
    statement about it, often)."""
    g = cluster.frames[0]
    return (f.place is not None and g.place is not None and f.sub_event_type == g.sub_event_type
            and (f.place.place.id in cluster.ids or normalize(f.place.name) in cluster.names))


def _clusters(frames: list[Frame], published: date | None) -> list[list[Frame]]:
    out: list[_Cluster] = []
    by_day: dict[object, list[_Cluster]] = {}
    for f in frames:
        day = frame_date(f, published)[0]
        pool = out if f.date is None else by_day.get(day, []) + by_day.get(None, [])
        home = next((c for c in pool if _compatible(f, c, published)), None)
        if home is None and f.incident:
            home = next((c for c in out if _refers_to(f, c)), None)
        if f.pointer:
            # "هذه الاشتباكات": the latest event of its type told before, whatever day its sentence gives
            home = home or next((c for c in reversed(out) if c.frames[0].sub_event_type == f.sub_event_type), None)
            if home is None:
                continue  # "تلك المعركة" with nothing told before it to point at
        if home is None:
            home = _Cluster([])
            out.append(home)
            by_day.setdefault(day if f.date is not None else None, []).append(home)
        home.add(f)
    return [c.frames for c in out]


def _confidence(f: Frame) -> float:
    c = 0.3
    c += 0.2 if f.strong else 0.0
    c += 0.15 if f.roles.actor1 else 0.0
    c += 0.1 if f.roles.actor2 else 0.0
    c += 0.15 if f.place_local else 0.0
    c += 0.1 if f.date else 0.0
    return min(1.0, c)


def assemble(frames: list[Frame], text: str, sentence_spans: list[Span], published: date | None,
             keep_unplaced: bool = False) -> list[Event]:
    """Merge frames of one occurrence; apply the territory rule; build events.
    Frames with no place are dropped unless ``keep_unplaced``."""
    clusters = _fold_bare_fire(_clusters([f for f in frames if keep_unplaced or f.place is not None], published),
                               published)
    events = [_event(c, text, sentence_spans, published) for c in clusters]
    territory = {(e.location.gazetteer_id, e.date) for e in events if e.sub_event_type in TERRITORY and e.location}
    events = [e for e in events if not (e.sub_event_type == "Armed clash" and e.location
                                        and (e.location.gazetteer_id, e.date) in territory)]
    events = _one_demonstration(_fold_fire_into_clash(events))
    events.sort(key=lambda e: e.spans[0].start if e.spans else 0)
    return events


def _fold_bare_fire(clusters: list[list[Frame]], published: date | None) -> list[list[Frame]]:
    """"قصف" that names no artillery, at the place and day of an air strike, is
    that strike told again ("غارات على دير البلح … القصف على دير البلح")."""
    def key(c: list[Frame], lead: Frame) -> tuple[str, date | None] | None:
        dated = next((f for f in c if f.date is not None), lead)
        return (normalize(lead.place.name), frame_date(dated, published)[0]) if lead.place else None

    leads = [_lead(c) for c in clusters]
    strikes = {k: i for i, c in enumerate(clusters) if leads[i].sub_event_type == AIR and (k := key(c, leads[i])) is not None}
    if not strikes:
        return clusters
    into: dict[int, int] = {}
    for i, c in enumerate(clusters):
        if leads[i].sub_event_type == SHELLING and all(f.bare for f in c if f.sub_event_type == SHELLING):
            k = key(c, leads[i])
            if k is not None and k in strikes:
                into[i] = strikes[k]
    out = [list(c) for c in clusters]
    for i, j in into.items():
        out[j] += out[i]  # the strike keeps its lead: it comes first and bare fire never leads
    return [c for i, c in enumerate(out) if i not in into]


def _fold_fire_into_clash(events: list[Event]) -> list[Event]:
    """Artillery or mortar fire at the place and day of a clash, by one of its
    sides (or by no named side), is part of that battle, not an event of its own."""
    clashes: dict[tuple[str, date], list[Event]] = {}
    for e in events:
        if e.sub_event_type == "Armed clash" and e.location:
            clashes.setdefault((normalize(e.location.name), e.date), []).append(e)
    if not clashes:
        return events

    def folded(e: Event) -> bool:
        if e.sub_event_type != SHELLING or not e.location:
            return False
        for c in clashes.get((normalize(e.location.name), e.date), []):
            sides = {a.name for a in (c.actor1, c.actor2) if a}
            if e.actor1 is None or e.actor1.name in sides:
                return True
        return False

    return [e for e in events if not folded(e)]


@cache
def demonstration_rank() -> dict[str, int]:
    """Protest and riot types by severity (event_types.tsv)."""
    rows = read_tsv("event_types.tsv", ("sub_event_type", "demonstration_rank"))
    return {r["sub_event_type"]: int(r["demonstration_rank"]) for r in rows if r["demonstration_rank"]}


def _one_demonstration(events: list[Event]) -> list[Event]:
    """One demonstration per place and day, coded at its most severe: a
    protest that police broke up is a protest with intervention, not also a
    peaceful protest; the arrests of its protesters are that intervention."""
    rank = demonstration_rank()
    top: dict[tuple[str, date], Event] = {}
    for e in events:
        if e.sub_event_type in rank and e.location:
            key = (normalize(e.location.name), e.date)  # a city and its governorate of one name too
            if key not in top or rank[e.sub_event_type] > rank[top[key].sub_event_type]:
                top[key] = e
    if not top:
        return events
    absorbed: dict[int, list[Event]] = {}
    kept: list[Event] = []
    for e in events:
        head = top.get((normalize(e.location.name), e.date)) if e.location else None
        folded = head is not None and head is not e and (
            e.sub_event_type in rank or (e.sub_event_type == "Arrests" and rank[head.sub_event_type] > 1))
        if folded:
            absorbed.setdefault(id(head), []).append(e)
        else:
            kept.append(e)
    return [replace(e, sources=tuple(dict.fromkeys(e.sources + tuple(s for x in absorbed[id(e)] for s in x.sources))))
            if id(e) in absorbed else e for e in kept]


def _first_actor(fs: list[Frame], which: int) -> Actor | None:
    for f in fs:
        a = f.roles.a1 if which == 1 else f.roles.a2
        if a is not None:
            return a
    return None


def _lead(fs: list[Frame]) -> Frame:
    """The frame that speaks for the cluster: strong, most specific place, first."""
    strong = [f for f in fs if f.strong] or fs
    return min(enumerate(strong), key=lambda p: (p[1].bare, p[1].place.precision if p[1].place else 9, p[0]))[1]


def _event(fs: list[Frame], text: str, sentence_spans: list[Span], published: date | None) -> Event:
    lead = _lead(fs)
    fs = [lead] + [f for f in fs if f is not lead]
    dated = next((f for f in fs if f.date is not None), lead)  # the lead, else whoever gives a day
    d, prec = frame_date(dated, published)
    sent = sentence_spans[lead.sentence]
    a1, a2 = _first_actor(fs, 1), _first_actor(fs, 2)
    assoc1 = tuple(dict.fromkeys(m.actor for f in fs for m in f.roles.assoc1 if a1 is None or m.actor != a1))
    assoc2 = tuple(dict.fromkeys(m.actor for f in fs for m in f.roles.assoc2 if a2 is None or m.actor != a2))
    tolls = [f.toll.value for f in fs if f.toll is not None]
    # the town, when a governorate-level mention joined it
    place = min((f.place for f in fs if f.place is not None), key=lambda p: p.place.kind == "admin1", default=None)
    sources = tuple(dict.fromkeys(s for f in fs for s in f.sources))
    trace = _trace(fs, text, place)
    return Event(
        event_type=lead.event_type,
        sub_event_type=lead.sub_event_type,
        date=d,
        date_precision=prec,
        actor1=a1,
        actor2=a2 if a2 != a1 else None,
        location=to_location(place) if place else None,
        fatalities=min(tolls) if tolls else None,
        sources=sources,
        evidence=text[sent.start : sent.end],
        spans=(sent,),
        assoc_actor1=assoc1,
        assoc_actor2=assoc2,
        trace=Trace(tuple(trace)),
        confidence=max(_confidence(f) for f in fs),
    )


def _trace(fs: list[Frame], text: str, place: PlaceMention | None) -> list[tuple[str, Span]]:
    lead = fs[0]
    out: list[tuple[str, Span]] = [("trigger", lead.trigger_span)]
    r = lead.roles
    if r.actor1:
        out.append(("actor1", r.actor1.span))
    if r.actor2:
        out.append(("actor2", r.actor2.span))
    for i, m in enumerate(r.assoc1):
        out.append((f"assoc_actor1[{i}]", m.span))
    for i, m in enumerate(r.assoc2):
        out.append((f"assoc_actor2[{i}]", m.span))
    if place:
        out.append(("location", place.span))
    if lead.date:
        out.append(("date", lead.date.span))
    toll = next((f.toll for f in fs if f.toll is not None), None)
    if toll:
        out.append(("fatalities", toll.span))
    for i, s in enumerate(lead.source_spans):
        out.append((f"sources[{i}]", s))
    return out
