"""Content: front matter, parsing, the disk cache, the loader, check, watching."""
