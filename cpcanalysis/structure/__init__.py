"""Structure: from raw rows to recommendations and actions.

- :mod:`roles` finds the header row and what each column is for (synonyms are package data);
- :mod:`numbering` reads recommendation labels, stems with parts, and merged recommendations;
- :mod:`lists` splits cells that hold several items (bullets, sentences, run-together names);
- :mod:`assemble` walks a document's rows and builds the canonical records.
"""
