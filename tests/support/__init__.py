"""Helpers shared by the tests: where things are, fixture builders, scorers and browsers.

- :mod:`.paths`: the checkout, ``data/`` and the one root of test data, ``tests/fixtures``;
- :mod:`.words`: the "nothing lost" check (every word of a source cell is in some table);
- :mod:`.realistic`, :mod:`.readings`: the realistic plans and the expected-readings scorer;
- :mod:`.synthetic`, :mod:`.hostile`, :mod:`.office_files`: generated plans, hostile files and
  stable Office files;
- :mod:`.browser`: the report opened in Chromium.
"""
