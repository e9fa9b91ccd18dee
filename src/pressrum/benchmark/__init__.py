"""Room `benchmark`: a deterministic national corpus, a researcher query mix, and the runner behind `make bench`.

It measures the whole server, so it sits above the web room (it starts the production server of
pressrum.web.server) and below the command line (pressrum.cli.bench runs it).

May import: the shared tables, pressrum.text, pressrum.store, pressrum.build, pressrum.sparql, pressrum.web.
"""
