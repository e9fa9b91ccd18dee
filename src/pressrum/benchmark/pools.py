"""The fixed world the corpus is drawn from: 21 län, ~300 municipalities, their staff, parties, programmes.

Every pool is built from its own fixed seed, independently of how many releases are generated, so
release i means the same thing at every N. Names are synthetic but Swedish (å, ä, ö).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

from pressrum.namespaces import slugify

# (slug-source sv name, en name, county code): the 21 län; names as in data/enrichment/scb.ttl.
REGIONS = (
    ("Stockholm", "Stockholm County", "01"), ("Uppsala", "Uppsala County", "03"),
    ("Södermanland", "Södermanland County", "04"), ("Östergötland", "Östergötland County", "05"),
    ("Jönköping", "Jönköping County", "06"), ("Kronoberg", "Kronoberg County", "07"),
    ("Kalmar", "Kalmar County", "08"), ("Gotland", "Gotland County", "09"),
    ("Blekinge", "Blekinge County", "10"), ("Skåne", "Skåne County", "12"),
    ("Halland", "Halland County", "13"), ("Västra Götaland", "Västra Götaland County", "14"),
    ("Värmland", "Värmland County", "17"), ("Örebro", "Örebro County", "18"),
    ("Västmanland", "Västmanland County", "19"), ("Dalarna", "Dalarna County", "20"),
    ("Gävleborg", "Gävleborg County", "21"), ("Västernorrland", "Västernorrland County", "22"),
    ("Jämtland", "Jämtland County", "23"), ("Västerbotten", "Västerbotten County", "24"),
    ("Norrbotten", "Norrbotten County", "25"),
)

# (sv name, en name, abbreviation)
PARTIES = (
    ("Socialdemokraterna", "Social Democrats", "S"), ("Moderaterna", "Moderate Party", "M"),
    ("Centerpartiet", "Centre Party", "C"), ("Liberalerna", "Liberals", "L"),
    ("Kristdemokraterna", "Christian Democrats", "KD"), ("Vänsterpartiet", "Left Party", "V"),
    ("Miljöpartiet", "Green Party", "MP"), ("Sverigedemokraterna", "Sweden Democrats", "SD"),
)

_STEMS = ("Å", "Ö", "Ä", "Väst", "Sör", "Norr", "Öst", "Häs", "Lin", "Bjö", "Mål", "Kär", "Sjö", "Ny",
          "Gräs", "Hög", "Lå", "Fär", "Mö", "Tö", "Ljus", "Strö", "Grä", "Rätt", "Berg", "Ham", "Ös")
_ENDS = ("sala", "köping", "ås", "by", "vik", "hamn", "ryd", "fors", "löv", "näs", "holm", "torp",
         "mark", "dal", "berga", "sjö", "hult", "stad", "rum", "å")

GIVEN = ("Åsa", "Örjan", "Anna", "Björn", "Märta", "Göran", "Karin", "Håkan", "Lena", "Jörgen",
         "Maria", "Sören", "Eva", "Mårten", "Ingrid", "Pär", "Sara", "Stig", "Ulla", "Jöns", "Kerstin",
         "Anders", "Helén", "Tomas", "Linnéa", "Per", "Sofia", "Olof", "Malin", "Nils", "Ebba", "Gösta",
         "Ylva", "Ragnar", "Agneta", "Lars", "Åke", "Britt", "Erik", "Solveig", "Johan", "Emma",
         "Kjell", "Frida", "Bengt", "Greta", "Mats", "Astrid", "Leif")
FAMILY = ("Öberg", "Åström", "Lindqvist", "Bäckström", "Sjögren", "Nyström", "Ekström", "Söderberg",
          "Löfgren", "Hägglund", "Qvist", "Abenius", "Falk", "Holmén", "Ström", "Wållberg", "Lövgren",
          "Dahl", "Björk", "Forsén", "Granqvist", "Hedlund", "Isaksson", "Järvholm", "Karlsson", "Lund",
          "Mörk", "Norén", "Olsson", "Påhlsson", "Rydén", "Sandström", "Törnqvist", "Ulvhäll", "Vik",
          "Wästlund", "Ågren", "Östlund", "Bergström", "Cederlöf", "Edström", "Frisk", "Gran", "Hällström",
          "Jäderberg", "Kvist", "Lindén", "Malmström", "Nordlöf", "Rosén", "Sjöberg", "Tjäder", "Öhman",
          "Åkesson", "Ljungqvist", "Persson", "Strömgren", "Sundén", "Ängqvist", "Blomqvist")

# role concept slug (ontology/schemes.ttl) → (verbatim roleName, Role class, party politician?)
ROLES = {
    "kommunstyrelseordforande": ("kommunstyrelsens ordförande", "OrganizationRole", True),
    "oppositionsrad": ("oppositionsråd", "OrganizationRole", True),
    "kommunalrad": ("kommunalråd", "OrganizationRole", True),
    "kommundirektor": ("kommundirektör", "EmployeeRole", False),
    "naringslivschef": ("näringslivschef", "EmployeeRole", False),
    "forvaltningschef": ("förvaltningschef", "EmployeeRole", False),
    "kommunikator": ("kommunikatör", "EmployeeRole", False),
    "rektor": ("rektor", "EmployeeRole", False),
}
STAFF = ("kommunstyrelseordforande", "oppositionsrad", "kommundirektor", "naringslivschef", "kommunikator")
PRIORITY_AREAS = ("ledarskap", "kommunikation", "myndighetsutovning")

ORGANISERS = (("Svenskt Näringsliv", "Confederation of Swedish Enterprise"),
              ("Tillväxtverket", "Swedish Agency for Economic and Regional Growth"),
              ("Sveriges Kommuner och Regioner", "Swedish Association of Local Authorities and Regions"))
PROGRAMME_TOPICS = (("utvecklingsprogram", "development programme"),
                    ("ledarskapsprogram", "leadership programme"),
                    ("program för företagsklimat", "business climate programme"),
                    ("program för hållbar tillväxt", "sustainable growth programme"))


@dataclass(frozen=True)
class Person:
    slug: str
    given: str
    family: str
    role: str          # concept slug in the roller scheme
    municipality: int  # index into municipalities(), or -1 for a regional director
    region: int
    party: int | None  # index into PARTIES for politicians

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}"


@dataclass(frozen=True)
class Municipality:
    index: int
    stem: str
    region: int
    code: str

    @property
    def name(self) -> str:
        return f"{self.stem} kommun" if self.stem.endswith(("s", "x", "z")) else f"{self.stem}s kommun"

    @property
    def name_en(self) -> str:
        return f"{self.stem} Municipality"

    @property
    def slug(self) -> str:
        return slugify(self.name)


@dataclass(frozen=True)
class Programme:
    index: int
    organiser: int
    topic: int
    year: int
    participants: int
    areas: tuple[str, ...]

    @property
    def name(self) -> str:
        org = ORGANISERS[self.organiser][0]
        return f"{org}{'' if org.endswith('s') else 's'} {PROGRAMME_TOPICS[self.topic][0]} {self.year}"

    @property
    def name_en(self) -> str:
        return f"{ORGANISERS[self.organiser][1]} {PROGRAMME_TOPICS[self.topic][1]} {self.year}"

    @property
    def slug(self) -> str:
        return slugify(self.name)


@lru_cache(maxsize=1)
def municipalities() -> tuple[Municipality, ...]:
    """Return the 300 municipalities: unique names, spread over the 21 län."""
    rng = random.Random("pressrum-bench-municipalities")
    seen: set[str] = set()
    result: list[Municipality] = []
    while len(result) < 300:
        stem = rng.choice(_STEMS) + rng.choice(_ENDS)
        stem = stem[0] + stem[1:].lower()
        region = len(result) % len(REGIONS)
        code = f"{REGIONS[region][2]}{len(result) // len(REGIONS) + 10:02d}"
        candidate = Municipality(len(result), stem, region, code)
        if candidate.slug in seen:  # "Ströå" and "Ströås" both make "Ströås kommun"
            continue
        seen.add(candidate.slug)
        result.append(candidate)
    return tuple(result)


@lru_cache(maxsize=1)
def people() -> tuple[tuple[tuple[Person, ...], ...], tuple[Person, ...]]:
    """Return each municipality's staff (one per STAFF role) and one regional director per län."""
    rng = random.Random("pressrum-bench-people")
    used: set[str] = set()

    def draw(role: str, municipality: int, region: int, party: int | None) -> Person:
        while True:
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            slug = slugify(f"{given} {family}")
            if slug not in used:
                used.add(slug)
                return Person(slug, given, family, role, municipality, region, party)

    staff = []
    for m in municipalities():
        ruling = rng.randrange(len(PARTIES))
        opposition = (ruling + 1 + rng.randrange(len(PARTIES) - 1)) % len(PARTIES)
        parties = {"kommunstyrelseordforande": ruling, "oppositionsrad": opposition}
        staff.append(tuple(draw(r, m.index, m.region, parties.get(r)) for r in STAFF))
    directors = tuple(draw("regionchef", -1, r, None) for r in range(len(REGIONS)))
    return tuple(staff), directors


@lru_cache(maxsize=1)
def programmes() -> tuple[Programme, ...]:
    """Return 40 development programmes run by a few organisers from 2015 to 2024."""
    rng = random.Random("pressrum-bench-programmes")
    result, seen = [], set()
    while len(result) < 40:
        p = Programme(len(result), rng.randrange(len(ORGANISERS)), rng.randrange(len(PROGRAMME_TOPICS)),
                      2015 + rng.randrange(10), 8 + rng.randrange(20),
                      tuple(sorted(rng.sample(PRIORITY_AREAS, 1 + rng.randrange(3)))))
        if p.slug not in seen:
            seen.add(p.slug)
            result.append(p)
    return tuple(result)
