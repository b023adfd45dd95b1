"""The website: Model → page sources, their URLs, the change log, the search index and the page policy.

Plain Python; the site engine (``handbook.engine``) only hands these pages to MkDocs.
"""
