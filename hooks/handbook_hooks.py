"""MkDocs hooks for a handbook folder whose mkdocs.yml lists ``hooks:`` instead of ``plugins: [handbook]``.

A thin shim: it binds one fresh handbook plugin's methods; the work is done in the ``handbook`` package.
"""

from handbook.engine.plugin import bind_hooks

plugin = bind_hooks(globals())
