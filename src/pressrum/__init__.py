"""pressrum: Swedish municipal press releases published as Linked Open Data.

The package is one room per stage of the flow (docs/architecture.md): the shared tables at the top
level (settings, namespaces, formats, conneg, languages, jsonld, http_errors), then text, store,
build, sparql, web, benchmark and cli, each importing only the rooms below it. The app factory is
pressrum.web.app.create_app; the command line is pressrum.cli.main.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
