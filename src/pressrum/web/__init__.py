"""Room `web`: the Flask app and every URL family but /sparql.

The app factory, error handlers, negotiated representations (representation), entity documents and
their labels, the dataset description, the linked-data and page blueprints, the HTML renderings,
templates/ and static/, and the production HTTP server (server).

May import: the shared tables, pressrum.text, pressrum.store, pressrum.build, pressrum.sparql.
"""
