"""The pure data layer: decoding, reader mode, corpus loading. Never imports Textual or rich."""
