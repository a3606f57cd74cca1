"""What the report shows, built from frames: no notebook, no files.

:func:`.context.prepare` loads and measures once; :mod:`.sections` turns the context into what
each cell of the report notebook displays, from the frames of :mod:`.summaries`, the escaped
fragments of :mod:`.html` and the figures of :mod:`.figures`.
"""
