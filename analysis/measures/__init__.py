"""The measures: each a function from a :class:`analysis.text.Doc` to cues with evidence.

Tone (:mod:`.tone`), hedging (:mod:`.hedging`), human interest
(:mod:`.human_interest`), quotes and their speakers (:mod:`.quotes`,
:mod:`.sources`); their lexicons are the TSV files in ``lexicons/``.
"""
