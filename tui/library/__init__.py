"""Content: markdown files in, one immutable Library out; no Textual.

- layout: which files of a content folder are content, and the scan that lists them
- frontmatter, yaml_fast, yaml_values: safe front matter (limits, strict YAML values)
- sanitize: control, escape and invisible characters removed from everything read
- fields, markdown_body, parse: one file's fields and sections checked into a model item
- crossfile: the checks across files (ids, references, overrides) that build the Library
- cache: parse results on disk, keyed by each file's stat, for fast later starts
- loader: ContentIndex, the incremental engine (load, apply_changes)
- watching: what a batch of file changes means, and the watch loop
- check: `caseroom check`; authoring: a new prompt's template and which editor to run
"""
