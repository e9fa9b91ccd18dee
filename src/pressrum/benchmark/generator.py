"""Generate a deterministic national corpus as N-Quads, in pressrum's own model (modelling.md §2–§9).

Release i is drawn from `random.Random(i)` and the fixed pools of pressrum.benchmark.pools, so the
first N releases are the same at every N. Each release is one named graph {base}graph/release/{slug}
with the provenance the build writes (dataset.describe_graph, dataset.add_provenance); labels and
types of what a release links to are repeated in every release graph, as in real data.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import IO

from rdflib import Graph

from pressrum.benchmark import pools, texts
from pressrum.benchmark.nquads import PROV, RDF_TYPE, SCHEMA, iri, lit, term
from pressrum.benchmark.release import ReleaseBuilder
from pressrum.namespaces import Minter, slugify


class Corpus:
    """The generator: releases in order (slug collisions get -2, -3 as in modelling §9)."""

    def __init__(self, base: str) -> None:
        self.minter = Minter(base)
        self.used_slugs: set[str] = set()

    def release_slug(self, day: date, headline: str) -> str:
        """Mint a release slug `{yyyy-mm-dd}-{headline-slug}`, unique within the corpus."""
        slug = f"{day.isoformat()}-{slugify(headline)}"
        candidate, n = slug, 1
        while candidate in self.used_slugs:
            n += 1
            candidate = f"{slug}-{n}"
        self.used_slugs.add(candidate)
        return candidate

    def release(self, i: int) -> list[str]:
        """Return the N-Quads lines of release i (its own named graph)."""
        rng = random.Random(i)
        munis = pools.municipalities()
        muni = munis[int(len(munis) * rng.random() ** 2.5)]  # skewed: a few municipalities publish a lot
        if rng.random() < 0.15:
            programme = pools.programmes()[rng.randrange(len(pools.programmes()))]
            day = date(programme.year, 1, 15) + timedelta(days=rng.randrange(300))
            headline = f"{muni.stem} deltar i {programme.name}"
        else:
            programme = None
            day = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
            topic = rng.choice(texts.TOPICS)
            headline = rng.choice(texts.HEADLINES).format(stem=muni.stem, kommun=muni.name, topic=topic)
        slug = self.release_slug(day, headline)
        builder = ReleaseBuilder(self.minter, rng, slug, day, headline, muni, programme)
        return builder.build()

    def enrichment(self) -> list[str]:
        """Return the SCB enrichment graph: kommunkod and län of every municipality, the län themselves."""
        m = self.minter
        g = iri(m.graph("enrichment", "scb"))
        scb = iri("https://www.scb.se/")
        derived = iri(PROV + "wasDerivedFrom")
        lines = [f"{g} {RDF_TYPE} {iri(PROV + 'Entity')} {g} .",
                 f"{g} {derived} {scb} {g} .",
                 f"{g} <http://purl.org/dc/terms/title> {lit('Kommunkoder från SCB', 'sv')} {g} .",
                 f"{scb} {RDF_TYPE} {iri(PROV + 'Entity')} {g} ."]
        for sv, en, _code in pools.REGIONS:
            region = iri(m.id("place", slugify(sv)))
            lines += [f"{region} {RDF_TYPE} {iri(SCHEMA + 'AdministrativeArea')} {g} .",
                      f"{region} {iri(SCHEMA + 'name')} {lit(sv, 'sv')} {g} .",
                      f"{region} {iri(SCHEMA + 'name')} {lit(en, 'en')} {g} .",
                      f"{region} {derived} {scb} {g} ."]
        for muni in pools.municipalities():
            node = iri(m.id("organisation", muni.slug))
            code = f"_:kommunkod{muni.code}"
            region = iri(m.id("place", slugify(pools.REGIONS[muni.region][0])))
            lines += [f"{node} {iri(SCHEMA + 'containedInPlace')} {region} {g} .",
                      f"{node} {iri(SCHEMA + 'identifier')} {code} {g} .",
                      f"{code} {RDF_TYPE} {iri(SCHEMA + 'PropertyValue')} {g} .",
                      f"{code} {iri(SCHEMA + 'propertyID')} {lit('kommunkod')} {g} .",
                      f"{code} {iri(SCHEMA + 'value')} {lit(muni.code)} {g} ."]
        return lines

    def ontology(self, ontology_dir: Path) -> list[str]:
        """Return ontology/*.ttl as the named graphs the build makes of them ({base}graph/ontology/{stem})."""
        lines = []
        for path in sorted(ontology_dir.glob("*.ttl")):
            graph = Graph().parse(path, format="turtle", publicID=self.minter.base)
            g = iri(self.minter.graph("ontology", path.stem))
            lines += sorted(f"{term(s)} {term(p)} {term(o)} {g} ." for s, p, o in graph)
        return lines


def generate(releases: int, out: IO[bytes], base: str, ontology_dir: Path,
             progress: IO[str] | None = None) -> dict[str, float]:
    """Write the corpus of `releases` releases (+ enrichment + ontology) as N-Quads; return counts."""
    started = time.perf_counter()
    corpus = Corpus(base)
    quads = 0

    def write(lines: list[str]) -> None:
        nonlocal quads
        out.write(("\n".join(lines) + "\n").encode("utf-8"))
        quads += len(lines)

    write(corpus.ontology(ontology_dir))
    write(corpus.enrichment())
    step = max(1, releases // 100)
    for i in range(releases):
        write(corpus.release(i))
        if progress is not None and (i + 1) % step == 0:
            progress.write(f"\rgenerating: {i + 1}/{releases} releases, {quads} quads")
            progress.flush()
    if progress is not None:
        progress.write("\r\033[K")
    return {"releases": releases, "quads": quads, "graphs": releases + 3, "seconds": time.perf_counter() - started}


def iter_releases(releases: int, base: str) -> Iterator[list[str]]:
    """Yield the N-Quads lines of each release in order (for tests)."""
    corpus = Corpus(base)
    for i in range(releases):
        yield corpus.release(i)


def terminal_progress() -> IO[str] | None:
    """Return stderr when it is a terminal, else None (progress only for people)."""
    return sys.stderr if sys.stderr.isatty() else None
