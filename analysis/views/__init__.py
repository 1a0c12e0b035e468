"""What a reader sees: cues marked in HTML (:mod:`.highlighting`), figures
(:mod:`.plots`) and the colour-blind-safe colours both use (:mod:`.palette`)."""
