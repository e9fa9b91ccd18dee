"""Resolve `säger hon` / `menar han` to the person last named who fits."""

from __future__ import annotations

from pressrum.text.people import Speaker


def _names(text: str) -> frozenset[str]:
    """Return the set of the whitespace-separated names in a text."""
    return frozenset(text.split())


# Common Swedish given names by gender, for pronoun agreement only. A name in neither list
# fits either pronoun; the person last named who fits is taken (issue 10).
FEMALE = _names("""
Anna Eva Maria Karin Kristina Lena Sara Emma Kerstin Ingrid Marie Malin Elisabeth Birgitta Jenny
Annika Hanna Linda Susanne Monica Ulla Johanna Helena Camilla Sofia Elin Ida Carina Åsa Cecilia
Marianne Therese Louise Julia Lisa Jessica Frida Caroline Josefin Matilda Agneta Gunilla Anneli
Madeleine Katarina Ulrika Annette Lotta Pia Petra Sandra Sofie Ebba Amanda Charlotte Emelie Ylva
Helen Helene Jeanette Ann Anne Britt Inger Gun Margareta Marita Mia Lina Linnea Klara Tove Moa
Alice Maja Elsa Ellen Wilma Alva Agnes Nora Stina Veronica Veronika Yvonne Sanna Tina Annelie
Anette Angelica Jennie Rebecka Emilia Lovisa Liselott Maud Ewa Kicki Ronja Isabelle Elisabet
""")
MALE = _names("""
Lars Anders Johan Per Erik Karl Peter Jan Mikael Thomas Hans Bengt Fredrik Daniel Stefan Mats Magnus
Jonas Martin Andreas Niklas Patrik Christer Björn Henrik Ulf Leif Mattias Joakim Oskar Oscar Gustav
Alexander Rudolf Harry Olle Ola Nils Sven Göran Gunnar Kent Roger Tommy Robert Marcus Markus Jonathan
Viktor Simon Emil Axel Anton Filip Hugo Elias William Lucas Adam David Jakob Jacob Tobias Sebastian
Kristoffer Christoffer Rickard Richard Claes Åke Bo Rolf Kjell Torbjörn Lennart Ingvar Ove Kenneth
Håkan Pontus Linus Ludvig Jesper Jimmy Johnny Conny Roland Sten Anton Arne Bertil Stig Lasse Janne
Tomas Tommi Jörgen Jörg Urban Dan Dennis Kim Christian Kristian Carl Pär Tord Rune Hasse Ivar
""")


def fits(pronoun: str, speaker: Speaker) -> bool:
    """Return whether a pronoun agrees with a person's given name (unknown names fit both)."""
    given = speaker.name.split()[0].split("-")[0]
    if pronoun == "hon":
        return given not in MALE
    if pronoun == "han":
        return given not in FEMALE
    return True


def resolve(pronoun: str, known: list[Speaker]) -> Speaker | None:
    """Return the person last named who fits the pronoun, or None (never a guess)."""
    return next((k for k in reversed(known) if fits(pronoun, k)), None)
