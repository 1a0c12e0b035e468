"""What a reader sees: cues marked in HTML (:mod:`.highlighting`), figures
(:mod:`.plots`), the colour-blind-safe colours both use (:mod:`.palette`) and
corpus values made safe for Markdown (:mod:`.escape`)."""
