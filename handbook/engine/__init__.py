"""The site engine adapter: the only room that imports MkDocs. A port to another engine rewrites this folder."""
