"""Room `build`: the dataset from the files, validated before it is ever published.

Ingest (pressrum.text) + curated facts + enrichment + ontology → one named graph each, with
provenance and evidence; SHACL validation (pyshacl); the dumps; and the publication, which builds,
validates and only then swaps the new dataset into the store.

May import: the shared tables, pressrum.text, pressrum.store (and pressrum.harvest, pressrum.search
when they land).
"""
