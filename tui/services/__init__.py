"""Use cases the screens call; each function takes the `Store` first and is handed to the
App as a job (`caseroom.db(functools.partial(history.page, query=q), then)`).

- gate: StoreGate, the one way into the database (jobs from screens and writer threads)
- drafts: start, autosave, submit and abandon an answer; the drafts offered back
- reviews: save a review and rebuild the prompt's spaced-repetition schedule
- replies: pushback replies, one row each (ReplyWriter, on the autosave thread)
- rounds: start, advance, resume, finish and end a mock round's run
- history: pages of past attempts, their count, every match, one attempt or two
- stats: what the stats view draws from
- progress: attempts per track and prompt, drafts waiting, today's next-up suggestions
- export: attempts as Markdown and JSON (`caseroom export`, and into ~/caseroom-exports)
- rescue: a copy of an answer the store could not save
- settings: config.toml and state.json on disk; clipboard: a local clipboard tool

Plain Python: no Textual, no Rich; the store (sqlmodel) is imported only when the gate
opens it, elsewhere only for type checking.
"""
