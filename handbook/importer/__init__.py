"""``handbook import``: a municipality's CMS plan and delplan pages (copied text or saved HTML) → ``data/``.

The room reads the data layer and the checks' report, and nothing above them;
the CLI calls :func:`handbook.importer.run.import_pages`. From the bottom up:
``notes`` (the report's lines), ``words`` (slugs, sentences, page chrome),
``page`` + ``textpage`` + ``htmlpage`` (a file → blocks of text with their
lines), ``numbers`` (contact lines and phone numbers, via ``phonenumbers``),
``book`` (contacts.yaml: reuse by number, new people, services, roles, groups,
references), ``roles`` (``who:`` tags from role titles and plurals),
``sections`` + ``plan`` + ``delplan`` (blocks → plan and delplan data),
``merge`` (an updated page into an existing file, keeping the editor's work),
``yamlwrite`` (ruamel.yaml: new files, entries added without touching the
rest), and ``run`` (staging, verifying, writing, the report).
"""
