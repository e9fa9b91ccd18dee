"""Room `sparql`: the SPARQL 1.1 Protocol query operation, read-only and bounded.

Request parsing (protocol), the query guard (no updates, no SERVICE, bounded size and nesting), one
query run here and capped (execute), the query runner that enforces the time limit in killable
processes (runner), the endpoint blueprint, the service description and the query page.

May import: the shared tables, pressrum.store, pressrum.build (the publication it serves).
"""
