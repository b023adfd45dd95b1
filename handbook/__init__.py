"""Offline-first contingency handbook: plan and contact data → a searchable Danish website and printable PDFs.

The rooms, from the bottom up (nothing imports a room above its own;
``tests/unit/test_architecture.py`` checks it): ``data`` (YAML → validated
Model), ``checks`` (the editor's warnings), ``importer`` (CMS pages → data/),
``site`` (pages, URLs, change log, search index), ``outputs`` (vCard, CSV, wallet card), ``pdf``, ``offline``
(service worker, bundle), ``steps``, ``engine`` (the MkDocs plugin — the only
room that imports MkDocs), ``publish``, ``pipeline`` and ``cli``.
"""
