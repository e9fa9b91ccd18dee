"""Every setting in one table: name, default, help; read from PRESSRUM_* variables."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The checkout this package was installed from in editable mode; falls back to the working dir.
_PROJECT_ROOT = Path(__file__).resolve().parents[2]
PROJECT_ROOT = _PROJECT_ROOT if (_PROJECT_ROOT / "pyproject.toml").exists() else Path.cwd()


@dataclass(frozen=True)
class Setting:
    """One setting: its name, default, parser and the help text the README repeats."""

    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str

    @property
    def env(self) -> str:
        """Return the environment variable that sets it."""
        return "PRESSRUM_" + self.name.upper()


def _path(value: str) -> Path:
    return Path(value).expanduser()


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def byte_size(value: str) -> int:
    """Return a size such as 4G, 512M or 1048576 in bytes (binary units)."""
    text = value.strip().upper().removesuffix("B").removesuffix("I")
    factor = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}.get(text[-1:], 1)
    number = text[:-1] if factor > 1 else text
    try:
        size = int(float(number) * factor)
    except ValueError:
        raise ValueError(f"not a size: {value!r} (write e.g. 4G, 512M or a number of bytes)") from None
    if size <= 0:
        raise ValueError(f"not a size: {value!r} (it must be more than zero)")
    return size


def _list(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(",") if item.strip())


SETTINGS: tuple[Setting, ...] = (
    Setting("base_uri", "http://localhost:8080/", "Base IRI of the dataset; entity IRIs are {base}id/{kind}/{slug}."),
    Setting("data_dir", PROJECT_ROOT / "data", "Folder with releases/ and enrichment/.", _path),
    Setting("ontology_dir", PROJECT_ROOT / "ontology", "Folder with the prog: ontology and the SKOS schemes.", _path),
    Setting("shapes_dir", PROJECT_ROOT / "shapes", "Folder with the SHACL shapes.", _path),
    Setting("build_dir", PROJECT_ROOT / "build", "Where dumps (and by default the on-disk store) are written.", _path),
    Setting("store", "memory",
            "Store: 'memory', a folder PATH (on-disk pyoxigraph), or sparql+http://host:port/path.", str),
    Setting("build", True, "Build and validate the dataset from data/ at start; off serves the store as it is.", _bool),
    Setting("load_memory", 4 << 30,
            "Peak memory `pressrum load` may use on an on-disk store, e.g. 4G; the corpus is loaded in chunks that "
            "fit it.", byte_size),
    Setting("cache", True,
            "`pressrum serve` puts Varnish (Debian's varnishd) in front of gunicorn on the public port, honouring "
            "Vary and ETag and emptied on every new dataset; off serves straight from gunicorn.", _bool),
    Setting("query_timeout", 10.0,
            "Seconds a SPARQL query may run before it is stopped (503); a request may lower it.", float),
    Setting("max_rows", 10000, "Most result rows (or triples) a SPARQL answer returns; truncation is stated.", int),
    Setting("max_query_length", 20000, "Most characters in a SPARQL query (longer: 413).", int),
    Setting("max_request_body", 65536, "Most bytes in a request body (larger: 413).", int),
    Setting("max_query_nesting", 64, "Deepest nesting of braces/parentheses/brackets in a query (deeper: 400).", int),
    Setting("service_allowlist", (),
            "Comma-separated SPARQL endpoints a query may name in SERVICE; empty refuses all.", _list),
    Setting("query_workers", 4, "Query processes per server worker; a query waits for a free one.", int),
    Setting("remote_timeout", 30.0, "Seconds to wait for a remote SPARQL store before answering 503.", float),
    Setting("page_size", 50, "Entities per page in HTML lists.", int),
    Setting("license", "https://creativecommons.org/licenses/by/4.0/",
            "Licence IRI stated in the dataset description.", str),
    Setting("publisher", "pressrum", "Publisher named in the dataset description.", str),
    Setting("harvest_contact", "https://w3id.org/pressrum/",
            "Contact URL named in the harvester's User-Agent (pressrum/VERSION (+URL)).", str),
    Setting("harvest_delay", 1.0, "Seconds between two requests to the same host when harvesting.", float),
    Setting("harvest_timeout", 20.0, "Seconds to wait for a newsroom to connect or send data.", float),
    Setting("harvest_max_bytes", 5_000_000, "Most bytes read of one harvested page or feed (streamed).", int),
    Setting("harvest_max_redirects", 5, "Most redirects followed for one harvested URL.", int),
    Setting("harvest_retries", 3, "Retries of a harvested URL answering 429, 500, 502, 503 or 504.", int),
    Setting("harvest_max_retry_after", 60.0,
            "Longest wait in seconds for a Retry-After or a robots.txt Crawl-delay.", float),
    Setting("harvest_sources", PROJECT_ROOT / "data" / "sources.toml",
            "The newsrooms `pressrum harvest --all` harvests.", _path),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def load_settings(overrides: Mapping[str, Any] | None = None,
                  environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Return every setting: defaults, then PRESSRUM_* variables, then explicit overrides."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        value = setting.default
        if setting.env in environ:
            value = setting.parse(environ[setting.env])
        values[setting.name] = value
    for name, value in (overrides or {}).items():
        if name not in _BY_NAME:
            raise KeyError(f"unknown setting {name!r}")
        if value is not None:
            values[name] = _BY_NAME[name].parse(value) if isinstance(value, str) else value
    return values


def settings_table_markdown() -> str:
    """Return the settings as the Markdown table the README carries."""
    rows = ["| Setting | Environment | Default | Meaning |", "| --- | --- | --- | --- |"]
    for s in SETTINGS:
        default = s.default
        if isinstance(default, Path):
            default = default.relative_to(PROJECT_ROOT) if default.is_relative_to(PROJECT_ROOT) else default
        if isinstance(default, tuple):
            default = ",".join(default)
        if s.parse is byte_size:
            default = f"{default >> 30}G"
        rows.append(f"| `{s.name}` | `{s.env}` | `{default}` | {s.help} |")
    return "\n".join(rows)
