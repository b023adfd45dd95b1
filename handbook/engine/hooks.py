"""A hook file for MkDocs (``hooks:`` in mkdocs.yml): binds a fresh handbook plugin's event methods.

MkDocs executes a hook file anew for every configuration it loads, so each
configuration (each build, each ``serve`` rebuild) gets its own plugin instance.
"""

from handbook.engine.plugin import bind_hooks

plugin = bind_hooks(globals())
