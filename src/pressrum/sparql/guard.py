"""Checks on a SPARQL query before any parser sees it: length, nesting, updates, SERVICE.

pyoxigraph 0.5.13's recursive parser overflows the stack (and kills the whole process) on a few
thousand nested braces or prefix operators (`!!!…`, `---…`), so depth is measured here, on a small
lexer that skips strings, IRIs and comments. pyoxigraph also executes `SERVICE <url>` by fetching
the URL: an open endpoint would become a proxy into the network it runs in, so SERVICE is refused
unless its endpoint is in the `service_allowlist` setting.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin

from pressrum.http_errors import HttpError

# SPARQL 1.1 Update operations (SPARQL 1.1 Update §3); none of them can start a query.
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH", "USING"})
OPENERS, CLOSERS = "{([", "})]"
# Prefix operators the parser descends into recursively: unary ! - + and the inverse path ^.
PREFIX_OPERATORS = "!-+^"

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<pname>(?:[^\W\d][\w.\-]*)?:(?:[\w\-:%.\\]*[\w\-:%])?)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<word>[^\W\d]\w*)
  | (?P<number>\d[\w.]*|\.\d\w*)
  | (?P<unclosed>["'<])
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    """One lexical token of a query: its kind, text and character offset."""

    kind: str
    text: str
    offset: int


def tokens(query: str) -> Iterator[Token]:
    """Yield the tokens of a query, skipping whitespace and comments."""
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup or "punct"
        if kind in ("space", "comment"):
            continue
        yield Token(kind, match.group(), match.start())


def _symbols(query: str) -> Iterator[str]:
    """Yield the punctuation the parser may descend into, one character each.

    An IRI token is looked into as well: in an expression `<` is also the less-than operator, so
    `?x<((((…1))))>0` is one IRI to this lexer but thousands of nested parentheses to the parser
    (it overflowed the stack through this guard). Counting inside IRIs costs nothing real: an IRI
    that nests 64 brackets deep does not occur in data.
    """
    for token in tokens(query):
        if token.kind == "punct":
            yield token.text
        elif token.kind == "iri":
            yield "<"
            yield from token.text[1:-1]
            yield ">"
        else:
            yield ""


def nesting_depth(query: str) -> int:
    """Return the deepest nesting of brackets, or the longest run of prefix operators."""
    depth = deepest = run = 0
    for symbol in _symbols(query):
        if symbol in OPENERS and symbol:
            depth += 1
            deepest = max(deepest, depth)
        elif symbol in CLOSERS and symbol:
            depth = max(depth - 1, 0)
        if symbol in PREFIX_OPERATORS and symbol:
            run += 1
            deepest = max(deepest, run)
        else:
            run = 0
    return deepest


def _location(query: str, offset: int) -> str:
    line = query.count("\n", 0, offset) + 1
    column = offset - (query.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def update_keyword(query: str) -> Token | None:
    """Return the first SPARQL Update keyword the query uses, if any."""
    for token in tokens(query):
        if token.kind == "word" and token.text.upper() in UPDATE_KEYWORDS:
            return token
    return None


def service_endpoints(query: str) -> Iterator[tuple[str | None, Token]]:
    """Yield the endpoint IRI of each SERVICE clause (None for a variable), resolved by PREFIX/BASE."""
    prefixes: dict[str, str] = {}
    base = ""
    stream = list(tokens(query))
    for index, token in enumerate(stream):
        word = token.text.upper() if token.kind == "word" else ""
        following = stream[index + 1:index + 3]
        if word == "PREFIX" and len(following) == 2 and following[1].kind == "iri":
            prefixes[following[0].text.rstrip(":")] = urljoin(base, following[1].text[1:-1])
        elif word == "BASE" and following and following[0].kind == "iri":
            base = urljoin(base, following[0].text[1:-1])
        elif word == "SERVICE":
            target = following[0] if following else None
            if target is not None and target.kind == "word" and target.text.upper() == "SILENT":
                target = following[1] if len(following) > 1 else None
            if target is None or target.kind == "var":
                yield None, token
            elif target.kind == "iri":
                yield urljoin(base, target.text[1:-1]), token
            elif target.kind == "pname":
                prefix, _, local = target.text.partition(":")
                yield (prefixes[prefix] + local if prefix in prefixes else None), token
            else:
                yield None, token


def check_query(query: str, settings: dict) -> None:
    """Raise HttpError (413 or 400) unless the query is short, shallow, read-only and SERVICE-safe."""
    limit = settings["max_query_length"]
    if len(query) > limit:
        raise HttpError(413, f"the query has {len(query)} characters; the `max_query_length` setting "
                             f"allows at most {limit}")
    if not query.strip():
        raise HttpError(400, "the query is empty")
    depth, most = nesting_depth(query), settings["max_query_nesting"]
    if depth > most:
        raise HttpError(400, f"the query nests brackets or prefix operators {depth} deep; the "
                             f"`max_query_nesting` setting allows at most {most}")
    keyword = update_keyword(query)
    if keyword is not None:
        raise HttpError(400, f"SPARQL Update ({keyword.text.upper()} at {_location(query, keyword.offset)}) "
                             "is refused: this endpoint is read-only and answers queries only")
    allowed: Sequence[str] = settings.get("service_allowlist") or ()
    for endpoint, token in service_endpoints(query):
        if endpoint is None:
            raise HttpError(400, f"SERVICE at {_location(query, token.offset)} must name its endpoint by "
                                 "an IRI in the `service_allowlist` setting")
        if endpoint not in allowed:
            listed = ", ".join(f"<{a}>" for a in allowed) or "none"
            raise HttpError(400, f"SERVICE <{endpoint}> is refused: it is not in the `service_allowlist` "
                                 f"setting (allowed: {listed}); this server never contacts a URL a client names")
