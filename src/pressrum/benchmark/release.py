"""One generated release: body text with exact quotation offsets, and its named graph as N-Quads."""

from __future__ import annotations

import random
from datetime import date

from pressrum.benchmark import pools, texts
from pressrum.benchmark.nquads import PROV, RDF_TYPE, SCHEMA, XSD, iri, lit
from pressrum.namespaces import PROG, Minter, slugify

OA = "http://www.w3.org/ns/oa#"
PROG_NS = str(PROG)
TRUE = lit("true", datatype=XSD + "boolean")


def s(name: str) -> str:
    return iri(SCHEMA + name)


def p(name: str) -> str:
    return iri(PROG_NS + name)


class ReleaseBuilder:
    """Build the triples of one release; `build()` returns its N-Quads lines."""

    def __init__(self, minter: Minter, rng: random.Random, slug: str, day: date, headline: str,
                 muni: pools.Municipality, programme: pools.Programme | None) -> None:
        self.minter, self.rng, self.slug, self.day = minter, rng, slug, day
        self.headline, self.muni, self.programme = headline, muni, programme
        self.release = self.id("release", slug)
        self.graph = iri(minter.graph("release", slug))
        self.triples: dict[tuple[str, str, str], None] = {}  # an ordered set
        self.date = lit(day.isoformat(), datatype=XSD + "date")

    def id(self, kind: str, slug: str) -> str:
        return iri(self.minter.id(kind, slug))

    def add(self, subject: str, predicate: str, obj: str) -> None:
        self.triples[(subject, predicate, obj)] = None

    # ---- entities (labels and types repeated in every release graph that links to them) ----

    def municipality(self, muni: pools.Municipality) -> str:
        node = self.id("organisation", muni.slug)
        for cls in (p("Municipality"), s("GovernmentOrganization"), s("AdministrativeArea")):
            self.add(node, RDF_TYPE, cls)
        self.add(node, s("name"), lit(muni.name, "sv"))
        self.add(node, s("name"), lit(muni.name_en, "en"))
        return node

    def board(self, muni: pools.Municipality) -> str:
        node = self.id("organisation", f"kommunstyrelsen-{muni.slug}")
        self.add(node, RDF_TYPE, s("GovernmentOrganization"))
        self.add(node, s("name"), lit(f"Kommunstyrelsen i {muni.name}", "sv"))
        self.add(node, s("parentOrganization"), self.municipality(muni))
        return node

    def organisation(self, sv: str, en: str | None = None) -> str:
        node = self.id("organisation", slugify(sv))
        self.add(node, RDF_TYPE, s("Organization"))
        self.add(node, s("name"), lit(sv, "sv"))
        if en:
            self.add(node, s("name"), lit(en, "en"))
        return node

    def regional_office(self, region: int) -> str:
        sv, en, _ = pools.REGIONS[region]
        node = self.organisation(f"Svenskt Näringsliv {sv}")
        place = self.id("place", slugify(sv))
        self.add(place, RDF_TYPE, s("AdministrativeArea"))
        self.add(place, s("name"), lit(sv, "sv"))
        self.add(place, s("name"), lit(en, "en"))
        self.add(node, s("areaServed"), place)
        self.add(node, s("parentOrganization"), self.organisation(*pools.ORGANISERS[0]))
        return node

    def person(self, who: pools.Person) -> str:
        """Add a person, their party and their role on the publication date (modelling §5)."""
        node = self.id("person", who.slug)
        self.add(node, RDF_TYPE, s("Person"))
        self.add(node, s("name"), lit(who.name))
        self.add(node, s("givenName"), lit(who.given))
        self.add(node, s("familyName"), lit(who.family))
        if who.party is not None:
            sv, en, abbr = pools.PARTIES[who.party]
            party = self.id("organisation", slugify(sv))
            self.add(party, RDF_TYPE, s("PoliticalParty"))
            self.add(party, s("name"), lit(sv, "sv"))
            self.add(party, s("name"), lit(en, "en"))
            self.add(party, s("alternateName"), lit(abbr))
            self.add(node, s("affiliation"), party)
        role_name, role_class, _ = pools.ROLES.get(who.role, ("regionchef", "EmployeeRole", False))
        if who.municipality < 0:
            org = self.regional_office(who.region)
        else:
            muni = pools.municipalities()[who.municipality]
            org = self.board(muni) if role_class == "OrganizationRole" else self.municipality(muni)
        link = s("memberOf") if role_class == "OrganizationRole" else s("worksFor")
        org_slug = org[1:-1].rsplit("/", 1)[1]
        role = self.id("role", f"{who.slug}-{who.role}-{org_slug}-{self.day.isoformat()}")
        self.add(role, RDF_TYPE, s(role_class))
        self.add(role, s("roleName"), lit(role_name, "sv"))
        self.add(role, p("roleType"), self.id("concept/roller", who.role))
        self.add(role, link, org)
        self.add(role, p("heldOn"), self.date)
        self.add(node, link, role)
        return node

    # ---- the text and its quotations ----

    def attribution(self, who: pools.Person) -> str:
        role_name = pools.ROLES.get(who.role, ("regionchef",))[0]
        if who.municipality < 0:
            return f", säger {who.name}, regionchef Svenskt Näringsliv {pools.REGIONS[who.region][0]}."
        if who.party is not None:
            return f", säger {who.name} ({pools.PARTIES[who.party][2]}), {role_name}."
        return f", säger {who.name}, {role_name} i {pools.municipalities()[who.municipality].name}."

    def quote_text(self, topic: str) -> str:
        first, second = self.rng.sample(texts.QUOTES, 2)
        sentences = [first] if self.rng.random() < 0.5 else [first, second]
        return ". ".join(x.format(topic=topic, stem=self.muni.stem) for x in sentences)

    def speakers(self) -> list[pools.Person]:
        staff, directors = pools.people()
        mine = staff[self.muni.index]
        if self.programme is not None:
            chosen = [mine[0], directors[self.muni.region]]
            return chosen + ([mine[3]] if self.rng.random() < 0.3 else [])
        return self.rng.sample(mine, self.rng.choice((2, 2, 3, 3, 4)))

    def build(self) -> list[str]:
        """Return the N-Quads of the release graph."""
        rng, muni, rel = self.rng, self.muni, self.release
        topic = rng.choice(texts.TOPICS)
        if self.programme is not None:
            body = texts.PROGRAMME_INTRO.format(kommun=muni.name, programme=self.programme.name,
                                                n=self.programme.participants)
        else:
            body = rng.choice(texts.INTROS).format(kommun=muni.name, topic=topic)
        body += " " + " ".join(rng.sample(texts.FILLERS, 2))
        for n, who in enumerate(self.speakers(), start=1):
            if n > 1 and rng.random() < 0.5:
                body += "\n\n" + rng.choice(texts.FILLERS)
            quote = self.quote_text(topic)
            start = len(body) + len("\n\n- ")
            body += "\n\n- " + quote + self.attribution(who)
            self.quotation(n, quote, start, body, self.person(who))
        if self.programme is not None:
            body += "\n\n" + self.programme_facts()
        self.add(rel, RDF_TYPE, s("NewsArticle"))
        self.add(rel, s("headline"), lit(self.headline, "sv"))
        self.add(rel, s("datePublished"), self.date)
        self.add(rel, s("inLanguage"), lit("sv"))
        self.add(rel, s("genre"), lit("pressmeddelande", "sv"))
        self.add(rel, s("publisher"), self.municipality(muni))
        self.add(rel, s("about"), self.municipality(muni))
        self.add(rel, s("articleBody"), lit(body, "sv"))
        return self.finish()

    def quotation(self, n: int, text: str, start: int, body: str, author: str) -> None:
        """Add quotation n and its annotation with code-point offsets into the body (modelling §4)."""
        rel, end = self.release, start + len(text)
        q = self.id("quotation", f"{self.slug}-{n}")
        ann_iri = self.minter.id("annotation", f"{self.slug}-q{n}")
        ann, target, pos, quote = (iri(f"{ann_iri}{h}") for h in ("", "#target", "#pos", "#quote"))
        self.add(rel, s("hasPart"), q)
        for pred, obj in ((RDF_TYPE, s("Quotation")), (s("text"), lit(text, "sv")), (s("inLanguage"), lit("sv")),
                          (s("author"), author), (s("isPartOf"), rel), (iri(PROV + "wasAttributedTo"), author),
                          (iri(PROV + "wasQuotedFrom"), rel)):
            self.add(q, pred, obj)
        self.add(ann, RDF_TYPE, iri(OA + "Annotation"))
        self.add(ann, iri(OA + "motivatedBy"), iri(OA + "identifying"))
        self.add(ann, iri(OA + "hasBody"), q)
        self.add(ann, iri(OA + "hasTarget"), target)
        self.add(target, RDF_TYPE, iri(OA + "SpecificResource"))
        self.add(target, iri(OA + "hasSource"), rel)
        self.add(target, iri(OA + "hasSelector"), pos)
        self.add(target, iri(OA + "hasSelector"), quote)
        self.add(pos, RDF_TYPE, iri(OA + "TextPositionSelector"))
        self.add(pos, iri(OA + "start"), lit(str(start), datatype=XSD + "integer"))
        self.add(pos, iri(OA + "end"), lit(str(end), datatype=XSD + "integer"))
        self.add(quote, RDF_TYPE, iri(OA + "TextQuoteSelector"))
        self.add(quote, iri(OA + "exact"), lit(text))
        self.add(quote, iri(OA + "prefix"), lit(body[max(0, start - 32):start]))
        self.add(quote, iri(OA + "suffix"), lit(body[end:end + 32]))

    def programme_facts(self) -> str:
        """Add the programme, its meetings, the participation and a mentorship; return their paragraph."""
        prog, muni, rel = self.programme, self.muni, self.release
        node = self.id("programme", prog.slug)
        kso = pools.people()[0][muni.index][0]
        self.add(rel, s("about"), node)
        for cls in (p("DevelopmentProgramme"), s("EventSeries")):
            self.add(node, RDF_TYPE, cls)
        self.add(node, s("name"), lit(prog.name, "sv"))
        self.add(node, s("name"), lit(prog.name_en, "en"))
        self.add(node, s("organizer"), self.organisation(*pools.ORGANISERS[prog.organiser]))
        audience = self.id("audience", f"{prog.slug}-1")
        self.add(audience, RDF_TYPE, s("Audience"))
        self.add(audience, s("audienceType"), lit("kommunala tjänstemän och politiker", "sv"))
        self.add(node, s("audience"), audience)
        self.add(node, s("startDate"), lit(str(prog.year), datatype=XSD + "gYear"))
        self.add(node, p("numberOfParticipants"), lit(str(prog.participants), datatype=XSD + "integer"))
        self.add(node, p("numberOfTrainingMeetings"), lit("4", datatype=XSD + "integer"))
        self.add(node, p("contentTailoredToParticipants"), TRUE)
        self.add(node, p("participant"), self.municipality(muni))
        for area in prog.areas:
            self.add(node, p("priorityArea"), self.id("concept/prioriterade-forbattringsomraden", area))
        for n in range(1, 5):
            meeting = self.id("event", f"{prog.slug}-traff-{n}")
            self.add(meeting, RDF_TYPE, p("TrainingMeeting"))
            self.add(meeting, RDF_TYPE, s("EducationEvent"))
            self.add(meeting, s("name"), lit(f"Utbildningsträff {n}", "sv"))
            self.add(meeting, s("superEvent"), node)
            self.add(node, s("subEvent"), meeting)
        part = self.id("participation", f"{prog.slug}-{muni.slug}")
        for pred, obj in ((RDF_TYPE, p("Participation")), (RDF_TYPE, s("Intangible")),
                          (p("participatingOrganisation"), self.municipality(muni)), (p("programme"), node),
                          (p("selected"), TRUE), (p("invited"), TRUE)):
            self.add(part, pred, obj)
        areas = ", ".join(texts.AREA_WORDS[a] for a in prog.areas)
        if self.rng.random() < 0.5:
            return texts.PROGRAMME_AREAS.format(areas=areas)
        # The mentor is fixed per (programme, municipality), so a mentorship IRI always has one mentor.
        munis = pools.municipalities()
        other = munis[(muni.index + 1 + random.Random(f"{prog.slug}/{muni.slug}").randrange(len(munis) - 1))
                      % len(munis)]
        mentor = pools.people()[0][other.index][0]
        ship = self.id("mentorship", f"{prog.slug}-{kso.slug}")
        for pred, obj in ((RDF_TYPE, p("Mentorship")), (RDF_TYPE, s("Intangible")),
                          (p("mentor"), self.person(mentor)), (p("mentee"), self.person(kso)),
                          (p("programme"), node), (p("selfDirected"), TRUE)):
            self.add(ship, pred, obj)
        return (texts.PROGRAMME_AREAS.format(areas=areas) + " "
                + texts.MENTOR.format(mentee=kso.name, mentor=mentor.name, other=other.name))

    def finish(self) -> list[str]:
        """Add the graph's provenance (dataset.describe_graph, add_provenance) and return N-Quads lines."""
        rel, g = self.release, self.graph
        used = {o for (_, _, o) in self.triples if "/id/concept/" in o}
        for scheme in {c.split("/id/concept/", 1)[1].split("/", 1)[0] for c in used}:
            self.add(self.id("scheme", scheme), iri(PROV + "wasDerivedFrom"), rel)
        id_space = "<" + self.minter.id_space
        minted = {t for (subj, _, obj) in self.triples for t in (subj, obj) if t.startswith(id_space)}
        minted.discard(rel)
        for node in sorted(minted):
            self.add(node, iri(PROV + "wasDerivedFrom"), rel)
        stamp = lit(f"{self.day.isoformat()}T12:00:00+00:00", datatype=XSD + "dateTime")
        activity = iri(f"{g[1:-1]}#extraction")
        for pred, obj in ((RDF_TYPE, iri(PROV + "Entity")), (RDF_TYPE, iri(PROV + "Bundle")),
                          (iri(PROV + "wasDerivedFrom"), rel), (iri(PROV + "wasGeneratedBy"), activity),
                          (iri(PROV + "generatedAtTime"), stamp)):
            self.add(g, pred, obj)
        self.add(activity, RDF_TYPE, iri(PROV + "Activity"))
        self.add(activity, iri(PROV + "used"), rel)
        self.add(activity, iri(PROV + "startedAtTime"), stamp)
        return [f"{a} {b} {c} {g} ." for (a, b, c) in self.triples]
