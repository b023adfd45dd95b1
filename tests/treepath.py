"""Reach into parsed YAML by a path of keys and indexes: for tests that poison one field at a time."""

from __future__ import annotations


def set_at(tree, path, value):
    """Set the value at ``path`` (keys and list indexes) inside ``tree``."""
    for part in path[:-1]:
        tree = tree[part]
    tree[path[-1]] = value


def get_at(tree, path):
    """The value at ``path`` (keys and list indexes) inside ``tree``."""
    for part in path:
        tree = tree[part]
    return tree
