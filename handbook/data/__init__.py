"""The data layer: YAML files → one validated Model, with every problem located by file and line.

Nothing here knows about pages, PDFs or MkDocs; every other room reads the Model.
"""
