"""Platform exports brought in: reading CSV/xlsx, the mapping of their columns and status words,
and each row turned into case changes. No Textual and no writes: the import use case
(services/importing.py) writes through the store."""
