"""Entities merged across the articles of a story: one per real person, organisation or place.

`resolve_entities(articles)` reads the `entity_mentions` the language stage left on each
article and groups them:

* mentions that stand for an actor of the tables group by it: "Baku", "Azeri", "Azerbaijani",
  "Azerbaijan" are the state Azerbaijan; "Moscow says" and "the Kremlin" are Russia (while
  "talks in Moscow" is the city); "the Minsk Group" is the OSCE Minsk Group;
* places group by their gazetteer entry ("Gandja" and "Ganja" are one city);
* person names group by a spelling key (`translit.translit_key`: Mnatsakanyan/Mnatsakanian)
  and rapidfuzz (typos) on first name and surname separately: two full names with different
  first names are two people, always. A surname alone joins the one full name that has it in
  the corpus, or the one in its own article when several do; with no evidence it stays apart;
* role descriptions ("the Kremlin spokesman", "his Armenian counterpart") join the person
  the corpus names with that role and country, when exactly one person has them;
* other names group by spelling key and rapidfuzz.

`merge_entities(articles)` gives just the `Entity` list; `EntityIndex.entity_of` maps every
mention to its entity id for later stages.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from storyline.language.places import gazetteer
from storyline.language.tables import load_tables
from storyline.language.translit import surface_key
from storyline.model import Article, Entity, EntityMention, Location

# rapidfuzz ratio (0-100) on spelling keys for "the same surname, mistyped"; only for keys of
# at least MIN_FUZZY_LENGTH letters (short names differ by one letter and are other names).
SURNAME_SCORE = 88.0
FIRST_NAME_SCORE = 85.0
NAME_SCORE = 92.0
MIN_FUZZY_LENGTH = 6

KIND_OF_LABEL = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "PRODUCT": "product",
}

PLACE_SCHEMES = frozenset({"geonames", "region", "country", "us-state", "capital"})

MentionRef = tuple[int, int]  # (article index, mention index)


@dataclass
class EntityIndex:
    entities: list[Entity] = field(default_factory=list)
    # (article id, index into that article's entity_mentions) -> entity id
    entity_of: dict[tuple[str, int], str] = field(default_factory=dict)
    # entity id -> where it is, for places and states
    locations: dict[str, Location] = field(default_factory=dict)

    def entity_at(self, article: Article, start: int, end: int) -> str | None:
        """The entity of the mention of `article` overlapping [start, end) the most, if any:
        how a later stage turns a span it found (a subject, an object) into an entity id."""
        best, best_overlap = None, 0
        for m, mention in enumerate(article.entity_mentions):
            overlap = min(end, mention.end) - max(start, mention.start)
            entity = self.entity_of.get((article.id, m))
            if overlap > best_overlap and entity is not None:
                best, best_overlap = entity, overlap
        return best


@dataclass
class _Group:
    kind: str
    refs: list[MentionRef] = field(default_factory=list)
    name: str | None = None  # a canonical name (tables, gazetteer); else the commonest form
    country: str | None = None
    role: str | None = None
    canonical_alias: str | None = None


def merge_entities(articles: Sequence[Article]) -> list[Entity]:
    """One `Entity` per real person/organisation/place/state across `articles`."""
    return resolve_entities(articles).entities


def resolve_entities(articles: Sequence[Article]) -> EntityIndex:
    """Entities, the entity of every mention, and the locations of places (module docstring)."""
    mentions: dict[MentionRef, EntityMention] = {}
    for a, article in enumerate(articles):
        for m, mention in enumerate(article.entity_mentions):
            mentions[(a, m)] = mention
    groups: dict[str, _Group] = {}
    persons: list[MentionRef] = []
    roles: list[MentionRef] = []
    others: list[MentionRef] = []
    for ref, mention in mentions.items():
        if mention.actor:
            _actor_group(groups, mention).refs.append(ref)
        elif mention.label == "ROLE":
            roles.append(ref)
        elif mention.label == "PERSON":
            persons.append(ref)
        elif mention.place:
            _place_group(groups, mention).refs.append(ref)
        else:
            others.append(ref)
    _generic_ministries(groups)
    person_groups = _cluster_persons(persons, mentions)
    holders: dict[str, set[str]] = defaultdict(set)
    for gid, key in _full_name_keys(person_groups, mentions).items():
        words = key.split()
        holders[words[-1]].add(gid)
        holders[" ".join(words[1:])].add(gid)  # a double surname: "Ionescu-Vlad"
    moved: set[MentionRef] = set()
    for ref in others:
        # "Lavrov"/ORG in an article that never gives the full name: the one person with
        # that surname in the corpus (none when two share it).
        key = mentions[ref].key
        if len(holders.get(key, ())) == 1 and mentions[ref].label in ("ORG", "GPE"):
            person_groups[next(iter(holders[key]))].refs.append(ref)
            moved.add(ref)
    others = [r for r in others if r not in moved]
    _surnames_that_are_places(person_groups, groups, mentions)
    # A lone one-word "person" spelt like another name of the corpus ("Vetrenik"/PERSON beside
    # "Vetrenik"/GPE and /PRODUCT) clusters with that name, as the model's labels disagree.
    other_keys = {mentions[r].key for r in others}
    for gid in [g for g in person_groups if g.startswith("person-surname#")]:
        keys = {mentions[r].key for r in person_groups[gid].refs}
        if len(keys) == 1 and next(iter(keys)) in other_keys:
            others.extend(person_groups.pop(gid).refs)
    groups.update(person_groups)
    _resolve_roles(roles, mentions, person_groups, groups)
    groups.update(_cluster_others(others, mentions))
    return _build(articles, groups, mentions)


# -- actors and places ---------------------------------------------------------------------


def _actor_group(groups: dict[str, _Group], mention: EntityMention) -> _Group:
    assert mention.actor is not None
    gid = mention.actor
    if gid in groups:
        return groups[gid]
    tables = load_tables()
    if gid in tables.countries:
        group = _Group("country", name=tables.country_name(gid), country=gid)
    elif gid in tables.organisations:
        group = _Group("organisation", name=tables.organisations[gid].name)
    else:  # "RUS:foreign ministry"
        state, _, institution = gid.partition(":")
        title = next(
            (i.name for i in tables.institutions.values() if i.institution == institution),
            institution.title(),
        )
        group = _Group(
            "organisation", name=f"{title} of {tables.country_name(state)}", country=state
        )
    groups[gid] = group
    return group


def _generic_ministries(groups: dict[str, _Group]) -> None:
    """ "The Russian ministry" is the one Russian ministry the corpus names, if it names one."""
    for gid in [g for g in groups if g.endswith(":ministry")]:
        state = gid.split(":", 1)[0]
        named = [g for g in groups if g.startswith(state + ":") and g.endswith(" ministry")]
        if len(named) == 1:
            groups[named[0]].refs.extend(groups.pop(gid).refs)


def _place_group(groups: dict[str, _Group], mention: EntityMention) -> _Group:
    assert mention.place is not None
    gid = mention.place
    if gid not in groups:
        groups[gid] = _Group("place", name=_region_name(gid), country=mention.country)
    return groups[gid]


# -- persons -------------------------------------------------------------------------------


# Surname particles: "al-Ansari" alone is a surname, not first name "al".
PARTICLES = frozenset(
    {
        "al",
        "el",
        "bin",
        "ibn",
        "van",
        "von",
        "de",
        "da",
        "di",
        "del",
        "della",
        "der",
        "den",
        "du",
        "la",
        "le",
        "ter",
        "ten",
    }
)


def _name_parts(mention: EntityMention) -> tuple[str | None, str]:
    """(first name or None, surname) of a person mention's spelling key. One written word is
    a surname whole ("Ionescu-Vlad", "al-Ansari"); so is a name opening with a particle."""
    words = mention.key.split()
    if len(words) >= 2 and words[0] not in PARTICLES and " " in mention.text.strip():
        return words[0], words[-1]
    return None, " ".join(words)


def _fits_surname(last: str, tail: str, surname: str) -> bool:
    """Whether a lone surname fits a full name with surname `last` (after the first name:
    `tail`): "Lavrov" ~ "Sergei Lavrov", "Ionescu-Vlad" ~ "Adriana Ionescu Vlad",
    "al-Ansari" ~ "Majed al-Ansari"."""
    if surname == tail or _same_surname(last, surname):
        return True
    words = surname.split()
    return len(words) > 1 and words[0] in PARTICLES and words[-1] == last


def _same_surname(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < MIN_FUZZY_LENGTH:
        return False
    return fuzz.ratio(a, b) >= SURNAME_SCORE


def _same_first_name(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:  # an initial
        return a[0] == b[0]
    return min(len(a), len(b)) >= 4 and fuzz.ratio(a, b) >= FIRST_NAME_SCORE


def _cluster_persons(
    refs: list[MentionRef], mentions: dict[MentionRef, EntityMention]
) -> dict[str, _Group]:
    full: list[tuple[str, str, list[MentionRef]]] = []  # (first, last, refs)
    tails: list[str] = []  # the words after the first name, per full name
    # Candidates are looked up by the first letter of the surname key, so a corpus of
    # thousands of names is not compared all against all.
    by_initial: dict[str, list[int]] = defaultdict(list)
    exact: dict[tuple[str, str], int] = {}
    first: str | None
    single: list[MentionRef] = []
    for ref in refs:
        first, last = _name_parts(mentions[ref])
        if not last:
            continue
        if first is None:
            single.append(ref)
            continue
        found = exact.get((first, last))
        if found is None:
            for i in by_initial[last[0]]:
                if _same_first_name(full[i][0], first) and _same_surname(full[i][1], last):
                    found = i
                    break
        if found is None:
            found = len(full)
            full.append((first, last, []))
            tails.append(" ".join(mentions[ref].key.split()[1:]))
            by_initial[last[0]].append(found)
        exact[(first, last)] = found
        full[found][2].append(ref)
    groups: dict[str, _Group] = {}
    full_ids: list[str] = []
    for index, (_, _, members) in enumerate(full):
        gid = f"person#{index}"
        groups[gid] = _Group("person", refs=list(members))
        full_ids.append(gid)
    leftover: list[MentionRef] = []
    for ref in single:
        surname = _name_parts(mentions[ref])[1]
        fits = [
            i
            for i in by_initial.get(surname.split()[-1][0], ())
            if _fits_surname(full[i][1], tails[i], surname)
        ]
        if len(fits) > 1:
            # Several people share the surname: the one named in this article, if only one is.
            here = [i for i in fits if any(r[0] == ref[0] for r in full[i][2])]
            fits = here
        if len(fits) == 1:
            groups[full_ids[fits[0]]].refs.append(ref)
        else:
            leftover.append(ref)
    # Surnames with no full name anywhere: grouped among themselves.
    alone: list[tuple[str, list[MentionRef]]] = []
    ambiguous_surnames = {
        entry[1] for entry in full if sum(_same_surname(entry[1], e[1]) for e in full) > 1
    }
    for ref in leftover:
        surname = _name_parts(mentions[ref])[1]
        for lone in alone:
            if _same_surname(lone[0], surname):
                lone[1].append(ref)
                break
        else:
            alone.append((surname, [ref]))
    for index, (surname, members) in enumerate(alone):
        gid = f"person-surname#{index}"
        groups[gid] = _Group("person", refs=members)
        if surname in ambiguous_surnames:
            groups[gid].name = mentions[members[0]].text
    return groups


def _surnames_that_are_places(
    person_groups: dict[str, _Group],
    groups: dict[str, _Group],
    mentions: dict[MentionRef, EntityMention],
) -> None:
    """A lone one-word "person" nobody names in full, spelt like a place the corpus locates
    ("the Toktogul reservoir" read as a person once): the place."""
    place_keys: dict[str, str] = {}
    for gid, group in groups.items():
        if group.kind == "place":
            for ref in group.refs:
                place_keys.setdefault(mentions[ref].key, gid)
    for gid in [g for g in person_groups if g.startswith("person-surname#")]:
        refs = person_groups[gid].refs
        keys = {mentions[r].key for r in refs}
        if len(keys) == 1 and (key := next(iter(keys))) in place_keys:
            groups[place_keys[key]].refs.extend(refs)
            del person_groups[gid]


def _full_name_keys(
    groups: dict[str, _Group], mentions: dict[MentionRef, EntityMention]
) -> dict[str, str]:
    out: dict[str, str] = {}
    for gid, group in groups.items():
        keys = [mentions[r].key for r in group.refs if " " in mentions[r].key]
        if keys:
            out[gid] = Counter(keys).most_common(1)[0][0]
    return out


def _resolve_roles(
    roles: list[MentionRef],
    mentions: dict[MentionRef, EntityMention],
    person_groups: dict[str, _Group],
    groups: dict[str, _Group],
) -> None:
    """A role description joins the one person the corpus names with that role and country."""
    holders: dict[tuple[str, str], set[str]] = defaultdict(set)
    for gid, group in person_groups.items():
        countries = {mentions[r].country for r in group.refs if mentions[r].country}
        for ref in group.refs:
            role = mentions[ref].role
            if not role:
                continue
            for country in countries or {None}:
                if country:
                    holders[(country, role)].add(gid)
    for ref in roles:
        mention = mentions[ref]
        if not mention.country or not mention.role:
            continue
        found = holders.get((mention.country, mention.role), set())
        if len(found) == 1:
            groups[next(iter(found))].refs.append(ref)


# -- everything else -----------------------------------------------------------------------


def _cluster_others(
    refs: list[MentionRef], mentions: dict[MentionRef, EntityMention]
) -> dict[str, _Group]:
    # The model labels one name ORG here and PRODUCT or GPE there ("iTunes"): within a
    # corpus the same spelling is one entity, whatever the labels; a near spelling (a typo)
    # joins only a name of the same sort, place or not.
    clusters: list[tuple[str, str, list[MentionRef]]] = []  # (place or not, key, refs)
    exact: dict[str, int] = {}
    by_initial: dict[tuple[str, str], list[int]] = defaultdict(list)
    for ref in refs:
        mention = mentions[ref]
        kind = "place" if KIND_OF_LABEL.get(mention.label) == "place" else "named"
        key = mention.key
        found = exact.get(key)
        if found is None and len(key) >= MIN_FUZZY_LENGTH:
            for i in by_initial[(kind, key[0])]:
                other = clusters[i][1]
                if len(other) >= MIN_FUZZY_LENGTH and fuzz.ratio(other, key) >= NAME_SCORE:
                    found = i
                    break
        if found is None:
            found = len(clusters)
            clusters.append((kind, key, []))
            by_initial[(kind, key[:1])].append(found)
        exact[key] = found
        clusters[found][2].append(ref)
    groups: dict[str, _Group] = {}
    for index, (_kind, _key, members) in enumerate(clusters):
        labels = Counter(KIND_OF_LABEL.get(mentions[r].label, "other") for r in members)
        groups[f"other#{index}"] = _Group(labels.most_common(1)[0][0], refs=members)
    return groups


# -- output --------------------------------------------------------------------------------


_QUOTES = str.maketrans("", "", '"“”„«»')


def _slug(text: str) -> str:
    return surface_key(text).replace(" ", "-") or "x"


def _surface(text: str) -> str:
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return " ".join(text.translate(_QUOTES).split()).strip("[]()")


def _build(
    articles: Sequence[Article],
    groups: dict[str, _Group],
    mentions: dict[MentionRef, EntityMention],
) -> EntityIndex:
    index = EntityIndex()
    used_ids: set[str] = set()
    tables = load_tables()
    for gid, group in groups.items():
        if not group.refs:
            continue
        members = [mentions[r] for r in group.refs]
        names = [m for m in members if m.label != "ROLE"]
        if not names:
            continue
        forms = Counter(_surface(m.text) for m in members)
        name_forms = Counter(_surface(m.text) for m in names)
        if group.kind == "person":
            longest = max(len(f.split()) for f in name_forms)
            name = group.name or max(
                (f for f in name_forms if len(f.split()) == longest),
                key=lambda f: (name_forms[f], f),
            )
            entity_id = f"person:{_slug(name)}"
        elif group.name:
            name = group.name
            entity_id = gid.replace(" ", "-") if ":" in gid or gid.isupper() else gid
        else:
            # Commonest form; a dateline's "MOSCOW" only when nothing else is there.
            name = max(name_forms, key=lambda f: (not f.isupper(), name_forms[f], len(f), f))
            scheme = gid.split(":", 1)[0]
            entity_id = gid if scheme in PLACE_SCHEMES else f"{group.kind}:{_slug(name)}"
        if entity_id in used_ids:
            n = 2
            while f"{entity_id}-{n}" in used_ids:
                n += 1
            entity_id = f"{entity_id}-{n}"
        used_ids.add(entity_id)
        countries = Counter(m.country for m in members if m.country)
        roles = Counter(m.role for m in members if m.role and m.role != "counterpart")
        if name.isupper() and len(name) > 4 and group.kind != "organisation":
            name = name.title()  # only datelines named it: "YEREVAN —"
        # A coordinated description ("his Greek and Turkish counterparts") is no alias.
        aliases = _aliases(forms, name)
        place = gazetteer().lookup(name) if group.kind == "place" and not members[0].place else None
        located = next((m for m in members if m.place and m.lat is not None), None)
        state = tables.countries.get(gid) if group.kind == "country" else None
        if state is not None and state.lat is not None:
            index.locations[entity_id] = Location(
                name=name, country=state.iso3, lat=state.lat, lon=state.lon
            )
        elif located is not None and group.kind in ("place", "country"):
            canonical = _region_name(located.place or "")
            if canonical and canonical != name and canonical not in aliases:
                aliases.append(canonical)
            index.locations[entity_id] = Location(
                name=name, country=located.country, lat=located.lat, lon=located.lon
            )
        elif place is not None:
            index.locations[entity_id] = Location(
                name=name, country=place.country, lat=place.lat, lon=place.lon
            )
        index.entities.append(
            Entity(
                id=entity_id,
                name=name,
                kind=group.kind,
                aliases=aliases,
                country=group.country or (countries.most_common(1)[0][0] if countries else None),
                # The commonest role; among equals the most specific ("foreign ministry
                # spokesperson" over "ministry spokesperson").
                role=max(roles, key=lambda r: (roles[r], len(r))) if roles else None,
                mention_count=len(members),
            )
        )
        for a, m in group.refs:
            index.entity_of[(articles[a].id, m)] = entity_id
    index.entities.sort(key=lambda e: (-e.mention_count, e.name))
    return index


def _aliases(forms: Counter[str], name: str) -> list[str]:
    """Distinct spellings other than the name, one per case variant (the commonest): "the
    Kremlin" and "The Kremlin" are one alias. A coordinated description ("his Greek and
    Turkish counterparts") is no alias."""
    by_case: dict[str, str] = {}
    for form, _count in forms.most_common():
        if form and " and " not in form:
            by_case.setdefault(form.casefold(), form)
    by_case.pop(name.casefold(), None)
    return sorted(by_case.values())


def _region_name(place_id: str) -> str | None:
    kind, _, ref = place_id.partition(":")
    region = load_tables().regions.get(ref) if kind == "region" else None
    return region.name if region else None
