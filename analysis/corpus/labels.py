"""The words a corpus's metadata may hold for its labels, shared by the loader and the
genre proposal (which the loader applies when asked, so it cannot import the loader)."""

#: A fact not given: a blank or missing metadata value.
UNKNOWN = "unknown"
#: The genre labels the suite compares; ``unknown`` for texts not yet labelled.
GENRES = ("wire", "colour", "opinion", UNKNOWN)
