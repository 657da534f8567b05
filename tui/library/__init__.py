"""Content: front matter, parsing, the disk cache, the loader, check, watching, authoring
(a new prompt from the template; which editor to write it in)."""
