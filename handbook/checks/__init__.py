"""The editor's warnings: what is valid data but goes wrong in a crisis. Reads the Model, writes nothing."""
