"""Full-text search: Swedish stems, phrases, filters, highlighting, paging, JSON and bad input."""

from __future__ import annotations

import pytest
import requests

from pressrum.search.query import highlight, parse
from pressrum.search.stemming import stem

RELEASE = "id/release/2020-02-04-lerum-deltar-i-svenskt-naringslivs-utvecklingsprogram"


def found(client, **args) -> dict:
    response = client.get("/search", query_string={**args, "format": "json"})
    assert response.status_code == 200, response.data
    return response.json


def test_inflected_forms_meet_on_one_stem():
    assert stem("företagsklimatet") == stem("företagsklimat")
    assert stem("kommunerna") == stem("kommuner")


def test_a_definite_form_finds_the_indefinite_one(client):
    answer = found(client, q="företagsklimatet")
    release = next(h for h in answer["hits"] if h["kind"] == "release")
    assert "<mark>företagsklimat</mark>" in release["snippet"]  # the body says "bra företagsklimat"
    assert release["href"].endswith(RELEASE)


def test_a_phrase_matches_words_in_order_only(client):
    assert found(client, q='"stärka företagsklimatet"')["total"] >= 1
    assert found(client, q='"företagsklimatet stärka"')["total"] == 0


def test_a_quotation_hit_links_to_the_quotation_and_names_its_speaker(client):
    hits = found(client, q="jätteglada")["hits"]
    quotation = next(h for h in hits if h["kind"] == "quotation")
    assert "/id/quotation/" in quotation["href"]
    assert quotation["speaker_name"] == "Rudolf Antoni"
    assert quotation["release"].endswith(RELEASE)


def test_filters_by_speaker_publisher_and_dates(client):
    antoni = "rudolf-antoni-svenskt-naringsliv-vastra-gotaland"
    assert {h["speaker_name"] for h in found(client, q="företagsklimat", speaker=antoni)["hits"]} == {"Rudolf Antoni"}
    assert found(client, q="företagsklimat", speaker="alexander-abenius")["total"] == 0
    assert found(client, q="företagsklimat", publisher="lerums-kommun")["total"] >= 1
    assert found(client, q="företagsklimat", publisher="nowhere")["total"] == 0
    assert found(client, q="företagsklimat", **{"from": "2020-02-04", "to": "2020-02-04"})["total"] >= 1
    assert found(client, q="företagsklimat", **{"from": "2021-01-01"})["total"] == 0


def test_snippets_escape_html_and_mark_the_words():
    marked = highlight("<b>Bra</b> företagsklimat & mer", parse("företagsklimatet")[1])
    assert str(marked) == "&lt;b&gt;Bra&lt;/b&gt; <mark>företagsklimat</mark> &amp; mer"


def test_the_html_page_shows_marked_snippets_and_the_form(client):
    page = client.get("/search?q=f%C3%B6retagsklimatet&lang=en")
    assert page.status_code == 200 and page.content_type.startswith("text/html")
    text = page.data.decode()
    assert "<mark>företagsklimat</mark>" in text and 'name="q"' in text and '<html lang="en"' in text


def test_json_by_accept(client):
    response = client.get("/search?q=Lerum", headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.is_json and response.json["total"] >= 1


def test_paging(client):
    assert found(client, q="Lerum", page="1")["page"] == 1
    assert found(client, q="Lerum", page="2")["hits"] == []


@pytest.mark.parametrize("args, status", [
    ({"q": "Lerum", "page": "-1"}, 400), ({"q": "Lerum", "page": "0"}, 400), ({"q": "Lerum", "page": "x"}, 400),
    ({"q": "x" * 10_000}, 413), ({"q": "", "format": "json"}, 400), ({"q": "Lerum", "from": "2020-13-01"}, 400),
    ({"q": "***", "format": "json"}, 400),
])
def test_bad_input_is_refused_with_a_message(client, args, status):
    response = client.get("/search", query_string=args)
    assert response.status_code == status
    assert response.data


def test_an_empty_query_gives_the_form_with_a_message(client):
    page = client.get("/search?q=&lang=en")
    assert page.status_code == 200 and "Type one or more words" in page.data.decode()


@pytest.mark.parametrize("q", ['"', '"Lerum', "Lerum*", "NEAR(Lerum kommun)", "(", ")", "Lerum OR", "AND",
                               "a:b", "^Lerum", "-Lerum", '"} ; DROP ALL #', "NOT Lerum", "'", "\x00"])
def test_fts_syntax_never_gives_a_server_error(client, q):
    assert client.get("/search", query_string={"q": q, "format": "json"}).status_code in (200, 400)


def test_the_index_is_rebuilt_for_a_new_content_hash(app, tmp_path):
    from pressrum.build.publication import publication_of
    from pressrum.search.index import ensure_index, index_path

    publication = publication_of(app)
    old = index_path(tmp_path, "old")
    old.write_bytes(b"")
    path = ensure_index(publication.store, tmp_path, publication.content_hash)
    assert path == index_path(tmp_path, publication.content_hash) and path.exists() and not old.exists()
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.slow
def test_search_on_the_production_server(live_server):
    response = requests.get(f"{live_server}search", params={"q": "företagsklimatet", "format": "json"}, timeout=30)
    assert response.status_code == 200 and response.json()["total"] >= 1
