"""Site integration for the guide: Markdown extensions and MkDocs hooks.

Build-time only (it imports Markdown and PyYAML); the model itself lives in `transmitter_cycle`.
"""
